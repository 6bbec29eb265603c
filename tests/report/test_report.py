"""The report's HTML read as a parser reads it: every claim once in every place it belongs,
escaping of hostile input, the empty table, the data-* contract, determinism.

Browser behaviour (clicks, filters, search, screenshots) is in test_report_browser.py.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from report_helpers import HOSTILE_QUOTE, HOSTILE_TITLE, Built, Node, _Builder, claim_text, parse

from tracker.cli import main
from tracker.model import CLAIM_COLUMNS
from tracker.report import MARKER, ReportFolderError, build_report
from tracker.report.highlight import Span, render_body
from tracker.report.html import el, safe_url
from tracker.report.words import figure_words, slug


def _page_of(doc: Node, role: str) -> Counter[str]:
    return Counter(n.get("data-claim-id") or "" for n in doc.iter() if n.get("data-role") == role)


def _slug_pages(out: Path, folder: str) -> dict[str, Node]:
    return {p.stem: parse(p) for p in sorted((out / folder).glob("*.html"))}


def _by_claim(df: pl.DataFrame) -> dict[str, dict[str, object]]:
    return {str(r["claim_id"]): r for r in df.iter_rows(named=True)}


# --------------------------------------------------------------------------------------------
# Every claim exactly once per place, on the sample and eval corpora


@pytest.mark.parametrize("corpus", ["sample_report", "eval_report"])
def test_every_claim_once_per_place(corpus: str, request: pytest.FixtureRequest) -> None:
    b: Built = request.getfixturevalue(corpus)
    claims = _by_claim(b.claims)
    assert claims, "the corpus should give claims"
    assert b.result.warnings == []

    # claims.html: one row per claim
    rows = _page_of(parse(b.out / "claims.html"), "row")
    assert rows == Counter(list(claims))

    # one claim page per claim, whose highlighted words are the quote
    pages = _slug_pages(b.out, "claims")
    assert len(pages) == len(claims)
    seen: set[str] = set()
    for doc in pages.values():
        (card,) = [n for n in doc.iter() if n.get("data-role") == "claim"]
        cid = card.get("data-claim-id")
        assert cid in claims and cid not in seen
        seen.add(cid)
        assert claim_text(doc, cid, "quote") == claims[cid]["quote"]

    # series pages: every compared claim in exactly one series table, dated ones once on the chart
    table = b.comparison.table
    members: dict[str, set[str]] = {}
    for r in table.iter_rows(named=True):
        members.setdefault(r["series_id"], set()).add(r["claim_id"])
    dated = set(table.filter(pl.col("published").is_not_null())["claim_id"].to_list())
    series_pages = _slug_pages(b.out, "series")
    assert len(series_pages) == len(members)
    in_tables: Counter[str] = Counter()
    for doc in series_pages.values():
        rows = _page_of(doc, "row")
        points = _page_of(doc, "point")
        assert max(rows.values()) == 1 and (not points or max(points.values()) == 1)
        assert set(points) == set(rows) & dated
        in_tables.update(rows)
    assert in_tables == Counter(table["claim_id"].to_list())

    # article pages: every claim marked once in the text (words == quote) and listed once beside it
    article_pages = _slug_pages(b.out, "articles")
    assert len(article_pages) == b.articles.height
    by_article: dict[str, set[str]] = {}
    for cid, r in claims.items():
        by_article.setdefault(str(r["article_id"]), set()).add(cid)
    for doc in article_pages.values():
        (main_el,) = [n for n in doc.iter() if n.tag == "main"]
        aid = main_el.get("data-article-id")
        assert aid is not None
        want = by_article.get(aid, set())
        assert _page_of(doc, "mark") == Counter(want)
        assert _page_of(doc, "item") == Counter(want)
        for cid in want:
            assert claim_text(doc, cid, "mark") == claims[cid]["quote"]

    # disagreements: one entry per (claim, flag), with a flag badge carrying data-flag
    expected = Counter(
        (r["claim_id"], f) for r in table.iter_rows(named=True) for f in (r["flags"] or "").split(";") if f
    )
    doc = parse(b.out / "disagreements.html")
    got = Counter(
        (n.get("data-claim-id"), n.get("data-flag")) for n in doc.iter() if n.get("data-role") == "flagged"
    )
    assert got == expected
    if expected:
        assert _page_of(doc, "counterpart"), "flagged figures should be shown beside their counterpart"


def test_sample_disagreements_pair_the_right_figures(sample_report: Built) -> None:
    """Each counterpart is in the same series (same metric for a scope change), from another claim."""
    claims = _by_claim(sample_report.claims)
    table = {r["claim_id"]: r for r in sample_report.comparison.table.iter_rows(named=True)}
    doc = parse(sample_report.out / "disagreements.html")
    pairs = [n for n in doc.iter() if n.get("data-role") == "flagged"]
    assert pairs
    found = 0
    for p in pairs:
        cid, flag = p.get("data-claim-id"), p.get("data-flag")
        others = [n for n in p.iter() if n.get("data-role") == "counterpart"]
        if not others:
            continue
        found += 1
        oid = others[0].get("data-claim-id")
        assert oid != cid and oid in claims
        if flag == "scope_change":
            assert claims[oid]["metric"] == claims[cid]["metric"]
        else:
            assert table[oid]["series_id"] == table[cid]["series_id"]
        article_links = [a.get("href") for a in others[0].iter() if a.tag == "a"]
        assert any(h and h.startswith("articles/") for h in article_links)
    assert found >= len(pairs) * 0.8


def test_contract_attributes(sample_report: Built) -> None:
    """Every flag badge has data-flag; every article page's main has data-article-id; every
    element that links to a claim page stands for that claim or sits inside one that does."""
    for path in sorted(sample_report.out.rglob("*.html")):
        doc = parse(path)
        for n in doc.iter():
            if "flag" in n.classes():
                assert n.get("data-flag"), f"{path.name}: flag badge without data-flag"
        if path.parent.name == "articles":
            (m,) = [n for n in doc.iter() if n.tag == "main"]
            assert m.get("data-article-id")


def test_pages_are_self_contained(sample_report: Built) -> None:
    """No CDN, no server: every script, stylesheet and link is local or an http(s) article link."""
    for path in sorted(sample_report.out.rglob("*.html")):
        doc = parse(path)
        for n in doc.iter():
            if n.tag == "script":
                assert (n.get("src") or "").endswith("assets/report.js") and not n.text().strip()
            if n.tag == "link":
                assert (n.get("href") or "").endswith("assets/report.css")
            if n.tag == "a" and n.get("href"):
                href = n.get("href") or ""
                if "://" in href:
                    assert n.get("rel") and "noopener" in (n.get("rel") or "") and href.startswith("http")
                else:
                    target = (path.parent / href.split("#")[0]).resolve()
                    assert href.startswith("#") or target.exists(), f"{path.name}: broken link {href}"
        csp = [n for n in doc.iter() if n.tag == "meta" and n.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "script-src 'self'" in (csp[0].get("content") or "")
    assert (sample_report.out / "assets" / "report.css").stat().st_size > 0
    assert (sample_report.out / "assets" / "report.js").stat().st_size > 0


def test_chart_points_are_links_with_alt_text(sample_report: Built) -> None:
    pages = _slug_pages(sample_report.out, "series")
    drawn = 0
    for doc in pages.values():
        svgs = [n for n in doc.iter() if n.tag == "svg"]
        if not svgs:
            continue
        drawn += 1
        svg = svgs[0]
        assert svg.get("aria-label") and [n for n in svg.iter() if n.tag == "title"]
        for p in [n for n in svg.iter() if n.get("data-role") == "point"]:
            assert p.tag == "a" and (p.get("href") or "").startswith("../claims/")
            assert [c for c in p.iter() if c.tag == "circle"]
    assert drawn


# --------------------------------------------------------------------------------------------
# Hostile input


def test_hostile_input_is_escaped(hostile_report: Built) -> None:
    out = hostile_report.out
    for path in sorted(out.rglob("*.html")):
        raw = path.read_text(encoding="utf-8")
        assert "<script>alert" not in raw and "<img" not in raw and "<svg onload" not in raw
        assert "<b>" not in raw
        doc = parse(path)
        for n in doc.iter():
            assert not any(k.startswith("on") for k in n.attrs), f"{path.name}: event handler attribute"
            if n.tag == "script":
                assert (n.get("src") or "").endswith("assets/report.js")
            href = n.get("href") or ""
            assert not href.lower().lstrip().startswith(("javascript:", "data:", "vbscript:"))
    # the words are shown as text, and the highlighted quote is exactly the quote
    (page,) = [p for p in (out / "articles").glob("*.html") if "h1_hostile" in p.name]
    doc = parse(page)
    (h1,) = [n for n in doc.iter() if n.tag == "h1"]
    assert h1.text() == HOSTILE_TITLE
    cid = next(
        r["claim_id"] for r in hostile_report.claims.iter_rows(named=True) if r["quote"] == HOSTILE_QUOTE
    )
    assert claim_text(doc, cid, "mark") == HOSTILE_QUOTE
    assert "javascript:alert(document.domain)" in doc.text()  # shown, not linked
    # the hypothetical figure is marked differently
    hyp = [n for n in doc.iter() if n.get("data-role") == "mark" and "hypothetical" in n.classes()]
    assert len(hyp) == 1 and hyp[0].text() == "up to 1,000 could flee"
    # boilerplate dimmed
    assert any("boilerplate" in n.classes() and "Subscribe" in n.text() for n in doc.iter())
    # the other article's https URL is a link (with its & and <> escaped in the HTML)
    (plain,) = [p for p in (out / "articles").glob("*.html") if "h2_plain" in p.name]
    links = [n.get("href") for n in parse(plain).iter() if n.tag == "a" and "ext" in n.classes()]
    assert links == ["https://example.org/a?x=1&y=<2>"]


def test_hostile_claim_page_lists_same_figure(hostile_report: Built) -> None:
    rows = _by_claim(hostile_report.claims)
    cid = next(k for k, r in rows.items() if r["article_id"] == "h1_hostile" and r["metric"] == "killed")
    other = next(k for k, r in rows.items() if r["article_id"] == "h2_plain")
    doc = parse(hostile_report.out / "claims" / f"{cid}.html")
    assert claim_text(doc, cid, "quote") == HOSTILE_QUOTE
    assert _page_of(doc, "same-figure") == Counter({other: 1})


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/x", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("https://exa mple.org", False),
        ("data:text/html,<script>", False),
        ("//evil.example/x", False),
        ("/local/path", False),
        ("https:///nohost", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_el_escapes_text_and_attributes() -> None:
    out = el("a", {"title": '"><x>', "data-x": "<&>"}, "<script>", el("b", None, "ok"))
    assert out == '<a title="&quot;&gt;&lt;x&gt;" data-x="&lt;&amp;&gt;">&lt;script&gt;<b>ok</b></a>'
    with pytest.raises(ValueError):
        el("a", {"onclick x": "1"})


# --------------------------------------------------------------------------------------------
# Empty input, bodies that cannot be read, determinism, CLI


def test_empty_claims_table(tmp_path: Path) -> None:
    empty = pl.DataFrame(schema=dict.fromkeys(CLAIM_COLUMNS, pl.String))
    result = build_report(empty, None, tmp_path / "r")
    assert result.n_claims == 0
    index = parse(tmp_path / "r" / "index.html")
    assert "Nothing to show" in index.text()
    for name in ("claims.html", "articles.html", "disagreements.html"):
        assert "Nothing to show" in parse(tmp_path / "r" / name).text()
    assert not list((tmp_path / "r").rglob("series/*.html"))


def test_empty_claims_file_via_cli(tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text(",".join(CLAIM_COLUMNS) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["report", str(claims), "-o", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    assert "Nothing to show" in (tmp_path / "r" / "index.html").read_text(encoding="utf-8")


def test_missing_body_still_shows_the_sentence(tmp_path: Path) -> None:
    body = "Officials said 12 people were killed on Monday."
    row = dict.fromkeys(CLAIM_COLUMNS) | {
        "claim_id": "c1",
        "article_id": "gone",
        "metric": "killed",
        "value": "12",
        "qualifier": "exact",
        "quote": "12 people were killed",
        "char_start": "15",
        "char_end": "36",
        "sentence": body,
        "modality": "reported",
    }
    claims = pl.DataFrame([row], schema=dict.fromkeys(CLAIM_COLUMNS, pl.String))
    articles = pl.DataFrame({"article_id": ["gone"], "title": ["Gone"], "path": [str(tmp_path / "nope.md")]})
    result = build_report(claims, articles, tmp_path / "r")
    assert any("could not be read again" in w for w in result.warnings)
    page = parse(tmp_path / "r" / "articles" / "gone.html")
    assert "could not be read again" in page.text()
    assert _page_of(page, "item") == Counter({"c1": 1})
    assert claim_text(parse(tmp_path / "r" / "claims" / "c1.html"), "c1", "quote") == "12 people were killed"


def test_corpus_option_finds_moved_bodies(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    body = "Officials said 12 people were killed on Monday.\n"
    (raw / "moved.md").write_text(body, encoding="utf-8")
    row = dict.fromkeys(CLAIM_COLUMNS) | {
        "claim_id": "c1",
        "article_id": "moved",
        "metric": "killed",
        "value": "12",
        "quote": "12 people were killed",
        "char_start": "15",
        "char_end": "36",
        "sentence": body.strip(),
    }
    claims = pl.DataFrame([row], schema=dict.fromkeys(CLAIM_COLUMNS, pl.String))
    articles = pl.DataFrame({"article_id": ["moved"], "path": ["elsewhere/moved.md"]})
    result = build_report(claims, articles, tmp_path / "r", corpus=[raw])
    assert result.warnings == []
    assert (
        claim_text(parse(tmp_path / "r" / "articles" / "moved.html"), "c1", "mark") == "12 people were killed"
    )


def test_output_is_deterministic(sample_report: Built, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_report(sample_report.claims, sample_report.articles, again)
    first = {
        p.relative_to(sample_report.out): p.read_bytes() for p in sample_report.out.rglob("*") if p.is_file()
    }
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_rebuild_removes_stale_pages(tmp_path: Path, hostile_report: Built) -> None:
    out = tmp_path / "r"
    build_report(hostile_report.claims, hostile_report.articles, out)
    (out / "claims" / "old.html").write_text("old", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    build_report(hostile_report.claims, hostile_report.articles, out)
    assert not (out / "claims" / "old.html").exists()
    assert (out / "notes.txt").exists()


def test_report_refuses_a_folder_of_the_users_own_pages(tmp_path: Path, hostile_report: Built) -> None:
    """The reviewer's case: the article folder holds a saved page at articles/saved-page.html and
    the report is pointed at its parent. Nothing is deleted or overwritten; one-line error, exit 1."""
    out = tmp_path / "work"
    (out / "articles").mkdir(parents=True)
    saved = out / "articles" / "saved-page.html"
    saved.write_text("<html>my saved article</html>", encoding="utf-8")
    claims = tmp_path / "claims.csv"
    hostile_report.claims.write_csv(claims)
    hostile_report.articles.write_csv(tmp_path / "articles.csv")  # else a warning line says it is missing
    res = CliRunner().invoke(main, ["report", str(claims), "-o", str(out)])
    assert res.exit_code == 1, res.output
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "not a report folder" in lines[0] and "saved-page.html" in lines[0]
    assert saved.read_text(encoding="utf-8") == "<html>my saved article</html>"
    assert sorted(p.name for p in out.rglob("*")) == ["articles", "saved-page.html"]
    # A user's own index.html in the way is refused too.
    mine = tmp_path / "site"
    mine.mkdir()
    (mine / "index.html").write_text("<p>mine</p>", encoding="utf-8")
    with pytest.raises(ReportFolderError, match=r"index\.html"):
        build_report(hostile_report.claims, hostile_report.articles, mine)
    assert (mine / "index.html").read_text(encoding="utf-8") == "<p>mine</p>"


def test_report_writes_its_marker_and_shares_a_folder_without_clashes(
    tmp_path: Path, hostile_report: Built
) -> None:
    """A non-empty folder with none of the report's names is fine (figures/ holds charts); the
    build leaves a marker, and the next build cleans only its own names."""
    out = tmp_path / "figs"
    out.mkdir()
    (out / "chart.svg").write_text("<svg/>", encoding="utf-8")
    build_report(hostile_report.claims, hostile_report.articles, out)
    assert (out / MARKER).is_file()
    build_report(hostile_report.claims, hostile_report.articles, out)
    assert (out / "chart.svg").read_text(encoding="utf-8") == "<svg/>"


def test_report_made_before_the_marker_is_still_rebuilt(tmp_path: Path, hostile_report: Built) -> None:
    """A report folder from before the marker existed is recognised by its index.html."""
    out = tmp_path / "r"
    build_report(hostile_report.claims, hostile_report.articles, out)
    (out / MARKER).unlink()
    (out / "claims" / "old.html").write_text("old", encoding="utf-8")
    build_report(hostile_report.claims, hostile_report.articles, out)
    assert not (out / "claims" / "old.html").exists()
    assert (out / MARKER).is_file()


def test_cli_report(sample_report: Built, tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    articles = tmp_path / "articles.csv"
    sample_report.claims.write_csv(claims)
    sample_report.articles.write_csv(articles)
    res = CliRunner().invoke(main, ["report", str(claims), "-o", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    assert re.search(r"report of \d+ claims", res.output)
    assert (tmp_path / "r" / "index.html").exists()
    res = CliRunner().invoke(main, ["report", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "r")])
    assert res.exit_code == 2


# --------------------------------------------------------------------------------------------
# Pieces


def test_render_body_nests_overlapping_spans() -> None:
    body = "aa 12 killed and 30 wounded bb"
    spans = [
        Span(3, 12, "claim", "A", "killed"),
        Span(6, 27, "claim", "B", "injured"),  # overlaps A in part
        Span(3, 12, "claim", "C", "casualties"),  # same words as A
    ]
    out = render_body(body, spans)
    b = _Builder()
    b.feed(f"<div>{out}</div>")
    doc = b.root
    assert claim_text(doc, "A", "mark") == "12 killed"
    assert claim_text(doc, "B", "mark") == "killed and 30 wounded"
    assert claim_text(doc, "C", "mark") == "12 killed"
    assert doc.text() == body


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((2350.0, "at_least", 2350.0, None), "at least 2,350"),
        ((2350.0, "exact", 2350.0, 2350.0), "2,350"),
        ((100.0, "range", 100.0, 300.0), "between 100 and 300"),
        ((200.0, "vague", 200.0, 999.0), "200 to 999 (vague)"),
        ((1200000.0, "more_than", 1200000.0, None), "more than 1,200,000"),
        ((11000.0, "nearly", None, 11000.0), "nearly 11,000"),
    ],
)
def test_figure_words(args: tuple[float, str, float | None, float | None], words: str) -> None:
    assert figure_words(*args) == words


def test_slug_is_safe_and_unique() -> None:
    taken: set[str] = set()
    names = [slug(k, taken) for k in ("a1", "A1", "../etc/passwd", "x y", "x-y", "", ".hidden")]
    assert len({n.lower() for n in names}) == len(names)
    for n in names:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", n) and ".." not in n.split("-")[0]
