"""Stage 4, modality: whether a figure is reported or hypothetical (spec rules 5, 11).

Threats, forecasts, plans and conditionals near a figure make it hypothetical; an uncertain past ("may
have died"), a hedge ("believed to be trapped") or a negated check ("could not be verified") does not.
A figure traded against another ("in exchange for 90 prisoners") shares that figure's modality.
"""

from __future__ import annotations

from tracker.extract.figures import _lead
from tracker.extract.tables import _Found, _Tables
from tracker.extract.tokens import Token
from tracker.model import Modality
from tracker.rules import Rules, derived

HYPO_BEFORE = 8

HYPO_AFTER = 8


def _hypothetical(tokens: list[Token], q_start: int, q_end: int, tables: _Tables, rules: Rules,
                  after_from: int | None = None) -> bool:
    """Threats, forecasts, plans and conditionals near the figure (spec rules 5, 11).

    The scan after the figure starts at ``after_from`` (the end of the number phrase) when given, not at the
    quote's end: a quote that runs on to its predicate ("hundreds of thousands more could be displaced") holds
    the modal itself, and skipping the quote reported a forecast as fact.

    Not hypothetical: an uncertain past ("as many as 400 people may have died", "who would have survived"),
    a negated modal of verification ("a toll that could not be verified"), a hedge ("believed to be trapped"),
    and a modal in the clause before an absolute "with" phrase ("likely to climb, with 40 people missing").
    """
    n = len(tokens)
    if n > 2 and tokens[0].low in ("had", "were", "should") and tokens[0].is_capitalised \
            and tokens[1].low not in rules.participle_starts and any(t.low == "," for t in tokens[:q_start]):
        return True  # "Had officers arrived later, dozens more could have died": an inverted conditional
    if q_start > 0 and tokens[q_start - 1].low in rules.base_verbs and _modal_earlier(tokens, q_start - 1, rules):
        return True  # "could push the river above flood level and force as many as 20,000 people to leave"
    lo = max(0, q_start - HYPO_BEFORE)
    for k in range(q_start - 1, lo - 1, -1):
        if tokens[k].low in (";", ".") or (tokens[k].low in ("but", "while") and k < q_start - 1):
            break
        if tokens[k].low == "with" and k > 0 and tokens[k - 1].low == ",":
            break
        hit = tables.hypo_before.ending(tokens, k)
        if hit is not None and not (len(hit[0]) == 1 and tokens[k].text[:1].isupper() and tokens[k].low == "may") \
                and not (tokens[k].low in ("may", "might") and k + 1 < n and tokens[k + 1].low == "have"
                         and not _have_to(tokens, k + 1)):
            return True
    start = q_end if after_from is None else min(after_from, q_end)
    for k in range(start, min(n, q_end + HYPO_AFTER)):
        if tokens[k].low in rules.hypothetical_after_stops:
            break
        hit = tables.hypo_after.at(tokens, k)
        if hit is None or (tokens[k].text == "May" and len(hit[0]) == 1):
            continue  # "in May": the month
        nxt = tokens[k + len(hit[0])].low if k + len(hit[0]) < n else ""
        if tokens[k].low in ("could", "would") and nxt == "have" and k + 2 < n \
                and tokens[k + 2].low in rules.counterfactual_harm \
                and not any(tokens[x].low in ("who", "that", "which") for x in range(start, k)):
            return True  # "dozens more could have died": a counterfactual, not a toll
        if tokens[k].low in rules.modals and nxt in ("have", "not", "n't") \
                and not (nxt == "have" and _have_to(tokens, k + 1)):
            continue  # "may have died", "who would have survived", "could not be verified"
        if hit[0][0] == "to" and k > 0 and tokens[k - 1].low in rules.hedges:
            continue  # "are still believed to be trapped"
        return True
    return False


def _have_to(tokens: list[Token], k: int) -> bool:
    """Whether the "have" at k is an obligation ("might have to leave their homes"): a modal before it is a
    forecast, not the uncertain past of "may have died"."""
    return tokens[k].low == "have" and k + 1 < len(tokens) and tokens[k + 1].low == "to"


def _modal_earlier(tokens: list[Token], k: int, rules: Rules) -> bool:
    """A modal earlier in the same sentence whose verb phrase the bare verb at k continues ("could push ...
    and force N people"); a report verb or a new clause in between ends the search."""
    for j in range(k - 1, max(-1, k - 40), -1):
        low = tokens[j].low
        if low in (".", ";", "but", "while", "said", "says", "told") or low in rules.hypothetical_stops - {"and", "("}:
            return False
        if low in rules.modals and not (low == "may" and tokens[j].text == "May"):
            return True
    return False


def _modalities(tokens: list[Token], found: list[_Found], tables: _Tables, rules: Rules) -> list[Modality]:
    """Each figure's modality. A figure traded against the one before it shares its modality: "Hamas is to free
    33 hostages ... in exchange for hundreds of prisoners" is one plan; "freed 3 hostages in exchange for 90
    prisoners" is one event."""
    out: list[Modality] = []
    trade_last = derived(rules, "modality.trade_last", _trade_last)
    for f in found:
        hypo = _hypothetical(tokens, f.q_start, f.q_end, tables, rules, after_from=f.phrase.end)
        lead = _lead(tokens, f.q_start)
        # "in exchange for (the release of) hundreds of prisoners": the marker may stand a few words before
        traded = any(tokens[k].low in trade_last and tokens[k - 1].low in trade_last[tokens[k].low]
                     for k in range(max(1, lead - 5), lead))
        if traded and out:
            out.append(out[-1])
            continue
        if traded and not hypo and _modal_earlier(tokens, lead, rules):
            out.append(Modality.HYPOTHETICAL)  # the figure traded against was not found: the modal still binds
            continue
        out.append(Modality.HYPOTHETICAL if hypo else Modality.REPORTED)
    return out



def _trade_last(rules: Rules) -> dict[str, frozenset[str]]:
    """grammar.yaml's two-word trade markers by last word: one set look-up per token, not a phrase match each."""
    return {last: frozenset(p[0] for p in rules.trade_markers if p[1] == last)
            for last in {p[1] for p in rules.trade_markers}}
