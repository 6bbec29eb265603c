"""Figures, dates and names in the words a fact-checker reads ("at least 2,350").

Kept apart from :mod:`tracker.compare` on purpose: the report must read well even for claims
that are in no series (hypotheticals), and it must not break when the comparison's own
wording changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from tracker.compare.series import QUALIFIER_WORDS
from tracker.compare.series import fmt_number as series_fmt_number

__all__ = [
    "FLAG_LABELS",
    "FLAG_ORDER",
    "METRIC_ORDER",
    "figure_words",
    "fmt_date",
    "fmt_number",
    "metric_class",
    "metric_label",
    "slug",
]

#: Metrics in the order of spec/CLAIMS.md (also the order of colours in report.css).
METRIC_ORDER = (
    "killed",
    "injured",
    "casualties",
    "displaced",
    "projectiles",
    "detained",
    "abducted",
    "missing",
)

#: Flags in the order the disagreements page shows them: corrections first, copies last.
FLAG_ORDER = ("revised_down", "scope_change", "conflict", "stale", "copied")
FLAG_LABELS = {
    "revised_down": "Revised down",
    "scope_change": "Scope change",
    "conflict": "Conflict",
    "stale": "Stale",
    "copied": "Copied",
}
_FLAG_HELP = {
    "revised_down": "A source's running total lower than its own earlier figure.",
    "scope_change": "A lower running total that counts from a later start date.",
    "conflict": "Two sources, within a day, more than 10% apart.",
    "stale": "An older figure carried after the same source had a newer, higher one out.",
    "copied": "The same figure in the same words as an earlier article of another outlet.",
}



def flag_help(flag: str) -> str:
    """One sentence saying what a flag means (shown beside its badge)."""
    return _FLAG_HELP.get(flag, "")


def fmt_number(x: float | None) -> str:
    """2350.0 -> "2,350"; 2.25 -> "2.25"; None/NaN -> "?" (the comparison's formatter, two decimals trimmed)."""
    return series_fmt_number(x, places=2, trim=True)


def figure_words(
    value: float | None, qualifier: str | None, low: float | None, high: float | None, unit: str | None = None
) -> str:
    """The figure with its bounds in words: "at least 2,350", "between 100 and 300".

    The unit is added only where it is not people ("2,000 households"), since people are the
    default reading of every metric but projectiles.
    """
    q = qualifier or "exact"
    if q == "range" and high is not None:
        text = f"between {fmt_number(low if low is not None else value)} and {fmt_number(high)}"
    elif q == "vague" and low is not None and high is not None:
        text = f"{fmt_number(low)} to {fmt_number(high)} (vague)"
    else:
        text = QUALIFIER_WORDS.get(q, "") + fmt_number(value)
    if unit == "households":
        text += " households"
    return text


def fmt_date(d: dt.date | None) -> str:
    """ "8 Oct 2023", or "undated"."""
    if d is None:
        return "undated"
    return f"{d.day} {d.strftime('%b')} {d.year}"


def metric_class(metric: str | None) -> str:
    """The CSS class of a metric's colour ("m-killed"); any metric not in the spec is "m-other"."""
    return f"m-{metric}" if metric in METRIC_ORDER else "m-other"


def metric_label(metric: str | None) -> str:
    """ "killed" -> "Killed"; unknown metrics shown as written."""
    return (metric or "unknown").replace("_", " ").capitalize()


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def slug(key: str, taken: set[str] | None = None) -> str:
    """A file name for an id, safe on every file system and in a URL.

    Ids are article file names or hashes; anything unusual (spaces, "/", "..", non-ASCII, a
    leading dot) is replaced, and a short hash of the original keeps two ids that clean to the
    same name apart. ``taken`` (lower-cased names already used) guards against collisions on
    case-insensitive file systems.
    """
    clean = _UNSAFE.sub("-", key).strip(".-")[:80] or "x"
    if clean != key or (taken is not None and clean.lower() in taken):
        clean = f"{clean}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"
    if taken is not None:
        taken.add(clean.lower())
    return clean
