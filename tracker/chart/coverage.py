"""Coverage: which articles carried which metrics.

A dot matrix, articles down the side in date order (undated last), metrics across, the dot's
number saying how many figures of that metric the article carried. Shows at a glance which
stories a count rests on and which articles carried none.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl

from tracker.chart.style import (
    GRID,
    INK,
    MUTED,
    ChartInfo,
    colour,
    frame,
    house_style,
    new_figure,
    save,
    short,
    source_line,
)
from tracker.compare.series import fmt_date
from tracker.model import Metric

SLUG = "coverage"
MAX_ARTICLES = 40
METRIC_ORDER = tuple(m.value for m in Metric)


def coverage_table(table: pl.DataFrame, articles: pl.DataFrame | None) -> pl.DataFrame:
    """Figures per article and metric, one row per pair, with every article listed.

    Articles with no reported figure appear with ``metric`` null and ``n_figures`` 0.
    """
    counts = (
        table.group_by(["article_id", "metric"]).len(name="n_figures")
        if table.height
        else pl.DataFrame(schema={"article_id": pl.String, "metric": pl.String, "n_figures": pl.UInt32})
    )
    info_cols = ["article_id", "outlet", "published"]
    known = table.select(info_cols).unique(subset="article_id", keep="first") if table.height else None
    if articles is not None and articles.height and "article_id" in articles.columns:
        a = articles
        for c in ("outlet", "published"):
            if c not in a.columns:
                a = a.with_columns(pl.lit(None).alias(c))
        a = a.select(info_cols).with_columns(
            pl.col("article_id").cast(pl.String),
            pl.col("outlet").cast(pl.String),
            pl.col("published").cast(pl.String).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
        )
        known = pl.concat([known, a], how="vertical_relaxed") if known is not None else a
        known = known.unique(subset="article_id", keep="first", maintain_order=True)
    if known is None:
        return pl.DataFrame(
            schema={
                "article_id": pl.String,
                "outlet": pl.String,
                "published": pl.Date,
                "metric": pl.String,
                "n_figures": pl.Int64,
            }
        )
    out = known.join(counts, on="article_id", how="left").with_columns(
        pl.col("n_figures").fill_null(0).cast(pl.Int64)
    )
    return out.sort(["published", "article_id", "metric"], nulls_last=True)


def draw_coverage(table: pl.DataFrame, articles: pl.DataFrame | None, out_dir: Path) -> ChartInfo:
    """Draw the coverage matrix; skipped when there are no articles at all."""
    cov = coverage_table(table, articles)
    if cov.is_empty():
        return ChartInfo("coverage", SLUG, "coverage", skipped="coverage: no articles")
    arts = cov.select(["article_id", "outlet", "published"]).unique(subset="article_id", keep="first")
    per_article = cov.group_by("article_id").agg(pl.col("n_figures").sum().alias("total"))
    arts = arts.join(per_article, on="article_id").sort(["published", "article_id"], nulls_last=True)
    n_all = arts.height
    note = ""
    if n_all > MAX_ARTICLES:
        keep = arts.sort(["total", "article_id"], descending=[True, False]).head(MAX_ARTICLES)["article_id"]
        arts = arts.filter(pl.col("article_id").is_in(keep.implode()))
        note = f"; the {MAX_ARTICLES} articles with most figures of {n_all} shown"
    art_rows = arts.to_dicts()
    ids = [r["article_id"] for r in art_rows]
    shown = cov.filter(pl.col("article_id").is_in(pl.Series(ids).implode()) & pl.col("metric").is_not_null())
    present = set(shown["metric"].to_list())
    metrics = [m for m in METRIC_ORDER if m in present] + sorted(present - set(METRIC_ORDER))

    n = len(art_rows)
    height = min(max(2.4 + 0.2 * n, 3.2), 11.0)
    cells = {(r["article_id"], r["metric"]): r["n_figures"] for r in shown.to_dicts()}
    with house_style():
        fig, ax = new_figure(height)
        ax.grid(False)
        for i in range(n):
            ax.axhline(i, color=GRID, lw=0.5, zorder=1)
        for j, m in enumerate(metrics):
            for i, r in enumerate(art_rows):
                k = cells.get((r["article_id"], m), 0)
                if k:
                    ax.scatter([j], [i], s=60 + 25 * min(k, 6), color=colour(j), zorder=2, linewidths=0)
                    ax.text(j, i, str(k), ha="center", va="center", fontsize=6.5, color="white", zorder=3)
        ax.set_xticks(range(len(metrics)), metrics)
        ax.xaxis.tick_top()
        # angled so that eight metric names fit over narrow columns at 640 px without running together
        for label in ax.get_xticklabels():
            label.set(rotation=40, ha="left", rotation_mode="anchor")
        ax.tick_params(axis="x", labelsize=8, labelcolor=INK)
        ax.set_yticks(range(n), [_row_label(r) for r in art_rows])
        ax.tick_params(axis="y", labelsize=7)
        ax.set_xlim(-0.6, max(len(metrics), 1) - 0.4)
        ax.set_ylim(n - 0.5, -0.5)
        for side in ("left", "bottom", "top", "right"):
            ax.spines[side].set_visible(False)
        # Counted over every article, not only the ones shown.
        every = cov.filter(pl.col("metric").is_not_null() & (pl.col("n_figures") > 0))
        carried = {m: every.filter(pl.col("metric") == m)["article_id"].n_unique() for m in metrics}
        title = _finding(carried, n_all)
        n_undated = sum(r["published"] is None for r in art_rows)
        subtitle = "Reported figures per article and metric (number in the dot), articles by publication date"
        subtitle += note
        if n_undated:
            subtitle += f"; {n_undated} undated article(s) listed last"
        outlets = sorted({r["outlet"] for r in art_rows if r["outlet"]})
        src = source_line([], outlets)
        frame(
            fig, ax, title=title, subtitle=subtitle, source=src, left_in=2.1, right_in=0.6, top_extra_in=0.75
        )
        alt = _alt(
            title=title, subtitle=subtitle, carried=carried, rows=art_rows, cells=cells, metrics=metrics
        )
        files = save(fig, out_dir / SLUG, title=title, alt=alt)

    csv = out_dir / f"{SLUG}.csv"
    cov.filter(pl.col("article_id").is_in(pl.Series(ids).implode())).write_csv(csv)
    return ChartInfo("coverage", SLUG, title, alt, (*files, csv))


def _row_label(r: dict[str, Any]) -> str:
    d: dt.date | None = r["published"]
    return short(f"{fmt_date(d) if d else 'undated'} · {r['outlet'] or r['article_id']}", 34)


def _finding(carried: dict[str, int], n_articles: int) -> str:
    if not carried:
        return f"None of {n_articles} articles carried a reported figure"
    ranked = sorted(carried.items(), key=lambda kv: (-kv[1], kv[0]))
    m, k = ranked[0]
    head = f"{k} of {n_articles} articles carried a figure for {m}"
    if len(ranked) > 1:
        m2, k2 = ranked[1]
        head += f"; {k2} for {m2}"
    return head


def _alt(
    *,
    title: str,
    subtitle: str,
    carried: dict[str, int],
    rows: list[dict[str, Any]],
    cells: dict[tuple[str, str], int],
    metrics: list[str],
) -> str:
    parts = [f"Dot matrix of articles by metric. {title}. {subtitle}."]
    parts.append("Articles per metric: " + ", ".join(f"{m} {carried[m]}" for m in metrics) + ".")
    empty = [r["article_id"] for r in rows if not any(cells.get((r["article_id"], m)) for m in metrics)]
    if empty:
        parts.append(f"{len(empty)} article(s) carried no reported figure.")
    return " ".join(parts)


__all__ = ["MUTED", "SLUG", "coverage_table", "draw_coverage"]
