"""Rule files are validated at load: a broken list is a clear start-up error, not silent drift."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from tracker.rules import RULE_FILES, RulesError, build_rules, load_rules, parse_rule_yaml


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
    # grammar.yaml's closed word lists: non-empty, lower-case strings, none twice
    ("grammar.yaml", ("stay_verbs",), [], "'stay_verbs' is empty"),
    ("grammar.yaml", ("modals",), None, "'modals' is empty"),
    ("grammar.yaml", ("change_verbs",), ["rose", "Rose"], "'Rose' must be lower case"),
    ("grammar.yaml", ("toll_heads",), ["number", "total", "number"], "'number' is listed twice"),
    ("grammar.yaml", ("clause_openers",), ["that", False], "is not a non-empty string"),  # YAML 1.1: bare no/on
    ("grammar.yaml", ("titles",), "dr", "expected a non-empty list"),
    ("grammar.yaml", ("trade_markers",), ["exchange for", "in return for"], "must be two words"),
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


def test_grammar_lists_are_required() -> None:
    """A grammar.yaml list left out is a start-up error naming it, not a silent empty set."""
    docs = copy.deepcopy(_docs())
    del docs["grammar.yaml"]["passive_aux"]
    with pytest.raises(RulesError, match=r"grammar\.yaml: missing key 'passive_aux'"):
        build_rules(docs)


def test_grammar_lists_load() -> None:
    rules = load_rules()
    assert "rose" in rules.change_verbs and "tents" in rules.shelter_nouns
    assert rules.hypothetical_stops < rules.hypothetical_after_stops  # the scan after adds its own stops
    assert ("exchange", "for") in rules.trade_markers
    assert "no" in rules.abbreviations  # quoted in the YAML: a bare no would load as False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", "grammar.yaml:3:2: did not find expected ',' or ']' "
                                   "(while parsing a flow sequence at line 2)"),
        ("a: 1\n  b: 2\n", "grammar.yaml:2:4: mapping values are not allowed in this context"),
        ("- a\n- b\n", "grammar.yaml: top level must be a mapping"),
    ],
)
def test_yaml_syntax_error_is_one_line_naming_the_place(text: str, message: str) -> None:
    """PyYAML's message spans lines (excerpt, caret); the CLI promises one line: FILE:LINE:COL."""
    with pytest.raises(RulesError) as err:
        parse_rule_yaml("grammar.yaml", text)
    assert str(err.value) == message
