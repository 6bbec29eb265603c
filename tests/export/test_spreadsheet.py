"""Spreadsheet exports: formula guard, BOM, typed XLSX cells, HXL row, atomic replacement."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from export_tables import DASH_QUOTE, FORMULA_SOURCE, claim, claim_rows, write_tables
from openpyxl import load_workbook

from tracker.cli import main
from tracker.export import export_claims, read_table
from tracker.export import spreadsheet as spreadsheet_module
from tracker.export.hxl import METRIC_TAGS
from tracker.export.spreadsheet import SHEETS, guard_cell, guard_frame
from tracker.model import CLAIM_COLUMNS, Metric
from tracker.validate import column_docs

BOM = b"\xef\xbb\xbf"


def _csv_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().removeprefix(BOM).decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-12 killed", "'-12 killed"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("12 killed", "12 killed"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_guard_cell(value: str, expected: str) -> None:
    assert guard_cell(value) == expected


def test_guard_frame_touches_text_only() -> None:
    df = pl.DataFrame({"n": [-5.0, 3.0], "i": [-1, 2], "s": ["-5", None], "d": [dt.date(2024, 1, 1), None]})
    out = guard_frame(df)
    assert out["n"].to_list() == [-5.0, 3.0] and out["i"].to_list() == [-1, 2]
    assert out["s"].to_list() == ["'-5", None]
    assert out["d"].to_list() == df["d"].to_list()


def test_csv_excel_bom_guard_and_numbers(tmp_path: Path) -> None:
    rows = [*claim_rows(), claim("neg", "a1", "killed", -7.0, value_low=-7.0, value_high=-7.0)]
    claims = write_tables(tmp_path, rows)
    out = tmp_path / "new" / "folder" / "claims.csv"  # a folder that does not exist yet
    result = CliRunner().invoke(main, ["export", str(claims), "--format", "csv", "-o", str(out), "--excel"])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(BOM + b"claim_id,article_id,")
    assert b"\r\n" in data  # RFC 4180 line ends
    header, *body = _csv_rows(out)
    assert header == list(CLAIM_COLUMNS)
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    assert by_id["c1"]["source"] == "'" + FORMULA_SOURCE
    assert by_id["c2"]["quote"] == "'" + DASH_QUOTE
    assert by_id["neg"]["value"] == "-7.0"  # a number column is never prefixed
    assert by_id["c3"]["period_start"] == "2023-10-08"  # ISO dates
    assert by_id["c4"]["value_high"] == ""  # null stays empty


def test_plain_csv_has_no_bom_and_reads_back(tmp_path: Path) -> None:
    claims = write_tables(tmp_path)
    out = tmp_path / "out.csv"
    export_claims(claims, out)
    assert not out.read_bytes().startswith(BOM)
    back = read_table(out)
    original = read_table(claims)
    assert back.schema == original.schema  # numbers and dates keep their types
    c3 = pl.col("claim_id") == "c3"
    assert back.filter(c3).rows() == original.filter(c3).rows()


def test_xlsx_workbook(tmp_path: Path) -> None:
    rows = [*claim_rows(), claim("neg", "a1", "killed", -7.0, value_low=-7.0, value_high=-7.0)]
    claims = write_tables(tmp_path, rows)
    out = tmp_path / "tracker.xlsx"
    result = CliRunner().invoke(main, ["export", str(claims), "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert tuple(wb.sheetnames) == SHEETS == ("Claims", "Articles", "Comparison", "Series summary", "About")
    for name in SHEETS[:-1]:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
        assert all(ws.column_dimensions[c].width >= 8 for c in "AB")
    ws = wb["Claims"]
    header = [c.value for c in ws[1]]
    assert header == list(CLAIM_COLUMNS)
    assert ws.auto_filter.ref == f"A1:U{len(rows) + 1}"
    col = {name: i for i, name in enumerate(header)}
    cells = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert cells["c1"][col["value"]].data_type == "n" and cells["c1"][col["value"]].value == 12
    assert cells["neg"][col["value"]].value == -7  # negative numbers stay numbers
    assert cells["c1"][col["char_start"]].data_type == "n"
    start = cells["c3"][col["period_start"]]
    assert start.is_date and start.value.date() == dt.date(2023, 10, 8)
    assert start.number_format == "yyyy-mm-dd"
    assert cells["c1"][col["source"]].value == "'" + FORMULA_SOURCE
    assert cells["c1"][col["source"]].data_type == "s"
    assert cells["c2"][col["quote"]].value == "'" + DASH_QUOTE
    formulas = [c.coordinate for s in wb for row in s.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    arts = wb["Articles"]
    url = arts.cell(row=2, column=5)
    assert url.value == "https://example.org/news/a1" and url.hyperlink.target == url.value
    assert arts.cell(row=3, column=2).value == "'@ Thousands flee"
    assert wb["Comparison"].max_row >= 2 and wb["Series summary"].max_row >= 2
    about = [list(row) for row in wb["About"].iter_rows(values_only=True)]
    flat = [str(v) for row in about for v in row if v is not None]
    assert any(v.startswith("tracker export") for v in flat)  # the command that made it
    described = {(r[0], r[1]) for r in about if r[0] in ("Claims", "Articles")}
    docs = {("Claims" if d["table"] == "claims" else "Articles", d["name"]) for d in column_docs()}
    assert docs <= described
    assert "Example Wire" in flat and "Lebanese officials" in flat  # outlets and sources


def test_hxl_csv(tmp_path: Path) -> None:
    claims = write_tables(tmp_path)
    out = tmp_path / "claims.hxl.csv"
    result = CliRunner().invoke(main, ["export", str(claims), "-o", str(out), "--hxl"])
    assert result.exit_code == 0, result.output
    header, tags, *body = _csv_rows(out)
    tag = dict(zip(header, tags, strict=True))
    assert tag["value_killed"] == "#affected+killed"
    assert tag["value_injured"] == "#affected+injured"
    assert tag["value_displaced"] == "#affected+displaced"
    assert tag["value_projectiles"] == "#indicator+projectiles+num"
    assert tag["published"] == "#date+reported"
    assert tag["source"] == "#meta+source" and tag["url"] == "#meta+url" and tag["location"] == "#loc+name"
    assert all(t.startswith("#") for t in tags)
    assert set(METRIC_TAGS) == set(Metric)
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    assert rows["c1"]["value_killed"] == "12.0" and rows["c1"]["value_injured"] == ""
    assert rows["c3"]["value_displaced"] == "1500.0" and rows["c3"]["published"] == "2024-10-16"
    assert rows["c1"]["url"] == "https://example.org/news/a1"
    assert rows["c1"]["source"] == "'" + FORMULA_SOURCE


def test_existing_file_replaced_only_when_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    claims = write_tables(tmp_path)
    out = tmp_path / "claims_export.csv"
    out.write_text("previous export\n", encoding="utf-8")

    def broken(df: pl.DataFrame) -> pl.DataFrame:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spreadsheet_module, "guard_frame", broken)
    result = CliRunner().invoke(main, ["export", str(claims), "-o", str(out)])
    assert result.exit_code == 1 and "cannot write" in result.output
    assert out.read_text(encoding="utf-8") == "previous export\n"
    monkeypatch.undo()

    real = spreadsheet_module.write_csv

    def half(df: pl.DataFrame, path: Path, **kw: object) -> None:
        def write_then_fail(fh: object) -> None:
            fh.write(b"claim_id,partial")  # type: ignore[attr-defined]
            raise KeyboardInterrupt

        spreadsheet_module.atomic_write(path, write_then_fail)

    monkeypatch.setattr("tracker.export.bundle.write_csv", half)
    with pytest.raises(KeyboardInterrupt):
        export_claims(claims, out)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr("tracker.export.bundle.write_csv", real)
    export_claims(claims, out)
    assert out.read_text(encoding="utf-8").startswith("claim_id,")


def test_usage_errors(tmp_path: Path) -> None:
    claims = write_tables(tmp_path)
    runner = CliRunner()
    bad = runner.invoke(main, ["export", str(claims), "-o", str(tmp_path / "x.xlsx"), "--excel"])
    assert bad.exit_code == 2 and "CSV output only" in bad.output
    odd = runner.invoke(main, ["export", str(claims), "-o", str(tmp_path / "x.txt")])
    assert odd.exit_code == 2 and "unsupported export format" in odd.output
    missing = runner.invoke(main, ["export", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "x.csv")])
    assert missing.exit_code == 2


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_parquet_and_jsonl_are_the_canonical_table(tmp_path: Path, fmt: str) -> None:
    claims = write_tables(tmp_path)
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["export", str(claims), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_table(out).equals(read_table(claims))  # no guard outside spreadsheets
