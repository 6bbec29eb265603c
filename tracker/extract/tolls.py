"""Stage 2b, running totals (rule D): a toll noun before or after a figure names its metric.

"the death toll in Gaza has risen to 310", "the number of people displaced rose from 97 to 128",
"This brings to 274,000 the total number of people displaced". Apart from ``metric.py`` because the
backward walk over a toll noun's complement and verb group is its own small grammar.
"""

from __future__ import annotations

from tracker.extract.tables import _Tables
from tracker.extract.tokens import Token
from tracker.model import Metric
from tracker.rules import Rules

TOLL_WINDOW = 12

# "The number of people confirmed dead in the landslides that swept through villages ... rose to 215"
TOLL_WINDOW_CHANGE = 30


def _number_of(tokens: list[Token], k: int, tables: _Tables, rules: Rules) -> Metric | None:
    """"the number of Palestinians killed", "the number of people still unaccounted for": a running-total head
    ("number", "total", "count") then "of" people and the predicate that names the metric."""
    if tokens[k].low in rules.toll_heads and k + 1 < len(tokens) and tokens[k + 1].low != "of":
        # "the number evacuated rose to 70,000", "the number killed": a participle right after the noun
        hit = tables.predicates.at(tokens, k + 1)
        return hit[1] if hit is not None and hit[1] is not None else None
    if tokens[k].low not in rules.toll_heads or k + 1 >= len(tokens) or tokens[k + 1].low != "of":
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


def _from_figure_before(tokens: list[Token], j: int, rules: Rules) -> int:
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
        if t.low in rules.toll_stops or t.low == ",":
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
    j = _from_figure_before(tokens, j, rules)  # "rose from 110,000 before the escalation to 1.2 million"
    if j == span_end and lead >= 2 and tokens[lead - 1].low == "to":
        # the complement may end in link words ("from about 25,000 in the first days of the war to"): try
        # from the "to" itself
        alt = _from_figure_before(tokens, lead - 2, rules)
        if alt != lead - 2:
            j = alt
    if j != span_end:
        j = _skip_links(tokens, j, span_end, rules)
    change = any(tokens[x].low in rules.change_verbs for x in range(j + 1, start))
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
        if t.low in rules.toll_stops or (t.low in rules.speech_verbs_flat
                                    and not (k > 0 and tokens[k - 1].low in rules.person_nouns)):
            return None  # but "the number of people registered in shelters": a participle, not a speaker's verb
        if not change and t.low in rules.clause_stops and t.low not in rules.toll_links:
            return None
        if not (t.is_word or t.low in (",", "'s", "-", '"', "“", "”") or t.text[:1].isdigit()):
            return None
        k -= 1
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
    if k == end:
        return None
    hit = tables.tolls.at(tokens, k)
    if hit is None:
        # "bringing to at least 40 the number of Lebanese troops killed": a running-total head with its
        # people and predicate, as before a figure
        return _number_of(tokens, k, tables, rules) if k < len(tokens) else None
    phrase, metric = hit
    if metric is None:
        return previous or (Metric.KILLED if phrase == ("toll",) else None)
    return metric

