"""From an article to its claims: the orchestrator of the extraction stages, and the claims' periods.

Per sentence: skip what cannot hold a figure (prefilter), find the figures and their metrics
(``_find_figures``: figures.py, metric.py, tolls.py), resolve the speakers (sources.py), then give
each figure its modality (modality.py), scope and dates (scope.py, and the period rules here: a
figure dated by the one before, a restated figure, a disaster's toll) and place (places.py).

Zeros are found apart ("no casualties", "no one was hurt"). Every rule's words live in
``tracker/rules/*.yaml``; these modules are the grammar that uses them.
"""

from __future__ import annotations

import datetime as dt
import re

from tracker.extract import attribution as attr
from tracker.extract.figures import _lead, _not_a_count, _noun_scan, _unglue, _zero_at
from tracker.extract.metric import _metric_for, _refers_back
from tracker.extract.modality import _modalities
from tracker.extract.numbers import NumberPhrase, bounds, qualifier_after, qualifier_before, read_number
from tracker.extract.places import _lead_place, _location, _place_from_source, _places
from tracker.extract.scope import Period, SentenceClauses, has_phrase, local_date_after, resolve_period
from tracker.extract.sentences import split_sentences
from tracker.extract.sources import (
    _clause_ids,
    _may_attribute,
    _media_relay,
    _name_words,
    _names_outlet,
    _pick_source,
    _resolve_cues,
    _speakers_dropped,
)
from tracker.extract.tables import _Found, _starts_number, _Tables, _tables
from tracker.extract.tokens import Token, tokenize
from tracker.model import Article, Claim, Metric, Qualifier, Scope, Unit
from tracker.rules import Rules, load_rules


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
    if not (j < n and tokens[j].low in rules.partitive_determiners):
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
    outlet_words = _name_words(article.outlet, rules) if article.outlet else frozenset()
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
        clauses = _clause_ids(tokens, rules) if len(cues) > 1 else None
        if clauses is not None:
            cues = _media_relay(cues, clauses, [f.q_start for f in found], tokens)
        periods: dict[tuple[Metric, str], Period] = {}  # per metric and clause text: worked out once
        offsets = [tokens[g.q_start].start - sent.start for g in found]
        period_clauses = SentenceClauses(sent.text, offsets, rules)
        places: list[tuple[int, int, int]] | None = None
        sent_period: Period | None = None
        modalities = _modalities(tokens, found, tables, rules)
        for f, modality in zip(found, modalities, strict=True):
            start = tokens[f.q_start].start
            end = tokens[f.q_end - 1].end
            key = (start, end, str(f.metric))
            if key in seen:
                continue
            seen.add(key)
            # "over the same period" continues the period of the previous sentence's figures
            scope_text = period_clauses.text_for(start - sent.start)
            if (f.metric, scope_text) not in periods:  # prev_period is fixed within the sentence
                periods[(f.metric, scope_text)] = _dated_by_previous(
                    scope_text, resolve_period(scope_text, published, f.metric, rules, article_low,
                                               previous=prev_period),
                    prev_period, rules)
            period = periods[(f.metric, scope_text)]
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
    _restated_periods(claims, _head_end(body))
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


def _head_end(body: str) -> int:
    """Where the head block ends: the headline and standfirst before the first blank line, when one comes within
    the first 400 characters, else the headline's line alone."""
    blank = body.find("\n\n", 0, 400)
    line = body.find("\n")
    return blank if blank >= 0 else line if line >= 0 else len(body)


def _restated_periods(claims: list[Claim], head_end: int = 0) -> None:
    """A figure with no period of its own ("Strikes kill 19" in a headline), or a running total with no start in
    the head block before `head_end` ("toll at 4,047" in a headline), takes the period of the same figure
    stated again later with one: spec rule 7 makes a restatement the same figure, so the same dates.

    One backward pass with the nearest later restatement per (metric, value) (a scan of every later claim
    for every claim took 77 s on 26,000 claims of hostile text). The periods recorded are the claims'
    own, before any is copied, as the restatement's own period is what carries over.
    """
    known: dict[tuple[Metric, float], _ScopeDates] = {}  # nearest later restatement with a scope
    dated: dict[tuple[Metric, float], _ScopeDates] = {}  # nearest later restatement that is a dated incident
    started: dict[tuple[Metric, float], _ScopeDates] = {}  # nearest later running total with a start
    for c in reversed(claims):
        key = (c.metric, c.value)
        own: _ScopeDates = (c.scope, c.period_start, c.period_end)
        undated_incident = c.scope is Scope.INCIDENT and c.period_start is None and c.period_end is None
        # a running total without a start ("375,000 have fled ... in two weeks" in a headline) takes the start
        # the body states for the same count ("more than 375,000 ... since ... September 23")
        # (in the headline or standfirst only, which sum up the body: in the body, an equal later value is as
        # likely another figure, "two children" and "two bodies")
        unstarted_total = c.scope is Scope.CUMULATIVE and c.period_start is None and c.char_start < head_end
        later = (dated.get(key) if undated_incident else known.get(key) if c.scope is Scope.UNKNOWN
                 else started.get(key) if unstarted_total else None)
        if own[0] is not Scope.UNKNOWN:
            known[key] = own
            if own[0] is Scope.INCIDENT and own[1]:
                dated[key] = own
            if own[0] is Scope.CUMULATIVE and own[1]:
                started[key] = own
        if later is not None:
            c.scope, c.period_start, c.period_end = later


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

