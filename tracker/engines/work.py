"""The per-article function every engine maps: one article in, its rows out (no I/O, no tables).

Why its own module: the local engine's worker processes (``tracker.engines.local``) import only this
and the extractor, not the validation and export stack (pandera imports pandas: over half a
second per process), so a worker pool starts sooner. (Dask tasks validate their partition, so they
import the pipeline.) ``tracker.pipeline`` re-exports both names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.extract.claims import extract_claims
from tracker.ingest import article_warnings
from tracker.model import Article
from tracker.rules import Rules


@dataclass(slots=True)
class ArticleResult:
    """What one article gives: its table row, its claim rows and its body (for validation)."""

    article_id: str
    article_row: dict[str, Any]
    claim_rows: list[dict[str, Any]]
    body: str
    warnings: list[str]
    error: str | None = None  # set when extraction raised: the run skips this article, not all


def extract_article(article: Article, rules: Rules | None = None) -> ArticleResult:
    """Extract one article (pure: no I/O, safe to run in another process).

    An exception from the extractor is caught here, not in the caller, so that one strange
    article costs only its own claims in every engine (in-process or worker pool): the result
    carries the one-line ``error`` and run_extract reports the file as skipped.
    """
    try:
        rows = [c.row() for c in extract_claims(article, rules)]
    except Exception as exc:  # any extractor bug must cost one article, not the run
        detail = " ".join(str(exc).split())[:160]
        return ArticleResult(article.article_id, article.row(), [], article.body, article_warnings(article),
                             error=f"extraction failed ({type(exc).__name__}: {detail}); please report")
    return ArticleResult(article.article_id, article.row(), rows, article.body, article_warnings(article))
