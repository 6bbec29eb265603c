"""Small hand-made claim and article tables for the compare and chart tests.

``claim()`` fills every CLAIMS.md column with a plausible default so that each test states
only what it is about (a value, a date, a source, a start date).
"""

from __future__ import annotations

import hashlib
from typing import Any

import polars as pl

from tracker.model import CLAIM_COLUMNS


def claim(cid: str, article_id: str, value: float, **kw: Any) -> dict[str, Any]:
    """One claims-table row: a Lebanese health ministry running total of people killed."""
    qualifier = kw.get("qualifier", "exact")
    low: float | None = value
    high: float | None = value
    if qualifier in ("at_least", "more_than"):
        high = None
    if qualifier in ("nearly", "up_to", "fewer_than"):
        low = None
    row: dict[str, Any] = {
        "claim_id": cid,
        "article_id": article_id,
        "metric": "killed",
        "value": float(value),
        "value_low": low,
        "value_high": high,
        "qualifier": qualifier,
        "unit": "people",
        "subject": "people",
        "location": "Lebanon",
        "scope": "cumulative",
        "period_start": "2023-10-08",
        "period_end": None,
        "source": "Lebanese health ministry",
        "source_kind": "health_authority",
        "via": None,
        "modality": "reported",
        "quote": f"{value:,.0f} people",
        "char_start": 0,
        "char_end": 10,
        # A sentence unlike any other claim's, so that only tests about wording find copies.
        "sentence": f"{hashlib.sha1(cid.encode()).hexdigest()} {value:,.0f}",
    }
    row.update(kw)
    return {c: row[c] for c in CLAIM_COLUMNS}


def claims_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A claims table with the contract's columns (strings for dates, as a CSV gives them)."""
    schema = dict.fromkeys(CLAIM_COLUMNS, pl.String)
    schema |= {"value": pl.Float64, "value_low": pl.Float64, "value_high": pl.Float64}
    schema |= {"char_start": pl.Int64, "char_end": pl.Int64}
    return pl.DataFrame(rows, schema=schema)


def articles_frame(spec: dict[str, tuple[str | None, str | None]]) -> pl.DataFrame:
    """Articles from {article_id: (outlet, published)}."""
    return pl.DataFrame(
        {
            "article_id": list(spec),
            "title": [f"Article {a}" for a in spec],
            "outlet": [o for o, _ in spec.values()],
            "published": [d for _, d in spec.values()],
            "url": [None] * len(spec),
            "path": [None] * len(spec),
            "n_chars": [1000] * len(spec),
        },
        schema={
            "article_id": pl.String,
            "title": pl.String,
            "outlet": pl.String,
            "published": pl.String,
            "url": pl.String,
            "path": pl.String,
            "n_chars": pl.Int64,
        },
    )


SAME = "According to Lebanon's health ministry, at least 2,350 people have been killed since Oct. 8, 2023."


def scenario() -> tuple[pl.DataFrame, pl.DataFrame]:
    """A small story: a rising ministry toll, a verbatim copy, a revision, a scope change,
    a conflicting figure, a stale reprint, a hypothetical, and an undated article."""
    rows = [
        claim("c01", "a01", 2083),
        claim("c02", "a02", 2350, qualifier="at_least", quote="at least 2,350 people", sentence=SAME),
        claim("c03", "a03", 2350, qualifier="at_least", quote="at least 2,350 people", sentence=SAME),
        claim("c04", "a04", 2412, source="the health ministry", location=None),
        claim(
            "c05",
            "a05",
            2390,
            sentence="The ministry revised its toll down to 2,390 after duplicates were removed.",
        ),
        claim("c06", "a06", 1700, source="AFP tally", period_start="2024-09-23", qualifier="more_than"),
        claim("c07", "a06", 2600, qualifier="more_than"),
        claim("c08", "a07", 2083, sentence="The ministry says 2,083 people have been killed."),
        claim("c09", "a07", 11000, metric="injured", qualifier="nearly"),
        claim("c10", "a08", 3100, source="Hezbollah-affiliated media", source_kind="media"),
        claim("c11", "a09", 500000, metric="displaced", modality="hypothetical"),
        claim("c12", "a10", 2700),
        claim("c13", "a06", 1200000, metric="displaced", qualifier="more_than", source="Lebanese government"),
    ]
    arts = articles_frame(
        {
            "a01": ("Al Jazeera", "2024-10-01"),
            "a02": ("Reuters", "2024-10-05"),
            "a03": ("Yahoo News", "2024-10-05"),
            "a04": ("AP", "2024-10-09"),
            "a05": ("The National", "2024-10-12"),
            "a06": ("Gulf News", "2024-10-29"),
            "a07": ("Blog", "2024-10-29"),
            "a08": ("Al Manar", "2024-10-29"),
            "a09": ("Times of Israel", "2024-10-30"),
            "a10": ("Forum", None),
        }
    )
    return claims_frame(rows), arts
