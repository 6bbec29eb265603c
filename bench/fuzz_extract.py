"""Fuzz target for the claim extractor: random and adversarial text in, invariants checked.

Why hypothesis and not atheris: hypothesis is already a dev dependency, runs on every Python the
project supports, and its strategies can speak the extractor's language (the rule files' own
words, glued with digits and punctuation), which reaches the deep rules far sooner than random
bytes do. ``tests/reliability/test_fuzz_props.py`` runs the same property with a small budget
on every test run; this script runs it with a large one:

    .venv/bin/python bench/fuzz_extract.py [--examples 20000] [--seed N] [--slowest 5]
    make fuzz                                   # the same, FUZZ_EXAMPLES=... to change the budget

For each input it checks what the spec promises of every claims table: extraction raises
nothing, every claim passes the claims schema and the span invariant
(``body[char_start:char_end] == quote``), and the same text gives the same claims twice
(``claim_id`` included). At the end it prints how many inputs were tried, what failed (the
shrunk input, as a Python literal), and the slowest inputs (the extractor's time per input,
for spotting superlinear cases; nothing is asserted on time).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
import time
import traceback
import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from tracker.extract.claims import extract_claims
from tracker.model import Article
from tracker.rules import Rules, load_rules
from tracker.validate import claims_frame, validate_claims

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"

#: Glue between words: spaces, the punctuation the tokenizer joins on, sentence ends, newlines.
SEPARATORS = (" ", " ", " ", ", ", ". ", "\n", "\n\n", "-", "–", "'", "’", ",", ".", ":", "/", "; ", "\t",
              " (", ") ", " \"", "\" ", "“", "”", "!", "? ", "+", "%", "$", "\u00a0", "\u200b")

#: Hand-picked pieces the rule files do not hold: digit shapes, dates, names, odd characters.
EXTRA_WORDS = (
    "0", "1", "12", "41", "2,350", "1,1,1", "1.2", "8,800.5", "10,000,000", "1,00", "1e5", "007", "½", "²",
    "١٢٣", "٣", "50-plus", "50+", "100-300", "1.2m", "3bn", "10k", "2023", "1999", "24", "Oct.", "8",
    "Monday", "yesterday", "U.S.", "U.N.", "Gen.", "Lebanon", "Gaza", "Israeli", "Hezbollah", "Axios",
    "citing", "according", "to", "the", "said", "ministry", "health", "A", "I", "é", "ß", "İ", "ﬁ",
    "\u0301", "🙂", "\ufeff", "\r", "\x0b", "\u2028", "\u2029", "\x85",
)


def _strings(value: Any) -> Iterator[str]:
    """Every word or phrase held in a rules field (strings, phrase tuples, mapping keys...)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
        yield " ".join(value)  # a tokenised phrase
    elif isinstance(value, dict | tuple | list | frozenset | set) or hasattr(value, "items"):
        items: Iterable[Any] = value.keys() if hasattr(value, "keys") else value
        for item in items:
            yield from _strings(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))


@lru_cache(maxsize=1)
def vocabulary() -> tuple[str, ...]:
    """The extractor's own words (from the loaded rules, so new rules are fuzzed too) plus extras."""
    rules = load_rules()
    words: set[str] = set(EXTRA_WORDS)
    for f in dataclasses.fields(rules):
        words.update(w for w in _strings(getattr(rules, f.name)) if w.strip())
    return tuple(sorted(words))


@lru_cache(maxsize=1)
def sample_bodies() -> tuple[str, ...]:
    """Bodies of the sample corpus (front matter dropped), seeds for the mutation strategy."""
    bodies = []
    for path in sorted(RAW.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            text = text[end + 5:] if end != -1 else text
        bodies.append(text)
    return tuple(bodies) or ("At least 12 people were killed on Monday, the ministry said.",)


def word_soup(max_words: int = 80) -> st.SearchStrategy[str]:
    """Rule words and digit shapes glued by random separators: grammar-shaped nonsense."""
    piece = st.tuples(st.sampled_from(vocabulary()), st.sampled_from(SEPARATORS)).map("".join)
    return st.lists(piece, max_size=max_words).map("".join)


def repeated_runs() -> st.SearchStrategy[str]:
    """One rule word or shape repeated many times: the runs that make patterns backtrack."""
    unit = st.tuples(st.sampled_from(vocabulary()), st.sampled_from(SEPARATORS)).map("".join)
    return st.builds(lambda u, n, tail: u * n + tail, unit, st.integers(1, 400), word_soup(6))


def mutated_articles() -> st.SearchStrategy[str]:
    """A real sample article with a slice cut out and random soup spliced in."""

    def mutate(body: str, cut: tuple[float, float], insert: str) -> str:
        a, b = sorted(int(x * len(body)) for x in cut)
        return body[:a] + insert + body[b:]

    fraction = st.floats(0, 1)
    return st.builds(mutate, st.sampled_from(sample_bodies()), st.tuples(fraction, fraction),
                     st.one_of(word_soup(10), st.text(max_size=20)))


def article_texts() -> st.SearchStrategy[str]:
    """Everything the fuzzer feeds in: random unicode, rule-word soup, long runs, mutated articles."""
    return st.one_of(st.text(max_size=300), word_soup(), repeated_runs(), mutated_articles())


published_dates = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))


class InvariantError(AssertionError):
    """A claim broke the claims contract; ``kind`` names the rule, the message adds the detail."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


def check_extraction(body: str, published: dt.date | None, rules: Rules | None = None) -> tuple[int, float]:
    """Extract ``body`` twice and check the contract; returns (claims, seconds of one extraction).

    Only the extraction is timed (not the validation, which costs the same for every input), so
    the slowest inputs are the extractor's. Raises whatever the extractor raises, or
    InvariantError naming the broken rule.
    """
    rules = rules or load_rules()
    article = Article(article_id="fuzz", body=body, published=published)
    started = time.perf_counter()
    claims = extract_claims(article, rules)
    seconds = time.perf_counter() - started
    rows = [c.row() for c in claims]
    for row in rows:
        if body[row["char_start"]:row["char_end"]] != row["quote"]:
            raise InvariantError("span invariant broken",
                                 f"{row['quote']!r} at [{row['char_start']}:{row['char_end']}]")
    _, rejects = validate_claims(claims_frame(rows), {"fuzz": body})
    if rejects.height:
        reasons = sorted(set(rejects.get_column("reason").to_list()))
        raise InvariantError(f"claims schema: {'; '.join(reasons)}", f"{rejects.height} claim(s)")
    again = [c.row() for c in extract_claims(article, rules)]
    if again != rows:
        raise InvariantError("the same text gave different claims on a second run")
    return len(rows), seconds


@dataclasses.dataclass
class Finding:
    """One kind of failure: how often it was hit and the shortest input that hit it."""

    kind: str
    hits: int
    body: str
    published: dt.date | None


@dataclasses.dataclass
class FuzzStats:
    """What a fuzz run saw: inputs, claims, findings by kind, and the slowest inputs."""

    inputs: int = 0
    claims: int = 0
    findings: dict[str, Finding] = dataclasses.field(default_factory=dict)
    slowest: list[tuple[float, str]] = dataclasses.field(default_factory=list)
    keep: int = 5

    def record(self, seconds: float, text: str, n: int) -> None:
        self.inputs += 1
        self.claims += n
        self.slowest.append((seconds, text))
        self.slowest.sort(key=lambda item: -item[0])
        del self.slowest[self.keep:]

    def found(self, kind: str, body: str, published: dt.date | None) -> None:
        """Count a failure; keep the shortest input of its kind (a cheap stand-in for shrinking)."""
        seen = self.findings.get(kind)
        if seen is None:
            self.findings[kind] = Finding(kind, 1, body, published)
            return
        seen.hits += 1
        if len(body) < len(seen.body):
            seen.body, seen.published = body, published


def failure_kind(error: BaseException) -> str:
    """A stable name for a failure: the broken rule, or the exception type and where it was raised."""
    if isinstance(error, InvariantError):
        return error.kind
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(error).__name__} at {where}"


def run_fuzz(examples: int, fuzz_seed: int | None = None, keep: int = 5) -> FuzzStats:
    """Run ``examples`` hypothesis examples, recording failures by kind instead of stopping.

    Why not let hypothesis stop and shrink: a long run should report every kind of failure it
    meets, not only the first; the shortest input per kind is kept instead.
    """
    rules = load_rules()
    check_extraction("At least 5 people were killed on Monday.", None, rules)  # warm caches: not timed
    stats = FuzzStats(keep=keep)

    @settings(max_examples=examples, deadline=None, database=None, phases=(Phase.generate,),
              suppress_health_check=list(HealthCheck))
    @given(body=article_texts(), published=published_dates)
    def prop(body: str, published: dt.date | None) -> None:
        started = time.perf_counter()
        try:
            n, seconds = check_extraction(body, published, rules)
        except Exception as error:  # a finding to report, not a reason to stop
            stats.found(failure_kind(error), body, published)
            n, seconds = 0, time.perf_counter() - started
        stats.record(seconds, body, n)

    if fuzz_seed is not None:
        prop = seed(fuzz_seed)(prop)
    prop()
    return stats


def main(argv: list[str] | None = None) -> int:
    """Command line: run the fuzzer and print a report; exit 1 if an invariant broke."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20_000, help="hypothesis examples to try")
    parser.add_argument("--seed", type=int, default=None, help="fix hypothesis' seed (default: random)")
    parser.add_argument("--slowest", type=int, default=5, help="how many of the slowest inputs to show")
    parser.add_argument("--save", type=Path, default=None,
                        help="write the findings' and the slowest inputs in full to this JSON file")
    args = parser.parse_args(argv)
    # a long generated input is reported by its length, never printed whole
    warnings.filterwarnings("ignore", message="Generating overly large repr")
    started = time.perf_counter()
    stats = run_fuzz(args.examples, args.seed, args.slowest)
    elapsed = time.perf_counter() - started
    print(f"fuzz_extract: {stats.inputs} inputs tried in {elapsed:.0f}s "
          f"({len(vocabulary())} rule words), {stats.claims} claims checked")
    for seconds, text in stats.slowest:
        shown = text if len(text) <= 120 else f"{text[:60]!r}...({len(text)} chars)"
        print(f"  slow: {seconds * 1000:8.1f} ms  {shown!r}")
    if args.save is not None:
        args.save.write_text(json.dumps({
            "inputs": stats.inputs,
            "findings": [{"kind": f.kind, "hits": f.hits, "body": f.body,
                          "published": f.published.isoformat() if f.published else None}
                         for f in stats.findings.values()],
            "slowest": [{"seconds": round(sec, 4), "body": text} for sec, text in stats.slowest],
        }, ensure_ascii=False, indent=1), encoding="utf-8")
    if not stats.findings:
        print("fuzz_extract: no failures")
        return 0
    print(f"fuzz_extract: {len(stats.findings)} kind(s) of failure", file=sys.stderr)
    for finding in sorted(stats.findings.values(), key=lambda f: -f.hits):
        print(f"- {finding.kind} ({finding.hits} inputs); shortest: body={finding.body!r}, "
              f"published={finding.published!r}", file=sys.stderr)
    return 1

if __name__ == "__main__":
    sys.exit(main())
