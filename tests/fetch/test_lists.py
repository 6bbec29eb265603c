"""Article lists from GDELT and Media Cloud, and fetching from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from local_site import Site

from tracker.ingest import iter_articles
from tracker.ingest.fetch import FetchOptions, fetch_all
from tracker.ingest.lists import Listed, ListError, detect_kind, read_list
from tracker.model import Article

GDELT_JSON = {
    "articles": [
        {
            "url": "https://example.org/a",
            "url_mobile": "",
            "title": "Strike kills 12",
            "seendate": "20241015T093000Z",
            "socialimage": "",
            "domain": "example.org",
            "language": "English",
            "sourcecountry": "Lebanon",
        },
        {"url": "https://example.org/b", "title": "No date", "seendate": ""},
        {"title": "no url: ignored"},
    ]
}

GDELT_CSV = (
    "URL,MobileURL,Date,Title\r\n"
    "https://example.org/a,,20241015T093000Z,Strike kills 12\r\n"
    "https://example.org/c,,2024-10-16 08:00:00,Second day\r\n"
)

MEDIACLOUD_CSV = (
    "id,indexed_date,language,media_name,media_url,publish_date,title,url,text\n"
    'abc1,2024-10-16,en,Example Wire,example.org,2024-10-15 09:30:00,"Strikes kill 12",'
    'https://example.org/strikes,"At least 12 people were killed and 30 wounded, the ministry said."\n'
    "abc2,2024-10-16,en,Other Daily,other.org,2024-10-14,Quake,https://other.org/quake,\n"
)


def test_gdelt_json(tmp_path: Path) -> None:
    path = tmp_path / "artlist.json"
    path.write_text(json.dumps(GDELT_JSON), encoding="utf-8")
    assert detect_kind(path) == "gdelt"
    items = read_list(path)
    assert items == [
        Listed("https://example.org/a", "Strike kills 12", "example.org", "2024-10-15", origin="gdelt"),
        Listed("https://example.org/b", "No date", None, None, origin="gdelt"),
    ]


def test_gdelt_csv(tmp_path: Path) -> None:
    path = tmp_path / "artlist.csv"
    path.write_text(GDELT_CSV, encoding="utf-8")
    assert detect_kind(path) == "gdelt"
    assert [(i.url, i.published) for i in read_list(path)] == [
        ("https://example.org/a", "2024-10-15"),
        ("https://example.org/c", "2024-10-16"),
    ]


def test_mediacloud_csv(tmp_path: Path) -> None:
    path = tmp_path / "mc.csv"
    path.write_text(MEDIACLOUD_CSV, encoding="utf-8")
    assert detect_kind(path) == "mediacloud"
    first, second = read_list(path)
    assert first.outlet == "Example Wire" and first.published == "2024-10-15"
    assert first.text is not None and first.text.startswith("At least 12")
    assert second.text is None


def test_mediacloud_text_is_written_without_a_download(tmp_path: Path) -> None:
    path = tmp_path / "mc.csv"
    path.write_text(MEDIACLOUD_CSV.splitlines()[0] + "\n" + MEDIACLOUD_CSV.splitlines()[1] + "\n",
                    encoding="utf-8")
    raw = tmp_path / "raw"
    summary = fetch_all(read_list(path), raw, FetchOptions(timeout=0.1, retries=0))
    (result,) = summary.results
    assert result.status == "written"
    (article,) = list(iter_articles([raw]))
    assert isinstance(article, Article)
    assert article.outlet == "Example Wire" and article.url == "https://example.org/strikes"
    assert str(article.published) == "2024-10-15"
    assert article.body.startswith("Strikes kill 12\n\nAt least 12 people were killed")


def test_listed_metadata_fills_gaps_of_the_page(site: Site, tmp_path: Path) -> None:
    listed = Listed(site.url("/news/strike"), title="List title", outlet="List outlet",
                    published="2020-01-01")
    (result,) = fetch_all([listed], tmp_path, FetchOptions(timeout=2)).results
    (article,) = list(iter_articles([result.path]))  # type: ignore[list-item]
    assert isinstance(article, Article)
    assert article.title == "Strikes kill 12 in southern town"  # the page wins
    assert str(article.published) == "2024-10-15"


def test_url_list_and_errors(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("\ufeff# comment\nhttps://example.org/a\n\n  https://example.org/b  \n", encoding="utf-8")
    assert [i.url for i in read_list(urls)] == ["https://example.org/a", "https://example.org/b"]
    odd = tmp_path / "odd.csv"
    odd.write_text("link,headline\nhttps://example.org/a,x\n", encoding="utf-8")
    with pytest.raises(ListError, match="cannot tell"):
        read_list(odd)
    with pytest.raises(ListError, match="no 'url' column"):
        read_list(odd, "mediacloud")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ListError, match="not valid JSON"):
        read_list(bad)
