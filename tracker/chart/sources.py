"""Source comparison: the latest figure each source gave for one series, as bars with bounds.

Horizontal bars so that source names read without rotation; the bar ends at the figure as
worded, an "at least" figure carries an arrow to say it could be higher, and a range or vague
figure shows the interval its wording allows as a whisker.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import polars as pl

from tracker.chart.style import (
    INK,
    MUTED,
    ChartInfo,
    colour,
    frame,
    house_style,
    key_line,
    new_figure,
    noun,
    save,
    short,
    source_line,
)
from tracker.compare.series import fmt_date, fmt_figure, scope_phrase

CSV_COLUMNS = (
    "source_norm",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "published",
    "article_id",
    "outlet",
    "claim_id",
    "series_id",
)


def sources_slug(series_id: str) -> str:
    """Stable file name stem of a series' source comparison."""
    return f"sources-{series_id}"


def latest_by_source(table: pl.DataFrame, series_id: str) -> pl.DataFrame:
    """Each source's latest dated, non-stale figure in the series (ties: the higher figure)."""
    g = table.filter(
        (pl.col("series_id") == series_id)
        & pl.col("published").is_not_null()
        & ~pl.col("flags").fill_null("").str.contains("stale")
    )
    if g.is_empty():
        return g
    g = g.sort(["source_norm", "published", "value", "article_id", "claim_id"])
    return (
        g.group_by("source_norm", maintain_order=True)
        .last()
        .sort(["value", "source_norm"], descending=[True, False])
    )


def draw_sources(table: pl.DataFrame, series_id: str, out_dir: Path) -> ChartInfo:
    """Draw the source comparison of one series; skipped when no source has a dated figure."""
    slug = sources_slug(series_id)
    latest = latest_by_source(table, series_id)
    if latest.is_empty():
        return ChartInfo("sources", slug, series_id, skipped=f"sources {series_id}: no dated figure")
    rows = latest.to_dicts()
    first = rows[0]
    what = noun(first["metric"], first["subject_group"], first["unit"])
    place = first["place"]
    n = len(rows)
    height = min(2.2 + 0.42 * n, 7.5)
    ends = [v for r in rows for v in (r["value"], r["value_high"]) if v is not None and not math.isinf(v)]
    right = max(ends) * 1.35 if ends and max(ends) > 0 else 1.0

    with house_style():
        fig, ax = new_figure(height)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ys = list(range(n))[::-1]
        for r, y in zip(rows, ys, strict=True):
            ax.barh(y, r["value"], height=0.6, color=colour(0), zorder=2)
            lo, hi = r["value_low"], r["value_high"]
            if r["qualifier"] in ("at_least", "more_than"):
                ax.annotate(
                    "",
                    xy=(r["value"] + right * 0.06, y),
                    xytext=(r["value"], y),
                    arrowprops={"arrowstyle": "->", "color": INK, "lw": 1.0},
                    zorder=3,
                )
            elif lo is not None and hi is not None and hi > lo:
                ax.errorbar(
                    r["value"],
                    y,
                    xerr=[[r["value"] - lo], [hi - r["value"]]],
                    fmt="none",
                    ecolor=INK,
                    elinewidth=1,
                    capsize=3,
                    zorder=3,
                )
            beyond = r["value"] + right * 0.07 if r["qualifier"] in ("at_least", "more_than") else r["value"]
            if hi is not None and not math.isinf(hi):
                beyond = max(beyond, hi)
            ax.text(
                beyond + right * 0.015,
                y,
                fmt_figure(r["value"], r["qualifier"], lo, hi),
                va="center",
                ha="left",
                fontsize=8,
                color=INK,
            )
        ax.set_yticks(ys, [f"{short(r['source_norm'], 28)}\n{fmt_date(r['published'])}" for r in rows])
        ax.tick_params(axis="y", labelsize=8.5, labelcolor=INK)
        ax.set_xlim(0, right)
        ax.set_ylim(-0.6, n - 0.4)
        ax.spines["left"].set_visible(False)
        # Every bar carries its number, so the x axis would only repeat them.
        ax.spines["bottom"].set_visible(False)
        ax.grid(False)
        ax.set_xticks([])
        ax.axvline(0, color=MUTED, lw=0.8, zorder=3)

        scope = scope_phrase(first["scope"], first["period_start"])
        title = _finding(rows, what, place)
        subtitle = f"Latest figure each source gave for {what} in {place}, {scope}, and its date"
        outlets = sorted({r["outlet"] for r in rows if r["outlet"]})
        src = source_line([r["source_norm"] for r in rows], outlets)
        key = _key(rows)
        frame(fig, ax, title=title, subtitle=subtitle, source=src, key=key, left_in=1.9, right_in=0.3)
        alt = _alt(title, subtitle, rows)
        files = save(fig, out_dir / slug, title=title, alt=alt)

    csv = out_dir / f"{slug}.csv"
    latest.select(list(CSV_COLUMNS)).write_csv(csv)
    return ChartInfo("sources", slug, title, alt, (*files, csv))


def _key(rows: list[dict[str, Any]]) -> str:
    parts = []
    if any(r["qualifier"] in ("at_least", "more_than") for r in rows):
        parts.append("→ 'at least' / 'more than': could be higher")
    if any(
        r["value_low"] is not None and r["value_high"] is not None and r["value_high"] > r["value_low"]
        for r in rows
    ):
        parts.append("|—| range the wording allows")
    return key_line(parts)


def _finding(rows: list[dict[str, Any]], what: str, place: str) -> str:
    top = rows[0]
    if len(rows) == 1:
        fig = fmt_figure(top["value"], top["qualifier"])
        return f"Only {top['source_norm']} gave a figure: {fig} {what} in {place}"
    low = rows[-1]
    if low["value"] < top["value"] * 0.9:
        span = f"{fmt_figure(low['value'], low['qualifier'])} to {fmt_figure(top['value'], top['qualifier'])}"
        return f"Sources differ on {what} in {place}: {span}"
    return f"{len(rows)} sources agree within 10 %: about {fmt_figure(top['value'], None)} {what} in {place}"


def _alt(title: str, subtitle: str, rows: list[dict[str, Any]]) -> str:
    parts = [f"Horizontal bar chart. {title}. {subtitle}."]
    for r in rows:
        parts.append(
            f"{r['source_norm']}: {fmt_figure(r['value'], r['qualifier'], r['value_low'], r['value_high'])}"
            f" ({r['outlet'] or 'outlet unknown'}, {fmt_date(r['published'])})."
        )
    return " ".join(parts)


__all__ = ["MUTED", "draw_sources", "latest_by_source", "sources_slug"]
