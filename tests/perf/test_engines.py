"""Engines give the same claims: --jobs 2 as --jobs 1 (byte for byte), Dask as local (row for row).

Also the streaming writer the engines rely on: batch-appended tables are the bytes of the
one-shot writer, and an interrupted run leaves the previous outputs as they were.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from tracker.cli import main
from tracker.export import read_table, write_table
from tracker.export.stream import TableStream
from tracker.pipeline import ArticleResult, iter_results, run_extract

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "raw"


def _corpus_module() -> object:
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark corpus at 3x the sample, in shards of 50 articles (several files, varied copies)."""
    out = tmp_path_factory.mktemp("corpus")
    _corpus_module().build_corpus(out, scale=3, shard_articles=50)  # type: ignore[attr-defined]
    return out


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_jobs_2_output_is_byte_identical_to_jobs_1(corpus: Path, tmp_path: Path, suffix: str) -> None:
    one = run_extract([corpus], tmp_path / "one" / f"claims{suffix}", jobs=1, batch_articles=40)
    two = run_extract([corpus], tmp_path / "two" / f"claims{suffix}", jobs=2, batch_articles=40)
    assert one.claims > 0
    assert (one.articles, one.claims, one.rejects) == (two.articles, two.claims, two.rejects)
    for role in ("claims", "articles", "rejects"):
        a = (tmp_path / "one" / f"{role}{suffix}").read_bytes()
        b = (tmp_path / "two" / f"{role}{suffix}").read_bytes()
        assert a == b, role


def test_batch_size_does_not_change_the_output(tmp_path: Path) -> None:
    run_extract([SAMPLE], tmp_path / "a" / "claims.csv", batch_articles=7)
    run_extract([SAMPLE], tmp_path / "b" / "claims.csv", batch_articles=10_000)
    for role in ("claims", "articles", "rejects"):
        assert (tmp_path / "a" / f"{role}.csv").read_bytes() == (tmp_path / "b" / f"{role}.csv").read_bytes()


def test_parallel_results_keep_input_order(corpus: Path) -> None:
    ids_one = [r.article_id for r in iter_results([corpus], jobs=1)]
    ids_two = [r.article_id for r in iter_results([corpus], jobs=2)]
    assert ids_one == ids_two
    assert len(ids_one) == 3 * 63


# --------------------------------------------------------------------------- streaming writer


def _frame() -> pl.DataFrame:
    return pl.DataFrame({
        "claim_id": ["a", "b", "c", "d"],
        "value": [1.0, 2350.0, None, 4.5],
        "quote": ['say "x"', "2,350", "", "line\nbreak"],
        "published": [None, *pl.Series(["2024-01-02", "2024-02-03", "2024-03-04"]).str.to_date()],
    })


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_stream_bytes_equal_one_shot_writer(tmp_path: Path, suffix: str) -> None:
    df = _frame()
    write_table(df, tmp_path / f"one{suffix}")
    with TableStream(tmp_path / f"many{suffix}") as sink:
        sink.write(df.head(1))
        sink.write(df.clear())
        sink.write(df.slice(1, 3))
        sink.commit()
    assert (tmp_path / f"one{suffix}").read_bytes() == (tmp_path / f"many{suffix}").read_bytes()


def test_stream_parquet_reads_back_the_frame(tmp_path: Path) -> None:
    df = _frame()
    with TableStream(tmp_path / "t.parquet") as sink:
        sink.write(df.head(2))
        sink.write(df.slice(2))
        sink.commit()
    assert pl.read_parquet(tmp_path / "t.parquet").equals(df)


def test_stream_empty_table_keeps_the_header(tmp_path: Path) -> None:
    df = _frame()
    write_table(df.clear(), tmp_path / "one.csv")
    TableStream(tmp_path / "many.csv").commit(empty=df)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "many.csv").read_bytes()


def test_interrupted_run_leaves_previous_outputs(tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    run_extract([SAMPLE], out)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def interrupted() -> Iterator[ArticleResult]:
        for i, result in enumerate(iter_results([SAMPLE])):
            if i == 30:  # after the first batches were appended to the temp files
                raise KeyboardInterrupt
            yield result

    with pytest.raises(KeyboardInterrupt):
        run_extract([SAMPLE], out, results=interrupted(), batch_articles=10)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before  # same files, same bytes, no temp files left


# --------------------------------------------------------------------------- dask


def test_dask_claims_equal_local_claims(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    from tracker.engines.dask_engine import run_dask

    local = run_extract([corpus], tmp_path / "local" / "claims.parquet")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        summary = run_dask([corpus], tmp_path / "dask" / "claims.parquet", scheduler=cluster.scheduler_address,
                           partition_bytes=60_000)  # several partitions from a small corpus
    parts = sorted((tmp_path / "dask" / "claims.parquet").glob("part-*.parquet"))
    assert len(parts) > 1
    assert (summary.articles, summary.claims, summary.rejects) == (local.articles, local.claims, local.rejects)
    for role in ("claims", "articles", "rejects"):
        want = read_table(tmp_path / "local" / f"{role}.parquet")
        got = pl.concat([read_table(p) for p in sorted((tmp_path / "dask" / f"{role}.parquet").glob("*.parquet"))])
        assert got.equals(want), role


def test_cli_dask_engine_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["extract", str(SAMPLE), "-o", str(tmp_path / "c.csv"), "--engine", "dask"])
    assert res.exit_code == 2
    assert "must end in .parquet" in res.output
    res = runner.invoke(main, ["extract", str(SAMPLE), "-o", str(tmp_path / "c.csv"), "--scheduler", "tcp://x:1"])
    assert res.exit_code == 2
    monkeypatch.setitem(sys.modules, "tracker.engines.dask_engine", None)  # as if dask were not installed
    res = runner.invoke(main, ["extract", str(SAMPLE), "-o", str(tmp_path / "c.parquet"), "--engine", "dask"])
    assert res.exit_code == 2
    assert "pip install 'tracker[dask]'" in res.output
    assert not list(tmp_path.iterdir())


def test_cli_jobs_option(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["extract", str(SAMPLE), "-o", str(tmp_path / "claims.csv"), "-q", "--jobs", "2"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "claims.csv").stat().st_size > 0
    res = CliRunner().invoke(main, ["extract", str(SAMPLE), "-o", str(tmp_path / "claims.csv"), "--jobs", "0"])
    assert res.exit_code == 2


@pytest.mark.skipif(sys.platform == "win32", reason="no fork server on Windows")
def test_prestart_warms_the_fork_server_only_for_several_jobs() -> None:
    """``tracker extract --jobs N`` starts the workers' server before importing the validation stack.

    Run in a fresh interpreter: the fork server is a per-process singleton that earlier tests
    may already have started here.
    """
    import subprocess

    probe = (
        "from multiprocessing import forkserver as f\n"
        "from tracker.engines.local import prestart\n"
        "prestart(1)\n"
        "print(f._forkserver._forkserver_pid is None)\n"
        "prestart(2)\n"
        "print(f._forkserver._forkserver_pid is not None, f._forkserver._preload_modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.splitlines() == ["True", "True ['tracker.engines._forkserver']"]
