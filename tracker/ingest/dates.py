"""Publication dates from whatever a front matter, a CSV cell or an HTML page holds.

The date an article was published anchors "on Monday" and "since the war began" in the later
stages, so a wrong date is worse than none: a value that is not a full calendar date ("2024-10",
"yesterday") gives None and the caller keeps the raw value and warns; nothing is invented.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from dateutil import parser as dateutil_parser

#: Longer strings are not dates (a paragraph pasted into the wrong column); refusing them early
#: also bounds the work dateutil does.
MAX_DATE_CHARS: Final[int] = 64

#: A date written year first ("2024/03/04", "2024.03.04"): read year-month-day, never ambiguous.
_YEAR_FIRST: Final[re.Pattern[str]] = re.compile(r"\d{4}\D")

#: Two defaults that differ in year, month and day. dateutil fills missing parts from the
#: default, so a part that comes out different under the two was not in the string.
_PROBE_DEFAULTS: Final[tuple[dt.datetime, dt.datetime]] = (
    dt.datetime(2000, 1, 1),  # naive on purpose: only calendar parts are compared
    dt.datetime(2001, 2, 2),
)


def parse_date(value: object) -> dt.date | None:
    """A calendar date, or None when ``value`` does not name one completely and unambiguously.

    Accepts date and datetime objects (YAML front matter yields them), ISO 8601 strings
    including "2024-10-15T08:00:00Z", and the written forms dateutil understands ("Oct. 15,
    2024", "15 October 2024"). A datetime keeps its own calendar day: the date printed on the
    article, not the UTC one. A numeric date whose day and month could be swapped ("10/01/2024":
    1 October in the US, 10 January in most other places) gives None, see
    :func:`is_ambiguous_date`; one that can be read only one way ("13/01/2024", "01/13/2024",
    "10/10/2024") and year-first forms ("2024/03/04", always year-month-day) are read.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    iso = _parse_iso(text)
    if iso is not None:
        return iso
    parsed: list[dt.date] = []
    for default in _PROBE_DEFAULTS:
        try:
            parsed.append(dateutil_parser.parse(text, default=default).date())
        except (ValueError, OverflowError):  # dateutil's ParserError is a ValueError
            return None
    first, second = parsed
    if first != second or is_ambiguous_date(text):
        return None
    return first


def is_ambiguous_date(value: object) -> bool:
    """True for a numeric date that means two different days read month-first or day-first.

    Why: dateutil silently reads "10/01/2024" month-first (1 October), but a European source
    means 10 January, and nothing in the string tells which. The publication date anchors "on
    Monday" and every period, so a guess is worse than no date. Year-first forms are not
    ambiguous in practice: year-day-month is not a convention anyone writes.
    """
    if not isinstance(value, str):
        return False
    text = value.strip()
    if not text or len(text) > MAX_DATE_CHARS or _YEAR_FIRST.match(text) or _parse_iso(text) is not None:
        return False
    try:
        month_first = dateutil_parser.parse(text, default=_PROBE_DEFAULTS[0]).date()
        day_first = dateutil_parser.parse(text, default=_PROBE_DEFAULTS[0], dayfirst=True).date()
    except (ValueError, OverflowError):
        return False
    return month_first != day_first


def _parse_iso(text: str) -> dt.date | None:
    """The standard library's ISO 8601 reading (Python 3.11 accepts a trailing Z).

    Week dates ("2024-W42") are refused: they name a week, and fromisoformat would pick Monday.
    """
    if "W" in text.upper():
        return None
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None
