"""Stage 1, figures: which number phrases of a sentence are counts, and the grammar around them.

Undoes glued PDF words (``_unglue``), drops numbers that are no count (years, dates, ages, money,
labels: ``_not_a_count``), reads the noun phrase after a number (``_noun_scan``) and the predicate after
it (``_predicate_after``), and finds stated zeros ("no casualties", ``_zero_at``). The metric stage
(``metric.py``) asks these questions; it decides nothing itself.
"""

from __future__ import annotations

from tracker.extract.numbers import NumberPhrase
from tracker.extract.tables import _HARM_METRICS, MODIFIER_WINDOW, PREDICATE_WINDOW, _starts_number, _Tables
from tracker.extract.tokens import Token, match_at, phrase_index
from tracker.model import Metric
from tracker.rules import Phrase, Rules

# "150 people, the whole population of <a long place name> (<its region>), were displaced"
APPOSITION_WINDOW = 24


_QUOTE_MARKS = frozenset({'"', "“", "”"})


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
        if prev.low.endswith("'s") and nxt is not None and nxt.low in rules.population_nouns:
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
    if ph.words and text == "one" and prev is not None and prev.low in ("of", "from") and prev2 is not None \
            and prev2.low in rules.person_nouns:
        return True  # "11 members of one family", "her daughters from one family": which group, not how many
    if ph.words and text == "one" and nxt is not None and nxt.low == "of" and ph.end + 2 < n \
            and tokens[ph.end + 1].low in ("its", "their", "our") and tokens[ph.end + 2].low in rules.person_nouns:
        return False  # "one of its soldiers was killed": a body's own member, counted (not "one of the largest")
    return bool(ph.words and text == "one" and nxt is not None
                and nxt.low in ("of", "another", "day", "side", "way", "time"))


def _acronym(t: Token) -> bool:
    """"IS", "US", "SSPDF": an all-capital name, even when its lower case is a function word ("is", "us")."""
    return len(t.text) >= 2 and t.is_word and t.text.isupper()


def _adverb(t: Token, nxt: Token | None, rules: Rules) -> bool:
    """A time or manner word after a figure is no head noun: "rose to 128 overnight", "9 respectively"; an -ly
    word before another word modifies it ("3,400 newly arrived households")."""
    if t.low in rules.adverbs:
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
    joined: int | None = None  # the "and"/"or" last taken into the phrase
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
            joined = k
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
        if t.low in rules.noun_phrase_stops:
            break  # "40 Uyghurs including a teenager": a breakdown begins
        if not _acronym(t) and (not t.is_word or t.low in tables.function_words or t.low in ("a", "an")
                                or _adverb(t, tokens[k + 1] if k + 1 < n else None, rules)
                                or tables.predicates.at(tokens, k) is not None):
            break
        saw_content = True
        if not t.is_capitalised or t.low in rules.months or t.low in rules.weekdays:
            names_only = False
        k += 1
    if joined is not None and k == joined + 1:
        k = joined  # "10 Thais and a Filipino worker": nothing joined after "and"; the phrase ends before it
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
        if stay and in_pp and t.low == "them" and any(x.low in rules.shelter_nouns for x in tokens[:k]):
            return Metric.DISPLACED, k + 1  # "1,186 collective shelters are operating and 189,174 people are
            # staying in them": the pronoun stands for the shelters named before
        if stay and in_pp and t.low in rules.shelter_nouns and tokens[k - 1].low in rules.protective_shelter_modifiers:
            return None  # "spent the night in bomb shelters": cover from an attack, not a lost home
        if stay and in_pp and t.low in rules.shelter_nouns:
            later = _predicate_after(tokens, k + 1, tables, rules)
            if later is not None and later[0] in _HARM_METRICS:
                return later
            return Metric.DISPLACED, k + 1
        if t.low in rules.stay_verbs:
            stay = True
            k += 1
            continue
        if stay and not in_pp and (t.low in rules.night_words or t.low in rules.weekdays):
            k += 1  # "spent Tuesday night in its shelters"
            continue
        if stay and t.low in ("to", "into", "at"):
            in_pp = True  # "moved to hotels and emergency shelters"
            k += 1
            continue
        if t.low == "to" and k + 1 < n and (tokens[k + 1].low in ("be", "have")
                                             or tokens[k + 1].low in rules.stay_verbs):
            k += 1  # "are still believed to be trapped", "are believed to remain in the camp"
            continue
        if t.low == "with" and _wound_after(tokens, k + 1, rules):
            return Metric.INJURED, k + 1
        if t.low in _QUOTE_MARKS and k + 1 < n and tables.predicates.at(tokens, k + 1) is not None:
            k += 1  # a predicate in scare quotes: '2,000 residents were "unaccounted for"'
            continue
        if t.low in rules.passive_aux:
            passive = True
        if t.low in rules.skip_prepositions and t.low not in rules.passive_aux:
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


def _wound_after(tokens: list[Token], k: int, rules: Rules) -> bool:
    """A wound noun within three words: "with war-related injuries", "with gunshot wounds"."""
    for j in range(k, min(len(tokens), k + 3)):
        if tokens[j].low in rules.wound_nouns:
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
    if t.low in rules.object_determiners and k + 1 < len(tokens):
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
        causing = low == "without" and k < n and tokens[k].low in rules.zero_causing_verbs
        if causing:
            k += 1  # "without causing injuries": the cause is stated, so the zero is of any harm
        while k < n and k - i <= 3 and tokens[k].low in rules.zero_modifiers:
            k += 1
        if k + 2 < n and tokens[k].low in rules.zero_companions and tokens[k + 1].low in ("or", "and"):
            k += 2  # "no damage or injuries": the zero reaches the noun after the companion
        hit = tables.zeros.at(tokens, k)
        if hit is not None and hit[1] is not None:
            if low == "without" and hit[1] is not Metric.CASUALTIES and not causing:
                return None
            return hit[1], k + len(hit[0])
    pron = tables.zero_pronouns.at(tokens, i)
    if pron is not None:
        k = i + len(pron[0])
        pred = _predicate_after(tokens, k, tables, rules)
        if pred is not None and pred[0] in (Metric.KILLED, Metric.INJURED, Metric.CASUALTIES, Metric.MISSING):
            return pred[0], pred[1]
    return None

