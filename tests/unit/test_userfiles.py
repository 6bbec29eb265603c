"""tracker.userfiles: the checks every command runs on the paths and tables it is given."""

from __future__ import annotations

import codecs
from pathlib import Path

import polars as pl
import pytest

from tracker.compare import compare, write_comparison
from tracker.export.bundle import ExportError, export_all_targets, export_target
from tracker.export.writers import UnsupportedFormat
from tracker.userfiles import (
    PathClash,
    TableProblem,
    check_outputs,
    check_table,
    comparison_paths,
    read_table_checked,
    same_file,
    user_path,
    write_failure,
)

HEADER = "claim_id,article_id,metric,value,modality\n"


def _csv(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_same_file_sees_through_dots_symlinks_and_hard_links(tmp_path: Path) -> None:
    a = _csv(tmp_path / "a.csv", HEADER)
    (tmp_path / "sym.csv").symlink_to(a)
    (tmp_path / "hard.csv").hardlink_to(a)
    assert same_file(a, tmp_path / "sub" / ".." / "a.csv")
    assert same_file(a, tmp_path / "sym.csv") and same_file(a, tmp_path / "hard.csv")
    assert not same_file(a, tmp_path / "b.csv")  # b does not exist yet: not the same


def test_check_outputs_names_both_paths(tmp_path: Path) -> None:
    a = _csv(tmp_path / "a.csv", HEADER)
    with pytest.raises(PathClash, match=r"^-o .*a\.csv would overwrite the input .*a\.csv; "):
        check_outputs([("", a)], [("-o", tmp_path / "." / "a.csv")])
    with pytest.raises(PathClash, match=r"-o .*x\.csv and --rejects .*x\.csv are the same file"):
        check_outputs([("", a)], [("-o", tmp_path / "x.csv"), ("--rejects", tmp_path / "x.csv")])
    check_outputs([("", tmp_path)], [("-o", tmp_path / "out.csv")])  # a folder input is not compared


def test_comparison_paths_are_what_write_comparison_writes(tmp_path: Path) -> None:
    out = tmp_path / "cmp.parquet"
    assert write_comparison(compare(pl.DataFrame(), None), out) == comparison_paths(out)
    assert all(p.exists() for p in comparison_paths(out))


@pytest.mark.parametrize(("failed", "expected"), [
    (".claims.csv.0a1b2c3d4e5f.tmp", "claims.csv"),
    (".claims.0a1b2c3d4e5f.staged.csv", "claims.csv"),
    ("..claims.0a1b2c3d4e5f.staged.csv.0a1b2c3d4e5f.tmp", "claims.csv"),
    (".claims.summary.csv.0a1b2c3d4e5f.tmp", "claims.summary.csv"),  # not claims.csv, though it starts so
    ("claims.undated.csv", "claims.undated.csv"),
    ("other.csv", "other.csv"),  # no temp file of ours: named as it is
])
def test_user_path_maps_temp_files_to_their_target(tmp_path: Path, failed: str, expected: str) -> None:
    outputs = [tmp_path / "claims.csv", tmp_path / "claims.summary.csv", tmp_path / "claims.undated.csv"]
    assert user_path(str(tmp_path / failed), outputs) == tmp_path / expected


def test_write_failure_names_the_output_and_the_folder_in_the_way(tmp_path: Path) -> None:
    out = tmp_path / "afile" / "c.csv"
    exc = FileExistsError(17, "File exists", str(tmp_path / "afile"))
    assert write_failure(exc, [out]) == f"{out}: cannot write (File exists: {tmp_path / 'afile'})"
    tmp = NotADirectoryError(20, "Not a directory", str(tmp_path / ".c.csv.abcdef012345.tmp"))
    assert write_failure(tmp, [tmp_path / "c.csv"]) == f"{tmp_path / 'c.csv'}: cannot write (Not a directory)"


@pytest.mark.parametrize(("name", "data", "words"), [
    ("e.csv", b"", "empty file"),
    ("ws.csv", b"  \n\n", "empty file"),
    ("bin.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary content, not a CSV table"),
    ("bin.jsonl", bytes(range(256)) * 4, "binary content, not a JSONL table"),
    ("cp.csv", (HEADER + "c1,a1,killed,3,reported,“quoted”\n").encode("cp1252"), "looks like cp1252"),
    ("u16.csv", codecs.BOM_UTF16_LE + HEADER.encode("utf-16-le"), "looks like utf-16"),
    ("stray.csv", HEADER.encode() + b"c1,a1,killed,3,reported\n" * 3 + b"c2,a1,killed,4,r\xe9ported\n",
     "byte 0xe9 on line 5"),
    # past the first 64 KiB that the encoding guess sees: only the full decode finds it
    ("late.csv", HEADER.encode() + b"c1,a1,killed,3,reported\n" * 4000 + b"c2,a1,killed,4,r\x92d\n",
     "not UTF-8 text (byte 0x92 on line 4002; re-save it as UTF-8)"),
    ("cut.csv", HEADER.encode() + b"c1,a1,killed,3,reported\n" * 4000 + b"c2\xe2\x80",
     "ends inside a character"),
    ("notjson.jsonl", b"claim_id,article_id\n", "line 1 is not JSON"),
    ("list.jsonl", b"[1, 2]\n", "line 1 is not a JSON object"),
    ("fake.parquet", b"claim_id\nc1\n", "not a Parquet file"),
    ("cut.parquet", b"PAR1" + b"\x00" * 20 + b"PAR1", "not a readable Parquet file"),
    ("few.csv", b"claim_id,value\nc1,3\n", "not a claims table (missing columns: article_id, metric, modality)"),
    ("few.jsonl", b'{"claim_id": "c1", "value": 3}\n', "missing columns: article_id, metric, modality"),
])
def test_check_table_refuses_with_one_line_naming_the_file(tmp_path: Path, name: str, data: bytes,
                                                           words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(TableProblem) as info:
        check_table(path, "claims")
    message = str(info.value)
    assert message.startswith(f"{path}: ") and words in message and "\n" not in message, message


def test_check_table_accepts_what_extract_writes(tmp_path: Path) -> None:
    check_table(_csv(tmp_path / "c.csv", HEADER), "claims")  # header only: no claims, still a table
    check_table(_csv(tmp_path / "bom.csv", "\ufeff" + HEADER), "claims")
    (tmp_path / "e.jsonl").write_bytes(b"")  # JSONL cannot store a header: empty is an empty table
    check_table(tmp_path / "e.jsonl", "claims")
    frame = pl.DataFrame({"claim_id": ["c1"], "article_id": ["a1"], "metric": ["killed"], "value": [3.0],
                          "modality": ["reported"]})
    frame.write_parquet(tmp_path / "c.parquet")
    check_table(tmp_path / "c.parquet", "claims")
    check_table(_csv(tmp_path / "a.csv", "article_id,title\na1,T\n"), "articles")
    with pytest.raises(TableProblem, match="this looks like an article table"):
        check_table(tmp_path / "a.csv", "claims")
    with pytest.raises(UnsupportedFormat):
        check_table(_csv(tmp_path / "c.tsv", HEADER), "claims")


def test_read_table_checked_names_the_file_for_reader_errors(tmp_path: Path) -> None:
    path = _csv(tmp_path / "c.csv", HEADER + "c1,a1,killed,3,reported\n")
    assert read_table_checked(path, "claims").height == 1

    def failing(p: Path) -> pl.DataFrame:
        raise pl.exceptions.ComputeError("could not parse `x` as dtype f64 at column 'value'\n\nmore detail")

    with pytest.raises(TableProblem) as info:
        read_table_checked(path, "claims", failing)
    assert str(info.value) == f"{path}: cannot read the claims table (could not parse `x` as dtype f64 at " \
                              "column 'value')"


@pytest.mark.parametrize(("output", "fmt", "expected"), [
    ("x.csv", None, ("csv", "x.csv")),
    ("x.XLSX", None, ("xlsx", "x.XLSX")),
    ("x.csv", "csv", ("csv", "x.csv")),
    ("x", "parquet", ("parquet", "x.parquet")),
    ("x.hxl.csv", "csv", ("csv", "x.hxl.csv")),
])
def test_export_target(output: str, fmt: str | None, expected: tuple[str, str]) -> None:
    assert export_target(Path(output), fmt) == (expected[0], Path(expected[1]))


@pytest.mark.parametrize(("output", "fmt", "words"), [
    ("x.csv", "xlsx", "--format xlsx does not match x.csv"),
    ("x.csv", "parquet", "--format parquet does not match"),
    ("x.txt", None, "unsupported export format '.txt'"),
    ("x", None, "unsupported export format no extension"),
])
def test_export_target_refuses_a_format_the_name_contradicts(output: str, fmt: str | None, words: str) -> None:
    with pytest.raises(ExportError, match=words):
        export_target(Path(output), fmt)


def test_export_all_targets_leave_out_the_inputs_themselves(tmp_path: Path) -> None:
    claims = _csv(tmp_path / "claims.csv", HEADER)
    _csv(tmp_path / "articles.csv", "article_id\n")
    names = [p.name for _, p in export_all_targets(claims, tmp_path)]
    assert names == ["tracker.xlsx", "claims.hxl.csv", "datapackage.json"]
    elsewhere = [p.name for _, p in export_all_targets(claims, tmp_path / "pub")]
    assert elsewhere == ["claims.csv", "articles.csv", "tracker.xlsx", "claims.hxl.csv", "datapackage.json"]
