"""Reading numbers: digits, decimals with scales, number words, vague plurals and ranges.

A :class:`NumberPhrase` is the span of tokens that spell one figure and the values the
spec's bounds table gives it. Whether the figure counts people killed, or is a year, an age or
a distance, is decided later by :mod:`tracker.extract.figures` and :mod:`tracker.extract.metric`, which have
the context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.extract.tokens import Token, match_at, phrase_index
from tracker.model import Qualifier
from tracker.rules import Rules, VagueRule, derived

# DIGITS: "2,350", "8,800.5", "41", "1.2". Grouped form first; each part is bounded or
# separated by a mandatory comma, so matching is linear. Tokens longer than MAX_NUMBER_TOKEN
# are never numbers (a 1 MB run of "1,1,1" is rejected without being scanned).
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
DIGITS_RE = re.compile(DIGITS)
# SUFFIXED: digits with a glued scale suffix ("1.2m", "3bn", "10k").
SUFFIXED_RE = re.compile(rf"({DIGITS})([a-z]{{1,3}})", re.IGNORECASE)
# PLUS: "50-plus", "50plus".
PLUS_RE = re.compile(rf"({DIGITS})-?plus", re.IGNORECASE)
# RANGE_TOKEN: "100-300" or "100–300" in one token.
RANGE_TOKEN_RE = re.compile(rf"({DIGITS})[-–]({DIGITS})")
MAX_NUMBER_TOKEN = 24


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    """One figure as spelled in the text, before context decides what it counts."""

    start: int  # token index of the first token
    end: int  # token index after the last token
    value: float
    low: float | None = None  # only for vague phrases and ranges
    high: float | None = None
    vague: bool = False
    is_range: bool = False
    words: bool = False  # spelled in words ("forty-one")
    plus: bool = False  # "50-plus" glued in the token
    four_digit_plain: bool = False  # a bare 4-digit integer: maybe a year


def parse_digits(text: str) -> float | None:
    """The value of a digit token, or None when it is not a plain number."""
    if len(text) > MAX_NUMBER_TOKEN or not DIGITS_RE.fullmatch(text):
        return None
    return float(text.replace(",", ""))


def _word_value(word: str, rules: Rules) -> int | None:
    """Units, tens and hyphenated compounds ("forty-one")."""
    if word in rules.units:
        return rules.units[word]
    if word in rules.tens:
        return rules.tens[word]
    if "-" in word:
        head, _, tail = word.partition("-")
        if head in rules.tens and tail in rules.units and 0 < rules.units[tail] < 10:
            return rules.tens[head] + rules.units[tail]
    return None


#: Fractions of a scale word ("half a million", "a quarter of a million"): a closed class of English.
_FRACTIONS = {"half": 0.5, "quarter": 0.25}


def _read_words(tokens: list[Token], i: int, rules: Rules) -> NumberPhrase | None:
    """Number words from index i: "forty-one", "two million", "a dozen", "half a million"."""
    n = len(tokens)
    j = i
    total = 0
    current = 0
    seen_number = False
    low = tokens[i].low
    if low in ("a", "an") or low in _FRACTIONS:
        # "a dozen", "a hundred", "half a million", "a quarter of a million": the article only counts with a
        # scale after it
        k = i + 1
        factor = 1.0
        frac = low if low in _FRACTIONS else (tokens[k].low if k < n and tokens[k].low in _FRACTIONS else None)
        if frac is not None:
            k = i + 1 if low in _FRACTIONS else i + 2
            if k < n and tokens[k].low == "of":
                k += 1  # "a quarter of a million"
            if not (k < n and tokens[k].low == "a"):
                return None
            k += 1
            factor = _FRACTIONS[frac]
        if k < n and (tokens[k].low in rules.scales or tokens[k].low in rules.collectives):
            w = tokens[k].low
            mult = rules.scales.get(w) or rules.collectives[w]
            return NumberPhrase(i, k + 1, factor * mult, words=True)
        return None
    while j < n:
        w = tokens[j].low
        val = _word_value(w, rules)
        if val is not None:
            if seen_number and current and not (current % 10 == 0 and current >= 20 and val < 10) \
                    and not (current >= 100 and current % 100 == 0 and val < 100):
                break
            current += val
            seen_number = True
            j += 1
            continue
        if not seen_number:
            return None
        if w == "hundred":
            current = (current or 1) * 100
            j += 1
            continue
        if w in rules.scales:
            total += (current or 1) * rules.scales[w]
            current = 0
            j += 1
            continue
        if w in rules.collectives:
            current = (current or 1) * rules.collectives[w]
            j += 1
            continue
        if w == "and" and j + 1 < n and _word_value(tokens[j + 1].low, rules) is not None and (total or current >= 100):
            j += 1
            continue
        break
    if not seen_number:
        return None
    # do not end on a dangling "and"
    while j > i and tokens[j - 1].low == "and":
        j -= 1
    return NumberPhrase(i, j, float(total + current), words=True)


def _scale_after(tokens: list[Token], j: int, rules: Rules) -> tuple[float, int]:
    """A scale word after digits ("1.2 million") -> (multiplier, index after it)."""
    if j < len(tokens) and tokens[j].low in rules.scales:
        return float(rules.scales[tokens[j].low]), j + 1
    return 1.0, j


def read_number(tokens: list[Token], i: int, rules: Rules) -> NumberPhrase | None:
    """Read the figure starting at token i, or None when no figure starts there."""
    tok = tokens[i]
    vague = _vague_table(rules)
    hit = phrase_index(vague[0]).at(tokens, i)
    if hit is not None:
        rule = vague[1][hit]
        return NumberPhrase(i, i + len(rule.phrase), rule.value, rule.low, rule.high, vague=True)
    text = tok.text
    if not text[:1].isdigit():
        return _read_words(tokens, i, rules)
    if len(text) > MAX_NUMBER_TOKEN:
        return None
    value = parse_digits(text)
    if value is not None:
        mult, j = _scale_after(tokens, i + 1, rules)
        four = mult == 1.0 and len(text) == 4 and text.isdigit()
        phrase = NumberPhrase(i, j, value * mult, four_digit_plain=four)
        return _maybe_range(tokens, phrase, rules)
    m = RANGE_TOKEN_RE.fullmatch(text)
    if m:
        lo, hi = float(m.group(1).replace(",", "")), float(m.group(2).replace(",", ""))
        mult, j = _scale_after(tokens, i + 1, rules)
        if hi > lo:
            return NumberPhrase(i, j, lo * mult, lo * mult, hi * mult, is_range=True)
        return None
    m = PLUS_RE.fullmatch(text)
    if m:
        return NumberPhrase(i, i + 1, float(m.group(1).replace(",", "")), plus=True)
    m = SUFFIXED_RE.fullmatch(text)
    if m and m.group(2).lower() in rules.suffix_scales:
        return NumberPhrase(i, i + 1, float(m.group(1).replace(",", "")) * rules.suffix_scales[m.group(2).lower()])
    return None


def _maybe_range(tokens: list[Token], first: NumberPhrase, rules: Rules) -> NumberPhrase:
    """Join "between 100 and 300", "100 to 300" and "100 - 300" into one range phrase.

    "from 97 to 128" is NOT a range: it is a change, two claims (spec rule 15).
    """
    j = first.end
    n = len(tokens)
    if j + 1 >= n:
        return first
    link = tokens[j].low
    before = tokens[first.start - 1].low if first.start > 0 else ""
    if link not in ("to", "-", "and", "or"):
        return first
    if link == "and" and before != "between":
        return first
    if link == "to" and before in ("from", "rose", "risen", "increased", "jumped", "climbed", "up"):
        return first
    if link == "or" and before != "between":
        return first
    if first.four_digit_plain and 1800 <= first.value <= 2100 \
            and (before in rules.months or before in rules.year_leads):
        return first  # "the toll since October 2023 to 53,573": a year does not start a range
    second_tok = tokens[j + 1]
    hi = parse_digits(second_tok.text)
    if hi is None:
        return first
    mult, k = _scale_after(tokens, j + 2, rules)
    first_mult = 1.0
    if mult != 1.0 and first.end == first.start + 1 and first.value < hi:
        first_mult = mult  # "1 to 2 million": the scale applies to both ends
    lo_v, hi_v = first.value * first_mult, hi * mult
    if hi_v <= lo_v:
        return first
    return NumberPhrase(first.start, k, lo_v, lo_v, hi_v, is_range=True)


def qualifier_before(tokens: list[Token], start: int, rules: Rules) -> tuple[Qualifier | None, int]:
    """The qualifier phrase ending right before ``start`` -> (qualifier, index where it starts).

    Increment markers ("another", "a further") may stand between qualifier and number.
    """
    j = start - 1
    marker = phrase_index(rules.increment_markers).ending(tokens, j)
    if marker is not None:
        j -= len(marker)
    phrase = phrase_index(_qualifier_phrases(rules)).ending(tokens, j)
    if phrase is not None:
        return _qualifier_of(rules)[phrase], j - len(phrase) + 1
    return None, start


def _vague_table(rules: Rules) -> tuple[tuple[tuple[str, ...], ...], dict[tuple[str, ...], VagueRule]]:
    """The vague plurals as an indexable phrase list and a phrase -> rule map, built once per Rules."""
    return derived(rules, "numbers.vague", lambda r: (tuple(v.phrase for v in r.vague),
                                                       {v.phrase: v for v in reversed(r.vague)}))


def _qualifier_table(rules: Rules) -> tuple[tuple[tuple[str, ...], ...], dict[tuple[str, ...], Qualifier]]:
    return derived(rules, "numbers.qualifiers", lambda r: (tuple(p for p, _ in r.qualifiers_before),
                                                            dict(reversed(r.qualifiers_before))))


def _qualifier_phrases(rules: Rules) -> tuple[tuple[str, ...], ...]:
    return _qualifier_table(rules)[0]


def _qualifier_of(rules: Rules) -> dict[tuple[str, ...], Qualifier]:
    return _qualifier_table(rules)[1]


def qualifier_after(tokens: list[Token], end: int, rules: Rules) -> tuple[Qualifier | None, int]:
    """A qualifier right after the number ("50+", "100 or more") -> (qualifier, index after it)."""
    for phrase, qual in rules.qualifiers_after:
        if match_at(tokens, end, phrase):
            return qual, end + len(phrase)
    return None, end


def bounds(qualifier: Qualifier, phrase: NumberPhrase) -> tuple[float | None, float | None]:
    """value_low and value_high for a qualifier (spec/CLAIMS.md bounds table)."""
    v = phrase.value
    if qualifier is Qualifier.VAGUE or qualifier is Qualifier.RANGE:
        return phrase.low, phrase.high
    if qualifier in (Qualifier.EXACT, Qualifier.APPROXIMATELY):
        return v, v
    if qualifier in (Qualifier.AT_LEAST, Qualifier.MORE_THAN):
        return v, None
    return None, v  # nearly, up_to, fewer_than
