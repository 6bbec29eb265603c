"""No catastrophic backtracking: every pattern and the whole extractor survive hostile text.

The guards here catch hangs, not slowness: each case runs under a generous alarm (a pattern that
backtracks exponentially never finishes, so any limit finds it), and the speed itself is measured
by ``bench/adversarial.py``. The xfail tests record the cases the extractor is still slow on
(linear, but not "well under a second" per MiB); each becomes a plain test once tuning makes it pass.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from adversarial import adversarial_cases

import tracker
from tracker.extract.claims import extract_claims
from tracker.model import Article
from tracker.rules import load_rules

#: Seconds a guarded case may take before it counts as a hang. The slowest adversarial case takes
#: a few seconds on a busy two-core runner at the size used here; a backtracking pattern takes
#: hours.
HANG_SECONDS = 90

#: The guard runs the adversarial cases at this fraction of their benchmark size (1 MiB -> 32 KiB):
#: a backtracking pattern is already hopeless at this size, and the default test run stays fast.
GUARD_SCALE = 1 / 32


class Hang(Exception):
    """A guarded call ran past its alarm."""


@contextmanager
def alarm(seconds: float, what: str) -> Iterator[None]:
    """Raise Hang inside the block after ``seconds`` (SIGALRM; the re engine checks signals too)."""

    def ring(signum: int, frame: object) -> None:
        raise Hang(f"{what} still running after {seconds}s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _all_module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled str pattern held at module level anywhere in the tracker package."""
    found: dict[tuple[str, int], tuple[str, re.Pattern[str]]] = {}
    for info in pkgutil.walk_packages(tracker.__path__, "tracker."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra (dask) that is not installed
            continue
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[(value.pattern, value.flags)] = (f"{info.name}.{name}", value)
    return sorted(found.values(), key=lambda item: item[0])


#: Texts that make badly built patterns backtrack: long runs of what quantifiers repeat, each
#: followed by a character that makes the overall match fail at the very end.
HOSTILE_SUBJECTS: dict[str, str] = {
    "digits with commas": "1," * 100_000 + "x",
    "digits and dots": "1." * 100_000 + "x",
    "digit groups": "1,000 " * 30_000 + "!",
    "letters": "a" * 200_000 + "!",
    "capitalised words": "Aa " * 60_000 + "!",
    "apostrophes": "a'" * 100_000 + "'",
    "hyphens": "a-" * 100_000 + "-",
    "spaces": " " * 200_000 + "x",
    "months": "Oct " * 50_000 + "x",
    "ordinals": "1st " * 50_000 + "x",
    "mixed punctuation": "-–'’.,/:" * 25_000,
}


PATTERNS = _all_module_patterns()


def test_the_package_has_patterns_to_check() -> None:
    assert len(PATTERNS) >= 10, [name for name, _ in PATTERNS]


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_module_pattern_is_safe_on_hostile_text(name: str, pattern: re.Pattern[str]) -> None:
    _time_on_hostile_text(name, pattern)


CASES = adversarial_cases(GUARD_SCALE)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_extractor_never_hangs_on_adversarial_text(name: str) -> None:
    """Each benchmark case, extracted under the hang alarm; the claims still obey the span rule."""
    text = CASES[name]
    rules = load_rules()
    with alarm(HANG_SECONDS, name):
        claims = extract_claims(Article(article_id="adversarial", body=text), rules)
    for claim in claims:
        assert text[claim.char_start:claim.char_end] == claim.quote


def _seconds_per_mib(text: str) -> float:
    """Extraction time of ``text`` scaled to one MiB (the cases are linear, so this projects)."""
    rules = load_rules()
    extract_claims(Article(article_id="warm", body="At least 5 people were killed."), rules)
    started = time.perf_counter()
    with alarm(HANG_SECONDS, "projection"):
        extract_claims(Article(article_id="adversarial", body=text), rules)
    return (time.perf_counter() - started) * (1024 * 1024) / len(text)


#: Worst runs the issue names (or met while fuzzing), 64 KiB each. Their speed is reported by
#: bench/adversarial.py (`make fuzz`); here each must only finish under the generous hang guard, which
#: catches catastrophic (super-linear) behaviour without turning a busy CI runner's timing into a test.
WORST_INPUTS: dict[str, str] = {
    "digit groups": ("1,000 " * 11_000)[:65_536],
    "number words": ("one two three forty-one hundred thousand million " * 1_400)[:65_536],
    "hyphenated number words (one 64 KiB word)": ("twenty-" * 9_400)[:65_536],
    "figures and metric words": ("5 killed, " * 6_600)[:65_536],
    "speech verbs": ("said " * 13_200)[:65_536],
    "dates in a row": ("Oct. 8 since Monday as of 8 October 2024 " * 1_600)[:65_536],
    "sentence of 100,000 chars": ("and 12 people were killed in the " * 3_100)[:100_000],
}


@pytest.mark.parametrize("name", list(WORST_INPUTS))
def test_worst_inputs_finish_under_the_hang_guard(name: str) -> None:
    rules = load_rules()
    with alarm(HANG_SECONDS, name):
        claims = extract_claims(Article(article_id="adversarial", body=WORST_INPUTS[name]), rules)
    for c in claims:
        assert WORST_INPUTS[name][c.char_start:c.char_end] == c.quote




# --------------------------------------------------------------------------------------------
# Patterns that are not module constants: the source patterns of aliases.yaml (compiled when
# the alias file loads, run on every source string of a claims table) and the ones built inside
# functions from the rules or from a name met in the text (scope.py's phrase alternations,
# attribution.py's "words before this name", extract/tables.py's prefilter).

REPO_ROOT = Path(__file__).resolve().parents[2]


def _alias_patterns() -> list[tuple[str, re.Pattern[str]]]:
    from tracker.compare.series import load_aliases

    return [
        (f"aliases.yaml sources.{source.name}", pattern)
        for source in load_aliases().sources
        for pattern in source.patterns
    ]


def _patterns_built_at_run_time() -> list[tuple[str, re.Pattern[str]]]:
    """Every pattern the tracker compiles while it extracts the sample corpus, recorded at
    ``re._compile`` (re.compile, re.search(str, ...) and the rest all go through it) with the
    tracker module that asked for it. Caches are cleared first so cached builders run again."""
    from tracker.extract import scope
    from tracker.extract.tables import _build_tables

    seen: dict[tuple[str, int], tuple[str, re.Pattern[str]]] = {}
    original = re._compile  # type: ignore[attr-defined]

    def recording(pattern: object, flags: int) -> re.Pattern[str]:
        compiled: re.Pattern[str] = original(pattern, flags)
        if isinstance(pattern, str) and (pattern, int(flags)) not in seen:
            frame = sys._getframe(1)
            while frame is not None and not str(frame.f_globals.get("__name__", "")).startswith("tracker."):
                frame = frame.f_back  # type: ignore[assignment]
            if frame is not None:
                where = f"{frame.f_globals['__name__']}:{frame.f_code.co_name}"
                seen[(pattern, int(flags))] = (where, compiled)
        return compiled

    scope._phrase_re.cache_clear()
    scope._singular_re.cache_clear()
    rules = load_rules()
    re._compile = recording  # type: ignore[attr-defined]
    try:
        _build_tables(rules)
        for path in sorted((REPO_ROOT / "data" / "raw").glob("a*.md")):
            body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
            extract_claims(Article(article_id=path.stem, body=body), rules)
    finally:
        re._compile = original  # type: ignore[attr-defined]
    return sorted(seen.values(), key=lambda item: (item[0], item[1].pattern))


def _time_on_hostile_text(name: str, pattern: re.Pattern[str]) -> None:
    for subject_name, subject in HOSTILE_SUBJECTS.items():
        with alarm(HANG_SECONDS, f"{name} /{pattern.pattern[:80]}/ on {subject_name}"):
            for _ in pattern.finditer(subject):
                pass
            pattern.match(subject)
            pattern.fullmatch(subject)


def test_alias_source_patterns_are_safe_on_hostile_text() -> None:
    patterns = _alias_patterns()
    assert len(patterns) >= 3, patterns
    for name, pattern in patterns:
        _time_on_hostile_text(name, pattern)


def test_patterns_built_inside_functions_are_safe_on_hostile_text() -> None:
    built = _patterns_built_at_run_time()
    where = {name.split(":")[0] for name, _ in built}
    # the builders the review named: scope.py, attribution.py and extract/tables.py
    assert {"tracker.extract.scope", "tracker.extract.attribution", "tracker.extract.tables"} <= where, where
    module_level = {(p.pattern, p.flags) for _, p in PATTERNS}
    for name, pattern in built:
        if (pattern.pattern, pattern.flags) not in module_level:  # those are timed above
            _time_on_hostile_text(name, pattern)
