"""Fixtures of the report tests: built reports of the sample and eval corpora and of a
hostile corpus.

The reports are built once per session (extracting a corpus takes seconds) into pytest's
temporary folder; the tests only read them.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from report_helpers import HOSTILE_QUOTE, HOSTILE_SOURCE, HOSTILE_TITLE, Built, _claim_row

from tracker.compare import compare, read_table
from tracker.model import CLAIM_COLUMNS
from tracker.pipeline import run_extract
from tracker.report import build_report

ROOT = Path(__file__).resolve().parents[2]
#: The sample corpus and the annotated eval corpus (tests/eval/articles; not the held-out one).
CORPORA = {"sample": ROOT / "data" / "raw", "eval": ROOT / "tests" / "eval" / "articles"}


def _build(corpus: Path, work: Path) -> Built:
    claims_path = work / "clean" / "claims.csv"
    run_extract([corpus], claims_path)
    out = work / "report"
    result = build_report(claims_path, None, out)
    claims = read_table(claims_path)
    articles = read_table(work / "clean" / "articles.csv")
    return Built(out, claims, articles, compare(claims, articles), result)


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(CORPORA["sample"], tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def eval_report(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(CORPORA["eval"], tmp_path_factory.mktemp("eval"))


@pytest.fixture(scope="session")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Two articles: one whose title, outlet, URL, body, quote and source are hostile HTML."""
    work = tmp_path_factory.mktemp("hostile")
    raw = work / "raw"
    raw.mkdir()
    body1 = (
        f"{HOSTILE_TITLE}\n\n"
        f"Officials said {HOSTILE_QUOTE} in the attack, according to the ministry.\n\n"
        "Another 7 were wounded, and 'up to 1,000 could flee' <b>if</b> it goes on.\n\n"
        "Subscribe to our newsletter for 3 updates a day."
    )
    body2 = "Health officials said 40 people killed in the attack on Monday.\n"
    (raw / "h1_hostile.md").write_text(body1, encoding="utf-8")
    (raw / "h2_plain.md").write_text(body2, encoding="utf-8")
    claims = pl.DataFrame(
        [
            _claim_row("h1_hostile", body1, HOSTILE_QUOTE, source=HOSTILE_SOURCE),
            _claim_row(
                "h1_hostile",
                body1,
                "7 were wounded",
                metric="injured",
                value=7.0,
                value_low=7.0,
                value_high=7.0,
            ),
            _claim_row(
                "h1_hostile",
                body1,
                "up to 1,000 could flee",
                metric="displaced",
                value=1000.0,
                value_low=None,
                value_high=1000.0,
                qualifier="up_to",
                modality="hypothetical",
            ),
            _claim_row("h2_plain", body2, "40 people killed", source="Health officials"),
        ],
        schema=dict.fromkeys(CLAIM_COLUMNS, pl.String),
        strict=False,
    )
    articles = pl.DataFrame(
        {
            "article_id": ["h1_hostile", "h2_plain"],
            "title": [HOSTILE_TITLE, "Forty killed"],
            "outlet": ["<b>Evil</b> Outlet", "Plain News"],
            "published": ["2024-10-01", "2024-10-02"],
            "url": ["javascript:alert(document.domain)", "https://example.org/a?x=1&y=<2>"],
            "path": [str(raw / "h1_hostile.md"), str(raw / "h2_plain.md")],
            "n_chars": [len(body1), len(body2)],
        }
    )
    out = work / "report"
    result = build_report(claims, articles, out)
    return Built(out, claims, articles, compare(claims, articles), result)
