"""Which claims count the same quantity: normalised places, subjects and sources, and series keys.

A *series* is one quantity a reader could plot over time: the same metric and unit, about the
same population (subject group) in the same place, over the same scope. For running totals the
start date is part of the key, because "killed since 8 Oct 2023" and "killed since 23 Sept 2024"
are different counts: putting them on one line would make the narrower count look like a
revision. Aliases live in ``tracker/rules/aliases.yaml`` so that a reporter can add a spelling
without touching code; the file is validated when it is loaded, because a typo there would
silently split one series into two.

Decisions worth knowing:

* Sub-national places are distinct from the country ("southern Lebanon" is not "Lebanon").
* A claim with no location takes the place its subject names ("people in Gaza", "Israelis"),
  else the home place of its (normalised) source ("Lebanese health ministry" -> Lebanon), else
  "unspecified".
* A generic source ("the health ministry") is resolved inside its article: to the one body the
  article names elsewhere that answers to that generic name, else to the one such body whose
  home is the claim's place; otherwise it stays as written.
* A running total with no stated start joins the series of the same source's start when that
  source states exactly one start for the quantity anywhere in the table (``start_inferred``);
  otherwise it is its own "start not stated" series.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tracker.rules import yaml_error_line

ALIASES_PATH = Path(__file__).resolve().parent.parent / "rules" / "aliases.yaml"

PLACE_LEVELS = ("country", "territory", "region", "site")
#: Levels at which one incident figure cannot be told apart from another incident's.
BROAD_LEVELS = frozenset({"country", "territory", "region"})
UNSPECIFIED = "unspecified"
#: The subject group of a claim that names no narrower population.
ALL_PEOPLE = "people"

_TOP_KEYS = frozenset({"place_prefixes", "places", "subjects", "subject_places", "demonyms", "sources"})
_PLACE_KEYS = frozenset({"level", "variants"})
_SUBJECT_KEYS = frozenset({"variants"})
_SOURCE_KEYS = frozenset({"place", "variants", "patterns", "resolves"})

_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
# Anything but letters, digits, spaces, hyphens and apostrophes becomes a space.
_PUNCT = re.compile(r"[^\w\s'-]")
_SPACES = re.compile(r"\s+")
_PARENS = re.compile(r"\([^)]*\)")
# Breakdown tails of a subject: "people incl. 56 women", "people, mostly children".
_SUBJECT_TAIL = re.compile(r"\s(incl|including|among them|mostly|of whom|excluding|aged)\b.*$")


class AliasError(ValueError):
    """The alias file is malformed; the message names the key and what to fix."""


def norm_text(text: str | None) -> str:
    """Lower-case, fold typographic quotes and dashes, drop punctuation, collapse spaces.

    Every alias comparison goes through this one function so that the YAML can be written the
    way people type ("Lebanon's Ministry of Public Health") and still match.
    """
    if not text:
        return ""
    s = text.translate(_QUOTES).lower()
    s = _PUNCT.sub(" ", s)
    return _SPACES.sub(" ", s).strip(" -'")


@dataclass(frozen=True, slots=True)
class SourceAlias:
    """One canonical source body and the ways articles name it."""

    name: str
    place: str | None
    variants: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    resolves: frozenset[str]

    def matches(self, normalised: str) -> bool:
        """True when a normalised source string names this body (variant or pattern)."""
        return normalised in self.variants or any(p.search(normalised) for p in self.patterns)


@dataclass(frozen=True, slots=True)
class Aliases:
    """The validated contents of ``aliases.yaml``, indexed for lookups."""

    place_prefixes: tuple[str, ...]
    place_of_variant: Mapping[str, str]
    place_level: Mapping[str, str]
    subject_of_variant: Mapping[str, str]
    subject_places: Mapping[str, str]
    demonyms: Mapping[str, frozenset[str]]
    sources: tuple[SourceAlias, ...]
    generic_sources: frozenset[str] = field(default_factory=frozenset)


def _str_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise AliasError(f"aliases: {where} must be a non-empty list of strings")
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise AliasError(f"aliases: {where} holds an empty or non-string entry")
    return [str(v) for v in value]


def _check_keys(entry: Any, allowed: frozenset[str], where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise AliasError(f"aliases: {where} must be a mapping")
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise AliasError(f"aliases: unknown key(s) {unknown} in {where}; allowed: {sorted(allowed)}")
    return entry


def _claim(index: dict[str, str], variant: str, owner: str, where: str) -> None:
    key = norm_text(variant)
    if not key:
        raise AliasError(f"aliases: {where} has a variant that normalises to nothing: {variant!r}")
    if index.get(key, owner) != owner:
        raise AliasError(f"aliases: {where} variant {variant!r} is also listed under {index[key]!r}")
    index[key] = owner


def parse_aliases(data: Any) -> Aliases:
    """Validate a parsed alias document and index it. Raises :class:`AliasError` on any problem."""
    doc = _check_keys(data, _TOP_KEYS, "the top level")
    missing = sorted({"places", "subjects", "sources"} - set(doc))
    if missing:
        raise AliasError(f"aliases: missing top-level key(s) {missing}")

    prefixes = tuple(norm_text(p) for p in _str_list(doc.get("place_prefixes", ["in"]), "place_prefixes"))

    place_of_variant: dict[str, str] = {}
    place_level: dict[str, str] = {}
    for name, entry in _check_keys(doc["places"], frozenset(doc["places"] or {}), "places").items():
        e = _check_keys(entry, _PLACE_KEYS, f"places.{name}")
        level = e.get("level")
        if level not in PLACE_LEVELS:
            raise AliasError(f"aliases: places.{name}.level must be one of {PLACE_LEVELS}, not {level!r}")
        place_level[str(name)] = str(level)
        for v in [str(name), *_str_list(e.get("variants"), f"places.{name}.variants")]:
            _claim(place_of_variant, v, str(name), f"places.{name}")

    subject_of_variant: dict[str, str] = {}
    for name, entry in _check_keys(doc["subjects"], frozenset(doc["subjects"] or {}), "subjects").items():
        e = _check_keys(entry, _SUBJECT_KEYS, f"subjects.{name}")
        for v in [str(name), *_str_list(e.get("variants"), f"subjects.{name}.variants")]:
            _claim(subject_of_variant, v, str(name), f"subjects.{name}")

    subject_places: dict[str, str] = {}
    for subj, place in (doc.get("subject_places") or {}).items():
        if place not in place_level:
            raise AliasError(f"aliases: subject_places.{subj} names unknown place {place!r}")
        subject_places[norm_text(str(subj))] = str(place)

    demonyms: dict[str, frozenset[str]] = {}
    for adj, places in (doc.get("demonyms") or {}).items():
        names = _str_list(places, f"demonyms.{adj}")
        unknown = sorted(set(names) - set(place_level))
        if unknown:
            raise AliasError(f"aliases: demonyms.{adj} names unknown place(s) {unknown}")
        demonyms[norm_text(str(adj))] = frozenset(names)

    sources: list[SourceAlias] = []
    seen_variants: dict[str, str] = {}
    generic: set[str] = set()
    for name, entry in _check_keys(doc["sources"], frozenset(doc["sources"] or {}), "sources").items():
        e = _check_keys(entry, _SOURCE_KEYS, f"sources.{name}")
        place = e.get("place")
        if place is not None and place not in place_level:
            raise AliasError(f"aliases: sources.{name}.place names unknown place {place!r}")
        variants = [str(name), *_str_list(e.get("variants"), f"sources.{name}.variants")]
        for v in variants:
            _claim(seen_variants, v, str(name), f"sources.{name}")
        patterns: list[re.Pattern[str]] = []
        if "patterns" in e:
            for p in _str_list(e["patterns"], f"sources.{name}.patterns"):
                try:
                    patterns.append(re.compile(p))
                except re.error as exc:
                    raise AliasError(f"aliases: sources.{name}.patterns: bad regex {p!r}: {exc}") from exc
        resolves = e.get("resolves", [])
        if not isinstance(resolves, list):
            raise AliasError(f"aliases: sources.{name}.resolves must be a list")
        res = frozenset(norm_text(str(r)) for r in resolves)
        generic |= res
        sources.append(
            SourceAlias(
                name=str(name),
                place=str(place) if place is not None else None,
                variants=frozenset(norm_text(v) for v in variants),
                patterns=tuple(patterns),
                resolves=res,
            )
        )
    return Aliases(
        place_prefixes=tuple(sorted(prefixes, key=len, reverse=True)),
        place_of_variant=place_of_variant,
        place_level=place_level,
        subject_of_variant=subject_of_variant,
        subject_places=subject_places,
        demonyms=demonyms,
        sources=tuple(sources),
        generic_sources=frozenset(generic),
    )


def load_aliases(path: Path | None = None) -> Aliases:
    """Load and validate the alias file (the packaged one by default, cached)."""
    if path is None:
        return _default_aliases()
    return _load(path)


@lru_cache(maxsize=1)
def _default_aliases() -> Aliases:
    return _load(ALIASES_PATH)


def _load(path: Path) -> Aliases:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise AliasError(f"aliases: {yaml_error_line(str(path), exc)}") from exc
    try:
        return parse_aliases(data)
    except AliasError as exc:
        raise AliasError(f"{exc} (in {path})") from exc


# --------------------------------------------------------------------------------------------
# Places, subjects, sources


@dataclass(frozen=True, slots=True)
class Place:
    """A normalised place: ``key`` groups claims, ``name`` is what a chart prints."""

    key: str
    name: str
    level: str  # one of PLACE_LEVELS, or "other" for a place the alias file does not know

    @property
    def broad(self) -> bool:
        """True for a country, territory or region, where incidents cannot be told apart."""
        return self.level in BROAD_LEVELS or self.key == UNSPECIFIED


UNSPECIFIED_PLACE = Place(UNSPECIFIED, UNSPECIFIED, "other")


def _strip_prefixes(text: str, prefixes: Sequence[str]) -> str:
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if text.startswith(p + " ") and len(text) > len(p) + 1:
                text = text[len(p) + 1 :]
                changed = True
    return text


def normalise_place(location: str | None, aliases: Aliases) -> Place | None:
    """The canonical place of a location string, or None when there is no location.

    "in Lebanon", "across Lebanon" and "Lebanon" give the same place; a place the alias file
    does not know keeps its own (normalised) key and its written name.
    """
    n = norm_text(location)
    if not n:
        return None
    bare = _strip_prefixes(n, aliases.place_prefixes)
    for candidate in (n, bare):
        name = aliases.place_of_variant.get(candidate)
        if name is not None:
            return Place(norm_text(name), name, aliases.place_level[name])
    written = _SPACES.sub(" ", (location or "").strip())
    low = written.lower()
    for p in aliases.place_prefixes:
        if low.startswith(p + " "):
            written = written[len(p) + 1 :]
            low = written.lower()
    return Place(bare, written[:1].upper() + written[1:], "other")


@dataclass(frozen=True, slots=True)
class Subject:
    """A subject group and the place its words name ("people in Gaza" -> Gaza Strip), if any."""

    group: str
    place: Place | None


def normalise_subject(subject: str | None, aliases: Aliases, place: Place | None = None) -> Subject:
    """The subject group of a claim.

    Breakdown tails ("incl. 56 women") are cut, "X in <known place>" gives the place, a bare
    demonym subject ("Israelis") implies its place, and a nationality adjective is dropped when
    it belongs to the claim's place ("Palestinian children" in Gaza -> "children").
    """
    n = _PARENS.sub(" ", norm_text(subject)).strip()
    n = _SUBJECT_TAIL.sub("", n).strip()
    n = _strip_prefixes(n, ("the", "other", "more", "some"))
    if not n:
        return Subject(ALL_PEOPLE, None)
    named_place: Place | None = None
    head, sep, tail = n.partition(" in ")
    if sep:
        p = normalise_place(tail, aliases)
        if p is not None and p.level != "other":
            named_place, n = p, head.strip()
    if named_place is None and n in aliases.subject_places:
        pname = aliases.subject_places[n]
        named_place = Place(norm_text(pname), pname, aliases.place_level[pname])
    group = aliases.subject_of_variant.get(n)
    if group is None:
        first, _, rest = n.partition(" ")
        here = place or named_place
        if rest and first in aliases.demonyms and here is not None and here.name in aliases.demonyms[first]:
            group = aliases.subject_of_variant.get(rest, rest)
    return Subject(group or n, named_place)


def _source_alias(normalised: str, aliases: Aliases) -> SourceAlias | None:
    for s in aliases.sources:
        if normalised in s.variants:
            return s
    for s in aliases.sources:
        if any(p.search(normalised) for p in s.patterns):
            return s
    return None


def clean_source(source: str | None) -> str:
    """The normalised form of a source string used for lookups: no "(via X)", no leading "the"."""
    n = norm_text(_PARENS.sub(" ", source or ""))
    return _strip_prefixes(n, ("the", "a", "an"))


def normalise_source(
    source: str | None,
    aliases: Aliases,
    *,
    context: Iterable[str] = (),
    place: Place | None = None,
    article_places: Iterable[str] = (),
    table_bodies: Iterable[str] = (),
) -> str | None:
    """The canonical name of a source, or None for an unattributed claim.

    A generic name such as "the health ministry" is resolved, in this order, to the one body
    that answers to it and that ``context`` (the article's other sources, sentences and title)
    names; to the one such body at home in ``place`` (the claim's own place); to the one such
    body at home in one of ``article_places`` (place keys the article names); to the one such
    body named anywhere in the table (``table_bodies``, canonical names), which settles a
    single-story corpus. An unknown or unresolved source keeps its written form minus "the".
    """
    n = clean_source(source)
    if not n:
        return None
    alias = _source_alias(n, aliases)
    if alias is not None:
        return alias.name
    if n in aliases.generic_sources:
        candidates = [s for s in aliases.sources if n in s.resolves]
        ctx = [clean_source(c) for c in context]
        named = sorted({s.name for s in candidates if any(s.matches(c) or _mentions(s, c) for c in ctx)})
        if len(named) == 1:
            return named[0]
        homes = {s.name: norm_text(s.place) for s in candidates if s.place is not None}
        if place is not None:
            local = sorted(name for name, home in homes.items() if home == place.key)
            if len(local) == 1:
                return local[0]
        keys = set(article_places)
        named_here = sorted(name for name, home in homes.items() if home in keys)
        if len(named_here) == 1:
            return named_here[0]
        in_table = sorted(set(table_bodies) & {s.name for s in candidates})
        if len(in_table) == 1:
            return in_table[0]
    written = _SPACES.sub(" ", _PARENS.sub(" ", source or "")).strip()
    for art in ("the ", "The "):
        if written.startswith(art):
            written = written[len(art) :]
    return written[:1].upper() + written[1:] if written else None


def _mentions(alias: SourceAlias, text: str) -> bool:
    """True when a longer text (a sentence) names the body by one of its multi-word variants."""
    return any(" " in v and f" {v} " in f" {text} " for v in alias.variants)


def places_named(texts: Iterable[str], aliases: Aliases) -> set[str]:
    """Keys of the countries and territories a set of texts names ("Lebanon", "Gaza").

    Only variants that contain the place's own first word are looked for, so a bare "the
    strip" or "the enclave" in a sentence does not count as naming Gaza.
    """
    wanted: list[tuple[str, str]] = []
    for variant, name in aliases.place_of_variant.items():
        first = norm_text(name).split(" ")[0]
        if aliases.place_level[name] in ("country", "territory") and first in variant.split(" "):
            wanted.append((variant, norm_text(name)))
    found: set[str] = set()
    for t in texts:
        padded = f" {norm_text(t)} "
        found |= {key for variant, key in wanted if f" {variant} " in padded}
    return found


def source_place(source_name: str | None, aliases: Aliases) -> Place | None:
    """The home place the alias file gives a canonical source, if any."""
    if source_name is None:
        return None
    for s in aliases.sources:
        if s.name == source_name and s.place is not None:
            return Place(norm_text(s.place), s.place, aliases.place_level[s.place])
    return None


# --------------------------------------------------------------------------------------------
# Series keys and labels

_METRIC_WORD = {
    "killed": "Killed",
    "injured": "Injured",
    "casualties": "Casualties",
    "displaced": "Displaced",
    "projectiles": "Projectiles fired",
    "detained": "Detained",
    "abducted": "Abducted or held hostage",
    "missing": "Missing",
}
_DEFAULT_UNIT = {"projectiles": "projectiles"}


def slug(text: str) -> str:
    """A file-name-safe slug: lower case ASCII letters, digits and single hyphens."""
    s = norm_text(text).replace("'", "")
    s = re.sub(r"[^a-z0-9]+", "-", s)
    return s.strip("-") or "x"


def fmt_date(d: dt.date | None) -> str:
    """A newsroom date: "8 Oct 2023" (no leading zero), or "undated"."""
    if d is None:
        return "undated"
    return f"{d.day} {d.strftime('%b')} {d.year}"


def scope_phrase(scope: str, period_start: dt.date | None) -> str:
    """How a subtitle names the scope: "running total since 8 Oct 2023", "one day", ..."""
    if scope == "cumulative":
        if period_start is None:
            return "running total, start not stated"
        return f"running total since {fmt_date(period_start)}"
    return {"day": "one day", "incident": "single incident"}.get(scope, "scope not stated")


def group_id_of(metric: str, unit: str, place_key: str, subject_group: str, scope: str) -> str:
    """The id of a metric/place/population/scope group (a timeline), start date left out."""
    parts = [metric, place_key]
    if subject_group != ALL_PEOPLE:
        parts.append(subject_group)
    if unit != _DEFAULT_UNIT.get(metric, "people"):
        parts.append(unit)
    parts.append(scope)
    return "-".join(slug(p) for p in parts)


def series_id_of(group_id: str, scope: str, period_start: dt.date | None) -> str:
    """The series id: the group id plus the start date of a running total."""
    if scope != "cumulative":
        return group_id
    return f"{group_id}-since-{period_start.isoformat()}" if period_start else f"{group_id}-start-unstated"


def series_label_of(
    metric: str, unit: str, place: str, subject_group: str, *, scope: str, period_start: dt.date | None
) -> str:
    """A human label: "Killed, Lebanon, running total since 8 Oct 2023"."""
    what = _METRIC_WORD.get(metric, metric.capitalize())
    if subject_group != ALL_PEOPLE:
        what = f"{what} ({subject_group})"
    if unit != _DEFAULT_UNIT.get(metric, "people"):
        what = f"{what}, in {unit}"
    return f"{what}, {place}, {scope_phrase(scope, period_start)}"


# --------------------------------------------------------------------------------------------
# Number formatting shared by flag details, summaries and charts

#: The words a qualifier puts before its figure (shared by charts, summaries and the report).
QUALIFIER_WORDS = {"at_least": "at least ", "more_than": "more than ", "approximately": "about ",
                   "nearly": "nearly ", "up_to": "up to ", "fewer_than": "fewer than "}


def fmt_number(x: float | None, places: int = 1, trim: bool = False) -> str:
    """Thousands separators, no trailing ".0": 2350.0 -> "2,350"; 1.5 -> "1.5"; None/NaN -> "?".

    ``places`` decimals for a fraction, with trailing zeros dropped when ``trim`` (the report's 2.25, 2.5).
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "?"
    if math.isinf(x):
        return "∞"
    if float(x).is_integer():
        return f"{int(x):,}"
    text = f"{x:,.{places}f}"
    return text.rstrip("0").rstrip(".") if trim else text


def fmt_figure(
    value: float, qualifier: str | None, low: float | None = None, high: float | None = None
) -> str:
    """A figure with its wording: "at least 2,350", "between 100 and 300", "thousands (2,000-9,999)"."""
    q = qualifier or "exact"
    if q == "range" and high is not None:
        return f"{fmt_number(low if low is not None else value)}-{fmt_number(high)}"
    if q == "vague" and low is not None and high is not None:
        return f"{fmt_number(low)}-{fmt_number(high)} (vague)"
    return QUALIFIER_WORDS.get(q, "") + fmt_number(value)


def compact_counts(counter: Mapping[str, int]) -> str:
    """ "a: 3; b: 1" in count order, ties alphabetical: used in summaries."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return "; ".join(f"{k}: {v}" for k, v in items)


def most_common_form(forms: Iterable[str]) -> str:
    """The most frequent written form, ties broken alphabetically (deterministic display)."""
    c = Counter(forms)
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def infer_starts(rows: Sequence[Mapping[str, Any]]) -> dict[tuple[str, ...], dt.date]:
    """The one start date each (metric, unit, place, subject, source) states for its running total.

    Returns only the keys with exactly one stated start; a source that counts from two starts
    is ambiguous and gets no inference.
    """
    starts: dict[tuple[str, ...], set[dt.date]] = defaultdict(set)
    for r in rows:
        if r["scope"] == "cumulative" and r["period_start"] is not None:
            starts[start_key(r)].add(r["period_start"])
    return {k: next(iter(v)) for k, v in starts.items() if len(v) == 1}


def start_key(r: Mapping[str, Any]) -> tuple[str, ...]:
    """The key of one source's running total of one quantity, start date left out."""
    return (r["metric"], r["unit"], r["place"], r["subject_group"], r["source_norm"])
