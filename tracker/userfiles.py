"""Check the paths and tables a user names on the command line, before anything is written.

Why a module of its own: every command that reads a claims table (compare, figures, report,
export) must fail the same way on the same bad file, and every command that writes must refuse
to overwrite its own input. Left to each command, the checks drifted: one command said
"unexpected ComputeError ... please report" for a cp1252 file, another "(ComputeError)", and
none noticed ``-o`` naming the input. The CLI stays a thin layer: it calls these functions and
turns :class:`PathClash` into a usage error (exit 2) and :class:`TableProblem` into a one-line
failure (exit 1).

The table readers themselves are not replaced: ``tracker.compare.read_table`` (lenient, for
tables a fact-checker edited) and ``tracker.export.writers.read_table`` (strict, for exports)
keep their behaviour. :func:`check_table` runs first and catches what neither reader explains
well (binary content, another encoding, a table that is not a claims table); :func:`read_table_checked`
and :func:`read_problem` turn whatever a reader still raises into one line naming the file.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Final, Literal

import polars as pl

from tracker.export.writers import table_format
from tracker.ingest.decode import NotText, detect_stream_encoding

__all__ = [
    "REQUIRED_COLUMNS",
    "PathClash",
    "TableKind",
    "TableProblem",
    "check_outputs",
    "check_table",
    "comparison_paths",
    "figures_outputs",
    "read_problem",
    "read_table_checked",
    "same_file",
    "user_path",
    "write_failure",
]

TableKind = Literal["claims", "articles"]

#: Columns without which a table is not a claims (or article) table at all. A table missing one
#: of these is refused rather than read with the column as null: the articles table given as the
#: claims table used to "succeed" with 0 claims in 0 series.
REQUIRED_COLUMNS: Final[dict[TableKind, tuple[str, ...]]] = {
    "claims": ("claim_id", "article_id", "metric", "value", "modality"),
    "articles": ("article_id",),
}

_SAMPLE: Final[int] = 64 * 1024
_CHUNK: Final[int] = 1024 * 1024
_UTF8: Final[frozenset[str]] = frozenset({"utf-8", "utf-8-sig", "ascii"})


class PathClash(ValueError):
    """Two paths of one command name the same file (an output is an input, or two outputs are one).

    A usage error: nothing has been read or written when it is raised.
    """


class TableProblem(Exception):
    """A table given as input cannot be used; the message is one line starting with the file name."""


# --------------------------------------------------------------------------------------------
# Paths


def same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` are the same file: equal once resolved, or one inode (hard links).

    ``resolve`` covers ``./x.csv`` vs ``x.csv`` and symlinks; ``samefile`` covers hard links and
    case-insensitive file systems, but needs both to exist.
    """
    if a.resolve() == b.resolve():
        return True
    try:
        return a.samefile(b)
    except OSError:
        return False


def check_outputs(inputs: Iterable[tuple[str, Path]], outputs: Iterable[tuple[str, Path]]) -> None:
    """Raise :class:`PathClash` when an output is an input file or two outputs are one file.

    Both arguments are ``(label, path)`` pairs, the label being what the user typed to name the
    path (``"-o"``, ``"--articles"``; ``""`` for a positional input) so the message says which
    options collide.
    Input folders are not compared (a command writes files, not folders).
    """
    outs = list(outputs)
    ins = [(label, path) for label, path in inputs if not path.is_dir()]
    for i, (label, path) in enumerate(outs):
        for in_label, in_path in ins:
            if same_file(path, in_path):
                named = f" ({in_label})" if in_label else ""
                raise PathClash(f"{label} {path} would overwrite the input {in_path}{named}; "
                                "write it somewhere else")
        for other_label, other in outs[i + 1:]:
            if same_file(path, other):
                raise PathClash(f"{label} {path} and {other_label} {other} are the same file: "
                                "give them different paths")


def comparison_paths(out: Path) -> list[Path]:
    """The files ``tracker.compare.write_comparison`` writes for ``out``, in its order.

    Known before writing, so the CLI can check them against the inputs first
    (tests/unit/test_cli.py checks this list against what is written).
    """
    return [out, out.with_name(f"{out.stem}.summary.csv"), out.with_name(f"{out.stem}.undated.csv")]


def figures_outputs(out_dir: Path, inputs: Iterable[Path]) -> list[Path]:
    """Files in ``out_dir`` that ``tracker.chart.draw_all`` writes or removes, as far as they matter.

    Chart names depend on the data, so they are not known before drawing; what can clash with an
    input is ``index.md`` and an input that sits in ``out_dir`` under a chart file's name (a stale
    chart file is deleted).
    """
    from tracker.chart import is_chart_file

    owned = [p for p in inputs if p.parent.resolve() == out_dir.resolve() and is_chart_file(p.name)]
    return [out_dir / "index.md", *owned]


def user_path(filename: str | os.PathLike[str], outputs: Sequence[Path]) -> Path:
    """The output the user named for a write error's ``filename``, which may be a hidden temp file.

    Writes go to ``.NAME.HEX.tmp`` beside the target, and ``tracker extract`` first stages its
    tables as ``.STEM.HEX.staged.EXT`` (whose own temp file is ``..STEM.HEX.staged.EXT.HEX.tmp``),
    so an error names a file the user never typed. Returns the output it belongs to, else
    ``filename`` itself.
    """
    failed = Path(os.fsdecode(filename))
    name = failed.name.lstrip(".")
    beside = [out for out in outputs if failed.parent == out.parent]
    for out in beside:  # exact names first: c.summary.csv's temp also starts with "c."
        if failed.name == out.name or (failed.name.startswith(".") and name.startswith(f"{out.name}.")):
            return out
    for out in beside:
        if failed.name.startswith(".") and name.startswith(f"{out.stem}.") and ".staged" in name:
            return out
    return failed


def write_failure(exc: OSError, outputs: Sequence[Path]) -> str:
    """The one-line message for a failed write, naming the path the user gave (``outputs[0]`` first).

    A temp file is reported as its target; a folder on the way that cannot be made (a file of
    that name, /proc) is named after the output: ``good.md/c.csv: cannot write (File exists:
    good.md)``.
    """
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return f"{outputs[0]}: cannot write ({reason})" if outputs else f"cannot write ({reason})"
    failed = user_path(exc.filename, outputs)
    for out in outputs:
        if failed != out and failed in out.parents:
            return f"{out}: cannot write ({reason}: {failed})"
    return f"{failed}: cannot write ({reason})"


# --------------------------------------------------------------------------------------------
# Tables


def check_table(path: Path, kind: TableKind) -> None:
    """Refuse a table that is not a readable ``kind`` table, with one line naming ``path``.

    Checks, without reading the whole table into memory: the extension (.csv, .parquet,
    .jsonl); for text formats that the bytes are text and UTF-8 throughout; that the header (or
    Parquet schema, or first JSON line) parses; and that the columns of
    :data:`REQUIRED_COLUMNS` are there. An empty ``.jsonl`` passes: JSONL has no header, so that
    is how ``tracker extract`` writes a table with no rows. Raises :class:`TableProblem`
    (``UnsupportedFormat`` for the extension, a usage error).
    """
    fmt = table_format(path)
    columns = _parquet_columns(path) if fmt == ".parquet" else _text_columns(path, fmt)
    if columns is None:  # an empty JSONL file: a table without rows
        return
    missing = [c for c in REQUIRED_COLUMNS[kind] if c not in columns]
    if missing:
        hint = ""
        if kind == "claims" and "claim_id" not in columns and {"article_id", "title"} <= set(columns):
            hint = "; this looks like an article table"
        raise TableProblem(f"{path}: not a {kind} table (missing columns: {', '.join(missing)}{hint})")


def _parquet_columns(path: Path) -> list[str]:
    with path.open("rb") as fh:
        head = fh.read(4)
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(max(size - 4, 0))
        tail = fh.read(4)
    if head != b"PAR1" or tail != b"PAR1":
        raise TableProblem(f"{path}: not a Parquet file (no Parquet signature)")
    try:
        return list(pl.read_parquet_schema(path))
    except Exception as exc:  # broad on purpose: a damaged footer raises several kinds
        raise TableProblem(f"{path}: not a readable Parquet file ({_first_line(exc)})") from None


def _text_columns(path: Path, fmt: str) -> list[str] | None:
    """The header of a CSV or JSONL table after checking its bytes; None for an empty JSONL."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        sample = fh.read(_SAMPLE)
    kind = "CSV" if fmt == ".csv" else "JSONL"
    if not sample.strip():
        if fmt == ".jsonl":
            return None
        raise TableProblem(f"{path}: empty file, not a table (a CSV table starts with a header row)")
    try:
        codec, _ = detect_stream_encoding(sample, complete=size <= len(sample))
    except NotText:
        raise TableProblem(f"{path}: binary content, not a {kind} table") from None
    where = _first_non_utf8(path)
    if where is not None or codec not in _UTF8:
        guess = f"looks like {codec}; " if codec not in _UTF8 else ""
        raise TableProblem(f"{path}: not UTF-8 text ({where or 'in the first bytes'}; {guess}re-save it as UTF-8)")
    if fmt == ".csv":
        try:
            return pl.read_csv(path, n_rows=0, infer_schema_length=0).columns
        except Exception as exc:  # broad on purpose: polars raises several kinds for a bad header
            raise TableProblem(f"{path}: not a CSV table ({_first_line(exc)})") from None
    return _jsonl_columns(path)


def _first_non_utf8(path: Path) -> str | None:
    """Where the file stops being UTF-8 ("byte 0x92 on line 3"), None when all of it is UTF-8.

    Decoded in chunks, so a large table is checked without holding it in memory.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            data = decoder.getstate()[0] + chunk  # with the bytes of a character cut by the last chunk
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                newlines = data.count(b"\n", 0, exc.start)
                return f"byte 0x{data[exc.start]:02x} on line {line + newlines}"
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "the file ends inside a character"
    return None


def _jsonl_columns(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig") as fh:
        for number, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except ValueError:
                raise TableProblem(f"{path}: not a JSONL table (line {number} is not JSON)") from None
            if not isinstance(row, dict):
                raise TableProblem(f"{path}: not a JSONL table (line {number} is not a JSON object)")
            return [str(k) for k in row]
    return []


def _first_line(exc: BaseException) -> str:
    """The first line of an exception's message, short: polars' messages run to many lines."""
    text = next((line.strip() for line in str(exc).splitlines() if line.strip()), exc.__class__.__name__)
    return text if len(text) <= 160 else text[:157] + "..."


def read_problem(path: Path, exc: BaseException, kind: TableKind = "claims") -> TableProblem:
    """The one-line :class:`TableProblem` for an exception a table reader raised on ``path``."""
    if isinstance(exc, OSError):
        return TableProblem(f"{path}: cannot read ({exc.strerror or exc})")
    return TableProblem(f"{path}: cannot read the {kind} table ({_first_line(exc)})")


def read_table_checked(
    path: Path, kind: TableKind, read: Callable[[Path], pl.DataFrame] | None = None
) -> pl.DataFrame:
    """:func:`check_table`, then ``read(path)`` (default: the lenient ``tracker.compare.read_table``).

    Whatever the reader still raises becomes a :class:`TableProblem` naming the file.
    """
    if read is None:
        from tracker.compare import read_table as lenient  # the comparison takes edited tables

        read = lenient
    check_table(path, kind)
    try:
        return read(path)
    except Exception as exc:  # broad on purpose: polars raises many kinds for a bad table
        raise read_problem(path, exc, kind) from None
