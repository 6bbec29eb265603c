"""The shared check of the attribution tables: (source, via) per claim, with the span invariant.

Why a module: four tables (test_attribution, _sequel, _round3 and the outlet cases) check the same
thing the same way; one place keeps the publication date and the invariant the same for all.
"""

from __future__ import annotations

import datetime as dt

from tracker.extract.claims import extract_claims
from tracker.model import Article

PUBLISHED = dt.date(2024, 10, 15)


def sources_of(text: str, outlet: str | None = None) -> list[tuple[str | None, str | None]]:
    """(source, via) of every claim of ``text``, after asserting ``text[start:end] == quote`` for each."""
    claims = extract_claims(Article("t", text, outlet=outlet, published=PUBLISHED))
    for c in claims:
        assert text[c.char_start:c.char_end] == c.quote
    return [(c.source, c.via) for c in claims]
