"""tracker fetch against a local server: metadata, skips, and one line per failing URL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from local_site import Site

from tracker.cli import main
from tracker.ingest import iter_articles
from tracker.ingest.fetch import USER_AGENT, FetchOptions, fetch_all, url_to_id
from tracker.ingest.frontmatter import parse_front_matter, split_front_matter
from tracker.model import Article

FAST = FetchOptions(timeout=0.5, retries=1, backoff=0.01)


def _front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    source, _ = split_front_matter(text)
    assert source is not None
    return parse_front_matter(source).values


def _article(path: Path) -> Article:
    (item,) = list(iter_articles([path]))
    assert isinstance(item, Article), item
    return item


def test_fetch_stores_markdown_with_metadata(site: Site, tmp_path: Path) -> None:
    summary = fetch_all([site.url("/news/strike")], tmp_path, FAST)
    (result,) = summary.results
    assert result.status == "fetched" and result.path is not None
    assert result.path.parent == tmp_path and result.path.suffix == ".md"
    front = _front(result.path)
    assert front["title"] == "Strikes kill 12 in southern town"
    assert front["outlet"] == "Example Wire"
    assert front["published"] == "2024-10-15"
    assert front["url"] == site.url("/news/strikes-kill-12")  # the canonical link
    assert front["fetched_url"] == site.url("/news/strike")
    assert dt.datetime.fromisoformat(str(front["fetched_at"]).replace("Z", "+00:00"))
    article = _article(result.path)
    assert article.title == "Strikes kill 12 in southern town"
    assert article.published == dt.date(2024, 10, 15)
    assert article.outlet == "Example Wire"
    assert article.body.startswith("Strikes kill 12 in southern town")  # headline first (rule 8)
    assert "At least 12 people were killed and 30 wounded" in article.body
    assert "All rights reserved" not in article.body and "Sport" not in article.body  # boilerplate
    assert site.hits["ua:" + USER_AGENT] == 1


def test_charset_declared_only_in_the_page(site: Site, tmp_path: Path) -> None:
    (result,) = fetch_all([site.url("/fr/quake")], tmp_path, FAST).results
    assert result.status == "fetched", result.reason
    article = _article(result.path)  # type: ignore[arg-type]
    assert "Plus de 300 personnes ont été tuées" in article.body
    assert article.outlet == "Journal Exemple"


def test_repeated_url_is_skipped_without_a_request(site: Site, tmp_path: Path) -> None:
    url = site.url("/news/strike")
    first = fetch_all([url, url + "#comments"], tmp_path, FAST)
    assert [r.status for r in first.results] == ["fetched", "skipped"]
    before = first.results[0].path.read_bytes()  # type: ignore[union-attr]
    second = fetch_all([url], tmp_path, FAST)
    assert [r.status for r in second.results] == ["skipped"]
    assert second.results[0].reason == "already fetched"
    assert site.hits["/news/strike"] == 1
    assert first.results[0].path.read_bytes() == before  # type: ignore[union-attr]
    assert len(list(tmp_path.glob("*.md"))) == 1


def test_failures_give_one_reason_each_and_the_rest_go_on(site: Site, tmp_path: Path) -> None:
    urls = [
        site.url("/missing"),
        site.url("/report.pdf"),
        site.url("/slow"),
        site.url("/index"),
        "file:///etc/passwd",
        "http://127.0.0.1:9/closed",  # discard port: nothing listens, connection refused
        site.url("/news/strike"),
    ]
    summary = fetch_all(urls, tmp_path, FAST, sleep=lambda _s: None)
    by_url = {r.url: r for r in summary.results}
    assert by_url[site.url("/missing")].reason.startswith("HTTP 404")
    assert by_url[site.url("/report.pdf")].reason == "not HTML (content type application/pdf)"
    assert by_url[site.url("/slow")].reason.startswith("timed out after 0.5 s (after 2 attempts)")
    assert by_url[site.url("/index")].reason.startswith("no article text found in the page")
    assert by_url["file:///etc/passwd"].reason == "not an http(s) URL"
    assert by_url["http://127.0.0.1:9/closed"].reason.startswith("cannot connect")
    assert by_url[site.url("/news/strike")].status == "fetched"
    assert summary.count("failed") == 6
    assert site.hits["/missing"] == 1  # a 404 is not retried
    assert len(list(tmp_path.glob("*.md"))) == 1
    assert not list(tmp_path.glob(".*.tmp"))


def test_transient_error_is_retried_with_backoff(site: Site, tmp_path: Path) -> None:
    waits: list[float] = []
    opts = FetchOptions(timeout=2, retries=2, backoff=0.25)
    (result,) = fetch_all([site.url("/flaky")], tmp_path, opts, sleep=waits.append).results
    assert result.status == "fetched"
    assert site.hits["/flaky"] == 2 and waits == [0.25]


def test_redirect_records_both_urls(site: Site, tmp_path: Path) -> None:
    (result,) = fetch_all([site.url("/moved")], tmp_path, FAST).results
    assert result.status == "fetched"
    assert _front(result.path)["fetched_url"] == site.url("/moved")  # type: ignore[arg-type]


def test_file_name_is_stable_and_readable() -> None:
    a = url_to_id("https://www.Example.org/news/2024/strike-kills-12?x=1#top")
    assert a == url_to_id("https://www.example.org/news/2024/strike-kills-12?x=1")
    assert a.startswith("example-org-news-2024-strike-kills-12-")
    assert a != url_to_id("https://www.example.org/news/2024/strike-kills-12?x=2")


def test_cli_fetch_reads_a_url_list(site: Site, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# pages for the test\n{site.url('/news/strike')}\n\n{site.url('/missing')}\n",
                    encoding="utf-8")
    raw = tmp_path / "raw"
    args = ["fetch", "-i", str(urls), "-o", str(raw), "--timeout", "2", "--retries", "0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"tracker: warning: {site.url('/missing')}: HTTP 404" in result.output
    assert "1 fetched" in result.output and "1 failed" in result.output
    assert len(list(raw.glob("*.md"))) == 1
    again = CliRunner().invoke(main, [*args, "--strict"])
    assert again.exit_code == 1  # the 404 again, with --strict
    assert "1 already present" in again.output


def test_cli_fetch_without_urls_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["fetch"])
    assert result.exit_code == 2 and "give URLs or -i FILE" in result.output


@pytest.mark.parametrize("bad", ["ftp://example.org/a", "not a url", ""])
def test_non_http_inputs_fail_without_network(bad: str, tmp_path: Path) -> None:
    (result,) = fetch_all([bad], tmp_path, FAST).results
    assert result.status == "failed" and result.reason == "not an http(s) URL"


def test_cli_fetch_with_an_empty_list_says_the_list_is_empty(tmp_path: Path) -> None:
    """The user did give -i FILE: the message is about the file, not about how to call fetch."""
    empty = tmp_path / "urls.txt"
    empty.write_text("\n# nothing yet\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fetch", "-i", str(empty), "-o", str(tmp_path / "raw")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"tracker: error: {empty}: no URLs in the list; nothing to fetch"]
    assert not (tmp_path / "raw").exists()
