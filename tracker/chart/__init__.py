"""Charts of a comparison: timelines, a source comparison and a coverage matrix, with an index.

``draw_all(comparison, claims, articles, out_dir)`` writes every chart as PNG and SVG with the
CSV of exactly the data it shows, then ``index.md`` listing each chart with its alt text and
data file, and the charts it did not draw with the reason. Nothing here raises on thin data:
an empty table, a one-point series or undated articles give skipped entries, not errors.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tracker.chart.coverage import SLUG as COVERAGE_SLUG
from tracker.chart.coverage import draw_coverage
from tracker.chart.sources import draw_sources
from tracker.chart.style import ChartInfo
from tracker.chart.timeline import draw_timeline
from tracker.compare import Comparison

__all__ = ["MAX_TIMELINES", "ChartInfo", "draw_all", "is_chart_file", "write_index"]

#: Timelines drawn at most, most-covered groups first, so that ``figures/`` stays readable.
MAX_TIMELINES = 8
_OWN_PREFIXES = ("timeline-", "sources-", f"{COVERAGE_SLUG}.")
_OWN_SUFFIXES = (".png", ".svg", ".csv")


def _ranked_groups(table: pl.DataFrame) -> list[tuple[str, int]]:
    """Groups (metric, place, population, scope) by dated figures, then articles, then id."""
    if table.is_empty():
        return []
    stats = (
        table.group_by("group_id")
        .agg(
            pl.col("published").is_not_null().sum().alias("dated"),
            pl.col("article_id").n_unique().alias("articles"),
        )
        .sort(["dated", "articles", "group_id"], descending=[True, True, False])
    )
    return [(str(g), int(d)) for g, d in stats.select("group_id", "dated").iter_rows()]


def main_series(table: pl.DataFrame) -> str | None:
    """The series a source comparison is drawn for: most dated articles among those with two
    or more sources; failing that, the series with most dated articles."""
    dated = table.filter(pl.col("published").is_not_null())
    if dated.is_empty():
        return None
    stats = dated.group_by("series_id").agg(
        pl.col("article_id").n_unique().alias("articles"),
        pl.col("source_norm").n_unique().alias("sources"),
    )
    stats = stats.with_columns((pl.col("sources") >= 2).alias("multi"))
    best = stats.sort(["multi", "articles", "sources", "series_id"], descending=[True, True, True, False])
    return str(best["series_id"][0])


def _article_list(claims: pl.DataFrame | None, articles: pl.DataFrame | None) -> pl.DataFrame | None:
    """Articles from the article table plus any article id only the claims table knows."""
    frames: list[pl.DataFrame] = []
    if articles is not None and articles.height and "article_id" in articles.columns:
        cols = [c for c in ("article_id", "outlet", "published") if c in articles.columns]
        frames.append(articles.select(cols).with_columns(pl.all().cast(pl.String)))
    if claims is not None and claims.height and "article_id" in claims.columns:
        frames.append(claims.select(pl.col("article_id").cast(pl.String)).unique())
    if not frames:
        return None
    return pl.concat(frames, how="diagonal_relaxed").unique(
        subset="article_id", keep="first", maintain_order=True
    )


def draw_all(
    comparison: Comparison,
    claims: pl.DataFrame | None,
    articles: pl.DataFrame | None,
    out_dir: Path,
) -> list[ChartInfo]:
    """Write every chart and ``index.md`` into ``out_dir``; return what was drawn or skipped.

    Chart files from an earlier run that this run did not write are removed (only names this
    module produces: ``timeline-*``, ``sources-*``, ``coverage.*``), so the folder always
    matches its index.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    table = comparison.table
    infos: list[ChartInfo] = []
    ranked = _ranked_groups(table)
    if not ranked:
        infos.append(ChartInfo("timeline", "timeline", "timelines", skipped="timelines: no reported figures"))
    drawn = 0
    for group_id, n_dated in ranked:
        if n_dated >= 2 and drawn >= MAX_TIMELINES:
            infos.append(
                ChartInfo(
                    "timeline",
                    f"timeline-{group_id}",
                    group_id,
                    skipped=f"timeline {group_id}: not among the {MAX_TIMELINES} most-covered groups",
                )
            )
            continue
        info = draw_timeline(table, group_id, out_dir)
        drawn += info.drawn
        infos.append(info)

    sid = main_series(table)
    if sid is None:
        infos.append(
            ChartInfo("sources", "sources", "sources", skipped="sources: no dated figure in any series")
        )
    else:
        infos.append(draw_sources(table, sid, out_dir))

    infos.append(draw_coverage(table, _article_list(claims, articles), out_dir))
    _remove_stale_files(out_dir, infos)
    write_index(infos, out_dir, comparison)
    return infos


def is_chart_file(name: str) -> bool:
    """True for a file name this module writes (and removes when a later run no longer draws it).

    The CLI uses it to refuse an input table that a run would delete as a stale chart.
    """
    return name.startswith(_OWN_PREFIXES) and Path(name).suffix in _OWN_SUFFIXES


def _remove_stale_files(out_dir: Path, infos: list[ChartInfo]) -> None:
    keep = {p.name for i in infos for p in i.files}
    for p in sorted(out_dir.iterdir()):
        if p.is_file() and is_chart_file(p.name) and p.name not in keep:
            p.unlink()


def write_index(infos: list[ChartInfo], out_dir: Path, comparison: Comparison | None = None) -> Path:
    """Write ``index.md``: every chart with its alt text and files, then what was not drawn."""
    lines = ["# Figures", ""]
    drawn = [i for i in infos if i.drawn]
    lines.append(f"{len(drawn)} chart(s) drawn, {len(infos) - len(drawn)} not drawn.")
    lines.append("")
    for i in drawn:
        names = {p.suffix: p.name for p in i.files}
        lines += [
            f"## {i.title}",
            "",
            f"![{_md(i.alt)}]({names.get('.png', '')})",
            "",
            f"- Kind: {i.kind}",
            f"- Files: [SVG]({names.get('.svg', '')}), [PNG]({names.get('.png', '')})",
            f"- Data: [{names.get('.csv', '')}]({names.get('.csv', '')})",
            f"- Alt text: {_md(i.alt)}",
            "",
        ]
    skipped = [i for i in infos if not i.drawn]
    if skipped:
        lines += ["## Not drawn", ""]
        lines += [f"- {i.skipped}" for i in skipped]
        lines.append("")
    if comparison is not None and comparison.undated_articles.height:
        lines += ["## Undated articles (left off every timeline)", ""]
        for r in comparison.undated_articles.iter_rows(named=True):
            lines.append(f"- {r['article_id']} ({r['outlet'] or 'outlet unknown'}): {r['n_claims']} claim(s)")
        lines.append("")
    path = out_dir / "index.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _md(text: str) -> str:
    """Alt text safe inside Markdown image brackets and list items (no newlines, no ])."""
    return " ".join(text.split()).replace("[", "(").replace("]", ")")
