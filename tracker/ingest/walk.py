"""Finding the files to read: folders walked in a fixed order, loops and clutter skipped.

The same folder must give the same articles in the same order on every machine, so entries are
sorted by name (no reliance on the file system's order). A folder reached twice (a symlink loop,
or a folder given twice) is walked once: folders are tracked by device and inode, which is what
"the same folder" means whatever path led to it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tracker.ingest.rules import (
    IGNORED_FILE_NAMES,
    IGNORED_NAME_PREFIXES,
    MAX_FILE_BYTES,
    READER_BY_EXTENSION,
)
from tracker.model import Skipped


@dataclass(frozen=True, slots=True)
class Found:
    """A file to read. ``explicit`` files were named by the user, not met inside a folder.

    ``article_id`` is set only for a one-article file whose stem another file found in the same
    run shares (see :func:`iter_files`); otherwise the article's id is the file's stem.
    """

    path: Path
    explicit: bool
    article_id: str | None = None


class TooLarge(Exception):
    """A single-article file above rules.MAX_FILE_BYTES."""


def iter_files(roots: list[Path]) -> Iterator[Found | Skipped]:
    """Files under ``roots`` in order: each root as given, folders depth-first by sorted name.

    Inside folders, hidden/private names, README/MANIFEST files and unsupported extensions are
    passed over silently; broken links and special files with a supported extension are reported,
    since the user evidently meant them to be read.

    One-article files (Markdown, text, HTML) are known by their stem: ``story.md`` is article
    ``story``. Folders are read recursively, so ``d1/story.md`` and ``d2/story.md`` would share an
    id and the second be skipped as a duplicate; when two different files share a stem, each of
    them is instead known by its path from the folder given, without the extension (``d1/story``,
    ``d2/story``; a file named on the command line: its path as given). Files whose stems are
    unique keep their stem, so ids do not change for the common case. That is why the whole
    list of paths is gathered before the first is yielded (names only, no content is read).
    """
    seen_dirs: set[tuple[int, int]] = set()
    listed: list[tuple[Path, Found | Skipped]] = []
    for root in roots:
        if root.is_dir():
            listed.extend((root, item) for item in _walk(root, seen_dirs))
        elif root.is_file():
            listed.append((root, Found(root, explicit=True)))
        else:
            listed.append((root, Skipped(str(root), "not a regular file")))
    shared = _shared_stems([item for _, item in listed if isinstance(item, Found)])
    for root, item in listed:
        if isinstance(item, Found) and _one_article(item.path) and item.path.stem in shared:
            relative = item.path if item.explicit else item.path.relative_to(root)
            yield Found(item.path, item.explicit, relative.with_suffix("").as_posix())
        else:
            yield item


def _one_article(path: Path) -> bool:
    """A file that holds one article, known by its stem (not a CSV/JSONL collection)."""
    return READER_BY_EXTENSION.get(path.suffix.lower()) not in ("csv", "jsonl")


def _shared_stems(found: list[Found]) -> set[str]:
    """Stems of one-article files that two or more different files (after resolving links) have."""
    files: dict[str, set[str]] = {}
    for item in found:
        if _one_article(item.path):
            files.setdefault(item.path.stem, set()).add(os.path.realpath(item.path))
    return {stem for stem, paths in files.items() if len(paths) > 1}


def _walk(root: Path, seen_dirs: set[tuple[int, int]]) -> Iterator[Found | Skipped]:
    """Depth-first walk with an explicit stack, so deep trees cannot exhaust the recursion limit."""
    if not _first_visit(root, seen_dirs):
        return
    listing = _list_dir(root)
    if isinstance(listing, Skipped):
        yield listing
        return
    stack: list[Iterator[os.DirEntry[str]]] = [iter(listing)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith(IGNORED_NAME_PREFIXES):
            continue
        path = Path(entry.path)
        if _is_dir(entry):
            if _first_visit(path, seen_dirs):
                sub = _list_dir(path)
                if isinstance(sub, Skipped):
                    yield sub
                else:
                    stack.append(iter(sub))
            continue
        if path.suffix.lower() not in READER_BY_EXTENSION or entry.name.lower() in IGNORED_FILE_NAMES:
            continue
        if _is_file(entry):
            yield Found(path, explicit=False)
        elif entry.is_symlink():
            yield Skipped(str(path), "broken symbolic link")
        else:
            yield Skipped(str(path), "not a regular file")


def _first_visit(directory: Path, seen_dirs: set[tuple[int, int]]) -> bool:
    """Record a folder by (device, inode); False if it was already walked."""
    try:
        info = directory.stat()
    except OSError:
        return True  # cannot identify it; listing will report the problem
    key = (info.st_dev, info.st_ino)
    if key in seen_dirs:
        return False
    seen_dirs.add(key)
    return True


def _list_dir(directory: Path) -> list[os.DirEntry[str]] | Skipped:
    """A folder's entries sorted by name, or Skipped when it cannot be listed."""
    try:
        with os.scandir(directory) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as error:
        return Skipped(str(directory), f"cannot list folder: {describe_os_error(error)}")


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, following symlinks; an unreadable entry is not one."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A regular file, following symlinks; FIFOs and devices are not (reading them may block)."""
    try:
        return entry.is_file()
    except OSError:
        return False


def read_file_bytes(path: Path) -> bytes:
    """A whole single-article file. Raises OSError, or TooLarge above rules.MAX_FILE_BYTES."""
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge
    return data


def too_large_reason() -> str:
    """The Skipped reason for a file above the size limit."""
    return f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not read as one article"


def describe_os_error(error: OSError) -> str:
    """A short lowercase phrase for a file-system error ("permission denied")."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a folder"
    message = error.strerror or type(error).__name__
    return message[:1].lower() + message[1:]
