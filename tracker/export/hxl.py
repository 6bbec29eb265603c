"""HXL (Humanitarian Exchange Language) hashtags for the claims table.

Humanitarian analysts load CSVs into HXL-aware tools (HDX, the HXL Proxy, hxl-python) that find
columns by hashtag, not by header text. HXL tags a *column*, while the claims table is long (one
``metric`` column and one ``value`` column), so the HXL export appends one numeric column per
metric, ``value_<metric>``, holding the claim's value on the rows of that metric and empty
elsewhere: that is what lets ``#affected+killed`` point at killed figures only. The claims
columns themselves are unchanged, and the article's date, outlet and URL are joined in so that a
row stands on its own (``#date+reported``, ``#meta+url``).

Tags use HXL core hashtags where one fits: ``#affected+killed``, ``#affected+injured`` and
``#affected+displaced``; metrics without a core tag get ``#indicator+<metric>+num``. ``location``
is tagged ``#loc+name`` rather than ``#country+name``: it is the place *as written*, which is a
country only some of the time ("Gaza", "northern Israel").

The tag row sits directly under the header, as the HXL standard puts it; the data package marks
it as a comment row (``dialect.commentRows = [2]``) so Frictionless tools skip it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import polars as pl

from tracker.model import CLAIM_COLUMNS, Metric

__all__ = [
    "COLUMN_TAGS",
    "HXL_ARTICLE_COLUMNS",
    "METRIC_TAGS",
    "hxl_claims",
    "hxl_columns",
    "hxl_row",
    "metric_column",
]

#: Core HXL tags for the metrics that have one; the rest get an ``#indicator`` tag.
_CORE_METRIC_TAGS: Final[dict[Metric, str]] = {
    Metric.KILLED: "#affected+killed",
    Metric.INJURED: "#affected+injured",
    Metric.DISPLACED: "#affected+displaced",
}

#: Metric -> hashtag of its ``value_<metric>`` column.
METRIC_TAGS: Final[dict[Metric, str]] = {
    m: _CORE_METRIC_TAGS.get(m, f"#indicator+{m.value}+num") for m in Metric
}

#: Article columns joined into the HXL table, after the claims columns.
HXL_ARTICLE_COLUMNS: Final[tuple[str, ...]] = ("published", "outlet", "url")

#: Column name -> hashtag for the claims columns and the joined article columns.
COLUMN_TAGS: Final[dict[str, str]] = {
    "claim_id": "#meta+id+claim",
    "article_id": "#meta+id+article",
    "metric": "#indicator+name",
    "value": "#indicator+value+num",
    "value_low": "#indicator+value+num+min",
    "value_high": "#indicator+value+num+max",
    "qualifier": "#indicator+qualifier",
    "unit": "#indicator+unit",
    "subject": "#population+subject",
    "location": "#loc+name",
    "scope": "#indicator+scope",
    "period_start": "#date+start",
    "period_end": "#date+end",
    "source": "#meta+source",
    "source_kind": "#meta+source+type",
    "via": "#meta+source+via",
    "modality": "#meta+modality",
    "quote": "#description+quote",
    "char_start": "#meta+offset+start",
    "char_end": "#meta+offset+end",
    "sentence": "#description+sentence",
    "published": "#date+reported",
    "outlet": "#meta+outlet",
    "url": "#meta+url",
    "title": "#description+title",
}


def metric_column(metric: Metric | str) -> str:
    """Name of the per-metric value column of the HXL table (``value_killed``)."""
    return f"value_{Metric(metric).value}"


def hxl_columns() -> list[str]:
    """Columns of :func:`hxl_claims`, in order."""
    return [*CLAIM_COLUMNS, *HXL_ARTICLE_COLUMNS, *(metric_column(m) for m in Metric)]


def hxl_row(columns: Sequence[str]) -> list[str]:
    """The hashtag row for ``columns``; a column we have no tag for gets an empty cell (HXL allows it)."""
    tags = {**COLUMN_TAGS, **{metric_column(m): tag for m, tag in METRIC_TAGS.items()}}
    return [tags.get(c, "") for c in columns]


def hxl_claims(claims: pl.DataFrame, articles: pl.DataFrame | None = None) -> pl.DataFrame:
    """The claims table ready for an HXL tag row: article date/outlet/URL joined, values per metric.

    Every claim keeps its row (a left join on ``article_id``; articles missing from the article
    table give nulls). Article ids are unique in a valid article table; should one repeat, its
    first row is used so the claim count never changes.
    """
    joined_schema = {"published": pl.Date(), "outlet": pl.String(), "url": pl.String()}
    if articles is not None and articles.height and set(HXL_ARTICLE_COLUMNS) <= set(articles.columns):
        info = articles.select("article_id", *HXL_ARTICLE_COLUMNS).unique("article_id", keep="first")
        info = info.with_columns(pl.col(c).cast(t) for c, t in joined_schema.items())
        df = claims.select(CLAIM_COLUMNS).join(info, on="article_id", how="left", maintain_order="left")
    else:
        df = claims.select(CLAIM_COLUMNS).with_columns(
            pl.lit(None, dtype=t).alias(c) for c, t in joined_schema.items()
        )
    per_metric = [
        pl.when(pl.col("metric") == m.value)
        .then(pl.col("value").cast(pl.Float64))
        .otherwise(None)
        .alias(metric_column(m))
        for m in Metric
    ]
    return df.with_columns(per_metric).select(hxl_columns())
