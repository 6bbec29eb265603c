"""Pandera (polars backend) schemas for the claims and article tables, and row-level validation.

The schemas here are the executable form of the column contract in ``spec/CLAIMS.md``: every
column's dtype, nullability, enum and bounds, plus the row rules that tie columns together
(qualifier -> bounds, ``value_low <= value_high``, ``period_start <= period_end``, unique ids).
Each column carries its ``description`` so that docs and the Frictionless datapackage are
generated from the same objects that validate the data (:func:`column_docs`); enum values are
read from :mod:`tracker.model`, never retyped.

Validation never drops a row silently: :func:`validate_claims` and :func:`validate_articles`
split the input into (valid, rejects) and every reject carries a one-line ``reason`` naming each
check it failed. Checks are written row by row on purpose, including uniqueness (the first
occurrence of an id is kept, later ones are rejected), so that no failure is "whole table" and
one bad row never takes the good rows down with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any, Final

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData
from pandera.config import ValidationDepth, config_context
from pandera.errors import SchemaErrors

from tracker.model import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    Metric,
    Modality,
    Qualifier,
    Scope,
    SourceKind,
    Unit,
)

__all__ = [
    "ARTICLES_SCHEMA",
    "ARTICLE_DTYPES",
    "CLAIMS_SCHEMA",
    "CLAIM_DTYPES",
    "NO_BODY",
    "PLAUSIBLE_MAX",
    "REASON_COLUMN",
    "SPAN_MISMATCH",
    "FrameBuildError",
    "SchemaMismatch",
    "articles_frame",
    "check_spans",
    "claims_frame",
    "column_docs",
    "implausible_claims",
    "validate_articles",
    "validate_claims",
]

#: Name of the column that :func:`validate_claims` adds to the rejects.
REASON_COLUMN: Final = "reason"

#: Separator between the reasons of one rejected row (kept on one line for CSV and logs).
REASON_SEPARATOR: Final = "; "

SPAN_MISMATCH: Final = "quote does not match body[char_start:char_end]"
NO_BODY: Final = "no body for article_id"


class SchemaMismatch(ValueError):
    """The frame's columns or dtypes do not match the contract, so no row can be judged.

    Raised (rather than rejecting every row) because this is a caller bug, not bad data: the
    frame should have been built with :func:`claims_frame` / :func:`articles_frame` or read
    with ``tracker.export.read_table``.
    """


class FrameBuildError(ValueError):
    """A row value cannot be stored in its column's dtype (e.g. text in ``value``)."""


# --------------------------------------------------------------------------------------------
# Column definitions: the one place that states dtype, nullability, enum, bounds, description.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    dtype: pl.DataType
    description: str
    nullable: bool = False
    enum: type[StrEnum] | None = None
    minimum: int | None = None
    non_empty: bool = False
    unique: bool = False


_STR = pl.String()
_F64 = pl.Float64()
_I64 = pl.Int64()
_DATE = pl.Date()

_CLAIM_FIELDS: Final[tuple[_Field, ...]] = (
    _Field(
        "claim_id",
        _STR,
        "Stable id of the claim: the same article text gives the same ids on every run.",
        non_empty=True,
        unique=True,
    ),
    _Field(
        "article_id",
        _STR,
        "Id of the article the claim comes from (file name without extension, or the `id` of a "
        "collection row).",
        non_empty=True,
    ),
    _Field("metric", _STR, "What the figure counts.", enum=Metric),
    _Field(
        "value",
        _F64,
        "The number as written (`2,350` -> 2350, `1.2 million` -> 1200000); for a range its lower "
        "end; for a vague plural its base (`hundreds` -> 100).",
        minimum=0,
    ),
    _Field(
        "value_low",
        _F64,
        "Lowest value the wording allows (see the qualifier/bounds table); null when unbounded.",
        nullable=True,
        minimum=0,
    ),
    _Field(
        "value_high",
        _F64,
        "Highest value the wording allows (see the qualifier/bounds table); null when unbounded.",
        nullable=True,
        minimum=0,
    ),
    _Field("qualifier", _STR, "How the article frames the figure; decides the bounds.", enum=Qualifier),
    _Field("unit", _STR, "What one unit of the value is.", enum=Unit),
    _Field(
        "subject",
        _STR,
        'Who the figure is about, as written ("Palestinians", "children"); null if unstated.',
        nullable=True,
    ),
    _Field(
        "location",
        _STR,
        'Where, as written in the claim\'s clause or sentence ("Gaza"); null if unstated.',
        nullable=True,
    ),
    _Field("scope", _STR, "Period the figure covers: running total, one day, one incident.", enum=Scope),
    _Field(
        "period_start",
        _DATE,
        "First day the figure covers, resolved against the article's date; null if unresolvable.",
        nullable=True,
    ),
    _Field(
        "period_end",
        _DATE,
        "Last day the figure covers (the day itself for `day`, the article's date for "
        "`cumulative`); null if unresolvable.",
        nullable=True,
    ),
    _Field(
        "source",
        _STR,
        "Who the article attributes the figure to, as written; null when the article states it in "
        "its own voice.",
        nullable=True,
    ),
    _Field("source_kind", _STR, "Kind of source the figure is attributed to.", enum=SourceKind),
    _Field(
        "via",
        _STR,
        'Who relayed the figure when the article names a chain ("Axios, citing ..."); else null.',
        nullable=True,
    ),
    _Field(
        "modality",
        _STR,
        "`reported` for something that happened, `hypothetical` for threats, projections, plans.",
        enum=Modality,
    ),
    _Field("quote", _STR, "The figure's words exactly as they stand in the body text.", non_empty=True),
    _Field(
        "char_start",
        _I64,
        "Offset (Unicode code points) where `quote` starts in the article body.",
        minimum=0,
    ),
    _Field(
        "char_end",
        _I64,
        "Offset (exclusive) where `quote` ends: body[char_start:char_end] == quote.",
        minimum=0,
    ),
    _Field("sentence", _STR, "The sentence that holds the claim.", non_empty=True),
)

_ARTICLE_FIELDS: Final[tuple[_Field, ...]] = (
    _Field(
        "article_id",
        _STR,
        "The article's id: a file's name without its extension, or the `id` of a collection row.",
        non_empty=True,
        unique=True,
    ),
    _Field("title", _STR, "Headline, if the source gives one.", nullable=True),
    _Field("outlet", _STR, "Publisher or outlet name, if known.", nullable=True),
    _Field("published", _DATE, "Publication date; the anchor for resolving relative dates.", nullable=True),
    _Field("url", _STR, "Canonical URL of the article, if known.", nullable=True),
    _Field("path", _STR, "File the article was read from, if any.", nullable=True),
    _Field("n_chars", _I64, "Length of the body text in Unicode code points.", minimum=0),
)

assert tuple(f.name for f in _CLAIM_FIELDS) == CLAIM_COLUMNS, "claims schema out of step with model"
assert tuple(f.name for f in _ARTICLE_FIELDS) == ARTICLE_COLUMNS, "article schema out of step with model"

#: Polars dtypes of the claims table, in CLAIM_COLUMNS order.
CLAIM_DTYPES: Final[dict[str, pl.DataType]] = {f.name: f.dtype for f in _CLAIM_FIELDS}
#: Polars dtypes of the article table, in ARTICLE_COLUMNS order.
ARTICLE_DTYPES: Final[dict[str, pl.DataType]] = {f.name: f.dtype for f in _ARTICLE_FIELDS}


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _enum_values(enum: type[Enum]) -> list[str]:
    return [str(member.value) for member in enum]


def _finite(data: PolarsData) -> pl.LazyFrame:
    # polars orders NaN above every number, so `>= 0` alone would let NaN and inf through.
    return data.lazyframe.select(pl.col(data.key).is_finite())


def _non_empty(data: PolarsData) -> pl.LazyFrame:
    return data.lazyframe.select(pl.col(data.key).str.len_chars() > 0)


def _column_checks(f: _Field) -> list[pa.Check]:
    """Column-level checks; each `error` is the reject reason, each `description` the doc line."""
    checks: list[pa.Check] = []
    if f.enum is not None:
        checks.append(
            pa.Check.isin(
                _enum_values(f.enum),
                error=f"{f.name} not a valid {f.enum.__name__}",
                description=f"one of the {f.enum.__name__} values",
            )
        )
    if f.dtype == _F64:
        checks.append(pa.Check(_finite, error=f"{f.name} is not a finite number", description="finite"))
    if f.minimum is not None:
        checks.append(pa.Check.ge(f.minimum, error=f"{f.name} < {f.minimum}", description=f">= {f.minimum}"))
    if f.non_empty:
        checks.append(pa.Check(_non_empty, error=f"{f.name} is empty", description="not empty"))
    return checks


@dataclass(frozen=True, slots=True)
class _RowRule:
    """A check over several columns of one row. `reason` is the failure text, `rule` the doc text."""

    reason: str
    rule: str
    columns: tuple[str, ...]
    ok: pl.Expr  # True where the row passes; must never be null


def _c(name: str) -> pl.Expr:
    return pl.col(name)


def _eq(a: str, b: str) -> pl.Expr:
    """Both present and equal (null-safe: never null)."""
    return (_c(a) == _c(b)).fill_null(False)


def _when_qualifier(qualifiers: Sequence[Qualifier], cond: pl.Expr) -> pl.Expr:
    """`cond` for rows with one of `qualifiers`; other rows (and null/unknown qualifiers) pass."""
    return (
        pl.when(_c("qualifier").is_in([q.value for q in qualifiers]).fill_null(False))
        .then(cond.fill_null(False))
        .otherwise(pl.lit(True))
    )


def _ordered(low: str, high: str) -> pl.Expr:
    """`low <= high` where both are present; a missing side passes (nullability is checked apart)."""
    return (_c(low).is_null() | _c(high).is_null() | (_c(low) <= _c(high))).fill_null(False)


def _unique(name: str) -> pl.Expr:
    # The first occurrence is the claim, later ones are the duplicates: reject only those.
    return _c(name).is_first_distinct()


def _bound_rules() -> list[_RowRule]:
    """One rule per qualifier, following the qualifier/bounds table of CLAIMS.md."""
    rules: list[_RowRule] = []
    low_high = ("value_low", "value_high")  # documented on the bounds, checked against value
    for q in (Qualifier.EXACT, Qualifier.APPROXIMATELY):
        rules.append(
            _RowRule(
                f"qualifier {q}: value_low and value_high must equal value",
                f"if qualifier is {q}: value_low == value_high == value",
                low_high,
                _when_qualifier([q], _eq("value_low", "value") & _eq("value_high", "value")),
            )
        )
    for q in (Qualifier.AT_LEAST, Qualifier.MORE_THAN):
        rules.append(
            _RowRule(
                f"qualifier {q}: value_low must equal value and value_high be null",
                f"if qualifier is {q}: value_low == value and value_high is null",
                low_high,
                _when_qualifier([q], _eq("value_low", "value") & _c("value_high").is_null()),
            )
        )
    for q in (Qualifier.NEARLY, Qualifier.UP_TO, Qualifier.FEWER_THAN):
        rules.append(
            _RowRule(
                f"qualifier {q}: value_low must be null and value_high equal value",
                f"if qualifier is {q}: value_low is null and value_high == value",
                low_high,
                _when_qualifier([q], _c("value_low").is_null() & _eq("value_high", "value")),
            )
        )
    rules.append(
        _RowRule(
            "qualifier range: value_low must equal value and value_high be present",
            "if qualifier is range: value_low == value <= value_high",
            low_high,
            _when_qualifier([Qualifier.RANGE], _eq("value_low", "value") & _c("value_high").is_not_null()),
        )
    )
    rules.append(
        _RowRule(
            "qualifier vague: value_low and value_high must be present",
            "if qualifier is vague: value_low and value_high present, value_low <= value_high",
            low_high,
            _when_qualifier(
                [Qualifier.VAGUE], _c("value_low").is_not_null() & _c("value_high").is_not_null()
            ),
        )
    )
    assert {r.reason.split(":")[0].removeprefix("qualifier ") for r in rules} == set(
        _enum_values(Qualifier)
    ), "every qualifier needs a bounds rule"
    return rules


_CLAIM_RULES: Final[tuple[_RowRule, ...]] = (
    _RowRule(
        "char_end <= char_start",
        "char_end > char_start",
        ("char_start", "char_end"),
        (
            _c("char_start").is_null() | _c("char_end").is_null() | (_c("char_end") > _c("char_start"))
        ).fill_null(False),
    ),
    _RowRule(
        "value_low > value_high",
        "value_low <= value_high when both are present",
        ("value_low", "value_high"),
        _ordered("value_low", "value_high"),
    ),
    *_bound_rules(),
    _RowRule(
        "period_start > period_end",
        "period_start <= period_end when both are present",
        ("period_start", "period_end"),
        _ordered("period_start", "period_end"),
    ),
    _RowRule(
        "duplicate claim_id",
        "unique (the first occurrence is kept, later ones are rejected)",
        ("claim_id",),
        _unique("claim_id"),
    ),
)

_ARTICLE_RULES: Final[tuple[_RowRule, ...]] = (
    _RowRule(
        "duplicate article_id",
        "unique (the first occurrence is kept, later ones are rejected)",
        ("article_id",),
        _unique("article_id"),
    ),
)


def _rule_check(rule: _RowRule) -> pa.Check:
    expr = rule.ok

    def check(data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(expr.alias("ok"))

    # ignore_na=False: a null outcome must fail, never pass (expressions are null-safe anyway).
    return pa.Check(check, error=rule.reason, description=rule.rule, ignore_na=False)


def _schema(name: str, fields: Sequence[_Field], rules: Sequence[_RowRule]) -> pa.DataFrameSchema:
    columns = {
        f.name: pa.Column(
            f.dtype,
            checks=_column_checks(f),
            nullable=f.nullable,
            description=f.description,
            metadata={
                "enum": _enum_values(f.enum) if f.enum is not None else None,
                "minimum": f.minimum,
                "unique": f.unique,
            },
        )
        for f in fields
    }
    return pa.DataFrameSchema(
        columns,
        checks=[_rule_check(r) for r in rules],
        name=name,
        strict=True,
        ordered=True,
    )


#: The claims table contract (CLAIMS.md "Columns", "Qualifiers and bounds").
CLAIMS_SCHEMA: Final[pa.DataFrameSchema] = _schema("claims", _CLAIM_FIELDS, _CLAIM_RULES)
#: The article table contract.
ARTICLES_SCHEMA: Final[pa.DataFrameSchema] = _schema("articles", _ARTICLE_FIELDS, _ARTICLE_RULES)


# --------------------------------------------------------------------------------------------
# Building typed frames
# --------------------------------------------------------------------------------------------


def _to_date(value: Any) -> Any:
    """Dates arrive as date objects (Claim.row()) or ISO text (JSON, gold files)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        text = value.strip()
        return dt.date.fromisoformat(text) if text else None
    return value


def _cell(value: Any, dtype: pl.DataType) -> Any:
    if isinstance(value, Enum):
        return value.value
    if dtype == _DATE:
        return _to_date(value)
    return value


def _frame_fast(rows: list[Mapping[str, Any]], fields: Sequence[_Field]) -> pl.DataFrame | None:
    """The frame when every column polars infers from ``rows`` is already its contract dtype, else None.

    Why: the extractor's rows hold exactly the contract's types, and polars reads them in one call,
    four times faster than the checked cell-by-cell path. Inference, not a given schema, so that
    nothing is converted silently ("12" in an integer column infers as text and takes the checked
    path, which names the bad cell); a text column holding anything but text takes the checked path too;
    all-null and absent columns are typed nulls.
    """
    if not rows:
        return None
    text = [f.name for f in fields if f.dtype == _STR]
    for row in rows:  # polars would turn 12 or True in a text column into "12" / "true": not silently
        for name in text:
            v = row.get(name)
            if v is not None and not isinstance(v, str):
                return None
    try:
        inferred = pl.from_dicts(rows, infer_schema_length=None)
    except Exception:  # mixed or odd values: the checked path reports them
        return None
    exprs: list[pl.Expr] = []
    for f in fields:
        actual = inferred.schema.get(f.name)
        if actual is None or actual == pl.Null:
            exprs.append(pl.lit(None, dtype=f.dtype).alias(f.name))
        elif actual == f.dtype:
            exprs.append(pl.col(f.name))
        else:
            return None
    if not any(inferred.schema.get(f.name) == f.dtype for f in fields):
        return None  # only null literals would give one row, not len(rows)
    return inferred.select(exprs)


def _frame(rows: Iterable[Mapping[str, Any]], fields: Sequence[_Field], table: str) -> pl.DataFrame:
    rows = list(rows)
    fast = _frame_fast(rows, fields)
    if fast is not None:
        return fast
    series: list[pl.Series] = []
    for f in fields:
        values: list[Any] = []
        for i, row in enumerate(rows):
            try:
                values.append(_cell(row.get(f.name), f.dtype))
            except ValueError as exc:
                raise FrameBuildError(f"{table} row {i}: {f.name} = {row.get(f.name)!r}: {exc}") from exc
        try:
            series.append(pl.Series(f.name, values, dtype=f.dtype, strict=True))
        except (TypeError, ValueError, pl.exceptions.PolarsError) as exc:
            # Find the offending row so the message points at the data, not at polars internals.
            for i, v in enumerate(values):
                try:
                    pl.Series(f.name, [v], dtype=f.dtype, strict=True)
                except (TypeError, ValueError, pl.exceptions.PolarsError):
                    raise FrameBuildError(f"{table} row {i}: {f.name} = {v!r} is not a {f.dtype}") from exc
            raise FrameBuildError(f"{table}: column {f.name}: {exc}") from exc
    return pl.DataFrame(series)


def claims_frame(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """A typed claims frame (CLAIM_COLUMNS order, CLAIM_DTYPES) from ``Claim.row()`` dicts.

    Dates may be ``date``/``datetime`` objects or ISO text: they are parsed here because pandera
    cannot coerce text to dates on polars. Missing keys become null (gold files lack ids and
    offsets) and keys outside the contract are ignored (gold files carry ``hard``). A value that
    does not fit its dtype raises :class:`FrameBuildError` naming the row and column.
    """
    return _frame(rows, _CLAIM_FIELDS, "claims")


def articles_frame(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """A typed article frame (ARTICLE_COLUMNS order) from ``Article.row()`` dicts; see claims_frame."""
    return _frame(rows, _ARTICLE_FIELDS, "articles")


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

_INTEGER_DTYPES: Final = (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64)


def _castable(actual: pl.DataType, target: pl.DataType) -> bool:
    """Casts that cannot change a value: all-null columns, integer widening, categorical text."""
    if actual == pl.Null:
        return True
    if target == _F64:
        return actual == pl.Float32 or any(actual == t for t in _INTEGER_DTYPES)
    if target == _I64:
        return any(actual == t for t in _INTEGER_DTYPES)
    if target == _STR:
        return isinstance(actual, pl.Categorical | pl.Enum)
    return False


def _conform(df: pl.DataFrame, fields: Sequence[_Field], table: str) -> pl.DataFrame:
    """The frame in contract column order and dtypes, or SchemaMismatch if that needs guessing."""
    names = [f.name for f in fields]
    missing = [n for n in names if n not in df.columns]
    if missing:
        raise SchemaMismatch(f"{table} table is missing columns: {', '.join(missing)}")
    extra = [c for c in df.columns if c not in names]
    if extra:
        raise SchemaMismatch(f"{table} table has columns outside the contract: {', '.join(extra)}")
    exprs: list[pl.Expr] = []
    for f in fields:
        actual = df.schema[f.name]
        if actual == f.dtype:
            exprs.append(pl.col(f.name))
        elif _castable(actual, f.dtype):
            exprs.append(pl.col(f.name).cast(f.dtype, strict=True))
        else:
            raise SchemaMismatch(
                f"{table} column {f.name} is {actual}, expected {f.dtype} "
                f"(build the frame with {table}_frame() or read it with read_table())"
            )
    try:
        return df.select(exprs)
    except pl.exceptions.PolarsError as exc:  # e.g. a UInt64 beyond Int64
        raise SchemaMismatch(f"{table} table: {exc}".splitlines()[0]) from exc


def _failure_reasons(schema: pa.DataFrameSchema, df: pl.DataFrame) -> list[list[str]]:
    """Run the pandera schema lazily and map each failure case back to its row."""
    reasons: list[list[str]] = [[] for _ in range(df.height)]
    # Force data-level checks: PANDERA_VALIDATION_DEPTH=SCHEMA_ONLY or PANDERA_VALIDATION_ENABLED
    # in the environment must not turn every row check into a silent pass. (The custom checks
    # use pandera's native polars backend; PANDERA_USE_NARWHALS_BACKEND is not supported.)
    with config_context(validation_enabled=True, validation_depth=ValidationDepth.SCHEMA_AND_DATA):
        try:
            schema.validate(df, lazy=True)
        except SchemaErrors as err:
            cases: pl.DataFrame = err.failure_cases
            for column, check, index in cases.select("column", "check", "index").iter_rows():
                reason = f"{column} is null" if check == "not_nullable" else str(check)
                if index is None:
                    # A table-level failure that _conform did not foresee: it says nothing
                    # about which row is at fault, so no row may pass.
                    reason = f"{column}: {check}" if column and check != "not_nullable" else reason
                    targets: Iterable[int] = range(df.height)
                else:
                    targets = (int(index),)
                for i in targets:
                    if reason not in reasons[i]:
                        reasons[i].append(reason)
    return reasons


def _split(df: pl.DataFrame, reasons: list[list[str]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    column = pl.Series(
        REASON_COLUMN, [REASON_SEPARATOR.join(r) if r else None for r in reasons], dtype=pl.String
    )
    tagged = df.with_columns(column)
    failed = pl.col(REASON_COLUMN).is_not_null()
    return tagged.filter(~failed).drop(REASON_COLUMN), tagged.filter(failed)


def check_spans(df: pl.DataFrame, bodies: Mapping[str, str]) -> pl.Series:
    """Per row, the span failure (or null): is ``bodies[article_id][char_start:char_end] == quote``?

    Pandera sees only the claims table, so this invariant is checked here with the bodies. Offsets
    are Unicode code points, as Python string slicing counts them; offsets outside the body fail
    instead of being clipped as a Python slice would.
    """
    body = pl.col("article_id").replace_strict(dict(bodies), default=None, return_dtype=pl.String)
    start, end = pl.col("char_start"), pl.col("char_end")
    in_body = start.is_not_null() & end.is_not_null() & (start >= 0) & (end > start)
    in_body = in_body & (end <= body.str.len_chars())
    matches = (in_body & (body.str.slice(start.clip(0), (end - start).clip(0)) == pl.col("quote"))).fill_null(
        False
    )
    reason = (
        pl.when(body.is_null())
        .then(pl.lit(NO_BODY))
        .when(~matches)
        .then(pl.lit(SPAN_MISMATCH))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return df.select(reason.alias(REASON_COLUMN)).to_series()


def validate_claims(df: pl.DataFrame, bodies: Mapping[str, str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split a claims frame into (valid, rejects); ``len(valid) + len(rejects) == len(df)``.

    ``bodies`` maps article_id to the body text that offsets point into. Rejects keep every
    column plus ``reason``: each failed check on one line, ``"; "``-separated, in schema order.
    Row order is preserved in both outputs. Raises :class:`SchemaMismatch` when columns are
    missing or extra or a dtype cannot be cast losslessly (a caller bug: no row can be judged).
    """
    df = _conform(df, _CLAIM_FIELDS, "claims")
    reasons = _failure_reasons(CLAIMS_SCHEMA, df)
    for i, span in enumerate(check_spans(df, bodies)):
        if span is not None:
            reasons[i].append(span)
    return _split(df, reasons)


#: Largest figure taken without a word: no toll, displacement or barrage ever reported comes
#: near a billion (the world's population is about 8 billion). CLAIMS.md sets no upper bound
#: on ``value``, so a larger figure is kept and warned about, never rejected: it is almost
#: always something else read as a count (money, a phone number, "1e13" in a data dump).
PLAUSIBLE_MAX: Final[float] = 1e9


def implausible_claims(df: pl.DataFrame) -> list[tuple[str, str]]:
    """(article_id, warning) for each claim whose value or upper bound is above PLAUSIBLE_MAX."""
    if df.is_empty() or not {"value", "value_high"} <= set(df.columns):
        return []
    top = pl.max_horizontal(pl.col("value"), pl.col("value_high"))
    found = df.filter(top > PLAUSIBLE_MAX)
    return [
        (
            str(r["article_id"]),
            f"implausible figure {r['quote']!r} ({r['metric']} {r['value']:g}): above "
            f"{PLAUSIBLE_MAX:,.0f}, more than any toll ever reported; kept, check it "
            f"(claim {r['claim_id']})",
        )
        for r in found.iter_rows(named=True)
    ]


def validate_articles(df: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split an article frame into (valid, rejects); see :func:`validate_claims`."""
    df = _conform(df, _ARTICLE_FIELDS, "articles")
    return _split(df, _failure_reasons(ARTICLES_SCHEMA, df))


# --------------------------------------------------------------------------------------------
# Docs
# --------------------------------------------------------------------------------------------

_LOGICAL_TYPES: Final[dict[pl.DataType, str]] = {
    _STR: "string",
    _F64: "number",
    _I64: "integer",
    _DATE: "date",
}


def _docs(table: str, schema: pa.DataFrameSchema, rules: Sequence[_RowRule]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name, column in schema.columns.items():
        dtype = CLAIM_DTYPES[name] if table == "claims" else ARTICLE_DTYPES[name]
        meta: dict[str, Any] = column.metadata or {}
        constraints = [str(check.description) for check in column.checks if check.description]
        constraints += [r.rule for r in rules if name in r.columns]
        out.append(
            {
                "table": table,
                "name": name,
                "type": _LOGICAL_TYPES[dtype],
                "dtype": str(dtype),
                "nullable": bool(column.nullable),
                "unique": bool(meta.get("unique", False)),
                "minimum": meta.get("minimum"),
                "description": column.description,
                "enum": meta.get("enum"),
                "constraints": constraints,
            }
        )
    return out


def column_docs() -> list[dict[str, Any]]:
    """Every claims column then every article column, as read from the schemas themselves.

    Keys: ``table``, ``name``, ``type`` (Frictionless-style: string/number/integer/date),
    ``dtype`` (polars), ``nullable``, ``unique``, ``minimum``, ``description``, ``enum`` (list of
    values or None) and ``constraints`` (human-readable rules, column-level then row-level). Docs
    and the datapackage are generated from this so they cannot drift from validation.
    """
    return _docs("claims", CLAIMS_SCHEMA, _CLAIM_RULES) + _docs("articles", ARTICLES_SCHEMA, _ARTICLE_RULES)
