"""An inline SVG timeline of one series whose points are links to their claims.

Why not the PNG/SVG files of :mod:`tracker.chart`: those are pictures; here every point must be
one click (or one Tab and Enter) from the sentence it came from, so each point is an ``<a>``
around a circle carrying ``data-claim-id``. Drawn with presentation attributes only (no inline
``style``), so the page's Content-Security-Policy can forbid inline styles.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.report.html import Html, el, join
from tracker.report.words import fmt_date, fmt_number

__all__ = ["Point", "timeline_svg"]

W, H = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 78, 20, 18, 46
#: Colours for sources, colour-blind safe (Okabe-Ito), then grey for the rest.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C6D1F")
OTHER = "#888888"


@dataclass(frozen=True, slots=True)
class Point:
    """One dated claim of the series."""

    claim_id: str
    date: dt.date
    value: float
    low: float | None
    high: float | None
    qualifier: str
    source: str
    href: str
    label: str  # what the tooltip and screen reader say: "at least 2,350, Reuters, 1 Oct 2024"


def _nice_step(span: float, n: int = 5) -> float:
    raw = span / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _date_ticks(d0: dt.date, d1: dt.date) -> list[dt.date]:
    days = (d1 - d0).days
    if days <= 10:
        return [d0 + dt.timedelta(days=i) for i in range(0, days + 1, max(1, days // 5 or 1))]
    if days <= 120:
        step = max(7, days // 5)
        return [d0 + dt.timedelta(days=i) for i in range(0, days + 1, step)]
    ticks: list[dt.date] = []
    months = (d1.year - d0.year) * 12 + d1.month - d0.month
    every = max(1, math.ceil(months / 6))
    y, m = d0.year, d0.month
    while (y, m) <= (d1.year, d1.month):
        d = dt.date(y, m, 1)
        if d0 <= d <= d1 and ((y * 12 + m) % every == 0):
            ticks.append(d)
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return ticks or [d0, d1]


def _tick_label(d: dt.date, days: int) -> str:
    return fmt_date(d) if days <= 120 else f"{d.strftime('%b')} {d.year}"


def timeline_svg(points: Sequence[Point], title: str, alt: str) -> Html:
    """The chart as an ``<svg>`` element (empty string when there is nothing to plot).

    Points of one source are joined by a thin line in date order; a bar shows the bounds the
    wording allows where both are known, and a small arrow shows an open end ("at least" points
    up, "nearly"/"up to" down).
    """
    if not points:
        return Html("")
    pts = sorted(points, key=lambda p: (p.date, p.source, p.claim_id))
    d0, d1 = pts[0].date, pts[-1].date
    if d0 == d1:
        d0, d1 = d0 - dt.timedelta(days=1), d1 + dt.timedelta(days=1)
    days = (d1 - d0).days
    tops = [max(p.value, p.high if p.high is not None and math.isfinite(p.high) else 0) for p in pts]
    ymax = max(tops) or 1.0
    step = _nice_step(ymax * 1.08)
    ymax = step * math.ceil(ymax * 1.08 / step)
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(d: dt.date) -> float:
        return round(LEFT + pw * (d - d0).days / days, 1)

    def y(v: float) -> float:
        return round(TOP + ph * (1 - min(max(v, 0.0), ymax) / ymax), 1)

    sources = sorted({p.source for p in pts}, key=lambda s: (-sum(p.source == s for p in pts), s))
    colour = {s: PALETTE[i] if i < len(PALETTE) else OTHER for i, s in enumerate(sources)}

    parts: list[Html] = [el("title", {"id": "chart-title"}, title), el("desc", {"id": "chart-desc"}, alt)]
    grid: list[Html] = []
    v = 0.0
    while v <= ymax + 1e-9:
        grid.append(el("line", {"x1": LEFT, "x2": W - RIGHT, "y1": y(v), "y2": y(v), "class": "grid"}))
        grid.append(el("text", {"x": LEFT - 6, "y": y(v) + 4, "text-anchor": "end", "class": "tick"}, fmt_number(v)))
        v += step
    for d in _date_ticks(d0, d1):
        grid.append(el("line", {"x1": x(d), "x2": x(d), "y1": TOP + ph, "y2": TOP + ph + 5, "class": "axis"}))
        grid.append(
            el(
                "text",
                {"x": x(d), "y": TOP + ph + 20, "text-anchor": "middle", "class": "tick"},
                _tick_label(d, days),
            )
        )
    grid.append(el("line", {"x1": LEFT, "x2": W - RIGHT, "y1": TOP + ph, "y2": TOP + ph, "class": "axis"}))
    parts.append(el("g", {"aria-hidden": "true"}, grid))

    # Figures of the same day are spread a few pixels apart so that each stays clickable.
    same_day: dict[dt.date, list[str]] = {}
    for p in pts:
        same_day.setdefault(p.date, []).append(p.claim_id)
    nudge = {cid: (i - (len(ids) - 1) / 2) * 7 for ids in same_day.values() for i, cid in enumerate(ids)}
    lines: list[Html] = []
    for s in sources:
        mine = [p for p in pts if p.source == s]
        if len(mine) > 1:
            coords = " ".join(f"{round(x(p.date) + nudge[p.claim_id], 1)},{y(p.value)}" for p in mine)
            lines.append(
                el(
                    "polyline",
                    {
                        "points": coords,
                        "fill": "none",
                        "stroke": colour[s],
                        "stroke-width": 1.2,
                        "stroke-opacity": 0.55,
                    },
                )
            )
    parts.append(el("g", {"aria-hidden": "true"}, lines))

    marks: list[Html] = []
    hits: list[Html] = []
    for p in pts:
        cx, cy = round(x(p.date) + nudge[p.claim_id], 1), y(p.value)
        c = colour[p.source]
        bits: list[Html] = []
        if p.low is not None and p.high is not None and p.high > p.low and math.isfinite(p.high):
            bits.append(
                el(
                    "line",
                    {
                        "x1": cx,
                        "x2": cx,
                        "y1": y(p.low),
                        "y2": y(p.high),
                        "stroke": c,
                        "stroke-width": 2,
                        "stroke-opacity": 0.6,
                    },
                )
            )
        if p.qualifier in ("at_least", "more_than"):
            bits.append(
                el(
                    "path",
                    {
                        "d": f"M{cx - 4},{cy - 9} L{cx},{cy - 15} L{cx + 4},{cy - 9}",
                        "fill": "none",
                        "stroke": c,
                        "stroke-width": 1.5,
                    },
                )
            )
        elif p.qualifier in ("nearly", "up_to", "fewer_than"):
            bits.append(
                el(
                    "path",
                    {
                        "d": f"M{cx - 4},{cy + 9} L{cx},{cy + 15} L{cx + 4},{cy + 9}",
                        "fill": "none",
                        "stroke": c,
                        "stroke-width": 1.5,
                    },
                )
            )
        # A larger transparent circle in a layer below all points: a target a finger can hit on a
        # phone that never covers a neighbouring point. Hidden from keyboard and screen readers,
        # which use the point's own link.
        hits.append(
            el(
                "a",
                {"href": p.href, "tabindex": "-1", "aria-hidden": "true", "data-hit-for": p.claim_id},
                el("circle", {"cx": cx, "cy": cy, "r": 14, "fill": "transparent"}),
            )
        )
        bits.append(el("circle", {"cx": cx, "cy": cy, "r": 6, "fill": c, "stroke": "#ffffff", "stroke-width": 1.5}))
        bits.append(el("title", None, p.label))
        marks.append(
            el(
                "a",
                {
                    "href": p.href,
                    "class": "point",
                    "data-claim-id": p.claim_id,
                    "data-role": "point",
                    "aria-label": p.label,
                },
                bits,
            )
        )
    parts.append(el("g", {"class": "hits"}, hits))
    parts.append(el("g", {"class": "points"}, marks))

    svg = el(
        "svg",
        {
            "class": "timeline",
            "viewBox": f"0 0 {W} {H}",
            "xmlns": "http://www.w3.org/2000/svg",
            "role": "group",
            "aria-labelledby": "chart-title chart-desc",
            "aria-label": alt,
        },
        parts,
    )
    legend = el(
        "ul",
        {"class": "legend", "aria-label": "Sources"},
        [
            el(
                "li",
                None,
                el("span", {"class": f"swatch sw{i}" if i < len(PALETTE) else "swatch sw-other"}),
                s,
            )
            for i, s in enumerate(sources)
        ],
    )
    # The scroller keeps the chart legible on a phone (it scrolls sideways instead of shrinking).
    return join(el("div", {"class": "chart-scroll"}, svg), legend)
