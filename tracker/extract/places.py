"""Stage 5, places: the location of a figure.

The place named after a preposition nearest the figure ("killed 12 in Gaza"), else one the source's
name implies ("the Lebanese health ministry"), else the place the headline or lead names.
"""

from __future__ import annotations

from tracker.extract.sentences import split_sentences
from tracker.extract.tokens import Token, tokenize
from tracker.rules import Rules


def _places(tokens: list[Token], rules: Rules) -> list[tuple[int, int, int]]:
    """Places named after a preposition in a sentence ("in northern Israel") -> (preposition, start, end).

    Worked out once per sentence; each figure then takes the nearest (a sentence of many figures
    would otherwise be scanned once per figure).
    """
    out: list[tuple[int, int, int]] = []
    n = len(tokens)
    for k in range(n - 1):
        if tokens[k].low not in rules.place_prepositions:
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

