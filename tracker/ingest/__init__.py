"""Ingest stage: files and folders in, one Article (or Skipped) at a time out.

``iter_articles`` is the only entry point the rest of the pipeline needs. It streams: a folder of
ten thousand files or a collection of a hundred thousand rows is never held in memory, only the
current article, the list of file names found and the set of ids seen so far (ids must be
unique across a run; file names decide the ids of files whose names clash).

Nothing the user feeds in makes it raise once streaming has started. A file or row that cannot be
used becomes ``Skipped(path, reason)`` with a short lowercase reason; an article that is usable
but odd (an unparseable date, a title that is a list) is yielded with one-line warnings in
``article.extra["_warnings"]`` (see ``article_warnings``). Only a path that does not exist is an
error, raised as MissingPath before the first article, because that is a usage mistake.

Formats (rules.READER_BY_EXTENSION): .md/.markdown/.txt with optional YAML front matter,
.html/.htm through trafilatura, .csv/.jsonl collections with one article per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from tracker.ingest.decode import NotText, decode_bytes
from tracker.ingest.rules import LINE_KEY, READER_BY_EXTENSION, WARNINGS_KEY
from tracker.ingest.tables import read_csv, read_jsonl
from tracker.ingest.textfile import read_text_article
from tracker.ingest.walk import (
    Found,
    TooLarge,
    describe_os_error,
    iter_files,
    read_file_bytes,
    too_large_reason,
)
from tracker.ingest.webpage import declared_charset, read_html_article
from tracker.model import Article, Skipped

__all__ = ["Found", "MissingPath", "article_warnings", "iter_articles", "iter_found", "read_found"]


class MissingPath(Exception):
    """A path given to iter_articles does not exist (the CLI reports it as a usage error)."""

    def __init__(self, path: str) -> None:
        super().__init__(f"no such file or folder: {path}")
        self.path = path


def _existing_roots(paths: Iterable[str | Path]) -> list[Path]:
    """The given paths as Paths, raising MissingPath (before any reading) for one that does not exist."""
    if isinstance(paths, str | Path):  # a lone path would otherwise be iterated per character
        paths = [paths]
    roots: list[Path] = []
    for given in paths:
        if str(given) == "" or not Path(given).exists():
            raise MissingPath(str(given))
        roots.append(Path(given))
    return roots


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    """Stream the articles in ``paths`` (files or folders), in a deterministic order.

    Folders are walked recursively, entries sorted by name; hidden and "_" names, README.md,
    MANIFEST.csv, our own output tables and unsupported extensions inside folders are passed
    over silently. A file named explicitly is always read or reported. A one-article file's id
    is its stem, or its path from the folder given when another file shares the stem
    (``d1/story``; see :func:`tracker.ingest.walk.iter_files`). A later article whose id was
    already seen is Skipped, naming where the first one came from.

    Raises MissingPath, before yielding anything, when a path does not exist.
    """
    return _stream(_existing_roots(paths))


def article_warnings(article: Article) -> list[str]:
    """The one-line warnings ingest attached to an article (empty when there were none)."""
    warnings = article.extra.get(WARNINGS_KEY, [])
    return [str(warning) for warning in warnings] if isinstance(warnings, list) else []


def _stream(roots: list[Path]) -> Iterator[Article | Skipped]:
    """Read every file found, then drop articles whose id was already seen."""
    first_seen: dict[str, str] = {}
    for found in iter_files(roots):
        if isinstance(found, Skipped):
            yield found
            continue
        for item in _read_safely(found):
            if isinstance(item, Skipped):
                yield item
                continue
            place = _place(item)
            earlier = first_seen.get(item.article_id)
            if earlier is not None:
                line = item.extra.get(LINE_KEY)
                prefix = f"{Path(str(item.path)).name}:{line}: " if line is not None else ""
                reason = f"{prefix}duplicate article id {item.article_id!r} (first seen in {earlier})"
                yield Skipped(str(item.path), reason)
                continue
            first_seen[item.article_id] = place
            yield item


def iter_found(paths: Iterable[str | Path]) -> Iterator[Found | Skipped]:
    """The files ``iter_articles`` would read, without reading them (for engines that partition).

    Raises MissingPath like ``iter_articles``. Reading each with :func:`read_found` gives the same
    articles, except that ids repeated across files are not detected (that needs one reader).
    """
    return iter_files(_existing_roots(paths))


def read_found(found: Found) -> Iterator[Article | Skipped]:
    """The articles of one file found by :func:`iter_found`, read as ``iter_articles`` reads them."""
    return _read_safely(found)


def _place(article: Article) -> str:
    """Where an article came from, for messages: the path, plus ``:line`` for collection rows."""
    line = article.extra.get(LINE_KEY)
    return f"{article.path}:{line}" if line is not None else str(article.path)


def _read_safely(found: Found) -> Iterator[Article | Skipped]:
    """Read one file; an unexpected error ends that file with a Skipped instead of the run.

    Every anticipated problem is handled where it occurs; this net exists because one strange
    file among thousands must not stop the whole run. The reason says it is a bug to report.
    """
    try:
        yield from _read(found)
    except Exception as error:  # safety net; see docstring
        yield Skipped(str(found.path), f"unexpected error ({type(error).__name__}: {error}); please report")


def _read(found: Found) -> Iterator[Article | Skipped]:
    """Dispatch on the extension (rules.READER_BY_EXTENSION)."""
    path = found.path
    suffix = path.suffix.lower()
    kind = READER_BY_EXTENSION.get(suffix)
    if kind is None:
        yield Skipped(str(path), f"unsupported file type {suffix or '(no extension)'}")
        return
    if kind == "csv":
        yield from read_csv(path, found.explicit)
        return
    if kind == "jsonl":
        yield from read_jsonl(path, found.explicit)
        return
    try:
        data = read_file_bytes(path)
    except TooLarge:
        yield Skipped(str(path), too_large_reason())
        return
    except OSError as error:
        yield Skipped(str(path), f"cannot read file: {describe_os_error(error)}")
        return
    try:
        decoded = decode_bytes(data, declared=declared_charset(data) if kind == "html" else None)
    except NotText as error:
        yield Skipped(str(path), error.reason)
        return
    article = read_html_article(path, decoded) if kind == "html" else read_text_article(path, decoded)
    if isinstance(article, Article) and found.article_id is not None:
        article.article_id = found.article_id  # its stem is shared by another file (walk.iter_files)
    yield article
