"""A Frictionless Data Package (v2) describing the CSVs of an export folder.

Why: data desks and humanitarian analysts load tables with Frictionless tools, OpenRefine, CKAN or
HDX, which read ``datapackage.json`` to know each column's type, meaning and allowed values
instead of guessing. Every field of the claims and article tables is generated from the pandera
schemas through :func:`tracker.validate.column_docs`, the one source of truth, so the package
cannot drift from what validation enforces; there is no second hand-written copy. Constraints
Table Schema can express (required, unique, minimum, enum, non-empty text) become
``constraints``; row rules it cannot express (``value_low <= value_high``, the qualifier/bounds
table) are spelled out at the end of the field's description.

Tables that have no pandera schema (the comparison written by ``tracker compare``) are described
from their writers' declared dtypes when known, else from the file itself, with descriptions
borrowed from the claims columns of the same name.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import polars as pl

from tracker import __version__
from tracker.export.hxl import HXL_ARTICLE_COLUMNS, METRIC_TAGS, hxl_row, metric_column
from tracker.export.writers import atomic_write
from tracker.validate import REASON_COLUMN, column_docs

__all__ = [
    "PROFILE",
    "Resource",
    "build_datapackage",
    "claims_fields",
    "fields_for_table",
    "fields_from_dtypes",
    "hxl_fields",
    "sources_from_articles",
    "write_datapackage",
]

PROFILE: Final[str] = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE: Final[str] = "https://datapackage.org/profiles/2.0/dataresource.json"
DIALECT_PROFILE: Final[str] = "https://datapackage.org/profiles/2.0/tabledialect.json"
TABLE_SCHEMA_PROFILE: Final[str] = "https://datapackage.org/profiles/2.0/tableschema.json"

#: Constraint texts of column_docs() that Table Schema states natively (not repeated in prose).
_NATIVE_PREFIXES: Final[tuple[str, ...]] = ("not empty", "unique", "one of the", "finite", ">= ")

_POLARS_TYPES: Final[tuple[tuple[type[pl.DataType], str], ...]] = (
    (pl.String, "string"),
    (pl.Float64, "number"),
    (pl.Float32, "number"),
    (pl.Int64, "integer"),
    (pl.Int32, "integer"),
    (pl.UInt32, "integer"),
    (pl.UInt64, "integer"),
    (pl.Date, "date"),
    (pl.Datetime, "datetime"),
    (pl.Boolean, "boolean"),
)


def _frictionless_type(dtype: Any) -> str:
    for polars_type, name in _POLARS_TYPES:
        if dtype == polars_type or isinstance(dtype, polars_type):
            return name
    return "any"


def _field(doc: Mapping[str, Any], *, constraints: bool = True) -> dict[str, Any]:
    """One Table Schema field from one column_docs() entry."""
    out: dict[str, Any] = {"name": doc["name"], "type": doc["type"]}
    description = str(doc.get("description") or "")
    rules = [c for c in doc.get("constraints") or [] if not c.startswith(_NATIVE_PREFIXES)]
    if rules and constraints:
        description = f"{description} Rules: {'; '.join(rules)}."
    if description:
        out["description"] = description
    if doc["type"] == "date":
        out["format"] = "default"  # ISO 8601 YYYY-MM-DD
    if not constraints:
        return out
    found: dict[str, Any] = {}
    if not doc.get("nullable", True):
        found["required"] = True
    if doc.get("unique"):
        found["unique"] = True
    if doc.get("minimum") is not None:
        found["minimum"] = doc["minimum"]
    if doc.get("enum"):
        found["enum"] = list(doc["enum"])
    if "not empty" in (doc.get("constraints") or []):
        found["minLength"] = 1
    if found:
        out["constraints"] = found
    return out


def fields_for_table(table: str, *, constraints: bool = True) -> list[dict[str, Any]]:
    """The fields of ``claims`` or ``articles``, in column order, from the pandera schemas."""
    fields = [_field(d, constraints=constraints) for d in column_docs() if d["table"] == table]
    if not fields:
        raise ValueError(f"no schema for table {table!r}")
    return fields


def claims_fields() -> list[dict[str, Any]]:
    """The claims table's fields (shortcut used by the tests and the About sheet)."""
    return fields_for_table("claims")


def hxl_fields() -> list[dict[str, Any]]:
    """Fields of ``claims.hxl.csv``: claims, the joined article columns, one value column per metric.

    Joined article columns lose ``required`` (a claim's article may be missing from the article
    table). Each field carries its HXL hashtag as ``rdfType``-like metadata in ``hxl``.
    """
    article = {f["name"]: f for f in fields_for_table("articles")}
    joined = []
    for name in HXL_ARTICLE_COLUMNS:
        f = dict(article[name])
        f.pop("constraints", None)
        joined.append(f)
    per_metric = [
        {
            "name": metric_column(m),
            "type": "number",
            "description": f"The claim's value when its metric is `{m.value}`, else empty "
            f"(one column per metric so that the HXL tag {tag} points at {m.value} figures only).",
            "constraints": {"minimum": 0},
        }
        for m, tag in METRIC_TAGS.items()
    ]
    fields = [*claims_fields(), *joined, *per_metric]
    for f, tag in zip(fields, hxl_row([f["name"] for f in fields]), strict=True):
        if tag:
            f["hxl"] = tag
    return fields


def fields_from_dtypes(
    columns: Sequence[str], dtypes: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Fields for a table without a pandera schema: types from ``dtypes``, docs from claims columns.

    A column missing from ``dtypes`` is typed ``any``, which validates whatever it holds.
    """
    docs = {d["name"]: d for d in column_docs() if d["table"] == "claims"}
    docs |= {d["name"]: d for d in column_docs() if d["table"] == "articles" and d["name"] not in docs}
    out: list[dict[str, Any]] = []
    for name in columns:
        kind = _frictionless_type(dtypes[name]) if dtypes and name in dtypes else "any"
        f: dict[str, Any] = {"name": name, "type": kind}
        doc = docs.get(name)
        if doc is not None and doc.get("description") and doc["type"] == kind:
            f["description"] = doc["description"]
        if kind == "date":
            f["format"] = "default"
        out.append(f)
    return out


def _infer_file_fields(path: Path, dtypes: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Fields of a CSV on disk: declared dtypes first, else what polars infers from the whole file."""
    inferred = pl.read_csv(path, infer_schema_length=None, try_parse_dates=True, n_rows=None).schema
    known = {**dict(inferred), **(dtypes or {})}
    return fields_from_dtypes(list(inferred), known)


@dataclass(slots=True)
class Resource:
    """One CSV of the package: where it is (relative to the package) and how to describe it.

    ``fields`` given: used as is. Otherwise they are read from the file, typed with ``dtypes``.
    ``comment_rows`` are 1-based row numbers counting the header (the HXL row is 2).
    """

    name: str
    path: str
    title: str
    description: str
    fields: list[dict[str, Any]] | None = None
    dtypes: Mapping[str, Any] | None = None
    primary_key: list[str] = field(default_factory=list)
    comment_rows: list[int] = field(default_factory=list)


def _resource(folder: Path, res: Resource) -> dict[str, Any]:
    fields = res.fields if res.fields is not None else _infer_file_fields(folder / res.path, res.dtypes)
    schema: dict[str, Any] = {
        "$schema": TABLE_SCHEMA_PROFILE,
        "fields": fields,
        "missingValues": [""],
    }
    if res.primary_key:
        schema["primaryKey"] = res.primary_key
    dialect: dict[str, Any] = {
        "$schema": DIALECT_PROFILE,
        "header": True,
        "delimiter": ",",
        "lineTerminator": "\r\n",
        "quoteChar": '"',
        "doubleQuote": True,
    }
    if res.comment_rows:
        dialect["commentRows"] = res.comment_rows
    return {
        "$schema": RESOURCE_PROFILE,
        "name": res.name,
        "type": "table",
        "path": res.path,
        "title": res.title,
        "description": res.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": dialect,
        "schema": schema,
    }


def sources_from_articles(articles: pl.DataFrame) -> list[dict[str, str]]:
    """One Data Package source per outlet (its site's root as ``path``), in order of first sighting."""
    if articles.is_empty() or "outlet" not in articles.columns:
        return []
    seen: dict[str, str] = {}
    urls = articles["url"].to_list() if "url" in articles.columns else [None] * articles.height
    for outlet, url in zip(articles["outlet"].to_list(), urls, strict=True):
        if not outlet or outlet in seen:
            continue
        parts = urlsplit(url or "")
        seen[outlet] = f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else ""
    return [{"title": name, **({"path": site} if site else {})} for name, site in seen.items()]


def build_datapackage(
    folder: Path,
    resources: Iterable[Resource],
    *,
    sources: list[dict[str, str]] | None = None,
    created: dt.datetime | None = None,
    command: str | None = None,
) -> dict[str, Any]:
    """The descriptor (a dict) for ``resources``, whose paths are relative to ``folder``."""
    when = (created or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": "tracker-claims",
        "title": "Casualty, displacement and attack figures reported in news articles",
        "description": "Claims extracted by tracker: one row per figure an article reports, with its "
        "qualifier, bounds, scope and source, and its place in the article text. Figures are as "
        "reported, not verified.",
        "version": __version__,
        "created": when.isoformat().replace("+00:00", "Z"),
        "resources": [_resource(folder, r) for r in resources],
    }
    if sources:
        descriptor["sources"] = sources
    if command:
        descriptor["x_tracker_command"] = command
    return descriptor


def write_datapackage(path: Path, descriptor: Mapping[str, Any]) -> None:
    """Write the descriptor as pretty, key-ordered-as-built UTF-8 JSON, atomically."""
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    atomic_write(path, lambda fh: fh.write(text.encode("utf-8")))


def rejects_fields() -> list[dict[str, Any]]:
    """Rejected rows break the constraints by definition, so only names, types and docs are given."""
    reason = {
        "name": REASON_COLUMN,
        "type": "string",
        "description": "Why the row was rejected: each failed check, '; '-separated.",
    }
    return [*fields_for_table("claims", constraints=False), reason]
