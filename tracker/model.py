"""The data model: articles in, claims out.

This module is the single home of the claim contract of ``spec/CLAIMS.md``: the enums, the
column order of the claims and article tables, and the typed records that flow between the
pipeline stages (ingest -> extract -> validate -> export). Every other module imports the
names from here so that a change to the contract is made in one place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Metric(StrEnum):
    """What a figure counts."""

    KILLED = "killed"
    INJURED = "injured"
    CASUALTIES = "casualties"
    DISPLACED = "displaced"
    PROJECTILES = "projectiles"
    DETAINED = "detained"
    ABDUCTED = "abducted"
    MISSING = "missing"


class Qualifier(StrEnum):
    """How the article frames the figure; decides the bounds (CLAIMS.md table)."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    APPROXIMATELY = "approximately"
    NEARLY = "nearly"
    UP_TO = "up_to"
    FEWER_THAN = "fewer_than"
    RANGE = "range"
    VAGUE = "vague"


class Unit(StrEnum):
    PEOPLE = "people"
    HOUSEHOLDS = "households"
    PROJECTILES = "projectiles"


class Scope(StrEnum):
    CUMULATIVE = "cumulative"
    DAY = "day"
    INCIDENT = "incident"
    UNKNOWN = "unknown"


class SourceKind(StrEnum):
    HEALTH_AUTHORITY = "health_authority"
    GOVERNMENT = "government"
    MILITARY = "military"
    UN_AGENCY = "un_agency"
    NGO = "ngo"
    ARMED_GROUP = "armed_group"
    MEDIA = "media"
    OFFICIAL_UNNAMED = "official_unnamed"
    WITNESS = "witness"
    UNATTRIBUTED = "unattributed"


class Modality(StrEnum):
    REPORTED = "reported"
    HYPOTHETICAL = "hypothetical"


#: Column order of the claims table (CLAIMS.md "Columns").
CLAIM_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "article_id",
    "metric",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "subject",
    "location",
    "scope",
    "period_start",
    "period_end",
    "source",
    "source_kind",
    "via",
    "modality",
    "quote",
    "char_start",
    "char_end",
    "sentence",
)

#: Column order of the article table written beside the claims.
ARTICLE_COLUMNS: tuple[str, ...] = ("article_id", "title", "outlet", "published", "url", "path", "n_chars")


@dataclass(slots=True)
class Article:
    """One article as read from disk or a collection row.

    ``body`` is the text that claim offsets point into. ``extra`` keeps front-matter keys the
    model does not name, so nothing the user wrote is lost.
    """

    article_id: str
    body: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    path: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """The article-table row (ARTICLE_COLUMNS order)."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
            "path": self.path,
            "n_chars": len(self.body),
        }


@dataclass(slots=True)
class Claim:
    """One figure an article reports, with everything needed to trace it to its words."""

    article_id: str
    metric: Metric
    value: float
    value_low: float | None
    value_high: float | None
    qualifier: Qualifier
    unit: Unit
    quote: str
    char_start: int
    char_end: int
    sentence: str
    subject: str | None = None
    location: str | None = None
    scope: Scope = Scope.UNKNOWN
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    source: str | None = None
    source_kind: SourceKind = SourceKind.UNATTRIBUTED
    via: str | None = None
    modality: Modality = Modality.REPORTED
    claim_id: str = ""

    def __post_init__(self) -> None:
        if not self.claim_id:
            self.claim_id = make_claim_id(self.article_id, self.char_start, self.char_end, self.metric)

    def row(self) -> dict[str, Any]:
        """The claims-table row (CLAIM_COLUMNS order), enums as their string values.

        Read field by field rather than with ``dataclasses.asdict``: asdict deep-copies every
        value, which cost more than a third of a millisecond per claim, and every field here
        is immutable (text, numbers, dates, enums) so a copy buys nothing.
        """
        d = {c: getattr(self, c) for c in CLAIM_COLUMNS}
        for key in _ENUM_FIELDS:
            d[key] = str(d[key])
        return d


_ENUM_FIELDS: tuple[str, ...] = ("metric", "qualifier", "unit", "scope", "source_kind", "modality")


def make_claim_id(article_id: str, char_start: int, char_end: int, metric: str) -> str:
    """A stable id: the same article text gives the same ids on every run and machine."""
    key = f"{article_id}\x1f{char_start}\x1f{char_end}\x1f{metric}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True, frozen=True)
class Skipped:
    """A file or row that could not be read, with the one-line reason shown to the user."""

    path: str
    reason: str
