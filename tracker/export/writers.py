"""Write and read the claims and article tables as CSV, Parquet or JSONL.

Format follows the file extension so the CLI needs no format flag. Writes are atomic: the table
goes to a hidden temp file in the target folder and replaces the target with ``os.replace`` only
once it is complete and flushed, so an interrupted run (crash, Ctrl-C, full disk) leaves the
previous file intact and no partial table is ever read by a later ``tracker compare``.

Output is deterministic (the same frame gives byte-identical files), so exports can be diffed
and committed. Format choices:

* CSV: RFC 4180 (comma, ``"`` quoting only where needed, CRLF line ends, header row), UTF-8
  without BOM, dates ISO ``YYYY-MM-DD``, null as an empty field and the empty string as ``""``
  so the two survive a round trip. Floats are written as polars writes them, the shortest text
  that reads back to the same float: an integer-valued float prints as ``2350.0``. We keep the
  ``.0`` on purpose: tools that infer types (pandas, spreadsheets, csvkit) then read ``value``
  as a float column in every file, instead of int in one export and float in the next.
* JSONL: one JSON object per line with every column, dates as ISO strings, null as ``null``,
  UTF-8 unescaped.
* Parquet: polars' defaults (zstd), dtypes stored in the file.

:func:`read_table` reads the three formats back with the contract dtypes for every column it
knows (claims, articles and the rejects' ``reason``), so dates come back as dates and ids stay
text even when they happen to look numeric.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any, Final

import polars as pl

from tracker.validate.schemas import ARTICLE_DTYPES, CLAIM_DTYPES, REASON_COLUMN

__all__ = [
    "FORMATS",
    "KNOWN_DTYPES",
    "UnsupportedFormat",
    "atomic_write",
    "read_table",
    "table_format",
    "write_table",
]

#: Dtypes of every column the tracker writes, used to read tables back without guessing.
KNOWN_DTYPES: Final[dict[str, pl.DataType]] = {
    **CLAIM_DTYPES,
    **ARTICLE_DTYPES,
    REASON_COLUMN: pl.String(),
}


class UnsupportedFormat(ValueError):
    """The path's extension names no table format we write; the message is one line for the CLI."""


#: RFC 4180 CSV: comma, CRLF, minimal quoting, empty nulls, ISO dates. Shared with the batch writer
#: (tracker/export/stream.py) so one-shot and streamed files are byte-identical.
CSV_OPTIONS: dict[str, Any] = {
    "include_bom": False,
    "separator": ",",
    "line_terminator": "\r\n",
    "quote_char": '"',
    "quote_style": "necessary",
    "null_value": "",
    "date_format": "%Y-%m-%d",
}


def _write_csv(df: pl.DataFrame, fh: IO[bytes]) -> None:
    df.write_csv(fh, include_header=True, **CSV_OPTIONS)


def _write_parquet(df: pl.DataFrame, fh: IO[bytes]) -> None:
    df.write_parquet(fh, compression="zstd", statistics=True)


def _write_jsonl(df: pl.DataFrame, fh: IO[bytes]) -> None:
    df.write_ndjson(fh)


_Writer = Callable[[pl.DataFrame, IO[bytes]], None]

#: Extension (lower case) -> writer. The keys are the formats :func:`write_table` accepts.
FORMATS: Final[dict[str, _Writer]] = {
    ".csv": _write_csv,
    ".parquet": _write_parquet,
    ".jsonl": _write_jsonl,
}


def table_format(path: Path | str) -> str:
    """The format extension of ``path`` (``.csv``, ``.parquet``, ``.jsonl``), case-insensitive."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        shown = f"'{path.suffix}'" if path.suffix else "no extension"
        raise UnsupportedFormat(f"unsupported table format {shown} for {path}: use {', '.join(FORMATS)}")
    return suffix


def write_table(df: pl.DataFrame, path: Path | str) -> None:
    """Write ``df`` to ``path`` in the format its extension names, atomically.

    Missing parent folders are created. The temp file is created with ``O_EXCL`` in the target
    folder (same file system, so ``os.replace`` is atomic) and with the usual ``0o666 & ~umask``
    permissions; it is removed if anything fails, including KeyboardInterrupt.
    """
    path = Path(path)
    writer = FORMATS[table_format(path)]
    atomic_write(path, lambda fh: writer(df, fh))


def atomic_write(path: Path | str, write: Callable[[IO[bytes]], object]) -> None:
    """Call ``write`` on a temp file beside ``path``, then rename it over ``path``.

    Every export (tables, workbook, datapackage, fetched pages) goes through here so that a
    reader never sees a half-written file and an interrupted run keeps the previous one.
    Missing parent folders are created. The temp file is created with ``O_EXCL`` in the target
    folder (same file system, so ``os.replace`` is atomic) and with the usual ``0o666 & ~umask``
    permissions; it is removed if anything fails, including KeyboardInterrupt.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)  # os.replace: atomic on POSIX and Windows
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _apply_dtypes(df: pl.DataFrame, dtypes: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """Cast the known columns of a freshly read frame to their contract dtypes.

    JSONL carries no dtypes: dates arrive as text, all-null columns as Null, whole numbers as
    Int64. The casts are strict so a malformed file fails loudly instead of turning into nulls.
    """
    exprs: list[pl.Expr] = []
    for name, actual in df.schema.items():
        target = dtypes.get(name)
        if target is None or actual == target:
            continue
        col = pl.col(name)
        if target == pl.Date and actual == pl.String:
            exprs.append(col.str.to_date("%Y-%m-%d", strict=True))
        else:
            exprs.append(col.cast(target, strict=True))
    return df.with_columns(exprs) if exprs else df


def read_table(path: Path | str, dtypes: Mapping[str, pl.DataType] | None = None) -> pl.DataFrame:
    """Read a table written by :func:`write_table` (or by hand in the same formats).

    Columns named in ``dtypes`` (default :data:`KNOWN_DTYPES`: the claims and article columns
    and ``reason``) get those dtypes; other columns are inferred from the whole file. An empty
    JSONL file reads as an empty frame without columns (JSONL cannot store a header).
    """
    path = Path(path)
    fmt = table_format(path)
    known = KNOWN_DTYPES if dtypes is None else dict(dtypes)
    if fmt == ".csv":
        # CSV needs the dtypes while parsing: afterwards an id like "0123" would already be 123.
        df = pl.read_csv(
            path,
            schema_overrides=known,
            infer_schema_length=None,
            raise_if_empty=False,
            encoding="utf8",
        )
    elif fmt == ".parquet":
        df = pl.read_parquet(path)
    else:
        if path.stat().st_size == 0:
            return pl.DataFrame()
        df = pl.read_ndjson(path, infer_schema_length=None)
    return _apply_dtypes(df, known)
