"""Article lists from the tools newsrooms already use: plain URL lists, GDELT, Media Cloud.

Each reader turns a file into :class:`Listed` items: a URL to fetch, with whatever the list
already knows (title, outlet, date) as a fallback for the page's own metadata, and the text when
the export carries it (a Media Cloud export with story text needs no download at all).

* URL list (``.txt``): one URL a line; blank lines and ``#`` comments ignored.
* GDELT DOC 2.0 API, ``mode=ArtList``: the JSON (``format=json``: ``{"articles": [{"url",
  "title", "seendate", "domain", ...}]}``) or the CSV (``format=csv``: ``URL``, ``Title``,
  ``Date``/``SeenDate``...). GDELT dates look like ``20240923T121500Z``.
* Media Cloud CSV exports (old ``stories_id``/``media_name`` and new ``id``/``media_name``
  layouts): ``url``, ``title``, ``publish_date``, ``media_name``, and ``text`` or ``story_text``
  when present.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from dateutil import parser as dateparser

__all__ = ["LIST_KINDS", "ListError", "Listed", "detect_kind", "read_list"]

ListKind = Literal["auto", "urls", "gdelt", "mediacloud"]
LIST_KINDS: Final[tuple[str, ...]] = ("auto", "urls", "gdelt", "mediacloud")

_GDELT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T\d{6}Z?)?$")
_MEDIACLOUD_KEYS: Final[frozenset[str]] = frozenset({"media_name", "stories_id", "publish_date", "media_url"})
_GDELT_KEYS: Final[frozenset[str]] = frozenset({"mobileurl", "seendate", "sharingimage", "domain"})


class ListError(ValueError):
    """The list file cannot be read at all (not the format it claims, no URL column)."""


@dataclass(frozen=True, slots=True)
class Listed:
    """One article named by a list: the URL, the list's metadata, and text when it has any."""

    url: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date, or None when the list gives none we can read
    text: str | None = None
    origin: str = "urls"


def _iso_date(value: object) -> str | None:
    """A list's date as ISO ``YYYY-MM-DD`` (GDELT's compact form included), or None."""
    text = str(value or "").strip()
    if not text:
        return None
    m = _GDELT_DATE.match(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return dateparser.isoparse(text).date().isoformat()
    except (ValueError, OverflowError):
        pass
    try:
        return dateparser.parse(text).date().isoformat()
    except (ValueError, OverflowError):
        return None


def _clean(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _lower_keys(row: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k).strip().lower(): v for k, v in row.items() if k is not None}


def _read_urls(path: Path) -> Iterator[Listed]:
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        url = line.strip()
        if url and not url.startswith("#"):
            yield Listed(url=url)


def _gdelt_item(row: Mapping[str, Any]) -> Listed | None:
    r = _lower_keys(row)
    url = _clean(r.get("url"))
    if url is None:
        return None
    return Listed(
        url=url,
        title=_clean(r.get("title")),
        outlet=_clean(r.get("domain")),
        published=_iso_date(r.get("seendate") or r.get("date")),
        origin="gdelt",
    )


def _read_gdelt(path: Path) -> Iterator[Listed]:
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig") or "{}")
        except json.JSONDecodeError as error:
            raise ListError(f"{path}: not valid JSON ({error.msg} at line {error.lineno})") from None
        rows = data.get("articles", []) if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise ListError(f"{path}: no 'articles' list (is it a GDELT DOC ArtList?)")
        for row in rows:
            if isinstance(row, dict) and (item := _gdelt_item(row)) is not None:
                yield item
        return
    for row in _csv_rows(path):
        if (item := _gdelt_item(row)) is not None:
            yield item


def _read_mediacloud(path: Path) -> Iterator[Listed]:
    for row in _csv_rows(path):
        r = _lower_keys(row)
        url = _clean(r.get("url"))
        if url is None:
            continue
        yield Listed(
            url=url,
            title=_clean(r.get("title")),
            outlet=_clean(r.get("media_name")),
            published=_iso_date(r.get("publish_date")),
            text=_clean(r.get("text") or r.get("story_text")),
            origin="mediacloud",
        )


def _csv_rows(path: Path) -> Iterator[dict[str, Any]]:
    csv.field_size_limit(16 * 1024 * 1024)  # Media Cloud rows can carry whole article texts
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = {h.strip().lower() for h in reader.fieldnames or ()}
        if "url" not in header:
            raise ListError(f"{path}: no 'url' column (columns: {', '.join(sorted(header)) or 'none'})")
        yield from reader


def detect_kind(path: Path) -> str:
    """Which list a file is: .json -> gdelt, .csv by its header, anything else a URL list."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "gdelt"
    if suffix != ".csv":
        return "urls"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = {h.strip().lower() for h in next(csv.reader(fh), [])}
    if header & _MEDIACLOUD_KEYS:
        return "mediacloud"
    if header & _GDELT_KEYS or {"url", "title", "date"} <= header:
        return "gdelt"
    raise ListError(f"{path}: cannot tell whether this CSV is a GDELT or a Media Cloud export; "
                    "use --list-format")


def read_list(path: Path, kind: str = "auto") -> list[Listed]:
    """All items of a list file; ``kind`` one of :data:`LIST_KINDS`. Raises ListError or OSError."""
    chosen = detect_kind(path) if kind == "auto" else kind
    readers = {"urls": _read_urls, "gdelt": _read_gdelt, "mediacloud": _read_mediacloud}
    if chosen not in readers:
        raise ListError(f"unknown list format {kind!r}: use {', '.join(LIST_KINDS)}")
    try:
        return list(readers[chosen](path))
    except UnicodeDecodeError:
        raise ListError(f"{path}: not UTF-8 text") from None
    except csv.Error as error:
        raise ListError(f"{path}: malformed CSV ({error})") from None
