"""YAML front matter: where it ends (the body's first character) and what it says.

The body starts right after the closing ``---`` line and is kept byte-for-byte (as decoded), since
claim offsets point into it. Finding the lines is done with ``str.find``, no regular expressions,
so no input can make it slow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from tracker.ingest.fields import TEXT_FIELDS, Metadata, build_metadata, choose_keys, describe_type

#: The line that opens and closes front matter (trailing spaces and a CR are tolerated).
FENCE: Final[str] = "---"

#: Characters allowed after the fence on its line.
_FENCE_TRAILER: Final[str] = " \t\r"


class FrontMatterError(Exception):
    """The front matter makes the body impossible to locate; ``reason`` is for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps.

    PyYAML turns ``2024-13-45`` into a ValueError that would cost the whole front matter, and
    ``2024-10-15`` into a date only in some spellings; dates are left as strings here and
    ``dates.parse_date`` decides them all the same way.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(slots=True)
class FrontMatter:
    """Parsed front matter: YAML-typed values, the same with every scalar as written, warnings."""

    values: dict[Any, Any] = field(default_factory=dict)
    raw: dict[Any, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def metadata(self) -> Metadata:
        """The Article fields this front matter gives, its warnings first.

        Text fields (title, outlet, url) use the spelling as written when YAML typed the value
        (``title: 1984`` is an int, ``title: no`` a bool, ``title: 12:30`` the number 750).
        """
        chosen = choose_keys(self.values)
        used = set(chosen.values())
        known = {name: self.values[key] for name, key in chosen.items()}
        rest = {str(key): value for key, value in self.values.items() if key not in used}
        raw_text: dict[str, str] = {}
        for name, key in chosen.items():
            written = self.raw.get(str(key))
            if name in TEXT_FIELDS and isinstance(written, str):
                raw_text[name] = written
        meta = build_metadata(known, rest, raw_text)
        meta.warnings[:0] = self.warnings
        return meta


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return (front-matter source or None, offset where the body starts).

    Front matter exists only when the very first line is ``---``. Raises FrontMatterError when it
    is never closed: the body's start is then unknown, and guessing would shift every offset.
    """
    first_end = text.find("\n")
    if first_end == -1 or text[:first_end].rstrip(_FENCE_TRAILER) != FENCE:
        return None, 0
    start = first_end + 1
    position = start
    while position <= len(text):
        line_end = text.find("\n", position)
        stop = len(text) if line_end == -1 else line_end
        if text[position:stop].rstrip(_FENCE_TRAILER) == FENCE:
            body_start = len(text) if line_end == -1 else line_end + 1
            return text[start:position], body_start
        if line_end == -1:
            break
        position = line_end + 1
    raise FrontMatterError("unterminated front matter: no closing --- line")


def parse_front_matter(source: str) -> FrontMatter:
    """Read the YAML between the fences. Bad YAML gives warnings and no metadata, not an error:
    the body is still well defined, so the article is kept."""
    result = FrontMatter()
    if not source.strip():
        return result
    try:
        values = yaml.load(source, Loader=_Loader)  # a SafeLoader: builds plain data only
        raw = yaml.load(source, Loader=yaml.BaseLoader)  # every scalar as its written string
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" at line {mark.line + 2}" if mark is not None else ""  # +2: 0-based, after ---
        problem = error.problem or "syntax error"
        result.warnings.append(f"front matter is not valid yaml ({problem}{where}); metadata ignored")
        return result
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as error:
        result.warnings.append(f"front matter is not valid yaml ({type(error).__name__}); metadata ignored")
        return result
    if values is None:
        return result
    if not isinstance(values, dict):
        kind = describe_type(values)
        result.warnings.append(f"front matter is {kind}, not key: value pairs; metadata ignored")
        return result
    result.values = values
    if isinstance(raw, dict):
        result.raw = raw
    return result
