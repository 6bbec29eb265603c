"""The extract run: ingest -> extract -> validate -> write, streamed article by article.

Why batches: validation needs the article bodies (the span invariant), but a news crawl does
not fit in memory. Articles are extracted one at a time (``extract_article`` is pure, so
``tracker.engines`` maps it over worker processes or a Dask cluster), then validated in batches
whose bodies are dropped once checked, and each validated batch is appended to the output files
at once (``TableStream``), so memory stays flat however large the corpus is. The files appear
at their paths only when the run completes.
"""

from __future__ import annotations

import collections
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tracker.engines.local import map_articles
from tracker.engines.work import ArticleResult, extract_article
from tracker.export.stream import TableStream
from tracker.ingest import iter_articles
from tracker.model import Article, Skipped
from tracker.rules import Rules
from tracker.validate import articles_frame, claims_frame, implausible_claims, validate_articles, validate_claims

__all__ = ["BATCH_ARTICLES", "BATCH_CLAIMS", "ArticleResult", "RunSummary", "derived_path", "extract_article",
           "iter_results", "run_extract"]

#: Articles validated and written per batch. Validation has a fixed cost of ~60 ms a batch (pandera
#: builds its checks per call), so 500-article batches spent a tenth of a run there; 2,000 short
#: news articles are a few MB of text and rows, and the batch bounds memory whatever the corpus size.
BATCH_ARTICLES = 2000
#: ... or this many claims, whichever comes first: a batch of unusually figure-dense articles stays small.
BATCH_CLAIMS = 20_000


@dataclass(slots=True)
class RunSummary:
    """Counts for the summary line and the exit code."""

    articles: int = 0
    claims: int = 0
    rejects: int = 0
    article_rejects: int = 0
    undated: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)

    def line(self) -> str:
        reasons = collections.Counter(_reason_group(s.reason) for s in self.skipped)
        why = ", ".join(f"{n} {r}" for r, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))
        skipped = f"{len(self.skipped)} files skipped" + (f" ({why})" if why else "")
        # article rows failing their schema are not written anywhere: at least say so
        dropped = f", {self.article_rejects} article rows rejected" if self.article_rejects else ""
        return (f"{self.articles} articles read, {self.claims} claims, {self.rejects} rejects, {skipped}, "
                f"{self.undated} articles without a date{dropped}")


def _reason_group(reason: str) -> str:
    """A short group for a skip reason ("binary file", "duplicate article id") for the summary line.

    Why not the reason itself: reasons name rows and ids ("x.csv:3: duplicate article id 'a7'"),
    and the summary should count kinds of problem. The ``file:line:`` prefix, quoted names,
    and details after "(" or ";" are dropped (plain string operations: linear on any reason).
    """
    head = reason.split("(", maxsplit=1)[0].split(";", maxsplit=1)[0]
    prefix, sep, rest = head.partition(": ")
    if sep and prefix.rpartition(":")[2].isdigit():  # "name.csv:12: row has no text"
        head = rest
    head = " ".join(part for part in head.split() if not (part.startswith("'") or part.endswith("'")))
    return head[:60] or "unreadable"


def derived_path(claims_path: Path, role: str) -> Path:
    """The articles/rejects table beside a claims table: claims.csv -> articles.csv / rejects.csv."""
    stem = claims_path.stem
    name = stem.replace("claims", role) if "claims" in stem else f"{stem}_{role}"
    return claims_path.with_name(name + claims_path.suffix)


def iter_results(paths: Iterable[str | Path], rules: Rules | None = None,
                 on_skip: Callable[[Skipped], None] | None = None, jobs: int = 1) -> Iterator[ArticleResult]:
    """Stream extraction results in input order, reporting skipped files through ``on_skip``.

    ``jobs > 1`` extracts in that many worker processes (``tracker.engines.local``); the order
    and the results are the same as with one.
    """
    def articles() -> Iterator[Article]:
        for item in iter_articles(paths):
            if isinstance(item, Skipped):
                if on_skip is not None:
                    on_skip(item)
                continue
            yield item

    yield from map_articles(articles(), jobs, rules)


def run_extract(
    inputs: Iterable[str | Path],
    out: Path,
    *,
    articles_out: Path | None = None,
    rejects_out: Path | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    progress: Callable[[Iterator[ArticleResult]], Iterator[ArticleResult]] | None = None,
    results: Iterator[ArticleResult] | None = None,
    jobs: int = 1,
    batch_articles: int = BATCH_ARTICLES,
) -> RunSummary:
    """Run the whole extraction and write claims, articles and rejects tables.

    Batches of ``batch_articles`` are validated and appended to hidden temp files as they come;
    the tables are moved into place only at the end, each atomically, so an interrupted run
    leaves the previous tables as they were. ``jobs`` worker processes extract in parallel.
    """
    summary = RunSummary()

    def skip(s: Skipped) -> None:
        summary.skipped.append(s)
        if on_skip is not None:
            on_skip(s)

    stream = results if results is not None else iter_results(inputs, on_skip=skip, jobs=jobs)
    stream = _skip_failed(stream, skip)
    if progress is not None:
        stream = progress(stream)
    articles_path = articles_out or derived_path(out, "articles")
    rejects_path = rejects_out or derived_path(out, "rejects")
    finals = (out, articles_path, rejects_path)
    sinks: list[TableStream] = []
    try:
        for path in finals:
            sinks.append(TableStream(_staging(path)))
    except BaseException:
        while True:  # inline, not a helper: a second Ctrl-C may land on a call itself (see _discard)
            try:
                _discard(sinks)
                break
            except KeyboardInterrupt:
                continue
        raise
    claims_sink, articles_sink, rejects_sink = sinks
    batch: list[ArticleResult] = []

    def flush() -> None:
        if not batch:
            return
        bodies = {r.article_id: r.body for r in batch}
        claims = claims_frame(row for r in batch for row in r.claim_rows)
        ok, bad = validate_claims(claims, bodies)
        places = {r.article_id: r.article_row.get("path") or r.article_id for r in batch}
        for aid, w in implausible_claims(ok):
            summary.warnings.append(w)
            if on_warning is not None:
                on_warning(f"{places.get(aid, aid)}: {w}")
        claims_sink.write(ok)
        rejects_sink.write(bad)
        arts_ok, arts_bad = validate_articles(articles_frame(r.article_row for r in batch))
        articles_sink.write(arts_ok)
        summary.claims += ok.height
        summary.rejects += bad.height
        summary.article_rejects += arts_bad.height
        batch.clear()

    try:
        _consume(stream, batch, flush, summary=summary, on_warning=on_warning, batch_articles=batch_articles)
        _, empty_rejects = validate_claims(claims_frame([]), {})
        claims_sink.commit(claims_frame([]))
        articles_sink.commit(articles_frame([]))
        rejects_sink.commit(empty_rejects)
        for sink, final in zip(sinks, finals, strict=True):
            sink.path.replace(final)  # all three staged: publish them back to back
    except BaseException:
        while True:  # inline, not a helper: a second Ctrl-C may land on a call itself (see _discard)
            try:
                _discard(sinks)
                break
            except KeyboardInterrupt:
                continue
        close = getattr(stream, "close", None)
        if close is not None:
            close()  # stops a worker pool now rather than when the generator is collected
        raise
    summary.outputs = {"claims": out, "articles": articles_path, "rejects": rejects_path}
    return summary


def _skip_failed(stream: Iterator[ArticleResult], skip: Callable[[Skipped], None]) -> Iterator[ArticleResult]:
    """Report articles whose extraction failed as skipped files (named once, seen by --strict).

    Closing this generator closes ``stream`` too, so an interrupted run still stops a worker pool
    at once (run_extract closes the outermost stream).
    """
    try:
        for result in stream:
            if result.error is None:
                yield result
            else:
                skip(Skipped(str(result.article_row.get("path") or result.article_id), result.error))
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()


def _discard(sinks: list[TableStream]) -> None:
    """Remove every temp and staged file of an interrupted run; idempotent, so callers retry it.

    Why callers retry on KeyboardInterrupt: a second one during clean-up is common, not only
    from a user pressing twice: when Ctrl-C lands in a polars write, polars raises one and
    Python's own handler raises another at the next call, here. Without the retry the clean-up
    stops half-way and leaves temp files beside the tables.
    """
    for sink in sinks:
        sink.abort()
        sink.path.unlink(missing_ok=True)  # a staged table not yet published


def _staging(path: Path) -> Path:
    """The hidden sibling a finished table waits in until all three tables are finished.

    Why: each table is renamed into place atomically, but committing them one after the other
    (write, fsync, rename, three times) would leave new claims beside old articles if the run
    died between two commits. Staged first, the three tables are published by three
    back-to-back renames with no I/O in between.
    """
    return path.with_name(f".{path.stem}.{secrets.token_hex(6)}.staged{path.suffix}")


def _consume(stream: Iterator[ArticleResult], batch: list[ArticleResult], flush: Callable[[], None], *,
             summary: RunSummary, on_warning: Callable[[str], None] | None, batch_articles: int) -> None:
    """Count and batch the results, flushing every ``batch_articles`` (or BATCH_CLAIMS claims) and at the end."""
    batch_claims = 0
    for result in stream:
        summary.articles += 1
        if result.article_row.get("published") is None:
            summary.undated += 1
        for w in result.warnings:
            summary.warnings.append(w)
            if on_warning is not None:
                on_warning(f"{result.article_row.get('path') or result.article_id}: {w}")
        batch.append(result)
        batch_claims += len(result.claim_rows)
        if len(batch) >= batch_articles or batch_claims >= BATCH_CLAIMS:
            flush()
            batch_claims = 0
    flush()
