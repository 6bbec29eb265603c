"""Build the fact-checker's report: a static site where every figure is one click from its words.

``build_report(claims, articles, out_dir)`` writes ``index.html`` and, beside it::

    claims.html            every claim, with filters and a search box
    articles.html          every article
    disagreements.html     every flag, grouped, the two figures side by side
    series/<id>.html       a clickable timeline and the claims of one series
    claims/<id>.html       one claim: its sentence with the words highlighted, its article,
                           and the other articles that carried the same figure
    articles/<id>.html     the article body with every claim highlighted in place
    assets/report.css, assets/report.js

Why static and self-contained: fact-checkers open it offline from ``file://``, pass it around
as a folder and print it. All content is in the HTML (the page works without JavaScript);
report.js only adds filters, search and keyboard shortcuts. The Content-Security-Policy of
every page allows only these two files, so even a slip in escaping could not run a script
taken from an article.

Output is deterministic: the same tables and bodies give byte-identical files (no timestamps,
everything sorted).

Contract for tests: every element that stands for a claim carries ``data-claim-id`` and a
``data-role`` saying which place it is (``row``, ``point``, ``mark``, ``item``, ``quote``,
``flagged``, ``counterpart``, ``same-figure``); every article page has ``data-article-id`` on
its ``<main>``; every flag badge carries ``data-flag``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from tracker.compare import compare, plain_number, read_table
from tracker.ingest import iter_articles
from tracker.model import Article, make_claim_id
from tracker.pipeline import derived_path
from tracker.report.highlight import Span, boilerplate_spans, render_body
from tracker.report.html import Html, el, join, safe_url
from tracker.report.timeline import Point, timeline_svg
from tracker.report.words import (
    FLAG_LABELS,
    FLAG_ORDER,
    METRIC_ORDER,
    figure_words,
    flag_help,
    fmt_date,
    fmt_number,
    metric_class,
    metric_label,
    slug,
)

__all__ = ["MARKER", "ReportFolderError", "ReportResult", "build_report"]

SITE_TITLE = "Figures report"
CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)
_OWN_DIRS = ("series", "claims", "articles")
_OWN_PAGES = ("index.html", "claims.html", "articles.html", "disagreements.html")
_ASSETS = ("report.css", "report.js")
# Written into every report folder; a build cleans old pages only in a folder that carries it.
MARKER = ".tracker-report"
_MARKER_TEXT = (
    "This folder was written by `tracker report`. The next build into it replaces its pages\n"
    "(index.html, claims.html, articles.html, disagreements.html, assets/ and every *.html in\n"
    "articles/, claims/ and series/); files of other names are left alone.\n"
)
# The words each flag's detail starts with (tracker.compare.flags); used to split flag_detail.
_DETAIL_START = {
    "conflict": "conflicts with",
    "copied": "copied from",
    "revised_down": "revised down from",
    "scope_change": "scope change",
    "stale": "stale",
}


# --------------------------------------------------------------------------------------------
# The data the pages are made of


@dataclass(slots=True)
class ArticleView:
    """One article as the report shows it."""

    article_id: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    url: str | None
    path: str | None
    slug: str = ""
    found: bool = False  # the body was read again
    claim_ids: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.title or self.article_id


@dataclass(slots=True)
class ClaimView:
    """One claim with what the comparison and the body add to it."""

    claim_id: str
    article_id: str
    metric: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str
    subject: str | None
    location: str | None
    scope: str
    period_start: dt.date | None
    period_end: dt.date | None
    source: str | None
    source_kind: str | None
    via: str | None
    modality: str
    quote: str
    char_start: int | None
    char_end: int | None
    sentence: str
    slug: str = ""
    series_id: str | None = None
    source_norm: str | None = None
    flags: dict[str, str] = field(default_factory=dict)
    #: where the quote stands in ``sentence`` (found with the body when it could be read)
    in_sentence: tuple[int, int] | None = None
    #: the quote's offsets in the body as re-read; None when not found there
    in_body: tuple[int, int] | None = None

    @property
    def hypothetical(self) -> bool:
        return self.modality == "hypothetical"

    def figure(self) -> str:
        return figure_words(self.value, self.qualifier, self.low, self.high, self.unit)

    def source_shown(self) -> str:
        return self.source or "unattributed"

    def filter_source(self) -> str:
        return self.source_norm or self.source or "unattributed"


@dataclass(slots=True)
class Site:
    """Everything the pages need, indexed."""

    claims: dict[str, ClaimView]
    articles: dict[str, ArticleView]
    series: list[dict[str, Any]]  # summary rows, with "slug", "claim_ids"
    series_by_id: dict[str, dict[str, Any]]
    undated: list[str]


@dataclass(slots=True)
class ReportResult:
    """What :func:`build_report` wrote."""

    out_dir: Path
    index: Path
    n_claims: int
    n_articles: int
    n_series: int
    n_pages: int
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Reading the inputs


def _opt_str(x: Any) -> str | None:
    if x is None:
        return None
    if isinstance(x, float) and math.isnan(x):
        return None
    s = str(x)
    return s if s.strip() else None


def _opt_float(x: Any) -> float | None:
    if x is None or (isinstance(x, str) and not x.strip()):
        return None
    try:
        f = float(plain_number(x) if isinstance(x, str) else x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _opt_int(x: Any) -> int | None:
    f = _opt_float(x)
    return None if f is None or not math.isfinite(f) else int(f)


def _opt_date(x: Any) -> dt.date | None:
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    s = _opt_str(x)
    if s is None:
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def _read(table: Path | str | pl.DataFrame | None) -> pl.DataFrame:
    if table is None:
        return pl.DataFrame()
    if isinstance(table, pl.DataFrame):
        return table
    return read_table(Path(table))


def _articles_path(claims_path: Path) -> Path:
    return derived_path(claims_path, "articles")


def _claim_views(df: pl.DataFrame, warnings: list[str]) -> dict[str, ClaimView]:
    out: dict[str, ClaimView] = {}
    dupes = 0
    for r in df.iter_rows(named=True):
        aid = _opt_str(r.get("article_id")) or "(no article id)"
        cs, ce = _opt_int(r.get("char_start")), _opt_int(r.get("char_end"))
        metric = _opt_str(r.get("metric")) or "unknown"
        cid = _opt_str(r.get("claim_id")) or make_claim_id(aid, cs or 0, ce or 0, metric)
        if cid in out:
            dupes += 1
            continue
        out[cid] = ClaimView(
            claim_id=cid,
            article_id=aid,
            metric=metric,
            value=_opt_float(r.get("value")),
            low=_opt_float(r.get("value_low")),
            high=_opt_float(r.get("value_high")),
            qualifier=_opt_str(r.get("qualifier")) or "exact",
            unit=_opt_str(r.get("unit")) or "people",
            subject=_opt_str(r.get("subject")),
            location=_opt_str(r.get("location")),
            scope=_opt_str(r.get("scope")) or "unknown",
            period_start=_opt_date(r.get("period_start")),
            period_end=_opt_date(r.get("period_end")),
            source=_opt_str(r.get("source")),
            source_kind=_opt_str(r.get("source_kind")),
            via=_opt_str(r.get("via")),
            modality=_opt_str(r.get("modality")) or "reported",
            quote=_opt_str(r.get("quote")) or "",
            char_start=cs,
            char_end=ce,
            sentence=_opt_str(r.get("sentence")) or "",
        )
    if dupes:
        warnings.append(f"{dupes} claim row(s) repeat an earlier claim_id and were shown once")
    return out


def _article_views(df: pl.DataFrame, claims: dict[str, ClaimView]) -> dict[str, ArticleView]:
    out: dict[str, ArticleView] = {}
    for r in df.iter_rows(named=True) if df.height else []:
        aid = _opt_str(r.get("article_id"))
        if aid is None or aid in out:
            continue
        out[aid] = ArticleView(
            aid,
            _opt_str(r.get("title")),
            _opt_str(r.get("outlet")),
            _opt_date(r.get("published")),
            _opt_str(r.get("url")),
            _opt_str(r.get("path")),
        )
    for c in claims.values():
        if c.article_id not in out:
            out[c.article_id] = ArticleView(c.article_id, None, None, None, None, None)
    return out


def _split_details(flags: list[str], detail: str) -> dict[str, str]:
    """``flag_detail`` back into one detail per flag.

    The comparison joins the details with "; " in flag order, but a detail may itself hold
    "; ", so each flag's detail is cut where the next flag's known opening words begin.
    """
    out: dict[str, str] = {}
    rest = detail
    for i, f in enumerate(flags):
        nxt = flags[i + 1] if i + 1 < len(flags) else None
        cut = -1
        if nxt is not None and nxt in _DETAIL_START:
            cut = rest.find("; " + _DETAIL_START[nxt])
        if nxt is None:
            out[f] = rest.strip()
        elif cut >= 0:
            out[f] = rest[:cut].strip()
            rest = rest[cut + 2 :]
        else:  # unknown wording: give every flag the whole text rather than a wrong piece
            out[f] = detail.strip()
    return out


def _site(claims_df: pl.DataFrame, articles_df: pl.DataFrame, comparison: Any, warnings: list[str]) -> Site:
    claims = _claim_views(claims_df, warnings)
    articles = _article_views(articles_df, claims)
    taken: set[str] = set()
    for cid in sorted(claims):
        claims[cid].slug = slug(cid, taken)
    taken = set()
    for aid in sorted(articles):
        articles[aid].slug = slug(aid, taken)
    for c in sorted(claims.values(), key=lambda c: (c.char_start or 0, c.claim_id)):
        articles[c.article_id].claim_ids.append(c.claim_id)

    series: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    if comparison is not None and comparison.table.height:
        for r in comparison.table.iter_rows(named=True):
            placed = claims.get(str(r["claim_id"]))
            if placed is None:
                continue
            placed.series_id = r["series_id"]
            placed.source_norm = r.get("source_norm")
            names = [f for f in (r.get("flags") or "").split(";") if f]
            if names:
                placed.flags = _split_details(names, r.get("flag_detail") or "")
        members: dict[str, list[str]] = defaultdict(list)
        for r in comparison.table.iter_rows(named=True):
            if str(r["claim_id"]) in claims:
                members[r["series_id"]].append(str(r["claim_id"]))
        taken = set()
        for s in comparison.summary.iter_rows(named=True):
            sid = s["series_id"]
            if sid not in members or sid in by_id:
                continue
            row = {**s, "slug": slug(str(sid), taken), "claim_ids": members[sid]}
            series.append(row)
            by_id[sid] = row
    undated = sorted(a.article_id for a in articles.values() if a.published is None)
    return Site(claims, articles, series, by_id, undated)


# --------------------------------------------------------------------------------------------
# Re-reading the bodies


def _resolve(path: str, bases: Sequence[Path]) -> Path | None:
    p = Path(path)
    if p.is_absolute():
        return p if p.exists() else None
    for base in bases:
        q = base / p
        if q.exists():
            return q
    return None


def _bodies(
    site: Site, bases: Sequence[Path], corpus: Sequence[Path], warnings: list[str]
) -> Iterator[tuple[str, str]]:
    """(article_id, body) for every article that can be read again, one file at a time.

    Uses the ``path`` column first (relative paths tried from the working folder and from the
    claims table's folder and its parents), then the ``corpus`` folders for the rest.
    """
    by_path: dict[Path, set[str]] = defaultdict(set)
    missing: set[str] = set()
    for a in site.articles.values():
        p = _resolve(a.path, bases) if a.path else None
        if p is None:
            missing.add(a.article_id)
        else:
            by_path[p].add(a.article_id)
    for p in sorted(by_path):
        want = set(by_path[p])
        try:
            for item in iter_articles([p]):
                if isinstance(item, Article) and item.article_id in want:
                    want.discard(item.article_id)
                    yield item.article_id, item.body
        except Exception as exc:  # one unreadable file must not stop the report
            warnings.append(f"{p}: cannot read again ({type(exc).__name__}: {exc})")
        missing |= want
    if missing and corpus:
        try:
            for item in iter_articles(list(corpus)):
                if isinstance(item, Article) and item.article_id in missing:
                    missing.discard(item.article_id)
                    yield item.article_id, item.body
        except Exception as exc:
            warnings.append(f"corpus: cannot read ({type(exc).__name__}: {exc})")
    with_claims = sorted(aid for aid in missing if site.articles[aid].claim_ids)
    if with_claims:
        shown = ", ".join(with_claims[:5]) + (
            f" and {len(with_claims) - 5} more" if len(with_claims) > 5 else ""
        )
        warnings.append(
            f"{len(with_claims)} article(s) with claims could not be read again "
            f"(no text to highlight): {shown}"
        )


def _locate(c: ClaimView, body: str) -> tuple[int, int] | None:
    """Where the claim's quote stands in the body: its offsets when they hold, else the nearest
    occurrence of the quote (a body re-read after a small change), else None."""
    cs, ce = c.char_start, c.char_end
    if cs is not None and ce is not None and 0 <= cs < ce <= len(body) and body[cs:ce] == c.quote:
        return cs, ce
    if not c.quote:
        return None
    hits = [m.start() for m in re.finditer(re.escape(c.quote), body)]
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - (cs or 0)))
    return best, best + len(c.quote)


def _quote_in_sentence(c: ClaimView, body: str | None) -> tuple[int, int] | None:
    """The quote's place in its sentence: from the body when known (the right one of several
    occurrences), else the first occurrence."""
    if not c.quote or not c.sentence:
        return None
    if body is not None and c.in_body is not None:
        qs, qe = c.in_body
        lo = max(0, qe - len(c.sentence))
        s0 = body.find(c.sentence, lo, qs + len(c.sentence))
        if s0 != -1 and s0 <= qs and qe <= s0 + len(c.sentence):
            return qs - s0, qe - s0
    i = c.sentence.find(c.quote)
    return (i, i + len(c.quote)) if i >= 0 else None


# --------------------------------------------------------------------------------------------
# Page pieces


def _page(title: str, main: Html, depth: int, active: str, main_attrs: dict[str, Any] | None = None) -> str:
    up = "../" * depth
    nav_items = [
        ("index.html", "Overview"),
        ("claims.html", "Claims"),
        ("articles.html", "Articles"),
        ("disagreements.html", "Disagreements"),
    ]
    nav = el(
        "nav",
        {"aria-label": "Report"},
        el(
            "ul",
            None,
            [
                el(
                    "li",
                    None,
                    el("a", {"href": up + href, "aria-current": "page" if href == active else None}, text),
                )
                for href, text in nav_items
            ],
        ),
    )
    head = join(
        Html('<meta charset="utf-8">'),
        el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
        el("meta", {"http-equiv": "Content-Security-Policy", "content": CSP}),
        el("meta", {"name": "referrer", "content": "no-referrer"}),
        el("title", None, f"{title} · {SITE_TITLE}"),
        el("link", {"rel": "stylesheet", "href": up + "assets/report.css"}),
        el("script", {"src": up + "assets/report.js", "defer": True}),
    )
    body = join(
        el("a", {"class": "skip", "href": "#main"}, "Skip to content"),
        el(
            "header",
            {"class": "site"},
            el("a", {"class": "brand", "href": up + "index.html"}, SITE_TITLE),
            nav,
        ),
        el("main", {"id": "main", "tabindex": "-1", **(main_attrs or {})}, main),
        el(
            "footer",
            {"class": "site"},
            el(
                "p",
                None,
                "Every figure links to the words it came from. Offsets and quotes come from the "
                "claims table; the text is the article as read again from disk.",
            ),
        ),
    )
    return (
        "<!doctype html>\n"
        + el("html", {"lang": "en"}, el("head", None, head), el("body", None, body))
        + "\n"
    )


def _claim_href(c: ClaimView, depth: int) -> str:
    return f"{'../' * depth}claims/{c.slug}.html"


def _article_href(a: ArticleView, depth: int, anchor: str | None = None) -> str:
    return f"{'../' * depth}articles/{a.slug}.html" + (f"#{anchor}" if anchor else "")


def _series_href(s: dict[str, Any], depth: int) -> str:
    return f"{'../' * depth}series/{s['slug']}.html"


def _flag_names_cell(flags: Iterable[str]) -> Html:
    """A table's flags cell from flag names: one badge per flag (series and article tables use the same)."""
    return el("td", {"data-label": "Flags", "class": "flags"}, [_flag_badge(f, None, 0) for f in flags])


def _flag_badge(flag: str, c: ClaimView | None, depth: int) -> Html:
    attrs: dict[str, Any] = {"class": f"flag f-{flag}", "data-flag": flag}
    label = FLAG_LABELS.get(flag, flag)
    if c is None:
        return el("span", attrs, label)
    attrs["href"] = f"{'../' * depth}disagreements.html#d-{flag}-{c.slug}"
    attrs["title"] = c.flags.get(flag) or flag_help(flag)
    return el("a", attrs, label)


def _flags_cell(c: ClaimView, depth: int) -> Html:
    return join([_flag_badge(f, c, depth) for f in _sorted_flags(c.flags)])


def _sorted_flags(flags: Iterable[str]) -> list[str]:
    return sorted(flags, key=lambda f: (FLAG_ORDER.index(f) if f in FLAG_ORDER else 99, f))


def _scope_words(c: ClaimView) -> str:
    if c.scope == "cumulative":
        return "running total" + (f" since {fmt_date(c.period_start)}" if c.period_start else "")
    if c.scope == "day":
        return "one day" + (f" ({fmt_date(c.period_end)})" if c.period_end else "")
    if c.scope == "incident":
        return "one incident"
    return "scope unknown"


def _metric_badge(metric: str, hypothetical: bool = False) -> Html:
    cls = f"metric {metric_class(metric)}" + (" hypothetical" if hypothetical else "")
    return el("span", {"class": cls}, metric_label(metric) + (" (hypothetical)" if hypothetical else ""))


def _filter_attrs(c: ClaimView, a: ArticleView) -> dict[str, Any]:
    return {
        "data-filter-item": True,
        "data-metric": c.metric,
        "data-source": c.filter_source(),
        "data-outlet": a.outlet or "outlet unknown",
        "data-flag": " ".join(_sorted_flags(c.flags)) or "none",
        "data-search": f"{c.quote} {c.source or ''} {c.source_norm or ''} {c.via or ''}".lower(),
    }


def _claims_table(
    site: Site,
    ids: Sequence[str],
    depth: int,
    caption: str,
    *,
    show_metric: bool = True,
    filters: str = "metric source outlet flag",
) -> Html:
    """The claims table of claims.html and the series pages: one row per claim."""
    heads = (
        ["Date", "Outlet", "Source", "Figure"]
        + (["Metric"] if show_metric else [])
        + ["Scope", "Flags", "Words"]
    )
    rows: list[Html] = []
    for cid in ids:
        c = site.claims[cid]
        a = site.articles[c.article_id]
        href = _claim_href(c, depth)
        cells = [
            el("td", {"data-label": "Date"}, el("a", {"href": href}, fmt_date(a.published))),
            el("td", {"data-label": "Outlet"}, a.outlet or "outlet unknown"),
            el("td", {"data-label": "Source"}, c.source_shown()),
            el(
                "th",
                {"scope": "row", "data-label": "Figure"},
                el("a", {"href": href, "class": "fig"}, c.figure()),
            ),
        ]
        if show_metric:
            cells.append(el("td", {"data-label": "Metric"}, _metric_badge(c.metric, c.hypothetical)))
        cells += [
            el("td", {"data-label": "Scope"}, _scope_words(c)),
            el("td", {"data-label": "Flags", "class": "flags"}, _flags_cell(c, depth)),
            el("td", {"data-label": "Words", "class": "words"}, el("q", None, c.quote)),
        ]
        rows.append(
            el(
                "tr",
                {"data-claim-id": cid, "data-role": "row", "data-href": href, **_filter_attrs(c, a)},
                cells,
            )
        )
    table = el(
        "table",
        {"class": "claims"},
        el("caption", None, caption),
        el("thead", None, el("tr", None, [el("th", {"scope": "col"}, h) for h in heads])),
        el("tbody", None, rows),
    )
    return el(
        "div",
        {"class": "table-wrap", "data-filterable": True, "data-filters": filters, "data-noun": "claims"},
        table,
    )


# --------------------------------------------------------------------------------------------
# Pages


def _index_page(site: Site, warnings: list[str]) -> str:
    n_flagged = sum(1 for c in site.claims.values() if c.flags)
    if not site.claims:
        main = join(
            el("h1", None, SITE_TITLE),
            el(
                "p",
                {"class": "empty", "role": "status"},
                "Nothing to show: the claims table has no claims. Run ",
                el("code", None, "tracker extract"),
                " on a folder of articles, then build the report again.",
            ),
        )
        return _page("Overview", main, 0, "index.html")
    dated = [a.published for a in site.articles.values() if a.published]
    span = f"{fmt_date(min(dated))} to {fmt_date(max(dated))}" if dated else "no dated articles"
    stats = el(
        "ul",
        {"class": "stats"},
        [
            el("li", None, el("strong", None, fmt_number(len(site.claims))), " claims"),
            el("li", None, el("strong", None, fmt_number(len(site.articles))), " articles"),
            el("li", None, el("strong", None, fmt_number(len(site.series))), " series"),
            el(
                "li",
                None,
                el(
                    "a",
                    {"href": "disagreements.html"},
                    el("strong", None, fmt_number(n_flagged)),
                    " flagged claims",
                ),
            ),
        ],
    )
    rows: list[Html] = []
    for s in site.series:
        ids = s["claim_ids"]
        first = site.claims[ids[0]]
        flags = sorted({f for cid in ids for f in site.claims[cid].flags})
        dates = (
            f"{fmt_date(s['first_date'])} – {fmt_date(s['last_date'])}" if s.get("first_date") else "undated"
        )
        rows.append(
            el(
                "tr",
                {
                    "data-filter-item": True,
                    "data-metric": first.metric,
                    "data-flag": " ".join(_sorted_flags(flags)) or "none",
                    "data-search": str(s["label"]).lower(),
                    "data-href": _series_href(s, 0),
                },
                [
                    el(
                        "th",
                        {"scope": "row", "data-label": "Series"},
                        el("a", {"href": _series_href(s, 0)}, s["label"]),
                    ),
                    el("td", {"data-label": "Metric"}, _metric_badge(first.metric)),
                    el("td", {"data-label": "Claims", "class": "num"}, fmt_number(len(ids))),
                    el("td", {"data-label": "Articles", "class": "num"}, fmt_number(s["n_articles"])),
                    el("td", {"data-label": "Sources", "class": "num"}, fmt_number(s["n_sources"])),
                    el("td", {"data-label": "Range"}, f"{fmt_number(s['min'])} – {fmt_number(s['max'])}"),
                    el("td", {"data-label": "Dates"}, dates),
                    _flag_names_cell(flags),
                ],
            )
        )
    table = el(
        "div",
        {
            "class": "table-wrap",
            "data-filterable": True,
            "data-filters": "metric flag",
            "data-noun": "series",
        },
        el(
            "table",
            {"class": "series"},
            el("caption", None, "Series: figures that count the same thing, most-covered first"),
            el(
                "thead",
                None,
                el(
                    "tr",
                    None,
                    [
                        el("th", {"scope": "col"}, h)
                        for h in (
                            "Series",
                            "Metric",
                            "Claims",
                            "Articles",
                            "Sources",
                            "Range",
                            "Dates",
                            "Flags",
                        )
                    ],
                ),
            ),
            el("tbody", None, rows),
        ),
    )
    unseries = sum(1 for c in site.claims.values() if c.series_id is None)
    notes: list[Html] = []
    if unseries:
        notes.append(
            el(
                "p",
                None,
                f"{fmt_number(unseries)} claim(s) are in no series (hypothetical figures "
                "or figures without a value); they are on the ",
                el("a", {"href": "claims.html"}, "claims page"),
                " and their articles' pages.",
            )
        )
    if site.undated:
        notes.append(
            el(
                "p",
                None,
                f"{fmt_number(len(site.undated))} article(s) have no date and are left off every timeline: ",
                join(
                    [
                        join(
                            el("a", {"href": _article_href(site.articles[a], 0)}, site.articles[a].name),
                            "; " if i < len(site.undated) - 1 else "",
                        )
                        for i, a in enumerate(site.undated)
                    ]
                ),
            )
        )
    if warnings:
        notes.append(
            el(
                "details",
                {"class": "warnings"},
                el("summary", None, f"{len(warnings)} warning(s)"),
                el("ul", None, [el("li", None, w) for w in warnings]),
            )
        )
    main = join(
        el("h1", None, SITE_TITLE),
        el(
            "p",
            {"class": "lede"},
            f"Figures reported in {fmt_number(len(site.articles))} articles, {span}. "
            "Open a series to see its timeline; every point and row leads to the sentence "
            "it came from.",
        ),
        stats,
        table,
        notes,
    )
    return _page("Overview", main, 0, "index.html")


def _empty_page(title: str, what: str, filename: str) -> str:
    """A top-level list page with nothing in it, saying so (to screen readers too)."""
    return _page(
        title,
        join(el("h1", None, title),
             el("p", {"class": "empty", "role": "status"}, f"Nothing to show: there are no {what}.")),
        0,
        filename,
    )


def _claims_page(site: Site) -> str:
    if not site.claims:
        return _empty_page("Claims", "claims", "claims.html")
    ids = sorted(site.claims, key=lambda cid: _claim_order(site, cid))
    main = join(
        el("h1", None, "All claims"),
        el(
            "p",
            {"class": "lede"},
            f"{fmt_number(len(ids))} figures, by date. Choose a row to see its sentence and article.",
        ),
        _claims_table(site, ids, 0, "Every claim, by publication date"),
    )
    return _page("Claims", main, 0, "claims.html")


def _claim_order(site: Site, cid: str) -> tuple[Any, ...]:
    c = site.claims[cid]
    pub = site.articles[c.article_id].published
    return (pub is None, pub or dt.date.min, c.article_id, c.char_start or 0, cid)


def _series_page(site: Site, s: dict[str, Any]) -> str:
    ids: list[str] = s["claim_ids"]
    points: list[Point] = []
    undated = 0
    for cid in ids:
        c = site.claims[cid]
        a = site.articles[c.article_id]
        if a.published is None or c.value is None:
            undated += 1
            continue
        points.append(
            Point(
                cid,
                a.published,
                c.value,
                c.low,
                c.high,
                c.qualifier,
                c.filter_source(),
                _claim_href(c, 1),
                f"{c.figure()} {c.metric}, {c.filter_source()}, {a.outlet or 'outlet unknown'}, "
                f"{fmt_date(a.published)}",
            )
        )
    sources = sorted({p.source for p in points})
    if points:
        lo = min(points, key=lambda p: (p.value, p.date))
        hi = max(points, key=lambda p: (p.value, p.date))
        alt = (
            f"Timeline of {s['label']}: {len(points)} dated figure(s) from {len(sources)} source(s), "
            f"{fmt_date(min(p.date for p in points))} to {fmt_date(max(p.date for p in points))}; "
            f"lowest {fmt_number(lo.value)} ({fmt_date(lo.date)}), highest {fmt_number(hi.value)} "
            f"({fmt_date(hi.date)})."
        )
        chart = el(
            "figure",
            {"class": "chart"},
            timeline_svg(points, str(s["label"]), alt),
            el(
                "figcaption",
                None,
                alt
                + " Choose a point to open its claim."
                + (f" {undated} undated claim(s) are not drawn." if undated else ""),
            ),
        )
    else:
        chart = el(
            "p",
            {"class": "empty"},
            "No dated figure in this series: nothing to draw. The claims are listed below.",
        )
    latest = _opt_str(s.get("latest_by_source"))
    main = join(
        el("p", {"class": "crumbs"}, el("a", {"href": "../index.html"}, "Overview"), " › series"),
        el("h1", None, s["label"]),
        el(
            "p",
            {"class": "lede"},
            f"{fmt_number(len(ids))} claim(s) in {fmt_number(s['n_articles'])} article(s) "
            f"from {fmt_number(s['n_sources'])} source(s).",
        ),
        el("p", None, el("strong", None, "Latest by source: "), latest) if latest else None,
        chart,
        _claims_table(
            site,
            ids,
            1,
            f"Claims of the series {s['label']}",
            show_metric=False,
            filters="source outlet flag",
        ),
    )
    return _page(str(s["label"]), main, 1, "")


def _sentence_html(c: ClaimView) -> Html:
    """The sentence with the claim's words highlighted (``data-role="quote"``)."""
    mark_attrs = {
        "class": f"claim {metric_class(c.metric)}" + (" hypothetical" if c.hypothetical else ""),
        "data-claim-id": c.claim_id,
        "data-role": "quote",
    }
    if c.in_sentence is not None:
        i, j = c.in_sentence
        return el(
            "blockquote",
            {"class": "sentence"},
            el("p", None, c.sentence[:i], el("mark", mark_attrs, c.sentence[i:j]), c.sentence[j:]),
        )
    return join(
        el("blockquote", {"class": "sentence"}, el("p", None, c.sentence or "(no sentence recorded)")),
        el("p", None, "Words of the figure: ", el("mark", mark_attrs, c.quote)),
    )


def _article_meta(a: ArticleView, depth: int) -> Html:
    url = safe_url(a.url)
    link: Html | None = None
    if url:
        link = el(
            "a", {"href": url, "rel": "noopener noreferrer nofollow", "class": "ext"}, "original article"
        )
    elif a.url:
        link = join("URL (not a web link, not made clickable): ", el("code", None, a.url))
    return el(
        "p",
        {"class": "meta"},
        el("span", None, a.outlet or "outlet unknown"),
        " · ",
        el("time", {"datetime": a.published.isoformat() if a.published else None}, fmt_date(a.published)),
        join(" · ", link) if link else None,
    )


def _claim_page(site: Site, c: ClaimView, same: Sequence[str]) -> str:
    a = site.articles[c.article_id]
    s = site.series_by_id.get(c.series_id) if c.series_id else None
    facts: list[tuple[str, Html | str]] = [
        ("Metric", _metric_badge(c.metric, c.hypothetical)),
        ("Figure", c.figure()),
        ("Qualifier", c.qualifier.replace("_", " ")),
        (
            "Bounds",
            f"{fmt_number(c.low) if c.low is not None else 'open'} to "
            f"{fmt_number(c.high) if c.high is not None else 'open'}",
        ),
        ("Unit", c.unit),
        ("Who", c.subject or "not stated"),
        ("Where", c.location or "not stated"),
        ("Scope", _scope_words(c)),
        (
            "Period",
            f"{fmt_date(c.period_start) if c.period_start else '?'} to "
            f"{fmt_date(c.period_end) if c.period_end else '?'}",
        ),
        ("Source", c.source_shown() + (f" ({c.source_kind.replace('_', ' ')})" if c.source_kind else "")),
        ("Relayed by", c.via or "—"),
        ("Modality", c.modality),
        ("Series", el("a", {"href": _series_href(s, 1)}, s["label"]) if s else "in no series"),
    ]
    dl = el("dl", {"class": "facts"}, [join(el("dt", None, k), el("dd", None, v)) for k, v in facts])
    flags = None
    if c.flags:
        flags = el(
            "section",
            {"class": "claim-flags"},
            el("h2", None, "Flags"),
            el(
                "ul",
                None,
                [el("li", None, _flag_badge(f, c, 1), " ", c.flags[f]) for f in _sorted_flags(c.flags)],
            ),
        )
    if same:
        items = []
        for oid in same:
            o = site.claims[oid]
            oa = site.articles[o.article_id]
            items.append(
                el(
                    "li",
                    {"data-claim-id": oid, "data-role": "same-figure"},
                    el("a", {"href": _claim_href(o, 1)}, oa.name),
                    " — ",
                    oa.outlet or "outlet unknown",
                    ", ",
                    fmt_date(oa.published),
                    ": ",
                    el("q", None, o.quote),
                    " (",
                    o.source_shown(),
                    ")",
                )
            )
        others = el(
            "section",
            None,
            el("h2", None, f"Other articles that carried {fmt_number(c.value)} {c.metric}"),
            el("ul", {"class": "same"}, items),
        )
    else:
        others = el(
            "section",
            None,
            el("h2", None, "Other articles with the same figure"),
            el("p", None, "None: no other article carries this figure for this metric."),
        )
    in_context = (
        el("a", {"href": _article_href(a, 1, f"m-{c.slug}")}, "See it in the article text")
        if c.in_body is not None
        else el("a", {"href": _article_href(a, 1)}, "Open the article page")
    )
    main = join(
        el(
            "p",
            {"class": "crumbs"},
            el("a", {"href": "../index.html"}, "Overview"),
            " › ",
            el("a", {"href": _series_href(s, 1)}, s["label"]) if s else "claims",
            " › claim",
        ),
        el(
            "article",
            {"class": "claim-card", "data-claim-id": c.claim_id, "data-role": "claim"},
            el(
                "h1",
                None,
                el("span", {"class": "fig"}, c.figure()),
                " ",
                metric_label(c.metric).lower(),
                " (hypothetical)" if c.hypothetical else "",
            ),
            _sentence_html(c),
            el(
                "p",
                {"class": "from"},
                "From ",
                el("a", {"href": _article_href(a, 1)}, el("cite", None, a.name)),
            ),
            _article_meta(a, 1),
            el("p", None, in_context),
            dl,
            flags,
        ),
        others,
    )
    return _page(f"{c.figure()} {c.metric}", main, 1, "")


def _article_page(site: Site, a: ArticleView, body: str | None) -> str:
    claims = [site.claims[cid] for cid in a.claim_ids]
    metrics = sorted(
        {c.metric for c in claims}, key=lambda m: (METRIC_ORDER.index(m) if m in METRIC_ORDER else 99, m)
    )
    legend = el(
        "ul",
        {"class": "legend-metrics", "aria-label": "Highlight colours"},
        [el("li", None, el("mark", {"class": f"claim {metric_class(m)}"}, metric_label(m))) for m in metrics]
        + (
            [el("li", None, el("mark", {"class": "claim hypothetical"}, "hypothetical"))]
            if any(c.hypothetical for c in claims)
            else []
        )
        + [el("li", None, el("span", {"class": "boilerplate"}, "boilerplate (not article text)"))],
    )
    if body is not None:
        spans = boilerplate_spans(body)
        for c in claims:
            if c.in_body is not None:
                spans.append(
                    Span(
                        c.in_body[0],
                        c.in_body[1],
                        "claim",
                        c.claim_id,
                        c.metric,
                        c.hypothetical,
                        f"{c.figure()} {c.metric} — {c.source_shown()}",
                        c.slug,
                    )
                )
        text = el("div", {"class": "body", "aria-label": "Article text"}, render_body(body, spans))
    else:
        text = el(
            "p",
            {"class": "empty", "role": "status"},
            "The article text could not be read again"
            + (f" (path: {a.path})" if a.path else "")
            + "; its claims are listed with their sentences.",
        )
    items: list[Html] = []
    for c in claims:
        where = (
            el("a", {"href": f"#m-{c.slug}"}, "in text")
            if c.in_body is not None
            else el("span", {"class": "missing"}, "not found in text" if body is not None else "")
        )
        items.append(
            el(
                "li",
                {
                    "data-claim-id": c.claim_id,
                    "data-role": "item",
                    "class": "item" + (" hypothetical" if c.hypothetical else ""),
                },
                el(
                    "p",
                    {"class": "head"},
                    _metric_badge(c.metric, c.hypothetical),
                    " ",
                    el("a", {"href": _claim_href(c, 1), "class": "fig"}, c.figure()),
                ),
                el("p", None, el("q", None, c.quote)),
                el("p", {"class": "small"}, c.source_shown(), " · ", _scope_words(c)),
                el("p", {"class": "flags"}, _flags_cell(c, 1)) if c.flags else None,
                el("p", {"class": "small"}, where)
                if body is not None
                else el("blockquote", {"class": "sentence"}, c.sentence),
            )
        )
    side = el(
        "aside",
        {"class": "side", "aria-label": "Claims of this article"},
        el("h2", None, f"{len(claims)} claim(s)"),
        el("ol", {"class": "items"}, items) if items else el("p", None, "No figure was extracted."),
    )
    main = join(
        el("p", {"class": "crumbs"}, el("a", {"href": "../articles.html"}, "Articles"), " › article"),
        el("h1", None, a.name),
        _article_meta(a, 1),
        legend,
        el("div", {"class": "article-layout"}, el("section", {"class": "text"}, text), side),
    )
    return _page(a.name, main, 1, "", {"data-article-id": a.article_id})


def _articles_page(site: Site) -> str:
    arts = sorted(
        site.articles.values(), key=lambda a: (a.published is None, a.published or dt.date.min, a.article_id)
    )
    if not arts:
        return _empty_page("Articles", "articles", "articles.html")
    rows = []
    for a in arts:
        flags = sorted({f for cid in a.claim_ids for f in site.claims[cid].flags})
        rows.append(
            el(
                "tr",
                {
                    "data-filter-item": True,
                    "data-outlet": a.outlet or "outlet unknown",
                    "data-flag": " ".join(_sorted_flags(flags)) or "none",
                    "data-search": f"{a.name} {a.outlet or ''}".lower(),
                    "data-href": _article_href(a, 0),
                },
                [
                    el("td", {"data-label": "Date"}, fmt_date(a.published)),
                    el("td", {"data-label": "Outlet"}, a.outlet or "outlet unknown"),
                    el(
                        "th",
                        {"scope": "row", "data-label": "Title"},
                        el("a", {"href": _article_href(a, 0)}, a.name),
                    ),
                    el("td", {"data-label": "Claims", "class": "num"}, fmt_number(len(a.claim_ids))),
                    _flag_names_cell(flags),
                ],
            )
        )
    table = el(
        "div",
        {
            "class": "table-wrap",
            "data-filterable": True,
            "data-filters": "outlet flag",
            "data-noun": "articles",
        },
        el(
            "table",
            None,
            el("caption", None, "Articles, by publication date"),
            el(
                "thead",
                None,
                el(
                    "tr",
                    None,
                    [el("th", {"scope": "col"}, h) for h in ("Date", "Outlet", "Title", "Claims", "Flags")],
                ),
            ),
            el("tbody", None, rows),
        ),
    )
    return _page("Articles", join(el("h1", None, "Articles"), table), 0, "articles.html")


def _counterpart(site: Site, c: ClaimView, flag: str, detail: str) -> ClaimView | None:
    """The other claim a flag compares ``c`` with, found from the detail's citation.

    The comparison names it as "<figure> ... (<article_id>, <outlet>, <date>)"; candidates are
    claims of the same series (the same group for scope changes) in the article cited, and the
    one whose number appears in the detail wins.
    """
    if c.series_id is None:
        return None
    s = site.series_by_id.get(c.series_id)
    pool: list[str] = []
    if flag == "scope_change":
        metric = c.metric
        pool = [
            cid
            for sid, row in site.series_by_id.items()
            for cid in row["claim_ids"]
            if site.claims[cid].metric == metric
        ]
    elif s is not None:
        pool = list(s["claim_ids"])
    best: tuple[tuple[int, int, int, str], ClaimView] | None = None
    for cid in pool:
        o = site.claims[cid]
        if cid == c.claim_id:
            continue
        m = re.search(r"(?<![\w-])" + re.escape(o.article_id) + r"(?=[,\s)])", detail)
        if m is None:
            continue
        number = fmt_number(o.value)
        pos = detail.find(number)
        same_series = 0 if o.series_id == c.series_id else 1
        key = (0 if pos >= 0 else 1, same_series, m.start(), cid)
        if best is None or key < best[0]:
            best = (key, o)
    return best[1] if best else None


def _side(site: Site, c: ClaimView, role: str, depth: int) -> Html:
    a = site.articles[c.article_id]
    return el(
        "div",
        {"class": f"side {role}", "data-claim-id": c.claim_id, "data-role": role},
        el("p", {"class": "fig"}, el("a", {"href": _claim_href(c, depth)}, c.figure()), " ", c.metric),
        el(
            "p",
            {"class": "when"},
            el("time", {"datetime": a.published.isoformat() if a.published else None}, fmt_date(a.published)),
            " · ",
            a.outlet or "outlet unknown",
            " · ",
            c.source_shown(),
        ),
        el("p", None, el("q", None, c.quote)),
        el("p", {"class": "small"}, _scope_words(c)),
        el(
            "p",
            {"class": "small"},
            "Article: ",
            el("a", {"href": _article_href(a, depth, f"m-{c.slug}" if c.in_body else None)}, a.name),
        ),
    )


def _disagreements_page(site: Site) -> str:
    by_flag: dict[str, list[ClaimView]] = defaultdict(list)
    for c in site.claims.values():
        for f in c.flags:
            by_flag[f].append(c)
    flags = _sorted_flags(by_flag)
    if not flags:
        msg = (
            "Nothing to show: no claims."
            if not site.claims
            else "No disagreements: no figure was flagged as revised down, a scope change, copied, "
            "in conflict or stale."
        )
        return _page(
            "Disagreements",
            join(el("h1", None, "Disagreements"), el("p", {"class": "empty", "role": "status"}, msg)),
            0,
            "disagreements.html",
        )
    toc = el(
        "ul",
        {"class": "toc"},
        [
            el("li", None, el("a", {"href": f"#flag-{f}"}, _flag_badge(f, None, 0)), f" {len(by_flag[f])}")
            for f in flags
        ],
    )
    sections: list[Html] = []
    for f in flags:
        items = []
        for c in sorted(by_flag[f], key=lambda c: (c.series_id or "", _claim_order(site, c.claim_id))):
            a = site.articles[c.article_id]
            detail = c.flags[f]
            other = _counterpart(site, c, f, detail)
            items.append(
                el(
                    "li",
                    {
                        "class": "pair",
                        "id": f"d-{f}-{c.slug}",
                        "data-flag": f,
                        "data-claim-id": c.claim_id,
                        "data-role": "flagged",
                        **{k: v for k, v in _filter_attrs(c, a).items() if k != "data-flag"},
                    },
                    el(
                        "p",
                        {"class": "detail"},
                        el("span", {"class": f"flag f-{f}", "data-flag": f}, FLAG_LABELS.get(f, f)),
                        " ",
                        detail,
                    ),
                    el(
                        "div",
                        {"class": "sides"},
                        _side(site, c, "flagged-side", 0),
                        el("span", {"class": "vs", "aria-hidden": "true"}, "vs"),
                        _side(site, other, "counterpart", 0)
                        if other
                        else el(
                            "div",
                            {"class": "side counterpart missing"},
                            el("p", None, "The other figure is named in the note above."),
                        ),
                    ),
                )
            )
        sections.append(
            el(
                "section",
                {"id": f"flag-{f}", "class": "flag-group"},
                el("h2", None, _flag_badge(f, None, 0), f" {len(items)} claim(s)"),
                el("p", {"class": "help"}, flag_help(f)),
                el("ol", {"class": "pairs"}, items),
            )
        )
    main = join(
        el("h1", None, "Disagreements"),
        el(
            "p",
            {"class": "lede"},
            "Every flagged figure beside the figure it was compared with. "
            "Choose a figure to read its sentence, or an article to read it whole.",
        ),
        toc,
        el(
            "div",
            {"data-filterable": True, "data-filters": "metric source outlet", "data-noun": "flags"},
            sections,
        ),
    )
    return _page("Disagreements", main, 0, "disagreements.html")


# --------------------------------------------------------------------------------------------
# Entry point


class ReportFolderError(ValueError):
    """The output folder holds files the report would overwrite and no earlier report made them."""


def _is_ours(out: Path) -> bool:
    """True when an earlier build wrote this folder: it carries the marker, or (reports made
    before the marker existed) its index.html carries this report's Content-Security-Policy."""
    if (out / MARKER).is_file():
        return True
    index = out / "index.html"
    try:
        head = index.read_text(encoding="utf-8", errors="replace")[:4000] if index.is_file() else ""
    except OSError:
        return False
    return str(el("meta", {"http-equiv": "Content-Security-Policy", "content": CSP})) in head


def _in_the_way(out: Path) -> list[Path]:
    """Files of the report's own names in ``out``: pages, assets, and any ``*.html`` in the page
    folders (a later build cleans those, so a user's page there would be lost next time)."""
    found = [out / n for n in _OWN_PAGES if (out / n).exists()]
    found += [out / "assets" / n for n in _ASSETS if (out / "assets" / n).exists()]
    for d in _OWN_DIRS:
        if (out / d).is_dir():
            found += sorted((out / d).glob("*.html"))
    return found


def _check_folder(out: Path) -> None:
    """Refuse to write into a folder whose files of our names a report did not make.

    Why: the build replaces index.html and removes every page in articles/, claims/ and series/
    so the folder matches this build; pointed at a folder of the user's own HTML (say the
    article folder) that would delete their files. A folder is the report's when it carries
    the marker file (written by every build) or is empty of our names.
    """
    if not out.exists():
        return
    if not out.is_dir():
        raise ReportFolderError(f"{out}: not a folder")
    if _is_ours(out):
        return
    clash = _in_the_way(out)
    if clash:
        shown = ", ".join(str(p.relative_to(out)) for p in clash[:3])
        more = f" and {len(clash) - 3} more" if len(clash) > 3 else ""
        raise ReportFolderError(
            f"{out}: not a report folder (no {MARKER}) and it holds files the report would "
            f"overwrite ({shown}{more}); choose an empty or new folder"
        )


def _clean(out: Path) -> None:
    """Remove pages an earlier build wrote (only our own names), so the folder matches this build.

    Only called on a folder :func:`_check_folder` accepted: a report folder, or one with none
    of our names in it.
    """
    for d in _OWN_DIRS:
        folder = out / d
        if folder.is_dir():
            for p in folder.glob("*.html"):
                p.unlink()
    for name in _OWN_PAGES:
        (out / name).unlink(missing_ok=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def build_report(
    claims: Path | str | pl.DataFrame,
    articles: Path | str | pl.DataFrame | None = None,
    out_dir: Path | str = "figures/report",
    *,
    corpus: Sequence[Path | str] = (),
    comparison: Any = None,
    on_warning: Callable[[str], None] | None = None,
) -> ReportResult:
    """Write the report for a claims table (path or frame) and its article table into ``out_dir``.

    ``articles`` defaults to the table beside a claims file (``claims.csv`` -> ``articles.csv``).
    Article bodies are read again from the article table's ``path`` column (relative paths are
    tried from the working folder and from the claims file's folder and its parents), then from
    the ``corpus`` folders. ``comparison`` (a :class:`tracker.compare.Comparison`) is computed
    when not given.

    Raises :class:`ReportFolderError` (before reading or writing anything) when ``out_dir``
    holds files of the report's names that no earlier build made (no ``.tracker-report``
    marker): the build would replace or, next time, delete them.

    Example::

        build_report("data/clean/claims.csv", None, "figures/report")
    """
    out = Path(out_dir)
    _check_folder(out)
    warnings: list[str] = []
    claims_df = _read(claims)
    bases: list[Path] = [Path.cwd()]
    if articles is None and isinstance(claims, str | Path):
        guess = _articles_path(Path(claims))
        articles = guess if guess.exists() else None
    if isinstance(claims, str | Path):
        here = Path(claims).resolve().parent
        bases += [here, *list(here.parents)[:3]]
    articles_df = _read(articles)
    if comparison is None and claims_df.height:
        comparison = compare(claims_df, articles_df if articles_df.height else None)
        # Cells that are not numbers are the comparison's to name; repeated ids the report names.
        warnings.extend(w for w in comparison.warnings if "repeat an earlier claim_id" not in w)
    site = _site(claims_df, articles_df, comparison, warnings)

    same_figure: dict[tuple[str, str, float | None], list[str]] = defaultdict(list)
    for cid in sorted(site.claims, key=lambda cid: _claim_order(site, cid)):
        c = site.claims[cid]
        if c.value is not None:
            same_figure[(c.metric, c.unit, c.value)].append(cid)

    out.mkdir(parents=True, exist_ok=True)
    _clean(out)
    _write(out / MARKER, _MARKER_TEXT)
    assets = resources.files("tracker.report") / "assets"
    for name in _ASSETS:
        _write(out / "assets" / name, (assets / name).read_text(encoding="utf-8"))
    n_pages = 0

    # Article pages while each body is in hand; the claims learn where their words are.
    seen: set[str] = set()
    for aid, body in _bodies(site, bases, [Path(p) for p in corpus], warnings):
        a = site.articles[aid]
        a.found = True
        seen.add(aid)
        for cid in a.claim_ids:
            c = site.claims[cid]
            c.in_body = _locate(c, body)
            c.in_sentence = _quote_in_sentence(c, body)
        lost = [cid for cid in a.claim_ids if site.claims[cid].in_body is None]
        if lost:
            warnings.append(f"{aid}: {len(lost)} claim quote(s) not found in the text read again")
        _write(out / "articles" / f"{a.slug}.html", _article_page(site, a, body))
        n_pages += 1
    for aid in sorted(set(site.articles) - seen):
        a = site.articles[aid]
        for cid in a.claim_ids:
            site.claims[cid].in_sentence = _quote_in_sentence(site.claims[cid], None)
        _write(out / "articles" / f"{a.slug}.html", _article_page(site, a, None))
        n_pages += 1

    for _cid, c in sorted(site.claims.items()):
        same = (
            [
                o
                for o in same_figure.get((c.metric, c.unit, c.value), [])
                if site.claims[o].article_id != c.article_id
            ]
            if c.value is not None
            else []
        )
        _write(out / "claims" / f"{c.slug}.html", _claim_page(site, c, same))
        n_pages += 1
    for s in site.series:
        _write(out / "series" / f"{s['slug']}.html", _series_page(site, s))
        n_pages += 1
    _write(out / "claims.html", _claims_page(site))
    _write(out / "articles.html", _articles_page(site))
    _write(out / "disagreements.html", _disagreements_page(site))
    _write(out / "index.html", _index_page(site, warnings))
    n_pages += 4
    if on_warning is not None:
        for w in warnings:
            on_warning(w)
    return ReportResult(
        out, out / "index.html", len(site.claims), len(site.articles), len(site.series), n_pages, warnings
    )
