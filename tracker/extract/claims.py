"""From an article to its claims: which numbers are figures, what they count, and their context.

For each number in a sentence the engine asks, in order (first answer wins):

A. does a metric noun follow it? ("2,350 fatalities", "8,800 rockets", "124 wounded")
B. does a person noun (or nothing) follow it, then a metric predicate? ("41 individuals were
   killed", "60,000 Israelis to evacuate", "124 were injured")
C. does a governing verb or noun stand before it? ("killing 5", "the deaths of 22", "capture of three")
D. does a running-total noun stand before it? ("the death toll rose to 310", "from 97 to 128")
E. is it a breakdown of the figure before it? ("including 12 children", "4,000 of whom")

Zeros are found apart ("no casualties", "no one was hurt"). Each figure then gets its
qualifier and bounds, scope and dates, source and modality. Every rule's words live in
``tracker/rules/*.yaml``; this module is the grammar that uses them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.extract import attribution as attr
from tracker.extract.numbers import NumberPhrase, bounds, qualifier_after, qualifier_before, read_number
from tracker.extract.scope import Period, local_date_after, resolve_period
from tracker.extract.sentences import Sentence, split_sentences
from tracker.extract.tokens import Token, match_at, match_ending_at, tokenize
from tracker.model import Article, Claim, Metric, Modality, Qualifier, Scope, SourceKind, Unit
from tracker.rules import Phrase, Rules, load_rules

LabelPairs = Sequence[tuple[Phrase, "Metric | None"]]
PREDICATE_WINDOW = 16
# "150 people, the whole population of <a long place name> (<its region>), were displaced"
APPOSITION_WINDOW = 24
MODIFIER_WINDOW = 5
TOLL_WINDOW = 12
HYPO_BEFORE = 8
HYPO_AFTER = 8
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our"})
_PASSIVE_AUX = frozenset({"were", "was", "been", "are", "is", "be", "being", "got"})
# a bracketed aside ("(victim presumed to be ...)") does not make the figure before it hypothetical
_HYPO_STOPS = frozenset({"and", "but", "while", "said", "says", "according", ";", ".", "whereas", "(", "["})
# metrics whose nouns name people ("hostages", "prisoners", "refugees"), and what may befall them
_PEOPLE_METRICS = frozenset({Metric.DETAINED, Metric.ABDUCTED, Metric.DISPLACED, Metric.MISSING})
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
    breakdown_after: _Index
    hypo_before: _Index
    hypo_after: _Index
    function_words: frozenset[str]
    number_starts: frozenset[str]
    prefilter: re.Pattern[str]


_TABLES: dict[int, _Tables] = {}


def _tables(rules: Rules) -> _Tables:
    t = _TABLES.get(id(rules))
    if t is None:
        def unlabeled(ps: Sequence[Phrase]) -> list[tuple[Phrase, Metric | None]]:
            return [(p, None) for p in ps]

        starts = set(rules.units) | set(rules.tens) | {"a", "an", "half"} | {v.phrase[0] for v in rules.vague}
        words = sorted(starts | {"no", "nobody", "none", "dozen"} | {p[0] for p, _ in rules.zero_nouns},
                       key=len, reverse=True)
        # PREFILTER: a sentence with no digit, number word, vague plural or zero cue cannot hold a
        # figure, so it costs one scan; the alternation is of literal words only (linear).
        prefilter = re.compile(r"\d|\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
        t = _Tables(
            metric_nouns=_Index.build(rules.metric_nouns),
            predicates=_Index.build(rules.predicates_after),
            governors=_Index.build(rules.governors_before),
            tolls=_Index.build(rules.toll_nouns),
            zeros=_Index.build(rules.zero_nouns),
            zero_pronouns=_Index.build(unlabeled(rules.zero_pronouns)),
            breakdown_before=_Index.build(unlabeled(rules.breakdown_before)),
            breakdown_after=_Index.build(unlabeled(rules.breakdown_after)),
            hypo_before=_Index.build(unlabeled(rules.hypothetical_before)),
            hypo_after=_Index.build(unlabeled(rules.hypothetical_after)),
            function_words=rules.aux_skip | rules.skip_prepositions | rules.clause_stops
            | frozenset({"and", "or", "to", "than", "as", "by", "with", "for", "per", "this", "that"}),
            number_starts=frozenset(starts),
            prefilter=prefilter,
        )
        _TABLES[id(rules)] = t
    return t


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


# --------------------------------------------------------------------------- exclusions


def _not_a_count(tokens: list[Token], ph: NumberPhrase, rules: Rules) -> bool:
    """Years, dates, times, ages, percentages, money, measures, labels ("resolution 1701")."""
    n = len(tokens)
    prev = tokens[ph.start - 1] if ph.start > 0 else None
    prev2 = tokens[ph.start - 2] if ph.start > 1 else None
    nxt = tokens[ph.end] if ph.end < n else None
    text = tokens[ph.start].low
    if "year" in text or text.endswith(("st", "nd", "rd", "th")) and text[:1].isdigit():
        return True
    if prev is not None:
        if prev.low in rules.money_before or prev.low in rules.label_before:
            return True
        if prev.low == "." and prev2 is not None and prev2.low in rules.months:
            return True
        if prev.low in rules.months and ph.value <= 31 and not ph.words:
            return True
    if nxt is not None:
        for phrase in rules.unit_after:
            if match_at(tokens, ph.end, phrase):
                return True
        if nxt.low in rules.months and ph.value <= 31 and not ph.words:
            return True
        if nxt.low == ":" or nxt.low in ("a.m", "p.m"):
            return True
        if nxt.low == "," and prev is not None and prev.low == "," and prev2 is not None \
                and prev2.is_capitalised and ph.value < 120 and not ph.words:
            return True  # an age in apposition: "Bana Alabed, 7, who ..."
        if nxt.low == "-" and ph.end + 1 < n and tokens[ph.end + 1].low.startswith("year"):
            return True
    if ph.four_digit_plain and 1800 <= ph.value <= 2100:
        # a year unless a head noun follows and nothing year-like stands before it
        if prev is None or prev.low in rules.year_before or prev.low in rules.months:
            return True
        if nxt is None or not (nxt.low in rules.person_nouns or any(nxt.low == p[0] for p, _ in rules.metric_nouns)):
            return True
    if ph.words and text == "one" and nxt is not None and nxt.low in ("of", "another", "day", "side", "way", "time"):
        return True
    return False


# --------------------------------------------------------------------------- metric rules


def _acronym(t: Token) -> bool:
    """"IS", "US", "SSPDF": an all-capital name, even when its lower case is a function word ("is", "us")."""
    return len(t.text) >= 2 and t.is_word and t.text.isupper()


def _noun_scan(tokens: list[Token], pos: int, tables: _Tables, rules: Rules) -> tuple[
        tuple[int, int, Metric] | None, int | None, bool, int]:
    """The noun phrase after a number -> (metric noun span, person head index, saw other noun, modifiers start).

    A phrase of capitalised names only ("3 Fulani", "4 SSPDF", "one Mayi Mayi") is taken as a group of
    people, its last name the head: a count of things has a common noun ("30 branches", "5 Merkava tanks").
    """
    n = len(tokens)
    k = pos
    saw_content = False
    names_only = True
    while k < n and k - pos < MODIFIER_WINDOW:
        t = tokens[k]
        hit = tables.metric_nouns.at(tokens, k)
        if hit is not None and hit[1] is not None:
            return (k, k + len(hit[0]), hit[1]), None, saw_content, pos
        if t.low in rules.person_nouns or t.low in rules.household_nouns:
            # compound heads: "aid workers", "family members"
            if k + 1 < n and tokens[k + 1].low in rules.person_nouns:
                k += 1
            after = tables.metric_nouns.at(tokens, k + 1)
            if after is not None and after[1] is not None:
                return (k + 1, k + 1 + len(after[0]), after[1]), None, True, pos  # "6 rebel fatalities"
            return None, k, False, pos
        if t.low in ("and", "or") and saw_content and k + 1 < n and tokens[k + 1].is_word \
                and tokens[k + 1].low not in tables.function_words:
            k += 1  # "438,000 new and repeated displacements"
            continue
        if not _acronym(t) and (not t.is_word or t.low in tables.function_words
                                or tables.predicates.at(tokens, k) is not None):
            break
        saw_content = True
        if not t.is_capitalised or t.low in rules.months or t.low in rules.weekdays:
            names_only = False
        k += 1
    if saw_content and names_only:
        return None, k - 1, False, pos
    return None, None, saw_content, pos


def _predicate_after(tokens: list[Token], k: int, tables: _Tables, rules: Rules) -> tuple[Metric, int] | None:
    """A metric predicate after a noun phrase -> (metric, index after it)."""
    n = len(tokens)
    steps = 0
    in_pp = False
    passive = False
    if k < n and tokens[k].low == ")":
        k += 1  # "5,300 families (32,000 people) were displaced": the figure in brackets
    while k < n and steps < PREDICATE_WINDOW:
        steps += 1
        t = tokens[k]
        hit = tables.predicates.at(tokens, k) or _predicate_around_count(tokens, k, tables)
        if hit is not None and hit[1] is not None:
            end = k + len(hit[0]) + (1 if not match_at(tokens, k, hit[0]) else 0)
            # "fighters who killed 3 soldiers": an active verb with an object is not our predicate
            if not passive and end < n and _has_object(tokens, end, tables, rules):
                return None
            return hit[1], end
        if t.low in _PASSIVE_AUX:
            passive = True
        if t.low in rules.skip_prepositions and t.low not in _PASSIVE_AUX:
            # "in" is also an aux word ("in total"): as a preposition it opens a phrase to skip
            in_pp = True
            k += 1
            continue
        if t.low in rules.aux_skip:
            k += 1
            continue
        if t.low in (",", "("):
            close = ")" if t.low == "(" else ","
            j = k + 1
            while j < n and j - k < APPOSITION_WINDOW and tokens[j].low not in (close, ".", ";"):
                j += 1
            if j < n and tokens[j].low == close:
                k = j + 1
                continue
            return None
        if t.low in ("and", "or") and in_pp and k + 1 < n and tokens[k + 1].low in rules.skip_prepositions:
            k += 1  # "residents of towns near Gaza and along the border have been moved out"
            continue
        if t.low in ("and", "or"):
            after = _coordinated_people(tokens, k + 1, tables, rules)
            if after is None:
                return None
            k = after  # "11 soldiers and militia members were killed", "2,400 families or 7,900 people were"
            continue
        if t.low == "including":
            after = _coordinated_people(tokens, k + 1, tables, rules)
            if after is None and k + 1 < n and _starts_number(tokens[k + 1], tables):
                return None
            if after is None:
                in_pp = True
                after = k + 1
            k = after  # "15 militants including a commander were killed", "including 2 commanders were"
            continue
        if in_pp and _starts_number(t, tables) and k + 1 < n and _counted_thing(tokens, k + 1, tables, rules):
            k += 2  # a count inside the phrase: "513,000 people in 14 districts were evacuated"
            continue
        if t.low in rules.clause_stops or t.text[:1].isdigit():
            return None
        if t.low in rules.skip_prepositions:
            in_pp = True
            k += 1
            continue
        if in_pp and t.is_word and t.low not in tables.function_words:
            k += 1
            continue
        if in_pp and t.low in ("the", "a", "an", "'s", "-"):
            k += 1
            continue
        return None
    return None


def _counted_thing(tokens: list[Token], k: int, tables: _Tables, rules: Rules) -> bool:
    """A word that counts things, not people: "districts" in "in 14 districts"."""
    t = tokens[k]
    return t.is_word and t.low not in rules.person_nouns and t.low not in rules.household_nouns \
        and tables.metric_nouns.at(tokens, k) is None and tables.predicates.at(tokens, k) is None


def _predicate_around_count(tokens: list[Token], k: int,
                            tables: _Tables) -> tuple[Phrase, Metric | None] | None:
    """A prepositional predicate with a count inside it: "in 20 evacuation centres", "in 21 camps"."""
    if k + 2 >= len(tokens) or not _starts_number(tokens[k + 1], tables):
        return None
    for phrase, label in tables.predicates.first.get(tokens[k].low, ()):
        if len(phrase) > 1 and match_at(tokens, k + 2, phrase[1:]):
            return phrase, label
    return None


def _starts_number(t: Token, tables: _Tables) -> bool:
    return t.text[:1].isdigit() or (t.low in tables.number_starts and t.low not in ("a", "an"))


def _coordinated_people(tokens: list[Token], k: int, tables: _Tables, rules: Rules) -> int | None:
    """After "and"/"or": a second group of people ("and 3 civilians", "or 7,900 people", "and family
    members") -> the index after its head noun, or None when something else follows."""
    n = len(tokens)
    j = k
    while j < n and j - k < 5:
        t = tokens[j]
        if t.low in rules.person_nouns or t.low in rules.household_nouns:
            if j + 1 < n and tokens[j + 1].low in rules.person_nouns:
                j += 1
            return j + 1
        if tables.predicates.at(tokens, j) is not None or tables.metric_nouns.at(tokens, j) is not None:
            return None
        if not (t.is_word or _starts_number(t, tables)) or t.low in rules.clause_stops:
            return None
        j += 1
    return None


def _has_object(tokens: list[Token], k: int, tables: _Tables, rules: Rules) -> bool:
    """An object right after a verb: a number or a determined person ("killed 3", "wounded the driver")."""
    t = tokens[k]
    if t.text[:1].isdigit() or (t.low in tables.number_starts and t.low not in ("a", "an")):
        return True
    if t.low in _DETERMINERS and k + 1 < len(tokens):
        nxt = tokens[k + 1].low
        return nxt in rules.person_nouns or (k + 2 < len(tokens) and tokens[k + 2].low in rules.person_nouns)
    return False


def _lead(tokens: list[Token], q_start: int) -> int:
    """Index before which governors are read: skip determiners and increment words."""
    j = q_start
    while j > 0 and tokens[j - 1].low in ("the", "another", "further", "additional", "a", "an", "some", "more",
                                          "between"):
        j -= 1
    return j


def _toll_before(tokens: list[Token], lead: int, tables: _Tables, rules: Rules,
                 previous: Metric | None) -> Metric | None:
    """A running-total noun before the figure ("the death toll in Gaza has risen to")."""
    k = lead - 1
    floor = max(-1, lead - 1 - TOLL_WINDOW)
    while k > floor:
        hit = tables.tolls.ending(tokens, k)
        if hit is not None:
            phrase, metric = hit
            if metric is None:
                return previous or (Metric.KILLED if phrase == ("toll",) else None)
            return metric
        t = tokens[k]
        if t.low in (".", ";", ":", "!", "?"):
            return None
        if not (t.low in rules.toll_links or t.low == "," or t.is_capitalised or t.text[:1].isdigit()
                or t.low in tables.number_starts):
            return None
        k -= 1
    return None


def _metric_for(tokens: list[Token], ph: NumberPhrase, after_end: int, lead: int, tables: _Tables,
                rules: Rules, previous: Metric | None) -> tuple[Metric, int, int | None, int] | None:
    """Rules A–E -> (metric, quote end index, person head index, subject start) or None."""
    n = len(tokens)
    pos = after_end
    # E (after): "4,000 of whom were children"
    if tables.breakdown_after.at(tokens, pos) is not None and previous is not None:
        return previous, pos, None, pos
    if pos < n and tokens[pos].low == "of" and (ph.vague or tokens[pos - 1].low in rules.scales):
        pos += 1  # "tens of thousands of residents", "millions of people"
        if pos < n and tokens[pos].low == "the":
            pos += 1
    metric_span, head, saw_content, subj_start = _noun_scan(tokens, pos, tables, rules)
    # A: metric noun
    if metric_span is not None:
        metric = metric_span[2]
        if metric in _PEOPLE_METRICS:
            # "killing 3 hostages", "2 prisoners were killed": what befell these people is the figure
            gov = tables.governors.ending(tokens, lead - 1)
            pred = _predicate_after(tokens, metric_span[1], tables, rules)
            for harm in (gov[1] if gov else None, pred[0] if pred else None):
                if harm is not None and harm in _HARM_METRICS:
                    return harm, metric_span[1], None, subj_start
        return metric, metric_span[1], None, subj_start
    if saw_content and head is None:
        # "30 branches", "ten explosions": a count of something else, unless harm befell it: a noun we do not
        # list is still people when they "were killed" or someone "killed" them ("5 merchants", "2 cadres")
        end = pos
        while end < n and end - pos < MODIFIER_WINDOW and (_acronym(tokens[end]) or (
                tokens[end].is_word and tokens[end].low not in tables.function_words
                and tables.predicates.at(tokens, end) is None)):
            end += 1
        pred = _predicate_after(tokens, end, tables, rules)
        gov = tables.governors.ending(tokens, lead - 1)
        harm = pred[0] if pred is not None else (gov[1] if gov is not None else None)
        if harm in _HARM_METRICS or (pred is not None and pred[0] in _PEOPLE_METRICS
                                     and pred[0] is not Metric.DISPLACED):
            return harm, end, end - 1, subj_start  # type: ignore[return-value]
        return None
    # a dwelling: "80 homes were evacuated" is displacement; "300 homes were destroyed" is no claim
    dwelling = head is not None and tokens[head].low in rules.household_nouns \
        and tokens[head].low not in rules.person_nouns
    got = _metric_rules_bcde(tokens, ph, after_end, lead, tables, rules=rules, previous=previous, head=head,
                             subj_start=subj_start, pos=pos)
    if got is None or (dwelling and got[0] is not Metric.DISPLACED):
        return None
    if head is not None and got[0] is Metric.PROJECTILES:
        return None  # "52,000 Afghans crossed the border", "fired 3 employees"
    return got


def _metric_rules_bcde(tokens: list[Token], ph: NumberPhrase, after_end: int, lead: int, tables: _Tables, *,
                       rules: Rules, previous: Metric | None, head: int | None, subj_start: int,
                       pos: int) -> tuple[Metric, int, int | None, int] | None:
    """Rules B–E for a figure whose noun phrase names no metric."""
    # B: predicate after the noun phrase (or after the bare number)
    start = head + 1 if head is not None else pos
    pred = _predicate_after(tokens, start, tables, rules)
    if pred is not None:
        quote_end = head + 1 if head is not None else pred[1]
        return pred[0], quote_end, head, subj_start
    quote_end = head + 1 if head is not None else after_end
    # E (before): "including 12 children", "among the dead were 12 children"
    hit = tables.breakdown_before.ending(tokens, lead - 1)
    if hit is not None:
        named = next((m for p, m in rules.metric_nouns if len(p) == 1 and p[0] in hit[0]), None)
        if named is not None or previous is not None:
            return named or previous, quote_end, head, subj_start  # type: ignore[return-value]
    # C: governing verb or noun before
    gov = tables.governors.ending(tokens, lead - 1)
    if gov is not None and gov[1] is not None:
        return gov[1], quote_end, head, subj_start
    # D: running total before ("the death toll rose to 310"), or after ("bringing to 310 the death toll")
    toll = _toll_before(tokens, lead, tables, rules, previous) \
        or _toll_after(tokens, lead, ph.end, tables, rules, previous=previous)
    if toll is not None:
        return toll, quote_end, head, subj_start
    return None


def _toll_after(tokens: list[Token], lead: int, end: int, tables: _Tables, rules: Rules, *,
                previous: Metric | None) -> Metric | None:
    """"This brings to 274,000 the total number of people displaced": a verb of change, "to", the figure,
    then the running-total noun."""
    if lead < 2 or tokens[lead - 1].low != "to" or tokens[lead - 2].low not in rules.toll_links:
        return None
    k = end
    while k < len(tokens) and k - end < 3 \
            and tokens[k].low in ("the", "total", "overall", "cumulative", "its", "their", "official"):
        k += 1
    hit = tables.tolls.at(tokens, k)
    if hit is None or k == end:
        return None
    phrase, metric = hit
    if metric is None:
        return previous or (Metric.KILLED if phrase == ("toll",) else None)
    return metric


def _zero_at(tokens: list[Token], i: int, tables: _Tables, rules: Rules) -> tuple[Metric, int] | None:
    """Stated zeros at token i: "no casualties", "no immediate reports of casualties", "no one was hurt"."""
    n = len(tokens)
    low = tokens[i].low
    if low == "no" or low == "without":
        if i > 0 and tokens[i - 1].low in ("whether", "if", "not"):
            return None
        k = i + 1
        while k < n and k - i <= 3 and tokens[k].low in rules.zero_modifiers:
            k += 1
        hit = tables.zeros.at(tokens, k)
        if hit is not None and hit[1] is not None:
            if low == "without" and hit[1] is not Metric.CASUALTIES:
                return None
            return hit[1], k + len(hit[0])
    pron = tables.zero_pronouns.at(tokens, i)
    if pron is not None:
        k = i + len(pron[0])
        pred = _predicate_after(tokens, k, tables, rules)
        if pred is not None and pred[0] in (Metric.KILLED, Metric.INJURED, Metric.CASUALTIES, Metric.MISSING):
            return pred[0], pred[1]
    return None


# --------------------------------------------------------------------------- context


def _hypothetical(tokens: list[Token], q_start: int, q_end: int, tables: _Tables) -> bool:
    """Threats, forecasts, plans and conditionals near the figure (spec rules 5, 11)."""
    lo = max(0, q_start - HYPO_BEFORE)
    for k in range(q_start - 1, lo - 1, -1):
        if tokens[k].low in (";", ".") or (tokens[k].low in ("but", "while") and k < q_start - 1):
            break
        hit = tables.hypo_before.ending(tokens, k)
        if hit is not None and not (len(hit[0]) == 1 and tokens[k].text[:1].isupper() and tokens[k].low == "may"):
            return True
    for k in range(q_end, min(len(tokens), q_end + HYPO_AFTER)):
        if tokens[k].low in _HYPO_STOPS:
            break
        if tables.hypo_after.at(tokens, k) is not None:
            return True
    return False


_PLACE_PREPS = frozenset({"in", "across", "from", "throughout", "inside", "near", "into", "toward", "towards",
                          "on", "at", "over", "along"})


def _location(body: str, tokens: list[Token], q_start: int, q_end: int, rules: Rules) -> str | None:
    """The nearest place named after a preposition in the sentence ("in northern Israel")."""
    best: tuple[int, int, int] | None = None
    n = len(tokens)
    for k in range(n - 1):
        if tokens[k].low not in _PLACE_PREPS:
            continue
        s = k + 1
        if s < n and tokens[s].low == "the":
            s += 1
        e = s
        if e < n and tokens[e].low in rules.directions:
            e += 1
        c = e
        while c < n and c - e < 4 and tokens[c].is_capitalised and tokens[c].is_word \
                and tokens[c].low not in rules.not_places:
            c += 1
        if c == e or (c == e + 1 and tokens[e].low in rules.demonyms):
            continue  # "the Lebanese health ministry": an adjective of a source, not a place
        dist = k - q_end if k >= q_end else (q_start - k) + 2
        if best is None or dist < best[0]:
            best = (dist, s, c)
    if best is None:
        return None
    return body[tokens[best[1]].start:tokens[best[2] - 1].end]


def _resolve_cues(cues: list[attr.Cue], body: str, sent: Sentence, last: attr.Attribution | None,
                  rules: Rules) -> list[tuple[int, attr.Attribution]]:
    out = []
    for cue in cues:
        if cue.continuation and last is not None and last.source:
            head = attr.strip_determiner(cue.source).lower()
            if head in ("it", "he", "she", "they") or any(w in last.source.lower() for w in head.split()[-1:]):
                out.append((cue.index, last))
                continue
        name = attr.expand(cue.source, body[: sent.start], rules)
        if name.lower() in ("it", "he", "she", "they"):
            continue  # a pronoun with no speaker before it names nobody
        via = attr.strip_determiner(cue.via) if cue.via else None
        kind = attr.classify(name, rules)
        if kind in (SourceKind.GOVERNMENT, SourceKind.OFFICIAL_UNNAMED) and name[:1].isupper():
            # a person's name: their role usually follows the first mention ("Naim Qassem, the deputy chief of Hezbollah")
            first = body.find(name)
            if first >= 0:
                ctx_kind = attr.classify("", rules, context=body[first + len(name): first + len(name) + 90])
                if ctx_kind is not SourceKind.UNATTRIBUTED and ctx_kind is not SourceKind.GOVERNMENT:
                    kind = ctx_kind
        out.append((cue.index, attr.Attribution(name, via, kind)))
    return out


# --------------------------------------------------------------------------- driver


def _find_figures(tokens: list[Token], tables: _Tables, rules: Rules) -> list[_Found]:
    found: list[_Found] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        zero = _zero_at(tokens, i, tables, rules) if tok.low in ("no", "without", "nobody", "none", "not") else None
        if zero is not None:
            metric, end = zero
            found.append(_Found(metric, NumberPhrase(i, i + 1, 0.0), Qualifier.EXACT, i, end, Unit.PEOPLE, None,
                                zero=True))
            i = end
            continue
        if not (tok.text[:1].isdigit() or tok.low in tables.number_starts or "-" in tok.low):
            i += 1
            continue
        ph = read_number(tokens, i, rules)
        if ph is None:
            i += 1
            continue
        if _not_a_count(tokens, ph, rules):
            i = ph.end
            continue
        q_before, q_start = qualifier_before(tokens, ph.start, rules)
        q_after, after_end = qualifier_after(tokens, ph.end, rules)
        if ph.vague:
            qual = Qualifier.VAGUE
        elif ph.is_range:
            qual = Qualifier.RANGE
        elif ph.plus or q_after is Qualifier.MORE_THAN:
            qual = Qualifier.MORE_THAN
        elif q_before is not None:
            qual = q_before
        elif q_after is not None:
            qual = q_after
        else:
            qual = Qualifier.EXACT
        if q_before is None or ph.vague or ph.is_range:
            q_start = ph.start
        previous = found[-1].metric if found else None
        lead = _lead(tokens, q_start)
        got = _metric_for(tokens, ph, after_end, lead, tables, rules, previous)
        if got is None:
            i = ph.end
            continue
        metric, quote_end, head, subj_start = got
        unit = Unit.PEOPLE
        subject: tuple[int, int] | None = None
        if metric is Metric.PROJECTILES:
            unit = Unit.PROJECTILES
        if head is not None:
            if tokens[head].low in rules.household_nouns:
                unit = Unit.HOUSEHOLDS
            subject = (subj_start, head + 1)
        found.append(_Found(metric, ph, qual, q_start, max(quote_end, ph.end), unit, subject))
        i = max(ph.end, after_end)
    return found


def extract_claims(article: Article, rules: Rules | None = None) -> list[Claim]:
    """All claims of one article, in text order. Pure: same article in, same claims out."""
    rules = rules or load_rules()
    tables = _tables(rules)
    body = article.body
    published = article.published
    article_low = body[:20000].lower()
    claims: list[Claim] = []
    seen: set[tuple[int, int, str]] = set()
    last: attr.Attribution | None = None
    for sent in split_sentences(body, rules):
        if sent.boilerplate:
            continue
        has_figure = bool(tables.prefilter.search(sent.text))
        if not has_figure and not _may_attribute(sent.text):
            continue
        tokens = tokenize(sent.text, sent.start)
        cues = _resolve_cues(attr.find_cues(tokens, sent.text, sent.start, rules), body, sent, last, rules)
        if cues:
            last = cues[0][1]
        if not has_figure:
            continue
        found = _find_figures(tokens, tables, rules)
        if not found:
            continue
        for f in found:
            start = tokens[f.q_start].start
            end = tokens[f.q_end - 1].end
            key = (start, end, str(f.metric))
            if key in seen:
                continue
            seen.add(key)
            period = resolve_period(sent.text, published, f.metric, rules, article_low)
            period = _local_period(body, end, f, tokens, period, published)
            src = _pick_source(cues, f.q_start)
            low, high = (0.0, 0.0) if f.zero else bounds(f.qualifier, f.phrase)
            location = _location(body, tokens, f.q_start, f.q_end, rules) or _place_from_source(src.source, rules)
            subject = body[tokens[f.subject[0]].start:tokens[f.subject[1] - 1].end] if f.subject else None
            claims.append(Claim(
                article_id=article.article_id,
                metric=f.metric,
                value=f.phrase.value,
                value_low=low,
                value_high=high,
                qualifier=f.qualifier,
                unit=f.unit,
                quote=body[start:end],
                char_start=start,
                char_end=end,
                sentence=sent.text,
                subject=subject,
                location=location,
                scope=period.scope,
                period_start=period.start,
                period_end=period.end,
                source=src.source,
                source_kind=src.kind,
                via=src.via,
                modality=Modality.HYPOTHETICAL if _hypothetical(tokens, f.q_start, f.q_end, tables)
                else Modality.REPORTED,
            ))
    return claims


_ATTRIBUTION_HINT = re.compile(r"\b(?:said|says|according|reported|told|added|stated|announced|cited|citing)\b",
                               re.IGNORECASE)


def _may_attribute(text: str) -> bool:
    return bool(_ATTRIBUTION_HINT.search(text))


def _pick_source(cues: list[tuple[int, attr.Attribution]], index: int) -> attr.Attribution:
    """The sentence's attribution nearest to the figure (spec rule 3: it reaches the whole sentence)."""
    if not cues:
        return attr.UNATTRIBUTED
    return min(cues, key=lambda c: abs(c[0] - index))[1]


def _place_from_source(source: str | None, rules: Rules) -> str | None:
    if not source:
        return None
    for word in source.lower().replace("’", "'").split():
        if word in rules.demonyms:
            return rules.demonyms[word]
    return None


def _local_period(body: str, end: int, f: _Found, tokens: list[Token], period: Period,
                  published: object) -> Period:
    """'up from 412 on Monday': a restated earlier figure ends on its own day (spec rule 15)."""
    if f.q_start > 0 and tokens[f.q_start - 1].low == "from":
        import datetime as dt

        day = local_date_after(body[end:end + 40], published if isinstance(published, dt.date) else None)
        if day is not None:
            return Period(period.scope if period.scope is not Scope.UNKNOWN else Scope.CUMULATIVE, period.start, day)
    return period
