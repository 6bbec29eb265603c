"""The report used as a person uses it, in headless Chromium from file://.

Debian's ``chromium`` driven by Playwright through ``executable_path`` (``playwright install``
is never run: browser downloads are blocked). The tests skip, saying why, when either is
missing. Screenshots of the series, article, claim, disagreements and phone pages are written
to ``$REPORT_SCREENSHOTS`` when set (else pytest's temporary folder) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from report_helpers import HOSTILE_QUOTE, HOSTILE_TITLE, Built

CHROMIUM = Path(os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.skipif(
        sync_playwright is None, reason="playwright is not installed (pip install playwright)"
    ),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no browser at {CHROMIUM} (apt-get install chromium; see .ci/run)"
    ),
]


class Tab:
    """A page that records console errors and page errors, which every test asserts are none."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def on_dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)

    def open(self, path: Path) -> None:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")

    def visible_ids(self, selector: str) -> list[str]:
        return list(
            self.page.eval_on_selector_all(
                selector, "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.claimId)"
            )
        )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert sync_playwright is not None
    profile = tempfile.mkdtemp(prefix="tracker-chromium-")
    with sync_playwright() as p:
        try:
            ctx = p.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=ARGS,
                viewport={"width": 1280, "height": 900},
            )
        except Exception as exc:  # a browser that cannot start here is a skip, not a failure
            shutil.rmtree(profile, ignore_errors=True)
            pytest.skip(f"chromium at {CHROMIUM} cannot start: {exc}")
        yield ctx
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    page = browser.new_page()
    t = Tab(page)
    yield t
    page.close()
    assert t.errors == [], f"console errors: {t.errors}"
    assert t.dialogs == [], f"a script from the data ran: {t.dialogs}"


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("REPORT_SCREENSHOTS")
    folder = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _quotes(b: Built) -> dict[str, str]:
    return {str(r["claim_id"]): str(r["quote"]) for r in b.claims.iter_rows(named=True)}


def test_series_to_claim_to_article(sample_report: Built, tab: Tab, shots: Path) -> None:
    quotes = _quotes(sample_report)
    articles = {str(r["claim_id"]): str(r["article_id"]) for r in sample_report.claims.iter_rows(named=True)}
    page = tab.page
    tab.open(sample_report.out / "index.html")
    assert page.title().startswith("Overview")
    page.click("table.series tbody tr:first-child th a")
    page.wait_for_url("**/series/*.html")
    points = page.locator('svg.timeline a[data-role="point"]')
    assert points.count() >= 2
    rows = page.locator('tr[data-role="row"]')
    assert rows.count() >= points.count()
    page.screenshot(path=str(shots / "series.png"), full_page=True)

    # a point opens its claim: the highlighted words are the claim's quote
    cid = points.first.get_attribute("data-claim-id")
    assert cid
    points.first.click()
    page.wait_for_url("**/claims/*.html")
    mark = page.locator(f'mark[data-role="quote"][data-claim-id="{cid}"]')
    assert mark.inner_text() == quotes[cid]
    assert page.locator("a.ext").count() + page.locator("p.meta code").count() <= 1
    page.screenshot(path=str(shots / "claim.png"), full_page=True)

    # ... and from there the article, scrolled to the same words
    page.click("text=See it in the article text")
    page.wait_for_url("**/articles/*.html#m-*")
    assert page.locator("main").get_attribute("data-article-id") == articles[cid]
    target = page.locator(f'mark[data-role="mark"][data-claim-id="{cid}"]')
    assert target.inner_text() == quotes[cid]
    assert target.evaluate("e => e.matches(':target')")
    assert page.locator(f'li[data-role="item"][data-claim-id="{cid}"]').count() == 1
    page.screenshot(path=str(shots / "article.png"), full_page=True)


def test_row_click_opens_claim(sample_report: Built, tab: Tab) -> None:
    quotes = _quotes(sample_report)
    tab.open(sample_report.out / "claims.html")
    row = tab.page.locator('tr[data-role="row"]').nth(3)
    cid = row.get_attribute("data-claim-id")
    assert cid
    row.locator("td.words").click()  # not a link: the row itself opens the claim
    tab.page.wait_for_url("**/claims/*.html")
    assert tab.page.locator(f'mark[data-role="quote"][data-claim-id="{cid}"]').inner_text() == quotes[cid]


def test_filters_and_search(sample_report: Built, tab: Tab) -> None:
    claims = sample_report.claims
    page = tab.page
    tab.open(sample_report.out / "claims.html")
    assert len(tab.visible_ids('tr[data-role="row"]')) == claims.height

    page.select_option('select[data-filter="metric"]', "displaced")
    shown = tab.visible_ids('tr[data-role="row"]')
    want = set(claims.filter(pl.col("metric") == "displaced")["claim_id"].to_list())
    assert set(shown) == want and len(shown) == len(want)
    assert page.inner_text('[data-filter="count"]').startswith(f"{len(want)} of {claims.height}")

    # the search box looks in quotes and sources
    page.fill('input[data-filter="search"]', "ministry")
    shown = tab.visible_ids('tr[data-role="row"]')
    both = {
        str(r["claim_id"])
        for r in claims.iter_rows(named=True)
        if r["metric"] == "displaced" and "ministry" in f"{r['quote']} {r['source'] or ''}".lower()
    }
    assert both <= set(shown)
    assert set(shown) <= want

    page.click('button[data-filter="reset"]')
    assert len(tab.visible_ids('tr[data-role="row"]')) == claims.height

    # a quote search alone: "2,350"-style figures
    some_quote = str(claims["quote"][0])
    page.fill('input[data-filter="search"]', some_quote.lower())
    shown = tab.visible_ids('tr[data-role="row"]')
    assert str(claims["claim_id"][0]) in shown


def test_flag_filter_on_series_dims_points(sample_report: Built, tab: Tab) -> None:
    """On a series page, filtering by source hides rows and dims the points of those claims."""
    table = sample_report.comparison.table
    busiest = (
        table.group_by("series_id")
        .agg(pl.col("source_norm").n_unique().alias("n"))
        .sort(["n", "series_id"], descending=[True, False])
    )
    sid = str(busiest["series_id"][0])
    member = str(table.filter(pl.col("series_id") == sid)["claim_id"][0])
    pages = sorted((sample_report.out / "series").glob("*.html"))
    page_path = next(p for p in pages if f'data-claim-id="{member}" data-role="row"' in p.read_text("utf-8"))
    tab.open(page_path)
    page = tab.page
    options = page.eval_on_selector_all('select[data-filter="source"] option', "os => os.map(o => o.value)")
    value = options[1]
    page.select_option('select[data-filter="source"]', value)
    shown = set(tab.visible_ids('tr[data-role="row"]'))
    want = set(
        table.filter((pl.col("series_id") == sid) & (pl.col("source_norm") == value))["claim_id"].to_list()
    )
    assert shown == want
    dimmed = set(page.eval_on_selector_all("a.point.dim", "els => els.map(e => e.dataset.claimId)"))
    lit = set(page.eval_on_selector_all("a.point:not(.dim)", "els => els.map(e => e.dataset.claimId)"))
    assert lit <= want and not (dimmed & want)


def test_keyboard(sample_report: Built, tab: Tab) -> None:
    page = tab.page
    tab.open(sample_report.out / "claims.html")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.dataset.filter") == "search"
    page.keyboard.type("zzzz-no-such-words")
    assert tab.visible_ids('tr[data-role="row"]') == []
    page.keyboard.press("Escape")
    assert len(tab.visible_ids('tr[data-role="row"]')) == sample_report.claims.height
    # arrow keys move between rows' links; Enter opens the claim
    page.focus('tr[data-role="row"] td a')
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.closest('tr').dataset.claimId")
    assert second == page.locator('tr[data-role="row"]').nth(1).get_attribute("data-claim-id")
    page.keyboard.press("Enter")
    page.wait_for_url("**/claims/*.html")


def test_disagreements_page(sample_report: Built, tab: Tab, shots: Path) -> None:
    page = tab.page
    tab.open(sample_report.out / "disagreements.html")
    flagged = page.locator('[data-role="flagged"]')
    n = flagged.count()
    table = sample_report.comparison.table
    assert n == sum(len([f for f in (x or "").split(";") if f]) for x in table["flags"].to_list())
    assert page.locator('[data-role="counterpart"]').count() > 0
    page.screenshot(path=str(shots / "disagreements.png"), full_page=False)
    # following the other figure's article link lands on an article page
    link = page.locator('[data-role="counterpart"] a[href^="articles/"]').first
    link.click()
    page.wait_for_url("**/articles/*.html*")
    assert page.locator("main[data-article-id]").count() == 1


def test_phone_width(sample_report: Built, tab: Tab, shots: Path) -> None:
    page = tab.page
    page.set_viewport_size({"width": 390, "height": 844})
    tab.open(sample_report.out / "claims.html")
    # nothing wider than the screen: the table becomes cards
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    page.screenshot(path=str(shots / "phone-claims.png"))


def test_works_without_javascript(browser: Any, sample_report: Built) -> None:
    """All content is there without JavaScript; only the filters are absent."""
    page = browser.new_page()
    try:
        cdp = browser.new_cdp_session(page)
        cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.goto((sample_report.out / "claims.html").resolve().as_uri())
        assert page.evaluate("1 + 1") == 2  # evaluation from the test still works
        assert page.locator(".filters").count() == 0
        assert page.locator('tr[data-role="row"]').count() == sample_report.claims.height
        page.goto(next((sample_report.out / "series").glob("*.html")).resolve().as_uri())
        assert page.locator(".filters").count() == 0
        assert page.locator('tr[data-role="row"]').count() >= 1
    finally:
        page.close()


def test_hostile_report_in_browser(hostile_report: Built, tab: Tab) -> None:
    page = tab.page
    pages = sorted((hostile_report.out / "articles").glob("h1_hostile*.html"))
    tab.open(pages[0])
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert page.locator("main img, main svg[onload]").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    marks = page.locator('mark[data-role="mark"]')
    texts = [marks.nth(i).inner_text() for i in range(marks.count())]
    assert HOSTILE_QUOTE in texts
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # every page of the hostile report opens without an alert or a console error
    for p in sorted(hostile_report.out.rglob("*.html")):
        tab.open(p)
