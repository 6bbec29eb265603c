"""The command line as a user meets it: help, version, exit codes, one-line errors, outputs."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import main

GOOD = """---
title: "Strikes kill 12 in the south"
outlet: Example Wire
published: 2024-10-15
url: https://example.org/a
---
Strikes kill 12 in the south
At least 12 people were killed and 30 wounded in a strike on Monday, the health ministry said.
"""


def _folder(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.md").write_text(GOOD, encoding="utf-8")
    (raw / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))  # ignored: unsupported type
    (raw / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 50)
    (raw / "empty.md").write_text("   \n", encoding="utf-8")
    return raw


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_help_lists_commands_with_examples() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "extract" in result.output and "Example" in result.output
    sub = CliRunner().invoke(main, ["extract", "--help"])
    assert sub.exit_code == 0 and "tracker extract data/raw" in sub.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("tracker, version")


def test_extract_writes_three_tables_and_skips_bad_files(tmp_path: Path) -> None:
    raw = _folder(tmp_path)
    out = tmp_path / "clean" / "claims.csv"
    result = CliRunner().invoke(main, ["extract", str(raw), "-o", str(out)])
    assert result.exit_code == 0, result.output
    claims = _rows(out)
    # the headline figure is a claim too (spec rule 8)
    assert sorted((r["metric"], float(r["value"]), r["quote"]) for r in claims) == [
        ("injured", 30.0, "30 wounded"), ("killed", 12.0, "12"), ("killed", 12.0, "At least 12 people")]
    body = GOOD.split("---\n", 2)[2]
    for r in claims:
        assert body[int(r["char_start"]):int(r["char_end"])] == r["quote"]
    assert {r["source"] for r in claims if r["quote"] != "12"} == {"health ministry"}
    assert [r["source"] for r in claims if r["quote"] == "12"] == [""]  # headline names no source
    assert [r["article_id"] for r in _rows(tmp_path / "clean" / "articles.csv")] == ["good"]
    assert (tmp_path / "clean" / "rejects.csv").exists()
    assert "broken.txt" in result.output and "empty.md" in result.output
    assert "2 files skipped" in result.output
    assert "Traceback" not in result.output


def test_strict_exits_1_when_a_file_was_skipped(tmp_path: Path) -> None:
    raw = _folder(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(raw), "-o", str(tmp_path / "c.csv"), "--strict"])
    assert result.exit_code == 1
    assert (tmp_path / "c.csv").exists()


@pytest.mark.parametrize("args", [
    ["extract", "/definitely/not/here", "-o", "x.csv"],
    ["extract", "{raw}", "-o", "x.xlsx"],
    ["extract", "{raw}"],
    ["nosuchcommand"],
])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    raw = _folder(tmp_path)
    result = CliRunner().invoke(main, [a.replace("{raw}", str(raw)) for a in args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize("ext", [".csv", ".jsonl", ".parquet"])
def test_output_format_follows_extension(tmp_path: Path, ext: str) -> None:
    raw = _folder(tmp_path)
    out = tmp_path / f"claims{ext}"
    assert CliRunner().invoke(main, ["extract", str(raw), "-o", str(out), "-q"]).exit_code == 0
    import polars as pl

    df = {".csv": pl.read_csv, ".jsonl": pl.read_ndjson, ".parquet": pl.read_parquet}[ext](out)
    assert df.height == 3


def test_same_input_gives_byte_identical_tables(tmp_path: Path) -> None:
    raw = _folder(tmp_path)
    outs = []
    for i in range(2):
        out = tmp_path / f"run{i}" / "claims.csv"
        CliRunner().invoke(main, ["extract", str(raw), "-o", str(out), "-q"])
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("tracker")
    if not exe.exists():
        pytest.skip("console script not installed in this environment")
    proc = subprocess.run([str(exe), "extract", str(tmp_path / "missing"), "-o", str(tmp_path / "c.csv")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "no such file or folder" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(("args", "words"), [
    (["{raw}/coll.csv", "-o", "{raw}/coll.csv"], "-o {raw}/coll.csv would overwrite the input {raw}/coll.csv"),
    (["{raw}/good.md", "-o", "{out}/claims.csv", "--articles", "{out}/claims.csv"],
     "-o {out}/claims.csv and --articles {out}/claims.csv are the same file"),
    (["{raw}/good.md", "-o", "{out}/claims.csv", "--rejects", "{out}/articles.csv"],
     "the article table {out}/articles.csv and --rejects {out}/articles.csv are the same file"),
    (["{raw}/coll.csv", "-o", "{out}/claims.csv", "--rejects", "{raw}/./coll.csv"], "would overwrite the input"),
    (["{raw}/good.md", "-o", "{out}/c.csv", "--articles", "{out}/link.csv"], "are the same file"),
])
def test_extract_refuses_an_output_that_is_an_input_or_another_output(tmp_path: Path, args: list[str],
                                                                      words: str) -> None:
    raw = _folder(tmp_path)
    (raw / "coll.csv").write_text('id,text\n1,"At least 9 people were killed."\n', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "c.csv").write_text("keep\n", encoding="utf-8")
    (out / "link.csv").hardlink_to(out / "c.csv")  # same file under another name
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    fill = {"{raw}": str(raw), "{out}": str(out)}

    def expand(text: str) -> str:
        for key, value in fill.items():
            text = text.replace(key, value)
        return text

    result = CliRunner().invoke(main, ["extract", *map(expand, args)])
    assert result.exit_code == 2, result.output
    assert expand(words) in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_extract_refuses_the_default_article_table_when_it_is_the_input(tmp_path: Path) -> None:
    """extract mc/articles.csv -o mc/claims.csv: the article table beside -o is the input itself."""
    mc = tmp_path / "mc"
    mc.mkdir()
    (mc / "articles.csv").write_text('id,text\n1,"At least 9 people were killed."\n', encoding="utf-8")
    before = (mc / "articles.csv").read_bytes()
    result = CliRunner().invoke(main, ["extract", str(mc / "articles.csv"), "-o", str(mc / "claims.csv")])
    assert result.exit_code == 2 and "the article table" in result.stderr, result.output
    assert (mc / "articles.csv").read_bytes() == before and not (mc / "claims.csv").exists()


def test_unwritable_extract_output_names_the_output_not_the_temp_file(tmp_path: Path) -> None:
    raw = _folder(tmp_path)
    (tmp_path / "afile").write_text("x\n", encoding="utf-8")
    out = tmp_path / "afile" / "claims.csv"
    result = CliRunner().invoke(main, ["extract", str(raw), "-o", str(out), "-q"])
    assert result.exit_code == 1
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("tracker: error: ")]
    assert line.startswith(f"tracker: error: {out}: cannot write") and ".tmp" not in line, line


def test_interrupt_exits_with_the_documented_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C during extraction exits with cli.EXIT_INTERRUPTED (what docs/exit-codes.md lists)."""
    from tracker import cli, pipeline

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "run_extract", interrupted)
    result = CliRunner().invoke(main, ["extract", str(_folder(tmp_path)), "-o", str(tmp_path / "c.csv")])
    assert result.exit_code == cli.EXIT_INTERRUPTED
    assert "interrupted" in result.stderr
