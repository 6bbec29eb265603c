"""Stage 2, metric: what a figure counts (killed, injured, displaced, ...), or that it is no claim.

For each number the engine asks, in order (first answer wins):

A. does a metric noun follow it? ("2,350 fatalities", "8,800 rockets", "124 wounded")
B. does a person noun (or nothing) follow it, then a metric predicate? ("41 individuals were
   killed", "60,000 Israelis to evacuate", "124 were injured")
C. does a governing verb or noun stand before it? ("killing 5", "the deaths of 22", "capture of three")
D. does a running-total noun stand before it? ("the death toll rose to 310", "from 97 to 128"; tolls.py)
E. is it a breakdown of the figure before it? ("including 12 children", "4,000 of whom")

Also here: who took people decides detained or abducted (spec rule 17), and whether a sentence carries
the metric of the one before ("Among them were 720 children").
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.extract import attribution as attr
from tracker.extract.figures import _acronym, _noun_scan, _predicate_after
from tracker.extract.numbers import NumberPhrase, read_number
from tracker.extract.tables import _HARM_METRICS, MODIFIER_WINDOW, PREDICATE_WINDOW, _Found, _starts_number, _Tables
from tracker.extract.tokens import Token, phrase_index
from tracker.extract.tolls import _toll_after, _toll_before
from tracker.model import Metric, SourceKind
from tracker.rules import Rules

RELATIVE_WINDOW = 6  # "whom the army has declared dead": subject, auxiliary and verb before the predicate


# metrics whose nouns name people ("hostages", "prisoners", "refugees"), and what may befall them
_PEOPLE_METRICS = frozenset({Metric.DETAINED, Metric.ABDUCTED, Metric.DISPLACED, Metric.MISSING})

# actors for spec rule 17: taken by a state's forces -> detained; by gunmen or an armed group -> abducted
_STATE_KINDS = frozenset({SourceKind.MILITARY, SourceKind.GOVERNMENT})

_ACTOR_WINDOW = 8


def _metric_word(tokens: list[Token], lo: int, hi: int, tables: _Tables) -> Metric | None:
    """The first metric noun or predicate in tokens[lo:hi] ("among those killed in the attack")."""
    for j in range(max(0, lo), hi):
        hit = tables.metric_nouns.at(tokens, j) or tables.predicates.at(tokens, j)
        if hit is not None and hit[1] is not None:
            return hit[1]
    return None


def _breakdown_before(tokens: list[Token], lead: int, tables: _Tables, rules: Rules,
                      previous: Metric | None) -> Metric | None:
    """A breakdown marker before the figure (spec rule 2) -> the metric it continues.

    "including 12 children" continues the figure before; "among the dead were 316 children", "the dead
    included 14 children" and "among those killed in the attack were 318 soldiers" name their metric.
    """
    k = lead - 1
    while k >= 0 and tokens[k].low in rules.passive_aux:
        k -= 1  # "among the dead were"
    hit = tables.breakdown_before.ending(tokens, k)
    if hit is not None:
        start = k - len(hit[0]) + 1
        named = _metric_word(tokens, start, lead, tables)
        if named is None and tokens[k].low in ("included", "include", "includes"):
            j = start - 1
            while j >= 0 and start - j <= 3 and tokens[j].is_word and tokens[j].low not in rules.speech_verbs_flat:
                j -= 1  # "the dead included": the metric noun is the marker verb's subject
            named = _metric_word(tokens, j + 1, start, tables)
        return named or previous
    if k == lead - 1:
        return None
    # "among those killed in the attack were": "among", a metric word, then the aux before the figure
    j = k
    while j >= 0 and k - j < PREDICATE_WINDOW and tokens[j].low not in (".", ";", ",", ":") \
            and tokens[j].low not in rules.clause_stops:
        if tokens[j].low == "among":
            return _metric_word(tokens, j + 1, k + 1, tables)
        j -= 1
    return None


def _actor_metric(tokens: list[Token], gov_end: int, metric: Metric, rules: Rules) -> Metric:
    """Spec rule 17: who took the people decides detained or abducted ("Russian soldiers had abducted 14
    civilians" -> detained; "its fighters detained 30" -> abducted). The nearest actor before the verb wins."""
    if metric not in (Metric.DETAINED, Metric.ABDUCTED):
        return metric
    j = gov_end
    while j >= 0 and gov_end - j < _ACTOR_WINDOW and tokens[j].low not in (".", ";", ",", ":"):
        if tokens[j].low in ("it", "they"):
            # "The RSF said that it had captured 60 soldiers": the pronoun stands for the clause's subject,
            # the speaker further back (not "he"/"she": a person is no actor of rule 17)
            return _subject_actor(tokens, j - 1, rules) or metric
        if tokens[j].low in ("he", "she"):
            return metric
        actor = _actor_kind(tokens, j, rules)
        if actor is not None:
            return actor
        j -= 1
    return metric


def _actor_kind(tokens: list[Token], j: int, rules: Rules) -> Metric | None:
    """The metric an actor word at j decides (armed group -> abducted, army or state -> detained), or None.

    A word counted by a number just before it is an object, not an actor ("they killed 14 militants and
    detained 30 suspects": the militants took no one)."""
    if j > 0 and tokens[j - 1].text[:1].isdigit():
        return None
    low = tokens[j].low
    kind = attr.classify(low, rules)
    if kind is SourceKind.ARMED_GROUP or low in ("gunmen", "kidnappers", "bandits", "gangs"):
        return Metric.ABDUCTED
    if kind in _STATE_KINDS and low not in ("state", "services", "service", "office", "us"):
        return Metric.DETAINED
    return None


def _subject_actor(tokens: list[Token], j: int, rules: Rules) -> Metric | None:
    """The actor a pronoun stands for: the nearest actor word before it in the sentence."""
    while j >= 0 and tokens[j].low not in (".", ";"):
        actor = _actor_kind(tokens, j, rules)
        if actor is not None:
            return actor
        j -= 1
    return None


def _metric_for(tokens: list[Token], ph: NumberPhrase, after_end: int, lead: int, tables: _Tables,
                rules: Rules, found: Sequence[_Found],
                carried: Metric | None = None) -> tuple[Metric, int, int | None, int] | None:
    """Rules A–E -> (metric, quote end index, person head index, subject start) or None.

    ``carried``: the metric of the sentence before, when this sentence breaks it down ("Among them were
    720 children"); it stands in for the figure before until this sentence has one of its own.
    """
    n = len(tokens)
    previous = found[-1].metric if found else carried
    pos = after_end
    # E (after): "4,000 of whom were children", "at least 34 of them are dead"
    marker = tables.breakdown_after.at(tokens, pos)
    if marker is not None:
        pred = _predicate_after(tokens, pos + len(marker[0]), tables, rules) if marker[0][0] == "of" else None
        if pred is not None:
            return pred[0], pos, None, pos
        if marker[0][0] == "of":
            gov = tables.governors.ending(tokens, lead - 1)
            if gov is not None and gov[1] is not None:
                # "We lost 11 of them", "treated 12 of them": the verb takes the people the pronoun stands for,
                # so a weak verb needs no head noun here
                return _actor_metric(tokens, lead - 1 - len(gov[0]), gov[1], rules), pos, None, pos
        named = None if found else _antecedent(tokens, lead, tables)
        if named is not None:
            return named, pos, None, pos  # "hostages held in Gaza, 105 of whom remain": the noun before the comma
        if previous is not None and (found or not _describes_things(tokens, pos + len(marker[0]), rules)):
            # from the sentence before unless things follow: "45 of them were elderly residents", not "3 of
            # them were hospitals"
            return previous, pos, None, pos
    if pos < n and tokens[pos].low == "whom":
        # "including 39 whom the army has declared dead": a relative clause with its own subject states what
        # befell the figure (a harm predicate within a few words; the clause's verb comes first)
        for j in range(pos + 2, min(n, pos + 1 + RELATIVE_WINDOW)):
            if tokens[j].low in (",", ".", ";"):
                break
            hit = tables.predicates.at(tokens, j)
            if hit is not None and hit[1] in _HARM_METRICS:
                return hit[1], pos, None, pos
    if pos + 1 < n and tokens[pos].low in ("more", "additional", "other", "further") \
            and (tokens[pos + 1].low in rules.person_nouns or tokens[pos + 1].low in rules.household_nouns):
        pos += 1  # "150,000 more people have fled"
    partitive = _partitive(tokens, pos, tables, rules) if pos + 1 < n and tokens[pos].low == "of" else pos
    if partitive != pos:
        pos = partitive
    elif pos < n and tokens[pos].low == "of" and (ph.vague or tokens[pos - 1].low in rules.scales):
        pos += 1  # "tens of thousands of residents", "millions of people"
        if pos < n and tokens[pos].low == "the":
            pos += 1
    metric_span, head, saw_content, subj_start = _noun_scan(tokens, pos, tables, rules, ph.value)
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
        if metric is Metric.DETAINED and lead > 0 and tokens[lead - 1].low in rules.taking_verbs:
            # "JNIM said it had taken three soldiers prisoner": prisoners of an armed group are abducted
            metric = _actor_metric(tokens, lead - 1, metric, rules)
        return metric, metric_span[1], None, subj_start
    if saw_content and head is None:
        # "30 branches", "ten explosions": a count of something else, unless harm befell it: a noun we do not
        # list is still people when they "were killed" or someone "killed" them ("5 merchants", "2 cadres"),
        # or someone took them ("detained 11 suspected informants")
        end = pos
        while end < n and end - pos < MODIFIER_WINDOW and tokens[end].low not in rules.noun_phrase_stops and (
                _acronym(tokens[end]) or (tokens[end].is_word and tokens[end].low not in tables.function_words
                and tables.predicates.at(tokens, end) is None)):
            end += 1
        units = phrase_index(rules.unit_after)
        if any(units.at(tokens, j) is not None for j in range(pos, end)):
            return None  # "five state capitals still held by the army": a count of things
        pred = _predicate_after(tokens, end, tables, rules)
        gov = tables.governors.ending(tokens, lead - 1)
        if gov is not None and gov[0][-1] in rules.weak_governors:
            gov = None
        harm = pred[0] if pred is not None else (gov[1] if gov is not None else None)
        if harm in _HARM_METRICS or (pred is not None and pred[0] in _PEOPLE_METRICS
                                     and pred[0] is not Metric.DISPLACED):
            return harm, end, end - 1, subj_start  # type: ignore[return-value]
        if pred is None and gov is not None and gov[1] in (Metric.DETAINED, Metric.ABDUCTED):
            return _actor_metric(tokens, lead - 1 - len(gov[0]), gov[1], rules), end, end - 1, subj_start
        return None
    # a dwelling: "80 homes were evacuated" is displacement; "300 homes were destroyed" is no claim
    dwelling = head is not None and tokens[head].low in rules.household_nouns \
        and tokens[head].low not in rules.person_nouns
    got = _metric_rules_bcde(tokens, ph, after_end, lead, tables, rules=rules, found=found, head=head,
                             subj_start=subj_start, pos=pos, carried=carried)
    if got is None or (dwelling and got[0] is not Metric.DISPLACED):
        return None
    if head is not None and got[0] is Metric.PROJECTILES:
        return None  # "52,000 Afghans crossed the border", "fired 3 employees"
    return got


#: How far back from ", N of whom" the noun the pronoun stands for may begin ("hostages held in Gaza, 105 of whom").
ANTECEDENT_WINDOW = 5


def _antecedent(tokens: list[Token], lead: int, tables: _Tables) -> Metric | None:
    """The metric of the noun phrase just before ", N of whom/them" in the same sentence, or None.

    Why: with no figure before it in the sentence, "N of whom" took the metric of the sentence before,
    though the sentence names its own antecedent ("the release of hostages held in Gaza, 105 of whom remain").
    """
    if lead < 2 or tokens[lead - 1].low != ",":
        return None
    comma = lead - 1
    lo = comma
    while lo > 0 and comma - lo < ANTECEDENT_WINDOW and tokens[lo - 1].is_word:
        lo -= 1
    return _metric_word(tokens, lo, comma, tables)


def _partitive(tokens: list[Token], pos: int, tables: _Tables, rules: Rules) -> int:
    """"102 of the missiles", "Ten of the deaths", "1.9 million of Gaza's 2.3 million people": the noun phrase
    after "of" (and its determiner, possessor or total) is the figure's own -> where to scan for it."""
    n = len(tokens)
    j = pos + 1
    if j < n and tokens[j].low in rules.partitive_determiners:
        j += 1
    elif j < n and tokens[j].is_capitalised and tokens[j].low.endswith("'s"):
        j += 1  # "of Gaza's 2.3 million people"
    else:
        return pos
    if j < n and _starts_number(tokens[j], tables):
        inner = read_number(tokens, j, rules)
        if inner is not None:
            j = inner.end  # the whole the part is taken from: "500 of the 4,000 villagers"
    metric_span, head, _, _ = _noun_scan(tokens, j, tables, rules)
    return j if metric_span is not None or head is not None else pos


def _restated(tokens: list[Token], lead: int, ph: NumberPhrase, found: Sequence[_Found]) -> Metric | None:
    """"up from 1,873 the day before": a restated earlier total has the metric of the total it is compared
    with, the first figure of the sentence that is larger ("up from") or smaller ("down from")."""
    if lead < 2 or tokens[lead - 1].low != "from" or tokens[lead - 2].low not in ("up", "down"):
        return None
    up = tokens[lead - 2].low == "up"
    for f in found:  # the sentence's lead figure first: "rose to 812, with 1,400 injured, up from 790"
        if f.zero:
            continue
        if (up and f.phrase.value > ph.value) or (not up and f.phrase.value < ph.value):
            return f.metric
    return None


def _describes_things(tokens: list[Token], k: int, rules: Rules) -> bool:
    """After "N of them": a noun of things or measures within the next four words ("were hospitals", "were
    trucks"), so "them" are not the people of the figure before."""
    index = phrase_index(rules.unit_after)
    return any(index.at(tokens, j) is not None for j in range(k, min(k + 4, len(tokens))))


#: What may follow the place of a list item: the next item or the end of the list.
_LIST_ITEM_ENDS = frozenset({",", "and", ".", ";", ")", "or"})


def _listed_by_place(tokens: list[Token], lead: int, after_end: int, rules: Rules) -> bool:
    """A bare figure that is one item of a list by place: after "," or "and", then "in" (or "at") and a
    capitalised name ("..., four in Castilla-La Mancha and one in Andalusia")."""
    if lead == 0 or tokens[lead - 1].low not in (",", "and"):
        return False
    k = after_end
    if k + 1 >= len(tokens) or tokens[k].low not in ("in", "at"):
        return False
    k += 1
    if tokens[k].low == "the" and k + 1 < len(tokens):
        k += 1
    if not tokens[k].is_capitalised:
        return False
    # the item ends after the place ("..., 212 in Valencia, four in ..."); a verb after it is the figure's own
    # ("and 300 in Valencia were evacuated", "3,000 in Antakya still live in tents")
    end = k
    while end < len(tokens) and end - k < 5 and (tokens[end].is_capitalised or tokens[end].low in rules.place_tails):
        end += 1
    return end == len(tokens) or tokens[end].low in _LIST_ITEM_ENDS


def _metric_rules_bcde(tokens: list[Token], ph: NumberPhrase, after_end: int, lead: int, tables: _Tables, *,
                       rules: Rules, found: Sequence[_Found], head: int | None, subj_start: int,
                       pos: int, carried: Metric | None = None) -> tuple[Metric, int, int | None, int] | None:
    """Rules B–E for a figure whose noun phrase names no metric (``carried``: see _metric_for)."""
    previous = found[-1].metric if found else carried
    quote_end = head + 1 if head is not None else after_end
    # E first for a bare figure right after "including": "killed 30, including 11 in a strike on a school
    # sheltering displaced families" breaks down the 30, whatever words follow
    if head is None and lead > 0 and tokens[lead - 1].low == "including" and previous is not None:
        return previous, quote_end, head, subj_start
    if head is None and previous is not None and found and _listed_by_place(tokens, lead, after_end, rules):
        # "killed 217 people, 212 in Valencia, four in Castilla-La Mancha and one in Andalusia", "including two
        # in Mykolaiv and two in the Lviv region": a list of bare figures by place breaks down the figure before
        return previous, quote_end, head, subj_start
    # D first for a bare figure whose running-total noun stands just before it ("the toll exceeded 400 and
    # that dozens of people were still missing"): a predicate further on belongs to another figure
    toll_checked = head is None and any(tokens[k].low in rules.toll_heads for k in range(max(0, lead - 5), lead))
    if toll_checked:
        near = _toll_before(tokens, lead, ph.start, tables, rules, previous)
        if near is not None:
            return near, quote_end, head, subj_start
    # B: predicate after the noun phrase (or after the bare number)
    start = head + 1 if head is not None else pos
    pred = _predicate_after(tokens, start, tables, rules)
    gov = tables.governors.ending(tokens, lead - 1)
    if pred is not None and gov is not None and gov[1] is Metric.KILLED and pred[0] is Metric.INJURED \
            and gov[0][-1] not in rules.weak_governors:
        pred = None  # "killed at least 226 people treated at the hospital": the verb that took them decides
    if pred is not None and gov is not None and gov[1] in _HARM_METRICS and pred[0] is Metric.DISPLACED \
            and gov[0][-1] not in rules.weak_governors:
        pred = None  # "strikes killed at least 12 people sheltering on its grounds": where they sheltered
        # describes the dead; the harm verb that took them decides
    if pred is None and head is not None and lead > 0 and tokens[lead - 1].low in rules.causative_verbs \
            and head + 1 < len(tokens) and tokens[head + 1].low in rules.flight_participles:
        return Metric.DISPLACED, head + 1, head, subj_start  # "sending tens of thousands of people fleeing"
    if pred is not None:
        if gov is not None and gov[0][-1] in ("moved", "moving") and head is not None \
                and tokens[head].low in rules.military_people:
            return None  # "moved several thousand troops": a deployment, not a displacement
        quote_end = head + 1 if head is not None else pred[1]
        return pred[0], quote_end, head, subj_start
    # E (before): "including 12 children", "among the dead were 12 children"
    named = _breakdown_before(tokens, lead, tables, rules, previous)
    if named is not None:
        return named, quote_end, head, subj_start
    # "killed Ibrahim Aqil ... along with around 15 other commanders": the clause's verb governs the figure too
    if lead > 1 and tokens[lead - 1].low == "with" and tokens[lead - 2].low in ("along", "together") \
            and head is not None:
        for k in range(lead - 3, max(-1, lead - 24), -1):
            if tokens[k].low in (".", ";"):
                break
            verb = tables.governors.ending(tokens, k)
            if verb is not None and verb[1] is not None and verb[0][-1] not in rules.weak_governors:
                return verb[1], quote_end, head, subj_start
    # C: governing verb or noun before ("lost four patients", but not "lost 2,000": weak verbs need people)
    if gov is not None and gov[0][-1] in ("moved", "moving") and head is not None \
            and tokens[head].low in rules.military_people:
        return None  # "moved several thousand additional troops to the region"
    if gov is not None and gov[1] is Metric.MISSING and gov[0][-1] == "for" \
            and not any(tokens[x].low in rules.searchers for x in range(_sentence_start(tokens, lead), lead)):
        gov = None  # "police are looking for two suspects": a search for people is missing only after a collapse
    if gov is not None and gov[1] is Metric.MISSING and gov[0][-1] in rules.bury_verbs and head is not None \
            and _person_subject(tokens, lead - 1 - len(gov[0]), rules):
        return Metric.KILLED, quote_end, head, subj_start  # "we buried 19 people": mourners bury the dead
    if gov is not None and gov[1] is not None and (head is not None or gov[0][-1] not in rules.weak_governors):
        return _actor_metric(tokens, lead - 1 - len(gov[0]), gov[1], rules), quote_end, head, subj_start
    # D: running total before ("the death toll rose to 310"), or after ("bringing to 310 the death toll")
    toll = _restated(tokens, lead, ph, found) \
        or (None if toll_checked else _toll_before(tokens, lead, ph.start, tables, rules, previous)) \
        or _toll_after(tokens, lead, ph.end, tables, rules, previous=previous)
    if toll is not None:
        return toll, quote_end, head, subj_start
    # a list continued: "including 10 women and three infants", "2,000 bodies ... and another 900 were lying"
    if found and lead > 0:
        last = found[-1]
        joined = tokens[lead - 1].low in ("and", ",") and last.q_end >= lead - 2
        more = tokens[lead].low in ("another", "further", "additional") and tokens[lead - 1].low == "and"
        if (joined and head is not None) or more:
            return last.metric, quote_end, head, subj_start
    return None


def _person_subject(tokens: list[Token], j: int, rules: Rules) -> bool:
    """A personal pronoun or a person noun right before the verb at j+1 (auxiliaries skipped): "we (had)
    buried", "relatives buried". Why: people bury the dead, while a landslide or a collapse buries the living,
    who are missing ("the landslide buried 300 people")."""
    while j >= 0 and tokens[j].low in rules.bury_aux:
        j -= 1
    return j >= 0 and (tokens[j].low in rules.person_pronouns or tokens[j].low in rules.person_nouns)


def _sentence_start(tokens: list[Token], k: int) -> int:
    """The index after the last "." or ";" before k (the tokens may hold more than one sentence)."""
    j = k - 1
    while j >= 0 and tokens[j].low not in (".", ";"):
        j -= 1
    return j + 1


def _refers_back(tokens: list[Token], tables: _Tables, rules: Rules) -> bool:
    """Whether a sentence continues the figure before it: it breaks it down ("Among them ...", "... 45 of them
    were elderly") or updates a running total that names no metric ("Its tally grew to 2,000")."""
    lows = {t.low for t in tokens}
    firsts = tables.opener_firsts
    if lows.isdisjoint(firsts) and lows.isdisjoint(rules.carry_heads):
        return False  # most sentences: one set operation
    return any(t.low in firsts and tables.breakdown_openers.at(tokens, i) is not None for i, t in enumerate(tokens)) \
        or any(t.low in rules.carry_heads and i + 1 < len(tokens)
               and (tokens[i + 1].low in rules.change_verbs or tokens[i + 1].low in rules.carry_followers)
               for i, t in enumerate(tokens))  # "Its tally grew to 2,000", not "the total number of trucks was"

