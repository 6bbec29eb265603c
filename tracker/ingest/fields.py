"""From a loose mapping (front matter, CSV row, JSON object) to the Article's typed fields.

Every source names things differently and types them loosely; this module is the one place that
decides which key means "title" (``rules.FIELD_ALIASES``), what happens to a title that is a
list, and where unknown keys go. Problems become one-line warnings, never exceptions: one odd
field should not cost the user the article's text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tracker.ingest.dates import is_ambiguous_date, parse_date
from tracker.ingest.rules import FIELD_ALIASES, PUBLISHED_RAW_KEY, RESERVED_EXTRA_KEYS

#: Fields whose value must be a short piece of text.
TEXT_FIELDS: tuple[str, ...] = ("title", "outlet", "url")


@dataclass(slots=True)
class Metadata:
    """The typed fields of an Article other than its id and body, plus what went wrong."""

    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def normalise_key(key: object) -> str:
    """How a key is matched against the aliases: trimmed, lowercase ("Title " == "title")."""
    return str(key).strip().lower()


def choose_keys(record: Mapping[Any, Any]) -> dict[str, Any]:
    """Model field -> the record key that provides it.

    For each field the first alias in FIELD_ALIASES order holding a non-blank value wins, so an
    empty "title" cell does not hide a filled "headline" one.
    """
    by_norm: dict[str, Any] = {}
    for key in record:
        by_norm.setdefault(normalise_key(key), key)
    chosen: dict[str, Any] = {}
    for name, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            key = by_norm.get(alias)
            if key is not None and not is_blank(record[key]):
                chosen[name] = key
                break
    return chosen


def pick_fields(record: Mapping[Any, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a record into model fields (by alias) and everything else (kept for ``extra``).

    Aliases that lost to a preferred one stay in the second mapping under their original key.
    """
    chosen = choose_keys(record)
    used = set(chosen.values())
    known = {name: record[key] for name, key in chosen.items()}
    rest = {str(key): value for key, value in record.items() if key not in used}
    return known, rest


def is_blank(value: object) -> bool:
    """None, or a string of whitespace: a cell or key that says nothing."""
    return value is None or (isinstance(value, str) and not value.strip())


def build_metadata(
    known: Mapping[str, Any],
    rest: Mapping[str, Any],
    raw_text: Mapping[str, str] | None = None,
) -> Metadata:
    """Typed fields from ``pick_fields`` output, with a warning for each value that does not fit.

    ``raw_text`` maps a field to its value exactly as written, when the parser typed it (YAML
    reads ``title: 1984`` as an int and ``title: 12:30`` as 750); text fields use it first.
    """
    meta = Metadata()
    for key, value in rest.items():
        if normalise_key(key) in RESERVED_EXTRA_KEYS:
            meta.warnings.append(f"key {key!r} is reserved for ingest; ignored")
        else:
            meta.extra[key] = value
    raw_text = raw_text or {}
    for name in TEXT_FIELDS:
        value = raw_text.get(name, known.get(name))
        text = as_text(value)
        if text is None and not is_blank(value):
            meta.warnings.append(f"{name} is {describe_type(value)}, not text; ignored")
        setattr(meta, name, text)
    set_published(meta, known.get("published"))
    return meta


def set_published(meta: Metadata, value: object) -> None:
    """Parse a published value into ``meta``; an unusable one is kept raw, with a warning.

    "2024-10" stays "2024-10" in extra["published_raw"] rather than becoming the 1st of October.
    """
    if is_blank(value):
        return
    meta.published = parse_date(value)
    if meta.published is None:
        meta.extra[PUBLISHED_RAW_KEY] = value
        shown = repr(value) if isinstance(value, str) else describe_type(value)
        if is_ambiguous_date(value):
            meta.warnings.append(
                f"published {shown} could be read month-first or day-first; left empty (write it as yyyy-mm-dd)"
            )
        else:
            meta.warnings.append(f"published {shown} is not a full calendar date; left empty")


def as_text(value: object) -> str | None:
    """A trimmed string for text-like scalars; None for blanks and for lists, mappings, bools.

    Numbers and dates become their usual spelling: a title "1984" read as an int is still
    meaningful. A bool is refused because YAML turns "yes"/"no" into one and the spelling is lost.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        stripped = value.strip()
        return stripped or None
    if isinstance(value, int | float | dt.date):
        return str(value)
    return None


def describe_type(value: object) -> str:
    """A short phrase for a wrong-typed value in a warning ("a list", "a mapping")."""
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"
