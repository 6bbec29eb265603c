"""Table files: every format round-trips the contract dtypes, writes are atomic and reproducible."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import IO, Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tracker.export import FORMATS, UnsupportedFormat, read_table, write_table
from tracker.export import writers as writers_module
from tracker.model import ARTICLE_COLUMNS, CLAIM_COLUMNS
from tracker.validate import REASON_COLUMN, articles_frame, claims_frame

SUFFIXES = [".csv", ".parquet", ".jsonl"]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _claim(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "claim_id": "0123",  # looks numeric: must stay text
        "article_id": "a1",
        "metric": "killed",
        "value": 2350.0,
        "value_low": 2350.0,
        "value_high": None,
        "qualifier": "at_least",
        "unit": "people",
        "subject": None,
        "location": "Lebanon",
        "scope": "cumulative",
        "period_start": dt.date(2023, 10, 8),
        "period_end": dt.date(2024, 9, 23),
        "source": "Lebanese health ministry",
        "source_kind": "health_authority",
        "via": None,
        "modality": "reported",
        "quote": "at least 2,350 fatalities",
        "char_start": 70,
        "char_end": 95,
        "sentence": 'He said "at least 2,350 fatalities",\nthen left.',
    }
    row.update(overrides)
    return row


@pytest.fixture
def claims() -> pl.DataFrame:
    return claims_frame(
        [
            _claim(),
            _claim(
                claim_id="b2",
                value=1_200_000.0,
                value_low=None,
                value_high=1.25e6,
                subject="",  # the empty string is not null
                location="Près de Baalbek",
                period_start=None,
                period_end=None,
                quote="1.2 million",
                char_start=0,
                char_end=11,
                sentence="Café; «1.2 million» — displaced",
            ),
            _claim(claim_id="c3", value=0.5, value_low=0.5, value_high=12345678901234.5, via="Axios, citing"),
        ]
    )


@pytest.fixture
def articles() -> pl.DataFrame:
    return articles_frame(
        [
            {
                "article_id": "a1",
                "title": 'Toll, "rising"',
                "published": dt.date(2024, 9, 23),
                "n_chars": 120,
            },
            {"article_id": "a2", "title": None, "url": "https://x.test/a?b=1,2", "n_chars": 0},
        ]
    )


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_claims_round_trip(claims: pl.DataFrame, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"claims{suffix}"
    write_table(claims, path)
    back = read_table(path)
    assert back.columns == list(CLAIM_COLUMNS)
    assert_frame_equal(back, claims, check_exact=True)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_articles_round_trip(articles: pl.DataFrame, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"articles{suffix}"
    write_table(articles, path)
    back = read_table(path)
    assert back.columns == list(ARTICLE_COLUMNS)
    assert_frame_equal(back, articles, check_exact=True)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_rejects_round_trip(claims: pl.DataFrame, tmp_path: Path, suffix: str) -> None:
    rejects = claims.with_columns(pl.lit("value_low > value_high; duplicate claim_id").alias(REASON_COLUMN))
    path = tmp_path / f"rejects{suffix}"
    write_table(rejects, path)
    assert_frame_equal(read_table(path), rejects, check_exact=True)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_empty_table_keeps_columns_and_dtypes(claims: pl.DataFrame, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    write_table(claims.clear(), path)
    assert read_table(path).schema == claims.schema


def test_empty_jsonl_reads_as_empty_frame(claims: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    write_table(claims.clear(), path)
    assert read_table(path).height == 0


def test_unknown_columns_are_inferred(tmp_path: Path) -> None:
    df = pl.DataFrame({"claim_id": ["1"], "score": [0.5], "n": [3]})
    for suffix in SUFFIXES:
        path = tmp_path / f"extra{suffix}"
        write_table(df, path)
        assert_frame_equal(read_table(path), df)


def test_csv_layout(claims: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    write_table(claims, path)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == ",".join(CLAIM_COLUMNS)
    assert lines[-1] == ""  # CRLF-terminated last record
    first = lines[1]
    assert first.startswith(
        "0123,a1,killed,2350.0,2350.0,,at_least,people,,Lebanon,cumulative,2023-10-08,2024-09-23,"
    )
    assert '"He said ""at least 2,350 fatalities"",\nthen left."' in text  # RFC 4180 quoting
    assert ',"",' in text  # empty string, distinct from null
    assert "Près de Baalbek" in text


def test_jsonl_layout(claims: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    write_table(claims, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == claims.height
    objs = [json.loads(line) for line in lines]
    assert list(objs[0]) == list(CLAIM_COLUMNS)
    assert objs[0]["period_start"] == "2023-10-08"
    assert objs[0]["value_high"] is None
    assert objs[0]["value"] == 2350
    assert objs[1]["subject"] == ""
    assert objs[1]["period_start"] is None
    assert "Près" in lines[1]  # UTF-8, not \u escapes


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_output_is_byte_identical(claims: pl.DataFrame, tmp_path: Path, suffix: str) -> None:
    one, two = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    write_table(claims, one)
    write_table(claims.clone(), two)
    assert one.read_bytes() == two.read_bytes()
    before = one.read_bytes()
    write_table(claims, one)  # rewrite in place
    assert one.read_bytes() == before


@pytest.mark.parametrize("name", ["claims.xlsx", "claims.json", "claims", "claims.csv.gz", "claims.tsv"])
def test_unsupported_extension(claims: pl.DataFrame, tmp_path: Path, name: str) -> None:
    path = tmp_path / "sub" / name
    with pytest.raises(UnsupportedFormat) as info:
        write_table(claims, path)
    message = str(info.value)
    assert "\n" not in message
    assert ".csv, .parquet, .jsonl" in message
    assert not (tmp_path / "sub").exists()  # nothing created for a refused path
    with pytest.raises(UnsupportedFormat):
        read_table(path)


def test_extension_is_case_insensitive(claims: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "CLAIMS.CSV"
    write_table(claims, path)
    assert_frame_equal(read_table(path), claims)


def test_creates_missing_parent_folders(claims: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "out" / "2024" / "09" / "claims.parquet"
    write_table(claims, path)
    assert path.is_file()
    assert names(path.parent) == ["claims.parquet"]


def test_accepts_a_string_path(claims: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    write_table(claims, str(path))
    assert read_table(str(path)).height == claims.height


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("error", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_failed_write_keeps_previous_file(
    claims: pl.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, error: BaseException
) -> None:
    path = tmp_path / f"claims{suffix}"
    write_table(claims, path)
    before = path.read_bytes()

    def half_write(df: pl.DataFrame, fh: IO[bytes]) -> None:
        fh.write(b"partial garbage")
        fh.flush()
        raise error

    monkeypatch.setitem(writers_module.FORMATS, suffix, half_write)
    with pytest.raises(type(error)):
        write_table(claims.head(1), path)
    assert path.read_bytes() == before
    assert names(tmp_path) == [path.name]  # no temp file left behind


def test_failure_inside_polars_leaves_no_file(
    claims: pl.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: pl.DataFrame, *args: Any, **kwargs: Any) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", broken)
    path = tmp_path / "new" / "claims.parquet"
    with pytest.raises(OSError, match="no space"):
        write_table(claims, path)
    assert not path.exists()
    assert names(path.parent) == []


def test_failed_replace_cleans_temp(
    claims: pl.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("previous", encoding="utf-8")

    def broken_replace(self: Path, target: Any) -> Path:
        raise PermissionError("locked")

    monkeypatch.setattr(Path, "replace", broken_replace)
    with pytest.raises(PermissionError):
        write_table(claims, path)
    assert path.read_text(encoding="utf-8") == "previous"
    assert names(tmp_path) == ["claims.csv"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_written_file_follows_umask(claims: pl.DataFrame, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "claims.csv"
        write_table(claims, path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_formats_are_the_documented_three() -> None:
    assert list(FORMATS) == SUFFIXES
