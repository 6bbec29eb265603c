"""Compare reported figures across articles and sources.

``compare(claims, articles)`` places every reported claim in a series (see
:mod:`tracker.compare.series`), flags revisions, scope changes, copies, conflicts and stale
figures (see :mod:`tracker.compare.flags`) and returns a :class:`Comparison` with one row per
claim, a per-series summary and the articles that carry no date. Hypothetical claims (threats,
projections) are left out entirely: they are not figures anyone reported as having happened.

Input tables follow the claims-table contract (``tracker.model.CLAIM_COLUMNS``) and the article
table (``ARTICLE_COLUMNS``); columns may be missing (they are read as null) and dates may be
strings, so that a CSV read without a schema works as well as a typed Parquet file.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from tracker.compare.flags import FLAG_NAMES, Row, apply_flags
from tracker.compare.series import (
    UNSPECIFIED_PLACE,
    Aliases,
    Place,
    fmt_figure,
    group_id_of,
    infer_starts,
    load_aliases,
    normalise_place,
    normalise_source,
    normalise_subject,
    places_named,
    series_id_of,
    series_label_of,
    source_place,
    start_key,
)
from tracker.model import ARTICLE_COLUMNS, CLAIM_COLUMNS

__all__ = [
    "FLAG_NAMES",
    "SUMMARY_SCHEMA",
    "TABLE_SCHEMA",
    "THOUSANDS",
    "Comparison",
    "compare",
    "plain_number",
    "read_table",
    "write_comparison",
]

#: Columns of :attr:`Comparison.table`, in order.
TABLE_SCHEMA: dict[str, Any] = {
    "series_id": pl.String,
    "series_label": pl.String,
    "group_id": pl.String,
    "metric": pl.String,
    "unit": pl.String,
    "place": pl.String,
    "subject_group": pl.String,
    "scope": pl.String,
    "period_start": pl.Date,
    "start_inferred": pl.Boolean,
    "claim_id": pl.String,
    "article_id": pl.String,
    "outlet": pl.String,
    "published": pl.Date,
    "source_norm": pl.String,
    "source": pl.String,
    "source_kind": pl.String,
    "value": pl.Float64,
    "value_low": pl.Float64,
    "value_high": pl.Float64,
    "qualifier": pl.String,
    "quote": pl.String,
    "flags": pl.String,
    "flag_detail": pl.String,
}

#: Columns of :attr:`Comparison.summary`, in order.
SUMMARY_SCHEMA: dict[str, Any] = {
    "series_id": pl.String,
    "label": pl.String,
    "n_articles": pl.Int64,
    "n_claims": pl.Int64,
    "n_sources": pl.Int64,
    "n_undated": pl.Int64,
    "latest_by_source": pl.String,
    "min": pl.Float64,
    "max": pl.Float64,
    "first_date": pl.Date,
    "last_date": pl.Date,
    "flags": pl.String,
}

UNDATED_SCHEMA: dict[str, Any] = {
    "article_id": pl.String,
    "title": pl.String,
    "outlet": pl.String,
    "n_claims": pl.Int64,
}


@dataclass(frozen=True, slots=True)
class Comparison:
    """What :func:`compare` returns.

    ``table``: one row per reported claim (TABLE_SCHEMA), ordered by series then date.
    ``summary``: one row per series (SUMMARY_SCHEMA), most-covered first.
    ``undated_articles``: articles with no publication date (left off every timeline).
    """

    table: pl.DataFrame
    summary: pl.DataFrame
    undated_articles: pl.DataFrame
    #: What was odd in the input and what was done about it, one line each (cells that are not
    #: numbers, repeated claim ids). The CLI prints them; the claims table is not changed.
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Input coercion


def _as_date(df: pl.DataFrame, col: str) -> pl.DataFrame:
    """Cast a column to Date whatever it arrived as (str "2024-10-29", "2024-10", datetime, null)."""
    if col not in df.columns:
        return df.with_columns(pl.lit(None, dtype=pl.Date).alias(col))
    dtype = df.schema[col]
    if dtype == pl.Date:
        return df
    if isinstance(dtype, pl.Datetime):
        return df.with_columns(pl.col(col).dt.date())
    if dtype in (pl.String, pl.Utf8):
        # A month-only date ("2024-10") is not a day: it stays null rather than becoming the 1st.
        return df.with_columns(pl.col(col).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False))
    return df.with_columns(pl.lit(None, dtype=pl.Date).alias(col))


#: "12,000" or "1,234.5" as a spreadsheet shows numbers: comma thousands separators in groups of
#: three. Only this exact shape is read ("12,00" or "1,2" are not numbers, they are typos).
THOUSANDS = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"
_NUMERIC = ("value", "value_low", "value_high")
_SHOWN = 5  # row numbers and ids named in a warning


def plain_number(text: str) -> str:
    """``text`` stripped, and without its thousands separators when it is shaped "12,000".

    Why: a claims table re-saved from a spreadsheet often shows 12000 as "12,000"; read
    strictly that cell is not a number and the claim would drop out of every series.
    """
    t = text.strip()
    return t.replace(",", "") if re.match(THOUSANDS, t) else t


def _cast_numbers(df: pl.DataFrame, warnings: list[str]) -> pl.DataFrame:
    """Cast the number columns leniently and say which cells could not be read.

    A text cell that is not a number (after :func:`plain_number`) becomes null: for ``value``
    the claim then has no figure and is left out of the comparison, for a bound the bound is
    unknown. Each column with such cells gets one warning naming the first rows (1 = the
    first row under the header) and their claim ids, so an edit that lost a claim is seen.
    """
    for col in _NUMERIC:
        if df.schema[col] not in (pl.String, pl.Utf8):
            df = df.with_columns(pl.col(col).cast(pl.Float64, strict=False))
            continue
        raw = pl.col(col).str.strip_chars()
        cleaned = pl.when(raw.str.contains(THOUSANDS)).then(raw.str.replace_all(",", "")).otherwise(raw)
        number = cleaned.cast(pl.Float64, strict=False)
        bad = df.with_row_index("_row", offset=1).filter(
            raw.is_not_null() & (raw.str.len_chars() > 0) & number.is_null()
        )
        if bad.height:
            rows = ", ".join(str(r) for r in bad["_row"].head(_SHOWN).to_list())
            ids = ", ".join(str(i) for i in bad["claim_id"].head(_SHOWN).to_list())
            more = ", ..." if bad.height > _SHOWN else ""
            effect = "those claims are left out" if col == "value" else "those bounds are read as unknown"
            warnings.append(
                f"{bad.height} row(s) with a {col} that is not a number, e.g. {str(bad[col][0])[:40]!r} "
                f"(rows {rows}{more}; claim ids {ids}{more}); {effect}"
            )
        df = df.with_columns(number.alias(col))
    return df


def _drop_repeated_ids(df: pl.DataFrame, warnings: list[str]) -> pl.DataFrame:
    """Keep the first row of each claim_id, with a warning: a claim counted twice would inflate
    a series and its flags (keyed by claim_id) would mix. The report does the same."""
    ids = df["claim_id"]
    if ids.drop_nulls().n_unique() == ids.drop_nulls().len():
        return df
    repeated = df.with_row_index("_row", offset=1).filter(
        pl.col("claim_id").is_not_null() & pl.col("claim_id").is_duplicated() & ~pl.col("claim_id").is_first_distinct()
    )
    shown = ", ".join(str(i) for i in repeated["claim_id"].unique(maintain_order=True).head(_SHOWN).to_list())
    warnings.append(
        f"{repeated.height} claim row(s) repeat an earlier claim_id (e.g. {shown}); "
        "the first row of each was compared"
    )
    return df.filter(pl.col("claim_id").is_null() | pl.col("claim_id").is_first_distinct())


def _prepare_claims(claims: pl.DataFrame, warnings: list[str]) -> pl.DataFrame:
    df = claims
    for col in CLAIM_COLUMNS:
        if col not in df.columns:
            df = df.with_columns(pl.lit(None).alias(col))
    for col in ("period_start", "period_end"):
        df = _as_date(df, col)
    not_text = {"value", "value_low", "value_high", "period_start", "period_end", "char_start", "char_end"}
    text = [c for c in CLAIM_COLUMNS if c not in not_text]
    df = df.with_columns(pl.col(c).cast(pl.String, strict=False) for c in text)
    df = _drop_repeated_ids(_cast_numbers(df, warnings), warnings)
    # NaN from a CSV's empty numeric cell means "no bound", same as null.
    return df.with_columns(pl.col(c).fill_nan(None) for c in _NUMERIC)


def _prepare_articles(articles: pl.DataFrame | None) -> pl.DataFrame:
    df = articles if articles is not None else pl.DataFrame()
    for col in ARTICLE_COLUMNS:
        if col not in df.columns:
            df = df.with_columns(pl.lit(None).alias(col))
    df = _as_date(df, "published")
    df = df.with_columns(pl.col(c).cast(pl.String, strict=False) for c in ("article_id", "title", "outlet"))
    return df.unique(subset="article_id", keep="first", maintain_order=True)


def _opt_float(x: Any) -> float | None:
    if x is None:
        return None
    f = float(x)
    return None if math.isnan(f) else f


# --------------------------------------------------------------------------------------------
# Placing claims in series


def _placed_rows(claims: pl.DataFrame, articles: pl.DataFrame, aliases: Aliases) -> list[dict[str, Any]]:
    """Reported claims as dicts with their normalised place, subject group, source and series."""
    info = {r["article_id"]: r for r in articles.iter_rows(named=True)}
    context: dict[str, list[str]] = defaultdict(list)
    for r in claims.iter_rows(named=True):
        aid = r["article_id"]
        context[aid].extend(x for x in (r["source"], r["sentence"]) if x)
    for aid, a in info.items():
        if a.get("title"):
            context[aid].append(a["title"])
    article_places: dict[str, set[str]] = defaultdict(set)
    for r in claims.iter_rows(named=True):
        loc = normalise_place(r["location"], aliases)
        if loc is not None:
            article_places[r["article_id"]].add(loc.key)
    for aid, texts in context.items():
        article_places[aid] |= places_named(texts, aliases)

    table_bodies = {
        name
        for src in claims["source"].drop_nulls().unique().to_list()
        if (name := normalise_source(src, aliases)) is not None
    }
    rows: list[dict[str, Any]] = []
    for r in claims.iter_rows(named=True):
        if (r["modality"] or "reported") != "reported" or r["value"] is None or not r["metric"]:
            continue
        a = info.get(r["article_id"], {})
        place = normalise_place(r["location"], aliases)
        subject = normalise_subject(r["subject"], aliases, place)
        own_place = place or subject.place
        source_norm = normalise_source(
            r["source"],
            aliases,
            context=context[r["article_id"]],
            place=own_place,
            article_places=article_places[r["article_id"]],
            table_bodies=table_bodies,
        )
        place = own_place or source_place(source_norm, aliases) or UNSPECIFIED_PLACE
        if own_place is None and place is not UNSPECIFIED_PLACE:
            subject = normalise_subject(r["subject"], aliases, place)
        outlet = a.get("outlet")
        unit = r["unit"] or ("projectiles" if r["metric"] == "projectiles" else "people")
        rows.append(
            {
                **r,
                "unit": unit,
                "scope": r["scope"] or "unknown",
                "qualifier": r["qualifier"] or "exact",
                "outlet": outlet,
                "published": a.get("published"),
                "place_obj": place,
                "place": place.key,
                "subject_group": subject.group,
                "source_norm": source_norm or (f"unattributed ({outlet})" if outlet else "unattributed"),
                "attributed": source_norm is not None,
            }
        )

    starts = infer_starts(rows)
    for r in rows:
        r["start_inferred"] = False
        if r["scope"] == "cumulative" and r["period_start"] is None and start_key(r) in starts:
            r["period_start"] = starts[start_key(r)]
            r["start_inferred"] = True
        p: Place = r["place_obj"]
        r["group_id"] = group_id_of(r["metric"], r["unit"], p.key, r["subject_group"], r["scope"])
        r["series_id"] = series_id_of(r["group_id"], r["scope"], r["period_start"])
        r["series_label"] = series_label_of(
            r["metric"],
            r["unit"],
            p.name,
            r["subject_group"],
            scope=r["scope"],
            period_start=r["period_start"],
        )
        r["place_name"] = p.name
    return rows


def _to_row(r: Mapping[str, Any]) -> Row:
    p: Place = r["place_obj"]
    return Row(
        claim_id=str(r["claim_id"]),
        article_id=str(r["article_id"]),
        outlet=r["outlet"],
        published=r["published"],
        series_id=r["series_id"],
        group_id=r["group_id"],
        metric=r["metric"],
        scope=r["scope"],
        period_start=r["period_start"],
        start_inferred=r["start_inferred"],
        period_end=r["period_end"],
        place_broad=p.broad,
        source_norm=r["source_norm"],
        attributed=r["attributed"],
        value=float(r["value"]),
        value_low=_opt_float(r["value_low"]),
        value_high=_opt_float(r["value_high"]),
        qualifier=r["qualifier"],
        quote=r["quote"] or "",
        sentence=r["sentence"] or "",
        place_known=p.key != UNSPECIFIED_PLACE.key,
    )


def _sort_key(r: Mapping[str, Any]) -> tuple[Any, ...]:
    pub: dt.date | None = r["published"]
    return (r["series_id"], pub is None, pub or dt.date.min, str(r["article_id"]), str(r["claim_id"]))


# --------------------------------------------------------------------------------------------
# Summary


def _summary(table: pl.DataFrame) -> pl.DataFrame:
    if table.is_empty():
        return pl.DataFrame(schema=SUMMARY_SCHEMA)
    out: list[dict[str, Any]] = []
    for (sid,), g in table.group_by(["series_id"], maintain_order=True):
        dated = g.filter(pl.col("published").is_not_null())
        latest: list[tuple[float, str, str]] = []
        for (src,), s in dated.group_by(["source_norm"], maintain_order=True):
            last = s.sort(["published", "value"]).row(-1, named=True)
            text = fmt_figure(last["value"], last["qualifier"], last["value_low"], last["value_high"])
            latest.append((last["value"], str(src), f"{src}: {text} ({last['published'].isoformat()})"))
        latest.sort(key=lambda t: (-t[0], t[1]))
        flags: dict[str, int] = defaultdict(int)
        for f in g["flags"].to_list():
            for name in filter(None, (f or "").split(";")):
                flags[name] += 1
        out.append(
            {
                "series_id": sid,
                "label": g["series_label"][0],
                "n_articles": g["article_id"].n_unique(),
                "n_claims": g.height,
                "n_sources": g["source_norm"].n_unique(),
                "n_undated": g.filter(pl.col("published").is_null())["article_id"].n_unique(),
                "latest_by_source": "; ".join(t[2] for t in latest),
                "min": g["value"].min(),
                "max": g["value"].max(),
                "first_date": dated["published"].min() if dated.height else None,
                "last_date": dated["published"].max() if dated.height else None,
                "flags": "; ".join(f"{k}: {v}" for k, v in sorted(flags.items())),
            }
        )
    df = pl.DataFrame(out, schema=SUMMARY_SCHEMA)
    return df.sort(["n_articles", "n_claims", "series_id"], descending=[True, True, False])


def _undated(claims: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    counts = claims.group_by("article_id").len(name="n_claims") if claims.height else None
    ids = set(articles["article_id"].drop_nulls().to_list())
    ids |= set(claims["article_id"].drop_nulls().to_list())
    dated = set(articles.filter(pl.col("published").is_not_null())["article_id"].to_list())
    rows = []
    info = {r["article_id"]: r for r in articles.iter_rows(named=True)}
    n = dict(counts.iter_rows()) if counts is not None else {}
    for aid in sorted(ids - dated):
        a = info.get(aid, {})
        rows.append(
            {"article_id": aid, "title": a.get("title"), "outlet": a.get("outlet"), "n_claims": n.get(aid, 0)}
        )
    return pl.DataFrame(rows, schema=UNDATED_SCHEMA)


# --------------------------------------------------------------------------------------------
# Entry points


def compare(
    claims: pl.DataFrame, articles: pl.DataFrame | None = None, aliases: Aliases | None = None
) -> Comparison:
    """Place reported claims in series and flag how figures move across articles and sources.

    Example::

        cmp = compare(pl.read_csv("claims.csv"), pl.read_csv("articles.csv"))
        cmp.table.filter(pl.col("flags").str.contains("revised_down"))
    """
    al = aliases or load_aliases()
    warnings: list[str] = []
    c = _prepare_claims(claims, warnings)
    a = _prepare_articles(articles)
    placed = _placed_rows(c, a, al)
    flags = apply_flags([_to_row(r) for r in placed])
    records: list[dict[str, Any]] = []
    for r in sorted(placed, key=_sort_key):
        f = flags.get(str(r["claim_id"]), {})
        records.append(
            {
                **{k: r.get(k) for k in TABLE_SCHEMA},
                "place": r["place_name"],
                "flags": ";".join(sorted(f)),
                "flag_detail": "; ".join(f[k] for k in sorted(f)),
            }
        )
    table = pl.DataFrame(records, schema=TABLE_SCHEMA)
    return Comparison(
        table=table, summary=_summary(table), undated_articles=_undated(c, a), warnings=tuple(warnings)
    )


def read_table(path: Path) -> pl.DataFrame:
    """Read a claims or article table from CSV, Parquet or JSON Lines (by extension), leniently.

    Why not ``tracker.export.read_table``: that one casts every contract column strictly and
    fails on the first bad cell, which is right for the tables ``tracker extract`` wrote. The
    comparison also takes tables a fact-checker has edited or assembled by hand, so CSV cells are
    read as text and ``_prepare_claims``/``_prepare_articles`` cast them with ``strict=False``:
    "12,000" is read as 12000, and a cell that is not a number becomes null and that claim
    drops out of the series, named in :attr:`Comparison.warnings`, instead of the whole
    comparison failing.
    """
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pl.read_parquet(path)
    if suffix in (".jsonl", ".ndjson"):
        return pl.read_ndjson(path) if path.stat().st_size else pl.DataFrame()
    if suffix == ".json":
        return pl.read_json(path)
    return pl.read_csv(path, infer_schema_length=0) if path.stat().st_size else pl.DataFrame()


def write_comparison(comparison: Comparison, out: Path) -> list[Path]:
    """Write the table to ``out`` (CSV) and the summary and undated list beside it.

    ``data/clean/comparison.csv`` gives ``comparison.summary.csv`` and ``comparison.undated.csv``.
    Returns the paths written.
    """
    from tracker.export.writers import write_table  # atomic: an interrupted run keeps the previous tables

    summary = out.with_name(f"{out.stem}.summary.csv")
    undated = out.with_name(f"{out.stem}.undated.csv")
    write_table(comparison.table, out)
    write_table(comparison.summary, summary)
    write_table(comparison.undated_articles, undated)
    return [out, summary, undated]
