"""Collections: CSV and JSON Lines files holding one article per row, streamed row by row.

A Media Cloud export can hold a hundred thousand stories, so rows are read lazily and only a
sample of the file decides the encoding. A bad row costs that row (Skipped naming ``file:line``),
never the rest of the file, except when the file's structure itself breaks (a CSV quote never
closed), after which no row boundary can be trusted.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import Any, Final

from tracker.ingest.decode import EMPTY_REASON, SAMPLE_SIZE, NotText, detect_stream_encoding, repair_escapes
from tracker.ingest.fields import build_metadata, describe_type, is_blank, pick_fields
from tracker.ingest.rules import (
    ENCODING_KEY,
    FIELD_ALIASES,
    LINE_KEY,
    MAX_CSV_FIELD_CHARS,
    OUTPUT_TABLE_SIGNATURES,
    WARNINGS_KEY,
)
from tracker.ingest.walk import describe_os_error
from tracker.model import Article, Skipped

#: Delimiters a CSV header is checked for; the most frequent one in the header line wins
#: (European spreadsheet exports use ";"). Comma when none occurs.
CSV_DELIMITERS: Final[tuple[str, ...]] = (",", ";", "\t")


def read_csv(path: Path, explicit: bool) -> Iterator[Article | Skipped]:
    """Articles from a CSV file whose header names the columns (see rules.FIELD_ALIASES)."""
    opened = _open_stream(path)
    if isinstance(opened, Skipped):
        yield opened
        return
    handle, codec = opened
    with handle:
        lines = _lines(handle)
        try:
            first = next(lines, "")
        except UnicodeDecodeError:
            yield Skipped(str(path), f"{path.name}:1: not valid {codec} text; file skipped")
            return
        _raise_field_limit()
        delimiter = _delimiter(first)
        tape = _Tape(chain([first], lines))
        # strict: a quote that is opened and not closed properly raises instead of silently
        # swallowing the rows after it into one cell (see the loop below for what is kept).
        reader = csv.reader(tape, delimiter=delimiter, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as error:
            yield Skipped(str(path), f"{path.name}:1: malformed csv header ({error})")
            return
        if not header:
            yield Skipped(str(path), "empty file")
            return
        header = [repair_escapes(name)[0].strip() for name in header]
        own_output = _output_table(path, header)
        if own_output is not None:
            if explicit:  # met in a folder: our own export, passed over silently
                yield own_output
            return
        no_text = _no_text_column(path, header)
        if no_text is not None:
            yield no_text
            return
        row_number = 0
        while True:
            line = reader.line_num + 1
            tape.mark()
            try:
                cells = next(reader, None)
            except csv.Error as error:
                if len(tape.since_mark) > 1 or str(error) == "unexpected end of data":
                    # A quoted field ran past its line: the quote opened on this row is never
                    # closed, or closed only by a later row's quote. Where any row after it
                    # starts is a guess, so this row and the rest are skipped, rows before kept.
                    end = "the end of the file" if str(error) == "unexpected end of data" else f"line {reader.line_num}"
                    yield Skipped(
                        str(path),
                        f"{path.name}:{line}: unterminated quoted field (runs to {end}); rest of file skipped",
                    )
                    return
                # One line with a stray quote (1,"x" y): read it leniently as before, go on.
                cells = next(csv.reader(tape.since_mark, delimiter=delimiter), [])
            except UnicodeDecodeError:
                yield Skipped(str(path), f"{path.name}:{line}: not valid {codec} text; rest of file skipped")
                return
            if cells is None:
                return
            if not any(cell.strip() for cell in cells):
                continue
            row_number += 1
            yield _row_from_cells(path, header, cells, line=line, row_number=row_number, codec=codec)


def read_jsonl(path: Path, explicit: bool) -> Iterator[Article | Skipped]:
    """Articles from a JSON Lines file: one JSON object per line, blank lines ignored."""
    opened = _open_stream(path)
    if isinstance(opened, Skipped):
        if not (opened.reason == EMPTY_REASON and not explicit and _named_like_output(path)):
            yield opened
        return
    handle, codec = opened
    with handle:
        row_number = 0
        checked_header = False
        line = 0
        lines = _lines(handle)
        while True:
            line += 1
            try:
                text = next(lines, None)
            except UnicodeDecodeError:
                yield Skipped(str(path), f"{path.name}:{line}: not valid {codec} text; rest of file skipped")
                return
            if text is None:
                return
            if not text.strip():
                continue
            text, repaired = repair_escapes(text)
            where = f"{path.name}:{line}"
            try:
                record = json.loads(text)
            except json.JSONDecodeError as error:
                yield Skipped(str(path), f"{where}: invalid json ({error.msg} at column {error.colno})")
                continue
            except RecursionError:
                yield Skipped(str(path), f"{where}: invalid json (nested too deeply)")
                continue
            if not isinstance(record, dict):
                yield Skipped(str(path), f"{where}: not a json object but {describe_type(record)}")
                continue
            if not checked_header:
                checked_header = True
                own_output = _output_table(path, record)
                if own_output is not None:
                    if explicit:  # met in a folder: our own export, passed over silently
                        yield own_output
                    return
            row_number += 1
            notes = [f"{repaired} byte(s) not valid {codec}; read as cp1252"] if repaired else []
            yield row_article(path, record, line=line, row_number=row_number, codec=codec, notes=notes)


def row_article(
    path: Path,
    record: Mapping[str, Any],
    *,
    line: int,
    row_number: int,
    codec: str,
    notes: Iterable[str] = (),
) -> Article | Skipped:
    """One collection row as an Article, or Skipped when it has no usable text.

    The id is the row's id (as a string), else ``<stem>-<row number>``. The body is the text,
    preceded by the title and a blank line when the text does not already start with the title.
    """
    where = f"{path.name}:{line}"
    known, rest = pick_fields(record)
    text = known.get("text")
    if is_blank(text):
        return Skipped(str(path), f"{where}: row has no text")
    if not isinstance(text, str):
        return Skipped(str(path), f"{where}: row text is {describe_type(text)}, not a string")
    meta = build_metadata(known, rest)
    warnings = list(notes) + meta.warnings
    raw_id = known.get("id")
    if isinstance(raw_id, str | int) and not isinstance(raw_id, bool):
        article_id = str(raw_id).strip()
    else:
        article_id = f"{path.stem}-{row_number}"
        if raw_id is not None:
            warnings.append(f"id is {describe_type(raw_id)}; used {article_id!r} instead")
    title = meta.title
    body = text if title is None or text.lstrip().startswith(title) else f"{title}\n\n{text}"
    extra = dict(meta.extra)
    extra[LINE_KEY] = line
    if codec not in ("utf-8", "utf-8-sig"):
        extra[ENCODING_KEY] = codec
    if warnings:
        extra[WARNINGS_KEY] = [f"{where}: {warning}" for warning in warnings]
    return Article(
        article_id=article_id,
        body=body,
        title=title,
        outlet=meta.outlet,
        published=meta.published,
        url=meta.url,
        path=str(path),
        extra=extra,
    )


def _row_from_cells(
    path: Path, header: list[str], cells: list[str], *, line: int, row_number: int, codec: str
) -> Article | Skipped:
    """Pair a CSV row with the header, repairing stray bytes cell by cell."""
    notes: list[str] = []
    repaired_total = 0
    record: dict[str, Any] = {}
    for name, cell in zip(header, cells, strict=False):
        value, repaired = repair_escapes(cell)
        repaired_total += repaired
        record.setdefault(name, value)
    if repaired_total:
        notes.append(f"{repaired_total} byte(s) not valid {codec}; read as cp1252")
    if len(cells) > len(header):
        notes.append(f"row has {len(cells) - len(header)} more cell(s) than the header; ignored")
    return row_article(path, record, line=line, row_number=row_number, codec=codec, notes=notes)


def _open_stream(path: Path) -> tuple[io.TextIOWrapper, str] | Skipped:
    """Open a collection as text, the encoding chosen from its first SAMPLE_SIZE bytes."""
    try:
        with path.open("rb") as raw:
            sample = raw.read(SAMPLE_SIZE)
            complete = raw.read(1) == b""
        codec, errors = detect_stream_encoding(sample, complete)
        return path.open(encoding=codec, errors=errors, newline=""), codec
    except NotText as error:
        return Skipped(str(path), error.reason)
    except OSError as error:
        return Skipped(str(path), f"cannot read file: {describe_os_error(error)}")


def _lines(handle: io.TextIOWrapper) -> Iterator[str]:
    """The handle's lines as an explicit iterator (decoding errors surface at ``next``)."""
    return iter(handle)


class _Tape:
    """An iterator over lines that keeps the lines handed out since :meth:`mark`, so a CSV row
    the strict reader refused can be told apart (one line or several) and read again."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.since_mark: list[str] = []

    def __iter__(self) -> _Tape:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.since_mark.append(line)
        return line

    def mark(self) -> None:
        self.since_mark = []


def _delimiter(header_line: str) -> str:
    """The delimiter occurring most often in the header line; comma on a tie or when absent."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > 0 else ","


def _raise_field_limit() -> None:
    """Allow article-sized CSV cells; only ever raises the process-wide limit, never lowers it."""
    if csv.field_size_limit() < MAX_CSV_FIELD_CHARS:
        csv.field_size_limit(MAX_CSV_FIELD_CHARS)


def _output_table(path: Path, header: Iterable[str]) -> Skipped | None:
    """Skipped when the columns are those of a table this tool writes (claims, articles)."""
    names = {str(name).strip().lower() for name in header}
    for kind, signature in OUTPUT_TABLE_SIGNATURES.items():
        if signature <= names:
            return Skipped(str(path), f"a {kind} table written by tracker, not articles")
    return None


def _named_like_output(path: Path) -> bool:
    """A name the tracker gives its tables (claims.jsonl, articles.jsonl, rejects.jsonl, or those
    words in a name given with -o, as ``derived_path`` makes them).

    Why: a table with no rows is an empty file in JSON Lines (no header to recognise it by), and
    the rejects table usually has none; re-running extract on a folder holding its own .jsonl
    output would otherwise report it as "empty file" and fail ``--strict``. An empty file holds
    no article, so passing one over silently loses nothing.
    """
    stem = path.stem.lower()
    return any(kind in stem for kind in OUTPUT_TABLE_SIGNATURES)


def _no_text_column(path: Path, header: Iterable[str]) -> Skipped | None:
    """Skipped for a CSV none of whose columns can hold the article text."""
    names = {str(name).strip().lower() for name in header}
    if names.isdisjoint(FIELD_ALIASES["text"]):
        expected = ", ".join(FIELD_ALIASES["text"])
        return Skipped(str(path), f"no text column (expected one of: {expected})")
    return None
