"""Golden table for number reading, qualifiers and bounds (spec/CLAIMS.md 'Qualifiers and bounds').

Each case is a short sentence with exactly one figure; we check value, qualifier and bounds
of the claim the extractor makes, and that the quote is the figure's words in the body.
"""

from __future__ import annotations

import pytest

from tracker.extract.claims import extract_claims
from tracker.extract.numbers import parse_digits, read_number
from tracker.extract.tokens import tokenize
from tracker.model import Article
from tracker.rules import load_rules

Q = None  # "no bound"

CASES = [
    # text, value, qualifier, low, high
    ("41 people were killed.", 41, "exact", 41, 41),
    ("At least 2,350 people were killed.", 2350, "at_least", 2350, Q),
    ("No fewer than 12 people were killed.", 12, "at_least", 12, Q),
    ("A minimum of 7 people were injured.", 7, "at_least", 7, Q),
    ("More than 8,800 rockets were fired.", 8800, "more_than", 8800, Q),
    ("Over 60,000 residents have fled.", 60000, "more_than", 60000, Q),
    ("Upwards of 300 people were wounded.", 300, "more_than", 300, Q),
    ("In excess of 1,000 people were displaced.", 1000, "more_than", 1000, Q),
    ("About 50 soldiers were killed.", 50, "approximately", 50, 50),
    ("Around 50 soldiers were killed.", 50, "approximately", 50, 50),
    ("Some 3,000 families fled.", 3000, "approximately", 3000, 3000),
    ("An estimated 1.2 million people were displaced.", 1200000, "approximately", 1200000, 1200000),
    ("Nearly 11,000 people were injured.", 11000, "nearly", Q, 11000),
    ("Almost 400 people were wounded.", 400, "nearly", Q, 400),
    ("Close to 90 people died.", 90, "nearly", Q, 90),
    ("Up to 30 civilians were killed.", 30, "up_to", Q, 30),
    ("As many as 200 people were arrested.", 200, "up_to", Q, 200),
    ("Fewer than 10 people were hurt.", 10, "fewer_than", Q, 10),
    ("Less than 100 people were evacuated.", 100, "fewer_than", Q, 100),
    ("Between 100 and 300 people were killed.", 100, "range", 100, 300),
    ("The strike killed 100-300 people.", 100, "range", 100, 300),
    ("Dozens of people were wounded.", 12, "vague", 24, 99),
    ("Hundreds of families evacuated.", 100, "vague", 200, 999),
    ("Thousands of people fled.", 1000, "vague", 2000, 9999),
    ("Tens of thousands of people fled.", 10000, "vague", 20000, 99999),
    ("Hundreds of thousands of people fled.", 100000, "vague", 200000, 999999),
    ("Millions of people have been displaced.", 1000000, "vague", 2000000, 9999999),
    ("Forty-one people were killed.", 41, "exact", 41, 41),
    ("Two million people have been displaced.", 2000000, "exact", 2000000, 2000000),
    ("Half a million people fled.", 500000, "exact", 500000, 500000),
    ("A dozen people were injured.", 12, "exact", 12, 12),
    # fix-quarter-of-a-million: a fraction word before "of a <scale>"
    ("A quarter of a million residents fled.", 250000, "exact", 250000, 250000),
    ("The floods displace a quarter of a million.", 250000, "exact", 250000, 250000),
    ("One hundred and twenty people were killed.", 120, "exact", 120, 120),
    ("The toll is 500-plus dead.", 500, "more_than", 500, Q),
    ("Rescuers counted 40+ dead.", 40, "more_than", 40, Q),
    ("The quake displaced 1.2m people.", 1200000, "exact", 1200000, 1200000),
    ("As high as 70 people were killed.", 70, "up_to", Q, 70),
]


@pytest.mark.parametrize(("text", "value", "qualifier", "low", "high"), CASES, ids=[c[0][:40] for c in CASES])
def test_number_golden(text: str, value: float, qualifier: str, low: float | None, high: float | None) -> None:
    claims = extract_claims(Article("t", text))
    assert len(claims) == 1, [c.quote for c in claims]
    c = claims[0]
    assert (c.value, str(c.qualifier), c.value_low, c.value_high) == (value, qualifier, low, high)
    assert text[c.char_start:c.char_end] == c.quote


NOT_FIGURES = [
    "In 2006, the war ended and people were killed later.",
    "The attack happened on Oct. 8 when people were killed.",
    "A 16-year-old was killed in the raid.",
    "Prices rose 12 percent after people fled.",
    "The strike hit 20 miles from the border, where people were killed.",
    "The talks lasted 30 days before the ceasefire.",
    "Resolution 1701 ended the 2006 war.",
    "Unit 8200 was blamed for the attack.",
    "Two officials said the talks would resume.",
    "The group operates over 30 branches across the country.",
    "Witnesses heard at least ten explosions.",
    "The aid package is worth $1.2 billion.",
    "Israel has carried out strikes at 10:30 on Monday.",
    "It was the third attack this week.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text: str) -> None:
    assert extract_claims(Article("t", text)) == []


@pytest.mark.parametrize(("token", "value"), [("2,350", 2350.0), ("8,800.5", 8800.5), ("41", 41.0), ("1.2", 1.2),
                                              ("1,1,1", None), ("1" * 30, None), ("12a", None)])
def test_parse_digits(token: str, value: float | None) -> None:
    assert parse_digits(token) == value


def test_from_to_is_two_numbers_not_a_range() -> None:
    rules = load_rules()
    toks = tokenize("from 97 to 128")
    ph = read_number(toks, 1, rules)
    assert ph is not None and not ph.is_range and ph.value == 97
