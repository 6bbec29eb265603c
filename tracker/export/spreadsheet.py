"""Spreadsheet exports: formula-safe CSV and the XLSX workbook.

Who this is for: a data desk that opens the tables in Excel, LibreOffice or Google Sheets.
Two things go wrong there that do not go wrong in pandas:

* **Formula injection.** A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
  (and some also with a tab, CR or LF) as a formula. Quotes, sources and sentences come from web
  pages anyone can write, so a text cell starting with one of those characters is prefixed with
  ``'`` (OWASP's advice). Only text columns are touched: numbers (including negative ones) stay
  numbers. Because of the prefix a guarded ``quote`` no longer equals ``body[char_start:char_end]``;
  the canonical tables written by ``tracker extract`` are never guarded.
* **Encoding.** Excel reads a CSV without a byte-order mark as the local code page, so ``--excel``
  writes a UTF-8 BOM.

The CSV is otherwise the same as :mod:`tracker.export.writers` writes (RFC 4180, CRLF, ISO dates,
numbers as numbers). The workbook has real number, date and boolean cells, a frozen header row,
an autofilter, column widths fitted to the content and clickable URLs. Every file is written
atomically (:func:`tracker.export.writers.atomic_write`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

import polars as pl
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tracker.export.writers import atomic_write

__all__ = [
    "FORMULA_TRIGGERS",
    "SHEETS",
    "AboutInfo",
    "Sheet",
    "counts",
    "guard_cell",
    "guard_frame",
    "write_csv",
    "write_workbook",
]

#: First characters that make a spreadsheet treat a cell as a formula (or split it oddly).
FORMULA_TRIGGERS: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r", "\n")

#: Names of the workbook's sheets, in order.
SHEETS: Final[tuple[str, ...]] = ("Claims", "Articles", "Comparison", "Series summary", "About")

#: Excel's limit on the characters in one cell.
MAX_CELL_CHARS: Final[int] = 32_767
MIN_WIDTH, MAX_WIDTH = 8, 60
#: Rows sampled to size a column: enough to see typical lengths, cheap on a large table.
WIDTH_SAMPLE_ROWS: Final[int] = 1000
DATE_FORMAT: Final[str] = "yyyy-mm-dd"
BOM: Final[bytes] = b"\xef\xbb\xbf"
_TRIGGER_PATTERN: Final[str] = r"^[=+\-@\t\r\n]"


def guard_cell(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


def guard_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Every text column guarded (:func:`guard_cell`); numeric, date and boolean columns untouched."""
    exprs = [
        pl.when(pl.col(name).str.contains(_TRIGGER_PATTERN))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in df.schema.items()
        if dtype == pl.String
    ]
    return df.with_columns(exprs) if exprs else df


def write_csv(
    df: pl.DataFrame,
    path: Path | str,
    *,
    excel: bool = False,
    tag_row: Sequence[str] | None = None,
) -> None:
    """Write ``df`` as a formula-safe CSV, atomically.

    ``excel`` adds a UTF-8 byte-order mark. ``tag_row`` (for HXL) is written as a second header
    line directly under the column names. Null is an empty field and the empty string ``""``, as
    in :mod:`tracker.export.writers`, so the file reads back the same with ``read_table``.
    """
    if tag_row is not None and len(tag_row) != df.width:
        raise ValueError(f"tag row has {len(tag_row)} cells for {df.width} columns")
    safe = guard_frame(df)

    def write(fh: IO[bytes]) -> None:
        if excel:
            fh.write(BOM)
        head = io.StringIO()
        lines = csv.writer(head, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        lines.writerow(safe.columns)
        if tag_row is not None:
            lines.writerow(tag_row)
        fh.write(head.getvalue().encode("utf-8"))
        safe.write_csv(
            fh,
            include_header=False,
            separator=",",
            line_terminator="\r\n",
            quote_char='"',
            quote_style="necessary",
            null_value="",
            date_format="%Y-%m-%d",
        )

    atomic_write(path, write)


@dataclass(slots=True)
class Sheet:
    """One data sheet: its title, its frame, and which columns hold links."""

    title: str
    frame: pl.DataFrame
    url_columns: tuple[str, ...] = ()


@dataclass(slots=True)
class AboutInfo:
    """What the About sheet says besides the column docs.

    ``columns`` rows are dicts with the keys of :func:`tracker.validate.column_docs` (``sheet``
    added); ``outlets`` and ``sources`` are small frames shown as they are; ``provenance`` is
    label/value pairs (the command, the version, the time, the input files).
    """

    columns: list[dict[str, Any]]
    provenance: list[tuple[str, object]]
    outlets: pl.DataFrame = field(default_factory=pl.DataFrame)
    sources: pl.DataFrame = field(default_factory=pl.DataFrame)


def _text(value: str) -> str:
    """A string openpyxl will store as text: no control characters, Excel's length, guarded."""
    clean = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(clean) > MAX_CELL_CHARS:
        clean = clean[: MAX_CELL_CHARS - 1] + "…"
    return guard_cell(clean)


def _cell_value(value: Any) -> Any:
    """Python value -> what openpyxl should store (numbers, dates and bools stay typed)."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, float) and math.isnan(value):  # NaN: an empty cell, not the text "nan"
        return None
    if isinstance(value, list | tuple | dict):
        return _text(str(value))
    return value


def _is_link(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _fit_widths(ws: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    widths = [len(h) for h in header]
    for row in rows:
        for i, value in enumerate(row):
            if value is None:
                continue
            shown = value.isoformat() if isinstance(value, dt.date) else str(value)
            widths[i] = max(widths[i], len(shown))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)


def _fill_sheet(ws: Worksheet, sheet: Sheet) -> None:
    """Header, typed rows, frozen header, autofilter, widths and hyperlinks."""
    df = sheet.frame
    header = list(df.columns)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    date_cols = {i for i, dtype in enumerate(df.dtypes, start=1) if dtype in (pl.Date, pl.Datetime)}
    link_cols = {i for i, name in enumerate(header, start=1) if name in sheet.url_columns}
    for r, row in enumerate(df.iter_rows(), start=2):
        ws.append([_cell_value(v) for v in row])
        for c in date_cols:
            ws.cell(row=r, column=c).number_format = DATE_FORMAT
        for c in link_cols:
            cell = ws.cell(row=r, column=c)
            if _is_link(cell.value):
                cell.hyperlink = str(cell.value)
                cell.style = "Hyperlink"
    ws.freeze_panes = "A2"
    if header:
        last = get_column_letter(len(header))
        ws.auto_filter.ref = f"A1:{last}{max(df.height + 1, 1)}"
    _fit_widths(ws, header, df.head(WIDTH_SAMPLE_ROWS).iter_rows())


def _fill_about(ws: Worksheet, about: AboutInfo) -> None:
    """Provenance, then the column docs, then outlets and sources, as separate titled blocks."""
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def title(text: str) -> None:
        if ws.max_row > 1:
            ws.append([])
        ws.append([text])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12)

    def block(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        ws.append(list(header))
        for cell in ws[ws.max_row]:
            cell.font = bold
        for row in rows:
            ws.append([_cell_value(v) for v in row])
            for cell in ws[ws.max_row]:
                cell.alignment = wrap

    ws.append(["About this workbook"])
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    for label, value in about.provenance:
        ws.append([label, _cell_value(value)])
        ws.cell(row=ws.max_row, column=1).font = bold

    title("Columns")
    block(
        ["sheet", "column", "type", "required", "allowed values", "rules", "meaning"],
        (
            [
                d["sheet"],
                d["name"],
                d["type"],
                "yes" if not d.get("nullable", True) else "no",
                ", ".join(d.get("enum") or []),
                "; ".join(d.get("constraints") or []),
                d.get("description") or "",
            ]
            for d in about.columns
        ),
    )
    if about.outlets.width:
        title("Outlets")
        block(about.outlets.columns, about.outlets.iter_rows())
    if about.sources.width:
        title("Sources")
        block(about.sources.columns, about.sources.iter_rows())
    for letter, width in zip("ABCDEFG", (18, 22, 10, 10, 40, 40, 80), strict=True):
        ws.column_dimensions[letter].width = width


def write_workbook(path: Path | str, sheets: Sequence[Sheet], about: AboutInfo) -> None:
    """Write the data sheets in order, then the About sheet, atomically."""
    wb = Workbook()
    first = wb.active
    if first is not None:
        wb.remove(first)
    for sheet in sheets:
        _fill_sheet(wb.create_sheet(sheet.title[:31]), sheet)
    _fill_about(wb.create_sheet("About"), about)
    atomic_write(path, wb.save)


def counts(df: pl.DataFrame, by: Sequence[str], name: str) -> pl.DataFrame:
    """Rows per distinct ``by`` values (nulls dropped), most frequent first: the About tables."""
    if df.is_empty() or not set(by) <= set(df.columns):
        return pl.DataFrame()
    present = df.drop_nulls(subset=list(by))
    out = present.group_by(list(by)).len(name=name)
    return out.sort([name, *by], descending=[True, *([False] * len(by))])
