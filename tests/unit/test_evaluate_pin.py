"""Pinning floors: they rise on their own, fall only with a written reason; hypotheticals have a ceiling."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tracker.evaluate import pin


def _result(f1: float, hypothetical: int = 0) -> dict[str, Any]:
    block = {"f1": f1, "precision": f1, "recall": f1}
    return {"overall": block, "full": block, "hypothetical_reported_as_fact": hypothetical}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("Ten people were killed.\n")
    (tmp_path / "gold.jsonl").write_text("")
    return tmp_path


def _floors(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "floors.json").read_text())


def test_floors_rise_and_refuse_to_fall_without_a_reason(folder: Path) -> None:
    pin(_result(0.90), "first", folder=folder)
    assert _floors(folder)["floors"]["overall_f1"] == 0.89
    pin(_result(0.95), "better", folder=folder)
    assert _floors(folder)["floors"]["overall_f1"] == 0.94
    with pytest.raises(SystemExit, match="overall_f1"):
        pin(_result(0.80), "worse", folder=folder)
    assert _floors(folder)["floors"]["overall_f1"] == 0.94  # nothing written
    pin(_result(0.80), "worse", folder=folder, reason="gold corrected")
    doc = _floors(folder)
    assert doc["floors"]["overall_f1"] == 0.79
    assert doc["history"][-1]["lowered_because"] == "gold corrected"


def test_hypotheticals_reported_as_fact_need_a_reason_and_only_tighten(folder: Path) -> None:
    with pytest.raises(SystemExit, match="max_hypothetical_as_fact"):
        pin(_result(0.9, hypothetical=2), "first blind score", folder=folder)
    assert not (folder / "floors.json").exists()
    pin(_result(0.9, hypothetical=2), "first blind score", folder=folder, reason="blind set's first score")
    assert _floors(folder)["floors"]["max_hypothetical_as_fact"] == 2
    pin(_result(0.9, hypothetical=1), "fixed one", folder=folder)
    assert _floors(folder)["floors"]["max_hypothetical_as_fact"] == 1
    with pytest.raises(SystemExit, match="max_hypothetical_as_fact"):
        pin(_result(0.9, hypothetical=2), "regressed", folder=folder)
    assert _floors(folder)["floors"]["max_hypothetical_as_fact"] == 1
