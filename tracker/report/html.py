"""A tiny HTML builder that escapes by default.

Why not f-strings: the report puts article titles, quotes, sources and URLs written by anyone
on the web into pages a fact-checker opens. Every text and attribute value passes through
:func:`el`, which escapes it unless it is already :class:`Html` (built here), so a quote that
holds ``<script>`` is shown as text and never run. Links are made only for ``http(s)`` URLs
(:func:`safe_url`), so a ``javascript:`` URL stays plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

__all__ = ["Html", "el", "esc", "join", "safe_url"]


class Html(str):
    """A string that is already HTML (built by :func:`el`); it is not escaped again."""

    __slots__ = ()


Child = str | Html | None | Iterable["Child"]
AttrValue = str | int | float | bool | None

_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9:_-]*$")
_VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "col", "wbr"})
# Control and whitespace characters that browsers strip from URLs ("java\tscript:").
_URL_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f]")
_HTTP = re.compile(r"^https?://[^/?#\s]+", re.IGNORECASE)


def esc(text: object) -> Html:
    """Text as HTML: ``&<>"'`` escaped (quote=True so it is safe in attributes too)."""
    if isinstance(text, Html):
        return text
    return Html(html.escape("" if text is None else str(text), quote=True))


def _render(child: Child) -> str:
    if child is None:
        return ""
    if isinstance(child, Html):
        return child
    if isinstance(child, str):
        return esc(child)
    return "".join(_render(c) for c in child)


def join(*children: Child) -> Html:
    """Children rendered and concatenated (str escaped, Html kept)."""
    return Html(_render(children))


def el(tag: str, attrs: Mapping[str, AttrValue] | None = None, *children: Child) -> Html:
    """One element: ``el("a", {"href": url}, "text")``.

    Attribute values are escaped; ``None`` and ``False`` drop the attribute, ``True`` writes it
    bare. Names are checked so that data from the input can never become an attribute name.
    """
    if not _NAME.match(tag):
        raise ValueError(f"bad tag name {tag!r}")
    parts = [f"<{tag}"]
    for name, value in (attrs or {}).items():
        if not _NAME.match(name):
            raise ValueError(f"bad attribute name {name!r}")
        if value is None or value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{esc(value)}"')
    parts.append(">")
    if tag in _VOID:
        return Html("".join(parts))
    return Html("".join(parts) + _render(children) + f"</{tag}>")


def safe_url(url: object) -> str | None:
    """The URL when it is a plain ``http``/``https`` address a link may point to, else None.

    Anything else (``javascript:``, ``data:``, relative paths, URLs with control characters or
    spaces a browser would silently drop) is shown as text, never made clickable.
    """
    if not isinstance(url, str):
        return None
    u = url.strip()
    if not u or _URL_JUNK.search(u) or not _HTTP.match(u):
        return None
    return u
