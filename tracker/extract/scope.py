"""Scope and period: is a figure a running total, one day, or one event, and which dates.

Dates are resolved against the article's publication date (spec rule 15): "on Monday" in an
article of Tuesday 2024-10-15 is 2024-10-14; "since Oct. 8" in an article of 2024-09-23 is
2023-10-08. Without a publication date nothing is guessed: the dates stay empty.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.model import Metric, Scope
from tracker.rules import Rules

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(_WEEKDAYS)

# DATE_MD: "Oct. 8", "October 8, 2023", "Sept 23rd"  (month, day, optional year)
DATE_MD = rf"\b(?P<m1>{_MONTH_ALT})\.?\s(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s(?P<y1>\d{{4}})\b)?"
# DATE_DM: "8 October", "23rd September 2024"  (day, month, optional year)
DATE_DM = rf"\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?(?P<m2>{_MONTH_ALT})\b\.?(?:,?\s(?P<y2>\d{{4}})\b)?"
# WEEKDAY: "Monday", "on Monday", "last Monday"
WEEKDAY = rf"\b(?P<wd>{_WEEKDAY_ALT})\b"
DATE_ANY_RE = re.compile(rf"{DATE_MD}|{DATE_DM}|{WEEKDAY}|\b(?P<rel>yesterday|today|tonight|this morning)\b")
# SINCE: "since" + a date/weekday right after it (up to a filler word like "early").
SINCE_RE = re.compile(rf"\bsince\s(?:early\s|late\s|mid-?)?(?:{DATE_MD}|{DATE_DM}|{WEEKDAY})")
# AS_OF: "as of Wednesday", "as of Oct. 14"
AS_OF_RE = re.compile(rf"\bas\sof\s(?:{DATE_MD}|{DATE_DM}|{WEEKDAY}|\b(?P<rel>yesterday|today)\b)")


@dataclass(frozen=True, slots=True)
class Period:
    scope: Scope
    start: dt.date | None = None
    end: dt.date | None = None


@lru_cache(maxsize=4096)
def _phrase_re(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of literal phrases with word boundaries (literals only: linear)."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])")


def has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    return bool(_phrase_re(phrases).search(text))


def _last_on_or_before(published: dt.date, month: int, day: int, year: int | None) -> dt.date | None:
    try:
        if year:
            return dt.date(year, month, day)
        d = dt.date(published.year, month, day)
        if d > published:
            d = dt.date(published.year - 1, month, day)
        return d
    except ValueError:
        return None


def _date_from_match(m: re.Match[str], published: dt.date | None) -> dt.date | None:
    """Resolve a DATE_* / WEEKDAY / relative match against the publication date."""
    if published is None:
        gd = m.groupdict()
        if gd.get("y1") or gd.get("y2"):
            y = int(gd.get("y1") or gd.get("y2") or 0)
            mon = _MONTHS[(gd.get("m1") or gd.get("m2") or "").lower()]
            try:
                return dt.date(y, mon, int(gd.get("d1") or gd.get("d2") or 0))
            except ValueError:
                return None
        return None
    gd = m.groupdict()
    if gd.get("m1"):
        return _last_on_or_before(published, _MONTHS[gd["m1"].lower()], int(gd["d1"]),
                                  int(gd["y1"]) if gd.get("y1") else None)
    if gd.get("m2"):
        return _last_on_or_before(published, _MONTHS[gd["m2"].lower()], int(gd["d2"]),
                                  int(gd["y2"]) if gd.get("y2") else None)
    if gd.get("wd"):
        back = (published.weekday() - _WEEKDAYS[gd["wd"].lower()]) % 7
        return published - dt.timedelta(days=back)
    rel = (gd.get("rel") or "").lower()
    if rel == "yesterday":
        return published - dt.timedelta(days=1)
    if rel in ("today", "tonight", "this morning"):
        return published
    return None


def war_start(sentence_low: str, article_low: str, rules: Rules) -> dt.date | None:
    """The start date of "the war" named in a sentence, when exactly one known war fits."""
    for text in (sentence_low, article_low):
        words = set(re.findall(r"[a-z']+", text))
        hits = [c for c in rules.conflicts if c.words & words]
        if len(hits) == 1:
            return hits[0].start
        if len(hits) > 1:
            return None
    return None


def resolve_period(sentence: str, published: dt.date | None, metric: Metric, rules: Rules,
                   article_low: str = "") -> Period:
    """Scope and dates of the figures in one sentence (precedence documented in context.yaml)."""
    low = sentence.lower().replace("’", "'")
    since = SINCE_RE.search(low)
    start = _date_from_match(since, published) if since else None
    if start is None and has_phrase(low, rules.war_start_phrases):
        start = war_start(low, article_low, rules)
    as_of = AS_OF_RE.search(low)
    end = (_date_from_match(as_of, published) if as_of else None) or published
    day_match = DATE_ANY_RE.search(low)
    day = _date_from_match(day_match, published) if day_match else None

    if since or has_phrase(low, rules.scope_cumulative_strong):
        return Period(Scope.CUMULATIVE, start, end)
    if has_phrase(low, rules.scope_day_window):
        return Period(Scope.DAY, published, published)
    if _singular_incident(low, rules):
        return Period(Scope.INCIDENT, day, day)
    if has_phrase(low, rules.scope_cumulative_weak):
        return Period(Scope.CUMULATIVE, start, end)
    if has_phrase(low, rules.scope_incident_other) or metric in (Metric.DETAINED, Metric.ABDUCTED):
        return Period(Scope.INCIDENT, day, day)
    if day is not None or day_match is not None:
        return Period(Scope.DAY, day, day)
    if metric is Metric.DISPLACED:
        return Period(Scope.CUMULATIVE, None, published)
    return Period(Scope.UNKNOWN)


@lru_cache(maxsize=8)
def _singular_re(nouns: tuple[str, ...]) -> re.Pattern[str]:
    # a determiner or possessive, up to two modifier words, then the event noun in the singular
    alt = "|".join(re.escape(n) for n in nouns)
    return re.compile(rf"\b(?:a|an|the|this|that|one|single|[a-z]+'s)\s(?:[a-z-]{{1,30}}\s){{0,2}}(?:{alt})(?![\w-])")


def _singular_incident(low: str, rules: Rules) -> bool:
    return bool(_singular_re(rules.scope_incident_nouns).search(low))


def local_date_after(text_after: str, published: dt.date | None) -> dt.date | None:
    """A date right after a figure ("up from 412 on Monday") -> that day, for its period_end."""
    m = re.match(rf"\s{{0,3}}(?:on\s|as\sof\s)?(?:{DATE_MD}|{DATE_DM}|{WEEKDAY}|\b(?P<rel>yesterday)\b)",
                 text_after[:40].lower())
    return _date_from_match(m, published) if m else None
