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

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.extract import attribution as attr
from tracker.extract.numbers import NumberPhrase, bounds, qualifier_after, qualifier_before, read_number
from tracker.extract.scope import Period, has_phrase, local_date_after, resolve_period
from tracker.extract.sentences import Sentence, split_sentences
from tracker.extract.tokens import Token, match_at, match_ending_at, phrase_index, tokenize
from tracker.model import Article, Claim, Metric, Modality, Qualifier, Scope, SourceKind, Unit
from tracker.rules import Phrase, Rules, derived, load_rules

LabelPairs = Sequence[tuple[Phrase, "Metric | None"]]
PREDICATE_WINDOW = 16
# "150 people, the whole population of <a long place name> (<its region>), were displaced"
APPOSITION_WINDOW = 24
MODIFIER_WINDOW = 5
RELATIVE_WINDOW = 6  # "whom the army has declared dead": subject, auxiliary and verb before the predicate
TOLL_WINDOW = 12
# "The number of people confirmed dead in the landslides that swept through villages ... rose to 215"
TOLL_WINDOW_CHANGE = 30
HYPO_BEFORE = 8
HYPO_AFTER = 8
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our"})
# burying verbs (missing governors), and what may stand between them and a person subject ("we had buried")
_BURY_VERBS = frozenset({"buried", "burying"})
_BURY_AUX = frozenset({"had", "have", "has", "were", "was", "are", "already", "also", "then", "just"})
_PERSON_PRONOUNS = frozenset({"we", "they", "i", "he", "she"})
_QUOTE_MARKS = frozenset({'"', "“", "”"})
_PASSIVE_AUX = frozenset({"were", "was", "been", "are", "is", "be", "being", "got"})
# a bracketed aside ("(victim presumed to be ...)") does not make the figure before it hypothetical
_HYPO_STOPS = frozenset({"and", "but", "while", "said", "says", "according", ";", ".", "whereas", "(", "["})
# nor does a modal inside a temporal or causal clause after the figure ("four of them died before we could
# operate"); only the scan after the figure stops there (a modal before it still governs "before dawn and force")
_HYPO_AFTER_STOPS = _HYPO_STOPS | {"before", "until", "because"}
# metrics whose nouns name people ("hostages", "prisoners", "refugees"), and what may befall them
_PEOPLE_METRICS = frozenset({Metric.DETAINED, Metric.ABDUCTED, Metric.DISPLACED, Metric.MISSING})
_HARM_METRICS = frozenset({Metric.KILLED, Metric.INJURED, Metric.CASUALTIES})
# The grammar words below are closed classes of English that the rule loader has no key for; the
# open word lists (nouns, predicates, governors) stay in tracker/rules/*.yaml.
# Verbs of staying: "4,500 people spent the night in tents", "remain in the camp", "camping along".
# A shelter noun in the phrase after one of them makes the people displaced (spec rule 16).
_STAY_VERBS = frozenset({"spent", "spend", "spending", "stayed", "staying", "stay", "stays", "living", "lived",
                         "live", "sleeping", "slept", "remain", "remained", "remains", "remaining", "housed",
                         "accommodated", "sheltering", "moved", "registered", "arrived", "camped", "camping",
                         "huddled", "crammed", "crowded"})
# time words between a stay verb and its place ("spent Tuesday night in its shelters")
_NIGHT_WORDS = frozenset({"night", "nights", "the", "last", "a", "another", "overnight"})
_SHELTER_NOUNS = frozenset({"tents", "tent", "shelters", "shelter", "camps", "camp", "evacuation", "halls",
                            "hall", "gymnasiums", "gyms", "stadium", "stadiums", "idp", "displacement",
                            "centres", "centers", "hotels", "sites", "courtyard", "courtyards", "beach", "beaches",
                            "tarpaulins", "tarps", "parks", "streets", "churches", "mosques", "classrooms",
                            "schools", "settlements",
                            # singulars: "6,000 people had been living in the school", "staying in a hotel"
                            "school", "hotel", "church", "mosque", "gymnasium", "gym", "classroom"})
# "9,400 people with war-related injuries": a wound noun after "with" makes the people injured
_WOUND_NOUNS = frozenset({"injuries", "injury", "wounds", "burns", "fractures"})
# Governors too common in other senses to take a bare number or an unknown noun: "lost 2,000 jobs",
# "moved 30 trucks", "registered 12 cases". They need a person or household head ("lost four patients").
_WEAK_GOVERNORS = frozenset({"lost", "losing", "buried", "burying", "moved", "moving", "sheltered",
                             "registered", "registering", "treated"})
# Verbs of change between a running-total noun and its figure ("the death toll ... rose to 215"). With one
# of them the toll noun is the clause's subject, so the words between (a relative clause, a date) are skipped.
_CHANGE_VERBS = frozenset({"rose", "risen", "rises", "rising", "climbed", "climbs", "climbing", "reached",
                           "reaches", "passed", "passes", "surpassed", "surpasses", "topped", "tops", "exceeded",
                           "exceeds", "jumped", "jumps", "increased", "increases", "grew", "grown", "stood",
                           "stands", "soared", "mounted", "revised", "nears", "neared", "hit", "hits", "crossed",
                           "crosses", "past"})
# Tokens a backward search for a running-total noun never crosses: a new clause or a list.
_TOLL_STOPS = frozenset({".", ";", ":", "!", "?", "and", "but", "or", "while", "with", "including", "among",
                         "whereas", "although", "though", "because", "unless", "if"})
_TOLL_HEADS = frozenset({"number", "total", "count", "tally", "toll"})
# partitive determiners: "102 of the missiles", "300,000 of these evacuees"
_PARTITIVE_DETS = frozenset({"the", "these", "those", "its", "their", "our", "all"})
# population words after a possessive: "Gaza's 2.3 million people", "the town's 45,000 residents"
_POPULATION_NOUNS = frozenset({"people", "residents", "inhabitants", "population", "citizens", "people's"})
# actors for spec rule 17: taken by a state's forces -> detained; by gunmen or an armed group -> abducted
_STATE_KINDS = frozenset({SourceKind.MILITARY, SourceKind.GOVERNMENT})
_ACTOR_WINDOW = 8
# verbs that take people prisoner: who took them decides detained or abducted (spec rule 17)
_TAKING_VERBS = frozenset({"taken", "took", "take", "takes", "taking", "captured", "capturing", "seized", "holding",
                           "held", "holds"})
_MODALS = frozenset({"could", "would", "might", "may", "will", "should"})
# verbs of belief before "to be": a hedge on a reported fact, not a projection
_HEDGES = frozenset({"believed", "thought", "feared", "said", "reported", "known", "presumed", "confirmed",
                     "understood", "estimated", "assumed"})
# words after a number that end its noun phrase without being a head ("rose to 128 overnight")
_ADVERBS = frozenset({"overnight", "yesterday", "today", "tonight", "earlier", "later", "now", "nationwide",
                      "countrywide", "worldwide", "apiece", "altogether", "overall", "alone", "respectively",
                      "last", "this", "next", "so", "too", "instead", "since"})


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
            content_words = [w for w in phrase if w not in _TRIGGER_STOPWORDS]
            triggers.update(content_words or phrase)
    triggers |= _STAY_VERBS | _SHELTER_NOUNS | _WOUND_NOUNS | _WEAK_GOVERNORS | _TOLL_HEADS | _BASE_VERBS
    triggers |= {"no", "nobody", "none", "without", "not"}
    prefilter = re.compile(r"\d|\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
                           rf"|\b(?:an?|half\sa)\s(?:{scales})\b", re.IGNORECASE)
    content = set(rules.person_nouns | rules.household_nouns)
    for pairs in (rules.metric_nouns, rules.predicates_after, rules.governors_before):
        for phrase, _ in pairs:
            content.update(w for w in phrase if w.isalpha() and len(w) > 2)
    known = content | rules.aux_skip | rules.skip_prepositions | rules.clause_stops | rules.toll_links \
        | rules.zero_modifiers | set(rules.units) | set(rules.tens) | set(rules.scales) \
        | {p[0] for p, _ in rules.qualifiers_before} | {"and", "or", "to", "of", "the", "with", "by", "for"}
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


# --------------------------------------------------------------------------- glued words

_TRIGGER_STOPWORDS = frozenset({"a", "an", "the", "of", "to", "in", "on", "at", "for", "from", "by", "with",
                                "and", "or", "were", "was", "is", "are", "be", "been", "have", "has", "had",
                                "their", "his", "her", "its", "one", "no", "not", "as", "than", "more", "under",
                                "into", "out", "over", "up", "among", "those", "them", "whom", "still"})
_GLUE_MIN = 7
_GLUE_MAX = 40


def _unglue(tokens: list[Token], tables: _Tables) -> list[Token]:
    """Undo what PDF extraction does to situation reports: lost spaces ("peoplewere evacuated", "displacedabout
    4,400", "fledShirqat") and kept line-end hyphens ("inter-nally displaced", "fami-lies").

    A word the rules do not know is split in two only when both halves are words they know and one half is a
    content word (a noun or verb of the rules), so ordinary words ("someone", "within") stay whole; a
    hyphenated word becomes its joined form only when that form is a known word. Offsets stay exact.
    """
    out: list[Token] = []
    known = tables.known_words
    for tok in tokens:
        low = tok.low
        if len(low) < 5 or low in known or not tok.text[:1].isalpha():
            out.append(tok)  # the common case, decided here without a call (see _split_glued)
            continue
        t: Token | None = tok
        while t is not None:  # the right half may be glued again: "inIDPcamps" -> "in", "IDP", "camps"
            left, t = _split_glued(t, tables)
            out.append(left)
    return out


def _split_glued(t: Token, tables: _Tables) -> tuple[Token, Token | None]:
    """One glued token -> (its first word, the rest or None); see :func:`_unglue`."""
    low = t.low
    if not t.is_word or len(low) < 5 or len(low) > _GLUE_MAX or low in tables.known_words or "'" in low:
        return t, None  # real glued words are short and have no apostrophe ("fishermen's" is one word)
    joined = low.replace("-", "")
    if joined != low and joined in tables.known_words and low.count("-") == 1:
        return Token(t.text, t.start, t.end, joined), None
    cut = _GLUE_CACHE.get(t.text)
    if cut is None:
        cut = _glue_cut(t.text, low, tables)
        if len(_GLUE_CACHE) > _GLUE_CACHE_MAX:
            _GLUE_CACHE.clear()  # bounded: hostile text with endless distinct words cannot grow it
        _GLUE_CACHE[t.text] = cut
    if not cut:
        return t, None
    return (Token(t.text[:cut], t.start, t.start + cut, low[:cut]),
            Token(t.text[cut:], t.start + cut, t.end, low[cut:]))


#: Split points already worked out, by word: a corpus repeats its words, so each is tried once.
_GLUE_CACHE: dict[str, int] = {}
_GLUE_CACHE_MAX = 200_000


def _glue_cut(text: str, low: str, tables: _Tables) -> int:
    """Where a glued word splits (0: it does not); see :func:`_unglue`."""
    known, content = tables.known_words, tables.content_words
    t_text = text
    cut = 0
    for p in range(2, len(low) - 1):
        left, right = low[:p], low[p:]
        if left in known and right in known and (left in content or right in content or len(low) >= 10) \
                and len(low) >= _GLUE_MIN:
            cut = p
            break
        if t_text[p].isupper() and t_text[p - 1].islower() and left in known:
            cut = p  # "fledShirqat", "inIDPcamps": a lower-case word glued to a name
            break
        if t_text[p].islower() and t_text[:p].isupper() and p >= 2 and right in known:
            cut = p  # "IDPcamps": an acronym glued to a word
            break
    return cut


# --------------------------------------------------------------------------- exclusions


def _not_a_count(tokens: list[Token], ph: NumberPhrase, rules: Rules) -> bool:
    """Years, dates, times, ages, percentages, money, measures, labels ("resolution 1701")."""
    n = len(tokens)
    prev = tokens[ph.start - 1] if ph.start > 0 else None
    prev2 = tokens[ph.start - 2] if ph.start > 1 else None
    nxt = tokens[ph.end] if ph.end < n else None
    text = tokens[ph.start].low
    if "year" in text or (text.endswith(("st", "nd", "rd", "th")) and text[:1].isdigit()):
        return True
    if prev is not None:
        if prev.low in rules.money_before or prev.low in rules.label_before:
            return True
        if prev.low in ("between", "from") and prev2 is not None and prev2.low in ("aged", "ages", "age", "aging"):
            return True  # "aged between 10 and 12": an age range, not a toll
        if prev.low.endswith("'s") and nxt is not None and nxt.low in _POPULATION_NOUNS:
            return True  # a population, not a toll: "Gaza's 2.3 million people", "the town's 45,000 residents"
        if prev.low == "." and prev2 is not None and prev2.low in rules.months:
            return True
        if prev.low in rules.months and ph.value <= 31 and not ph.words:
            return True
    if nxt is not None:
        if phrase_index(rules.unit_after).at(tokens, ph.end) is not None:
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
        if nxt.low in ("or", "to", "-") and ph.end + 2 < n and (tokens[ph.end + 1].low in rules.units
                                                                      or tokens[ph.end + 1].text[:1].isdigit()) \
                and phrase_index(rules.unit_after).at(tokens, ph.end + 2) is not None:
            return True  # "displaced four or five times": both ends of a measure
    if ph.four_digit_plain and 1800 <= ph.value <= 2100:
        # a year unless a head noun follows and nothing year-like stands before it
        if prev is None or prev.low in rules.year_before or prev.low in rules.months:
            return True
        if nxt is None or not (nxt.low in rules.person_nouns or any(nxt.low == p[0] for p, _ in rules.metric_nouns)):
            return True
    if ph.words and text == "one" and prev is not None and prev.low == "of" and prev2 is not None \
            and prev2.low in rules.person_nouns:
        return True  # "11 members of one family": which group, not how many
    if ph.words and text == "one" and nxt is not None and nxt.low == "of" and ph.end + 2 < n \
            and tokens[ph.end + 1].low in ("its", "their", "our") and tokens[ph.end + 2].low in rules.person_nouns:
        return False  # "one of its soldiers was killed": a body's own member, counted (not "one of the largest")
    return bool(ph.words and text == "one" and nxt is not None
                and nxt.low in ("of", "another", "day", "side", "way", "time"))


# --------------------------------------------------------------------------- metric rules


def _acronym(t: Token) -> bool:
    """"IS", "US", "SSPDF": an all-capital name, even when its lower case is a function word ("is", "us")."""
    return len(t.text) >= 2 and t.is_word and t.text.isupper()


def _adverb(t: Token, nxt: Token | None) -> bool:
    """A time or manner word after a figure is no head noun: "rose to 128 overnight", "9 respectively"; an -ly
    word before another word modifies it ("3,400 newly arrived households")."""
    if t.low in _ADVERBS:
        return True
    return t.low.endswith("ly") and len(t.low) > 5 and not t.is_capitalised and (nxt is None or not nxt.is_word)


def _noun_scan(tokens: list[Token], pos: int, tables: _Tables, rules: Rules, value: float = 2.0) -> tuple[
        tuple[int, int, Metric] | None, int | None, bool, int]:
    """The noun phrase after a number -> (metric noun span, person head index, saw other noun, modifiers start).

    A phrase of capitalised names only ("3 Fulani", "4 SSPDF", "one Mayi Mayi") is taken as a group of
    people, its last name the head: a count of things has a common noun ("30 branches", "5 Merkava tanks").
    An age ("Two 14-year-old sisters") is a modifier. A singular projectile noun after a plural number
    modifies the real head ("100 rocket launcher barrels", "12 drone sites"): English modifiers are singular.
    """
    n = len(tokens)
    k = pos
    if k < n and tokens[k].low in ('"', "”", "'") and k + 1 < n and tokens[k + 1].is_word:
        k += 1  # 'aware of "under 100" Palestinian casualties': the quote closes before the noun
    saw_content = False
    names_only = True
    while k < n and k - pos < MODIFIER_WINDOW:
        t = tokens[k]
        hit = tables.metric_nouns.at(tokens, k)
        if hit is not None and hit[1] is not None:
            end = k + len(hit[0])
            if not (hit[1] is Metric.PROJECTILES and value != 1 and not hit[0][-1].endswith("s")
                    and end < n and tokens[end].is_word and tokens[end].low not in tables.function_words
                    and tables.predicates.at(tokens, end) is None):
                return (k, end, hit[1]), None, saw_content, pos
        if t.low in rules.person_nouns or t.low in rules.household_nouns:
            # "Palestinian prisoners", "Israeli hostages": a person adjective before a metric noun
            after = tables.metric_nouns.at(tokens, k + 1)
            if after is not None and after[1] is not None:
                return (k + 1, k + 1 + len(after[0]), after[1]), None, True, pos
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
        if t.low.endswith("ly") and t.low in tables.function_words and k + 1 < n and tokens[k + 1].is_word \
                and tokens[k + 1].low not in tables.function_words and tables.predicates.at(tokens, k + 1) is None:
            k += 1  # an adverb inside the noun phrase: "3,400 newly arrived households"
            names_only = False
            continue
        if t.low in ("more", "other", "additional", "further", "extra") and k == pos and k + 1 < n \
                and tokens[k + 1].is_word:
            k += 1  # "five more bodies were found", "12 other people": an increment word, not the head
            continue
        if t.text[:1].isdigit() and t.low.endswith("-year-old"):
            k += 1  # an age modifier: "Two 14-year-old twin sisters"
            names_only = False
            continue
        if not _acronym(t) and (not t.is_word or t.low in tables.function_words or t.low in ("a", "an")
                                or _adverb(t, tokens[k + 1] if k + 1 < n else None)
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
    """A metric predicate after a noun phrase -> (metric, index after it).

    Besides the listed predicates: a shelter named after a verb of staying ("spent the night in tents",
    "remain in the camp") is displacement, unless a harm predicate follows in the same clause ("people
    staying in the camp were killed"); "with <wound noun>" is injury ("people with war-related injuries").
    """
    n = len(tokens)
    steps = 0
    in_pp = False
    passive = False
    stay = False
    if k < n and tokens[k].low == ")":
        k += 1  # "5,300 families (32,000 people) were displaced": the figure in brackets
    while k < n and steps < PREDICATE_WINDOW:
        steps += 1
        t = tokens[k]
        hit = tables.predicates.at(tokens, k)
        end = k + len(hit[0]) if hit is not None else k
        if hit is None or hit[1] is None:
            around = _predicate_around_count(tokens, k, tables)
            if around is not None:
                hit, end = (around[0], around[1]), around[2]
        if hit is not None and hit[1] is not None:
            # "fighters who killed 3 soldiers": an active verb with an object is not our predicate
            if not passive and end < n and _has_object(tokens, end, tables, rules):
                return None
            return hit[1], end
        if stay and in_pp and t.low == "them" and any(x.low in _SHELTER_NOUNS for x in tokens[:k]):
            return Metric.DISPLACED, k + 1  # "1,186 collective shelters are operating and 189,174 people are
            # staying in them": the pronoun stands for the shelters named before
        if stay and in_pp and t.low in _SHELTER_NOUNS:
            later = _predicate_after(tokens, k + 1, tables, rules)
            if later is not None and later[0] in _HARM_METRICS:
                return later
            return Metric.DISPLACED, k + 1
        if t.low in _STAY_VERBS:
            stay = True
            k += 1
            continue
        if stay and not in_pp and (t.low in _NIGHT_WORDS or t.low in rules.weekdays):
            k += 1  # "spent Tuesday night in its shelters"
            continue
        if stay and t.low in ("to", "into", "at"):
            in_pp = True  # "moved to hotels and emergency shelters"
            k += 1
            continue
        if t.low == "to" and k + 1 < n and (tokens[k + 1].low in ("be", "have") or tokens[k + 1].low in _STAY_VERBS):
            k += 1  # "are still believed to be trapped", "are believed to remain in the camp"
            continue
        if t.low == "with" and _wound_after(tokens, k + 1):
            return Metric.INJURED, k + 1
        if t.low in _QUOTE_MARKS and k + 1 < n and tables.predicates.at(tokens, k + 1) is not None:
            k += 1  # a predicate in scare quotes: '2,000 residents were "unaccounted for"'
            continue
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


def _wound_after(tokens: list[Token], k: int) -> bool:
    """A wound noun within three words: "with war-related injuries", "with gunshot wounds"."""
    for j in range(k, min(len(tokens), k + 3)):
        if tokens[j].low in _WOUND_NOUNS:
            return True
        if not tokens[j].is_word:
            return False
    return False


def _counted_thing(tokens: list[Token], k: int, tables: _Tables, rules: Rules) -> bool:
    """A word that counts things, not people: "districts" in "in 14 districts"."""
    t = tokens[k]
    return t.is_word and t.low not in rules.person_nouns and t.low not in rules.household_nouns \
        and tables.metric_nouns.at(tokens, k) is None and tables.predicates.at(tokens, k) is None


def _predicate_around_count(tokens: list[Token], k: int,
                            tables: _Tables) -> tuple[Phrase, Metric | None, int] | None:
    """A prepositional predicate with a count inside it: "in 20 evacuation centres", "in some 280 shelters"."""
    j = k + 1
    if j < len(tokens) and tokens[j].low in ("some", "about", "around", "roughly", "nearly", "over", "almost"):
        j += 1
    if j + 1 >= len(tokens) or not _starts_number(tokens[j], tables):
        return None
    for phrase, label in tables.predicates.first.get(tokens[k].low, ()):
        if len(phrase) > 1 and match_at(tokens, j + 1, phrase[1:]):
            return phrase, label, j + len(phrase)
    return None


def _starts_number(t: Token, tables: _Tables) -> bool:
    return t.text[:1].isdigit() or (t.low in tables.number_starts and t.low not in ("a", "an"))


def _coordinated_people(tokens: list[Token], k: int, tables: _Tables, rules: Rules) -> int | None:
    """After "and"/"or": a second group of people ("and 3 civilians", "or 7,900 people", "and family
    members") -> the index after its head noun, or None when something else follows."""
    n = len(tokens)
    j = k
    if j < n and tokens[j].low == "that":
        return None  # "pulled 30 residents out and that two people were missing": a new reported clause
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
    """Index before which governors are read: skip determiners and increment words ("including all four")."""
    j = q_start
    while j > 0 and tokens[j - 1].low in ("the", "another", "further", "additional", "a", "an", "some", "more",
                                          "between", "all", '"', "“", "'"):
        j -= 1
    return j


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
    while k >= 0 and tokens[k].low in _PASSIVE_AUX:
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


def _number_of(tokens: list[Token], k: int, tables: _Tables, rules: Rules) -> Metric | None:
    """"the number of Palestinians killed", "the number of people still unaccounted for": a running-total head
    ("number", "total", "count") then "of" people and the predicate that names the metric."""
    if tokens[k].low in _TOLL_HEADS and k + 1 < len(tokens) and tokens[k + 1].low != "of":
        # "the number evacuated rose to 70,000", "the number killed": a participle right after the noun
        hit = tables.predicates.at(tokens, k + 1)
        return hit[1] if hit is not None and hit[1] is not None else None
    if tokens[k].low not in _TOLL_HEADS or k + 1 >= len(tokens) or tokens[k + 1].low != "of":
        return None
    j = k + 2
    while j < len(tokens) and j - k < 7:
        hit = tables.predicates.at(tokens, j) or tables.metric_nouns.at(tokens, j) \
            or tables.governors.at(tokens, j)
        if hit is not None and hit[1] is not None:
            return hit[1]
        t = tokens[j]
        if not t.is_word or t.low in rules.clause_stops:
            return None
        if not (t.low in rules.person_nouns or t.low in rules.aux_skip or t.is_capitalised
                or t.low in rules.number_of_skips or (t.low.endswith("ing") and len(t.low) > 4)):
            return None
        j += 1
    return None


#: How far "to <figure>" may stand from the "from <figure>" it completes, with the first figure's own
#: complement between them ("from 110,000 before the September escalation to more than 1.2 million", "from
#: about 25,000 in the first days of the war to nearly 70,000").
FROM_TO_GAP = 12


def _from_figure_before(tokens: list[Token], j: int) -> int:
    """When token j+1 is the "to" of "from <figure> <its complement> to <figure>", the index before that "from"
    (the verb group goes on there); else j.

    Why: the complement of the first figure ("before the September escalation", "in the first days of the
    war") stood between the toll noun and the second figure, so "the number of displaced rose from X ... to Y"
    found only X.
    """
    if j + 1 >= len(tokens) or tokens[j + 1].low != "to":
        return j
    for f in range(j, max(-1, j - FROM_TO_GAP), -1):
        t = tokens[f]
        if t.low in _TOLL_STOPS or t.low == ",":
            return j
        if t.low == "from" and any(tokens[x].text[:1].isdigit() for x in range(f + 1, min(f + 4, j + 1))):
            return f - 1
    return j


def _skip_links(tokens: list[Token], j: int, ref: int, rules: Rules) -> int:
    """Back from j over toll links and digits, at most six tokens before ``ref``: the verb group."""
    while j >= 0 and ref - j <= 6 and (tokens[j].low in rules.toll_links or tokens[j].text[:1].isdigit()):
        j -= 1
    return j


def _toll_before(tokens: list[Token], lead: int, start: int, tables: _Tables, rules: Rules,
                 previous: Metric | None) -> Metric | None:
    """A running-total noun before the figure ("the death toll in Gaza has risen to").

    Between the noun and the figure stand its complement ("from Tuesday's magnitude 6.4 earthquake in eastern
    Turkey") and link verbs. When a verb of change stands right before the figure ("rose to", "has passed")
    the toll noun is that verb's subject, so a relative clause between them is skipped too ("the number of
    people confirmed dead in the landslides that swept through villages ... rose to 215").
    """
    k = lead - 1
    j = _skip_links(tokens, k, lead, rules)  # the verb group: "rose to", "has passed", "rose from 97 to"
    span_end = j
    j = _from_figure_before(tokens, j)  # "rose from 110,000 before the escalation to 1.2 million"
    if j == span_end and lead >= 2 and tokens[lead - 1].low == "to":
        # the complement may end in link words ("from about 25,000 in the first days of the war to"): try
        # from the "to" itself
        alt = _from_figure_before(tokens, lead - 2)
        if alt != lead - 2:
            j = alt
    if j != span_end:
        j = _skip_links(tokens, j, span_end, rules)
    change = any(tokens[x].low in _CHANGE_VERBS for x in range(j + 1, start))
    # the window counts from the figure, or, past "from X <its complement> to", from before that "from"
    base = lead - 1 if j == span_end else j + 1
    floor = max(-1, base - (TOLL_WINDOW_CHANGE if change else TOLL_WINDOW))
    while k > floor:
        hit = tables.tolls.ending(tokens, k)
        if hit is not None:
            phrase, metric = hit
            if metric is None:
                named = _number_of(tokens, k, tables, rules)
                return named or previous or (Metric.KILLED if phrase == ("toll",) else None)
            return metric
        named = _number_of(tokens, k, tables, rules)
        if named is not None:
            return named
        t = tokens[k]
        if t.low == "." and k > 0 and tokens[k - 1].low in rules.months:
            k -= 1  # the dot of "since Oct. 8" inside the complement
            continue
        if t.low in _TOLL_STOPS or (t.low in rules.speech_verbs_flat
                                    and not (k > 0 and tokens[k - 1].low in rules.person_nouns)):
            return None  # but "the number of people registered in shelters": a participle, not a speaker's verb
        if not change and t.low in rules.clause_stops and t.low not in rules.toll_links:
            return None
        if not (t.is_word or t.low in (",", "'s", "-", '"', "“", "”") or t.text[:1].isdigit()):
            return None
        k -= 1
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
        if metric is Metric.DETAINED and lead > 0 and tokens[lead - 1].low in _TAKING_VERBS:
            # "JNIM said it had taken three soldiers prisoner": prisoners of an armed group are abducted
            metric = _actor_metric(tokens, lead - 1, metric, rules)
        return metric, metric_span[1], None, subj_start
    if saw_content and head is None:
        # "30 branches", "ten explosions": a count of something else, unless harm befell it: a noun we do not
        # list is still people when they "were killed" or someone "killed" them ("5 merchants", "2 cadres"),
        # or someone took them ("detained 11 suspected informants")
        end = pos
        while end < n and end - pos < MODIFIER_WINDOW and (_acronym(tokens[end]) or (
                tokens[end].is_word and tokens[end].low not in tables.function_words
                and tables.predicates.at(tokens, end) is None)):
            end += 1
        units = phrase_index(rules.unit_after)
        if any(units.at(tokens, j) is not None for j in range(pos, end)):
            return None  # "five state capitals still held by the army": a count of things
        pred = _predicate_after(tokens, end, tables, rules)
        gov = tables.governors.ending(tokens, lead - 1)
        if gov is not None and gov[0][-1] in _WEAK_GOVERNORS:
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
    if j < n and tokens[j].low in _PARTITIVE_DETS:
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
    toll_checked = head is None and any(tokens[k].low in _TOLL_HEADS for k in range(max(0, lead - 5), lead))
    if toll_checked:
        near = _toll_before(tokens, lead, ph.start, tables, rules, previous)
        if near is not None:
            return near, quote_end, head, subj_start
    # B: predicate after the noun phrase (or after the bare number)
    start = head + 1 if head is not None else pos
    pred = _predicate_after(tokens, start, tables, rules)
    gov = tables.governors.ending(tokens, lead - 1)
    if pred is not None and gov is not None and gov[1] is Metric.KILLED and pred[0] is Metric.INJURED \
            and gov[0][-1] not in _WEAK_GOVERNORS:
        pred = None  # "killed at least 226 people treated at the hospital": the verb that took them decides
    if pred is not None:
        if gov is not None and gov[0][-1] in ("moved", "moving") and head is not None \
                and tokens[head].low in _MILITARY_PEOPLE:
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
            if verb is not None and verb[1] is not None and verb[0][-1] not in _WEAK_GOVERNORS:
                return verb[1], quote_end, head, subj_start
    # C: governing verb or noun before ("lost four patients", but not "lost 2,000": weak verbs need people)
    if gov is not None and gov[0][-1] in ("moved", "moving") and head is not None \
            and tokens[head].low in _MILITARY_PEOPLE:
        return None  # "moved several thousand additional troops to the region"
    if gov is not None and gov[1] is Metric.MISSING and gov[0][-1] == "for" \
            and not any(tokens[x].low in rules.searchers for x in range(_sentence_start(tokens, lead), lead)):
        gov = None  # "police are looking for two suspects": a search for people is missing only after a collapse
    if gov is not None and gov[1] is Metric.MISSING and gov[0][-1] in _BURY_VERBS and head is not None \
            and _person_subject(tokens, lead - 1 - len(gov[0]), rules):
        return Metric.KILLED, quote_end, head, subj_start  # "we buried 19 people": mourners bury the dead
    if gov is not None and gov[1] is not None and (head is not None or gov[0][-1] not in _WEAK_GOVERNORS):
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
    while j >= 0 and tokens[j].low in _BURY_AUX:
        j -= 1
    return j >= 0 and (tokens[j].low in _PERSON_PRONOUNS or tokens[j].low in rules.person_nouns)


def _sentence_start(tokens: list[Token], k: int) -> int:
    """The index after the last "." or ";" before k (the tokens may hold more than one sentence)."""
    j = k - 1
    while j >= 0 and tokens[j].low not in (".", ";"):
        j -= 1
    return j + 1


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
    """Stated zeros at token i: "no casualties", "no immediate reports of casualties", "no one was hurt",
    "No peacekeepers were hurt" (no + a person noun + a harm predicate)."""
    n = len(tokens)
    low = tokens[i].low
    if low == "no" and i + 1 < n and tokens[i + 1].low in rules.person_nouns and (i == 0 or tokens[i - 1].low not in (
            "whether", "if", "not")):
        pred = _predicate_after(tokens, i + 2, tables, rules)
        if pred is not None and pred[0] in (Metric.KILLED, Metric.INJURED, Metric.CASUALTIES, Metric.MISSING):
            return pred[0], pred[1]
    if low in ("no", "without"):
        if i > 0 and tokens[i - 1].low in ("whether", "if", "not"):
            return None
        k = i + 1
        while k < n and k - i <= 3 and tokens[k].low in rules.zero_modifiers:
            k += 1
        if k + 2 < n and tokens[k].low in rules.zero_companions and tokens[k + 1].low in ("or", "and"):
            k += 2  # "no damage or injuries": the zero reaches the noun after the companion
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
    """Threats, forecasts, plans and conditionals near the figure (spec rules 5, 11).

    Not hypothetical: an uncertain past ("as many as 400 people may have died", "who would have survived"),
    a negated modal of verification ("a toll that could not be verified"), a hedge ("believed to be trapped"),
    and a modal in the clause before an absolute "with" phrase ("likely to climb, with 40 people missing").
    """
    n = len(tokens)
    if n > 2 and tokens[0].low in ("had", "were", "should") and tokens[0].is_capitalised \
            and tokens[1].low not in _PARTICIPLE_STARTS and any(t.low == "," for t in tokens[:q_start]):
        return True  # "Had officers arrived later, dozens more could have died": an inverted conditional
    if q_start > 0 and tokens[q_start - 1].low in _BASE_VERBS and _modal_earlier(tokens, q_start - 1):
        return True  # "could push the river above flood level and force as many as 20,000 people to leave"
    lo = max(0, q_start - HYPO_BEFORE)
    for k in range(q_start - 1, lo - 1, -1):
        if tokens[k].low in (";", ".") or (tokens[k].low in ("but", "while") and k < q_start - 1):
            break
        if tokens[k].low == "with" and k > 0 and tokens[k - 1].low == ",":
            break
        hit = tables.hypo_before.ending(tokens, k)
        if hit is not None and not (len(hit[0]) == 1 and tokens[k].text[:1].isupper() and tokens[k].low == "may") \
                and not (tokens[k].low in ("may", "might") and k + 1 < n and tokens[k + 1].low == "have"):
            return True
    for k in range(q_end, min(n, q_end + HYPO_AFTER)):
        if tokens[k].low in _HYPO_AFTER_STOPS:
            break
        hit = tables.hypo_after.at(tokens, k)
        if hit is None or (tokens[k].text == "May" and len(hit[0]) == 1):
            continue  # "in May": the month
        nxt = tokens[k + len(hit[0])].low if k + len(hit[0]) < n else ""
        if tokens[k].low in ("could", "would") and nxt == "have" and k + 2 < n \
                and tokens[k + 2].low in _COUNTERFACTUAL_HARM \
                and not any(tokens[x].low in ("who", "that", "which") for x in range(q_end, k)):
            return True  # "dozens more could have died": a counterfactual, not a toll
        if tokens[k].low in _MODALS and nxt in ("have", "not", "n't"):
            continue  # "may have died", "who would have survived", "could not be verified"
        if hit[0][0] == "to" and k > 0 and tokens[k - 1].low in _HEDGES:
            continue  # "are still believed to be trapped"
        return True
    return False


# participles after "could/would have" that make a figure counterfactual harm ("could have died")
# people a government moves as a deployment, not a displacement
_MILITARY_PEOPLE = frozenset({"troops", "soldiers", "forces", "personnel", "marines", "sailors", "units", "fighters",
                              "reservists", "officers", "police", "policemen"})
_COUNTERFACTUAL_HARM = frozenset({"died", "been", "perished", "drowned", "lost"})
# "Had been ...", "Were killed ...": a sentence-initial auxiliary followed by these is not an inversion
_PARTICIPLE_STARTS = frozenset({"been", "killed", "died", "fled", "left", "to", "not", "already", "also"})
# bare infinitives of harm and displacement: after a modal, coordinated verbs share its modality
_BASE_VERBS = frozenset({"force", "displace", "kill", "injure", "wound", "drive", "uproot", "evacuate", "send",
                         "push", "trap", "leave", "cause", "affect"})


def _modal_earlier(tokens: list[Token], k: int) -> bool:
    """A modal earlier in the same sentence whose verb phrase the bare verb at k continues ("could push ...
    and force N people"); a report verb or a new clause in between ends the search."""
    for j in range(k - 1, max(-1, k - 40), -1):
        low = tokens[j].low
        if low in (".", ";", "but", "while", "said", "says", "told") or low in _HYPO_STOPS - {"and", "("}:
            return False
        if low in _MODALS and not (low == "may" and tokens[j].text == "May"):
            return True
    return False


_PLACE_PREPS = frozenset({"in", "across", "from", "throughout", "inside", "near", "into", "toward", "towards",
                          "on", "at", "over", "along"})


def _places(tokens: list[Token], rules: Rules) -> list[tuple[int, int, int]]:
    """Places named after a preposition in a sentence ("in northern Israel") -> (preposition, start, end).

    Worked out once per sentence; each figure then takes the nearest (a sentence of many figures
    would otherwise be scanned once per figure).
    """
    out: list[tuple[int, int, int]] = []
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
        out.append((k, s, c))
    return out


def _location(body: str, tokens: list[Token], places: list[tuple[int, int, int]], q_start: int,
              q_end: int) -> str | None:
    """The place nearest the figure, preferring one after it ("killed 12 in Gaza")."""
    best: tuple[int, int, int] | None = None
    for k, s, c in places:
        dist = k - q_end if k >= q_end else (q_start - k) + 2
        if best is None or dist < best[0]:
            best = (dist, s, c)
    if best is None:
        return None
    return body[tokens[best[1]].start:tokens[best[2] - 1].end]


def _resolve_cues(cues: list[attr.Cue], body: str, sent: Sentence, last: attr.Attribution | None,
                  rules: Rules, history: Sequence[attr.Attribution] = ()) -> list[tuple[int, attr.Attribution]]:
    out: list[tuple[int, attr.Attribution]] = []
    for cue in cues:
        # "The military said it counted ...": a pronoun continues the speaker named earlier in the same
        # sentence before it continues the sentence before (spec rules 3, 4)
        antecedent = out[-1][1] if out else last
        if cue.via and antecedent is not None and antecedent.source \
                and cue.source.strip().lower() in rules.continuation_flat:
            # "KRVT, citing the same source, reported ...": the speaker before, relayed by this outlet
            out.append((cue.index, attr.Attribution(antecedent.source, attr.strip_determiner(cue.via),
                                                    antecedent.kind)))
            continue
        if cue.continuation and antecedent is not None and antecedent.source:
            head = attr.strip_determiner(cue.source).lower()
            last_word = head.split()[-1:] if head else []
            if head == "it" and not _is_body(antecedent.source, rules, antecedent.kind):
                # "It also said": an institution, not "Health Minister X" or "officials" quoted in between
                out.append((cue.index, _body_antecedent("it", history, rules) or antecedent))
                continue
            fuller = attr.expand(cue.source, body[: sent.start], rules)
            if not cue.possessive and head not in ("it", "he", "she", "they") and last_word \
                    and fuller.lower() != head and fuller.lower().endswith(last_word[0]) \
                    and not _without_short_name(antecedent.source).lower().endswith(fuller.lower()):
                # "The military later confirmed ...": the body the article named, not "military officials"
                out.append((cue.index, attr.Attribution(fuller, None, attr.classify(fuller, rules))))
                continue
            if head in ("it", "he", "she", "they") or cue.possessive \
                    or any(w in antecedent.source.lower() for w in last_word) \
                    or (last_word and last_word[0] in _ROLE_HEADS) \
                    or (last_word and _plural_of_head(last_word[0], rules) and " and " in antecedent.source):
                # "the Prisoners' Society and the Detainees' Commission said ... The two groups said"
                out.append((cue.index, antecedent))
                continue
            if fuller.lower() == head and last_word and last_word[0] in rules.armed_heads:
                # "The Israeli military said ... The army also said": army and military name the same body
                armed = _body_antecedent(last_word[0], history, rules)
                if armed is not None and armed.kind is SourceKind.MILITARY:
                    out.append((cue.index, armed))
                    continue
            if fuller.lower() == head and last_word and last_word[0] in rules.body_heads:
                # "The agency also said": the latest body named before (not a person quoted in between)
                body_speaker = _body_antecedent(last_word[0], history, rules) \
                    or _mentioned_body(last_word[0], body[: sent.start], rules) or antecedent
                out.append((cue.index, body_speaker))
                continue
        if cue.possessive:
            named_body = _mentioned_body("group", body[: sent.start], rules)
            if named_body is not None:
                out.append((cue.index, named_body))  # "Its activists said": the group the article named
                continue
        if antecedent is not None and _describes(cue, antecedent, body[: sent.start], rules):
            out.append((cue.index, antecedent))  # "Magen David Adom said ... The rescue service said"
            continue
        name = attr.expand(cue.source, body[: sent.end], rules, full_body=body)
        if name.lower() in ("it", "he", "she", "they"):
            continue  # a pronoun with no speaker before it names nobody
        via = attr.strip_determiner(cue.via) if cue.via else None
        kind = attr.classify(name, rules)
        if kind in (SourceKind.GOVERNMENT, SourceKind.OFFICIAL_UNNAMED) and name[:1].isupper() \
                and not any(w in rules.institution_heads for w in name.lower().split()):
            # a person's name: their role usually follows the first mention
            # ("Naim Qassem, the deputy chief of Hezbollah")
            first = body.find(name)
            if first >= 0:
                # the role is in the words around the first mention: before it ("The Israeli military's chief
                # spokesman, Rear Admiral X") or in its apposition ("X, the deputy chief of Hezbollah, said"),
                # never in what the person then says ("said the rocket was fired by Hezbollah")
                line_start = max(body.rfind(". ", 0, first), body.rfind("\n", 0, first)) + 1
                before = body[max(line_start, first - 80):first]
                after = re.split(r"[.;\n]| said| says| told| added", body[first + len(name): first + len(name) + 90])[0]
                for ctx in (before, after):
                    ctx_kind = attr.classify("", rules, context=ctx)
                    if ctx_kind is not SourceKind.UNATTRIBUTED and ctx_kind is not SourceKind.GOVERNMENT:
                        kind = ctx_kind
                        break
        out.append((cue.index, attr.Attribution(name, via, kind)))
    weak = {c.index for c in cues if c.weak}
    strong = [c for c in out if c[0] not in weak]
    if strong and len(strong) < len(out):
        # "Israel believes 101 hostages are held ..., Israeli officials said": the speaker is who said it
        out = [(i, a) if i not in weak else (i, _nearest(strong, i)) for i, a in out]
    return out


_SHORT_NAME_AFTER = re.compile(r",\s*[A-Z]{2,}$")


def _without_short_name(source: str) -> str:
    """"U.N. peacekeeping mission, MONUSCO" -> "U.N. peacekeeping mission": the name a later "the mission"
    is compared with (the short name in apposition is kept in the source itself)."""
    return _SHORT_NAME_AFTER.sub("", source)


#: Kinds that say nothing specific about a body: a description of one of these kinds fits any body.
_GENERIC_KINDS = frozenset({SourceKind.GOVERNMENT, SourceKind.OFFICIAL_UNNAMED})


def _describes(cue: attr.Cue, antecedent: attr.Attribution, before: str, rules: Rules) -> bool:
    """"The rescue service said" right after "Magen David Adom said": a definite description in lower case
    that the article never used before names no new body; it refers back to the speaker before when that
    speaker is a bare proper name of an organisation (no head word of its own, not a person, not a state) and
    either the article introduced it with that head word ("Magen David Adom, Israel's national emergency
    service") or the description names the same kind of body ("the rescue service" after "Lebanese Civil
    Defence": both health authorities). "The health ministry said" after "AFAD said" is a new body."""
    words = cue.source.split()
    if len(words) < 3 or words[0].lower() != "the" or any(w[:1].isupper() or "'" in w or "’" in w
                                                          for w in words[1:]) \
            or words[-1].lower() not in rules.institution_heads:
        return False
    name = " ".join(words[1:])
    head = words[-1].lower()
    source = antecedent.source or ""
    low = source.lower().replace("’", "'").split()
    if not source[:1].isupper() or name.lower() in before.lower() or any(w in _PERSON_ROLES for w in low) \
            or source.lower().endswith(_PLURAL_SPEAKERS):
        return False
    described = attr.phrase_kind(name, rules)
    # a description that names no kind itself ("the pro-democracy activist group", "the monitoring group")
    # fits a body of a kind its head may describe (context.yaml: describing_heads)
    fits = described is None and antecedent.kind in rules.describing_heads.get(head, frozenset())
    if any(w in rules.institution_heads for w in low):
        # "the Wad Madani Resistance Committee said ... The pro-democracy activist group said": a named body
        # with a head of its own, described by another head; a description that names a kind itself ("the
        # civil defence service" after "the Health Ministry") is a new body
        return head not in low and fits
    known = attr.phrase_kind(source, rules)
    if known is None:
        first = before.find(source)
        intro = re.split(r"[.;\n]", before[first + len(source):first + len(source) + 120])[0] if first >= 0 else ""
        return re.search(rf"\b{re.escape(head)}\b", intro.lower()) is not None
    return known is not SourceKind.GOVERNMENT and (described is known or fits)


_PLURAL_SPEAKERS = ("officials", "sources", "medics", "witnesses", "residents", "doctors", "activists", "rescuers")


_PERSON_ROLES = frozenset({"admiral", "general", "colonel", "major", "lieutenant", "captain", "brigadier", "sergeant",
                           "dr", "dr.", "doctor", "professor", "sheikh",
                           "minister", "spokesman", "spokesperson", "spokeswoman", "president", "mayor", "governor",
                           "official", "chief", "director", "commander", "secretary", "envoy", "leader", "head",
                           "coordinator", "representative", "chairman", "ombudsman", "prosecutor"})


_ORG_KINDS = frozenset({SourceKind.NGO, SourceKind.UN_AGENCY, SourceKind.MILITARY, SourceKind.MEDIA,
                        SourceKind.ARMED_GROUP})


def _is_body(source: str, rules: Rules, kind: SourceKind | None = None) -> bool:
    """An institution rather than a person or a plural group of people ("it" refers only to those)."""
    words = source.lower().replace("’", "'").split()
    if kind in _ORG_KINDS and not any(w in _PERSON_ROLES for w in words) \
            and not source.lower().endswith(_PLURAL_SPEAKERS):
        return True  # "Palestinian Prisoners' Society", "Magen David Adom": named like people, kinded as bodies
    if any(w in _PERSON_ROLES for w in words) or source.lower().endswith(_PLURAL_SPEAKERS):
        return False
    if any(w in rules.institution_heads for w in words):
        return True
    caps = [w for w in source.split() if w[:1].isupper()]
    return len(words) == 1 or len(caps) != len(words) or len(words) > 3  # "Hezbollah", "UNICEF"; not "Ko Thura"


def _body_antecedent(head: str, history: Sequence[attr.Attribution], rules: Rules) -> attr.Attribution | None:
    """The latest speaker a definite head or "it" refers to.

    Tried in order: a name with the same head word ("the ministry"); for institution words, any
    institution named before ("the agency" after "... Management Authority"); else one of the kind the
    head implies ("the group" -> an armed group or NGO). "It" refers to the latest institution.
    """
    named = [a for a in reversed(history) if a.source]
    if head == "it":
        return next((a for a in named if _is_body(a.source or "", rules, a.kind)), None)
    same = next((a for a in named if head in (a.source or "").lower().split()), None)
    if same is not None:
        return same
    kinds = rules.describing_heads.get(head)
    if kinds:
        kind_match = next((a for a in named if a.kind in kinds and _is_body(a.source or "", rules, a.kind)),
                          None)
        if kind_match is not None:
            return kind_match
    if head in rules.institution_heads and not kinds:
        # heads with a kind ("the group") are resolved from the text instead (see _mentioned_body)
        return next((a for a in named if _is_body(a.source or "", rules) and any(
            w in rules.institution_heads for w in (a.source or "").lower().split())), None)
    return None


def _mentioned_body(head: str, before: str, rules: Rules) -> attr.Attribution | None:
    """"the group said" when the group never spoke before: the latest named armed group or NGO in the text
    (the names of context.yaml's kinds, as capitalised words: "Hezbollah", "the RSF")."""
    kinds = rules.describing_heads.get(head)
    if not kinds:
        return None
    best: tuple[int, str, SourceKind] | None = None
    window = before[-5000:]
    for kind, phrases in rules.source_kinds:
        if kind not in kinds or kind not in (SourceKind.ARMED_GROUP, SourceKind.NGO):
            continue
        for phrase in phrases:
            if len(" ".join(phrase)) < 3:
                continue
            pattern = r"\s".join(re.escape(w) for w in phrase)
            for m in re.finditer(rf"\b{pattern}\b", window, re.IGNORECASE):
                if m.group()[:1].isupper() and (best is None or m.start() > best[0]):
                    best = (m.start(), _whole_name(window, m.start(), m.end()), kind)
    return attr.Attribution(best[1], None, best[2]) if best else None


_NAME_AROUND = re.compile(r"(?:[A-Z][\w'’-]{0,30}\s){0,3}$")


def _whole_name(text: str, start: int, end: int) -> str:
    """The capitalised name a word belongs to: "Society" -> "Palestinian Prisoners' Society"."""
    before = _NAME_AROUND.search(text[max(0, start - 100):start])
    left = before.group() if before else ""
    right = re.match(r"(?:\s[A-Z][\w'’-]{0,30}){0,3}", text[end:end + 100])
    words = (left + text[start:end] + (right.group() if right else "")).split()
    while words and words[0].lower() in ("the", "a", "an", "according", "in", "on", "at"):
        words.pop(0)
    return " ".join(words)


def _nearest(cues: list[tuple[int, attr.Attribution]], index: int) -> attr.Attribution:
    return min(cues, key=lambda c: abs(c[0] - index))[1]


# --------------------------------------------------------------------------- driver


def _find_figures(tokens: list[Token], tables: _Tables, rules: Rules,
                  carried: Metric | None = None) -> list[_Found]:
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
        lead = _lead(tokens, q_start)
        got = _metric_for(tokens, ph, after_end, lead, tables, rules, found, carried)
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
        if after_end < n and tokens[after_end].low == "of":
            i = max(i, quote_end)  # "1.9 million of Gaza's 2.3 million people": the whole is no figure
            whole = _whole_with_predicate(tokens, after_end, tables, rules)
            if whole is not None:
                found.append(whole)  # "111 of the 251 people abducted on October 7": unless a participle says
                i = max(i, whole.q_end)  # what befell the whole
    return found


def _whole_with_predicate(tokens: list[Token], of: int, tables: _Tables, rules: Rules) -> _Found | None:
    """The whole of a partitive ("of the 251 people abducted") as a figure of its own, when a participle right
    after its head noun names its metric; a whole without one ("of Gaza's 2.3 million people") is no claim.

    Why: "111 of the 251 people abducted on October 7 remain in Gaza" reports two figures, the 251 hostages
    taken and the 111 still held; the partitive used to swallow the 251.
    """
    n = len(tokens)
    j = of + 1
    if not (j < n and tokens[j].low in _PARTITIVE_DETS):
        return None
    j += 1
    if not (j < n and _starts_number(tokens[j], tables)):
        return None
    ph = read_number(tokens, j, rules)
    if ph is None or ph.vague or ph.is_range:
        return None
    span, head, _, subj_start = _noun_scan(tokens, ph.end, tables, rules, ph.value)
    if span is not None and span[0] > ph.end and tokens[span[0] - 1].low in rules.person_nouns:
        # "251 people abducted": a participle the noun scan read as the metric noun
        head = span[0] - 1
    if head is None or head + 1 >= n:
        return None
    hit = tables.predicates.at(tokens, head + 1)
    if hit is None or hit[1] is None:
        return None
    unit = Unit.HOUSEHOLDS if tokens[head].low in rules.household_nouns else Unit.PEOPLE
    return _Found(hit[1], ph, Qualifier.EXACT, ph.start, head + 1 + len(hit[0]), unit, (subj_start, head + 1))


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
    quote_open = False  # the sentence before quoted an attributed speaker
    lead_place: str | None = None  # worked out only when a claim needs it
    history: list[attr.Attribution] = []  # every speaker so far, for "the agency" a few sentences on
    prev_period: Period | None = None
    disaster = bool(_DISASTER_RE.search(body[:300].lower()))
    sentence_metric: Metric | None = None  # the first claim's metric when the sentence before had claims
    outlet_words = _name_words(article.outlet) if article.outlet else frozenset()
    for sent in split_sentences(body, rules):
        carried, sentence_metric = sentence_metric, None
        first_claim = len(claims)
        if sent.boilerplate:
            continue
        has_figure = bool(tables.prefilter.search(sent.text))
        if not has_figure and not _may_attribute(sent.text):
            continue
        tokens = _unglue(tokenize(sent.text, sent.start), tables)
        if carried is not None and has_figure and not _refers_back(tokens, tables, rules):
            carried = None
        # no metric, predicate, governor or toll word: no number here can be a claim (a cheap skip that keeps
        # hostile text such as "1,000 1,000 ..." fast); the sentence may still name the next speaker. A sentence
        # that breaks down the one before ("Among them were 720 children") has its metric already.
        has_figure = has_figure and (carried is not None or any(t.low in tables.triggers for t in tokens))
        raw_cues = attr.find_cues(tokens, sent.text, sent.start, rules, last_only=not has_figure)
        cues = _resolve_cues(raw_cues, body, sent, last, rules, history)
        history.extend(a for _, a in cues if a.source)

        if not cues and last is not None and last.source and sent.text[:1] in ('"', "“") and quote_open:
            cues = [(0, last)]  # '"Four of them died before we could operate."' after a quoted speaker
        quote_open = bool(cues) and ('"' in sent.text or "“" in sent.text or "”" in sent.text)
        if cues:
            last = cues[-1][1]  # the sentence's latest speaker is the one a pronoun next refers to
        if not has_figure:
            continue
        found = _speakers_dropped(_find_figures(tokens, tables, rules, carried), raw_cues)
        if not found:
            continue
        clauses = _clause_ids(tokens) if len(cues) > 1 else None
        if clauses is not None:
            cues = _media_relay(cues, clauses, [f.q_start for f in found])
        periods: dict[Metric, Period] = {}  # a sentence's period depends only on the metric: work it out once
        places: list[tuple[int, int, int]] | None = None
        sent_period: Period | None = None
        modalities = _modalities(tokens, found, tables)
        for f, modality in zip(found, modalities, strict=True):
            start = tokens[f.q_start].start
            end = tokens[f.q_end - 1].end
            key = (start, end, str(f.metric))
            if key in seen:
                continue
            seen.add(key)
            # "over the same period" continues the period of the previous sentence's figures
            if f.metric not in periods:  # once per sentence and metric: prev_period is fixed within the sentence
                periods[f.metric] = _dated_by_previous(
                    sent.text, resolve_period(sent.text, published, f.metric, rules, article_low, previous=prev_period),
                    prev_period, rules)
            period = periods[f.metric]
            period = _local_period(body, end, f, tokens, period, published)
            if disaster:
                period = _disaster_period(sent.text, period, rules)
            sent_period = sent_period or period
            src = _pick_source(cues, f.q_start, clauses)
            if src.source and outlet_words and _names_outlet(src.source, outlet_words, article.outlet or "", rules):
                src = attr.UNATTRIBUTED  # the body's own publication is its own voice (spec rule 14)
            low, high = (0.0, 0.0) if f.zero else bounds(f.qualifier, f.phrase)
            if places is None:
                places = _places(tokens, rules)
            location = _location(body, tokens, places, f.q_start, f.q_end) or _place_from_source(src.source, rules)
            if location is None:
                if lead_place is None:
                    lead_place = _lead_place(body, rules) or ""
                location = lead_place or None  # the place the headline or lead names
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
                # a start after the end means the article's own date is wrong (a typo'd year): keep the
                # start the text states, drop the end that came from the bad date
                period_end=period.end if not (period.start and period.end and period.start > period.end) else None,
                source=src.source,
                source_kind=src.kind,
                via=src.via,
                modality=modality,
            ))
        prev_period = sent_period or prev_period
        if len(claims) > first_claim:
            # the sentence's first figure is its main one: "counts 2,141 dead and more than 10,000 wounded. Its
            # tally grew from 600 to 2,000" continues the dead, not the wounded
            sentence_metric = next(c.metric for c in claims[first_claim:])
    _restated_periods(claims)
    return claims


def _dated_by_previous(sentence: str, period: Period, previous: Period | None, rules: Rules) -> Period:
    """An event figure with no day of its own ("the strike had killed 19 militants") after a dated event figure
    is about that event: it takes its dates. Spec rule 15 keeps "overnight" figures undated."""
    if (period.scope is Scope.INCIDENT and period.start is None and period.end is None
            and previous is not None and previous.scope is Scope.INCIDENT
            and not has_phrase(sentence.lower(), rules.scope_undated)):
        return previous
    return period


#: A claim's scope and dates, as one value to copy.
_ScopeDates = tuple[Scope, dt.date | None, dt.date | None]


def _restated_periods(claims: list[Claim]) -> None:
    """A figure with no period of its own ("Strikes kill 19" in a headline) takes the period of the same
    figure stated again later with one: spec rule 7 makes a restatement the same figure, so the same dates.

    One backward pass with the nearest later restatement per (metric, value) (a scan of every later claim
    for every claim took 77 s on 26,000 claims of hostile text). The periods recorded are the claims'
    own, before any is copied, as the restatement's own period is what carries over.
    """
    known: dict[tuple[Metric, float], _ScopeDates] = {}  # nearest later restatement with a scope
    dated: dict[tuple[Metric, float], _ScopeDates] = {}  # nearest later restatement that is a dated incident
    for c in reversed(claims):
        key = (c.metric, c.value)
        own: _ScopeDates = (c.scope, c.period_start, c.period_end)
        undated_incident = c.scope is Scope.INCIDENT and c.period_start is None and c.period_end is None
        later = dated.get(key) if undated_incident else known.get(key) if c.scope is Scope.UNKNOWN else None
        if own[0] is not Scope.UNKNOWN:
            known[key] = own
            if own[0] is Scope.INCIDENT and own[1]:
                dated[key] = own
        if later is not None:
            c.scope, c.period_start, c.period_end = later


_NAME_STOPWORDS = frozenset({"the", "a", "an", "of", "for", "and", "in", "on"})


def _name_words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", name.lower().replace("’", "'")) if w not in _NAME_STOPWORDS)


def _names_outlet(source: str, outlet: frozenset[str], outlet_name: str, rules: Rules) -> bool:
    """The source is the article's own outlet: every word of the outlet's name is in it ("Health Without Borders
    Alliance (HWBA)" in that alliance's press release, "OCHA field teams" in an OCHA update). An outlet does not
    attribute a figure to itself (spec rule 14: a body's own publication is its own voice).

    A one-word name is too weak a match ("The National" is not the "National Disaster Management Authority"):
    it counts only as an acronym ("OCHA") or with nothing but record words beside it ("Reuters tally").
    """
    words = _name_words(source)
    if len(outlet) >= 2:
        return outlet <= words
    if not outlet <= words:
        return False
    name = outlet_name.strip()
    return (name.isupper() and len(name) >= 2) or words - outlet <= rules.own_record_words



def _plural_of_head(word: str, rules: Rules) -> bool:
    """"groups", "agencies": the plural of an institution head word (speakers joined by "and" before)."""
    return (word.endswith("ies") and word[:-3] + "y" in rules.continuation_heads) or (
        word.endswith("s") and word[:-1] in rules.continuation_heads)


def _speakers_dropped(found: list[_Found], cues: list[attr.Cue]) -> list[_Found]:
    """Figures that are a speaker's own name ("..., two officials and a witness said") are sources, not
    claims (CLAIMS.md: "Not claims: ... sources")."""
    spans = [c.span for c in cues if c.span is not None]
    if not spans:
        return found
    return [f for f in found if not any(s <= f.q_start and f.q_end <= e for s, e in spans)]


def _refers_back(tokens: list[Token], tables: _Tables, rules: Rules) -> bool:
    """Whether a sentence continues the figure before it: it breaks it down ("Among them ...", "... 45 of them
    were elderly") or updates a running total that names no metric ("Its tally grew to 2,000")."""
    lows = {t.low for t in tokens}
    firsts = tables.opener_firsts
    if lows.isdisjoint(firsts) and lows.isdisjoint(rules.carry_heads):
        return False  # most sentences: one set operation
    return any(t.low in firsts and tables.breakdown_openers.at(tokens, i) is not None for i, t in enumerate(tokens)) \
        or any(t.low in rules.carry_heads and i + 1 < len(tokens)
               and (tokens[i + 1].low in _CHANGE_VERBS or tokens[i + 1].low in rules.carry_followers)
               for i, t in enumerate(tokens))  # "Its tally grew to 2,000", not "the total number of trucks was"


def _modalities(tokens: list[Token], found: list[_Found], tables: _Tables) -> list[Modality]:
    """Each figure's modality. A figure traded against the one before it shares its modality: "Hamas is to free
    33 hostages ... in exchange for hundreds of prisoners" is one plan; "freed 3 hostages in exchange for 90
    prisoners" is one event."""
    out: list[Modality] = []
    for f in found:
        hypo = _hypothetical(tokens, f.q_start, f.q_end, tables)
        lead = _lead(tokens, f.q_start)
        # "in exchange for (the release of) hundreds of prisoners": the marker may stand a few words before
        traded = any(tokens[k].low in _TRADE_LAST and tokens[k - 1].low in _TRADE_LAST[tokens[k].low]
                     for k in range(max(1, lead - 5), lead))
        if traded and out:
            out.append(out[-1])
            continue
        if traded and not hypo and _modal_earlier(tokens, lead):
            out.append(Modality.HYPOTHETICAL)  # the figure traded against was not found: the modal still binds
            continue
        out.append(Modality.HYPOTHETICAL if hypo else Modality.REPORTED)
    return out


# words that trade one figure against another
_TRADE_MARKERS = (("exchange", "for"), ("swap", "for"), ("return", "for"))
# the same two-word markers by last word (one set look-up per token instead of a phrase match per marker)
_TRADE_LAST: dict[str, frozenset[str]] = {
    last: frozenset(p[0] for p in _TRADE_MARKERS if p[1] == last) for last in {p[1] for p in _TRADE_MARKERS}}
assert all(len(p) == 2 for p in _TRADE_MARKERS)

# words that may name a speaker in a sentence without figures (who "It said" in the next sentence refers to)
_ATTRIBUTION_HINT = re.compile(r"\b(?:said|says|say|according|reported|told|added|stated|announced|cited|citing|quoted|"
                               r"quoting)\b", re.IGNORECASE)


def _may_attribute(text: str) -> bool:
    return bool(_ATTRIBUTION_HINT.search(text))


def _media_relay(cues: list[tuple[int, attr.Attribution]], clauses: list[int],
                 figures: Sequence[int] = ()) -> list[tuple[int, attr.Attribution]]:
    """"The minister said 4,047 were killed, AFP reported": the minister is the source, AFP relays it
    (within one clause: "..., the agency says, and strikes killed 500, according to AFP" is two speakers)."""
    if len(cues) < 2:
        return cues
    last_index, relay = cues[-1]
    speakers = [c for c in cues[:-1] if c[1].kind is not SourceKind.MEDIA and c[1].source
                and c[0] < len(clauses) and last_index < len(clauses) and clauses[c[0]] == clauses[last_index]]
    # "According to IOM, 160,900 people were still displaced, OCHA said": any body that reports another's
    # figure at the end of the clause relays it, an outlet or not
    if relay.via or not relay.source or not speakers or speakers[-1][0] > last_index \
            or speakers[-1][1].source == relay.source:
        return cues
    if any(f > last_index and f < len(clauses) and clauses[f] == clauses[last_index] for f in figures):
        return cues  # "... where the rescue service reported no injuries": the later speaker has its own figure
    speaker = speakers[-1][1]
    relayed = attr.Attribution(speaker.source, speaker.via or relay.source, speaker.kind)
    return [(i, relayed if a is speaker or a is relay else a) for i, a in cues]


#: Generic role heads that continue the previous speaker ("The spokesperson added ...").
_ROLE_HEADS = frozenset({"spokesperson", "spokesman", "spokeswoman", "official", "statement", "report", "update",
                         "bulletin", "source", "sources", "officials"})
#: Clause boundaries inside a sentence: an attribution in one clause does not reach across them.
_CLAUSE_BREAKS = frozenset({";", "while", "whereas", "but"})


def _clause_ids(tokens: list[Token]) -> list[int]:
    """A clause number per token: a new clause after ';', ', and <subject>' or ', while/but'."""
    ids = []
    clause = 0
    for i, t in enumerate(tokens):
        if t.low in _CLAUSE_BREAKS and i > 0 and (t.low == ";" or tokens[i - 1].low == ","):
            clause += 1
        elif t.low == "and" and i > 0 and tokens[i - 1].low == "," and i + 1 < len(tokens) \
                and tokens[i + 1].is_word:
            clause += 1  # ", and strikes have killed ...": a new subject and verb
        ids.append(clause)
    return ids


def _pick_source(cues: list[tuple[int, attr.Attribution]], index: int,
                 clauses: list[int] | None = None) -> attr.Attribution:
    """The attribution that reaches a figure: the sentence's own (spec rule 3), from the figure's clause
    when the sentence has several speakers, else the nearest."""
    if not cues:
        return attr.UNATTRIBUTED
    if clauses is not None and len(cues) > 1 and index < len(clauses):
        same = [c for c in cues if c[0] < len(clauses) and clauses[c[0]] == clauses[index]]
        if same:
            return min(same, key=lambda c: abs(c[0] - index))[1]
    return min(cues, key=lambda c: abs(c[0] - index))[1]


def _lead_place(body: str, rules: Rules) -> str | None:
    """The first place the headline or lead names ("... strikes in Gaza ..."), or a demonym there."""
    for sent in split_sentences(body[:1500], rules)[:3]:
        if sent.boilerplate:
            continue
        tokens = tokenize(sent.text, sent.start)
        places = _places(tokens, rules)
        if places:
            _, s, c = places[0]
            return body[tokens[s].start:tokens[c - 1].end]
        for t in tokens:
            if t.low in rules.demonyms:
                return rules.demonyms[t.low]
    return None


def _place_from_source(source: str | None, rules: Rules) -> str | None:
    if not source:
        return None
    for word in source.lower().replace("’", "'").split():
        if word in rules.demonyms:
            return rules.demonyms[word]
    return None


# A natural disaster named in the headline or lead: one event, however long its toll keeps rising.
_DISASTER_RE = re.compile(r"\b(?:earthquake|quake|landslides?|mudslides?|floods?|flooding|cyclone|hurricane|typhoon|"
                          r"storm|wildfire|tsunami|eruption)\b")


def _disaster_period(sentence: str, period: Period, rules: Rules) -> Period:
    """Spec rule 15: a disaster's toll stays `incident` as it rises ("rose from 97 to 128"), unless the sentence
    states a running total of its own ("since", "so far") or one day ("in the past 24 hours")."""
    if period.scope is Scope.INCIDENT:
        return period
    low = sentence.lower()
    if period.scope is Scope.CUMULATIVE and (has_phrase(low, rules.scope_cumulative_strong) or "since" in low):
        return period
    if has_phrase(low, rules.scope_day_window):
        return period
    return Period(Scope.INCIDENT, period.start if period.scope is Scope.DAY else None, period.end)


def _local_period(body: str, end: int, f: _Found, tokens: list[Token], period: Period,
                  published: object) -> Period:
    """'up from 412 on Monday': a restated earlier figure ends on its own day (spec rule 15)."""
    if f.q_start > 0 and tokens[f.q_start - 1].low == "from":
        day = local_date_after(body[end:end + 40], published if isinstance(published, dt.date) else None)
        if day is not None:
            return Period(period.scope if period.scope is not Scope.UNKNOWN else Scope.CUMULATIVE, period.start, day)
    return period
