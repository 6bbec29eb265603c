"""No lost or corrupt data: killed runs, re-runs, the raw folder, rejects, one failing article.

The interrupted-write tests really kill a ``tracker extract`` subprocess with SIGKILL (no
handler, no cleanup, as a power cut or the OOM killer would) and then read what is left.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_files import write_good

import tracker.engines.work
import tracker.pipeline
from tracker.cli import EXIT_INTERRUPTED, main
from tracker.export.writers import read_table
from tracker.extract.claims import extract_claims
from tracker.model import Article, Claim
from tracker.pipeline import extract_article, run_extract
from tracker.rules import Rules
from tracker.validate import SPAN_MISMATCH

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"
TABLES = ("claims.csv", "articles.csv", "rejects.csv")

#: Runs the real command line in a child; STALL_AT_FSYNC=n makes the n-th fsync (each table is
#: fsynced right before it is renamed into place) announce itself and hang, ready to be killed.
#: Ctrl-C raises KeyboardInterrupt as in a terminal, even if the test runner ignores SIGINT.
CHILD = """
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
stall_at = int(os.environ.get("STALL_AT_FSYNC", "0"))
calls = 0
real_fsync = os.fsync
def fsync(fd):
    global calls
    calls += 1
    real_fsync(fd)
    if calls == stall_at:
        sys.stderr.write("STALLED\\n")
        sys.stderr.flush()
        time.sleep(600)
os.fsync = fsync
from tracker.cli import run
run()
"""


def _tracker(*args: str | Path, stall_at: int = 0) -> subprocess.Popen[str]:
    env = {**os.environ, "STALL_AT_FSYNC": str(stall_at)}
    return subprocess.Popen([sys.executable, "-c", CHILD, *map(str, args)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _signal_mid_write(proc: subprocess.Popen[str], out: Path, signum: int) -> None:
    """Send ``signum`` once a hidden temp file in ``out`` holds rows (the run is mid-write)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        hidden = [p for p in out.iterdir() if p.name.startswith(".") and p.is_file()]
        if any(p.stat().st_size > 0 for p in hidden):
            proc.send_signal(signum)
            break
        time.sleep(0.002)
    else:
        pytest.fail(f"the run ended (exit {proc.returncode}) before a partial table was seen")
    proc.wait(timeout=60)


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    proc = _tracker(*args)
    out, err = proc.communicate(timeout=600)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _tables(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in TABLES}


def _visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def _collection(path: Path, n: int) -> Path:
    """A JSONL collection of ``n`` short articles, each with two figures."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"At least {i + 2} people were killed and {i + 5} wounded on Monday, the ministry said."
            fh.write(json.dumps({"id": f"row{i}", "published": "2024-10-15", "text": text}) + "\n")
    return path


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A finished run over the five good articles: the tables a later run must not damage."""
    good = tmp_path / "good"
    write_good(good)
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["extract", str(good), "-o", str(out / "claims.csv"), "-q"])
    assert done.exit_code == 0, done.output
    return out, _tables(out)


def test_sigkill_mid_write_leaves_the_previous_tables(tmp_path: Path,
                                                      previous: tuple[Path, dict[str, bytes]]) -> None:
    """Kill while the new tables are being written (a temp file holds rows): old tables intact."""
    out, before = previous
    bigger = tmp_path / "bigger"
    write_good(bigger)
    _collection(bigger / "many.jsonl", 1500)
    proc = _tracker("extract", bigger, "-o", out / "claims.csv", "-q")
    _signal_mid_write(proc, out, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    assert _visible(out) == sorted(TABLES)
    assert _tables(out) == before


def test_ctrl_c_mid_write_exits_130_cleans_up_and_keeps_the_previous_tables(
        tmp_path: Path, previous: tuple[Path, dict[str, bytes]]) -> None:
    out, before = previous
    bigger = tmp_path / "bigger"
    write_good(bigger)
    _collection(bigger / "many.jsonl", 1500)
    proc = _tracker("extract", bigger, "-o", out / "claims.csv", "-q")
    _signal_mid_write(proc, out, signal.SIGINT)
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    assert proc.returncode == EXIT_INTERRUPTED, stderr
    assert stderr == "tracker: error: interrupted; outputs from this run were not written\n"
    assert sorted(p.name for p in out.iterdir()) == sorted(TABLES), "temp files removed"
    assert _tables(out) == before


@pytest.mark.parametrize("stall_at", [1, 2, 3], ids=["claims", "articles", "rejects"])
def test_sigkill_between_write_and_rename_leaves_all_previous_tables(
        tmp_path: Path, previous: tuple[Path, dict[str, bytes]], stall_at: int) -> None:
    """Kill after a table is complete and fsynced but before it is published: no mixed set."""
    out, before = previous
    bigger = tmp_path / "bigger"
    write_good(bigger)
    _collection(bigger / "more.jsonl", 20)
    proc = _tracker("extract", bigger, "-o", out / "claims.csv", "-q", stall_at=stall_at)
    assert proc.stderr is not None
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if line.strip() == "STALLED":
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "".join(lines)
    assert _tables(out) == before


def test_rerun_after_a_kill_gives_byte_identical_tables(tmp_path: Path,
                                                         previous: tuple[Path, dict[str, bytes]]) -> None:
    out, before = previous
    good = tmp_path / "good"
    proc = _tracker("extract", good, "-o", out / "claims.csv", "-q", stall_at=1)
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.strip() == "STALLED":
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    again = _run("extract", good, "-o", out / "claims.csv", "-q")
    assert again.returncode == 0 and not again.stdout, again.stderr
    assert _tables(out) == before
    assert _visible(out) == sorted(TABLES)


def _snapshot(folder: Path) -> dict[str, tuple[str, int, int, int]]:
    """Every file and folder under ``folder``: content hash, size, mode and modification time."""
    snap: dict[str, tuple[str, int, int, int]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        snap[str(path.relative_to(folder))] = (digest, info.st_size, info.st_mode, info.st_mtime_ns)
    return snap


def test_raw_is_never_modified_and_claim_ids_are_stable(tmp_path: Path) -> None:
    """The real sample corpus: read twice, left exactly as it was, same ids and bytes both times."""
    before = _snapshot(RAW)
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / run / "claims.csv"
        result = CliRunner().invoke(main, ["extract", str(RAW), "-o", str(out), "-q"])
        assert result.exit_code == 0, result.output
        outputs.append(_tables(tmp_path / run))
    assert _snapshot(RAW) == before
    assert outputs[0] == outputs[1]
    ids = read_table(tmp_path / "first" / "claims.csv").get_column("claim_id").to_list()
    assert ids and len(set(ids)) == len(ids)


def test_rejected_rows_go_to_the_rejects_file_with_reasons_and_are_counted(tmp_path: Path) -> None:
    body = "At least 12 people were killed and 30 wounded on Monday, the ministry said."
    result = extract_article(Article(article_id="a1", body=body, path="a1.md"))
    assert len(result.claim_rows) == 2
    result.claim_rows[1]["char_start"] += 1  # the quote no longer stands at its offsets
    summary = run_extract([], tmp_path / "claims.csv", results=iter([result]))
    assert (summary.claims, summary.rejects) == (1, 1)
    assert "1 claims, 1 rejects" in summary.line()
    rejects = read_table(tmp_path / "rejects.csv")
    assert rejects.height == 1
    assert SPAN_MISMATCH in rejects.get_column("reason")[0]
    assert read_table(tmp_path / "claims.csv").height == 1


def test_an_article_that_breaks_the_extractor_costs_only_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An extractor bug on one article: the others' claims are written, that file named once."""
    good = tmp_path / "good"
    paths = write_good(good)
    def broken_on_good2(article: Article, rules: Rules | None = None) -> list[Claim]:
        if article.article_id == "good2":
            raise RecursionError("maximum recursion depth exceeded\nwhile matching")
        return extract_claims(article, rules)

    monkeypatch.setattr(tracker.engines.work, "extract_claims", broken_on_good2)
    out = tmp_path / "out" / "claims.csv"
    result = CliRunner().invoke(main, ["extract", str(good), "-o", str(out)])
    assert result.exit_code == 0, result.output
    named = [line for line in result.stderr.splitlines() if str(good / "good2.md") in line]
    assert len(named) == 1 and "extraction failed (RecursionError" in named[0], result.stderr
    assert "1 files skipped (1 extraction failed)" in result.stderr
    assert "Traceback" not in result.stderr
    ids = set(read_table(out).get_column("article_id").to_list())
    assert ids == {p.stem for p in paths} - {"good2"}
    strict = CliRunner().invoke(main, ["extract", str(good), "-o", str(out), "--strict", "-q"])
    assert strict.exit_code == 1


def test_rejected_article_rows_are_counted_in_the_summary(tmp_path: Path) -> None:
    """An article row failing its schema (an empty id) is not silently dropped from the count."""
    result = extract_article(Article(article_id="", body="Nothing to count here.", path="blank.md"))
    summary = run_extract([], tmp_path / "claims.csv", results=iter([result]))
    assert summary.article_rejects == 1
    assert summary.line().endswith(", 1 article rows rejected")
