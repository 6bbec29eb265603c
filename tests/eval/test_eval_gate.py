"""Evaluation gate: the extractor must keep the F1 it reached on our own annotated articles.

Floors live in tests/eval/floors.json with the hash of the corpus they were measured on and a
history of every change. A floor may only go down with a recorded reason
(`python -m tracker.evaluate --pin NOTE --reason WHY`), so quality never slips silently.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.evaluate import (
    CORPORA,
    EVAL_DIR,
    FLOOR_KEYS,
    SHARED,
    corpus_hash,
    extract_rows,
    floors_path,
    read_rows,
    score,
)

GOLD = EVAL_DIR / "gold.jsonl"
ARTICLES = EVAL_DIR / "articles"
NAMES = sorted(name for name, folder in CORPORA.items() if (folder / "gold.jsonl").exists())
MIN_ARTICLES = {"eval": 40, "heldout": 20, "dev_attribution": 20, "dev_aggregator": 15, "heldout2": 15,
                "heldout3": 20, "dev_news": 20,
                "heldout4": 20, "heldout5": 20, "dev_period": 20}


@pytest.fixture(scope="module", params=NAMES)
def corpus(request: pytest.FixtureRequest) -> tuple[str, Path, dict]:
    folder = CORPORA[request.param]
    rows, ids = extract_rows(folder / "articles")
    return request.param, folder, score(read_rows(folder / "gold.jsonl"), rows, ids)


def _floors(folder: Path) -> dict:
    return json.loads(floors_path(folder).read_text())


def test_the_held_out_corpus_is_present() -> None:
    assert "heldout" in NAMES and "eval" in NAMES


def test_every_corpus_has_its_gold() -> None:
    """NAMES keeps the corpora whose gold.jsonl exists: a deleted gold file must fail here, not
    silently drop that corpus from every test below."""
    assert set(NAMES) == set(CORPORA), f"no gold.jsonl for: {sorted(set(CORPORA) - set(NAMES))}"


@pytest.mark.parametrize("name", NAMES)
def test_corpus_is_large_and_varied_enough(name: str) -> None:
    folder = CORPORA[name]
    assert len(sorted((folder / "articles").glob("*.md"))) >= MIN_ARTICLES[name]
    metrics = {r["metric"] for r in read_rows(folder / "gold.jsonl")}
    assert metrics == {"killed", "injured", "casualties", "displaced", "projectiles", "detained", "abducted",
                       "missing"}


@pytest.mark.parametrize("name", NAMES)
def test_gold_spans_point_at_their_quotes(name: str) -> None:
    folder = CORPORA[name]
    bodies = {}
    for p in (folder / "articles").glob("*.md"):
        text = p.read_text(encoding="utf-8")
        m = re.match(r"^---\n.*?\n---\n", text, re.S)
        bodies[p.stem] = text[m.end():] if m else text
    for row in read_rows(folder / "gold.jsonl"):
        body = bodies[row["article_id"]]
        assert body[row["char_start"]:row["char_end"]] == row["quote"], row


@pytest.mark.parametrize("name", NAMES)
def test_floors_are_pinned_to_this_corpus(name: str) -> None:
    folder = CORPORA[name]
    assert _floors(folder)["corpus_sha256"] == corpus_hash(folder), (
        "the eval corpus changed since the floors were pinned: re-measure with "
        f"`python -m tracker.evaluate --corpus {name} --pin 'what changed'` (floors go down only with --reason)")


@pytest.mark.parametrize("name", NAMES)
def test_floors_never_lowered_silently(name: str) -> None:
    folder = CORPORA[name]
    history = _floors(folder)["history"]
    assert history, "floors.json has no history"
    for before, after in itertools.pairwise(history):
        for key in FLOOR_KEYS:
            if after["floors"][key] < before["floors"][key]:
                assert after.get("lowered_because"), f"{key} lowered on {after['date']} without a reason"
        # A ceiling, not a floor: admitting more hypotheticals as fact is a loosening too (pin()
        # refuses it without --reason).
        ceiling = "max_hypothetical_as_fact"
        if after["floors"].get(ceiling, 0) > before["floors"].get(ceiling, 0):
            assert after.get("lowered_because"), f"{ceiling} raised on {after['date']} without a reason"
    assert history[-1]["floors"] == dict(_floors(folder)["floors"])


def test_corpus_meets_floors(corpus: tuple[str, Path, dict]) -> None:
    _, folder, result = corpus
    floors = _floors(folder)["floors"]
    got = {"overall_f1": result["overall"]["f1"], "full_f1": result["full"]["f1"],
           "overall_precision": result["overall"]["precision"], "overall_recall": result["overall"]["recall"]}
    below = {k: (got[k], floors[k]) for k in FLOOR_KEYS if got[k] < floors[k]}
    assert not below, f"below the pinned floors (got, floor): {below}"
    assert result["hypothetical_reported_as_fact"] <= floors["max_hypothetical_as_fact"]


@pytest.mark.shared
def test_seeds_score_at_least_095() -> None:
    seeds = SHARED / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared is not beside this clone")
    rows, ids = extract_rows(seeds)
    res = score(read_rows(SHARED / "gold" / "seeds.jsonl"), rows, ids)
    assert res["overall"]["f1"] >= 0.95, res["errors"]
    assert res["hypothetical_reported_as_fact"] == 0


@pytest.mark.shared
def test_our_scorer_agrees_with_the_shared_scorer(tmp_path: Path) -> None:
    tool = SHARED / "tools" / "score_claims.py"
    if not tool.exists():
        pytest.skip("../shared is not beside this clone")
    import csv

    from tracker.model import CLAIM_COLUMNS

    rows, ids = extract_rows(ARTICLES)
    pred = tmp_path / "pred.csv"
    with pred.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=CLAIM_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    (tmp_path / "ids.txt").write_text("\n".join(ids))
    out = tmp_path / "res.json"
    subprocess.run([sys.executable, str(tool), str(GOLD), str(pred), "--articles", str(tmp_path / "ids.txt"),
                    "--json", str(out)], check=True, capture_output=True)
    theirs = json.loads(out.read_text())
    ours = score(read_rows(GOLD), read_rows(pred), ids)
    for key in ("overall", "full", "per_metric", "agreement_on_matched", "hypothetical_reported_as_fact"):
        assert ours[key] == theirs[key], key
