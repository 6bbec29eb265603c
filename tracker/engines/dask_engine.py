"""Run the extract step on a Dask cluster: the same per-article function, over partitions of files.

Why this shape: ``extract_article`` is pure, so scaling out is a map. The client only lists the
input files (cheap, no reading) and groups them into partitions of about ``partition_bytes``;
a ``dask.bag`` maps :func:`_run_partition` over them. Each task reads its files with tracker's
own ingest, extracts, validates in batches exactly as the local engine does, and writes its
share of the three tables as ``part-NNNNN.parquet`` files. Only a small summary per partition
travels back to the client, so the client's memory does not grow with the corpus and no claim
row goes through the scheduler.

Output: ``-o out/claims.parquet`` becomes a *directory* of Parquet parts (a partitioned dataset
that polars, pandas, DuckDB, Spark and ``dask.dataframe.read_parquet`` read as one table);
likewise the articles and rejects tables. Parts are numbered in input order, so reading them in
name order gives the claims in the same order as the local engine. The parts are written into a
hidden temp folder beside each target and swapped into place at the end, so an interrupted run
leaves the previous outputs as they were.

Differences from the local engine: an article id repeated in *different* partitions is not
detected (each task sees only its files), and every worker must see the input and output paths
(one machine, or a shared file system). See bench/README.md for running on a real cluster.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import dask.bag as db
from dask.distributed import Client, LocalCluster

from tracker.export.stream import TableStream
from tracker.ingest import Found, article_warnings, iter_found, read_found
from tracker.model import Article, Skipped
from tracker.pipeline import BATCH_ARTICLES, BATCH_CLAIMS, ArticleResult, RunSummary, derived_path, extract_article
from tracker.rules import load_rules
from tracker.validate import (
    articles_frame,
    claims_frame,
    implausible_claims,
    validate_articles,
    validate_claims,
)

#: Bytes of input per task: large enough that per-task overhead (scheduling, imports on first use,
#: one Parquet part per table) is small, small enough to spread a month of shards over many cores.
PARTITION_BYTES = 64 * 1024 * 1024


#: What one partition reports back to the client (counts, skips and warnings, no rows): the same
#: counts as a local run's summary, so the client adds them up field by field.
PartSummary = RunSummary


def partition_files(found: Iterable[Found], partition_bytes: int = PARTITION_BYTES) -> list[list[Found]]:
    """Group files in input order into partitions of about ``partition_bytes`` (at least one file)."""
    parts: list[list[Found]] = []
    current: list[Found] = []
    size = 0
    for f in found:
        try:
            n = f.path.stat().st_size
        except OSError:
            n = 0  # the reader will report it; it costs nothing here
        if current and size + n > partition_bytes:
            parts.append(current)
            current, size = [], 0
        current.append(f)
        size += n
    if current:
        parts.append(current)
    return parts


def _articles(files: list[Found], summary: PartSummary) -> Iterator[Article]:
    seen: set[str] = set()
    for found in files:
        for item in read_found(found):
            if isinstance(item, Skipped):
                summary.skipped.append(item)
            elif item.article_id in seen:
                summary.skipped.append(Skipped(str(item.path), f"duplicate article id {item.article_id!r}"))
            else:
                seen.add(item.article_id)
                yield item


def _run_partition(task: tuple[int, list[Found], dict[str, str]]) -> PartSummary:
    """Worker side: read, extract and validate one partition; write its three Parquet parts."""
    index, files, dirs = task
    summary = PartSummary()
    name = f"part-{index:05d}.parquet"
    # Streamed like the local engine, so a task's memory does not grow with its partition.
    claims, articles, rejects = (TableStream(Path(dirs[role]) / name) for role in ("claims", "articles", "rejects"))
    batch: list[ArticleResult] = []

    def flush() -> None:
        if not batch:
            return
        ok, bad = validate_claims(claims_frame(row for r in batch for row in r.claim_rows),
                                  {r.article_id: r.body for r in batch})
        arts_ok, arts_bad = validate_articles(articles_frame(r.article_row for r in batch))
        places = {r.article_id: r.article_row.get("path") or r.article_id for r in batch}
        summary.warnings.extend(f"{places.get(aid, aid)}: {w}" for aid, w in implausible_claims(ok))
        claims.write(ok)
        rejects.write(bad)
        articles.write(arts_ok)
        summary.claims += ok.height
        summary.rejects += bad.height
        summary.article_rejects += arts_bad.height
        batch.clear()

    with claims, articles, rejects:  # a failing task leaves no temp files behind
        _extract_partition(files, summary, batch, flush)
        claims.commit(claims_frame([]))
        articles.commit(articles_frame([]))
        rejects.commit(validate_claims(claims_frame([]), {})[1])
    return summary


def _extract_partition(files: list[Found], summary: PartSummary, batch: list[ArticleResult],
                       flush: Callable[[], None]) -> None:
    rules = load_rules()  # cached per worker process
    batch_claims = 0
    for article in _articles(files, summary):
        result = extract_article(article, rules)
        if result.error is not None:  # as the local engine does: the article is skipped, not the run
            summary.skipped.append(Skipped(str(result.article_row.get("path") or result.article_id), result.error))
            continue
        summary.articles += 1
        if result.article_row.get("published") is None:
            summary.undated += 1
        summary.warnings.extend(f"{result.article_row.get('path') or result.article_id}: {w}"
                                for w in article_warnings(article))
        batch.append(result)
        batch_claims += len(result.claim_rows)
        if len(batch) >= BATCH_ARTICLES or batch_claims >= BATCH_CLAIMS:  # as the local pipeline batches
            flush()
            batch_claims = 0
    flush()


def _swap_in(tmp: Path, target: Path) -> None:
    """Put the finished folder ``tmp`` at ``target``; a previous table there is removed only after."""
    old: Path | None = None
    if target.exists() or target.is_symlink():
        old = target.with_name(f".{target.name}.{secrets.token_hex(6)}.old")
        target.replace(old)
    tmp.replace(target)
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def run_dask(
    inputs: Iterable[str | Path],
    out: Path,
    *,
    articles_out: Path | None = None,
    rejects_out: Path | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    partition_bytes: int = PARTITION_BYTES,
    on_skip: Callable[[Skipped], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> RunSummary:
    """Extract ``inputs`` on a Dask cluster and write partitioned Parquet tables; a RunSummary.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); without it a
    ``LocalCluster`` of ``workers`` single-threaded processes is started for the run (the
    extractor is pure Python, so threads would share one core through the GIL).
    """
    summary = RunSummary()
    articles_path = articles_out or derived_path(out, "articles")
    rejects_path = rejects_out or derived_path(out, "rejects")
    targets = {"claims": out, "articles": articles_path, "rejects": rejects_path}
    files: list[Found] = []
    for item in iter_found(list(inputs)):
        if isinstance(item, Skipped):
            summary.skipped.append(item)
            if on_skip is not None:
                on_skip(item)
        else:
            files.append(item)
    parts = partition_files(files, partition_bytes)
    tmps = {role: p.with_name(f".{p.name}.{secrets.token_hex(6)}.tmp") for role, p in targets.items()}
    try:
        for tmp in tmps.values():
            tmp.mkdir(parents=True)
        dirs = {role: str(tmp.resolve()) for role, tmp in tmps.items()}
        tasks = [(i, part, dirs) for i, part in enumerate(parts)]
        results = _compute(tasks, scheduler, workers) if tasks else []
        for part in results:
            summary.articles += part.articles
            summary.claims += part.claims
            summary.rejects += part.rejects
            summary.article_rejects += part.article_rejects
            summary.undated += part.undated
            for s in part.skipped:
                summary.skipped.append(s)
                if on_skip is not None:
                    on_skip(s)
            for w in part.warnings:
                summary.warnings.append(w)
                if on_warning is not None:
                    on_warning(w)
        for role, tmp in tmps.items():
            _swap_in(tmp, targets[role])
    except BaseException:
        for tmp in tmps.values():
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    summary.outputs = targets
    return summary


def _compute(tasks: list[tuple[int, list[Found], dict[str, str]]], scheduler: str | None,
             workers: int) -> list[PartSummary]:
    """Map the partitions with dask.bag on the given scheduler (or a LocalCluster for this run)."""
    bag = db.from_sequence(tasks, npartitions=len(tasks)).map(_run_partition)  # type: ignore[no-untyped-call]
    if scheduler:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            return list(client.compute(bag).result())
    # A silent local cluster: no dashboard port to collide with, logs only on errors.
    os.environ.setdefault("DASK_DISTRIBUTED__LOGGING__DISTRIBUTED", "error")
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        return list(client.compute(bag).result())
