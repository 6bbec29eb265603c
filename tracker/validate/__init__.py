"""validate stage: the claims and article table contracts as pandera schemas, and row triage.

Import from here rather than from :mod:`tracker.validate.schemas` so the module layout can change.
"""

from tracker.validate.schemas import (
    ARTICLE_DTYPES,
    ARTICLES_SCHEMA,
    CLAIM_DTYPES,
    CLAIMS_SCHEMA,
    NO_BODY,
    PLAUSIBLE_MAX,
    REASON_COLUMN,
    SPAN_MISMATCH,
    FrameBuildError,
    SchemaMismatch,
    articles_frame,
    check_spans,
    claims_frame,
    column_docs,
    implausible_claims,
    validate_articles,
    validate_claims,
)

__all__ = [
    "ARTICLES_SCHEMA",
    "ARTICLE_DTYPES",
    "CLAIMS_SCHEMA",
    "CLAIM_DTYPES",
    "NO_BODY",
    "PLAUSIBLE_MAX",
    "REASON_COLUMN",
    "SPAN_MISMATCH",
    "FrameBuildError",
    "SchemaMismatch",
    "articles_frame",
    "check_spans",
    "claims_frame",
    "column_docs",
    "implausible_claims",
    "validate_articles",
    "validate_claims",
]
