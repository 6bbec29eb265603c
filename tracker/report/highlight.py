"""An article body as HTML with claims and boilerplate lines marked in place.

Why a general algorithm: two claims can share words (the same span read as two metrics) or
overlap in part, and a boilerplate line wraps the claims inside it. Spans are cut at every
boundary and re-nested, outer (earlier, longer) spans first, so the HTML is always well formed.
A span that has to be split keeps ``data-claim-id`` on its first piece only (so every claim is
marked exactly once) and ``data-claim-part`` on the others; the claim's text is the first piece
plus its parts, which equals its ``quote``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.extract.sentences import is_boilerplate
from tracker.report.html import Html, el, esc
from tracker.report.words import metric_class
from tracker.rules import load_rules

__all__ = ["Span", "boilerplate_spans", "render_body"]


@dataclass(frozen=True, slots=True)
class Span:
    """A marked stretch of the body: a claim (``mark``) or a boilerplate line (``span``)."""

    start: int
    end: int
    kind: str  # "claim" or "boilerplate"
    claim_id: str = ""
    metric: str = ""
    hypothetical: bool = False
    title: str = ""
    anchor: str = ""  # the element id (a safe slug of the claim id)

    @property
    def order(self) -> tuple[int, int, int, str]:
        # Boilerplate lines outermost, then by start, longer first, then id (deterministic).
        return (0 if self.kind == "boilerplate" else 1, self.start, -self.end, self.claim_id)


def boilerplate_spans(body: str) -> list[Span]:
    """The body's site-furniture lines ("Subscribe...", "Read more"), as the extractor sees them.

    Uses the extractor's own rule (``tracker.extract.sentences.is_boilerplate``) so that what is
    dimmed is exactly what extraction skipped.
    """
    rules = load_rules()
    spans: list[Span] = []
    pos = 0
    for line in body.split("\n"):
        end = pos + len(line)
        if line.strip() and is_boilerplate(line, rules):
            spans.append(Span(pos, end, "boilerplate"))
        pos = end + 1
    return spans


def _open(span: Span, first: bool) -> str:
    if span.kind == "boilerplate":
        return f'<span class="boilerplate" title="{esc("Boilerplate: not article text")}">'
    classes = f"claim {metric_class(span.metric)}" + (" hypothetical" if span.hypothetical else "")
    if first:
        attrs = {
            "class": classes,
            "id": f"m-{span.anchor or span.claim_id}",
            "data-claim-id": span.claim_id,
            "data-role": "mark",
            "data-metric": span.metric,
            "title": span.title or None,
        }
    else:
        attrs = {"class": classes + " part", "data-claim-part": span.claim_id}
    return el("mark", attrs)[: -len("</mark>")]


def _close(span: Span) -> str:
    return "</span>" if span.kind == "boilerplate" else "</mark>"


def render_body(body: str, spans: Sequence[Span]) -> Html:
    """The body escaped, with every span opened and closed in place (well-nested HTML)."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(body)]
    if not valid:
        return esc(body)
    cuts = sorted({0, len(body)} | {s.start for s in valid} | {s.end for s in valid})
    opened: set[int] = set()
    stack: list[int] = []
    out: list[str] = []
    order = sorted(range(len(valid)), key=lambda i: valid[i].order)
    rank = {i: r for r, i in enumerate(order)}
    for a, b in itertools.pairwise(cuts):
        active = sorted((i for i in order if valid[i].start <= a and valid[i].end >= b), key=rank.__getitem__)
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] == active[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(_close(valid[stack.pop()]))
        for i in active[keep:]:
            out.append(_open(valid[i], i not in opened))
            opened.add(i)
            stack.append(i)
        out.append(esc(body[a:b]))
    while stack:
        out.append(_close(valid[stack.pop()]))
    return Html("".join(out))
