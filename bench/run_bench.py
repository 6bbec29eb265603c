"""`make bench`: throughput and peak memory of `tracker extract`, next to two references.

For each scale (copies of the 63 sample articles, see bench/corpus.py) this runs, on the same
JSONL shards and each as its own process:

* ``tracker extract CORPUS -o claims.csv -q --jobs 1`` and ``--jobs 2``;
* the bare number scan and quantulum3 + nearest keyword (bench/refs.py);
* once, at the largest scale, ``--engine dask`` on a local cluster of two workers, whose claims
  are compared row for row with the ``--jobs 1`` claims.

Every figure is end to end, as a user waits for it: process start, imports, reading, extracting,
validating and writing. Peak memory is the largest sum, over the process tree (workers included),
of each process's PSS (its share of the pages it maps, so pages that forked workers share are not
counted twice) sampled every 20 ms; RSS sums are reported too. CPU seconds are summed over the
tree as well: on a busy machine wall time moves with the load, CPU time much less, so the report
shows both and the load average.

    .venv/bin/python bench/run_bench.py [--scales 10 100] [--quantulum-scale 10] [--out bench/REPORT.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import build_corpus

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SAMPLE_ARTICLES = 63


@dataclass(slots=True)
class Run:
    """One measured process (tree)."""

    name: str
    scale: int
    articles: int
    mbytes: float  # MB (10^6 bytes) of article text
    wall: float
    cpu: float
    peak_pss: float  # MB
    peak_rss: float  # MB
    claims: int

    @property
    def aps(self) -> float:
        return self.articles / self.wall

    @property
    def mbps(self) -> float:
        return self.mbytes / self.wall

    @property
    def mb_per_cpu_s(self) -> float:
        return self.mbytes / self.cpu if self.cpu else float("nan")


def measure(cmd: list[str], *, interval: float = 0.02) -> tuple[float, float, float, float, str, str]:
    """Run ``cmd``; (wall s, CPU s of the tree, peak PSS MB, peak RSS MB, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        return _measure(cmd, out, err, interval)


def _measure(cmd: list[str], out: IO[bytes], err: IO[bytes],
             interval: float) -> tuple[float, float, float, float, str, str]:
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=REPO)
    proc = psutil.Process(child.pid)
    cpu: dict[int, float] = {}
    peak_pss = peak_rss = 0.0
    while True:
        # wait4 reaps the child and returns its CPU time including the workers it waited for.
        pid, _, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        try:
            tree = [proc, *proc.children(recursive=True)]
        except psutil.Error:
            tree = [proc]
        pss = rss = 0.0
        for p in tree:
            try:
                with p.oneshot():
                    times = p.cpu_times()
                    cpu[p.pid] = times.user + times.system
                    full = p.memory_full_info()
                    pss += getattr(full, "pss", full.rss)
                    rss += full.rss
            except psutil.Error:
                continue
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(interval)
    wall = time.perf_counter() - t0
    child.returncode = 0  # reaped above; keeps Popen from waiting again
    # Workers outside the child's wait (a forkserver's, a Dask nanny's) count through the samples.
    total_cpu = max(sum(cpu.values()), usage.ru_utime + usage.ru_stime)
    out.seek(0)
    err.seek(0)
    return wall, total_cpu, peak_pss / 1e6, peak_rss / 1e6, out.read().decode(), err.read().decode()


def corpus_size(corpus: Path) -> tuple[int, float]:
    """Articles and MB of article text in the shards (the same count for every contender)."""
    n = nbytes = 0
    for shard in sorted(corpus.glob("*.jsonl")):
        with shard.open(encoding="utf-8") as fh:
            for line in fh:
                n += 1
                nbytes += len(json.loads(line)["text"].encode("utf-8"))
    return n, nbytes / 1e6


def run_tracker(corpus: Path, work: Path, scale: int, jobs: int, n: int, mb: float) -> Run:
    out = work / f"out-s{scale}-j{jobs}" / "claims.csv"
    cmd = [str(BIN / "tracker"), "extract", str(corpus), "-o", str(out), "-q", "--jobs", str(jobs)]
    wall, cpu, pss, rss, _, err = measure(cmd)
    m = re.search(r"(\d+) articles read, (\d+) claims", err)
    if m is None:
        raise SystemExit(f"tracker extract failed:\n{err}")
    return Run(f"tracker --jobs {jobs}", scale, int(m.group(1)), mb, wall, cpu, pss, rss, int(m.group(2)))


def run_ref(kind: str, corpus: Path, scale: int, limit: int | None = None) -> Run:
    cmd = [sys.executable, str(REPO / "bench" / "refs.py"), kind, str(corpus)]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    wall, cpu, pss, rss, out, err = measure(cmd)
    if not out.strip():
        raise SystemExit(f"bench/refs.py {kind} failed:\n{err}")
    got = json.loads(out)
    name = "bare number scan (1 regex)" if kind == "bare" else "quantulum3 + nearest keyword"
    return Run(name, scale, got["articles"], got["bytes"] / 1e6, wall, cpu, pss, rss, got["claims"])


def run_dask(corpus: Path, work: Path, scale: int, n: int, mb: float) -> tuple[Run, str]:
    """The Dask engine on a 2-worker local cluster, and whether its claims equal --jobs 1's."""
    import polars as pl

    from tracker.export import read_table

    out = work / f"out-s{scale}-dask" / "claims.parquet"
    cmd = [str(BIN / "tracker"), "extract", str(corpus), "-o", str(out), "-q", "--engine", "dask", "--jobs", "2"]
    wall, cpu, pss, rss, _, err = measure(cmd)
    m = re.search(r"(\d+) articles read, (\d+) claims", err)
    if m is None:
        return Run("tracker --engine dask", scale, 0, mb, wall, cpu, pss, rss, 0), f"failed: {err.strip()[-300:]}"
    dask_claims = pl.concat([read_table(p) for p in sorted(out.glob("part-*.parquet"))])
    local = read_table(work / f"out-s{scale}-j1" / "claims.csv")
    same = dask_claims.equals(local)
    verdict = (f"identical ({local.height} claims, same order)" if same
               else f"DIFFERENT ({dask_claims.height} vs {local.height} rows)")
    return Run("tracker --engine dask (2 workers)", scale, int(m.group(1)), mb, wall, cpu, pss, rss,
               int(m.group(2))), verdict


def _fmt(r: Run) -> str:
    return (f"| {r.name} | {r.scale}× | {r.articles:,} | {r.mbytes:.2f} | {r.wall:.2f} | {r.cpu:.2f} | "
            f"{r.aps:,.0f} | {r.mbps:.3f} | {r.mb_per_cpu_s:.3f} | {r.peak_pss:.0f} | {r.peak_rss:.0f} | "
            f"{r.claims:,} |")


def report(runs: list[Run], dask_verdict: str | None, loads: tuple[str, str], started: str) -> str:
    """The Markdown report: the table, the ratios, and the issue's targets checked against them."""
    lines = [
        "# `make bench` report",
        "",
        f"Run {started} on {platform.node() or 'this machine'}: {os.cpu_count()} CPUs, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}. "
        f"Load average (1, 5, 15 min) at start {loads[0]}, at end {loads[1]}.",
        "",
        "All figures end to end (process start to outputs written) on the same JSONL shards. "
        "MB = 10^6 bytes of article text (UTF-8). CPU s: user+system over the process tree. "
        "Peak PSS/RSS: largest sum over the process tree, MB.",
        "",
        "| run | corpus | articles | MB | wall s | CPU s | articles/s | MB/s | MB/CPU-s | peak PSS MB "
        "| peak RSS MB | claims |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(_fmt(r) for r in runs),
        "",
    ]
    by = {(r.name, r.scale): r for r in runs}
    scales = sorted({r.scale for r in runs})
    top = scales[-1]
    lines += ["## Ratios", ""]
    for s in scales:
        j1, j2 = by.get(("tracker --jobs 1", s)), by.get(("tracker --jobs 2", s))
        bare, quant = by.get(("bare number scan (1 regex)", s)), by.get(("quantulum3 + nearest keyword", s))
        if j1 and j2:
            lines.append(f"- {s}×: `--jobs 2` / `--jobs 1` throughput: {j2.mbps / j1.mbps:.2f}× (wall)")
        if j1 and bare:
            lines.append(f"- {s}×: bare scan / `--jobs 1`: {bare.mbps / j1.mbps:,.1f}× faster (wall), "
                         f"{bare.mb_per_cpu_s / j1.mb_per_cpu_s:,.1f}× (per CPU-second)")
        if j1 and quant:
            lines.append(f"- {s}×: `--jobs 1` / quantulum3: {j1.mbps / quant.mbps:,.1f}× faster (wall), "
                         f"{j1.mb_per_cpu_s / quant.mb_per_cpu_s:,.1f}× (per CPU-second)")
    lines.append("")
    lines += ["## Targets (issue: performance and scale)", "", "| target | measured | met |", "|---|---|---|"]

    def row(target: str, measured: str, ok: bool | None) -> None:
        lines.append(f"| {target} | {measured} | {'yes' if ok else 'n/a' if ok is None else 'NO'} |")

    j2 = by.get(("tracker --jobs 2", top))
    j1 = by.get(("tracker --jobs 1", top))
    bare = by.get(("bare number scan (1 regex)", top))
    row("`--jobs 2` ≥ 5 MB/s", f"{j2.mbps:.3f} MB/s at {top}×" if j2 else "-", j2.mbps >= 5 if j2 else None)
    quant = next((r for r in runs if r.name.startswith("quantulum")), None)
    j1q = by.get(("tracker --jobs 1", quant.scale)) if quant else None
    if quant and j1q:
        ratio = j1q.mbps / quant.mbps
        row("`--jobs 1` ≥ 200× quantulum3", f"{ratio:,.1f}× at {quant.scale}× (wall); "
            f"{j1q.mb_per_cpu_s / quant.mb_per_cpu_s:,.1f}× per CPU-s", ratio >= 200)
    if j1 and bare:
        ratio = bare.mbps / j1.mbps
        row("`--jobs 1` within 10× of the bare scan", f"bare scan {ratio:,.1f}× faster at {top}× (wall); "
            f"{bare.mb_per_cpu_s / j1.mb_per_cpu_s:,.1f}× per CPU-s", ratio <= 10)
    j1s = [by[("tracker --jobs 1", s)] for s in scales if ("tracker --jobs 1", s) in by]
    if j1s:
        row(f"peak memory < 400 MB at {top}× (`--jobs 1`)", f"{j1s[-1].peak_pss:.0f} MB PSS, "
            f"{j1s[-1].peak_rss:.0f} MB RSS", j1s[-1].peak_rss < 400)
        if j2:
            row(f"peak memory < 400 MB at {top}× (`--jobs 2`, whole tree, PSS; the RSS sum counts "
                "the pages workers share once per worker)",
                f"{j2.peak_pss:.0f} MB PSS, {j2.peak_rss:.0f} MB RSS", j2.peak_pss < 400)
    if len(j1s) >= 2:
        growth = j1s[-1].peak_rss / j1s[0].peak_rss
        row(f"peak memory at {j1s[-1].scale}× ≤ 1.5× its value at {j1s[0].scale}×",
            f"{growth:.2f}× (RSS, `--jobs 1`)", growth <= 1.5)
    if dask_verdict is not None:
        row(f"Dask claims = local claims ({top}×)", dask_verdict, dask_verdict.startswith("identical"))
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", type=int, nargs="+", default=[10, 100], help="corpus sizes, in sample copies")
    ap.add_argument("--quantulum-scale", type=int, default=10,
                    help="the scale at which quantulum3 runs too (0: never; it reads ~4 KB/s)")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask engine run")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "tracker-bench",
                    help="where corpora and outputs go (corpora are reused between runs)")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "REPORT.md")
    args = ap.parse_args()
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load0 = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    runs: list[Run] = []
    dask_verdict: str | None = None
    scales = sorted(args.scales)
    for scale in scales:
        corpus = build_corpus(args.work / f"corpus-{scale}", scale)
        n, mb = corpus_size(corpus)
        print(f"scale {scale}×: {n} articles, {mb:.2f} MB", file=sys.stderr)
        todo = ["bare", "j1", "j2"] + (["quantulum"] if scale == args.quantulum_scale else [])
        for what in todo:
            if what == "bare":
                r = run_ref("bare", corpus, scale)
            elif what == "quantulum":
                r = run_ref("quantulum", corpus, scale)
            else:
                r = run_tracker(corpus, args.work, scale, int(what[1]), n, mb)
            runs.append(r)
            print(_fmt(r), file=sys.stderr)
        if scale == scales[-1] and not args.no_dask:
            r, dask_verdict = run_dask(corpus, args.work, scale, n, mb)
            runs.append(r)
            print(_fmt(r), dask_verdict, file=sys.stderr)
    load1 = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    text = report(runs, dask_verdict, (load0, load1), started)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
