"""The two references `make bench` compares `tracker extract` with, run on the same JSONL shards.

* ``bare``: reads every article and finds its number tokens with one compiled regex, nothing
  else. No extractor that reads every character can be faster, so it is the floor.
* ``quantulum``: quantulum3 (what a Python user would reach for to pull quantities from text)
  on each article, then a nearest-keyword rule: a dimensionless quantity becomes a claim when a
  metric keyword stands within ``KEYWORD_WINDOW`` characters of it in the same sentence.

Both read the shards the way a minimal pipeline would (line by line, ``json.loads``) and print one
JSON line: articles, bytes of article text, claims, seconds. Run as separate processes by
bench/run_bench.py so that each one's peak memory is its own.

    .venv/bin/python bench/refs.py bare CORPUS_DIR
    .venv/bin/python bench/refs.py quantulum CORPUS_DIR [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

# Digits with thousands separators or decimals, or a number word: what a figure can start with.
NUMBER = re.compile(
    r"\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?"
    r"|thousands?|millions?)\b",
    re.IGNORECASE,
)
KEYWORDS = {
    "killed": "killed", "dead": "killed", "deaths": "killed", "died": "killed", "death": "killed",
    "injured": "injured", "wounded": "injured", "hurt": "injured", "casualties": "casualties",
    "displaced": "displaced", "evacuated": "displaced", "fled": "displaced", "homeless": "displaced",
    "rockets": "projectiles", "missiles": "projectiles", "drones": "projectiles",
    "detained": "detained", "arrested": "detained", "abducted": "abducted", "kidnapped": "abducted",
    "missing": "missing",
}
KEYWORD = re.compile(r"\b(?:" + "|".join(KEYWORDS) + r")\b", re.IGNORECASE)
KEYWORD_WINDOW = 60
STOP = re.compile(r"[.!?]\s|\n")


def texts(corpus: Path, limit: int | None = None) -> Iterator[str]:
    """Article texts of every ``*.jsonl`` shard in name order (what tracker reads from them)."""
    n = 0
    for shard in sorted(corpus.glob("*.jsonl")):
        with shard.open(encoding="utf-8") as fh:
            for line in fh:
                if limit is not None and n >= limit:
                    return
                text = json.loads(line).get("text")
                if isinstance(text, str):
                    n += 1
                    yield text


def bare(text: str) -> int:
    """Number tokens in the text: the floor."""
    return sum(1 for _ in NUMBER.finditer(text))


def quantulum_claims() -> Callable[[str], int]:
    """Claims found by quantulum3 plus the nearest-keyword rule (the parser is loaded once).

    Used as a user would: ``parser.parse`` on the whole article, then each dimensionless quantity
    is a claim when a metric keyword stands within ``KEYWORD_WINDOW`` characters of it with no
    sentence end in between. (Parsing only sentences that hold a keyword would be ~2x faster; we
    keep the plain usage, which is what the comparison is about.)
    """
    warnings.filterwarnings("ignore")  # "classifier dependencies not installed": we use the default
    from quantulum3 import parser

    def claims(text: str) -> int:
        keys = [(m.start(), m.end()) for m in KEYWORD.finditer(text)]
        found = 0
        for q in parser.parse(text):
            if q.unit.name != "dimensionless" or not keys:
                continue
            start, end = q.span
            best = min(keys, key=lambda k: min(abs(k[0] - end), abs(start - k[1])))
            lo, hi = min(best[0], start), max(best[1], end)
            if hi - lo - (end - start) - (best[1] - best[0]) <= KEYWORD_WINDOW and not STOP.search(text, lo, hi):
                found += 1
        return found

    return claims


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["bare", "quantulum"])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, help="read only the first N articles")
    args = ap.parse_args()
    t0 = time.perf_counter()
    fn = bare if args.kind == "bare" else quantulum_claims()
    articles = nbytes = claims = 0
    for text in texts(args.corpus, args.limit):
        articles += 1
        nbytes += len(text.encode("utf-8"))
        claims += fn(text)
    json.dump({"articles": articles, "bytes": nbytes, "claims": claims, "seconds": time.perf_counter() - t0},
              sys.stdout)
    print()


if __name__ == "__main__":
    main()
