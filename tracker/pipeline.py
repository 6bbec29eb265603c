"""The extract run: ingest -> extract -> validate -> write, streamed article by article.

Why batches: validation needs the article bodies (the span invariant), but a news crawl does
not fit in memory. Articles are extracted one at a time (``extract_article`` is pure, so a
later engine can map it over processes or a cluster), then validated in batches whose bodies
are dropped once checked. Only the claim rows are kept until the single write at the end.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from tracker.export.writers import write_table
from tracker.extract.claims import extract_claims
from tracker.ingest import article_warnings, iter_articles
from tracker.model import Article, Skipped
from tracker.rules import Rules, load_rules
from tracker.validate import articles_frame, claims_frame, validate_articles, validate_claims

BATCH_ARTICLES = 500


@dataclass(slots=True)
class ArticleResult:
    """What one article gives: its table row, its claim rows and its body (for validation)."""

    article_id: str
    article_row: dict[str, Any]
    claim_rows: list[dict[str, Any]]
    body: str
    warnings: list[str]


def extract_article(article: Article, rules: Rules | None = None) -> ArticleResult:
    """Extract one article (pure: no I/O, safe to run in another process)."""
    claims = extract_claims(article, rules)
    return ArticleResult(article.article_id, article.row(), [c.row() for c in claims], article.body,
                         article_warnings(article))


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
        return (f"{self.articles} articles read, {self.claims} claims, {self.rejects} rejects, {skipped}, "
                f"{self.undated} articles without a date")


def _reason_group(reason: str) -> str:
    """A short group for a skip reason ("binary file", "empty file") for the summary line."""
    head = reason.split("(")[0].split(":")[-1].strip()
    return head[:40] or "unreadable"


def derived_path(claims_path: Path, role: str) -> Path:
    """The articles/rejects table beside a claims table: claims.csv -> articles.csv / rejects.csv."""
    stem = claims_path.stem
    name = stem.replace("claims", role) if "claims" in stem else f"{stem}_{role}"
    return claims_path.with_name(name + claims_path.suffix)


def iter_results(paths: Iterable[str | Path], rules: Rules | None = None,
                 on_skip: Callable[[Skipped], None] | None = None) -> Iterator[ArticleResult]:
    """Stream extraction results, reporting skipped files through ``on_skip``."""
    rules = rules or load_rules()
    for item in iter_articles(paths):
        if isinstance(item, Skipped):
            if on_skip is not None:
                on_skip(item)
            continue
        yield extract_article(item, rules)


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
) -> RunSummary:
    """Run the whole extraction and write claims, articles and rejects tables.

    Outputs are written only at the end, each atomically, so an interrupted run leaves the
    previous tables as they were.
    """
    summary = RunSummary()

    def skip(s: Skipped) -> None:
        summary.skipped.append(s)
        if on_skip is not None:
            on_skip(s)

    stream = results if results is not None else iter_results(inputs, on_skip=skip)
    if progress is not None:
        stream = progress(stream)
    valid_parts: list[pl.DataFrame] = []
    reject_parts: list[pl.DataFrame] = []
    article_parts: list[pl.DataFrame] = []
    article_reject_parts: list[pl.DataFrame] = []
    batch: list[ArticleResult] = []

    def flush() -> None:
        if not batch:
            return
        bodies = {r.article_id: r.body for r in batch}
        claims = claims_frame(row for r in batch for row in r.claim_rows)
        ok, bad = validate_claims(claims, bodies)
        valid_parts.append(ok)
        reject_parts.append(bad)
        arts_ok, arts_bad = validate_articles(articles_frame(r.article_row for r in batch))
        article_parts.append(arts_ok)
        article_reject_parts.append(arts_bad)
        batch.clear()

    for result in stream:
        summary.articles += 1
        if result.article_row.get("published") is None:
            summary.undated += 1
        for w in result.warnings:
            summary.warnings.append(w)
            if on_warning is not None:
                on_warning(f"{result.article_row.get('path') or result.article_id}: {w}")
        batch.append(result)
        if len(batch) >= BATCH_ARTICLES:
            flush()
    flush()

    claims_df = pl.concat(valid_parts) if valid_parts else claims_frame([])
    rejects_df = pl.concat(reject_parts, how="diagonal_relaxed") if reject_parts else None
    articles_df = pl.concat(article_parts) if article_parts else articles_frame([])
    summary.claims = claims_df.height
    summary.rejects = rejects_df.height if rejects_df is not None else 0
    summary.article_rejects = sum(p.height for p in article_reject_parts)
    if rejects_df is None:
        _, rejects_df = validate_claims(claims_frame([]), {})
    articles_path = articles_out or derived_path(out, "articles")
    rejects_path = rejects_out or derived_path(out, "rejects")
    write_table(claims_df, out)
    write_table(articles_df, articles_path)
    write_table(rejects_df, rejects_path)
    summary.outputs = {"claims": out, "articles": articles_path, "rejects": rejects_path}
    return summary
