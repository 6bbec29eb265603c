"""The five comparison flags, one named function per rule.

Each function takes every reported claim already placed in a series (:class:`Row`) and returns
``{claim_id: detail}`` for the claims it flags; the detail is the sentence a fact-checker reads
("revised down from 2,350 (a12, Reuters, 1 Oct 2024)"). :func:`apply_flags` runs them all and
settles the overlaps, so that a lower figure gets exactly one explanation:

* ``stale`` and ``scope_change`` both beat ``revised_down``: a figure that is merely old, or
  that counts from a later start, is not a correction, and calling it one is the error this
  module exists to avoid.

Undated claims get no flag: with no date nothing can be earlier or later than them.

Bounds: a claim is the interval its wording allows (``Row.lo``/``Row.hi``). For conflicts the
two intervals must be apart by more than 10 %, so "at least 100" never conflicts with 105. For
"lower" (revisions, staleness, scope changes) an open-ended running total is taken at its
stated number, see :func:`lower`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from tracker.compare.series import fmt_date, fmt_figure, norm_text

FLAG_NAMES = ("conflict", "copied", "revised_down", "scope_change", "stale")

#: Relative gap above which two sources' figures conflict (CONFLICT_GAP of the larger figure).
CONFLICT_GAP = 0.10
#: Days apart within which two sources' figures are compared for conflict.
CONFLICT_DAYS = 1
#: "about N" is read as N +/- this share when deciding whether one figure is lower than another.
APPROX_SLACK = 0.05
#: "nearly N" is read as at least this share of N.
NEARLY_FLOOR = 0.9
#: An incident toll at a specific site is compared with the same source's toll this many days back.
INCIDENT_WINDOW_DAYS = 3
#: When one of two running-total figures had its start date inferred, a fall larger than this
#: share is more likely an unstated change of scope than a correction, so it is not flagged.
MAX_UNSTATED_DROP = 0.25
#: difflib ratio of two sentences above which they are "nearly identical".
COPY_RATIO = 0.9
#: With the same quote, a sentence ratio above this is enough for a copy.
COPY_RATIO_SAME_QUOTE = 0.6

# Words with which an article says a figure replaces a higher one. Flat alternation only.
_REVISION_WORDS = re.compile(
    r"\b(revis\w*|correct\w*|downgrad\w*|lowered|down from|amended|adjusted|"
    r"previous(ly)? (reported|given|toll|figure|count)|earlier (toll|figure|count)|instead of)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Row:
    """One reported claim, placed in its series, with what the flag rules need."""

    claim_id: str
    article_id: str
    outlet: str | None
    published: dt.date | None
    series_id: str
    group_id: str
    metric: str
    scope: str
    period_start: dt.date | None
    start_inferred: bool
    period_end: dt.date | None
    place_broad: bool
    source_norm: str
    attributed: bool
    value: float
    value_low: float | None
    value_high: float | None
    qualifier: str
    quote: str
    sentence: str
    place_known: bool = True  # False for the "unspecified" place: figures about different wars may meet there

    @property
    def lo(self) -> float:
        """Lowest value the wording allows (open below -> 0; "nearly N" -> 0.9 N)."""
        q = self.qualifier
        if self.value_low is not None:
            lo = self.value_low
        elif q in ("up_to", "fewer_than"):
            lo = 0.0
        elif q == "nearly":
            lo = self.value * NEARLY_FLOOR
        else:
            lo = self.value
        return lo * (1 - APPROX_SLACK) if q == "approximately" else lo

    @property
    def hi(self) -> float:
        """Highest value the wording allows (open above -> infinity)."""
        q = self.qualifier
        if self.value_high is not None:
            hi = self.value_high
        elif q in ("at_least", "more_than"):
            hi = math.inf
        else:
            hi = self.value
        return hi * (1 + APPROX_SLACK) if q == "approximately" else hi

    @property
    def day(self) -> dt.date:
        """The publication date; only called on dated rows."""
        assert self.published is not None
        return self.published

    @property
    def order(self) -> tuple[dt.date, str, str]:
        """Sort key: date, then article id (the tie-break for same-day articles), then claim id."""
        return (self.day, self.article_id, self.claim_id)

    @property
    def outlet_key(self) -> str:
        """The outlet for "another outlet" tests; an article with no outlet is its own outlet."""
        return norm_text(self.outlet) or f"article:{self.article_id}"

    def figure(self) -> str:
        """The figure as worded: "at least 2,350"."""
        return fmt_figure(self.value, self.qualifier, self.value_low, self.value_high)

    def cite(self) -> str:
        """Where a figure came from: "a12, Reuters, 1 Oct 2024"."""
        parts = [self.article_id, self.outlet or "outlet unknown", fmt_date(self.published)]
        return ", ".join(parts)


def lower(a: Row, b: Row) -> bool:
    """True when ``a``'s figure lies wholly below every value ``b``'s wording allows.

    An open-ended figure ("more than 1,700") is taken at its stated number here: a running
    total reported as "more than 1,700" is a count of 1,700, and is lower than 2,600. (For
    conflicts the open end stays open: see :func:`flag_conflict`.)
    """
    top = a.hi if math.isfinite(a.hi) else a.value
    return top < b.lo


def rounding_unit(value: float) -> float:
    """The rounding a figure shows when it is a multiple of 1,000 or more (else 0).

    "13,000" reported after "more than 13,300" is most likely the same count rounded; a fall
    smaller than the rounding is not read as a revision. Multiples of 100 are not treated as
    rounded: 2,300 after 2,412 can be a real correction.
    """
    unit = 0.0
    step = 1000.0
    while value >= step and value % step == 0:
        unit = step
        step *= 10
    return unit


def has_revision_wording(row: Row) -> bool:
    """True when the claim's sentence says it replaces an earlier figure ("revised", "down from")."""
    return bool(_REVISION_WORDS.search(row.sentence or ""))


def tracks_revisions(row: Row) -> bool:
    """Whether a later, lower figure from the same source can be a revision of this series.

    Running totals can. An incident toll can too (it "rises" and gets corrected), but only at a
    specific site: "a strike in Lebanon killed 5" and a later "a strike in Lebanon killed 3" are
    two strikes, not a correction.
    """
    if row.scope == "cumulative":
        return True
    return row.scope == "incident" and (not row.place_broad or has_revision_wording(row))


def _dated(rows: Iterable[Row]) -> list[Row]:
    return sorted((r for r in rows if r.published is not None), key=lambda r: r.order)


def _source_groups(rows: Iterable[Row]) -> list[list[Row]]:
    """Dated, attributed claims of revision-tracking series, grouped by (series, source)."""
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in _dated(rows):
        if r.attributed and tracks_revisions(r):
            groups[(r.series_id, r.source_norm)].append(r)
    return [groups[k] for k in sorted(groups)]


def _restatement(c: Row, group: Sequence[Row]) -> bool:
    """True when c's own article carries a higher figure of the same series and source.

    Then c is the article's "up from 412 on Monday": a past figure quoted on purpose, neither
    stale nor a revision.
    """
    return any(d.article_id == c.article_id and d.claim_id != c.claim_id and lower(c, d) for d in group)


def _known_older(c: Row, newer: Row, group: Sequence[Row]) -> bool:
    """Evidence that c is an old figure rather than a new, lower one.

    Either its as-of date (``period_end``) is before the newer figure's, or the same source had
    already put out exactly c's value before the newer figure appeared (a recycled number).
    """
    newer_asof = newer.period_end or newer.day
    if c.period_end is not None and c.period_end < newer_asof and c.period_end < c.day:
        return True
    return any(p.article_id != c.article_id and p.day < newer.day and p.value == c.value for p in group)


def flag_revised_down(rows: Sequence[Row]) -> dict[str, str]:
    """A running total lower than the same source's previous total in the same series.

    The reference is the source's highest figure on the latest earlier day it was carried (so a
    figure repeated after a revision is not flagged again). Same-day figures count only when
    the sentence itself says it revises ("revised", "down from"). Not flagged: claims the same
    article restates as past figures, figures known to be old (see :func:`flag_stale`), and,
    where a start date was inferred, falls of more than a quarter (more likely an unstated
    change of scope), and falls smaller than the rounding of a round figure
    (:func:`rounding_unit`). Unattributed claims are skipped: an outlet's own voice is not a source
    whose count can be revised.
    """
    out: dict[str, str] = {}
    for group in _source_groups(rows):
        for c in group:
            if _restatement(c, group):
                continue
            worded = has_revision_wording(c)
            prior = [
                d
                for d in group
                if d.article_id != c.article_id and (d.day < c.day or (worded and d.day == c.day))
            ]
            if c.scope == "incident" and not worded:
                prior = [d for d in prior if (c.day - d.day).days <= INCIDENT_WINDOW_DAYS]
            if not prior:
                continue
            ref_day = max(d.day for d in prior)
            # The highest figure of that day; among equals the first article that carried it.
            ref = min((d for d in prior if d.day == ref_day), key=lambda d: (-d.lo, -d.value, d.order))
            if not lower(c, ref):
                continue
            if not worded and _known_older(c, ref, group):
                continue
            if not worded and ref.lo - c.value < rounding_unit(c.value):
                continue  # "30,000" after "30,035" is the same count rounded, not a revision
            inferred = c.start_inferred or ref.start_inferred
            if not worded and inferred and (ref.lo - c.value) / ref.lo > MAX_UNSTATED_DROP:
                continue
            out[c.claim_id] = f"revised down from {ref.figure()} ({ref.cite()})"
    return out


def flag_stale(rows: Sequence[Row]) -> dict[str, str]:
    """A running total older than a newer one from the same source that is already out.

    c is stale when another article of the same day carries a higher figure of the same series
    from the same source ("the same day's articles already carry" the newer count), or when an
    earlier article carried a higher one and c is known to be old: its as-of date is earlier,
    or the source had given exactly c's value before (a recycled number). Sentences that say
    they revise, and past figures an article restates on purpose, are not stale.
    """
    out: dict[str, str] = {}
    for group in _source_groups(rows):
        for c in group:
            if _restatement(c, group) or has_revision_wording(c):
                continue
            newer = [d for d in group if d.article_id != c.article_id and d.day <= c.day and lower(c, d)]
            same_day = [d for d in newer if d.day == c.day]
            if same_day:
                d = max(same_day, key=lambda r: (r.lo, r.order))
                out[c.claim_id] = f"stale: {d.figure()} already carried the same day ({d.cite()})"
                continue
            old = [d for d in newer if _known_older(c, d, group)]
            if old:
                d = max(old, key=lambda r: (r.order, r.lo))
                out[c.claim_id] = f"stale: {d.figure()} already carried ({d.cite()})"
    return out


def flag_scope_change(rows: Sequence[Row]) -> dict[str, str]:
    """A lower running total explained by a later start date, not a revision.

    c (a running total with a start date) is lower than a running total of the same metric,
    place and population published the same day or earlier, by any source, that counts from an
    earlier start. Only running totals are compared: day and incident figures are separate
    series by construction and are never read as revisions, so they need no explanation.
    """
    out: dict[str, str] = {}
    by_group: dict[str, list[Row]] = defaultdict(list)
    for r in _dated(rows):
        if r.scope == "cumulative" and r.period_start is not None:
            by_group[r.group_id].append(r)
    for group_id in sorted(by_group):
        group = by_group[group_id]
        for c in group:
            assert c.period_start is not None
            wider = [
                d
                for d in group
                if d.period_start is not None
                and d.period_start < c.period_start
                and d.day <= c.day
                and lower(c, d)
            ]
            if wider:
                # The latest wider count; on that day the closest one (the likeliest comparison).
                last_day = max(r.day for r in wider)
                d = min((r for r in wider if r.day == last_day), key=lambda r: (r.lo, r.order))
                out[c.claim_id] = (
                    f"scope change: counts since {fmt_date(c.period_start)}, lower than {d.figure()}"
                    f" since {fmt_date(d.period_start)} ({d.source_norm}; {d.cite()})"
                )
    return out


def _wording_match(a: Row, b: Row) -> bool:
    """Same wording: nearly identical sentences, or the same quote in broadly similar sentences."""
    qa, qb = norm_text(a.quote), norm_text(b.quote)
    sa, sb = norm_text(a.sentence), norm_text(b.sentence)
    same_quote = bool(qa) and qa == qb
    if not sa or not sb:
        return same_quote
    ratio = SequenceMatcher(None, sa, sb, autojunk=False).ratio()
    return ratio >= COPY_RATIO or (same_quote and ratio >= COPY_RATIO_SAME_QUOTE)


def flag_copied(rows: Sequence[Row]) -> dict[str, str]:
    """The same figure in the same words as an earlier (or same-day) article of another outlet.

    Same metric, value and qualifier, and the same wording (:func:`_wording_match`: sentences
    with a difflib ratio >= 0.9, or an identical quote in sentences with ratio >= 0.6; a bare
    quote is too short to prove a copy on its own). The detail names the earliest such article,
    the likely origin. Same-day pairs are ordered by article id, so one of them is the origin.
    """
    out: dict[str, str] = {}
    buckets: dict[tuple[str, float, str], list[Row]] = defaultdict(list)
    for r in _dated(rows):
        buckets[(r.metric, r.value, r.qualifier)].append(r)
    for key in sorted(buckets):
        bucket = buckets[key]
        for i, c in enumerate(bucket):
            for d in bucket[:i]:
                if d.outlet_key != c.outlet_key and d.article_id != c.article_id and _wording_match(c, d):
                    origin = f"{d.outlet or 'outlet unknown'}, {fmt_date(d.published)}"
                    out[c.claim_id] = f"copied from {d.article_id} ({origin})"
                    break
    return out


def _gap(a: Row, b: Row) -> float:
    """Relative gap between two figures' intervals (0 when they overlap), over the larger end."""
    low, high = (a, b) if a.hi < b.lo else (b, a)
    if not low.hi < high.lo:
        return 0.0
    return (high.lo - low.hi) / high.lo


def flag_conflict(rows: Sequence[Row]) -> dict[str, str]:
    """Two sources' figures for the same series, within a day, more than 10 % apart.

    Bounds count: the gap is measured between the intervals the wordings allow, so "at least
    100" and 105 overlap and do not conflict. The gap is taken over the larger figure.
    Unattributed claims count as the outlet's own source.
    """
    out: dict[str, str] = {}
    by_series: dict[str, list[Row]] = defaultdict(list)
    for r in _dated(rows):
        by_series[r.series_id].append(r)
    for sid in sorted(by_series):
        group = by_series[sid]
        for c in group:
            others = [
                d
                for d in group
                if d.source_norm != c.source_norm
                and abs((d.day - c.day).days) <= CONFLICT_DAYS
                and _gap(c, d) > CONFLICT_GAP
            ]
            if not others:
                continue
            others.sort(key=lambda d: (-_gap(c, d), d.order))
            shown = "; ".join(f"{d.figure()} from {d.source_norm} ({d.cite()})" for d in others[:2])
            more = f" and {len(others) - 2} more" if len(others) > 2 else ""
            out[c.claim_id] = f"conflicts with {shown}{more}"
    return out


RULES: dict[str, Callable[[Sequence[Row]], dict[str, str]]] = {
    "conflict": flag_conflict,
    "copied": flag_copied,
    "revised_down": flag_revised_down,
    "scope_change": flag_scope_change,
    "stale": flag_stale,
}


def apply_flags(rows: Sequence[Row]) -> dict[str, dict[str, str]]:
    """All flags per claim id, as ``{flag: detail}``, with the overlaps settled.

    ``revised_down`` is dropped where ``stale`` or ``scope_change`` explains the lower figure.
    """
    found = {name: rule(rows) for name, rule in RULES.items()}
    # without a place a series may mix wars ("health ministry" in Gaza and in Lebanon): only a verbatim
    # copy can be told there; a lower or different figure proves nothing
    unplaced = {r.claim_id for r in rows if not r.place_known}
    for name in ("revised_down", "scope_change", "conflict", "stale"):
        for cid in unplaced & set(found[name]):
            found[name].pop(cid)
    for explained_by in ("stale", "scope_change"):
        for cid in found[explained_by]:
            found["revised_down"].pop(cid, None)
    per_claim: dict[str, dict[str, str]] = defaultdict(dict)
    for name in FLAG_NAMES:
        for cid, detail in found[name].items():
            per_claim[cid][name] = detail
    return dict(per_claim)
