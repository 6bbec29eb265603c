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

from tracker.evaluate import EVAL_DIR, FLOOR_KEYS, FLOORS, SHARED, corpus_hash, extract_rows, read_rows, score

GOLD = EVAL_DIR / "gold.jsonl"
ARTICLES = EVAL_DIR / "articles"


@pytest.fixture(scope="module")
def result() -> dict:
    rows, ids = extract_rows(ARTICLES)
    return score(read_rows(GOLD), rows, ids)


def _floors() -> dict:
    return json.loads(FLOORS.read_text())


def test_corpus_is_large_and_varied_enough() -> None:
    articles = sorted(ARTICLES.glob("*.md"))
    assert len(articles) >= 40
    metrics = {r["metric"] for r in read_rows(GOLD)}
    assert metrics == {"killed", "injured", "casualties", "displaced", "projectiles", "detained", "abducted",
                       "missing"}


def test_gold_spans_point_at_their_quotes() -> None:
    bodies = {}
    for p in ARTICLES.glob("*.md"):
        text = p.read_text(encoding="utf-8")
        m = re.match(r"^---\n.*?\n---\n", text, re.S)
        bodies[p.stem] = text[m.end():] if m else text
    for row in read_rows(GOLD):
        body = bodies[row["article_id"]]
        assert body[row["char_start"]:row["char_end"]] == row["quote"], row


def test_floors_are_pinned_to_this_corpus() -> None:
    assert _floors()["corpus_sha256"] == corpus_hash(), (
        "the eval corpus changed since the floors were pinned: re-measure with "
        "`python -m tracker.evaluate --pin 'what changed'` (floors can only go down with --reason)")


def test_floors_never_lowered_silently() -> None:
    history = _floors()["history"]
    assert history, "floors.json has no history"
    for before, after in itertools.pairwise(history):
        for key in FLOOR_KEYS:
            if after["floors"][key] < before["floors"][key]:
                assert after.get("lowered_because"), f"{key} lowered on {after['date']} without a reason"
    assert history[-1]["floors"] == dict(_floors()["floors"])


def test_eval_corpus_meets_floors(result: dict) -> None:
    floors = _floors()["floors"]
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
