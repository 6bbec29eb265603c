"""Ingest: every format, every encoding trap, and bad input that must never raise.

Fixtures are written into ``tmp_path`` by each test, so a test shows the exact bytes it reads.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import random
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.ingest import MissingPath, article_warnings, iter_articles
from tracker.ingest.dates import parse_date
from tracker.ingest.decode import NotText, decode_bytes
from tracker.ingest.frontmatter import FrontMatterError, split_front_matter
from tracker.model import CLAIM_COLUMNS, Article, Skipped

BODY = "At least 12 people were killed on Tuesday, the ministry said.\n\nRescue work went on.\n"


def write(path: Path, content: str | bytes) -> Path:
    """Write bytes as given, text as UTF-8 without newline translation."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read_all(*paths: Path | str) -> list[Article | Skipped]:
    return list(iter_articles(list(paths)))


def only_article(*paths: Path | str) -> Article:
    items = read_all(*paths)
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, Article), item
    return item


def only_skipped(*paths: Path | str) -> Skipped:
    items = read_all(*paths)
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, Skipped), item
    return item


# --- markdown and text ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".txt"])
def test_front_matter_fields_and_exact_body(tmp_path: Path, suffix: str) -> None:
    front = (
        "---\n"
        'title: "Strike kills 12"\n'
        "outlet: Example News\n"
        "published: 2024-10-15\n"
        "url: https://example.org/a/1\n"
        "author: A. Writer\n"
        "tags: [war, lebanon]\n"
        "---\n"
    )
    path = write(tmp_path / f"story-1{suffix}", front + BODY)
    article = only_article(path)
    assert article.article_id == "story-1"
    assert article.body == BODY
    assert article.title == "Strike kills 12"
    assert article.outlet == "Example News"
    assert article.published == dt.date(2024, 10, 15)
    assert article.url == "https://example.org/a/1"
    assert article.path == str(path)
    assert article.extra == {"author": "A. Writer", "tags": ["war", "lebanon"]}
    assert article_warnings(article) == []


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".txt"])
def test_without_front_matter_the_whole_text_is_the_body(tmp_path: Path, suffix: str) -> None:
    article = only_article(write(tmp_path / f"plain{suffix}", BODY))
    assert article.body == BODY
    assert (article.title, article.outlet, article.published, article.url) == (None, None, None, None)


def test_body_offsets_index_the_text_after_the_closing_fence(tmp_path: Path) -> None:
    text = "---\ntitle: T\n---\n\n  Leading spaces and 40 killed.  \n\n"
    article = only_article(write(tmp_path / "a.md", text))
    assert article.body == "\n  Leading spaces and 40 killed.  \n\n"
    start = article.body.index("40 killed")
    assert text[len("---\ntitle: T\n---\n") + start :].startswith("40 killed")


def test_crlf_is_kept_and_front_matter_still_found(tmp_path: Path) -> None:
    text = "---\r\ntitle: CRLF story\r\npublished: 2024-10-15\r\n---\r\nLine one.\r\nLine two.\r\n"
    article = only_article(write(tmp_path / "crlf.md", text))
    assert article.title == "CRLF story"
    assert article.published == dt.date(2024, 10, 15)
    assert article.body == "Line one.\r\nLine two.\r\n"


def test_date_is_an_alias_of_published(tmp_path: Path) -> None:
    article = only_article(write(tmp_path / "a.md", "---\ndate: 15 October 2024\n---\n" + BODY))
    assert article.published == dt.date(2024, 10, 15)
    assert "date" not in article.extra


def test_unterminated_front_matter_is_skipped(tmp_path: Path) -> None:
    skipped = only_skipped(write(tmp_path / "open.md", "---\ntitle: Never closed\n" + BODY))
    assert skipped.reason == "unterminated front matter: no closing --- line"
    assert skipped.path == str(tmp_path / "open.md")


def test_front_matter_with_no_body_is_skipped(tmp_path: Path) -> None:
    skipped = only_skipped(write(tmp_path / "a.md", "---\ntitle: Only metadata\n---\n\n  \n"))
    assert skipped.reason == "no article text after the front matter"


@pytest.mark.parametrize(
    ("published", "raw"),
    [
        ("yesterday", "yesterday"),
        ("2024-10", "2024-10"),
        ("2024-13-45", "2024-13-45"),
        ("Oct 2024", "Oct 2024"),
    ],
)
def test_unusable_published_keeps_article_with_warning(tmp_path: Path, published: str, raw: str) -> None:
    article = only_article(write(tmp_path / "a.md", f"---\npublished: {published}\n---\n{BODY}"))
    assert article.published is None
    assert article.extra["published_raw"] == raw
    assert article_warnings(article) == [f"published {raw!r} is not a full calendar date; left empty"]
    assert article.body == BODY


def test_list_as_title_gives_no_title_and_a_warning(tmp_path: Path) -> None:
    article = only_article(write(tmp_path / "a.md", "---\ntitle: [one, two]\noutlet: X\n---\n" + BODY))
    assert article.title is None
    assert article.outlet == "X"
    assert article_warnings(article) == ["title is a list, not text; ignored"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [("no", "no"), ("12:30", "12:30"), ("1984", "1984"), ("'quoted: yes'", "quoted: yes"), ("0x1F", "0x1F")],
)
def test_title_keeps_its_spelling_when_yaml_would_type_it(
    tmp_path: Path, written: str, expected: str
) -> None:
    article = only_article(write(tmp_path / "a.md", f"---\ntitle: {written}\n---\n{BODY}"))
    assert article.title == expected


@pytest.mark.parametrize(
    ("front", "warning_start"),
    [
        ("title: [unclosed\n", "front matter is not valid yaml ("),
        ("- just\n- a list\n", "front matter is a list, not key: value pairs"),
        ("a plain sentence\n", "front matter is a str, not key: value pairs"),
        ("key: value\n  bad indent: x\n", "front matter is not valid yaml ("),
    ],
)
def test_bad_front_matter_keeps_the_body_and_warns(tmp_path: Path, front: str, warning_start: str) -> None:
    article = only_article(write(tmp_path / "a.md", f"---\n{front}---\n{BODY}"))
    assert article.body == BODY
    assert article.title is None
    warnings = article_warnings(article)
    assert len(warnings) == 1
    assert warnings[0].startswith(warning_start)
    assert "\n" not in warnings[0]


def test_empty_front_matter_is_fine(tmp_path: Path) -> None:
    article = only_article(write(tmp_path / "a.md", "---\n---\n" + BODY))
    assert article.body == BODY
    assert article.extra == {}


def test_reserved_extra_key_is_not_overwritten_by_front_matter(tmp_path: Path) -> None:
    article = only_article(write(tmp_path / "a.md", "---\n_warnings: forged\n---\n" + BODY))
    assert article_warnings(article) == ["key '_warnings' is reserved for ingest; ignored"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no front matter\n", (None, 0)),
        ("---\na: 1\n---\nbody", ("a: 1\n", len("---\na: 1\n---\n"))),
        ("---  \r\na: 1\r\n---\t\r\nbody", ("a: 1\r\n", len("---  \r\na: 1\r\n---\t\r\n"))),
        ("---\n---\n", ("", 8)),
        ("---\na: 1\n---", ("a: 1\n", 12)),
        ("----\nnot a fence\n", (None, 0)),
    ],
)
def test_split_front_matter_table(text: str, expected: tuple[str | None, int]) -> None:
    assert split_front_matter(text) == expected


def test_split_front_matter_is_linear_on_hostile_input() -> None:
    hostile = "---\n" + "-- -\n" * 200_000 + "- " * 100_000
    started = time.perf_counter()
    with pytest.raises(FrontMatterError):
        split_front_matter(hostile)
    assert time.perf_counter() - started < 2


# --- encodings -------------------------------------------------------------------------------

SMART = "\u201cWe will not leave,\u201d she said \u2013 it\u2019s the caf\u00e9\u2019s last day.\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(codecs.BOM_UTF8 + SMART.encode("utf-8"), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + SMART.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + SMART.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(SMART.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(SMART.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(codecs.BOM_UTF32_LE + SMART.encode("utf-32-le"), id="utf-32-le-bom"),
        pytest.param(SMART.encode("cp1252"), id="cp1252"),
        pytest.param(SMART.encode("utf-8"), id="utf-8"),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes) -> None:
    article = only_article(write(tmp_path / "enc.txt", data))
    assert article.body == SMART
    assert not article.body.startswith("\ufeff")


def test_cp1252_front_matter_and_body(tmp_path: Path) -> None:
    text = "---\ntitle: \u201cQuoted\u201d title\n---\nIt\u2019s 40 people \u2014 at least.\n"
    article = only_article(write(tmp_path / "win.md", text.encode("cp1252")))
    assert article.title == "\u201cQuoted\u201d title"
    assert article.body == "It\u2019s 40 people \u2014 at least.\n"
    assert article.extra["_encoding"] == "cp1252"
    assert article_warnings(article) == ["not utf-8; decoded as cp1252 (best guess)"]


def test_utf8_with_a_stray_cp1252_byte_keeps_the_utf8(tmp_path: Path) -> None:
    data = "Caf\u00e9 \u00e9t\u00e9 \u2013 ".encode() + b"it\x92s\n"
    article = only_article(write(tmp_path / "mixed.txt", data))
    assert article.body == "Caf\u00e9 \u00e9t\u00e9 \u2013 it\u2019s\n"
    assert article_warnings(article) == ["not valid utf-8 in 1 byte(s); those read as cp1252"]


def test_utf8_bom_before_front_matter(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + ("---\ntitle: T\n---\n" + BODY).encode()
    article = only_article(write(tmp_path / "bom.md", data))
    assert (article.title, article.body) == ("T", BODY)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, id="png"),
        pytest.param(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"word/document.xml" * 10, id="zip"),
        pytest.param(random.Random(7).randbytes(4096), id="random-bytes"),
        pytest.param(b"text\x00with\x00\x00\x00nul\x00\x01\x02bytes" * 50, id="nul-bytes"),
        pytest.param(bytes(range(1, 32)) * 40, id="control-chars"),
    ],
)
def test_binary_files_are_skipped(tmp_path: Path, data: bytes) -> None:
    assert only_skipped(write(tmp_path / "bin.md", data)).reason == "binary file, not text"


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")],
    ids=["zero-bytes", "whitespace", "bom-only", "utf-16-whitespace"],
)
def test_empty_files_are_skipped(tmp_path: Path, data: bytes) -> None:
    assert only_skipped(write(tmp_path / "empty.txt", data)).reason == "empty file"


def test_decode_bytes_reports_binary_as_not_text() -> None:
    with pytest.raises(NotText, match="binary file, not text"):
        decode_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 10, 15), dt.date(2024, 10, 15)),
        (dt.datetime(2024, 10, 15, 23, 30, tzinfo=dt.UTC), dt.date(2024, 10, 15)),
        ("2024-10-15", dt.date(2024, 10, 15)),
        ("2024-10-15T08:00:00Z", dt.date(2024, 10, 15)),
        ("2024-10-15T23:30:00-05:00", dt.date(2024, 10, 15)),
        ("Oct. 15, 2024", dt.date(2024, 10, 15)),
        ("15 October 2024", dt.date(2024, 10, 15)),
        ("Tuesday, 15 October 2024 08:00 GMT", dt.date(2024, 10, 15)),
        ("  2024-10-15  ", dt.date(2024, 10, 15)),
        ("2024-10", None),
        ("Oct 2024", None),
        ("2024", None),
        ("2024-W42", None),
        ("yesterday", None),
        ("", None),
        (["2024-10-15"], None),
        (20241015, None),
        (None, None),
        ("9" * 5000, None),
        # day and month could be swapped: no guess (a wrong date is worse than none)
        ("10/01/2024", None),
        ("10.01.2024", None),
        ("03-04-2024", None),
        # only one reading, or year first: read
        ("13/01/2024", dt.date(2024, 1, 13)),
        ("01/13/2024", dt.date(2024, 1, 13)),
        ("10/10/2024", dt.date(2024, 10, 10)),
        ("2024/03/04", dt.date(2024, 3, 4)),
        ("Oct 10, 2024", dt.date(2024, 10, 10)),
    ],
)
def test_parse_date_table(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_ambiguous_published_date_is_left_empty_with_a_warning(tmp_path: Path) -> None:
    article = only_article(write(tmp_path / "a.md", "---\npublished: 10/01/2024\n---\n" + BODY))
    assert article.published is None
    assert article_warnings(article) == [
        "published '10/01/2024' could be read month-first or day-first; left empty (write it as yyyy-mm-dd)"
    ]


# --- collections -----------------------------------------------------------------------------

MEDIA_CLOUD_CSV = (
    "id,indexed_date,language,media_name,media_url,publish_date,title,url,text\r\n"
    "101,2024-10-16,en,Example News,example.org,2024-10-15 08:00:00,Strike kills 12,"
    'https://example.org/1,"At least 12 people were killed.\r\nRescue work went on."\r\n'
    "102,2024-10-17,en,Other Daily,other.net,2024-10-16,Toll rises,https://other.net/2,"
    "Toll rises to 20 after overnight strikes.\r\n"
    "103,2024-10-17,en,Other Daily,other.net,2024-10-16,No text here,https://other.net/3,\r\n"
)


CSV_TEXT = "id\ttitle\ttext\r\nx1\tCaf\u00e9 story\t\u201cTen\u201d people died, it\u2019s said.\r\n"


def test_media_cloud_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv", MEDIA_CLOUD_CSV)
    first, second, third = read_all(path)
    assert isinstance(first, Article)
    assert first.article_id == "101"
    assert first.title == "Strike kills 12"
    assert first.outlet == "Example News"
    assert first.published == dt.date(2024, 10, 15)
    assert first.url == "https://example.org/1"
    assert first.body == "Strike kills 12\n\nAt least 12 people were killed.\r\nRescue work went on."
    assert first.extra["language"] == "en"
    assert first.extra["media_url"] == "example.org"
    assert first.extra["_line"] == 2
    assert first.path == str(path)
    assert isinstance(second, Article)
    assert second.body == "Toll rises to 20 after overnight strikes."  # already starts with the title
    assert second.extra["_line"] == 4  # the quoted text of row 101 spans lines 2-3
    assert third == Skipped(str(path), "export.csv:5: row has no text")


def test_csv_without_text_column_is_skipped_once(tmp_path: Path) -> None:
    path = write(tmp_path / "meta.csv", "id,title,url\n1,A,https://a\n2,B,https://b\n")
    assert only_skipped(path).reason == "no text column (expected one of: text, body, content)"


def test_csv_semicolon_delimiter_and_missing_id(tmp_path: Path) -> None:
    path = write(tmp_path / "eu.csv", "title;body;date\nA;Five killed.;15.10.2024\nB;Six hurt.;\n")
    first, second = read_all(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert [first.article_id, second.article_id] == ["eu-1", "eu-2"]
    assert first.body == "A\n\nFive killed."
    assert first.published == dt.date(2024, 10, 15)


@pytest.mark.parametrize(
    ("data", "encoding_note"),
    [
        pytest.param(codecs.BOM_UTF8 + CSV_TEXT.encode(), None, id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + CSV_TEXT.encode("utf-16-le"), "utf-16", id="utf-16-bom-excel"),
        pytest.param(CSV_TEXT.encode("utf-16-le"), "utf-16-le", id="utf-16-no-bom"),
        pytest.param(CSV_TEXT.encode("cp1252"), "cp1252", id="cp1252"),
    ],
)
def test_csv_encodings(tmp_path: Path, data: bytes, encoding_note: str | None) -> None:
    article = only_article(write(tmp_path / "excel.csv", data))
    assert article.article_id == "x1"  # no BOM glued to the first column name
    assert article.title == "Caf\u00e9 story"
    assert article.body == "Caf\u00e9 story\n\n\u201cTen\u201d people died, it\u2019s said."
    assert article.extra.get("_encoding") == encoding_note


def test_csv_stray_byte_repaired_in_that_row_only(tmp_path: Path) -> None:
    data = "id,text\n1,Caf\u00e9 ok.\n".encode() + b"2,It\x92s 3.\n"
    first, second = read_all(write(tmp_path / "mixed.csv", data))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.body == "Caf\u00e9 ok."
    assert article_warnings(first) == []
    assert second.body == "It\u2019s 3."
    assert article_warnings(second) == ["mixed.csv:3: 1 byte(s) not valid utf-8; read as cp1252"]


def test_csv_unterminated_quote_does_not_swallow_the_next_rows(tmp_path: Path) -> None:
    """The reviewer's case: the quote opened on line 3 is closed only by row 4's quote. The
    rows before are kept; that row and the rest are reported, not read as one article."""
    data = 'id,text\n0,"Fine: 3 killed."\n1,"unterminated ...\n2,"At least 9 people were killed."\n'
    items = read_all(write(tmp_path / "broken.csv", data))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped"]
    first, skipped = items
    assert isinstance(first, Article) and first.body == "Fine: 3 killed."
    assert isinstance(skipped, Skipped)
    assert skipped.reason == "broken.csv:3: unterminated quoted field (runs to line 4); rest of file skipped"


def test_csv_quote_open_at_the_end_of_the_file(tmp_path: Path) -> None:
    skipped = only_skipped(write(tmp_path / "eof.csv", 'id,text\n1,"never closed\nmore text\n'))
    assert skipped.reason == "eof.csv:2: unterminated quoted field (runs to the end of the file); rest of file skipped"


def test_csv_multiline_cells_and_a_stray_quote_on_one_line_still_read(tmp_path: Path) -> None:
    data = 'id,text\n1,"two\nlines, 4 killed"\n2,"x" y 5 killed\n3,last\n'
    items = read_all(write(tmp_path / "ok.csv", data))
    assert [i.body for i in items if isinstance(i, Article)] == ["two\nlines, 4 killed", "x y 5 killed", "last"]


def test_jsonl_bad_lines_are_skipped_and_the_rest_kept(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 1, "title": "A", "text": "One killed.", "outlet": "X", "published": "2024-10-15"}),
        "",
        '{"id": 2, "text": "broken',
        "[1, 2, 3]",
        json.dumps({"id": 4, "title": "D"}),
        json.dumps({"id": 5, "text": "Five injured.", "publish_date": "yesterday", "source_lang": "en"}),
    ]
    path = write(tmp_path / "rows.jsonl", "\n".join(lines) + "\n")
    items = read_all(path)
    assert [type(item).__name__ for item in items] == ["Article", "Skipped", "Skipped", "Skipped", "Article"]
    first, bad, not_object, no_text, last = items
    assert isinstance(first, Article) and isinstance(last, Article)
    assert (first.article_id, first.body, first.outlet) == ("1", "A\n\nOne killed.", "X")
    assert isinstance(bad, Skipped) and bad.reason.startswith("rows.jsonl:3: invalid json (")
    assert not_object == Skipped(str(path), "rows.jsonl:4: not a json object but a list")
    assert no_text == Skipped(str(path), "rows.jsonl:5: row has no text")
    assert last.article_id == "5"
    assert last.extra["source_lang"] == "en"
    assert article_warnings(last) == [
        "rows.jsonl:6: published 'yesterday' is not a full calendar date; left empty"
    ]


def test_jsonl_list_title_and_non_string_text(tmp_path: Path) -> None:
    rows = [{"id": "a", "title": ["x"], "text": "Body a."}, {"id": "b", "text": 42}]
    first, second = read_all(write(tmp_path / "t.jsonl", "\n".join(json.dumps(r) for r in rows)))
    assert isinstance(first, Article) and first.title is None and first.body == "Body a."
    assert article_warnings(first) == ["t.jsonl:1: title is a list, not text; ignored"]
    assert isinstance(second, Skipped) and second.reason == "t.jsonl:2: row text is a number, not a string"


# --- HTML ------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Strike kills 12 | Example News</title>
<meta property="og:title" content="Strike kills 12 in village">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-10-15T08:00:00Z">
<link rel="canonical" href="https://example.org/a/1">
<style>.lead { color: red } STYLETEXT</style>
<script>var tracking = "SCRIPTTEXT";</script>
</head><body><nav>Home | World | Sport</nav>
<article><h1>Strike kills 12 in village</h1>
<p>At least 12 people were killed and 30 injured in a strike on the village on Tuesday, the health
ministry said in a statement carried by the state news agency.</p>
<script>document.write("INLINESCRIPT")</script>
<p>Rescue teams were still searching the rubble late on Tuesday, according to local officials who
spoke to reporters at the scene.</p></article>
<footer>Copyright Example News</footer></body></html>"""


def test_html_text_and_metadata(tmp_path: Path) -> None:
    article = only_article(write(tmp_path / "page.html", PAGE))
    assert article.article_id == "page"
    assert article.title == "Strike kills 12 in village"
    assert article.outlet == "Example News"
    assert article.published == dt.date(2024, 10, 15)
    assert article.url == "https://example.org/a/1"
    assert article.body.startswith("Strike kills 12 in village")
    assert "At least 12 people were killed" in article.body
    for junk in ("SCRIPTTEXT", "STYLETEXT", "INLINESCRIPT", "color: red"):
        assert junk not in article.body


def test_html_body_gets_the_title_when_the_text_lacks_it(tmp_path: Path) -> None:
    page = PAGE.replace("<h1>Strike kills 12 in village</h1>", "")
    article = only_article(write(tmp_path / "page.htm", page))
    assert article.body.startswith("Strike kills 12 in village\n\nAt least 12 people")


def test_html_declared_latin1_reads_like_a_browser(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace(
        "Tuesday, the", "Tuesday, \u201cthe"
    )
    article = only_article(write(tmp_path / "old.html", page.encode("cp1252")))
    assert "\u201cthe health" in article.body


def test_html_without_text_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.html", "<html><head><title>x</title></head><body></body></html>")
    assert only_skipped(path).reason == "no article text found in the html"


# --- folders, ids, paths ---------------------------------------------------------------------


def test_folder_order_is_sorted_depth_first_and_clutter_ignored(tmp_path: Path) -> None:
    names = ["b.md", "a/z.txt", "a/b/c.md", "c.jsonl", "A.md", "a.md", "10.md", "9.md"]
    clutter = [
        "README.md", "MANIFEST.csv", "_draft.md", ".hidden.md", ".git/obj.md", "_private/x.md",
        "notes.pdf", "image.png", "a/b/data.xlsx", "readme.txt",
    ]  # fmt: skip
    for name in random.Random(3).sample(names + clutter, len(names + clutter)):
        content = json.dumps({"id": name, "text": "Row text."}) if name.endswith(".jsonl") else BODY
        write(tmp_path / name, content)
    items = read_all(tmp_path)
    assert all(isinstance(item, Article) for item in items), items
    got = [
        Path(str(item.path)).relative_to(tmp_path).as_posix() for item in items if isinstance(item, Article)
    ]
    assert got == ["10.md", "9.md", "A.md", "a/b/c.md", "a/z.txt", "a.md", "b.md", "c.jsonl"]
    assert read_all(tmp_path) == items  # deterministic


def test_duplicate_ids_across_files_and_rows(tmp_path: Path) -> None:
    write(tmp_path / "one" / "story.md", BODY)
    write(tmp_path / "two" / "story.md", BODY)
    write(tmp_path / "two" / "rows.jsonl", json.dumps({"id": "story", "text": "Again."}))
    first, second, third = read_all(tmp_path / "one", tmp_path / "two")
    assert isinstance(first, Article)
    assert second == Skipped(
        str(tmp_path / "two" / "rows.jsonl"),
        f"rows.jsonl:1: duplicate article id 'story' (first seen in {tmp_path / 'one' / 'story.md'})",
    )
    assert third == Skipped(
        str(tmp_path / "two" / "story.md"),
        f"duplicate article id 'story' (first seen in {tmp_path / 'one' / 'story.md'})",
    )


def test_same_name_in_two_sub_folders_gives_two_articles(tmp_path: Path) -> None:
    """Folders are read recursively, so d1/story.md and d2/story.md are two articles: each is
    known by its path from the folder given; a unique stem keeps the plain stem as its id."""
    write(tmp_path / "corpus" / "d1" / "story.md", BODY)
    write(tmp_path / "corpus" / "d2" / "story.md", BODY)
    write(tmp_path / "corpus" / "d2" / "other.md", BODY)
    write(tmp_path / "corpus" / "d2" / "story.html", "<html><body><p>" + BODY + "</p></body></html>")
    items = read_all(tmp_path / "corpus")
    ids = [i.article_id for i in items if isinstance(i, Article)]
    assert ids == ["d1/story", "other", "d2/story"]
    # d2/story.md and d2/story.html have the same path without extension: one article saved twice.
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [s.reason for s in skipped] == [
        f"duplicate article id 'd2/story' (first seen in {tmp_path / 'corpus' / 'd2' / 'story.html'})"
    ]
    # Files named on the command line: their path as given.
    a, b = read_all(tmp_path / "corpus" / "d1" / "story.md", tmp_path / "corpus" / "d2" / "story.md")
    assert isinstance(a, Article) and a.article_id == (tmp_path / "corpus" / "d1" / "story").as_posix()
    assert isinstance(b, Article) and b.article_id == (tmp_path / "corpus" / "d2" / "story").as_posix()
    # The same file given twice is one file, not a clash: its stem, then a duplicate.
    once, again = read_all(tmp_path / "corpus" / "d1" / "story.md", tmp_path / "corpus" / "d1" / "story.md")
    assert isinstance(once, Article) and once.article_id == "story" and isinstance(again, Skipped)


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    write(tmp_path / "corpus" / "sub" / "a.md", BODY)
    try:
        (tmp_path / "corpus" / "sub" / "loop").symlink_to(tmp_path / "corpus", target_is_directory=True)
        (tmp_path / "corpus" / "self").symlink_to(".", target_is_directory=True)
    except OSError:
        pytest.skip("symlinks not supported here")
    with ThreadPoolExecutor(max_workers=1) as pool:
        items = pool.submit(read_all, tmp_path / "corpus").result(timeout=20)
    assert [item.article_id for item in items if isinstance(item, Article)] == ["a"]
    assert all(isinstance(item, Article) for item in items)


def test_broken_symlink_with_a_supported_extension_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "ok.md", BODY)
    try:
        (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    except OSError:
        pytest.skip("symlinks not supported here")
    items = read_all(tmp_path)
    assert Skipped(str(tmp_path / "gone.md"), "broken symbolic link") in items


def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.md", BODY)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that read a chmod 000 file (root)")
        assert only_skipped(path).reason == "cannot read file: permission denied"
    finally:
        path.chmod(0o644)


def test_unreadable_collection_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.csv", "id,text\n1,x\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that read a chmod 000 file (root)")
        assert only_skipped(path).reason == "cannot read file: permission denied"
    finally:
        path.chmod(0o644)


def test_explicit_unknown_type_is_skipped_but_ignored_in_folders(tmp_path: Path) -> None:
    path = write(tmp_path / "data.xyz", BODY)
    assert only_skipped(path) == Skipped(str(path), "unsupported file type .xyz")
    assert read_all(tmp_path) == []


def test_explicit_readme_is_read(tmp_path: Path) -> None:
    assert only_article(write(tmp_path / "README.md", BODY)).article_id == "README"


def test_own_output_tables_are_not_read_back(tmp_path: Path) -> None:
    write(tmp_path / "story.md", BODY)
    claims = write(tmp_path / "claims.csv", ",".join(CLAIM_COLUMNS) + "\n" + "x," * 20 + "x\n")
    claims_jsonl = write(tmp_path / "claims.jsonl", json.dumps(dict.fromkeys(CLAIM_COLUMNS, "x")) + "\n")
    assert [item.article_id for item in read_all(tmp_path) if isinstance(item, Article)] == ["story"]
    assert len(read_all(tmp_path)) == 1
    assert only_skipped(claims).reason == "a claims table written by tracker, not articles"
    assert only_skipped(claims_jsonl).reason == "a claims table written by tracker, not articles"


def test_own_jsonl_output_with_no_rows_is_not_an_empty_file(tmp_path: Path) -> None:
    """Re-running extract into its own input folder with .jsonl output: the rejects table has no
    rows, so it is an empty file; met in the folder it is passed over like the other tables
    (else --strict exits 1 on the tracker's own output). Named explicitly, it is still reported."""
    from click.testing import CliRunner

    from tracker.cli import main

    write(tmp_path / "mc" / "in.jsonl", json.dumps({"id": "a1", "text": BODY}) + "\n")
    out = str(tmp_path / "mc" / "claims.jsonl")
    assert CliRunner().invoke(main, ["extract", str(tmp_path / "mc"), "-o", out]).exit_code == 0
    assert (tmp_path / "mc" / "rejects.jsonl").stat().st_size == 0
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "mc"), "-o", out, "--strict"])
    assert res.exit_code == 0, res.output
    assert "skipped" not in res.output.replace("0 files skipped", "")
    rejects = tmp_path / "mc" / "rejects.jsonl"
    assert only_skipped(rejects).reason == "empty file"
    # A non-empty rejects table is named as such.
    row = dict.fromkeys(CLAIM_COLUMNS, "x") | {"reason": "quote not at offsets"}
    write(tmp_path / "r" / "rejects.jsonl", json.dumps(row) + "\n")
    assert only_skipped(tmp_path / "r" / "rejects.jsonl").reason == "a rejects table written by tracker, not articles"
    # An empty collection of another name is still reported.
    assert only_skipped(write(tmp_path / "e" / "feed.jsonl", "")).reason == "empty file"
    assert [i.reason for i in read_all(tmp_path / "e") if isinstance(i, Skipped)] == ["empty file"]


def test_missing_path_raises_before_streaming(tmp_path: Path) -> None:
    write(tmp_path / "ok.md", BODY)
    with pytest.raises(MissingPath, match="no such file or folder"):
        iter_articles([tmp_path / "ok.md", tmp_path / "nope"])  # no next() needed


def test_a_lone_path_string_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "one.md", BODY)
    assert [item.article_id for item in iter_articles(str(path)) if isinstance(item, Article)] == ["one"]


def test_streams_lazily_one_file_at_a_time(tmp_path: Path) -> None:
    write(tmp_path / "a.md", BODY)
    write(tmp_path / "b.md", BODY)
    stream: Iterator[Article | Skipped] = iter_articles([tmp_path])
    first = next(stream)
    assert isinstance(first, Article) and first.article_id == "a"
    (tmp_path / "b.md").unlink()  # not read yet, so its disappearance shows up now
    assert list(stream) == [Skipped(str(tmp_path / "b.md"), "cannot read file: no such file or directory")]


# --- never raises ----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=400).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.text(alphabet="-:\n\r\"'[]{}#, abc\t", max_size=300).map(str.encode),
    ),
    suffix=st.sampled_from([".md", ".txt", ".html", ".csv", ".jsonl"]),
)
def test_any_bytes_in_any_format_never_raise(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / f"fuzz{suffix}", data)
        for item in iter_articles([path]):
            assert isinstance(item, Article | Skipped)
            if isinstance(item, Skipped):
                assert item.reason and "\n" not in item.reason
                assert not item.reason.startswith("unexpected error"), item.reason


@pytest.mark.parametrize("name", ["locked.md", "locked.html", "locked.csv", "locked.jsonl"])
def test_permission_error_is_reported_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """chmod 000 does not stop root, so the error itself is injected for this path."""
    path = write(tmp_path / name, "id,text\n1,x\n")
    real_open = Path.open

    def refusing_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refusing_open)
    assert only_skipped(path) == Skipped(str(path), "cannot read file: permission denied")
