"""Timeline of one metric in one place: how each source's figure moved, by publication date.

One step line per source (a running total holds until the next report), points for every
article that carried a figure, bounds drawn (an "at least" figure is an upward triangle with a
tick, a range a band), figures copied from an earlier article hollow, and revisions and scope
changes labelled on the chart. A source's count from another start date is the same colour,
dashed, so that a lower line reads as a different count and not as a fall.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from tracker.chart.style import (
    INK,
    MUTED,
    ChartInfo,
    colour,
    date_axis,
    frame,
    house_style,
    key_line,
    new_figure,
    noun,
    save,
    short,
    source_line,
    thousands,
    wrap,
)
from tracker.compare.series import fmt_date, fmt_figure, scope_phrase

CSV_COLUMNS = (
    "published",
    "source_norm",
    "series_id",
    "period_start",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "on_line",
    "marker",
    "flags",
    "article_id",
    "outlet",
    "claim_id",
)
MAX_ANNOTATIONS = 3
#: Sources drawn in colour with a direct label; any others are drawn grey, unlabelled.
MAX_LABELLED = 4
OTHER = "#9E9E9E"
#: Height of one line of a direct label (7.5 pt type, 1.2 leading) in inches.
LABEL_LINE_IN = 7.5 * 1.25 / 72


def _marker(r: dict[str, Any]) -> str:
    """Marker shape by what the wording bounds: ^ lower bound only, v upper bound only, o else."""
    q = r["qualifier"]
    if q in ("at_least", "more_than"):
        return "^"
    if q in ("nearly", "up_to", "fewer_than"):
        return "v"
    return "o"


def _has(r: dict[str, Any], flag: str) -> bool:
    return flag in (r["flags"] or "").split(";")


def timeline_slug(group_id: str) -> str:
    """Stable file name stem of a group's timeline."""
    return f"timeline-{group_id}"


def draw_timeline(table: pl.DataFrame, group_id: str, out_dir: Path) -> ChartInfo:
    """Draw the timeline of one group (metric, place, population, scope) into ``out_dir``.

    Skipped, with the reason, when fewer than two dated figures exist: one point is not a
    trend, and undated figures cannot be placed in time (they are never put at 1970).
    """
    slug = timeline_slug(group_id)
    g = table.filter(pl.col("group_id") == group_id)
    dated = g.filter(pl.col("published").is_not_null()).sort(["published", "article_id", "claim_id"])
    n_undated = g.height - dated.height
    if dated.height < 2:
        why = f"{dated.height} dated figure(s)"
        if n_undated:
            why += f" and {n_undated} undated"
        return ChartInfo(
            "timeline", slug, group_id, skipped=f"timeline {group_id}: {why}; needs 2 dated figures"
        )

    rows = dated.to_dicts()
    first = rows[0]
    what = noun(first["metric"], first["subject_group"], first["unit"])
    place = first["place"]
    scope = first["scope"]
    starts = Counter(r["period_start"] for r in rows)
    main_start = sorted(starts.items(), key=lambda kv: (-kv[1], kv[0] or dt.date.max))[0][0]

    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_source[r["source_norm"]].append(r)
    order = sorted(by_source, key=lambda s: (-len(by_source[s]), s))
    # The most-covered sources get a colour and a direct label; the rest stay grey context.
    col = {s: colour(i) if i < MAX_LABELLED else OTHER for i, s in enumerate(order)}
    n_grey = max(len(order) - MAX_LABELLED, 0)

    finite = [v for r in rows for v in (r["value"], r["value_low"], r["value_high"]) if v is not None]
    top = max(finite) if finite else 1.0
    top = top * 1.15 if top > 0 else 1.0
    tick = top * 0.05

    csv_rows: list[dict[str, Any]] = []
    ends: list[tuple[float, str, str, str]] = []  # (y, text, colour, source) for direct labels
    notes: list[tuple[dict[str, Any], str]] = []
    used_markers: set[str] = set()
    dashed = False
    with house_style():
        fig, ax = new_figure()
        for s in order:
            lines: dict[dt.date | None, list[dict[str, Any]]] = defaultdict(list)
            for r in by_source[s]:
                lines[r["period_start"]].append(r)
            starts_here = sorted(lines, key=lambda d: (d != main_start, -len(lines[d]), d or dt.date.max))
            for start in starts_here:
                pts = lines[start]
                style = "-" if start == main_start else "--"
                # The line follows the source's current figure: the highest non-stale one per day.
                per_day: dict[dt.date, float] = {}
                for r in pts:
                    if not _has(r, "stale"):
                        per_day[r["published"]] = max(per_day.get(r["published"], -math.inf), r["value"])
                days = sorted(per_day)
                if len(days) >= 2:
                    dashed |= style == "--"
                    ax.step(
                        np.array(days, dtype="datetime64[D]"),
                        [per_day[d] for d in days],
                        where="post",
                        color=col[s],
                        lw=1.6,
                        ls=style,
                        zorder=2,
                    )
                for r in pts:
                    m = _marker(r)
                    copied = _has(r, "copied")
                    stale = _has(r, "stale")
                    if stale:
                        used_markers.add("stale")
                    used_markers.add("copied" if copied else m)
                    x = r["published"]
                    lo, hi = r["value_low"], r["value_high"]
                    if lo is not None and hi is not None and hi > lo:
                        ax.vlines(x, lo, hi, color=col[s], lw=5, alpha=0.25, zorder=1)
                        used_markers.add("band")
                    if m == "^":
                        ax.vlines(x, r["value"], r["value"] + tick, color=col[s], lw=1.2, zorder=3)
                    ax.plot(
                        [x],
                        [r["value"]],
                        marker=m,
                        ms=6,
                        mew=1.3,
                        color=col[s],
                        mfc="white" if copied else col[s],
                        alpha=0.4 if stale else 1.0,
                        ls="none",
                        zorder=4,
                    )
                    if _has(r, "revised_down"):
                        notes.append((r, "revised down"))
                    if _has(r, "scope_change"):
                        notes.append((r, f"scope change: counts from {fmt_date(r['period_start'])}"))
                    csv_rows.append(
                        {
                            **{k: r[k] for k in CSV_COLUMNS if k in r},
                            "on_line": r["published"] in per_day and per_day[r["published"]] == r["value"],
                            "marker": ("hollow " if copied else "filled ")
                            + {"^": "up", "v": "down", "o": "circle"}[m],
                        }
                    )
                current = [r for r in pts if not _has(r, "stale")] or pts
                last = current[-1]
                label = wrap(short(s, 34), 17)
                if start != main_start:
                    label += "\n" + (f"since {fmt_date(start)}" if start else "start not stated")
                figure = fmt_figure(last["value"], last["qualifier"])
                # One label per source: its main-start line, else its best-covered line.
                if col[s] != OTHER and start == starts_here[0]:
                    ends.append((last["value"], f"{label}\n{figure}", col[s], s))

        ax.set_ylim(0, top)
        x0, x1 = rows[0]["published"], rows[-1]["published"]
        span = max((x1 - x0).days, 1)
        pad = dt.timedelta(days=max(1, round(span * 0.04)))
        ax.set_xlim(x0 - pad, x1 + pad)
        date_axis(ax, span)
        thousands(ax)

        title = _finding(rows, by_source, what, place, main_start)
        subtitle = (
            f"Number of {what} in {place}, {scope_phrase(scope, main_start)}, "
            f"by date of publication, {fmt_date(x0)} to {fmt_date(x1)}"
        )
        if n_undated:
            subtitle += f". {n_undated} undated figure(s) not shown"
        key = _key(used_markers, dashed)
        if n_grey:
            key = (
                key_line([key, f"grey: {n_grey} other source(s)"])
                if key
                else f"grey: {n_grey} other source(s)"
            )
        outlets = sorted({r["outlet"] for r in rows if r["outlet"]})
        src = source_line(order, outlets)
        frame(fig, ax, title=title, subtitle=subtitle, source=src, key=key, left_in=0.7, right_in=1.45)
        # Labels go on after the frame: their spacing depends on the axes' final height.
        _annotate(ax, notes, top, x0 + (x1 - x0) / 2)
        _direct_labels(ax, ends, top, fig.get_size_inches()[1] * ax.get_position().height)
        alt = _alt(
            title=title, subtitle=subtitle, order=order, by_source=by_source, notes=notes, n_undated=n_undated
        )
        files = save(fig, out_dir / slug, title=title, alt=alt)

    csv = out_dir / f"{slug}.csv"
    pl.DataFrame(csv_rows).select([c for c in CSV_COLUMNS if c in csv_rows[0]]).write_csv(csv)
    return ChartInfo("timeline", slug, title, alt, (*files, csv))


def _finding(
    rows: list[dict[str, Any]],
    by_source: dict[str, list[dict[str, Any]]],
    what: str,
    place: str,
    main_start: dt.date | None,
) -> str:
    """A title that states what the chart shows, not what it is."""
    revised = [r for r in rows if _has(r, "revised_down")]
    if revised:
        r = revised[-1]
        down_to = fmt_figure(r["value"], None)
        return f"{r['source_norm']} revised its count of {what} in {place} down to {down_to}"
    ranked = sorted(by_source, key=lambda s: (-len(by_source[s]), s))
    last_day: dt.date = rows[-1]["published"]
    latest: dict[str, dict[str, Any]] = {}
    for s in ranked[:MAX_LABELLED]:
        main = [p for p in by_source[s] if p["period_start"] == main_start and not _has(p, "stale")]
        # Only counts still current at the end of the chart are compared (within a week).
        if main and (last_day - main[-1]["published"]).days <= 7:
            latest[s] = main[-1]
    if len(latest) >= 2:
        vals = sorted(r["value"] for r in latest.values())
        if vals[0] < vals[-1] * 0.9:
            span = f"{fmt_figure(vals[0], None)} to {fmt_figure(vals[-1], None)}"
            return f"Sources differ on {what} in {place}: latest counts run from {span}"
    main_src = ranked[0]
    pts = [p for p in by_source[main_src] if p["period_start"] == main_start and not _has(p, "stale")]
    pts = pts or by_source[main_src]
    a, b = pts[0], pts[-1]
    verb = "rose" if b["value"] > a["value"] else "fell" if b["value"] < a["value"] else "held"
    if verb == "held":
        return f"{main_src}: {what} in {place} held at {fmt_figure(b['value'], b['qualifier'])}"
    return (
        f"{main_src}: {what} in {place} {verb} from {fmt_figure(a['value'], None)} "
        f"to {fmt_figure(b['value'], b['qualifier'])}"
    )


def _key(used: set[str], dashed: bool) -> str:
    parts = []
    if "o" in used:
        parts.append("● figure as reported")
    if "^" in used:
        parts.append("▲ 'at least' / 'more than' (tick: could be higher)")
    if "v" in used:
        parts.append("▼ 'nearly' / 'up to'")
    if "band" in used:
        parts.append("shaded bar: range the wording allows")
    if "copied" in used:
        parts.append("○ hollow: copied from an earlier article")
    if "stale" in used:
        parts.append("faded: stale (a newer count was already out)")
    if dashed:
        parts.append("dashed: count from another start date")
    return key_line(parts)


def _annotate(ax: Any, notes: list[tuple[dict[str, Any], str]], top: float, mid: dt.date) -> None:
    """Label revisions and scope changes next to their points, text away from the edges."""
    unique: list[tuple[dict[str, Any], str]] = []
    for r, label in notes:
        if all(label != u for _, u in unique):
            unique.append((r, label))
    for i, (r, label) in enumerate(unique[:MAX_ANNOTATIONS]):
        dy = (-1 if r["value"] > 0.3 * top else 1) * (16 + 11 * i)
        right_half = r["published"] > mid
        ax.annotate(
            label,
            xy=(r["published"], r["value"]),
            xytext=(-6 if right_half else 6, dy),
            textcoords="offset points",
            ha="right" if right_half else "left",
            va="center",
            fontsize=7.5,
            color=INK,
            arrowprops={"arrowstyle": "-", "color": MUTED, "lw": 0.7},
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            zorder=5,
        )


def _direct_labels(ax: Any, ends: list[tuple[float, str, str, str]], top: float, axes_h_in: float) -> None:
    """Source names at the right of the plot, nudged apart so they never overlap.

    Each label is a few lines of 7.5 pt text; the vertical room it needs is converted from
    inches to data units with the axes' height.
    """
    per_line = top * LABEL_LINE_IN / max(axes_h_in, 0.5)
    items = sorted(ends, key=lambda e: (e[0], e[3]))
    placed: list[float] = []
    prev_lines = 0
    for y, text, *_ in items:
        lines = text.count("\n") + 1
        gap = per_line * (prev_lines + lines) / 2 + per_line * 0.3
        placed.append(max(y, placed[-1] + gap) if placed else y)
        prev_lines = lines
    excess = placed[-1] - top * 0.97 if placed else 0.0
    if excess > 0:
        placed = [p - excess for p in placed]
    for (y, text, c, _s), pos in zip(items, placed, strict=True):
        ax.annotate(
            text,
            xy=(1.0, y),
            xycoords=("axes fraction", "data"),
            xytext=(1.02, pos),
            textcoords=("axes fraction", "data"),
            ha="left",
            va="center",
            fontsize=7.5,
            color=c,
            fontweight="bold",
            linespacing=1.1,
            annotation_clip=False,
        )


def _alt(
    *,
    title: str,
    subtitle: str,
    order: list[str],
    by_source: dict[str, list[dict[str, Any]]],
    notes: list[tuple[dict[str, Any], str]],
    n_undated: int,
) -> str:
    """Alt text: what the chart is, its finding, and every line's first and last figure."""
    parts = [f"Step-line chart. {title}. {subtitle}."]
    for s in order:
        pts = by_source[s]
        a = pts[0]
        b = ([p for p in pts if not _has(p, "stale")] or pts)[-1]
        first = f"{fmt_figure(a['value'], a['qualifier'])} on {fmt_date(a['published'])}"
        last = f"{fmt_figure(b['value'], b['qualifier'])} on {fmt_date(b['published'])}"
        parts.append(f"{s}: {len(pts)} figure(s), from {first} to {last}.")
    for r, label in notes:
        parts.append(
            f"Marked {label}: {fmt_figure(r['value'], r['qualifier'])} from {r['source_norm']}"
            f" on {fmt_date(r['published'])}."
        )
    n_copied = sum(_has(r, "copied") for pts in by_source.values() for r in pts)
    if n_copied:
        parts.append(f"{n_copied} figure(s) copied from an earlier article are drawn hollow.")
    if n_undated:
        parts.append(f"{n_undated} undated figure(s) are not shown.")
    return " ".join(parts)
