"""Time the extractor on hostile strings (measurement only; nothing is asserted here).

Why a script and not a timed test: wall-clock limits in tests are flaky on a busy CI runner,
while a regression from linear to quadratic or exponential time shows up here as seconds instead
of milliseconds. ``tests/reliability/test_redos.py`` runs the same cases (shared through
:func:`adversarial_cases`) under a generous guard, so a hang still fails the suite.

    .venv/bin/python bench/adversarial.py [--scale 1.0] [--only NAME]

Prints one line per case: its name, its size, the number of claims and the seconds it took.
Exits 1 when any case takes longer than ``--budget`` seconds (default 1.0), so it can gate
``make fuzz`` if wanted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from tracker.extract.claims import extract_claims
from tracker.model import Article
from tracker.rules import load_rules

MB = 1024 * 1024


def adversarial_cases(scale: float = 1.0) -> dict[str, str]:
    """Hostile texts by name, sized by ``scale`` (1.0 = the sizes the reliability issue names).

    Each case aims at one way a pattern or a scan could go superlinear: long separator runs for
    the digit and token patterns, long runs of words each rule looks up (number words,
    qualifiers, vague plurals, capitalised names for attribution), and sentences without an end
    for the sentence splitter and every window that looks left or right of a number.
    """
    mb = max(int(MB * scale), 64)
    sentence = max(int(100_000 * scale), 64)

    def fill(unit: str, size: int = mb) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    cases: dict[str, str] = {
        "digit run with commas (1,1,1,...)": fill("1,"),
        "digit run with dots (1.1.1...)": fill("1."),
        "digit groups with spaces (1,000 1,000 ...)": fill("1,000 "),
        "digits with hyphens (1-1-1...)": fill("1-"),
        "long digit string": fill("9"),
        "number words (one two three ...)": fill("one two three forty-one hundred thousand million "),
        "hyphenated number words": fill("twenty-"),
        "qualifiers in a row": fill("at least more than nearly up to about some over "),
        "qualifiers then a figure": fill("at least ", mb // 4) + "5 people were killed.",
        "vague plurals in a row": fill("hundreds of thousands of ", mb // 4),
        "metric words in a row": fill("killed wounded injured displaced dead ", mb // 4),
        "figures and metric words": fill("5 killed, ", mb // 4),
        "capitalised names (attribution)": fill("Health Ministry Official Said ", mb // 4),
        "according to chain": fill("according to the ", mb // 4) + "ministry, 5 were killed.",
        "speech verbs (said said ...)": fill("said ", mb // 4),
        "dates in a row": fill("Oct. 8 since Monday as of 8 October 2024 ", mb // 4),
        "sentence of 100,000 chars without a full stop": fill("and 12 people were killed in the ", sentence),
        "sentence of 100,000 chars, no spaces": fill("abc", sentence),
        "full stops only": fill(". ", mb // 4),
        "abbreviations (U.S. Oct. Gen.)": fill("U.S. Oct. Gen. No. 5 ", mb // 4),
        "quotes and brackets": fill("\"(“[«", mb // 4),
        "apostrophes between letters": fill("a'", mb),
        "newlines only": fill("\n", mb),
        "one char per line with digits": fill("1\n", mb // 4),
        "unicode digits and letters": fill("١٢٣،٤٥٦ ", mb // 4),
    }
    return cases


def time_case(text: str, article_id: str = "adversarial") -> tuple[int, float]:
    """Extract ``text`` as one article; returns (claims, seconds)."""
    rules = load_rules()
    started = time.perf_counter()
    claims = extract_claims(Article(article_id=article_id, body=text), rules)
    return len(claims), time.perf_counter() - started


def main(argv: list[str] | None = None, echo: Callable[[str], None] = print) -> int:
    """Run every case and print a table; exit 1 if any case exceeds the budget."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size factor (1.0 = 1 MiB cases)")
    parser.add_argument("--budget", type=float, default=1.0, help="seconds a case may take")
    parser.add_argument("--only", default=None, help="run the cases whose name contains this")
    args = parser.parse_args(argv)
    load_rules()  # loading is not part of any case's time
    slow: list[str] = []
    for name, text in adversarial_cases(args.scale).items():
        if args.only and args.only not in name:
            continue
        n, seconds = time_case(text)
        flag = "  SLOW" if seconds > args.budget else ""
        echo(f"{seconds:8.3f}s  {len(text):>9,} chars  {n:>6} claims  {name}{flag}")
        if seconds > args.budget:
            slow.append(name)
    if slow:
        echo(f"{len(slow)} case(s) over {args.budget}s: {', '.join(slow)}")
        return 1
    echo(f"all cases under {args.budget}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
