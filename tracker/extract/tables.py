"""The engine's shared tables: the rule phrase indexes, the found-figure record and the shared windows.

Why a module of its own: every stage (figures, metric, tolls, modality, claims) looks phrases up in the
same indexes, built once per Rules object (``derived``), and passes the same ``_Found`` record on. The
names are private to ``tracker.extract``: the stages import them from here, nothing outside does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.extract.numbers import NumberPhrase
from tracker.extract.tokens import Token, match_at, match_ending_at
from tracker.model import Metric, Qualifier, Unit
from tracker.rules import Phrase, Rules, derived

LabelPairs = Sequence[tuple[Phrase, "Metric | None"]]

PREDICATE_WINDOW = 16

MODIFIER_WINDOW = 5


_HARM_METRICS = frozenset({Metric.KILLED, Metric.INJURED, Metric.CASUALTIES})


@dataclass(slots=True)
class _Index:
    """Phrase tables indexed by their first and last token, built once per Rules."""

    first: dict[str, list[tuple[Phrase, Metric | None]]]
    last: dict[str, list[tuple[Phrase, Metric | None]]]

    @classmethod
    def build(cls, pairs: LabelPairs) -> _Index:
        first: dict[str, list[tuple[Phrase, Metric | None]]] = {}
        last: dict[str, list[tuple[Phrase, Metric | None]]] = {}
        for phrase, label in pairs:
            first.setdefault(phrase[0], []).append((phrase, label))
            last.setdefault(phrase[-1], []).append((phrase, label))
        for table in (first, last):
            for lst in table.values():
                lst.sort(key=lambda pl: -len(pl[0]))
        return cls(first, last)

    def at(self, tokens: list[Token], k: int) -> tuple[Phrase, Metric | None] | None:
        if k < 0 or k >= len(tokens):
            return None
        for phrase, label in self.first.get(tokens[k].low, ()):
            if match_at(tokens, k, phrase):
                return phrase, label
        return None

    def ending(self, tokens: list[Token], k: int) -> tuple[Phrase, Metric | None] | None:
        if k < 0 or k >= len(tokens):
            return None
        for phrase, label in self.last.get(tokens[k].low, ()):
            if match_ending_at(tokens, k, phrase):
                return phrase, label
        return None


@dataclass(slots=True)
class _Tables:
    metric_nouns: _Index
    predicates: _Index
    governors: _Index
    tolls: _Index
    zeros: _Index
    zero_pronouns: _Index
    breakdown_before: _Index
    breakdown_openers: _Index
    opener_firsts: frozenset[str]  # first words of breakdown_openers: most sentences have none
    breakdown_after: _Index
    hypo_before: _Index
    hypo_after: _Index
    function_words: frozenset[str]
    number_starts: frozenset[str]
    triggers: frozenset[str]  # words without one of which no number in a sentence can become a claim
    prefilter: re.Pattern[str]
    content_words: frozenset[str]  # nouns and verbs of the rules: one side of a glued pair must be one
    known_words: frozenset[str]  # every single word the rules know


def _tables(rules: Rules) -> _Tables:
    return derived(rules, "claims.tables", _build_tables)


def _build_tables(rules: Rules) -> _Tables:
    def unlabeled(ps: Sequence[Phrase]) -> list[tuple[Phrase, Metric | None]]:
        return [(p, None) for p in ps]

    starts = set(rules.units) | set(rules.tens) | {"a", "an", "half"} | {v.phrase[0] for v in rules.vague}
    # "a"/"an"/"half" start a figure only before a scale ("a dozen", "half a million"), so the prefilter
    # looks for those pairs rather than letting every sentence with an article through
    words = sorted((starts - {"a", "an", "half"}) | {"no", "nobody", "none", "dozen", "without", "not a single"},
                   key=len, reverse=True)
    scales = "|".join(re.escape(w) for w in sorted(set(rules.scales) | set(rules.collectives)))
    # PREFILTER: a sentence with no digit, number word, vague plural or zero cue cannot hold a
    # figure, so it costs one scan; the alternation is of literal words only (linear).
    # TRIGGERS: a phrase matches only if all its words are there, so one content word per phrase is a
    # necessary condition; function words ("of", "the", "one") would let every sentence through
    triggers: set[str] = set()
    for pairs in (rules.metric_nouns, rules.predicates_after, rules.governors_before, rules.toll_nouns,
                  rules.zero_nouns):
        for phrase, _ in pairs:
            content_words = [w for w in phrase if w not in rules.trigger_stopwords]
            triggers.update(content_words or phrase)
    triggers |= rules.stay_verbs | rules.shelter_nouns | rules.wound_nouns | rules.weak_governors | rules.toll_heads \
        | rules.base_verbs | rules.flight_participles
    triggers |= {"no", "nobody", "none", "without", "not"}
    prefilter = re.compile(r"\d|\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
                           rf"|\b(?:an?|half\sa)\s(?:{scales})\b", re.IGNORECASE)
    content = set(rules.person_nouns | rules.household_nouns)
    for pairs in (rules.metric_nouns, rules.predicates_after, rules.governors_before):
        for phrase, _ in pairs:
            content.update(w for w in phrase if w.isalpha() and len(w) > 2)
    known = content | rules.aux_skip | rules.skip_prepositions | rules.clause_stops | rules.toll_links \
        | rules.zero_modifiers | set(rules.units) | set(rules.tens) | set(rules.scales) \
        | {p[0] for p, _ in rules.qualifiers_before} | {"and", "or", "to", "of", "the", "with", "by", "for"} \
        | {"without", "nobody"}  # zero cues: "without" was split into "with" + "out" and its zero lost
    return _Tables(
        content_words=frozenset(content),
        known_words=frozenset(known),
        metric_nouns=_Index.build(rules.metric_nouns),
        predicates=_Index.build(rules.predicates_after),
        governors=_Index.build(rules.governors_before),
        tolls=_Index.build(rules.toll_nouns),
        zeros=_Index.build(rules.zero_nouns),
        zero_pronouns=_Index.build(unlabeled(rules.zero_pronouns)),
        breakdown_before=_Index.build(unlabeled(rules.breakdown_before)),
        breakdown_openers=_Index.build(unlabeled(rules.breakdown_openers)),
        opener_firsts=frozenset(p[0] for p in rules.breakdown_openers),
        breakdown_after=_Index.build(unlabeled(rules.breakdown_after)),
        hypo_before=_Index.build(unlabeled(rules.hypothetical_before)),
        hypo_after=_Index.build(unlabeled(rules.hypothetical_after)),
        function_words=rules.aux_skip | rules.skip_prepositions | rules.clause_stops
        | frozenset({"and", "or", "to", "than", "as", "by", "with", "for", "per", "this", "that"}),
        number_starts=frozenset(starts),
        triggers=frozenset(triggers),
        prefilter=prefilter,
    )


@dataclass(slots=True)
class _Found:
    """A figure tied to a metric, before its context is filled in."""

    metric: Metric
    phrase: NumberPhrase
    qualifier: Qualifier
    q_start: int  # token index where the quote starts (qualifier or number)
    q_end: int  # token index after the quote
    unit: Unit
    subject: tuple[int, int] | None  # token span of the subject noun phrase
    zero: bool = False


def _starts_number(t: Token, tables: _Tables) -> bool:
    return t.text[:1].isdigit() or (t.low in tables.number_starts and t.low not in ("a", "an"))


