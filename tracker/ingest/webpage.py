"""Saved web pages: article text and metadata through trafilatura.

trafilatura drops navigation, scripts, styles and boilerplate and reads title, date, site name
and canonical URL from the page's metadata. The body starts with the title (as a news page shows
it) so a figure in a headline can be found by the extractor like any other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import trafilatura

from tracker.ingest.decode import Decoded
from tracker.ingest.fields import Metadata, as_text, set_published
from tracker.ingest.textfile import make_article
from tracker.model import Article, Skipped

#: How far into the page to look for a declared charset (the HTML standard says 1024 bytes;
#: real pages put long comments first, so allow more).
CHARSET_SNIFF_BYTES: Final[int] = 4096

#: Date options for htmldate (used by trafilatura): no "extensive search", which guesses dates
#: from any number in the text; prefer the original publication date over an update date.
DATE_OPTIONS: Final[dict[str, Any]] = {"extensive_search": False, "original_date": True}

_CHARSET_CHARS: Final[frozenset[int]] = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789-_:.")


def declared_charset(data: bytes) -> str | None:
    """The charset a page names in its first bytes (``<meta charset=...>`` or ``content=...;
    charset=...``), found with ``bytes.find``, so any input is linear time."""
    head = data[:CHARSET_SNIFF_BYTES].lower()
    at = head.find(b"charset=")
    if at == -1:
        return None
    start = at + len(b"charset=")
    while start < len(head) and head[start] in b"\"' ":
        start += 1
    end = start
    while end < len(head) and head[end] in _CHARSET_CHARS:
        end += 1
    return head[start:end].decode("ascii") or None


def read_html_article(path: Path, decoded: Decoded) -> Article | Skipped:
    """One article from a decoded HTML page; its id is the file's stem."""
    try:
        document = trafilatura.bare_extraction(
            decoded.text,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=DATE_OPTIONS,
        )
    except Exception as error:  # lxml and trafilatura raise many types on broken markup
        return Skipped(str(path), f"html could not be parsed ({type(error).__name__})")
    text = _attribute(document, "text")
    if text is None:
        return Skipped(str(path), "no article text found in the html")
    meta = Metadata(
        title=_attribute(document, "title"),
        outlet=_attribute(document, "sitename"),
        url=_attribute(document, "url"),
    )
    set_published(meta, _attribute(document, "date"))
    title = meta.title
    body = text if title is None or text.lstrip().startswith(title) else f"{title}\n\n{text}"
    return make_article(path.stem, body, meta, path, decoded)


def _attribute(document: object, name: str) -> str | None:
    """A text attribute of trafilatura's result (a Document, or a dict in older versions)."""
    if document is None:
        return None
    value = document.get(name) if isinstance(document, dict) else getattr(document, name, None)
    return as_text(value)
