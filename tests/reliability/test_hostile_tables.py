"""Hostile tables through compare, figures, report and export, as a user would run them.

test_hostile_matrix.py does this for the articles ``tracker extract`` reads; these commands read
a claims table instead (one ``tracker extract`` wrote, or one a user edited, re-saved or mixed
up). Every case must: exit with the documented code (1: the table cannot be used or the output
cannot be written; 2: a usage error, nothing read or written), say why on one error line that
names the file, print no traceback and nothing on stdout, and leave every file in the folder as
it was (no input replaced, no partial output).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hostile_files import random_bytes, write_good

from tracker import cli
from tracker.cli import main

COMMANDS = ("compare", "figures", "report", "export")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """claims.csv and articles.csv of the good articles, made once by ``tracker extract``."""
    root = tmp_path_factory.mktemp("extracted")
    write_good(root / "raw")
    result = CliRunner().invoke(main, ["extract", str(root / "raw"), "-o", str(root / "clean" / "claims.csv"), "-q"])
    assert result.exit_code == 0, result.output
    return root / "clean"


@pytest.fixture
def work(tmp_path: Path, extracted: Path) -> Path:
    for name in ("claims.csv", "articles.csv"):
        shutil.copy(extracted / name, tmp_path / name)
    return tmp_path


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _output(command: str, work: Path, name: str = "out") -> Path:
    """A fresh output for the command: a table file for compare/export, a folder otherwise."""
    return work / {"compare": f"{name}.csv", "export": f"{name}.xlsx"}.get(command, name)


def _run(command: str, claims: Path, output: Path, *extra: str) -> Result:
    return CliRunner().invoke(main, [command, str(claims), "-o", str(output), *extra])


def _error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(("tracker: error: ", "Error: "))]


def _check_refused(result: Result, code: int, names: Path, words: str, before: dict[Path, bytes],
                   folder: Path) -> None:
    assert result.exit_code == code, result.output
    assert result.stdout == "", "messages go to stderr"
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr
    errors = _error_lines(result)
    assert len(errors) == 1, result.stderr
    assert str(names) in errors[0] and words in errors[0], errors[0]
    if code == cli.EXIT_FAILED:  # a run error is exactly one line; click adds usage lines to exit 2
        assert result.stderr.splitlines() == errors, result.stderr
    assert _snapshot(folder) == before, "no file was replaced, removed or half-written"


def _cp1252(work: Path) -> Path:
    text = (work / "claims.csv").read_text(encoding="utf-8").replace("people", "péople", 1)
    path = work / "claims_cp1252.csv"
    path.write_bytes(text.encode("cp1252", errors="replace"))
    return path


def _binary(work: Path) -> Path:
    path = work / "claims_bin.csv"
    path.write_bytes(random_bytes(2048))
    return path


def _empty(work: Path) -> Path:
    path = work / "claims_empty.csv"
    path.write_bytes(b"")
    return path


def _missing_columns(work: Path) -> Path:
    path = work / "claims_cut.csv"
    path.write_text("claim_id,article_id,value\nc1,a1,12\n", encoding="utf-8")
    return path


def _articles_as_claims(work: Path) -> Path:
    return work / "articles.csv"


#: (case, how to make the bad claims table, words the error line must hold)
BAD_TABLES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("empty file", _empty, "empty file"),
    ("binary", _binary, "binary content, not a CSV table"),
    ("cp1252", _cp1252, "looks like cp1252; re-save it as UTF-8"),
    ("missing columns", _missing_columns, "not a claims table (missing columns: metric, modality)"),
    ("articles table as claims", _articles_as_claims, "not a claims table (missing columns: claim_id"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("case", "make", "words"), BAD_TABLES, ids=[c[0] for c in BAD_TABLES])
def test_bad_claims_table_is_refused_on_one_line(work: Path, command: str, case: str,
                                                 make: Callable[[Path], Path], words: str) -> None:
    bad = make(work)
    before = _snapshot(work)
    result = _run(command, bad, _output(command, work))
    _check_refused(result, cli.EXIT_FAILED, bad, words, before, work)


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_article_table_is_refused_on_one_line(work: Path, command: str) -> None:
    (work / "articles.csv").write_bytes(random_bytes(1024))
    before = _snapshot(work)
    result = _run(command, work / "claims.csv", _output(command, work))
    _check_refused(result, cli.EXIT_FAILED, work / "articles.csv", "binary content", before, work)


@pytest.mark.parametrize("command", COMMANDS)
def test_missing_explicit_article_table_is_a_usage_error(work: Path, command: str) -> None:
    before = _snapshot(work)
    result = _run(command, work / "claims.csv", _output(command, work), "--articles", str(work / "nope.csv"))
    _check_refused(result, cli.EXIT_USAGE, work / "nope.csv", "no such file", before, work)


@pytest.mark.parametrize("command", COMMANDS)
def test_unwritable_output_names_the_users_path(work: Path, command: str) -> None:
    """A folder on the way is a file: the write fails (even as root) and -o's path is named."""
    (work / "afile").write_text("not a folder\n", encoding="utf-8")
    before = _snapshot(work)
    output = _output(command, work / "afile")
    result = _run(command, work / "claims.csv", output)
    _check_refused(result, cli.EXIT_FAILED, output, "cannot write", before, work)
    assert ".tmp" not in result.stderr and ".staged" not in result.stderr


@pytest.mark.parametrize(("command", "args", "clobbered"), [
    ("compare", ["-o", "claims.csv"], "claims.csv"),
    ("compare", ["-o", "articles.csv"], "articles.csv"),
    ("compare", ["-o", "./sub/../claims.csv"], "claims.csv"),
    ("export", ["-o", "claims.csv"], "claims.csv"),
    ("export", ["-o", "articles.csv"], "articles.csv"),
    ("export", ["-o", "articles.csv", "--articles", "articles.csv"], "articles.csv"),
    ("export", ["--format", "all", "-o", "."], None),  # the make figures case: the input is the copy
])
def test_output_that_is_an_input_is_a_usage_error(work: Path, monkeypatch: pytest.MonkeyPatch, command: str,
                                                  args: list[str], clobbered: str | None) -> None:
    monkeypatch.chdir(work)
    (work / "sub").mkdir()
    before = _snapshot(work)
    result = CliRunner().invoke(main, [command, "claims.csv", *args])
    if clobbered is None:
        assert result.exit_code == 0, result.output
        assert {p: b for p, b in _snapshot(work).items() if p in before} == before
        return
    _check_refused(result, cli.EXIT_USAGE, Path(clobbered), "would overwrite the input", before, work)


def test_export_all_refuses_to_overwrite_an_input_in_the_folder(work: Path) -> None:
    """The input named like a file of the set (claims.hxl.csv) would be replaced by it."""
    shutil.copy(work / "claims.csv", work / "claims.hxl.csv")
    before = _snapshot(work)
    result = _run("export", work / "claims.hxl.csv", work, "--format", "all", "--articles", str(work / "articles.csv"))
    _check_refused(result, cli.EXIT_USAGE, work / "claims.hxl.csv", "would overwrite the input", before, work)


def test_figures_refuses_an_input_it_would_delete_as_a_stale_chart(work: Path) -> None:
    out = work / "figs"
    out.mkdir()
    shutil.copy(work / "claims.csv", out / "coverage.csv")
    before = _snapshot(work)
    result = _run("figures", out / "coverage.csv", out, "--articles", str(work / "articles.csv"))
    _check_refused(result, cli.EXIT_USAGE, out / "coverage.csv", "would overwrite the input", before, work)


def test_report_into_the_tables_folder_keeps_the_tables(work: Path) -> None:
    """The report writes only .html/.css/.js and reads only tables, so its folder may hold them."""
    before = _snapshot(work)
    result = _run("report", work / "claims.csv", work)
    assert result.exit_code == 0, result.output
    assert {p: _snapshot(work)[p] for p in before} == before


@pytest.mark.parametrize("output", ["cmp.xlsx", "cmp", "cmp.txt"])
def test_compare_output_extension_is_checked_first(work: Path, output: str) -> None:
    before = _snapshot(work)
    result = _run("compare", work / "claims.csv", work / output)
    _check_refused(result, cli.EXIT_USAGE, work / output, "unsupported table format", before, work)


def test_compare_writes_parquet_and_jsonl(work: Path) -> None:
    """What compare --help promises: the table in the -o format, the summary and undated list as CSV."""
    for ext in ("parquet", "jsonl"):
        result = _run("compare", work / "claims.csv", work / f"cmp.{ext}")
        assert result.exit_code == 0, result.output
        assert (work / f"cmp.{ext}").stat().st_size > 0
        assert (work / "cmp.summary.csv").exists() and (work / "cmp.undated.csv").exists()
