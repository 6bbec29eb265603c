"""Sentences with offsets, and the boilerplate lines that hold no article text.

Why our own splitter: news text is full of "Oct. 8", "U.S. officials", "Gen. Smith" and
quotes that close after the full stop; a general splitter cuts those wrongly and attribution
("the ministry added") is sentence-scoped. The splitter is a single linear pass over the
characters, so it cannot be slowed by hostile input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tracker.rules import Rules

# Longest stretch without a sentence end before we cut anyway, so one pathological "sentence"
# of 100,000 characters cannot make every later window quadratic.
MAX_SENTENCE = 2000
_CLOSERS = "\"'”’)]»"


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    boilerplate: bool = False
    line_start: bool = False  # first sentence of its line (a headline or paragraph lead)


def is_boilerplate(line: str, rules: Rules) -> bool:
    """A site-furniture line: 'Subscribe…', 'See also…', 'Leave a Reply', captions credits."""
    s = line.strip().lower().lstrip("*#>-•· \t")
    return bool(s) and s.startswith(rules.boilerplate_line_starts)


def _previous_word(text: str, i: int) -> str:
    """The word (with inner dots) ending right before index i."""
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "."):
        j -= 1
    return text[j:i].lower()


_STOP_RE = re.compile(r"[.!?]")
_SPACE_RE = re.compile(r"\s")


def _split_line(text: str, start: int, end: int, rules: Rules) -> Iterator[tuple[int, int]]:
    """Sentence spans within one line [start, end).

    Jumps from one '.', '!' or '?' to the next with a regex (a character-by-character loop was a tenth
    of the run time); between them only the length cap can cut, at the first space past it.
    """
    i = start
    sent_start = start
    while i < end:
        stop = _STOP_RE.search(text, i, end)
        p = stop.start() if stop else end
        while sent_start + MAX_SENTENCE < p:  # the cap: cut at the first space at or past it
            space = _SPACE_RE.search(text, max(i, sent_start + MAX_SENTENCE), p)
            if space is None:
                break
            yield sent_start, space.start()
            sent_start = i = space.start() + 1
        if p >= end:
            break
        i = p
        ch = text[i]
        k = i + 1
        while k < end and text[k] in ".!?":
            k += 1
        while k < end and text[k] in _CLOSERS:
            k += 1
        if k >= end:
            break
        if text[k].isspace():
            m = k
            while m < end and text[m].isspace():
                m += 1
            nxt = text[m] if m < end else ""
            word = _previous_word(text, i)
            single_initial = len(word) == 1 and word.isalpha() and text[i - 1].isupper()
            if ch == "." and (word in rules.abbreviations or single_initial
                              or (word.count(".") >= 1 and len(word) <= 5)):
                # "Oct. 8", "U.S. officials": only a sentence end when a capital follows an
                # abbreviation that is not normally followed by a name or number
                cut = nxt.isupper() and word not in rules.name_abbreviations and not single_initial
            else:
                cut = bool(nxt) and (nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘(«[")
            if cut:
                yield sent_start, k
                sent_start = m
                i = m
                continue
        i = k
    if sent_start < end:
        yield sent_start, end


def split_sentences(body: str, rules: Rules) -> list[Sentence]:
    """Split a body into sentences (never across a line break), marking boilerplate lines."""
    out: list[Sentence] = []
    pos = 0
    n = len(body)
    while pos <= n:
        nl = body.find("\n", pos)
        line_end = n if nl == -1 else nl
        line = body[pos:line_end]
        if line.strip():
            boiler = is_boilerplate(line, rules)
            first = True
            for raw_s, raw_e in _split_line(body, pos, line_end, rules):
                # trim surrounding whitespace so sentence offsets are tight
                s, e = raw_s, raw_e
                while s < e and body[s].isspace():
                    s += 1
                while e > s and body[e - 1].isspace():
                    e -= 1
                if s < e:
                    out.append(Sentence(s, e, body[s:e], boiler, first))
                    first = False
        if nl == -1:
            break
        pos = nl + 1
    return out
