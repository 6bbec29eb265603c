"""Rule files are validated at load: a broken list is a clear start-up error, not silent drift."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from tracker.rules import RULE_FILES, RulesError, build_rules, load_rules


def _docs() -> dict[str, dict[str, Any]]:
    from importlib import resources

    return {name: yaml.safe_load(resources.files("tracker.rules").joinpath(name).read_text("utf-8"))
            for name in RULE_FILES}


def test_bundled_rules_load() -> None:
    rules = load_rules()
    assert rules.vague[0].phrase == ("hundreds", "of", "thousands")
    assert len(rules.metric_nouns) > 50


@pytest.mark.parametrize(("file", "path", "value", "message"), [
    ("lexicon.yaml", ("metric_nouns", "kiled"), ["dead"], "unknown key 'kiled'"),
    ("lexicon.yaml", ("person_nouns",), [], "empty"),
    ("numbers.yaml", ("qualifiers_before", "roughly"), ["about"], "unknown key 'roughly'"),
    ("lexicon.yaml", ("toll_links",), ["rose", True], "is not a non-empty string"),
    ("context.yaml", ("source_kinds",), [{"kind": "blogger", "words": ["blog"]}], "unknown source kind"),
    ("numbers.yaml", ("units",), {"one": -1}, "non-negative integer"),
    ("context.yaml", ("institution_heads", "roles"), [], "empty"),
    ("context.yaml", ("institution_heads", "armed"), ["army", "agency"], "'agency' is in both"),
    ("context.yaml", ("institution_heads", "buildings"), ["hall"], "unknown group 'buildings'"),
    ("context.yaml", ("object_speech_verbs",), ["added", "carried"], "must be one-word speech_verbs"),
    ("context.yaml", ("describing_heads", "rebels"), ["group"], "unknown key 'rebels'"),
    ("context.yaml", ("describing_heads", "ngo"), ["aid group"], "must be one word"),
])
def test_broken_rules_fail_loudly(file: str, path: tuple[str, ...], value: Any, message: str) -> None:
    docs = copy.deepcopy(_docs())
    target = docs[file]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(RulesError, match=message) as info:
        build_rules(docs)
    assert file in str(info.value)


def test_vague_bounds_must_be_ordered() -> None:
    docs = copy.deepcopy(_docs())
    docs["numbers.yaml"]["vague"][0]["low"] = 10**9
    with pytest.raises(RulesError, match="above high"):
        build_rules(docs)


def test_head_sets_are_derived_from_one_list() -> None:
    """The three head-word sets the engine uses come from context.yaml's one institution_heads list."""
    rules = load_rules()
    assert rules.body_heads <= rules.continuation_heads
    assert "spokesman" in rules.continuation_heads and "spokesman" not in rules.institution_heads
    assert "monitor" in rules.body_heads and "monitor" not in rules.institution_heads
    assert "unit" in rules.institution_heads and "unit" not in rules.continuation_heads
