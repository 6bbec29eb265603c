"""Build a benchmark corpus of any size from the sample articles, as JSON Lines shards.

Why JSONL shards: a news crawl arrives as a few large files (WET/JSONL), not millions of small
ones, and this is the layout `tracker extract` and the Dask engine are meant to stream. Why vary
the copies: if copy 7 were byte-identical to copy 1, a cache (of sentences, of regex results, of
parsed numbers) could answer from memory and the benchmark would measure the cache. Every copy
gets its own id and date, and every figure of two or more digits that is not a year is shifted
by a per-copy amount, so no two copies share a sentence with a figure in it.

    .venv/bin/python bench/corpus.py --scale 10 --out /tmp/corpus10
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

from tracker.ingest import iter_articles
from tracker.model import Article

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "raw"
SHARD_ARTICLES = 1000

# A whole number as news writes it: "125,000", "2350", "1.2" (the "1" and "2" are left alone by
# the size rule below). Linear: one bounded repetition of a literal group.
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,]\d)|(?<![\w.,])\d+(?![\w]|[.,]\d)")


def _shift_figures(text: str, copy: int) -> str:
    """Shift figures >= 32 that are not years by a per-copy amount (days of month and years stay)."""
    if copy == 0:
        return text
    delta = copy % 97 + 1

    def shift(m: re.Match[str]) -> str:
        raw = m.group(0)
        value = int(raw.replace(",", ""))
        if value < 32 or (len(raw) == 4 and 1900 <= value <= 2100):
            return raw
        new = value + delta
        return f"{new:,}" if "," in raw else str(new)

    return _NUMBER.sub(shift, text)


def sample_articles(sample: Path = SAMPLE) -> list[Article]:
    """The sample corpus read by tracker's own ingest (so front matter is parsed the same way)."""
    return [a for a in iter_articles([sample]) if isinstance(a, Article)]


def corpus_rows(scale: int, sample: Path = SAMPLE) -> Iterator[dict[str, object]]:
    """``scale`` varied copies of every sample article, as JSONL records (id, date, text...)."""
    articles = sample_articles(sample)
    for copy in range(scale):
        for a in articles:
            published = a.published + dt.timedelta(days=copy % 365) if a.published is not None else None
            yield {
                "id": f"{a.article_id}-c{copy:05d}",
                "title": _shift_figures(a.title, copy) if a.title else None,
                "outlet": a.outlet,
                "published": published.isoformat() if published is not None else None,
                "url": f"{a.url}?copy={copy}" if a.url else None,
                "text": _shift_figures(a.body, copy),
            }


def build_corpus(out: Path, scale: int, shard_articles: int = SHARD_ARTICLES, sample: Path = SAMPLE) -> Path:
    """Write the corpus as ``out/shard-NNNNN.jsonl`` files and return ``out``.

    Reuses an existing corpus of the same scale (a ``.scale`` marker) so repeated runs of the
    benchmark do not pay for building it again.
    """
    marker = out / ".scale"
    if marker.exists() and marker.read_text() == f"{scale} {shard_articles}":
        return out
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("shard-*.jsonl"):
        old.unlink()
    rows = corpus_rows(scale, sample)
    shard = 0
    while True:
        chunk = list(itertools.islice(rows, shard_articles))
        if not chunk:
            break
        with (out / f"shard-{shard:05d}.jsonl").open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in chunk)
        shard += 1
    marker.write_text(f"{scale} {shard_articles}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=10, help="copies of the sample corpus (63 articles each)")
    ap.add_argument("--out", type=Path, required=True, help="folder for the JSONL shards")
    ap.add_argument("--shard-articles", type=int, default=SHARD_ARTICLES)
    args = ap.parse_args()
    print(build_corpus(args.out, args.scale, args.shard_articles))


if __name__ == "__main__":
    main()
