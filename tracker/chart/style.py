"""House style for every chart: palette, fonts, numbers, title block, source line, saving.

Newsroom conventions kept in one place so the three chart kinds look like one family: a title
that states the finding, a subtitle with unit and scope, a source line at the bottom, thousands
separators, no box, no legend where direct labels fit, and the Okabe-Ito palette (safe for the
common colour-vision deficiencies).

Determinism: the same input must give byte-identical SVG, so charts are drawn inside
:func:`house_style` (fixed font, ``svg.hashsalt``, text as paths) and saved by :func:`save`,
which drops the SVG date and writes alt text into both files.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from tracker.compare.series import fmt_number

#: Okabe & Ito (2008), in the order lines get them; yellow is left out (too light on white).
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
INK = "#222222"
MUTED = "#666666"
GRID = "#DDDDDD"
FONT = "DejaVu Sans"
WIDTH_IN = 6.4
HEIGHT_IN = 4.0
PNG_DPI = 150
SVG_SALT = "tracker"

# Typed as Any: matplotlib stubs only accept a Literal-keyed dict.
_RC: Any = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": 9,
    "axes.titlesize": 12,
    "axes.labelcolor": MUTED,
    "axes.edgecolor": MUTED,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": SVG_SALT,
    "svg.fonttype": "path",
    "path.simplify": True,
}


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the house rcParams for the duration of a drawing (global state is restored)."""
    with mpl.rc_context(_RC):
        yield


def colour(i: int) -> str:
    """The i-th palette colour, cycling."""
    return PALETTE[i % len(PALETTE)]


def thousands(ax: Axes, axis: str = "y") -> None:
    """Label an axis with thousands separators and at most six whole-number ticks."""
    fmt = FuncFormatter(lambda x, _pos: fmt_number(round(x, 1)))
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(fmt)
    target.set_major_locator(MaxNLocator(nbins=6, integer=True, min_n_ticks=3))


def date_axis(ax: Axes, span_days: int) -> None:
    """Newsroom dates on the x axis: "8 Oct" for spans under four months, "Oct 2024" above."""
    loc = mdates.AutoDateLocator(minticks=3, maxticks=6)  # type: ignore[no-untyped-call]
    short_span = span_days <= 120

    def label(x: float, _pos: int | None) -> str:
        d = mdates.num2date(x)  # type: ignore[no-untyped-call]
        return f"{d.day} {d:%b}" if short_span else f"{d:%b %Y}"

    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(FuncFormatter(label))


def key_line(items: Sequence[str]) -> str:
    """A marker key whose items never break across lines (spaces inside an item are kept)."""
    return "    ".join(i.replace(" ", "\u00a0") for i in items)


def wrap(text: str, width: int) -> str:
    """Wrap a line for a figure text block (titles, subtitles, source lines)."""
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=True)) if text else ""


def short(text: str, n: int) -> str:
    """Cut a label to n characters with an ellipsis."""
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def new_figure(height: float = HEIGHT_IN) -> tuple[Figure, Axes]:
    """A figure of the house width with one axes (positioned later by :func:`frame`)."""
    fig = plt.figure(figsize=(WIDTH_IN, height))
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    return fig, ax


def frame(
    fig: Figure,
    ax: Axes,
    *,
    title: str,
    subtitle: str,
    source: str,
    key: str = "",
    left_in: float = 0.75,
    right_in: float = 0.3,
    top_extra_in: float = 0.0,
) -> None:
    """Title block above, source line below, and the axes placed in between.

    Margins are in inches so that the text block keeps its size whatever the figure height.
    """
    w, h = fig.get_size_inches()
    title_txt = wrap(title, 62)
    sub_txt = wrap(subtitle, 92)
    key_txt = wrap(key, 100)
    src_txt = wrap(source, 110)
    n_title = title_txt.count("\n") + 1
    n_sub = sub_txt.count("\n") + 1 if sub_txt else 0
    n_key = key_txt.count("\n") + 1 if key_txt else 0
    n_src = src_txt.count("\n") + 1
    y = h - 0.12
    pad = 0.18
    fig.text(pad / w, y / h, title_txt, ha="left", va="top", fontsize=11.5, fontweight="bold", color=INK)
    y -= n_title * 0.21 + 0.04
    if sub_txt:
        fig.text(pad / w, y / h, sub_txt, ha="left", va="top", fontsize=8.5, color=MUTED)
        y -= n_sub * 0.15 + 0.02
    if key_txt:
        fig.text(pad / w, y / h, key_txt, ha="left", va="top", fontsize=7.5, color=MUTED)
        y -= n_key * 0.14
    top_in = h - y + 0.15 + top_extra_in
    fig.text(pad / w, 0.08 / h, src_txt, ha="left", va="bottom", fontsize=7, color=MUTED)
    bottom_in = 0.08 + n_src * 0.13 + 0.42
    ax.set_position((left_in / w, bottom_in / h, 1 - (left_in + right_in) / w, 1 - (top_in + bottom_in) / h))
    ax.tick_params(length=0, pad=4)


def source_line(sources: Sequence[str], outlets: Sequence[str], limit: int = 4) -> str:
    """ "Source: figures from A, B; carried by X, Y and 3 more. Chart: tracker." """

    def names(items: Sequence[str]) -> str:
        items = sorted(set(items))
        shown = ", ".join(items[:limit])
        return f"{shown} and {len(items) - limit} more" if len(items) > limit else shown

    parts = []
    if sources:
        parts.append(f"figures from {names(sources)}")
    if outlets:
        parts.append(f"as reported by {names(outlets)}")
    body = "; ".join(parts) if parts else "no sources"
    return f"Source: {body}. Chart: tracker."


def save(fig: Figure, base: Path, *, title: str, alt: str) -> list[Path]:
    """Write ``base``.png and ``base``.svg with the title and alt text embedded.

    PNG: tEXt/iTXt chunks "Title" and "Description" (no "Software" stamp). SVG: matplotlib's
    <title> and Dublin Core description, plus a <desc> element right after <title> that screen
    readers use; the date stamp is removed so that reruns are byte-identical.
    """
    base.parent.mkdir(parents=True, exist_ok=True)
    png = base.with_suffix(".png")
    svg = base.with_suffix(".svg")
    fig.savefig(png, dpi=PNG_DPI, metadata={"Title": title, "Description": alt, "Software": None})
    fig.savefig(svg, metadata={"Title": title, "Description": alt, "Date": None, "Creator": "tracker"})
    plt.close(fig)
    text = svg.read_text(encoding="utf-8")
    marker = "</title>"
    at = text.find(marker)
    if at >= 0:
        at += len(marker)
        text = f"{text[:at]}\n <desc>{escape(alt)}</desc>{text[at:]}"
        svg.write_text(text, encoding="utf-8")
    return [png, svg]


_NOUN = {
    "killed": "killed",
    "injured": "injured",
    "casualties": "casualties",
    "displaced": "displaced",
    "projectiles": "projectiles fired",
    "detained": "detained",
    "abducted": "abducted or held hostage",
    "missing": "missing",
}


def noun(metric: str, subject_group: str, unit: str) -> str:
    """What a figure counts, for titles: "people killed", "children killed", "projectiles fired"."""
    if metric == "projectiles":
        return "projectiles fired"
    if metric == "casualties":
        return "casualties" if subject_group == "people" else f"casualties among {subject_group}"
    who = "households" if unit == "households" else subject_group
    return f"{who} {_NOUN.get(metric, metric)}"


@dataclass(frozen=True, slots=True)
class ChartInfo:
    """One chart written (files set) or skipped (``skipped`` holds the one-line reason)."""

    kind: str
    slug: str
    title: str
    alt: str = ""
    files: tuple[Path, ...] = ()
    skipped: str | None = None

    @property
    def drawn(self) -> bool:
        """True when the chart's PNG, SVG and CSV were written."""
        return self.skipped is None
