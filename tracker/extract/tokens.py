"""Tokens with offsets: the one place text is cut into words.

Why tokens and not one big regex: every rule of the extractor looks a few words to the left
or right of a number. Doing that on a token list keeps each rule a short, readable loop, keeps
every offset exact (claims must satisfy ``body[char_start:char_end] == quote``), and keeps the
only regex simple enough to be linear on any input (no nested, overlapping quantifiers).
"""

from __future__ import annotations

import re

# TOKEN: a run of letters/digits, optionally joined by single inner punctuation that belongs to
# the word ("8,800", "1.2", "forty-one", "Israel's", "U.N", "km/h", "10:30"), or any single
# other non-space character. A comma joins digit groups only ("8,800"), never words ("people,151"
# and "those,more" from text whose spaces were lost are three tokens). A lower-case word glued to
# digits ("around1.6 million", "with14,593") is cut before the digits (first alternative; names
# such as "MH17" or "F16" are not lower-case and stay whole). A capitalised word is cut only before
# a number of two or more characters ("Around1.6", "With14,593"): a name that ends in one digit
# ("Radio Magik9", "Channel4") stays whole. The separator class and the word class are disjoint, so
# each repetition must consume a separator; the first alternatives' letter runs can only back off
# into the last: matching is linear in the input length.
TOKEN_RE = re.compile(r"[a-z]{3,}(?=\d)|[A-Z][a-z]{2,}(?=\d[\d.,])"
                      r"|[^\W_]+(?:[-–'’./:][^\W_]+|(?<=\d),\d[^\W_]*)*|[^\s]")

# Characters folded when comparing words (typographic apostrophes and dashes).
_FOLD = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})


class Token:
    """One token: its text, its offsets in the body, and its folded lower-case form.

    A plain slotted class, not a frozen dataclass: the extractor builds one per word of every
    sentence with a figure, and a frozen dataclass's ``__init__`` (one ``object.__setattr__``
    per field) was a tenth of the run time. Treat it as immutable all the same.
    """

    __slots__ = ("end", "low", "start", "text")

    def __init__(self, text: str, start: int, end: int, low: str) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.low = low  # lower-cased, apostrophes and dashes folded

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end}, {self.low!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Token):
            return NotImplemented
        return (self.text, self.start, self.end, self.low) == (other.text, other.start, other.end, other.low)

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end, self.low))

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Cut ``text`` into tokens whose offsets are relative to ``offset`` (the sentence start)."""
    out: list[Token] = []
    append = out.append
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        start = m.start() + offset
        low = word.lower()
        if not low.isascii():
            low = low.translate(_FOLD)  # only typographic apostrophes and dashes need folding
        append(Token(word, start, start + len(word), low))
    return out


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """The folded token tuple of a rule phrase, for comparison with ``Token.low``."""
    return tuple(t.low for t in tokenize(phrase))


def match_at(tokens: list[Token], i: int, phrase: tuple[str, ...]) -> bool:
    """True when ``phrase`` occurs in ``tokens`` starting at index ``i``."""
    n = len(phrase)
    if i < 0 or i + n > len(tokens):
        return False
    for k in range(n):  # noqa: SIM110 -- a plain loop: called at every number and cue word; all() costs twice as much
        if tokens[i + k].low != phrase[k]:
            return False
    return True


def match_ending_at(tokens: list[Token], j: int, phrase: tuple[str, ...]) -> bool:
    """True when ``phrase`` occurs in ``tokens`` ending at index ``j`` (inclusive)."""
    return match_at(tokens, j - len(phrase) + 1, phrase)


class PhraseIndex:
    """A list of phrases indexed by first and last token: one dict look-up instead of a list scan.

    Why: the extractor asks "does any unit/qualifier/cue phrase start (or end) here?" at every number
    and every cue word; scanning a few hundred phrases each time dominated the run time.
    """

    __slots__ = ("_first", "_last")

    def __init__(self, phrases: tuple[tuple[str, ...], ...]) -> None:
        self._first: dict[str, list[tuple[str, ...]]] = {}
        self._last: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            self._first.setdefault(p[0], []).append(p)
            self._last.setdefault(p[-1], []).append(p)
        for table in (self._first, self._last):
            for lst in table.values():
                lst.sort(key=lambda p: -len(p))  # longest first, as the rule lists are

    def at(self, tokens: list[Token], i: int) -> tuple[str, ...] | None:
        """The longest phrase starting at token i."""
        if i < 0 or i >= len(tokens):
            return None
        for p in self._first.get(tokens[i].low, ()):
            if match_at(tokens, i, p):
                return p
        return None

    def ending(self, tokens: list[Token], j: int) -> tuple[str, ...] | None:
        """The longest phrase ending at token j (inclusive)."""
        if j < 0 or j >= len(tokens):
            return None
        for p in self._last.get(tokens[j].low, ()):
            if match_ending_at(tokens, j, p):
                return p
        return None


_INDEXES: dict[int, tuple[tuple[tuple[str, ...], ...], PhraseIndex]] = {}


def phrase_index(phrases: tuple[tuple[str, ...], ...]) -> PhraseIndex:
    """The index of a rule list, built once (keyed by the list's identity; the rules keep it alive)."""
    hit = _INDEXES.get(id(phrases))
    if hit is None or hit[0] is not phrases:
        hit = (phrases, PhraseIndex(phrases))
        _INDEXES[id(phrases)] = hit
    return hit[1]
