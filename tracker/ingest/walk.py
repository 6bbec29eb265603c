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
    """A file to read. ``explicit`` files were named by the user, not met inside a folder."""

    path: Path
    explicit: bool


class TooLarge(Exception):
    """A single-article file above rules.MAX_FILE_BYTES."""


def iter_files(roots: list[Path]) -> Iterator[Found | Skipped]:
    """Files under ``roots`` in order: each root as given, folders depth-first by sorted name.

    Inside folders, hidden/private names, README/MANIFEST files and unsupported extensions are
    passed over silently; broken links and special files with a supported extension are reported,
    since the user evidently meant them to be read.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for root in roots:
        if root.is_dir():
            yield from _walk(root, seen_dirs)
        elif root.is_file():
            yield Found(root, explicit=True)
        else:
            yield Skipped(str(root), "not a regular file")


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
