"""Who the article says a figure comes from (spec rules 3, 4, 14, 17, 18).

A sentence's attribution cues are found on its tokens: "according to X", "X said", ", said
X", "reported by X", and chains "X, citing Y" (source Y, via X). A cue whose subject is a
pronoun or a definite head ("It said", "The ministry added") continues the speaker of the
sentence before; a short name ("the health ministry", "Qassem") is expanded to the fuller
name the article used earlier ("Lebanese health ministry", "Naim Qassem").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tracker.extract.tokens import Token, match_at, phrase_index, phrase_tokens, tokenize
from tracker.model import SourceKind
from tracker.rules import Rules, derived

MAX_SOURCE_TOKENS = 12
_DETERMINERS = ("the ", "a ", "an ")
LOOKBACK_CHARS = 20000


@dataclass(frozen=True, slots=True)
class Cue:
    """One attribution found in a sentence."""

    source: str
    via: str | None
    index: int  # token index of the cue, to pick the nearest cue for each claim
    continuation: bool = False  # a pronoun or definite head: continue the previous speaker
    possessive: bool = False  # "his office", "its activists": always the speaker before
    weak: bool = False  # a verb of counting or belief ("believes", "counted"): a plain "said" outranks it
    span: tuple[int, int] | None = None  # token range of the speaker's name: "two officials said" is no figure


@dataclass(frozen=True, slots=True)
class Attribution:
    source: str | None
    via: str | None
    kind: SourceKind


UNATTRIBUTED = Attribution(None, None, SourceKind.UNATTRIBUTED)


def _text(tokens: list[Token], i: int, j: int, sentence: str, offset: int) -> str:
    """Source text as written between tokens i..j-1 (keeps "U.N." and apostrophes intact)."""
    return sentence[tokens[i].start - offset:tokens[j - 1].end - offset]


def _article_inside(tokens: list[Token], i: int, rules: Rules) -> bool:
    """The article at i, after a preposition, belongs inside the speaker's name: "medics at the hospital",
    "officials in the village", "a relative of one of the victims" (not "the ministry in the territory")."""
    prep, before = tokens[i - 1].low, tokens[i - 2].low
    if before in rules.source_heads and (prep != "in" or before in rules.people_heads):
        return True
    return prep == "of" and before in rules.partitives


def _joins_speakers(tokens: list[Token], k: int, rules: Rules) -> bool:
    """"and" at k joins two speakers into one source: a speaker's head before it and another within a few
    words after ("security sources and aid workers", "two local officials and a relative ...")."""
    if k == 0 or tokens[k - 1].low not in rules.source_heads:
        return False
    nxt = k + 2 if k + 2 < len(tokens) and tokens[k + 1].low in ("the", "a", "an") else k + 1
    if tokens[k - 1].is_capitalised and nxt < len(tokens) and tokens[nxt].is_capitalised and tokens[nxt].is_word:
        return True  # "the Palestinian Red Crescent and the Civil Protection Office": two named bodies
    for t in tokens[k + 1:k + 4]:
        if t.low in rules.source_heads:
            return True
        if not t.is_word or (t.low in rules.source_stop and t.low not in rules.joined_fillers) \
                or t.low in rules.speech_verbs_flat:
            return False
    return False


def _coordinated_modifier(tokens: list[Token], k: int, j: int, rules: Rules) -> bool:
    """"and" at k joins two modifiers of one body's head at j ("the ambulance and emergency service",
    "the government's ambulance and emergency service"): one plain word after a possessor, or after a
    determiner that opens the clause, before it; at most two plain words and the head after it.

    Why: the backward scan stopped at "and", so the source lost its first modifier and its owner. The
    determiner or possessor before the first word keeps "killed 20 people and emergency workers said" apart.
    """
    if not (2 <= k < j <= k + 3) or tokens[j].low not in rules.source_heads:
        return False
    first, before = tokens[k - 1], tokens[k - 2]
    if not first.is_word or first.is_capitalised or first.low in rules.source_stop or first.low in rules.source_heads:
        return False
    if before.low in ("the", "its", "their"):
        if k > 2 and tokens[k - 3].low not in (",", ";", ":"):
            return False  # "found 20 bodies in the rubble and emergency service officials said": a place before
    elif not before.low.endswith(("'s", "’s")):
        return False
    return all(t.is_word and not t.is_capitalised and t.low not in rules.source_stop
               and t.low not in rules.speech_verbs_flat for t in tokens[k + 1:j + 1])


def _np_forward(tokens: list[Token], i: int, rules: Rules) -> int:
    """End index of the source noun phrase starting at i ("the U.N. refugee agency")."""
    j = i
    n = len(tokens)
    while j < n and j - i < MAX_SOURCE_TOKENS:
        t = tokens[j]
        if t.low == "." and j > i and ("." in tokens[j - 1].text or tokens[j - 1].low in rules.titles) \
                and j + 1 < n and tokens[j + 1].is_word:
            j += 1  # the dot of "U.N." or "Dr." inside a name
            continue
        if t.low in ("of", "for", "'s", "de", "du", "al", "el") and j > i:
            j += 1
            continue
        if t.low in ("at", "in") and j > i and tokens[j - 1].low in rules.people_heads and j + 1 < n \
                and (tokens[j + 1].low == "the" or tokens[j + 1].is_capitalised):
            j += 1  # "rescuers at the scene", "medics at Nasser hospital", "officials in Kherson"
            continue
        if t.low == "'" and j > i and tokens[j - 1].end == t.start and j + 1 < n and tokens[j + 1].is_capitalised:
            j += 1  # "the Palestinian Prisoners' Society"
            continue
        if t.low == "and" and j > i and j + 1 < n and (tokens[j + 1].is_capitalised or tokens[j + 1].low in
                                                       ("the", "two", "three", "one", "several", "other")
                                                       or _joins_speakers(tokens, j, rules)):
            j += 1
            continue
        if t.low in ("the", "a", "an", "two", "three", "four", "five", "one", "several", "some", "other") and (
                j == i or tokens[j - 1].low in ("and", "of") or (tokens[j - 1].low in ("at", "in") and j > i + 1
                                                                  and tokens[j - 2].low in rules.people_heads)):
            j += 1
            continue
        if not t.is_word or (t.low in rules.source_stop and not t.is_capitalised) or t.low in rules.speech_verbs_flat \
                or t.low in rules.np_participles:
            break
        j += 1
    while j > i and tokens[j - 1].low in ("of", "for", "and", "the", "a", "an", "'s"):
        j -= 1
    return j


def _np_backward(tokens: list[Token], j: int, rules: Rules) -> int:
    """Start index of the source noun phrase ending at j (inclusive); j + 1 when there is none."""
    i = j
    while i >= 0 and j - i < MAX_SOURCE_TOKENS:
        t = tokens[i]
        if t.low == "." and i > 0 and "." in tokens[i - 1].text:
            i -= 1
            continue
        if t.low == ")" and i > 1 and tokens[i - 2].low == "(":
            i -= 3  # "the Lagos State Emergency Management Agency (LASEMA)"
            continue
        if t.low in ("of", "for", "with", "from", "at", "in") and i < j and i > 0 \
                and (t.low in ("of", "for", "with") or (tokens[i - 1].low in rules.source_heads
                                                         and (t.low != "in" or tokens[i + 1].is_capitalised
                                                              or tokens[i - 1].low in rules.people_heads))):
            i -= 1  # "officials in Damascus", "a worker from the village" (not "the ministry in the territory")
            continue
        if t.low == "to" and i > 0 and tokens[i - 1].low == "close" and i < j:
            i -= 2  # "a source close to Hezbollah"
            continue
        if t.low in ("the", "a", "an") and i > 1 and tokens[i - 1].low == "to" and tokens[i - 2].low == "close" \
                and i < j:
            i -= 3  # "a source close to the local authorities"
            continue
        if t.low in ("the", "a", "an") and i > 1 and i < j \
                and tokens[i - 1].low in ("of", "for", "with", "from", "at", "in") \
                and _article_inside(tokens, i, rules):
            i -= 1  # "medics at the hospital", "a relative of one of the victims": the article belongs inside
            continue
        if t.low == "and" and i < j and i > 0 and (
                (tokens[i + 1].is_capitalised and tokens[i - 1].is_capitalised) or _joins_speakers(tokens, i, rules)):
            i -= 1  # "Red Cross and Red Crescent Societies", "Israeli officials and medics", "two officials and
            continue  # a resident"
        if t.low == "and" and _coordinated_modifier(tokens, i, j, rules):
            i -= 1  # "the eastern government's ambulance and emergency service": one body, two modifiers
            continue
        if t.low == "'" and i > 0 and i < j and tokens[i - 1].end == t.start and tokens[i + 1].is_capitalised:
            i -= 1  # "the Palestinian Prisoners' Society"
            continue
        if t.low in ("the", "a", "an") and i > 1 and i < j and tokens[i - 1].low == "and" \
                and _joins_speakers(tokens, i - 1, rules):
            i -= 2  # "two officials and a witness": the determiner of the second speaker
            continue
        if t.low in ("the", "a", "an"):
            i -= 1
            break
        if t.low in rules.possessives or t.low == "their":
            break  # "Its activists said": the possessive is not part of the name, capitalised or not
        if not t.is_word or (t.low in rules.source_stop and not t.is_capitalised and t.low not in rules.pronouns) \
                or (t.low in rules.speech_verbs_flat and i < j):
            break
        if t.low in rules.pronouns:
            if i == j:
                i -= 1
            break
        i -= 1
    start = i + 1
    while start <= j and tokens[start].low in ("of", "for"):
        start += 1
    return start


def _speech_context(tokens: list[Token], k: int, rules: Rules) -> bool:
    """What follows a speech verb at k can be what was said: the sentence's end or a mark, a quote, a figure, a
    name, a clause opener, or a bare noun that has a verb of its own within three words."""
    if k >= len(tokens):
        return True
    t = tokens[k]
    if not t.is_word or t.text[:1].isdigit() or t.is_capitalised or t.low in rules.clause_openers \
            or t.low in rules.units or t.low in rules.tens or t.low in rules.weekdays:
        return True
    return any(u.low in rules.finite_verbs for u in tokens[k + 1:k + 4])


def _acronym_token(t: Token) -> bool:
    """A short name in capitals ("MONUSCO", "UNHCR"): one word, two letters or more, all upper case."""
    return t.is_word and len(t.text) >= 2 and t.text.isupper()


def _head_or_plural(word: str, rules: Rules) -> bool:
    """A continuation head or its plural ("the two groups said" after two named groups)."""
    return word in rules.continuation_heads or (word.endswith("ies") and word[:-3] + "y" in rules.continuation_heads) \
        or (word.endswith("s") and word[:-1] in rules.continuation_heads)


def _skip_generic_prefix(tokens: list[Token], s: int, j: int, rules: Rules) -> int:
    """"In its latest update IOM said": drop document words in front of the body's name."""
    k = s
    while k < j and tokens[k].low in rules.generic_words and not tokens[k].is_capitalised:
        k += 1
    return k if k < j and tokens[k].is_capitalised else s


def _relative_head(tokens: list[Token], s: int, rules: Rules) -> int:
    """"a medical charity that supports the city's hospital said": the source is the noun before "that"."""
    k = s - 1
    while k >= 0 and s - k <= 8:
        t = tokens[k]
        if t.low in rules.relatives:
            if k + 1 < len(tokens) and tokens[k + 1].low in rules.not_after_relative:
                return s  # "said on Monday that his office ...": a complement clause, not a relative one
            start = _np_backward(tokens, k - 1, rules) if k > 0 else k
            if start <= k - 1:
                return start
            return s
        if not t.is_word:
            return s
        k -= 1
    return s


def _plausible(np_low: tuple[str, ...], tokens: list[Token], i: int, j: int, rules: Rules) -> bool:
    """A noun phrase that can name a source: a known head, a proper name or a pronoun."""
    if not np_low:
        return False
    if any(w in ("our", "we", "i", "my") or (w == "us" and tokens[i + k].text != "US") for k, w in enumerate(np_low)):
        return False  # "Our staff report...": a body's own publication is its own voice (spec rule 14); "the US
        # military" is no pronoun
    if " ".join(w for w in np_low if w not in ("the", "a", "an")) in rules.generic_sources:
        return False
    if all(w in rules.generic_words for w in np_low):
        return False  # "according to the latest count": a document, not a body
    # the head is the word before "of"/"for" ("agency for Palestinian refugees"), else the last word
    cut = next((k for k, w in enumerate(np_low) if w in ("of", "for") and k > 0), len(np_low))
    head = np_low[cut - 1]
    proper_name = all(tokens[k].is_capitalised or tokens[k].low in ("of", "for", "and", "the", "'s", ".", "(", ")",
                                                                       "'")
                      for k in range(i, j)) and any(tokens[k].is_capitalised for k in range(i, j))
    if (head in rules.metric_words or head in rules.event_heads) and not proper_name:
        return False  # "deaths reported", "casualties said": the head names a figure, not a body; "Israeli
        # strikes put the toll at 40": an event causes a toll, it does not report one
    proper = all(tokens[k].is_capitalised or tokens[k].low in ("of", "for", "and", "the", "'s", ".", "(", ")")
                 for k in range(i, j))
    if any(w in rules.metric_words for w in np_low[:cut]) and head not in rules.source_heads and not proper:
        return False  # a metric word may only modify a body's name: "the U.N. refugee agency", "Missing Migrants
        # Project" (a proper name) is fine
    if np_low[-1] in rules.pronouns and len(np_low) == 1:
        return True
    if all(w in rules.weekdays or w in rules.months or w in ("on", "last", "this") for w in np_low):
        return False  # "Figures released ... on Monday put the number": a weekday is not a speaker
    return any(w in rules.source_heads for w in np_low) or any(
        tokens[k].is_capitalised and tokens[k].low not in ("the", "a", "an") for k in range(i, j))


def _chain(tokens: list[Token], k: int, rules: Rules, sentence: str, offset: int) -> str | None:
    """A chained source right after index k: ", citing two officials" -> "two officials"."""
    if k < len(tokens) and tokens[k].low == ",":
        k += 1
    for cue in rules.chain_cues:
        if match_at(tokens, k, cue):
            s = k + len(cue)
            e = _np_forward(tokens, s, rules)
            if e > s:
                return _text(tokens, s, e, sentence, offset)
    return None


def _sets_toll(tokens: list[Token], k: int, rules: Rules) -> bool:
    """A record noun within four words after a toll-setting verb at k - 1 ("raised the death toll", "put the dead
    at"); "number" and "total" only of a metric ("raised the number of hostages", not "the number of troops")."""
    for m in range(k, min(len(tokens), k + 4)):
        if tokens[m].low in rules.said_toll_words:
            if tokens[m].low not in ("number", "total"):
                return True
            return any(t.low in rules.metric_words for t in tokens[m + 1:m + 5])
    return False


def _later_chain(tokens: list[Token], k: int, rules: Rules, sentence: str, offset: int) -> str | None:
    """A participle chain closing the speaker's clause after what was said: "the UN refugee agency said on Monday,
    citing Syrian and Lebanese government figures"; "OCHA had reported 11,300 deaths and 10,100 missing,
    attributing the figures to the Libyan Red Crescent" (source the Red Crescent, via OCHA).

    Why: a chain right after the verb was the only one read, so a relay named after the figures or after a day
    ("said on Monday, citing") kept the relaying body as the source. The scan stops at a clause break or
    another speaker, whose own chain that would be.
    """
    n = len(tokens)
    for m in range(k, n - 1):
        low = tokens[m].low
        if low in (";", ":") or low in rules.speech_verbs_flat or low == "according":
            return None
        if low == "," and tokens[m + 1].low.endswith("ing") and tokens[m + 1].low in rules.cue_first_words:
            for cue in rules.chain_cues:
                if match_at(tokens, m + 1, cue):
                    s = m + 1 + len(cue)
                    e = _np_forward(tokens, s, rules)
                    if e > s and _plausible(tuple(t.low for t in tokens[s:e]), tokens, s, e, rules):
                        return _text(tokens, s, e, sentence, offset)  # not "citing security concerns"
    return None


def _subject_start(tokens: list[Token], limit: int, rules: Rules) -> int:
    """Where the sentence's subject begins: after a fronted clause ("Since Russia's full-scale invasion began on
    Feb. 24, 2022, the mission has verified ... and says"), else at 0.

    Why: "X did ... and says" takes the sentence's subject as the speaker; a sentence opening with a
    subordinate clause made "Since Russia's" the source.
    """
    if not tokens or tokens[0].low not in rules.clause_stops:
        return 0
    for k in range(1, limit):
        if tokens[k].low == ",":
            return k + 1
    return 0


def _possessor(word: str) -> str:
    """"ministry's" -> "ministry", "agencies'" -> "agencies"."""
    return word[:-2] if word.endswith(("'s", "’s")) else word.rstrip("'’")


def _after_adjunct(tokens: list[Token], v: int, rules: Rules) -> int:
    """The record verb after an adjunct that ends with a comma: "The ministry's running total since October 8,
    2023, reached 2,867 dead", "The ministry's first count, issued on Monday morning, was 35"; ``v`` itself when
    there is none within twelve words (a clause break or a speaker ends the search)."""
    for q in range(v + 1, min(len(tokens), v + 13)):
        low = tokens[q].low
        if low in (";", ".", ":") or low in rules.speech_verbs_flat:
            return v
        if low in rules.record_verbs and tokens[q - 1].low == ",":
            return q
    return v


def _record_cue(tokens: list[Token], sentence: str, offset: int, rules: Rules) -> Cue | None:
    """A body's record opening the sentence: "Its overall tally stands at 2,255" (the body named before, as
    "it" would be), "The ministry's latest figures show ..." (the ministry). Only at the sentence's start and
    only before a verb of counting, so "its toll on civilians was heavy" or "Gaza's death toll" (a place,
    with no head word of a body) name no one."""
    n = len(tokens)
    k = 0
    while k < n and not tokens[k].is_word:
        k += 1  # an opening quote mark
    if k >= n:
        return None
    if tokens[k].low == "its":
        owner: tuple[int, int] | None = None
        m = k + 1
    elif tokens[k].low == "the":
        # the owner's last word carries the possessive: "ministry's" (one token) or "ministries'"
        p = next((q for q in range(k + 1, min(n, k + 5)) if tokens[q].low.endswith(("'s", "’s", "s'"))), None)
        if p is None or _possessor(tokens[p].low) not in rules.source_heads \
                or any(not t.is_word or t.low in rules.source_stop for t in tokens[k + 1:p]):
            return None
        owner = (k, p + 1)
        m = p + 1
    else:
        return None
    while m < n and m - k < 7 and tokens[m].is_word and tokens[m].low not in rules.possessed_records \
            and tokens[m].low not in rules.source_stop and not tokens[m].is_capitalised:
        m += 1  # "overall", "latest", "death"
    if m >= n or tokens[m].low not in rules.possessed_records:
        return None
    v = m + 1
    while v < n and tokens[v].low in rules.record_skip:
        v += 1
    if v < n and tokens[v].low not in rules.record_verbs and tokens[v].low in rules.record_adjunct_starts:
        v = _after_adjunct(tokens, v, rules)
    if v >= n or tokens[v].low not in rules.record_verbs:
        return None
    if owner is None:
        return Cue("it", None, m, continuation=True)
    s, e = owner
    src = _text(tokens, s, e, sentence, offset)
    src = _possessor(src)
    cont = strip_determiner(src, rules).lower() in rules.continuation_heads
    return Cue(src, None, m, cont, span=(s, e))


def find_cues(tokens: list[Token], sentence: str, offset: int, rules: Rules, last_only: bool = False) -> list[Cue]:
    """All attribution cues of one sentence, in token order.

    ``last_only``: only the sentence's last speaker is needed (a sentence without figures only tells who
    a pronoun in the next sentence refers to), so scan from the end and stop at the first cue that names
    someone: a pronoun ("militants who, it says, ...") goes on to the speaker it refers to in the same
    sentence, or it would resolve to the speaker of the sentence before.
    """
    cues: list[Cue] = []
    n = len(tokens)
    checked = 0  # cues already known to be pronouns (cues are only appended inside the loop)
    for i in range(n - 1, -1, -1) if last_only else range(n):
        if last_only and len(cues) > checked:
            if not all(c.continuation and strip_determiner(c.source, rules).lower() in rules.pronouns
                       for c in cues[checked:]):
                break  # only a pronoun sends the scan on; "the ministry said" x 100 must not expand 100 names
            checked = len(cues)
        low = tokens[i].low
        if low not in rules.cue_first_words and low not in rules.speech_participles:
            continue
        after = phrase_index(rules.source_after).at(tokens, i)
        for phrase in (after,) if after is not None else ():
            if phrase == ("per",) and not (i + 1 < n and (tokens[i + 1].is_capitalised or tokens[i + 1].low == "the")):
                continue
            if phrase[0] == "reported" and cues and any(t.low == "that" for t in tokens[cues[-1].index:i]):
                # "CENTCOM said ... that no injuries were reported by U.S. or coalition ships": the passive
                # report is part of what the speaker before states (spec rule 14), not a speaker of its own
                break
            s = i + len(phrase)
            e = _np_forward(tokens, s, rules)
            np_low = tuple(t.low for t in tokens[s:e])
            if e > s and e + 1 < n and tokens[e].low in ("from", "by") \
                    and not _plausible(np_low, tokens, s, e, rules) and all(w in rules.generic_words for w in np_low):
                s = e + 1  # "according to a preliminary toll from the health ministry": the body behind the toll
                e = _np_forward(tokens, s, rules)
                np_low = tuple(t.low for t in tokens[s:e])
            if e > s and _plausible(np_low, tokens, s, e, rules):
                src = _text(tokens, s, e, sentence, offset)
                chained = _chain(tokens, e, rules, sentence, offset)
                if not chained and phrase[-1] == "by" and e + 1 < n and tokens[e].low == "from":
                    # "figures cited by Reuters from the health ministry": the ministry's figures, relayed
                    e2 = _np_forward(tokens, e + 1, rules)
                    if e2 > e + 1 and _plausible(tuple(t.low for t in tokens[e + 1:e2]), tokens, e + 1, e2, rules):
                        chained = _text(tokens, e + 1, e2, sentence, offset)
                        e = e2
                if phrase in (("citing",), ("quoting",)):
                    continue  # handled as a chain of the cue before it, or below as a bare source
                # "according to the same tally"; "according to the army's count" continues as "the army" would
                cont = " ".join(np_low) in rules.continuation_flat or (
                    np_low[0] == "the" and strip_determiner(src, rules).lower() in rules.continuation_heads)
                cues.append(Cue(chained, src, i, span=(s, e)) if chained else Cue(src, None, i, cont, span=(s, e)))
            break
        if low in rules.speech_participles and i > 1 and tokens[i - 1].low == "," and not cues:
            # "Israel has not responded, maintaining that ...": the sentence's subject speaks (after "X said ...,
            # adding" the speaker found already goes on speaking)
            e = _np_forward(tokens, 0, rules)
            np_low = tuple(t.low for t in tokens[0:e])
            if e > 0 and _plausible(np_low, tokens, 0, e, rules):
                src = _text(tokens, 0, e, sentence, offset)
                chained = _later_chain(tokens, i + 1, rules, sentence, offset)
                # "OCHA revised down the toll, saying 3,958 bodies ..., citing the World Health Organization"
                cues.append(Cue(chained, src, i) if chained else Cue(src, None, i, np_low[-1] in rules.pronouns))
            continue
        verb = phrase_index(rules.speech_verbs).at(tokens, i)
        if verb is not None and i > 0 and tokens[i].is_capitalised:
            verb = None  # "the United States", "Says Who": a capitalised word mid-sentence is a name
        if verb is not None and len(verb) == 1 and verb[0] in rules.object_speech_verbs \
                and not _speech_context(tokens, i + 1, rules):
            verb = None  # "the army added communities to the list": an object, not a report
        if verb is None and low in rules.figure_speech_verbs and i + 1 < n and tokens[i + 1].text[:1].isdigit():
            verb = (low,)  # "Hamas-run ministry gives 471 dead": a figure as the object is what the body says
        if verb is None and low in rules.toll_setting_verbs and _sets_toll(tokens, i + 1, rules):
            verb = (low,)  # "X put the civilian toll at 330", "the ministry had raised the figure to 104"
        for phrase in (verb,) if verb is not None else ():
            verb_end = i + len(phrase)
            prev = tokens[i - 1] if i > 0 else None
            if prev is not None and prev.low in ("no", "were", "was", "be", "been", "being", "is", "are"):
                break
            if phrase[0] in ("told", "tells"):
                e = _np_forward(tokens, verb_end, rules)
                if verb_end < e < n - 1 and tokens[e].low == "to" and tokens[e + 1].is_word \
                        and not tokens[e + 1].is_capitalised:
                    break  # "the army told residents to leave": an order, not a report
            # subject before the verb: skip adverbs/auxiliaries ("The military also said", "has said"),
            # then an appositive between commas ("X, a rights group that monitors arrests, says")
            j = i - 1
            while j >= 0:
                if tokens[j].low in rules.verb_adverbs:
                    j -= 1
                elif tokens[j].low in rules.weekdays and j > 0 and tokens[j - 1].low == "on":
                    j -= 2  # "Lebanon's health ministry on Tuesday raised the toll": a day between subject and verb
                else:
                    break
            appositive_chain: str | None = None
            if j >= 0 and tokens[j].low == ",":
                k = j - 1
                while k >= 0 and tokens[k].low != "," and j - k < 16:
                    k -= 1
                if k >= 0 and tokens[k].low == "," and k > 0:
                    appositive_chain = _chain(tokens, k, rules, sentence, offset)  # "X, citing Y, reported"
                    inner = tokens[k + 1:j]
                    late = appositive_chain or _later_chain(tokens, verb_end, rules, sentence, offset)
                    if 1 < len(inner) <= 4 and all(t.is_capitalised and t.is_word for t in inner):
                        # "Ukraine's ombudsman, Dmytro Lubinets, said": the name in the apposition speaks
                        name = _text(tokens, k + 1, j, sentence, offset)
                        cues.append(Cue(late, name, i, span=(k + 1, j)) if late else
                                    Cue(name, None, i, span=(k + 1, j)))
                        break
                    nested = False
                    if len(inner) == 1 and _acronym_token(inner[0]):
                        # "The U.N. peacekeeping mission, MONUSCO, said": the body and its short name together,
                        # so that "the mission said" later and the short name both point at it
                        s = _np_backward(tokens, k - 1, rules)
                        np_low = tuple(t.low for t in tokens[s:k])
                        nested = s > 1 and tokens[s - 1].low == "," and tokens[s - 2].is_capitalised \
                            and not tokens[s].is_capitalised and tokens[s].low not in ("the", "a", "an")
                        if s < k and _plausible(np_low, tokens, s, k, rules) and not nested:
                            name = _text(tokens, s, j, sentence, offset)
                            # "OCHA, on Saturday revised down the toll, saying ..., citing the WHO": relayed
                            cues.append(Cue(late, name, i, span=(s, j)) if late else
                                        Cue(name, None, i, span=(s, j)))
                            break
                    # "Jane Doe, head of the U.N. agency, UNRWA, wrote": a role and its body's short name in
                    # apposition to the person, who speaks
                    j = s - 2 if nested else k - 1
                    if j >= 1 and tokens[j].text[:1].isdigit() and tokens[j - 1].low == ",":
                        j -= 2  # "Ko Thura, 42, who fled with his family, said": an age before the apposition
            if phrase[0] == "quoted" and not appositive_chain:
                e = _np_forward(tokens, verb_end, rules)
                if e > verb_end and e + 1 < n and tokens[e].low == "as" and tokens[e + 1].low == "saying":
                    # "Al-Manar quoted Dbouk as saying ...": Dbouk is the source, Al-Manar relays
                    subj = _np_backward(tokens, i - 1, rules) if i > 0 else 0
                    relay = _text(tokens, subj, i, sentence, offset) if subj < i else None
                    cues.append(Cue(_text(tokens, verb_end, e, sentence, offset), relay, i))
                    break
            if j >= 0 and tokens[j].low == "and" and j > 0:
                # "The minister called it a crime and said ...": the sentence's subject speaks
                b = _subject_start(tokens, j, rules)
                e = _np_forward(tokens, b, rules)
                while e > b + 1 and not tokens[e - 1].is_capitalised and tokens[e - 1].low not in rules.source_heads:
                    e -= 1  # drop the subject's own verb ("The minister called")
                np_low = tuple(t.low for t in tokens[b:e])
                if e > b and _plausible(np_low, tokens, b, e, rules):
                    src = _text(tokens, b, e, sentence, offset)
                    cont = np_low[-1] in rules.pronouns
                    cues.append(Cue(src, None, i, cont, span=(b, e)))
                break
            s = _np_backward(tokens, j, rules) if j >= 0 else j + 1
            s = _relative_head(tokens, s, rules)
            s = _skip_generic_prefix(tokens, s, j, rules)
            by = s - 2 if s > 1 and tokens[s - 1].low in ("the", "a", "an") else s - 1
            if 0 <= by < s <= j and tokens[by].low == "by" and any(t.low in ("from", "of") for t in tokens[s:j + 1]):
                break  # "Figures cited by AFP from the ministry show": the "cited by" cue has it as a chain
            if s <= j and phrase_index(rules.source_after).at(tokens, s) is not None:
                break  # "A statement from UNIFIL on Friday said": the "statement from" cue names the body
            q = s + 1 if s <= j and tokens[s].low in ("a", "the") else s
            if q < j and s > 0 and tokens[s - 1].low == "," and tokens[q].low in rules.commented_records:
                break  # "ACLED has recorded 16,650 killed, a figure researchers say is an undercount": a comment
            np_low = tuple(t.low for t in tokens[s:j + 1])
            if s > 0 and tokens[s - 1].low in rules.possessives and s <= j:
                cues.append(Cue(_text(tokens, s, j + 1, sentence, offset), None, i, True, possessive=True,
                                weak=phrase[0] in rules.weak_verbs))  # "its activists said", "his office had counted"
                break
            if s <= j and _plausible(np_low, tokens, s, j + 1, rules):
                src = _text(tokens, s, j + 1, sentence, offset)
                cont = (" ".join(np_low) in rules.continuation_flat) or np_low[-1] in rules.pronouns or (
                    tokens[s].low in ("the", "both") and _head_or_plural(np_low[-1], rules) and len(np_low) <= 3
                    and all(not tokens[k].is_capitalised and tokens[k].low not in rules.source_modifiers
                            and tokens[k].low not in rules.role_words and not tokens[k].low.endswith("'s")
                            for k in range(s + 1, j)))
                # "the medical charity" continues; "the health ministry", "the governor's office" name a body
                via = None
                chained = appositive_chain or _chain(tokens, verb_end, rules, sentence, offset) \
                    or _later_chain(tokens, verb_end, rules, sentence, offset)
                if chained:
                    src, via = chained, src
                elif phrase[0] == "told":
                    e = _np_forward(tokens, verb_end, rules)
                    told_to = _text(tokens, verb_end, e, sentence, offset) if e > verb_end else ""
                    if told_to and classify(told_to, rules) is SourceKind.MEDIA:
                        via = told_to
                weak = phrase[0] in rules.weak_verbs
                if phrase[0] in rules.possessed_records and tokens[j].low.endswith(("'s", "’s")) and not chained:
                    # "the U.N. migration agency's earlier estimate that about 670 people had died": a body's
                    # record (a noun, not the verb "estimates") names its owner as surely as "said" does
                    src, weak = src[:-2], False
                cues.append(Cue(src, via, i, cont and via is None, weak=weak, span=(s, j + 1)))
            elif prev is not None and prev.low in (",", '"', "”", "'", "’"):
                # inverted: ', said the ministry.'
                e = _np_forward(tokens, verb_end, rules)
                np_low = tuple(t.low for t in tokens[verb_end:e])
                if e > verb_end and _plausible(np_low, tokens, verb_end, e, rules):
                    cues.append(Cue(_text(tokens, verb_end, e, sentence, offset), None, i,
                                    " ".join(np_low) in rules.continuation_flat, span=(verb_end, e)))
            break
    # a bare chain cue with nothing before it: "..., citing health officials"
    if not cues:
        for i in range(n):
            if tokens[i].low in ("citing", "quoting"):
                s = i + 1
                e = _np_forward(tokens, s, rules)
                np_low = tuple(t.low for t in tokens[s:e])
                if e > s and _plausible(np_low, tokens, s, e, rules):
                    cues.append(Cue(_text(tokens, s, e, sentence, offset), None, i, span=(s, e)))
    record = _record_cue(tokens, sentence, offset, rules)
    if record is not None:
        cues.insert(0, record)  # "Its overall tally stands at 2,255"
    return sorted(cues, key=lambda c: c.index) if last_only else cues


def strip_determiner(source: str, rules: Rules) -> str:
    s = source.strip().strip(",;:").strip()
    words = s.split()
    while len(words) > 1 and words[-1].lower() in ("figures", "data", "statistics", "estimates"):
        words.pop()  # "MSF figures show" -> "MSF"
    for k in range(len(words) - 1, 0, -1):
        if words[k - 1].lower().endswith(("'s", "’s")) and all(w.lower() in rules.generic_words for w in words[k:]):
            words = [*words[:k - 1], words[k - 1][:-2]]  # "the ministry's latest tally" -> "ministry"
            break
    s = " ".join(words)
    low = s.lower()
    if not s:
        return source.strip()
    for d in _DETERMINERS:
        if low.startswith(d):
            return s[len(d):]
    return s


_CAP_WORD = r"[A-Z][\w'’.-]{0,40}"
_CAP_REACH = 42  # the longest _CAP_WORD and one space
# _CAP_WORD with a possessive repeat, only for patterns where a space follows it (see _WORD_THEN_SPACE)
_CAP_WORD_POSSESSIVE = _CAP_WORD + "+"
# A word and the space after it. The quantifier is possessive ({1,40}+): a word is followed by a space,
# which the word's class cannot match, so giving characters back can never help; without it every
# start position backtracked through each word's every length (Python >= 3.11).
_WORD_THEN_SPACE = r"[\w'’.-]{1,40}+\s"


_NAME_RUN = re.compile(r"[A-Z][\w'’.-]{0,40}(?:\s(?:[A-Z][\w'’.-]{0,40}|of|for|the|and|on|in)){1,8}")


def _by_initials(acronym: str, text: str) -> str | None:
    """"IOM" -> "International Organization for Migration" when a run of capitalised words has those initials."""
    want = acronym.upper()
    for m in _NAME_RUN.finditer(text):
        words = m.group().split()
        for a in range(len(words)):
            caps = [w for w in words[a:] if w[:1].isupper()]
            if caps and "".join(w[0] for w in caps).upper().startswith(want):
                run: list[str] = []
                got = ""
                for w in words[a:]:
                    run.append(w)
                    if w[:1].isupper():
                        got += w[0].upper()
                    if got == want:
                        return " ".join(run)
    return None


# Characters whose case-insensitive regex match with an ASCII letter differs from ``str.lower``
# (and "İ", whose lower case is two characters long): where a window holds one, the fast search
# below falls back to the plain regex scan.
_ODD_FOLDS = re.compile("[\u0130\u0131\u017f]")


def _folded(window: str, name: str) -> str | None:
    """``window.lower()`` when a plain ``find`` of ``name.lower()`` in it finds exactly the places an
    IGNORECASE regex for ``name`` matches; ``None`` when it might not (the caller then scans)."""
    if not name.isascii() or _ODD_FOLDS.search(window):
        return None
    return window.lower()


def _finditer_before(pat: re.Pattern[str], text: str, folded: str | None, needle: str,
                     reach: int) -> Iterator[re.Match[str]]:
    """``pat.finditer(text)`` for a pattern that ends with ``needle`` after 2 to ``reach`` characters.

    Why: the look-back window is the whole article so far, and a pattern that starts with "one to
    seven words" is tried at every character of it; this tries it only within ``reach`` of each place
    the name occurs, which finds the same matches (a match must end at an occurrence, at least two
    characters after where it starts) at a fraction of the cost.
    """
    if folded is None:
        yield from pat.finditer(text)
        return
    pos = 0
    while True:
        o = folded.find(needle, pos + 2)
        if o < 0:
            return
        # every match starting at or before o ends within reach of it: bound the search there, so a name
        # with no words before it does not make the regex try every later character
        m = pat.search(text, max(pos, o - reach), o + reach + len(needle) + 1)
        if m is not None and m.start() <= o:
            yield m
            pos = m.end()
        else:
            pos = o + 1  # no match starts at or before o; a later one ends at a later occurrence


def expand(source: str, body_before: str, rules: Rules, full_body: str | None = None) -> str:
    """Expand a short source to the fuller name used earlier in the article.

    "health ministry" -> "Lebanese health ministry"; "Qassem" -> "Naim Qassem". Only the
    capitalised modifiers right before the earlier mention are taken, so "According to the
    Lebanese health ministry" gives "Lebanese health ministry", not "According to the ...".
    """
    name = strip_determiner(source, rules)
    if not name or len(name) > 80:
        return name
    window = body_before[-LOOKBACK_CHARS:]
    words = name.split()
    if len(words) == 1 and len(name) >= 2 and name.isupper():
        # an acronym: "CPJ" -> "Committee to Protect Journalists (CPJ)" where the article spells it out
        # (before or after: a headline often uses the acronym first), or a name with those initials
        text = full_body if full_body is not None else window
        pat = re.compile(rf"([A-Z][\w'’.-]{{0,40}}(?:\s(?:[A-Z][\w'’.-]{{0,40}}|of|for|to|the|and|on|in)){{1,8}})"
                         rf"\s\(\s?{re.escape(name)}\s?\)")
        m = pat.search(text[:LOOKBACK_CHARS * 2])
        if m:
            return f"{_trim_name(m.group(1), rules)} ({name})"
        spelled = _by_initials(name, text[:LOOKBACK_CHARS * 2])
        return f"{spelled} ({name})" if spelled else name
    if len(words) == 1 and name[:1].isupper():
        pat = re.compile(rf"\b({_CAP_WORD_POSSESSIVE})\s{re.escape(name)}\b", re.IGNORECASE)
        best = None
        for m in _finditer_before(pat, window, _folded(window, name), name.lower(), _CAP_REACH):
            first = m.group(1)
            if first[:1].isupper() and not first.endswith(".") and first.lower() not in rules.not_places \
                    and first.lower() not in rules.source_stop:
                best = f"{first} {m.group(0)[len(first) + 1:]}"  # not "Monday. Abiad": a sentence ends there
        return _with_role(best, window, rules) if best else name
    if any(w[:1].isupper() for w in words):
        return _with_role(name, window, rules) if all(w[:1].isupper() for w in words) and len(words) <= 3 \
            else name
    # the latest earlier mention of the same head with modifiers in front of it
    pat = re.compile(rf"((?:{_WORD_THEN_SPACE}){{1,7}}){re.escape(name)}\b", re.IGNORECASE)
    best = None
    folded = _folded(window, name)
    for m in _finditer_before(pat, window, folded, name.lower(), 7 * 41):
        mods = m.group(1).split()
        kept: list[str] = []
        for w in reversed(mods):
            # a short name in capitals belongs to the name ("UN Human Rights Monitoring Mission"), although "UN"
            # is no place
            name_word = w[:1].isupper() and (w.lower() not in rules.not_places or _acronym_word(w)) \
                and w.lower() not in ("according", "the")
            joiner = w.lower() in ("and", "of", "for") and bool(kept) and kept[0][:1].isupper()
            if name_word or w.lower() in rules.source_modifiers or joiner:
                kept.insert(0, w)
            else:
                break
        while kept and kept[0].lower() in ("and", "of", "for"):
            kept.pop(0)
        if kept:
            best = " ".join(kept)
    fuller = f"{best} {name}" if best else name
    # the name must follow at once, capitalised: "the rescue service Magen David Adom", not "the resident
    # told Reuters" (only the short name itself is matched regardless of case)
    named_pat = re.compile(rf"(?i:\b{re.escape(name)})(,? |\s(?:of|for)\s)((?:{_CAP_WORD} ?){{1,4}})")
    if folded is None:
        named = named_pat.search(window)
    else:  # the match starts at an occurrence of the name: try those places only
        named = None
        o = folded.find(name.lower())
        while o >= 0 and named is None:
            named = named_pat.match(window, o)
            o = folded.find(name.lower(), o + 1)
    if named:
        # same line only, and no all-capital dateline words ("... health ministry says\nCAIRO")
        after = [w.rstrip(".,") for w in named.group(2).split() if w[:1].isupper() and not w.isupper()]
        while after and after[-1].lower() in rules.not_places:
            after.pop()
        if after and not all(w.lower() in rules.not_places for w in after):
            # "the rescue service" -> "rescue service Magen David Adom"; "the ministry" -> "Ministry of Health"
            link = named.group(1).strip(", \n")
            written = named.group(0)[:len(name)]  # the head as the full name writes it ("Ministry of Health")
            if written[:1].isupper() and not link:
                return fuller  # "the army" is not "Army Radio": a capitalised head followed by a name is a name
            return f"{best + ' ' if best else ''}{written} {link + ' ' if link else ''}{' '.join(after)}"
    return fuller


def _acronym_word(word: str) -> bool:
    """"UN", "U.N.", "EU": a word in capitals of two letters or more."""
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def _trim_name(text: str, rules: Rules) -> str:
    """Drop sentence-start words ("According to the ...") from the front of a matched name, but not a short
    name in capitals that belongs to it ("UN Office for the Coordination of Humanitarian Affairs")."""
    words = text.split()
    while words and (words[0].lower() in ("the", "according", "to", "a", "an")
                     or (words[0].lower() in rules.not_places and not words[0].replace(".", "").isupper())):
        words.pop(0)
    return " ".join(words)


def _with_role(full_name: str, window: str, rules: Rules) -> str:
    """A person's name with the role the article gave at the first mention.

    "Abiad said" -> "Lebanese health minister Firass Abiad": the scorer (and a reader) accepts a
    source that contains every word of the gold source, so the fuller name is the safer one.
    """
    pat = re.compile(rf"((?:{_WORD_THEN_SPACE}){{1,5}}){re.escape(full_name)}\b")
    m = next(_finditer_before(pat, window, window, full_name, 5 * 41), None)  # case-sensitive: find is exact
    if not m:
        return full_name
    kept: list[str] = []
    for w in reversed(m.group(1).split()):
        low = w.lower()
        capital = w[:1].isupper() and low not in rules.not_places and low not in ("according", "the")
        if capital or low in rules.source_modifiers or low in rules.role_words:
            kept.insert(0, w)
        else:
            break
    if not any(w.lower() in rules.role_words for w in kept):
        return full_name  # only a role makes the prefix part of the name ("Firass Abiad", not "Beirut Firass")
    return " ".join([*kept, full_name])


_KIND_CACHE: dict[tuple[int, str, str], SourceKind] = {}


def classify(source: str | None, rules: Rules, context: str = "") -> SourceKind:
    """The source kind of a source name (first matching rule in context.yaml wins).

    Cached by name: an article names the same few bodies again and again.
    """
    if not source and not context:
        return SourceKind.UNATTRIBUTED
    key = (id(rules), source or "", context)
    kind = _KIND_CACHE.get(key)
    if kind is None:
        kind = _classify(source or "", rules, context)
        if len(_KIND_CACHE) > 100_000:
            _KIND_CACHE.clear()
        _KIND_CACHE[key] = kind
    return kind


def _kind_index(rules: Rules) -> dict[str, list[tuple[int, int, SourceKind, tuple[str, ...]]]]:
    """context.yaml's source-kind phrases by first word, as (length, kind order, kind, phrase).

    Why: trying every phrase of every kind at every word of a name cost a millisecond a name; a
    look-up by word finds the same longest phrase (ties to the earlier kind) in microseconds.
    """
    def build(r: Rules) -> dict[str, list[tuple[int, int, SourceKind, tuple[str, ...]]]]:
        index: dict[str, list[tuple[int, int, SourceKind, tuple[str, ...]]]] = {}
        for order, (kind, phrases) in enumerate(r.source_kinds):
            for p in phrases:
                if p:
                    index.setdefault(p[0], []).append((len(p), order, kind, p))
        return index

    return derived(rules, "attribution.kinds", build)


def _classify(source: str, rules: Rules, context: str) -> SourceKind:
    if not source and not context:
        return SourceKind.UNATTRIBUTED
    for text in (source, context):
        kind = phrase_kind(text, rules) if text else None
        if kind is not None:
            return kind
    if not source:
        return SourceKind.UNATTRIBUTED  # context alone named no kind
    first = tokenize(source)
    if any(t.is_capitalised for t in first):
        return SourceKind.GOVERNMENT
    return SourceKind.OFFICIAL_UNNAMED


def phrase_kind(text: str, rules: Rules) -> SourceKind | None:
    """The kind a phrase of context.yaml's source_kinds names in ``text``; None when none does (a name the
    lists do not know, such as "Magen David Adom", is then only guessed from its capitals)."""
    text_toks = phrase_tokens(text)
    # the longest matching phrase wins, then the kinds' order: "Doctors Without Borders" is an NGO
    # although "doctors" alone names a health authority
    best: tuple[int, int, SourceKind] | None = None
    index = _kind_index(rules)
    for k in range(len(text_toks)):
        for size, order, kind, p in index.get(text_toks[k], ()):
            if best is not None and (size < best[0] or (size == best[0] and order >= best[1])):
                continue
            if text_toks[k:k + size] == p:
                best = (size, order, kind)
    return best[2] if best is not None else None
