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
import time
from collections.abc import Iterator
from contextlib import contextmanager

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
    for subject_name, subject in HOSTILE_SUBJECTS.items():
        with alarm(HANG_SECONDS, f"{name} on {subject_name}"):
            for _ in pattern.finditer(subject):
                pass
            pattern.match(subject)
            pattern.fullmatch(subject)


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


#: Known slow inputs, each 16 KiB of a run the issue names (or met while fuzzing). First measured
#: at 30-45 s per MiB (every figure or cue token compared against whole rule lists); after the
#: phrase indexes and prefilters of late November the development machine measures roughly
#: 0.5-0.8 s/MiB for digit groups, number words and dates (too close to the limit for a plain test
#: on a busy runner), 3-4 for speech verbs and 6-7 for figures and metric words. Linear, not
#: exponential. strict=False: the near-limit cases may pass on a fast machine.
_STILL_SLOW = pytest.mark.xfail(
    raises=AssertionError, strict=False,
    reason="extractor tuning pending: about 0.5-7 s per MiB on these runs (tracker/extract, owned elsewhere); "
    "see SLOW_INPUTS")
SLOW_INPUTS: dict[str, str] = {
    "digit groups": ("1,000 " * 2800)[:16_384],
    "number words": ("one two three forty-one hundred thousand million " * 350)[:16_384],
    "figures and metric words": ("5 killed, " * 1700)[:16_384],
    "speech verbs": ("said " * 3300)[:16_384],
    "dates in a row": ("Oct. 8 since Monday as of 8 October 2024 " * 400)[:16_384],
}


@_STILL_SLOW
@pytest.mark.parametrize("name", list(SLOW_INPUTS))
def test_known_slow_input_projects_under_a_second_per_mib(name: str) -> None:
    assert _seconds_per_mib(SLOW_INPUTS[name]) < 1.0


def test_sentence_of_100000_chars_extracts_under_a_second() -> None:
    text = ("and 12 people were killed in the " * 3100)[:100_000]
    rules = load_rules()
    started = time.perf_counter()
    with alarm(HANG_SECONDS, "100k sentence"):
        extract_claims(Article(article_id="long", body=text), rules)
    assert time.perf_counter() - started < 1.0
