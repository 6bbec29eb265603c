"""datapackage.json: generated from the schemas, and valid against the files it describes."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import frictionless
import pytest
from click.testing import CliRunner
from export_tables import write_tables

from tracker.cli import main
from tracker.compare import compare, write_comparison
from tracker.export import export_all
from tracker.export.bundle import load_tables
from tracker.export.datapackage import PROFILE
from tracker.model import ARTICLE_COLUMNS, CLAIM_COLUMNS
from tracker.pipeline import run_extract
from tracker.validate import column_docs

CREATED = dt.datetime(2024, 10, 20, 12, 0, tzinfo=dt.UTC)


def _package(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return data


def _resource(package: dict[str, Any], name: str) -> dict[str, Any]:
    (res,) = [r for r in package["resources"] if r["name"] == name]
    return res


def _report(folder: Path) -> frictionless.Report:
    return frictionless.validate(str(folder / "datapackage.json"))


def _errors(report: frictionless.Report) -> list[str]:
    return [e.message for task in report.tasks for e in task.errors] + [e.message for e in report.errors]


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    claims = write_tables(tmp_path / "clean")
    out = tmp_path / "clean"
    export_all(claims, out, command="make figures", created=CREATED)
    return out


def test_package_validates_against_the_files(exported: Path) -> None:
    report = _report(exported)
    assert report.valid, _errors(report)
    names = [task.name for task in report.tasks]
    assert names[:3] == ["claims", "articles", "claims-hxl"]
    assert all(task.stats["rows"] > 0 for task in report.tasks)


@pytest.mark.parametrize(("table", "resource", "columns"),
                         [("claims", "claims", CLAIM_COLUMNS), ("articles", "articles", ARTICLE_COLUMNS)])
def test_fields_equal_the_schema(exported: Path, table: str, resource: str, columns: tuple[str, ...]) -> None:
    fields = _resource(_package(exported), resource)["schema"]["fields"]
    docs = [d for d in column_docs() if d["table"] == table]
    assert [f["name"] for f in fields] == [d["name"] for d in docs] == list(columns)
    for f, d in zip(fields, docs, strict=True):
        assert f["type"] == d["type"]
        assert f["description"].startswith(d["description"])
        constraints = f.get("constraints", {})
        assert constraints.get("required", False) == (not d["nullable"])
        assert constraints.get("enum") == d["enum"]
        assert constraints.get("minimum") == d["minimum"]
        assert constraints.get("unique", False) == d["unique"]


def test_package_metadata(exported: Path) -> None:
    package = _package(exported)
    assert package["$schema"] == PROFILE
    assert package["created"] == "2024-10-20T12:00:00Z"
    assert {"title": "Example Wire", "path": "https://example.org/"} in package["sources"]
    assert _resource(package, "claims")["schema"]["primaryKey"] == ["claim_id"]
    hxl = _resource(package, "claims-hxl")
    assert hxl["dialect"]["commentRows"] == [2]
    with (exported / "claims.hxl.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert [f["name"] for f in hxl["schema"]["fields"]] == header
    value_killed = next(f for f in hxl["schema"]["fields"] if f["name"] == "value_killed")
    assert value_killed["hxl"] == "#affected+killed"


def test_the_validator_catches_broken_files(exported: Path) -> None:
    claims = exported / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace(",killed,", ",bogus_metric,", 1), encoding="utf-8")
    report = _report(exported)
    assert not report.valid
    assert any("bogus_metric" in m or "constraint" in m for m in _errors(report))


def test_other_csvs_in_the_folder_are_described(exported: Path) -> None:
    (exported / "comparison.csv").write_text(
        "series_id,value,published,flags\r\ns1,12.0,2024-10-15,\r\ns1,14.0,2024-10-16,revised_down\r\n",
        encoding="utf-8",
    )
    (exported / "notes.csv").write_text("a,b\r\n1,x\r\n", encoding="utf-8")
    export_all(exported / "claims.csv", exported, created=CREATED)
    package = _package(exported)
    comparison = _resource(package, "comparison")["schema"]["fields"]
    assert [(f["name"], f["type"]) for f in comparison] == [
        ("series_id", "string"), ("value", "number"), ("published", "date"), ("flags", "string"),
    ]
    assert _resource(package, "notes")["path"] == "notes.csv"
    report = _report(exported)
    assert report.valid, _errors(report)


def test_export_all_into_another_folder_copies_the_tables(tmp_path: Path) -> None:
    claims = write_tables(tmp_path / "clean")
    before = claims.read_bytes()
    out = tmp_path / "publish" / "here"
    result = CliRunner().invoke(main, ["export", str(claims), "--format", "all", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {
        "claims.csv", "articles.csv", "claims.hxl.csv", "tracker.xlsx", "datapackage.json",
    }
    assert claims.read_bytes() == before  # the canonical table is never rewritten
    # The copies are the canonical tables, unguarded (docs/users.md says so), and the package
    # tells whoever opens it where the spreadsheet-safe files are.
    assert (out / "claims.csv").read_bytes() == before
    for name in ("claims", "articles"):
        assert "not guarded against spreadsheet formulas" in _resource(_package(out), name)["description"]
    assert _package(out)["x_tracker_command"].startswith("tracker export")
    report = _report(out)
    assert report.valid, _errors(report)


def test_package_of_a_real_run_validates(tmp_path: Path) -> None:
    """extract -> compare -> export_all on the eval corpus, as `make figures` runs them."""
    articles = Path(__file__).resolve().parents[1] / "eval" / "articles"
    clean = tmp_path / "clean"
    run_extract([articles], clean / "claims.csv")
    claims, arts = load_tables(clean / "claims.csv")
    assert claims.height > 50
    write_comparison(compare(claims, arts), clean / "comparison.csv")
    export_all(clean / "claims.csv", clean, command="make figures", created=CREATED)
    report = _report(clean)
    assert report.valid, _errors(report)
    described = {r["path"] for r in _package(clean)["resources"]}
    assert described == {p.name for p in clean.glob("*.csv")}
