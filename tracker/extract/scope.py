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

# Gates. Most sentences name no date, month, window or "since", yet each period rule used to run its pattern over
# the whole sentence, and a pattern that opens with \b or an alternation is tried at every position (the period
# rules cost about a fifth of extraction). Each pattern below is registered with needles: small regexes that open
# with a literal (which the re engine scans for at C speed), one of which every match of the pattern contains.
# `_find` runs the pattern only when a needle is found. A gate skips work, never a match: a text without any
# needle has no match. Texts are lowercase here; needles allow any whitespace where the pattern does.
_GATES: dict[re.Pattern[str], re.Pattern[str]] = {}
# _MONTH_STEMS: the first three letters of every month name (each alternative of _MONTH_ALT starts with one)
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# _DATE_NEEDLES: a month name, a weekday or "yesterday"/"today" (all end in "day"), "tonight", "this morning"
_DATE_NEEDLES = (*_MONTH_STEMS, "day", "tonight", "morning")


def _gate(rx: re.Pattern[str], *needles: str) -> re.Pattern[str]:
    """Register the needles of `rx` (see `_find`): literal-led regexes, one of which each match contains."""
    _GATES[rx] = re.compile("|".join(needles))
    return rx


def _find(rx: re.Pattern[str], text: str, pos: int = 0) -> re.Match[str] | None:
    """`rx.search(text, pos)`, skipped when the text holds none of the pattern's needles."""
    return rx.search(text, pos) if _GATES[rx].search(text) else None


def _may_match(rx: re.Pattern[str], text: str) -> bool:
    """Whether `rx` can match in `text` at all (its gate): callers skip a sub or a finditer otherwise."""
    return _GATES[rx].search(text) is not None

# DATE_MD: "Oct. 8", "October 8, 2023", "Sept 23rd"  (month, day, optional year)
DATE_MD = rf"\b(?P<m1>{_MONTH_ALT})\.?\s(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s(?P<y1>\d{{4}})\b)?"
# DATE_DM: "8 October", "23rd September 2024"  (day, month, optional year)
DATE_DM = rf"\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?(?P<m2>{_MONTH_ALT})\b\.?(?:,?\s(?P<y2>\d{{4}})\b)?"
# WEEKDAY: "Monday", "on Monday", "last Monday"
WEEKDAY = rf"\b(?P<wd>{_WEEKDAY_ALT})\b"
DATE_ANY_RE = _gate(re.compile(rf"{DATE_MD}|{DATE_DM}|{WEEKDAY}|\b(?P<rel>yesterday|today|tonight|this morning)\b"),
                    *_DATE_NEEDLES)
# SINCE: "since" + a date/weekday right after it (up to a filler word like "early" or "the").
SINCE_RE = _gate(re.compile(rf"\bsince\s(?:the\s)?(?:early\s|late\s|mid-?)?(?:{DATE_MD}|{DATE_DM}|{WEEKDAY})"), "since")
# SINCE_EVENT: "since the offensive began on Wednesday", "since fighting intensified on May 10"
# (at most six short words between "since" and the verb; each word is bounded, so this is linear).
# The verb may take an object before the date: "since Israel began its military operation in the southern Gaza
# city on May 6", "since Israel launched its largest military operation in the occupied West Bank in two decades
# on 28 August" (at most twelve words, then "on"/"in"; no comma or full stop in between).
SINCE_EVENT_RE = _gate(re.compile(
    rf"\bsince\s(?:[\w'-]{{1,20}}\s){{1,6}}?(?:began|started|broke\sout|erupted|intensified|escalated|resumed|"
    rf"launched|opened|struck|hit|collapsed|crossed|entered|invaded|stormed|attacked)\s"
    rf"(?:(?:[\w'-]{{1,20}}\s){{0,12}}?(?:on|in)\s)?(?:{DATE_MD}|{DATE_DM}|{WEEKDAY})"), "since")
# SINCE_START_OF: "the toll since the start of the escalation on September 23", "since the beginning of the
# offensive on Nov. 27": the start of a named event, then its date (at most four words between).
SINCE_START_OF_RE = _gate(re.compile(
    rf"\bsince\s(?:the\s)?(?:start|beginning|outbreak|onset)\sof\s(?:[\w'-]{{1,20}}\s){{1,4}}?(?:on|in)\s"
    rf"(?:{DATE_MD}|{DATE_DM}|{WEEKDAY})"), "since")
# LAST_YEAR: "since Oct. 8 last year" -> the date in the year before the article's
LAST_YEAR_RE = re.compile(r",?\slast\syear\b")
# SINCE_MONTH: "since January", "since last October" -> the first of that month.
SINCE_MONTH_RE = _gate(re.compile(rf"\bsince\s(?:last\s)?(?P<mon>{_MONTH_ALT})\b(?!\.?\s\d)(?:\s(?P<yr>\d{{4}}))?"),
                       "since")
# STARTED_ON: "the war, which broke out on April 15, 2023, has killed" -> the start of a running total.
STARTED_ON_RE = _gate(re.compile(rf"\b(?:began|started|broke\sout|erupted)\s(?:on\s)?(?:{DATE_MD}|{DATE_DM})"),
                      "began", "started", "broke", "erupted")
# MULTI_DAY_WINDOW: a span of several days or more is a running total over it: "over the past week", "in the
# first nine months of the year", "in the previous nine months", "in two days", "over the weekend", "for this
# year". Not "last week" ("abducted 14 civilians last week" is one event) nor a bare "this year" ("its second
# attack this year" counts events)
_COUNT_WORD = r"(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few)"
MULTI_DAY_WINDOW_RE = _gate(re.compile(
    rf"\b(?:(?:over|in|during|within)\s(?:the\s)?(?:past|last|previous|first)\s(?:{_COUNT_WORD}\s)?"
    rf"(?:weeks?|months?|years?)\b|(?:in|over|within)\s{_COUNT_WORD}\s(?:days|weeks|months)\b|"
    rf"over\sthe\sweekend\b|for\s(?:this|the)\syear\b)"), "week", "month", "year", "days")
# YEAR_SO_FAR: "in the first nine months of the year", "for this year" -> from January 1 of the article's year
YEAR_SO_FAR_RE = _gate(re.compile(r"\b(?:of\sthe\syear|(?:for\s)?this\syear|for\sthe\syear)\b"),
                       r"the\syear", r"this\syear")
# DATELINE: "PORT SUDAN, June 12 (Meridian Wire) - " opens a wire story with the day it was filed, not the
# event's day; it is dropped before the sentence's dates are read (capital place, comma, date, outlet, dash).
DATELINE_RE = re.compile(rf"^\s{{0,3}}[A-Z][A-Z.'/ -]{{1,60}},\s(?i:{DATE_MD}|{DATE_DM})\s"
                         rf"(?:\([^()]{{1,60}}\)\s)?[-–—]\s")
# SAID_ON: the day of a statement is not the day of the event ("the ministry said on Thursday").
SAID_ON_RE = _gate(re.compile(rf"\b(?:said|says|reported|announced|added|stated|told\sreporters|confirmed)\s"
                        rf"(?:late\s|early\s)?(?:on\s)?(?:{_WEEKDAY_ALT}|(?:{_MONTH_ALT})\.?\s\d{{1,2}})\b"),
                   *_DATE_NEEDLES)
# STATEMENT_DAY: "the ministry on Tuesday raised the toll", "its first count, issued on Monday morning": a named
# day next to a verb of giving a count (context.yaml: statement_verbs) is the statement's day. Built per verb
# list: a bounded alternation of literals, linear.
_PART_OF_DAY = r"(?:\s(?:morning|afternoon|evening|night))?"


@lru_cache(maxsize=8)
def _statement_day_re(verbs: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(v) for v in verbs)
    return _gate(re.compile(rf"\bon\s(?:{_WEEKDAY_ALT}){_PART_OF_DAY},?\s(?:{alt})\b|"
                            rf"\b(?:{alt})\s(?:late\s|early\s)?on\s(?:{_WEEKDAY_ALT}){_PART_OF_DAY}\b|"
                            rf"\bby\s(?:{_WEEKDAY_ALT}){_PART_OF_DAY}\b(?!')"), "day")  # every weekday ends in "day"


# WINDOW_OPEN: a date right after "between"/"from" opens an explicit window ("between 1 January and 31 August",
# "from October 8, 2023, until the ceasefire took effect on November 27"); WINDOW_CLOSE names its end.
# The open date is no event's day ("from Friday night's earthquake ... to 2,862 on Monday" is no window): not a
# possessive, and nothing but words between it and the closing word; "between" closes with "and", "from" with
# "until"/"to"/"through".
WINDOW_OPEN_RE = re.compile(r"\b(?P<open>between|from)\s$")
WINDOW_CLOSE_RE = re.compile(r"\b(?P<close>and|until|till|to|through)\s")
POSSESSIVE_AFTER_RE = re.compile(r"(?:\s(?:morning|afternoon|evening|night))?'s\b")
# END_OF_MONTH: "and the end of August" closes a window on the month's last day.
END_OF_MONTH_RE = re.compile(rf"\b(?:the\s)?end\sof\s(?P<mon>{_MONTH_ALT})\b")
# MONTH_WINDOW: a calendar month as the figure's period: "in October", "during August 2024", "September's toll",
# "last month", "this month" (not "in October 8": that is a day).
MONTH_WINDOW_RE = _gate(re.compile(
    rf"\b(?:in|during|throughout|for)\s(?:the\smonth\sof\s)?(?P<mon>{_MONTH_ALT})\b(?!\.?\s\d{{1,2}}\b)"
    rf"(?:,?\s(?P<yr>\d{{4}})\b)?|\b(?P<pmon>{_MONTH_ALT})'s\s|\b(?P<rel>last|this|past)\smonth\b(?!s|'s)"),
    *_MONTH_STEMS, "month")
# YEAR_WINDOW: a calendar year: "in 2023", "during 2022" (not "in 2023-24" nor "the 2006 war").
YEAR_WINDOW_RE = _gate(re.compile(r"\b(?:in|during|throughout)\s(?P<yr>(?:19|20)\d{2})\b(?![-–/]\d)"),
                       r"19\d\d", r"20\d\d")
# WEEKEND: "over the weekend", "Weekend strikes kill dozens" -> the Saturday and Sunday before the article.
WEEKEND_RE = _gate(re.compile(r"\bweekend\b"), "weekend")

# SAME_DAY: "killed in fighting that day", "hurt ... earlier that day": the statement's day is the figure's day.
SAME_DAY_RE = _gate(re.compile(r"\b(?:that|the\ssame)\sday\b"), r"that\sday", r"same\sday")
# WINDOW_AFTER_START: "the war, which began in April 2023": a month after a start verb dates the start of something,
# not a month's total.
WINDOW_AFTER_START_RE = re.compile(r"\b(?:began|begun|started|broke\sout|erupted|launched)\s$")

# SUPERLATIVE_SINCE: "the deadliest attack since 2004" compares; it does not start a running total.
# Also "one of the deadliest attacks of the war", "the biggest direct attack ... to date": the comparison
# phrase is dropped whole, so its "of the war" / "to date" does not make the figure a running total.
SUPERLATIVE_SINCE_RE = _gate(re.compile(r"\b(?:[a-z]{2,20}est|first|worst|largest|biggest)\s(?:[\w'-]{1,20}\s){0,6}?"
                                  r"(?:since\b|(?:of|in)\sthe\s(?:war|conflict)\b|to\sdate\b)"),
                             r"est\s", r"first\s", r"worst\s")
# MONTH_OF: "in October, the first full month of its ground operation": the words after "month of" describe the
# month named; their event noun ("operation") names no event of the figure's (up to four words, no punctuation).
MONTH_OF_RE = _gate(re.compile(r"\bmonth\sof\s[\w'-]{1,20}(?:\s[\w'-]{1,20}){0,3}"), r"month\sof\s")
# POSSESSIVE_EVENT_DAY: "Wednesday's walkie-talkie explosions" -> one event on that day.
POSSESSIVE_DAY_RE = _gate(re.compile(rf"\b(?P<wd>{_WEEKDAY_ALT})(?:'s|’s)\s"), "day'", "day’")
# HEADLINE_VERB: present-tense event verbs of a headline ("Strike kills 12", "Gunman wounds 9").
HEADLINE_VERB_RE = _gate(re.compile(r"\b(?:kills|wounds|injures|displaces)\b"), "kills", "wounds", "injures",
                         "displaces")
# WHEN_EVENT: "were killed when shells slammed into a market" -> one event.
WHEN_EVENT_RE = _gate(re.compile(r"\b(?:killed|wounded|injured|died|hurt)\s(?:[\w'-]{1,20}\s){0,4}?when\s"), r"when\s")
# SAME_PERIOD: "over the same period" continues the period of the sentence before.
SAME_PERIOD_RE = _gate(re.compile(r"\b(?:over|in|during)\sthe\ssame\speriod\b"), r"same\speriod")
# AS_OF: "as of Wednesday", "as of Oct. 14"
AS_OF_RE = _gate(re.compile(rf"\bas\sof\s(?:{DATE_MD}|{DATE_DM}|{WEEKDAY}|\b(?P<rel>yesterday|today)\b)"),
                 r"as\sof\s")


@dataclass(frozen=True, slots=True)
class Period:
    scope: Scope
    start: dt.date | None = None
    end: dt.date | None = None


@lru_cache(maxsize=4096)
def _phrase_re(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of literal phrases with word boundaries (literals only: linear)."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])")


@lru_cache(maxsize=4096)
def _phrase_gate(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """The same phrases without the boundary lookarounds: a literal-led alternation the re engine scans for fast.
    Every match of `_phrase_re` is one of these, so a text without one needs no boundary check (see `_gate`)."""
    return re.compile("|".join(re.escape(p) for p in phrases))


def has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    return _phrase_gate(phrases).search(text) is not None and _phrase_re(phrases).search(text) is not None


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


def _month_last_day(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def date_window(low: str, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """An explicit window "between <date> and <date>" / "from <date> until ... <date>", resolved end first.

    Why: the end is resolved against the article's date and the start against the end, so "between October 8
    and September 15" in a December 2024 article is 2023-10-08..2024-09-15 (spec: period_start/period_end).
    """
    if published is None or ("between " not in low and "from " not in low):
        return None  # a cheap skip: most sentences open no window
    for m in DATE_ANY_RE.finditer(low):
        opened = WINDOW_OPEN_RE.search(low, max(0, m.start() - 9), m.start())
        if opened is None or POSSESSIVE_AFTER_RE.match(low, m.end()):
            continue
        rest_at = m.end()
        if m.group("wd") is None and not (m.group("y1") or m.group("y2")) and LAST_YEAR_RE.match(low, rest_at):
            rest_at = LAST_YEAR_RE.match(low, rest_at).end()  # type: ignore[union-attr]
        tail = low[rest_at:rest_at + 90]
        close = WINDOW_CLOSE_RE.search(tail)
        if close is None or any(ch.isdigit() for ch in tail[:close.start()]):
            continue
        if (opened.group("open") == "between") != (close.group("close") == "and"):
            continue
        end: dt.date | None = None
        eom = END_OF_MONTH_RE.search(tail, close.start())
        m2 = DATE_ANY_RE.search(tail, close.start())
        if m2 is not None and any(ch.isdigit() for ch in tail[close.end():m2.start()]):
            m2 = None  # "to 2,862 on Monday": a figure comes first, the date is not the window's end
        if eom is not None and (m2 is None or eom.start() < m2.start()):
            mon = _MONTHS[eom.group("mon")]
            year = published.year if mon <= published.month else published.year - 1
            end = min(_month_last_day(year, mon), published)
        elif m2 is not None:
            end = _date_from_match(m2, published)
        if end is None:
            return None
        start = _date_from_match(m, end)
        if start is None or start > end:
            return None
        if low.startswith(" last year", m.end()) and not (m.group("y1") or m.group("y2")):
            start = _last_on_or_before(end, start.month, start.day, published.year - 1) or start
        return start, end
    return None


# A month total is reported while it is news: a month within about three months of the article ("in August" in
# September, "September's toll" in November). A month further back ("In November 2021, a tower fell and killed
# 40", "the Chibok abduction in April 2014") dates a past event, not a total; likewise a year other than the
# article's or the one before.
RECENT_MONTH_DAYS = 100


def calendar_window(low: str, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """A calendar month or year named as a figure's period: "in October", "last month", "September's toll",
    "in 2023". The month is the latest one on or before the article's date; a period still running ends on the
    article's date. Why: spec period_* columns; a month or year total is a running total over that span."""
    if published is None:
        return None
    m = _find(MONTH_WINDOW_RE, low)
    if m is not None and WINDOW_AFTER_START_RE.search(low, max(0, m.start() - 12), m.start()):
        return None  # "the war, which began in April 2023, has killed ...": a start, see _since_start
    if m is not None:
        if m.group("rel"):
            first = dt.date(published.year, published.month, 1)
            if m.group("rel") == "last":
                first = (first - dt.timedelta(days=1)).replace(day=1)
            year, mon = first.year, first.month
        else:
            mon = _MONTHS[(m.group("mon") or m.group("pmon")).rstrip(".")]
            year = int(m.group("yr")) if m.group("yr") else (published.year if mon <= published.month
                                                               else published.year - 1)
        start = dt.date(year, mon, 1)
        if start > published or (published - start).days > RECENT_MONTH_DAYS:
            return None
        return start, min(_month_last_day(year, mon), published)
    y = _find(YEAR_WINDOW_RE, low)
    if y is not None:
        year = int(y.group("yr"))
        if not published.year - 1 <= year <= published.year:
            return None
        return dt.date(year, 1, 1), min(dt.date(year, 12, 31), published)
    return None


def weekend_window(published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The weekend an article speaks of: the latest Saturday-Sunday on or before its date (a Saturday article:
    that Saturday alone so far)."""
    if published is None:
        return None
    if published.weekday() == 5:
        return published, published
    sunday = published - dt.timedelta(days=(published.weekday() + 1) % 7)
    return sunday - dt.timedelta(days=1), sunday


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


_DATE_ALT = rf"(?:{DATE_MD}|{DATE_DM}|{WEEKDAY})"
# how far an event's date may sit from the words that name it, in words (bounded: the patterns stay linear)
_EVENT_GAP = r"(?:[\w'-]{1,20}\s){0,4}?"
_DATE_GAP = r"(?:[\w'-]{1,20}\s){0,8}?"


@lru_cache(maxsize=8)
def _event_res(nouns: tuple[str, ...], verbs: tuple[str, ...],
               forms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two patterns of `event_start`, built once per rule lists (bounded alternations of literals and
    bounded word gaps: linear).

    EVENT_REF: "since the escalation began", "since the start of the war", "since escalation": a running total
    that names its start by an event (a date right after it is left to SINCE_START_OF_RE and the others).
    EVENT_DATED: where the article dates an event: "the ceasefire with Israel took effect on November 27" (noun,
    up to four words, a start verb, up to eight words, the date), "the start of the escalation on September 23",
    "Israel escalated its bombing campaign on September 23" (a verb form, up to eight words, "on", the date).
    """
    noun_alt = "|".join(re.escape(n) for n in nouns)
    verb_alt = "|".join(re.escape(v).replace(r"\ ", r"\s") for v in verbs)
    form_alt = "|".join(re.escape(f) for f, _ in forms)
    ref = _gate(re.compile(rf"\bsince\s(?:the\s(?:start|beginning|onset|outbreak)\sof\s)?(?:the\s|its\s|this\s)?"
                           rf"(?P<noun>{noun_alt})\b"), "since")
    dated = _gate(re.compile(
        rf"\b(?:(?P<noun>{noun_alt})\s{_EVENT_GAP}(?:{verb_alt})\s{_DATE_GAP}(?:on\s)?|"
        rf"(?:start|beginning|onset|outbreak)\sof\s(?:the\s)?(?P<noun2>{noun_alt})\s(?:on\s)?|"
        rf"(?P<form>{form_alt})\s{_DATE_GAP}on\s){_DATE_ALT}"), *(re.escape(n) for n in nouns),
        *(re.escape(f) for f, _ in forms))
    return ref, dated


@lru_cache(maxsize=4)
def _article_event_dates(article_low: str, published: dt.date | None, nouns: tuple[str, ...],
                         verbs: tuple[str, ...], forms: tuple[tuple[str, str], ...]) -> dict[str, dt.date | None]:
    """Each event the article dates -> its date (None when the article gives it two different dates). Worked out
    once per article (the cache holds the last few), and only when a sentence names an event start undated."""
    _, dated = _event_res(nouns, verbs, forms)
    verb_noun = dict(forms)
    found: dict[str, dt.date | None] = {}
    if not _may_match(dated, article_low):
        return found
    for m in dated.finditer(article_low):
        noun = m.group("noun") or m.group("noun2") or verb_noun[m.group("form")]
        day = _date_from_match(m, published)
        if day is None:
            continue
        if noun in found and found[noun] != day:
            found[noun] = None
        else:
            found.setdefault(noun, day)
    return found


def event_start(low: str, article_low: str, published: dt.date | None, rules: Rules) -> dt.date | None:
    """The start of a running total named by an event ("since the ceasefire took effect") that the article
    dates elsewhere ("the ceasefire ... took effect on November 27"): context.yaml scope.event_nouns."""
    nouns, verbs, forms = rules.scope_event_nouns, rules.scope_event_start_verbs, rules.scope_event_verb_forms
    ref, _ = _event_res(nouns, verbs, forms)
    m = _find(ref, low)
    if m is None or not article_low:
        return None
    return _article_event_dates(article_low, published, nouns, verbs, forms).get(m.group("noun"))


def _since_start(low: str, published: dt.date | None) -> tuple[bool, dt.date | None]:
    """Whether the sentence states a running total's start, and the start date when it can be resolved."""
    for rx in (SINCE_RE, SINCE_EVENT_RE, SINCE_START_OF_RE, STARTED_ON_RE):
        m = _find(rx, low)
        if m:
            start = _date_from_match(m, published)
            if start is not None and not (m.group("y1") or m.group("y2")) and LAST_YEAR_RE.match(low, m.end()):
                start = (_last_on_or_before(published, start.month, start.day, published.year - 1)
                         if published is not None else None)  # "since Oct. 8 last year"
            return True, start
    m = _find(SINCE_MONTH_RE, low)
    if m and published is not None:
        mon = _MONTHS[m.group("mon")]
        year = int(m.group("yr")) if m.group("yr") else (published.year if mon <= published.month
                                                         else published.year - 1)
        return True, dt.date(year, mon, 1)
    if (published is not None and "since" in low
            and re.search(r"\bsince\sthe\s(?:start|beginning)\sof\sthe\syear\b", low)):
        return True, dt.date(published.year, 1, 1)
    if _find(MULTI_DAY_WINDOW_RE, low):
        year_start = (dt.date(published.year, 1, 1) if published is not None and _find(YEAR_SO_FAR_RE, low)
                      else None)
        return True, year_start
    return False, None


def resolve_period(sentence: str, published: dt.date | None, metric: Metric, rules: Rules,
                   article_low: str = "", previous: Period | None = None) -> Period:
    """Scope and dates of the figures in one sentence (precedence documented in context.yaml).

    `previous` is the period of the article's last sentence with figures: "over the same period" continues
    it, and so does a sentence with no scope cue of its own, since articles name the event or the running
    total once and go on giving figures about it.
    """
    low = DATELINE_RE.sub("", sentence, count=1).lower().replace("’", "'")
    if _may_match(SUPERLATIVE_SINCE_RE, low):
        low = SUPERLATIVE_SINCE_RE.sub(" ", low)  # "the heaviest since 2022" compares, it does not count
    statement_day: dt.date | None = None
    if not _find(SAME_DAY_RE, low):  # "announced on Wednesday that eight were killed that day": the day counts
        for rx in (SAID_ON_RE, _statement_day_re(rules.scope_statement_verbs)):
            said = _find(rx, low)
            if said is None:
                continue
            said_day = _find(DATE_ANY_RE, said.group(0))
            if statement_day is None and said_day is not None:
                statement_day = _date_from_match(said_day, published)
            # the day a statement was made ("said on Thursday", "on Tuesday raised the toll") is not the event's
            low = rx.sub(" said ", low)
    window = date_window(low, published)
    if window is not None:  # "between 1 January and 31 August": the text states both ends
        return Period(Scope.DAY if window[0] == window[1] else Scope.CUMULATIVE, *window)
    has_since, start = _since_start(low, published)
    if previous is not None and _find(SAME_PERIOD_RE, low) and start is None:
        # "over the same period" continues the period before, unless this sentence states its own start
        # ("58 freed since the truce began on Friday, and 117 released over the same period")
        return previous
    if _find(WEEKEND_RE, low) and not (has_since and start is not None):
        weekend = weekend_window(published)  # "over the weekend" in a Monday article: Saturday and Sunday
        if weekend is not None:
            return Period(Scope.CUMULATIVE, *weekend)
    if start is None and has_phrase(low, rules.war_start_phrases):
        start = war_start(low, article_low, rules)
    if start is None and "since" in low:
        start = event_start(low, article_low, published, rules)  # "since the escalation began", dated elsewhere
    as_of = _find(AS_OF_RE, low)
    end = (_date_from_match(as_of, published) if as_of else None) or published
    day_match = _find(DATE_ANY_RE, low)
    day = _date_from_match(day_match, published) if day_match else None
    possessive = _find(POSSESSIVE_DAY_RE, low)

    month = calendar_window(low, published) if not (has_since or " since " in f" {low} ") else None
    if has_since or has_phrase(low, rules.scope_cumulative_strong):
        if month is not None and start is None:
            return Period(Scope.CUMULATIVE, *month)  # "in all, 1,500 were killed in October"
        return Period(Scope.CUMULATIVE, start, end)
    if has_phrase(low, rules.scope_day_window):
        # "in a single day ... making Monday the bloodiest": the day named; "81 killed over the previous 24
        # hours", the ministry said on Thursday: the statement's day; else the article's
        window_day = day or statement_day or published
        return Period(Scope.DAY, window_day, window_day)
    if possessive:
        event_day = _date_from_match(possessive, published)
        return Period(Scope.INCIDENT, event_day, event_day)
    if _singular_incident(_event_text(low, month, rules), rules) or _find(WHEN_EVENT_RE, low) \
            or _find(HEADLINE_VERB_RE, low):
        return Period(Scope.INCIDENT, day, day)
    if month is not None:
        # "184 civilians were killed in Ukraine in August", "about 150 people in 2023": a month's or a year's
        # total over many events (one event in a named month, "In April, Iran fired 300 drones in its first
        # direct attack", stopped above as an incident)
        return Period(Scope.CUMULATIVE, *month)
    if has_phrase(low, rules.scope_cumulative_weak):
        # spec rule 15: a single attack's toll stays `incident` as it rises ("bringing the toll to 36")
        if previous is not None and previous.scope is Scope.INCIDENT and has_phrase(low, rules.scope_toll_words):
            return previous
        return Period(Scope.CUMULATIVE, start, end)
    if has_phrase(low, rules.scope_incident_other) or metric in (Metric.DETAINED, Metric.ABDUCTED):
        return Period(Scope.INCIDENT, day, day)
    if day is not None or day_match is not None:
        # "on Monday, 41 people were killed" is a day's count; "a missile struck the ship on Wednesday,
        # killing three" is one event on that day, unless the sentence spreads it ("across Lebanon")
        if has_phrase(low, rules.scope_event_words) and not has_phrase(low, rules.scope_day_spread):
            return Period(Scope.INCIDENT, day, day)
        return Period(Scope.DAY, day, day)
    if metric is Metric.DISPLACED:
        return Period(Scope.CUMULATIVE, None, published)
    if previous is not None:
        # no cue of its own: a sentence like "He said 37 others were injured" or "14 of the dead were
        # children" goes on about the event or total the figures before it described
        return previous
    return Period(Scope.UNKNOWN)


# CLAUSE_BREAK: where a sentence's clauses part ("..., including 195 killed in the past 24 hours"; "...; it raised")
# (not the comma of a date's year: "since October 8, 2023, reached")
CLAUSE_BREAK_RE = re.compile(r"[,;:]\s(?!\d{4}\b)|\s[—–-]\s")


# RESTATED_CLAUSE: "up from 2,681 on Sunday" restates the sentence's own total at an earlier day
RESTATED_CLAUSE_RE = re.compile(r"\b(?:up|down)\sfrom\s")


def _statement_free(low: str, rules: Rules) -> str:
    if _may_match(SAID_ON_RE, low):
        low = SAID_ON_RE.sub(" said ", low)
    statement_day = _statement_day_re(rules.scope_statement_verbs)
    return statement_day.sub(" said ", low) if _may_match(statement_day, low) else low


def _has_period_cue(low: str, rules: Rules) -> bool:
    """Whether a clause names its own period: a date or day, "since", a day window, a running-total phrase, a
    month, a year or the weekend (a statement's day, "said on Tuesday", is no cue)."""
    low = _statement_free(low, rules)
    return bool(_find(DATE_ANY_RE, low) or "since " in low or has_phrase(low, rules.scope_day_window)
                or has_phrase(low, rules.scope_cumulative_strong) or _find(MONTH_WINDOW_RE, low)
                or _find(YEAR_WINDOW_RE, low) or _find(WEEKEND_RE, low))


def _states_running_total(low: str, rules: Rules) -> bool:
    """A clause that opens a running total ("The ministry's running total since October 8, 2023, reached ...")
    governs the figures after it, even when their clause names the day it reached them."""
    return "since " in low or has_phrase(low, rules.scope_cumulative_strong)


class SentenceClauses:
    """The clauses of one sentence with figures, for `text_for` to pick the text that sets each figure's period.

    Why: one sentence may give a running total and a daily count ("25,490 killed since Oct. 7, including 195
    killed in the past 24 hours"; "strikes killed 55 on Tuesday ..., bringing the toll since September 23 to
    1,100"). When the figure's own clause names a period, that clause decides, with the clauses that hold no
    figure and no period of their own ("in a strike on a car") and the sentence's statement day ("the ministry
    said on Thursday"); otherwise the whole sentence does, as before. The split, each clause's cues and the
    statement days are worked out once per sentence, when a figure first needs them, not once per figure.
    """

    __slots__ = ("_clauses", "_cues", "_offsets", "_rules", "_said", "sentence")

    def __init__(self, sentence: str, figure_offsets: list[int], rules: Rules) -> None:
        self.sentence = sentence
        self._offsets = figure_offsets  # the figures' offsets, relative to the sentence
        self._rules = rules
        self._clauses: list[tuple[int, int]] | None = None
        self._cues: dict[tuple[int, int], bool] = {}
        self._said: list[str] | None = None

    def _has_cue(self, clause: tuple[int, int]) -> bool:
        if clause not in self._cues:
            self._cues[clause] = _has_period_cue(self.sentence[clause[0]:clause[1]].lower(), self._rules)
        return self._cues[clause]

    def _statement_days(self) -> list[str]:
        if self._said is None:
            low = self.sentence.lower()
            said = [m.group(0) for m in SAID_ON_RE.finditer(low)] if _may_match(SAID_ON_RE, low) else []
            statement_day = _statement_day_re(self._rules.scope_statement_verbs)
            if _may_match(statement_day, low):
                said += [m.group(0) for m in statement_day.finditer(low)]
            self._said = said
        return self._said

    def text_for(self, at: int) -> str:
        """The text whose cues set the period of the figure at offset `at` (relative to the sentence)."""
        sentence = self.sentence
        if len(self._offsets) < 2:
            return sentence
        if self._clauses is None:
            bounds = [0, *(m.end() for m in CLAUSE_BREAK_RE.finditer(sentence)), len(sentence) + 1]
            self._clauses = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
        clauses = self._clauses
        if len(clauses) < 2:
            return sentence
        own = next((c for c in clauses if c[0] <= at < c[1]), None)
        if own is None:
            return sentence
        if not self._has_cue(own) or RESTATED_CLAUSE_RE.match(sentence[own[0]:own[1]].lower().lstrip()):
            return sentence  # "..., up from 2,681 on Sunday": an earlier count of the sentence's total (_local_period)
        parts = [sentence[own[0]:own[1]]]
        for c in clauses:
            if c == own or any(c[0] <= o < c[1] for o in self._offsets):
                continue
            text = sentence[c[0]:c[1]]
            # a clause after the figure's goes on about it ("..., as of Wednesday evening", "..., making Monday the
            # bloodiest day"); one before it with a day of its own is another event ("agreed on Monday to extend
            # the truce, ..., after an exchange on Sunday in which Hamas freed 13")
            if c[0] > own[0] or not self._has_cue(c) or _states_running_total(text.lower(), self._rules):
                parts.append(text)
        return " ".join(parts + self._statement_days())


def clause_text(sentence: str, at: int, figure_offsets: list[int], rules: Rules) -> str:
    """The text that sets the period of the figure at offset `at` (see `SentenceClauses`, which extraction keeps
    per sentence)."""
    return SentenceClauses(sentence, figure_offsets, rules).text_for(at)


@lru_cache(maxsize=8)
def _singular_re(nouns: tuple[str, ...]) -> re.Pattern[str]:
    # an event noun in the singular ("a strike", "Turkey quake", "the blast"): one event
    alt = "|".join(re.escape(n) for n in nouns)
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")


def _event_text(low: str, month: tuple[dt.date, dt.date] | None, rules: Rules) -> str:
    """The text in which an incident noun names the figure's event: without the phrases in which it names none
    ("Israeli fire", "trading fire": rules scope.not_incident) and, when a calendar month is the period, without
    what describes the month ("in October, the first full month of its ground operation")."""
    if has_phrase(low, rules.scope_not_incident):
        low = _phrase_re(rules.scope_not_incident).sub(" ", low)
    if month is not None and _may_match(MONTH_OF_RE, low):
        low = MONTH_OF_RE.sub(" ", low)
    return low


def _singular_incident(low: str, rules: Rules) -> bool:
    return bool(_singular_re(rules.scope_incident_nouns).search(low))


def local_date_after(text_after: str, published: dt.date | None) -> dt.date | None:
    """A date right after a figure ("up from 412 on Monday") -> that day, for its period_end."""
    m = re.match(rf"\s{{0,3}}(?:on\s|as\sof\s)?(?:{DATE_MD}|{DATE_DM}|{WEEKDAY}|\b(?P<rel>yesterday)\b)",
                 text_after[:40].lower())
    return _date_from_match(m, published) if m else None
