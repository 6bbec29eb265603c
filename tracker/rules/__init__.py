"""Rules as data: the YAML word lists the extractor runs on, loaded and validated once.

Why a loader: the extractor must never run on a half-valid rule file. A typo'd metric name, an
empty list (which would silently match nothing) or a qualifier outside the spec's enum is a
start-up error naming the file and the key, not a quiet drop in recall weeks later.
Phrases are pre-tokenised here with the same tokenizer the text goes through, so matching is
a tuple comparison at run time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar, cast

import yaml

from tracker.extract.tokens import phrase_tokens
from tracker.model import Metric, Qualifier, SourceKind

Phrase = tuple[str, ...]

RULE_FILES = ("numbers.yaml", "lexicon.yaml", "context.yaml", "places.yaml", "grammar.yaml")


class RulesError(ValueError):
    """A rule file is missing, unreadable or does not have the shape the extractor needs."""


@dataclass(frozen=True, slots=True)
class VagueRule:
    phrase: Phrase
    value: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Conflict:
    name: str
    start: dt.date
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class Rules:
    """Every word list the extractor uses, validated and tokenised."""

    units: Mapping[str, int]
    tens: Mapping[str, int]
    scales: Mapping[str, int]
    suffix_scales: Mapping[str, int]
    collectives: Mapping[str, int]
    vague: tuple[VagueRule, ...]
    qualifiers_before: tuple[tuple[Phrase, Qualifier], ...]
    qualifiers_after: tuple[tuple[Phrase, Qualifier], ...]
    increment_markers: tuple[Phrase, ...]
    metric_nouns: tuple[tuple[Phrase, Metric], ...]
    person_nouns: frozenset[str]
    household_nouns: frozenset[str]
    predicates_after: tuple[tuple[Phrase, Metric], ...]
    governors_before: tuple[tuple[Phrase, Metric], ...]
    toll_nouns: tuple[tuple[Phrase, Metric | None], ...]
    toll_links: frozenset[str]
    breakdown_before: tuple[Phrase, ...]
    breakdown_after: tuple[Phrase, ...]
    breakdown_openers: tuple[Phrase, ...]
    carry_heads: frozenset[str]
    carry_followers: frozenset[str]
    place_tails: frozenset[str]
    own_record_words: frozenset[str]
    number_of_skips: frozenset[str]
    searchers: frozenset[str]
    aux_skip: frozenset[str]
    skip_prepositions: frozenset[str]
    clause_stops: frozenset[str]
    zero_nouns: tuple[tuple[Phrase, Metric], ...]
    zero_modifiers: frozenset[str]
    zero_companions: frozenset[str]
    zero_pronouns: tuple[Phrase, ...]
    hypothetical_before: tuple[Phrase, ...]
    hypothetical_after: tuple[Phrase, ...]
    months: frozenset[str]
    weekdays: frozenset[str]
    label_before: frozenset[str]
    unit_after: tuple[Phrase, ...]
    money_before: frozenset[str]
    year_before: frozenset[str]
    speech_verbs: tuple[Phrase, ...]
    source_after: tuple[Phrase, ...]
    chain_cues: tuple[Phrase, ...]
    continuation_pronouns: tuple[Phrase, ...]
    source_stop: frozenset[str]
    source_heads: frozenset[str]
    object_speech_verbs: frozenset[str]
    figure_speech_verbs: frozenset[str]
    possessed_records: frozenset[str]
    record_adjunct_starts: frozenset[str]
    record_verbs: frozenset[str]
    source_kinds: tuple[tuple[SourceKind, tuple[Phrase, ...]], ...]
    #: head word of a description -> the kinds of named body it may describe (context.yaml: describing_heads)
    describing_heads: Mapping[str, frozenset[SourceKind]]
    boilerplate_line_starts: tuple[str, ...]
    scope_cumulative_strong: tuple[str, ...]
    scope_day_window: tuple[str, ...]
    scope_incident_nouns: tuple[str, ...]
    scope_cumulative_weak: tuple[str, ...]
    scope_incident_other: tuple[str, ...]
    #: an event figure with these words keeps no dates, not even the event's before it (spec rule 15)
    scope_undated: tuple[str, ...]
    #: toll words: after a sentence about one event, a toll is that event's, even as it rises
    scope_toll_words: tuple[str, ...]
    #: phrases with an incident noun that name no one event ("Israeli fire", "trading fire")
    scope_not_incident: tuple[str, ...]
    #: words of one event happening (a hit, a target): a named day's figure is then that event's toll
    scope_event_words: tuple[str, ...]
    #: words that spread a named day's figure over many places or the whole day: a day's count
    scope_day_spread: tuple[str, ...]
    #: verbs of giving a count: a named day next to one is the statement's day, not the figure's
    scope_statement_verbs: tuple[str, ...]
    #: events a "since" phrase may name and the article may date elsewhere ("since the ceasefire took effect")
    scope_event_nouns: tuple[str, ...]
    #: verbs of an event starting: "<event noun> ... took effect on <date>" dates the event
    scope_event_start_verbs: tuple[str, ...]
    #: a verb that dates an event without its noun ("escalated ... on September 23") -> that noun
    scope_event_verb_forms: tuple[tuple[str, str], ...]
    demonyms: Mapping[str, str]
    directions: frozenset[str]
    not_places: frozenset[str]
    conflicts: tuple[Conflict, ...]
    war_start_phrases: tuple[str, ...]
    # grammar.yaml: closed-class words the grammar walks over (the file says what each list is for)
    object_determiners: frozenset[str]
    population_nouns: frozenset[str]
    adverbs: frozenset[str]
    passive_aux: frozenset[str]
    stay_verbs: frozenset[str]
    zero_causing_verbs: frozenset[str]
    causative_verbs: frozenset[str]
    flight_participles: frozenset[str]
    protective_shelter_modifiers: frozenset[str]
    night_words: frozenset[str]
    shelter_nouns: frozenset[str]
    wound_nouns: frozenset[str]
    trigger_stopwords: frozenset[str]
    weak_governors: frozenset[str]
    bury_verbs: frozenset[str]
    bury_aux: frozenset[str]
    person_pronouns: frozenset[str]
    partitive_determiners: frozenset[str]
    taking_verbs: frozenset[str]
    military_people: frozenset[str]
    change_verbs: frozenset[str]
    toll_stops: frozenset[str]
    toll_heads: frozenset[str]
    noun_phrase_stops: frozenset[str]
    modals: frozenset[str]
    hedges: frozenset[str]
    hypothetical_stops: frozenset[str]
    #: hypothetical_stops and the words grammar.yaml adds for the scan after a figure
    hypothetical_after_stops: frozenset[str]
    counterfactual_harm: frozenset[str]
    participle_starts: frozenset[str]
    base_verbs: frozenset[str]
    #: two-word phrases (grammar.yaml: trade_markers)
    trade_markers: tuple[Phrase, ...]
    place_prepositions: frozenset[str]
    person_roles: frozenset[str]
    role_heads: frozenset[str]
    #: a tuple, for str.endswith (grammar.yaml: plural_speakers)
    plural_speakers: tuple[str, ...]
    name_stopwords: frozenset[str]
    clause_breaks: frozenset[str]
    generic_sources: frozenset[str]
    pronouns: frozenset[str]
    generic_words: frozenset[str]
    speech_participles: frozenset[str]
    people_heads: frozenset[str]
    partitives: frozenset[str]
    joined_fillers: frozenset[str]
    verb_adverbs: frozenset[str]
    relatives: frozenset[str]
    not_after_relative: frozenset[str]
    said_toll_words: frozenset[str]
    toll_setting_verbs: frozenset[str]
    event_heads: frozenset[str]
    commented_records: frozenset[str]
    possessives: frozenset[str]
    weak_verbs: frozenset[str]
    np_participles: frozenset[str]
    titles: frozenset[str]
    clause_openers: frozenset[str]
    finite_verbs: frozenset[str]
    record_skip: frozenset[str]
    source_modifiers: frozenset[str]
    role_words: frozenset[str]
    year_leads: frozenset[str]
    abbreviations: frozenset[str]
    name_abbreviations: frozenset[str]
    # derived look-up sets (built from the lists above, not written by hand)
    speech_verbs_flat: frozenset[str] = frozenset()
    metric_words: frozenset[str] = frozenset()
    cue_first_words: frozenset[str] = frozenset()
    continuation_flat: frozenset[str] = frozenset()
    #: "the <head> said" continues the speaker before (context.yaml: institution_heads)
    continuation_heads: frozenset[str] = frozenset()
    #: "the agency said" resolves to the latest body named before
    body_heads: frozenset[str] = frozenset()
    #: a source with one of these words is an institution ("It said" refers to one)
    institution_heads: frozenset[str] = frozenset()
    #: "the army said" resolves to the latest military body named before ("the Israeli military")
    armed_heads: frozenset[str] = frozenset()


def _need(doc: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in doc:
        raise RulesError(f"{where}: missing key '{key}'")
    value = doc[key]
    if value is None or (isinstance(value, (list, dict, str)) and len(value) == 0):
        raise RulesError(f"{where}: '{key}' is empty (an empty list would match nothing)")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise RulesError(f"{where}: expected a non-empty list of words")
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise RulesError(f"{where}: {item!r} is not a non-empty string")
        out.append(item.strip())
    return out


def _word_list(doc: Mapping[str, Any], key: str, where: str) -> list[str]:
    """A closed word list of grammar.yaml: non-empty, each entry a lower-case string, none listed twice.

    Stricter than the older lists (which are lower-cased on load): a capitalised or repeated word in a
    list of this kind is a slip, and the loader says which.
    """
    items = _strings(_need(doc, key, where), f"{where}: {key}")
    seen: set[str] = set()
    for w in items:
        if w != w.lower():
            raise RulesError(f"{where}: {key}: {w!r} must be lower case")
        if w in seen:
            raise RulesError(f"{where}: {key}: {w!r} is listed twice")
        seen.add(w)
    return items


def _phrases(value: Any, where: str) -> tuple[Phrase, ...]:
    out = []
    for s in _strings(value, where):
        toks = phrase_tokens(s)
        if not toks:
            raise RulesError(f"{where}: {s!r} has no tokens")
        out.append(toks)
    # longest first, so "tens of thousands" is tried before "thousands"
    return tuple(sorted(set(out), key=lambda p: (-len(p), p)))


def _int_map(value: Any, where: str) -> dict[str, int]:
    if not isinstance(value, dict) or not value:
        raise RulesError(f"{where}: expected a non-empty mapping of word -> number")
    out: dict[str, int] = {}
    for k, v in value.items():
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise RulesError(f"{where}: {k!r} must map to a non-negative integer, got {v!r}")
        out[str(k).lower()] = v
    return out


def _enum_keyed(value: Any, where: str, enum: type[Metric] | type[Qualifier] | type[SourceKind],
                allow: Iterable[str] = ()) -> list[tuple[Phrase, Any]]:
    if not isinstance(value, dict) or not value:
        raise RulesError(f"{where}: expected a mapping keyed by {enum.__name__}")
    allowed = {str(e) for e in enum} | set(allow)
    pairs: list[tuple[Phrase, Any]] = []
    for key, words in value.items():
        if key not in allowed:
            raise RulesError(f"{where}: unknown key '{key}' (expected one of {', '.join(sorted(allowed))})")
        label = enum(key) if key in {str(e) for e in enum} else None
        pairs.extend((p, label) for p in _phrases(words, f"{where}.{key}"))
    pairs.sort(key=lambda pl: (-len(pl[0]), pl[0]))
    return pairs


_HEAD_GROUPS = ("bodies", "monitors", "armed", "movements", "roles", "premises")


def _institution_heads(value: Any, where: str) -> dict[str, frozenset[str]]:
    """The head-word groups of context.yaml's institution_heads, each non-empty and none shared.

    A word in two groups would make the derived sets depend on the order they are built in.
    """
    if not isinstance(value, dict):
        raise RulesError(f"{where}: expected a mapping of group -> words")
    unknown = sorted(set(value) - set(_HEAD_GROUPS))
    if unknown:
        raise RulesError(f"{where}: unknown group '{unknown[0]}' (expected one of {', '.join(_HEAD_GROUPS)})")
    groups: dict[str, frozenset[str]] = {}
    seen: dict[str, str] = {}
    for group in _HEAD_GROUPS:
        words = frozenset(w.lower() for w in _strings(_need(value, group, where), f"{where}.{group}"))
        for w in words:
            if w in seen:
                raise RulesError(f"{where}: '{w}' is in both '{seen[w]}' and '{group}'")
            seen[w] = group
        groups[group] = words
    return groups


#: PyYAML's safe loader, in C when the wheel has libyaml: the same constructors and YAML 1.1
#: resolver as ``yaml.safe_load``, parsing the rule files in a fraction of the time (every worker
#: process pays this at start).
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_error_line(name: str, exc: yaml.YAMLError) -> str:
    """A YAML syntax error as one line, ``FILE:LINE:COL: problem``, as compilers print it.

    Why: PyYAML's own message spans several lines (context, a quoted excerpt, a caret), and the
    CLI promises one-line errors naming the file.
    """
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        problem = " ".join(str(exc.problem or "syntax error").split())
        context = " ".join(str(exc.context or "").split())
        if context and exc.context_mark is not None:
            context += f" at line {exc.context_mark.line + 1}"
        return f"{name}:{mark.line + 1}:{mark.column + 1}: {problem}" + (f" ({context})" if context else "")
    return f"{name}: not valid YAML ({' '.join(str(exc).split()) or exc.__class__.__name__})"


def parse_rule_yaml(name: str, text: str) -> dict[str, Any]:
    """One rule file's text as a mapping; RulesError (one line, naming the file) otherwise."""
    try:
        doc = yaml.load(text, Loader=_SAFE_LOADER)  # a safe loader (libyaml's when present)
    except yaml.YAMLError as exc:
        raise RulesError(yaml_error_line(name, exc)) from exc
    if not isinstance(doc, dict):
        raise RulesError(f"{name}: top level must be a mapping")
    return doc


def _load_yaml(name: str) -> dict[str, Any]:
    try:
        text = resources.files("tracker.rules").joinpath(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"{name}: cannot read rule file ({exc.__class__.__name__}: {exc})") from exc
    return parse_rule_yaml(name, text)


def build_rules(docs: Mapping[str, Mapping[str, Any]]) -> Rules:
    """Validate raw rule documents (file name -> parsed YAML) into a Rules object."""
    num, lex, ctx, plc, gra = (docs[f] for f in RULE_FILES)
    n, lx, cx, pl, gr = RULE_FILES

    vague = []
    for i, item in enumerate(_need(num, "vague", n)):
        where = f"{n}: vague[{i}]"
        if not isinstance(item, dict) or not {"phrase", "value", "low", "high"} <= set(item):
            raise RulesError(f"{where}: needs phrase, value, low and high")
        if not item["low"] <= item["high"]:
            raise RulesError(f"{where}: low {item['low']} is above high {item['high']}")
        vague.append(VagueRule(phrase_tokens(str(item["phrase"])), float(item["value"]), float(item["low"]),
                               float(item["high"])))
    vague.sort(key=lambda v: -len(v.phrase))

    not_fig = _need(lex, "not_figures", lx)
    scope = _need(ctx, "scope", cx)
    kinds = []
    for i, item in enumerate(_need(ctx, "source_kinds", cx)):
        where = f"{cx}: source_kinds[{i}]"
        if not isinstance(item, dict) or "kind" not in item:
            raise RulesError(f"{where}: needs 'kind' and 'words'")
        if item["kind"] not in {str(k) for k in SourceKind}:
            raise RulesError(f"{where}: unknown source kind '{item['kind']}'")
        kinds.append((SourceKind(item["kind"]), _phrases(item.get("words"), f"{where}.words")))

    conflicts = []
    for i, item in enumerate(_need(plc, "conflicts", pl)):
        where = f"{pl}: conflicts[{i}]"
        start = item.get("start") if isinstance(item, dict) else None
        if not isinstance(start, dt.date):
            raise RulesError(f"{where}: 'start' must be a YYYY-MM-DD date")
        conflicts.append(Conflict(str(item.get("name")), start,
                                  frozenset(w.lower() for w in _strings(item.get("words"), f"{where}.words"))))

    def words(doc: Mapping[str, Any], key: str, where: str) -> frozenset[str]:
        return frozenset(w.lower() for w in _strings(_need(doc, key, where), f"{where}: {key}"))

    def phr(doc: Mapping[str, Any], key: str, where: str) -> tuple[Phrase, ...]:
        return _phrases(_need(doc, key, where), f"{where}: {key}")

    def lowered(doc: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        return tuple(sorted({w.lower() for w in _strings(_need(doc, key, where), f"{where}: {key}")},
                            key=lambda s: (-len(s), s)))

    event_nouns = lowered(scope, "event_nouns", f"{cx}: scope")
    forms = _need(scope, "event_verb_forms", f"{cx}: scope")
    if not isinstance(forms, dict):
        raise RulesError(f"{cx}: scope: event_verb_forms must be a mapping of verb -> event noun")
    event_forms = []
    for verb, noun in forms.items():
        if not isinstance(verb, str) or not isinstance(noun, str) or noun.lower() not in event_nouns:
            raise RulesError(f"{cx}: scope: event_verb_forms: {verb!r} -> {noun!r}: the noun must be one of "
                             "event_nouns")
        event_forms.append((verb.lower(), noun.lower()))
    event_forms.sort(key=lambda vf: (-len(vf[0]), vf[0]))

    toll = _enum_keyed(_need(lex, "toll_nouns", lx), f"{lx}: toll_nouns", Metric, allow=("inherit",))
    demonyms = _need(plc, "demonyms", pl)
    if not isinstance(demonyms, dict):
        raise RulesError(f"{pl}: demonyms must be a mapping")
    speech = phr(ctx, "speech_verbs", cx)
    after = phr(ctx, "source_after", cx)
    chains = phr(ctx, "chain_cues", cx)
    mnouns = tuple(_enum_keyed(_need(lex, "metric_nouns", lx), f"{lx}: metric_nouns", Metric))
    conts = phr(ctx, "continuation_pronouns", cx)
    heads = _institution_heads(_need(ctx, "institution_heads", cx), f"{cx}: institution_heads")
    describing: dict[str, set[SourceKind]] = {}
    for phrase, kind in _enum_keyed(_need(ctx, "describing_heads", cx), f"{cx}: describing_heads", SourceKind):
        if len(phrase) != 1:
            raise RulesError(f"{cx}: describing_heads: '{' '.join(phrase)}' must be one word")
        describing.setdefault(phrase[0], set()).add(kind)
    object_verbs = words(ctx, "object_speech_verbs", cx)
    not_speech = sorted(object_verbs - {p[0] for p in speech if len(p) == 1})
    if not_speech:
        raise RulesError(f"{cx}: object_speech_verbs must be one-word speech_verbs, not {not_speech}")
    def closed(key: str) -> frozenset[str]:
        return frozenset(_word_list(gra, key, gr))

    trade = _phrases(_word_list(gra, "trade_markers", gr), f"{gr}: trade_markers")
    if any(len(p) != 2 for p in trade):
        raise RulesError(f"{gr}: trade_markers: every marker must be two words ('exchange for')")

    return Rules(
        continuation_heads=heads["bodies"] | heads["monitors"] | heads["armed"] | heads["movements"]
        | heads["roles"],
        body_heads=heads["bodies"] | heads["monitors"],
        institution_heads=heads["bodies"] | heads["armed"] | heads["premises"],
        armed_heads=heads["armed"],
        speech_verbs_flat=frozenset(p[0] for p in speech if len(p) == 1),
        metric_words=frozenset(p[0] for p, _ in mnouns if len(p) == 1),
        cue_first_words=frozenset(p[0] for p in (*speech, *after, *chains)) | closed("toll_setting_verbs"),
        continuation_flat=frozenset(" ".join(p) for p in conts),
        units=_int_map(_need(num, "units", n), f"{n}: units"),
        tens=_int_map(_need(num, "tens", n), f"{n}: tens"),
        scales=_int_map(_need(num, "scales", n), f"{n}: scales"),
        suffix_scales=_int_map(_need(num, "suffix_scales", n), f"{n}: suffix_scales"),
        collectives=_int_map(_need(num, "collectives", n), f"{n}: collectives"),
        vague=tuple(vague),
        qualifiers_before=tuple(_enum_keyed(_need(num, "qualifiers_before", n), f"{n}: qualifiers_before",
                                            Qualifier)),
        qualifiers_after=tuple(_enum_keyed(_need(num, "qualifiers_after", n), f"{n}: qualifiers_after",
                                           Qualifier)),
        increment_markers=phr(num, "increment_markers", n),
        metric_nouns=mnouns,
        person_nouns=words(lex, "person_nouns", lx),
        household_nouns=words(lex, "household_nouns", lx),
        predicates_after=tuple(_enum_keyed(_need(lex, "predicates_after", lx), f"{lx}: predicates_after",
                                           Metric)),
        governors_before=tuple(_enum_keyed(_need(lex, "governors_before", lx), f"{lx}: governors_before",
                                           Metric)),
        toll_nouns=tuple(toll),
        toll_links=words(lex, "toll_links", lx),
        breakdown_before=phr(lex, "breakdown_before", lx),
        breakdown_after=phr(lex, "breakdown_after", lx),
        breakdown_openers=phr(lex, "breakdown_openers", lx),
        carry_heads=words(lex, "carry_heads", lx),
        carry_followers=words(lex, "carry_followers", lx),
        place_tails=words(plc, "place_tails", pl),
        own_record_words=words(ctx, "own_record_words", cx),
        number_of_skips=words(lex, "number_of_skips", lx),
        searchers=words(lex, "searchers", lx),
        aux_skip=words(lex, "aux_skip", lx),
        skip_prepositions=words(lex, "skip_prepositions", lx),
        clause_stops=words(lex, "clause_stops", lx),
        zero_nouns=tuple(_enum_keyed(_need(lex, "zero_nouns", lx), f"{lx}: zero_nouns", Metric)),
        zero_modifiers=words(lex, "zero_modifiers", lx),
        zero_companions=words(lex, "zero_companions", lx),
        zero_pronouns=phr(lex, "zero_pronouns", lx),
        hypothetical_before=phr(lex, "hypothetical_before", lx),
        hypothetical_after=phr(lex, "hypothetical_after", lx),
        months=frozenset(w.lower() for w in _strings(not_fig.get("months"), f"{lx}: not_figures.months")),
        weekdays=frozenset(w.lower() for w in _strings(not_fig.get("weekdays"), f"{lx}: not_figures.weekdays")),
        label_before=frozenset(w.lower() for w in _strings(not_fig.get("label_before"),
                                                           f"{lx}: not_figures.label_before")),
        unit_after=_phrases(not_fig.get("unit_after"), f"{lx}: not_figures.unit_after"),
        money_before=frozenset(w.lower() for w in _strings(not_fig.get("money_before"),
                                                           f"{lx}: not_figures.money_before")),
        year_before=frozenset(w.lower() for w in _strings(not_fig.get("year_before"),
                                                          f"{lx}: not_figures.year_before")),
        speech_verbs=speech,
        source_after=after,
        chain_cues=chains,
        continuation_pronouns=conts,
        source_stop=words(ctx, "source_stop", cx),
        source_heads=words(ctx, "source_heads", cx),
        object_speech_verbs=object_verbs,
        figure_speech_verbs=words(ctx, "figure_speech_verbs", cx),
        possessed_records=words(ctx, "possessed_records", cx),
        record_adjunct_starts=words(ctx, "record_adjunct_starts", cx),
        record_verbs=words(ctx, "record_verbs", cx),
        source_kinds=tuple(kinds),
        describing_heads={h: frozenset(k) for h, k in describing.items()},
        boilerplate_line_starts=lowered(ctx, "boilerplate_line_starts", cx),
        scope_cumulative_strong=lowered(scope, "cumulative_strong", f"{cx}: scope"),
        scope_day_window=lowered(scope, "day_window", f"{cx}: scope"),
        scope_incident_nouns=lowered(scope, "incident_nouns", f"{cx}: scope"),
        scope_cumulative_weak=lowered(scope, "cumulative_weak", f"{cx}: scope"),
        scope_incident_other=lowered(scope, "incident_other", f"{cx}: scope"),
        scope_undated=lowered(scope, "undated", f"{cx}: scope"),
        scope_toll_words=lowered(scope, "toll_words", f"{cx}: scope"),
        scope_not_incident=lowered(scope, "not_incident", f"{cx}: scope"),
        scope_event_words=lowered(scope, "event_words", f"{cx}: scope"),
        scope_day_spread=lowered(scope, "day_spread", f"{cx}: scope"),
        scope_statement_verbs=lowered(scope, "statement_verbs", f"{cx}: scope"),
        scope_event_nouns=event_nouns,
        scope_event_start_verbs=lowered(scope, "event_start_verbs", f"{cx}: scope"),
        scope_event_verb_forms=tuple(event_forms),
        demonyms={str(k).lower().replace("’", "'"): str(v) for k, v in demonyms.items()},
        directions=words(plc, "directions", pl),
        not_places=words(plc, "not_places", pl),
        conflicts=tuple(conflicts),
        war_start_phrases=lowered(plc, "war_start_phrases", pl),
        object_determiners=closed("object_determiners"),
        population_nouns=closed("population_nouns"),
        adverbs=closed("adverbs"),
        passive_aux=closed("passive_aux"),
        stay_verbs=closed("stay_verbs"),
        zero_causing_verbs=closed("zero_causing_verbs"),
        causative_verbs=closed("causative_verbs"),
        flight_participles=closed("flight_participles"),
        protective_shelter_modifiers=closed("protective_shelter_modifiers"),
        night_words=closed("night_words"),
        shelter_nouns=closed("shelter_nouns"),
        wound_nouns=closed("wound_nouns"),
        trigger_stopwords=closed("trigger_stopwords"),
        weak_governors=closed("weak_governors"),
        bury_verbs=closed("bury_verbs"),
        bury_aux=closed("bury_aux"),
        person_pronouns=closed("person_pronouns"),
        partitive_determiners=closed("partitive_determiners"),
        taking_verbs=closed("taking_verbs"),
        military_people=closed("military_people"),
        change_verbs=closed("change_verbs"),
        toll_stops=closed("toll_stops"),
        toll_heads=closed("toll_heads"),
        noun_phrase_stops=closed("noun_phrase_stops"),
        modals=closed("modals"),
        hedges=closed("hedges"),
        hypothetical_stops=closed("hypothetical_stops"),
        hypothetical_after_stops=closed("hypothetical_stops") | closed("hypothetical_after_stops"),
        counterfactual_harm=closed("counterfactual_harm"),
        participle_starts=closed("participle_starts"),
        base_verbs=closed("base_verbs"),
        trade_markers=trade,
        place_prepositions=closed("place_prepositions"),
        person_roles=closed("person_roles"),
        role_heads=closed("role_heads"),
        plural_speakers=tuple(_word_list(gra, "plural_speakers", gr)),
        name_stopwords=closed("name_stopwords"),
        clause_breaks=closed("clause_breaks"),
        generic_sources=closed("generic_sources"),
        pronouns=closed("pronouns"),
        generic_words=closed("generic_words"),
        speech_participles=closed("speech_participles"),
        people_heads=closed("people_heads"),
        partitives=closed("partitives"),
        joined_fillers=closed("joined_fillers"),
        verb_adverbs=closed("verb_adverbs"),
        relatives=closed("relatives"),
        not_after_relative=closed("not_after_relative"),
        said_toll_words=closed("said_toll_words"),
        toll_setting_verbs=closed("toll_setting_verbs"),
        event_heads=closed("event_heads"),
        commented_records=closed("commented_records"),
        possessives=closed("possessives"),
        weak_verbs=closed("weak_verbs"),
        np_participles=closed("np_participles"),
        titles=closed("titles"),
        clause_openers=closed("clause_openers"),
        finite_verbs=closed("finite_verbs"),
        record_skip=closed("record_skip"),
        source_modifiers=closed("source_modifiers"),
        role_words=closed("role_words"),
        year_leads=closed("year_leads"),
        abbreviations=closed("abbreviations"),
        name_abbreviations=closed("name_abbreviations"),
    )


_T = TypeVar("_T")
_DERIVED: dict[str, tuple[Rules, object]] = {}


def derived(rules: Rules, key: str, build: Callable[[Rules], _T]) -> _T:
    """A table built from ``rules`` once and kept while the same Rules object is in use.

    Why one helper: the engine derives indexes from the rules in several modules; keyed by the object
    itself (not ``id(rules)``, which a new Rules can reuse) and one entry per table, so a test suite that
    builds many Rules neither gets stale tables nor piles them up.
    """
    hit = _DERIVED.get(key)
    if hit is None or hit[0] is not rules:
        hit = (rules, build(rules))
        _DERIVED[key] = hit
    return cast(_T, hit[1])


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """Load and validate the bundled rule files (cached: rules are read once per process)."""
    return build_rules({name: _load_yaml(name) for name in RULE_FILES})
