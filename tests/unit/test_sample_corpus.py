"""The bundled sample corpus: digests of public reporting, figures as the pages reported them.

A fact-checking tool cannot ship invented numbers: every figure the extractor finds in a
sample article must be one the facts sheet records for that article's URL (checked when
../shared is beside the clone), and every figure the manifest lists must be in the facts sheet.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from tracker.extract.claims import extract_claims
from tracker.ingest import iter_articles
from tracker.model import Article

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
FACTS = ROOT.parent / "shared" / "facts" / "real_reports.csv"


def _articles() -> list[Article]:
    return [a for a in iter_articles([RAW]) if isinstance(a, Article)]


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.5, 0.005 * abs(b))


def test_corpus_size_and_front_matter() -> None:
    arts = _articles()
    assert len(arts) >= 40
    for a in arts:
        assert a.outlet and a.url and a.url.startswith("http"), a.article_id
        assert a.title, a.article_id
    lebanon = [a for a in arts if a.article_id.startswith("a")]
    assert len(lebanon) >= 30
    assert len({a.outlet for a in lebanon}) >= 20
    assert sum(a.published is None for a in arts) <= 3


def test_every_sample_article_yields_claims() -> None:
    empty = [a.article_id for a in _articles() if not extract_claims(a)]
    assert not empty


@pytest.fixture(scope="module")
def facts() -> dict[str, list[tuple[str, float]]]:
    if not FACTS.exists():
        pytest.skip("../shared/facts/real_reports.csv is not beside this clone")
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    with FACTS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                out[row["url"]].append((row["metric"], float(row["value"])))
            except ValueError:
                continue  # the three percentage rows
    return out


@pytest.mark.shared
def test_manifest_figures_are_in_the_facts_sheet(facts: dict[str, list[tuple[str, float]]]) -> None:
    with (RAW / "MANIFEST.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    bad = [r for r in rows if not any(m == r["metric"] and _near(v, float(r["value"])) for m, v in facts[r["url"]])]
    assert not bad


@pytest.mark.shared
def test_extracted_figures_are_in_the_facts_sheet(facts: dict[str, list[tuple[str, float]]]) -> None:
    """Every reported figure the extractor finds is recorded for that URL (any metric: the
    extractor may call a figure 'casualties' where the sheet says 'killed')."""
    unknown = []
    for a in _articles():
        values = [v for _, v in facts[a.url or ""]]
        for c in extract_claims(a):
            if str(c.modality) == "reported" and not any(_near(c.value, v) for v in values):
                unknown.append((a.article_id, str(c.metric), c.value, c.quote))
    assert not unknown
