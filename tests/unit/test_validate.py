"""The claims/article contract as executable checks: every rule rejects what it should, and only that."""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum
from typing import Any

import pandera.polars as pa
import polars as pl
import pytest
from pandera.config import ValidationDepth, config_context

from tracker.model import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    Article,
    Claim,
    Metric,
    Modality,
    Qualifier,
    Scope,
    SourceKind,
    Unit,
)
from tracker.validate import (
    ARTICLES_SCHEMA,
    CLAIMS_SCHEMA,
    NO_BODY,
    PLAUSIBLE_MAX,
    REASON_COLUMN,
    SPAN_MISMATCH,
    FrameBuildError,
    SchemaMismatch,
    articles_frame,
    check_spans,
    claims_frame,
    column_docs,
    implausible_claims,
    validate_articles,
    validate_claims,
)
from tracker.validate.schemas import _failure_reasons

BODY = (
    "According to the Lebanese health ministry, airstrikes have resulted in at least 2,350 fatalities "
    "and left nearly 11,000 injured. Près de 41 personnes ont été tuées à Baalbek."
)
BODIES = {"a1": BODY}


def span(quote: str) -> tuple[int, int]:
    start = BODY.index(quote)
    return start, start + len(quote)


def claim_row(**overrides: Any) -> dict[str, Any]:
    """A valid at_least claim on BODY; overrides replace row values after Claim.row()."""
    start, end = span("at least 2,350 fatalities")
    claim = Claim(
        article_id="a1",
        metric=Metric.KILLED,
        value=2350,
        value_low=2350,
        value_high=None,
        qualifier=Qualifier.AT_LEAST,
        unit=Unit.PEOPLE,
        quote="at least 2,350 fatalities",
        char_start=start,
        char_end=end,
        sentence=BODY.split(". ", maxsplit=1)[0] + ".",
        subject=None,
        location="Lebanon",
        scope=Scope.CUMULATIVE,
        period_start=dt.date(2023, 10, 8),
        period_end=dt.date(2024, 9, 23),
        source="Lebanese health ministry",
        source_kind=SourceKind.HEALTH_AUTHORITY,
        claim_id="good",
    )
    row = claim.row()
    row.update(overrides)
    return row


def bounds(qualifier: Qualifier, value: float, low: float | None, high: float | None) -> dict[str, Any]:
    return {"qualifier": str(qualifier), "value": value, "value_low": low, "value_high": high}


def run(*rows: dict[str, Any], bodies: dict[str, str] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    df = claims_frame(list(rows))
    valid, rejects = validate_claims(df, BODIES if bodies is None else bodies)
    assert valid.height + rejects.height == df.height
    return valid, rejects


def reasons_of(rejects: pl.DataFrame) -> list[list[str]]:
    return [r.split("; ") for r in rejects[REASON_COLUMN].to_list()]


# --- good rows ------------------------------------------------------------------------------

GOOD = {
    "at_least": {},
    "exact": bounds(Qualifier.EXACT, 2350, 2350, 2350),
    "exact zero": bounds(Qualifier.EXACT, 0, 0, 0),
    "more_than": bounds(Qualifier.MORE_THAN, 2350, 2350, None),
    "approximately": bounds(Qualifier.APPROXIMATELY, 2350, 2350, 2350),
    "nearly": bounds(Qualifier.NEARLY, 2350, None, 2350),
    "up_to": bounds(Qualifier.UP_TO, 2350, None, 2350),
    "fewer_than": bounds(Qualifier.FEWER_THAN, 2350, None, 2350),
    "range": bounds(Qualifier.RANGE, 2350, 2350, 2400),
    "range equal ends": bounds(Qualifier.RANGE, 2350, 2350, 2350),
    "vague hundreds": bounds(Qualifier.VAGUE, 100, 200, 999),
    "nullable fields null": {
        "subject": None,
        "location": None,
        "source": None,
        "via": None,
        "period_start": None,
        "period_end": None,
    },
    "one-day period": {
        "scope": "day",
        "period_start": dt.date(2024, 9, 23),
        "period_end": dt.date(2024, 9, 23),
    },
    "only period_end": {"period_start": None},
    "hypothetical with via": {"modality": "hypothetical", "via": "Axios"},
    "non-ascii span": {
        "quote": "Près de 41 personnes",
        "char_start": span("Près de 41 personnes")[0],
        "char_end": span("Près de 41 personnes")[1],
        **bounds(Qualifier.NEARLY, 41, None, 41),
    },
    "dates as ISO text": {"period_start": "2023-10-08", "period_end": "2024-09-23"},
}


@pytest.mark.parametrize("overrides", GOOD.values(), ids=GOOD.keys())
def test_good_rows_are_kept(overrides: dict[str, Any]) -> None:
    valid, rejects = run(claim_row(**overrides))
    assert rejects.height == 0, rejects[REASON_COLUMN].to_list()
    assert valid.height == 1
    assert valid.columns == list(CLAIM_COLUMNS)


# --- bad rows: one per check ------------------------------------------------------------------

_START, _END = span("at least 2,350 fatalities")

BAD: dict[str, tuple[dict[str, Any], str]] = {
    # non-null columns
    "claim_id null": ({"claim_id": None}, "claim_id is null"),
    "claim_id empty": ({"claim_id": ""}, "claim_id is empty"),
    "article_id empty": ({"article_id": ""}, "article_id is empty"),
    "value null": ({"value": None}, "value is null"),
    "quote null": ({"quote": None}, "quote is null"),
    "sentence empty": ({"sentence": ""}, "sentence is empty"),
    "char_start null": ({"char_start": None}, "char_start is null"),
    "metric null": ({"metric": None}, "metric is null"),
    # enums
    "metric unknown": ({"metric": "wounded"}, "metric not a valid Metric"),
    "qualifier unknown": ({"qualifier": "about"}, "qualifier not a valid Qualifier"),
    "unit unknown": ({"unit": "families"}, "unit not a valid Unit"),
    "scope unknown": ({"scope": "week"}, "scope not a valid Scope"),
    "source_kind unknown": ({"source_kind": "ministry"}, "source_kind not a valid SourceKind"),
    "modality unknown": ({"modality": "threat"}, "modality not a valid Modality"),
    "enum case matters": ({"metric": "Killed"}, "metric not a valid Metric"),
    # numbers
    "value negative": (bounds(Qualifier.EXACT, -1, -1, -1), "value < 0"),
    "value_low negative": (bounds(Qualifier.RANGE, 0, -5, 10), "value_low < 0"),
    "value_high negative": (bounds(Qualifier.UP_TO, 0, None, -1), "value_high < 0"),
    "value NaN": ({"value": math.nan}, "value is not a finite number"),
    "value_high inf": (bounds(Qualifier.RANGE, 2350, 2350, math.inf), "value_high is not a finite number"),
    "char_start negative": ({"char_start": -1}, "char_start < 0"),
    "char_end == char_start": ({"char_end": _START}, "char_end <= char_start"),
    "char_end < char_start": ({"char_start": _END, "char_end": _START}, "char_end <= char_start"),
    "value_low > value_high": (bounds(Qualifier.RANGE, 50, 50, 10), "value_low > value_high"),
    "vague low > high": (bounds(Qualifier.VAGUE, 100, 999, 200), "value_low > value_high"),
    # qualifier -> bounds
    "exact without high": (
        bounds(Qualifier.EXACT, 41, 41, None),
        "qualifier exact: value_low and value_high must equal value",
    ),
    "exact off value": (
        bounds(Qualifier.EXACT, 41, 40, 41),
        "qualifier exact: value_low and value_high must equal value",
    ),
    "approximately as a range": (
        bounds(Qualifier.APPROXIMATELY, 100, 90, 110),
        "qualifier approximately: value_low and value_high must equal value",
    ),
    "at_least with high": (
        bounds(Qualifier.AT_LEAST, 2350, 2350, 3000),
        "qualifier at_least: value_low must equal value and value_high be null",
    ),
    "at_least without low": (
        bounds(Qualifier.AT_LEAST, 2350, None, None),
        "qualifier at_least: value_low must equal value and value_high be null",
    ),
    "more_than low off": (
        bounds(Qualifier.MORE_THAN, 2350, 2351, None),
        "qualifier more_than: value_low must equal value and value_high be null",
    ),
    "nearly with low": (
        bounds(Qualifier.NEARLY, 11000, 10000, 11000),
        "qualifier nearly: value_low must be null and value_high equal value",
    ),
    "up_to high off": (
        bounds(Qualifier.UP_TO, 500, None, 600),
        "qualifier up_to: value_low must be null and value_high equal value",
    ),
    "fewer_than without high": (
        bounds(Qualifier.FEWER_THAN, 10, None, None),
        "qualifier fewer_than: value_low must be null and value_high equal value",
    ),
    "range low is not value": (
        bounds(Qualifier.RANGE, 10, 5, 20),
        "qualifier range: value_low must equal value and value_high be present",
    ),
    "range without high": (
        bounds(Qualifier.RANGE, 10, 10, None),
        "qualifier range: value_low must equal value and value_high be present",
    ),
    "vague without bounds": (
        bounds(Qualifier.VAGUE, 100, None, None),
        "qualifier vague: value_low and value_high must be present",
    ),
    # dates
    "period_start > period_end": (
        {"period_start": dt.date(2024, 9, 24), "period_end": dt.date(2024, 9, 23)},
        "period_start > period_end",
    ),
    # span
    "quote differs from body": ({"quote": "at least 2,351 fatalities"}, SPAN_MISMATCH),
    "offsets shifted": ({"char_start": _START + 1, "char_end": _END + 1}, SPAN_MISMATCH),
    "offsets past body end": ({"char_start": len(BODY) - 2, "char_end": len(BODY) + 5}, SPAN_MISMATCH),
    "unknown article": ({"article_id": "nope"}, NO_BODY),
}


@pytest.mark.parametrize(("overrides", "reason"), BAD.values(), ids=BAD.keys())
def test_bad_row_is_rejected_with_its_reason(overrides: dict[str, Any], reason: str) -> None:
    bad = claim_row(**{"claim_id": "bad", **overrides})
    valid, rejects = run(claim_row(), bad, claim_row(claim_id="good2"))
    assert valid["claim_id"].to_list() == ["good", "good2"]
    assert rejects.height == 1
    assert reason in reasons_of(rejects)[0], rejects[REASON_COLUMN][0]
    assert rejects.columns == [*CLAIM_COLUMNS, REASON_COLUMN]


def test_every_qualifier_has_a_bounds_rule_that_fires() -> None:
    fired = {r.split(":")[0] for _, r in BAD.values() if r.startswith("qualifier ") and ":" in r}
    assert fired == {f"qualifier {q}" for q in Qualifier}


def test_reasons_are_joined_on_one_line_in_schema_order() -> None:
    bad = claim_row(claim_id="bad", quote="at least 2,351 fatalities", **bounds(Qualifier.RANGE, 50, 50, 10))
    _, rejects = run(bad)
    assert rejects[REASON_COLUMN].to_list() == [f"value_low > value_high; {SPAN_MISMATCH}"]
    assert "\n" not in rejects[REASON_COLUMN][0]


def test_duplicate_claim_id_rejects_only_later_rows() -> None:
    rows = [
        claim_row(claim_id="x"),
        claim_row(claim_id="y"),
        claim_row(claim_id="x"),
        claim_row(claim_id="x"),
    ]
    valid, rejects = run(*rows)
    assert valid["claim_id"].to_list() == ["x", "y"]
    assert rejects["claim_id"].to_list() == ["x", "x"]
    assert rejects[REASON_COLUMN].to_list() == ["duplicate claim_id", "duplicate claim_id"]


def test_implausible_figures_are_kept_and_warned_about() -> None:
    """CLAIMS.md sets no upper bound on value, so 1e13 killed is not rejected; it is named."""
    rows = [
        claim_row(claim_id="big", **bounds(Qualifier.EXACT, 1e13, 1e13, 1e13)),
        claim_row(claim_id="high", **bounds(Qualifier.UP_TO, 1e20, None, 1e20)),
        claim_row(claim_id="edge", **bounds(Qualifier.EXACT, PLAUSIBLE_MAX, PLAUSIBLE_MAX, PLAUSIBLE_MAX)),
        claim_row(claim_id="ok"),
    ]
    valid, rejects = run(*rows)
    assert valid["claim_id"].to_list() == ["big", "high", "edge", "ok"] and rejects.is_empty()
    found = implausible_claims(valid)
    assert [w.split("(claim ")[-1] for _, w in found] == ["big)", "high)"]
    assert found[0][1].startswith("implausible figure ") and "killed 1e+13" in found[0][1]
    assert implausible_claims(claims_frame([])) == []


def test_extract_warns_about_an_implausible_figure(tmp_path: Any) -> None:
    from tracker.pipeline import run_extract

    (tmp_path / "a.md").write_text("Officials said 10000000000000 people were killed.\n", encoding="utf-8")
    seen: list[str] = []
    summary = run_extract([tmp_path / "a.md"], tmp_path / "out" / "claims.csv", on_warning=seen.append)
    assert summary.claims == 1
    assert len(seen) == 1 and seen[0].startswith(f"{tmp_path / 'a.md'}: implausible figure '10000000000000 people'")


def test_rejects_keep_every_value_and_row_order() -> None:
    rows = [claim_row(claim_id=f"c{i}", value=-1.0 if i % 2 else 2350.0) for i in range(6)]
    df = claims_frame(rows)
    valid, rejects = validate_claims(df, BODIES)
    assert valid["claim_id"].to_list() == ["c0", "c2", "c4"]
    assert rejects["claim_id"].to_list() == ["c1", "c3", "c5"]
    assert rejects.drop(REASON_COLUMN).schema == df.schema
    assert valid.schema == df.schema
    back = pl.concat([valid, rejects.drop(REASON_COLUMN)]).sort("claim_id")
    assert back.equals(df.sort("claim_id"))


def test_empty_frame_validates_to_two_empty_frames() -> None:
    valid, rejects = validate_claims(claims_frame([]), BODIES)
    assert (valid.height, rejects.height) == (0, 0)
    assert rejects.columns == [*CLAIM_COLUMNS, REASON_COLUMN]


def test_row_checks_run_even_if_environment_asks_for_schema_only() -> None:
    with config_context(validation_depth=ValidationDepth.SCHEMA_ONLY):
        _, rejects = run(claim_row(value=-1.0))
    assert rejects.height == 1


# --- span invariant -------------------------------------------------------------------------


def test_check_spans_matches_python_slicing() -> None:
    quotes = ["at least 2,350 fatalities", "nearly 11,000", "Près de 41 personnes", "Baalbek"]
    rows = []
    for i, q in enumerate(quotes):
        start, end = span(q)
        assert BODY[start:end] == q
        rows.append(claim_row(claim_id=f"c{i}", quote=q, char_start=start, char_end=end))
    result = check_spans(claims_frame(rows), BODIES)
    assert result.to_list() == [None] * len(quotes)


def test_check_spans_reports_missing_body_and_mismatch() -> None:
    rows = [
        claim_row(claim_id="a"),
        claim_row(claim_id="b", article_id="other"),
        claim_row(claim_id="c", quote="2,350"),
    ]
    assert check_spans(claims_frame(rows), BODIES).to_list() == [None, NO_BODY, SPAN_MISMATCH]


# --- enums and docs come from tracker.model -------------------------------------------------

ENUMS: dict[str, type[StrEnum]] = {
    "metric": Metric,
    "qualifier": Qualifier,
    "unit": Unit,
    "scope": Scope,
    "source_kind": SourceKind,
    "modality": Modality,
}


@pytest.mark.parametrize(("column", "enum"), ENUMS.items(), ids=ENUMS.keys())
def test_enum_values_equal_the_model(column: str, enum: type[StrEnum]) -> None:
    expected = [m.value for m in enum]
    isin = [c for c in CLAIMS_SCHEMA.columns[column].checks if c.name == "isin"]
    assert len(isin) == 1
    assert list(isin[0].statistics["allowed_values"]) == expected
    docs = {d["name"]: d for d in column_docs() if d["table"] == "claims"}
    assert docs[column]["enum"] == expected


@pytest.mark.parametrize("unit", list(Unit))
@pytest.mark.parametrize("scope", list(Scope))
def test_every_enum_value_is_accepted(unit: Unit, scope: Scope) -> None:
    valid, _ = run(claim_row(unit=str(unit), scope=str(scope)))
    assert valid.height == 1


def test_schemas_cover_the_model_columns() -> None:
    assert tuple(CLAIMS_SCHEMA.columns) == CLAIM_COLUMNS
    assert tuple(ARTICLES_SCHEMA.columns) == ARTICLE_COLUMNS
    assert isinstance(CLAIMS_SCHEMA, pa.DataFrameSchema)


def test_column_docs_describe_every_column() -> None:
    docs = column_docs()
    assert [d["name"] for d in docs] == [*CLAIM_COLUMNS, *ARTICLE_COLUMNS]
    for d in docs:
        assert d["description"], d["name"]
        assert d["type"] in {"string", "number", "integer", "date"}
        assert isinstance(d["constraints"], list)
    claims = {d["name"]: d for d in docs if d["table"] == "claims"}
    nullable = {n for n, d in claims.items() if d["nullable"]}
    assert nullable == {
        "value_low",
        "value_high",
        "subject",
        "location",
        "period_start",
        "period_end",
        "source",
        "via",
    }
    assert claims["period_start"]["type"] == "date"
    assert claims["char_start"]["type"] == "integer"
    assert claims["value"]["minimum"] == 0
    assert claims["claim_id"]["unique"] is True
    assert any("value_low <= value_high" in c for c in claims["value_low"]["constraints"])
    assert CLAIMS_SCHEMA.columns["quote"].description == claims["quote"]["description"]


# --- building frames ------------------------------------------------------------------------


def test_claims_frame_types_and_order() -> None:
    df = claims_frame([claim_row(), {"article_id": "a2", "quote": "x", "hard": True}])
    assert df.columns == list(CLAIM_COLUMNS)
    assert df.schema["value"] == pl.Float64
    assert df.schema["char_start"] == pl.Int64
    assert df.schema["period_start"] == pl.Date
    assert df["period_start"][0] == dt.date(2023, 10, 8)
    assert df.row(1, named=True)["claim_id"] is None  # missing keys are null, extras ignored


def test_claims_frame_parses_dates_from_text_and_datetimes() -> None:
    df = claims_frame([claim_row(period_start="2023-10-08", period_end=dt.datetime(2024, 9, 23, 12, 30))])
    assert df.row(0, named=True)["period_start"] == dt.date(2023, 10, 8)
    assert df.row(0, named=True)["period_end"] == dt.date(2024, 9, 23)


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        ({"period_start": "Oct. 8"}, "period_start"),
        ({"value": "many"}, "value"),
        ({"char_start": "12"}, "char_start"),
    ],
)
def test_claims_frame_names_the_bad_cell(overrides: dict[str, Any], needle: str) -> None:
    with pytest.raises(FrameBuildError, match=f"row 1: {needle}"):
        claims_frame([claim_row(), claim_row(**overrides)])


def test_validate_refuses_a_frame_off_the_contract() -> None:
    df = claims_frame([claim_row()])
    with pytest.raises(SchemaMismatch, match="missing columns: quote"):
        validate_claims(df.drop("quote"), BODIES)
    with pytest.raises(SchemaMismatch, match="outside the contract: extra"):
        validate_claims(df.with_columns(extra=pl.lit(1)), BODIES)
    with pytest.raises(SchemaMismatch, match="period_start is String"):
        validate_claims(df.with_columns(pl.col("period_start").cast(pl.String)), BODIES)


def test_validate_accepts_lossless_dtype_differences() -> None:
    df = claims_frame([claim_row(subject=None)]).with_columns(
        pl.lit(None).alias("subject"), pl.col("char_start").cast(pl.Int32), pl.col("value").cast(pl.Int64)
    )
    valid, rejects = validate_claims(df, BODIES)
    assert (valid.height, rejects.height) == (1, 0)
    assert valid.schema["subject"] == pl.String
    assert valid.schema["value"] == pl.Float64


# --- articles -------------------------------------------------------------------------------


def article_row(**overrides: Any) -> dict[str, Any]:
    row = Article(
        article_id="a1", body=BODY, title="Toll rises", published=dt.date(2024, 9, 23), path="a1.md"
    ).row()
    row.update(overrides)
    return row


ARTICLE_BAD = {
    "article_id null": ({"article_id": None}, "article_id is null"),
    "article_id empty": ({"article_id": ""}, "article_id is empty"),
    "n_chars negative": ({"n_chars": -1}, "n_chars < 0"),
    "n_chars null": ({"n_chars": None}, "n_chars is null"),
}


@pytest.mark.parametrize(("overrides", "reason"), ARTICLE_BAD.values(), ids=ARTICLE_BAD.keys())
def test_bad_article_rows(overrides: dict[str, Any], reason: str) -> None:
    df = articles_frame([article_row(), article_row(**{"article_id": "a2", **overrides})])
    valid, rejects = validate_articles(df)
    assert valid["article_id"].to_list() == ["a1"]
    assert reason in reasons_of(rejects)[0]


def test_articles_good_duplicate_and_dates() -> None:
    df = articles_frame(
        [
            article_row(),
            article_row(article_id="a2", published="2024-09-24", title=None, path=None),
            article_row(title="again"),
        ]
    )
    assert df.columns == list(ARTICLE_COLUMNS)
    assert df.schema["published"] == pl.Date
    valid, rejects = validate_articles(df)
    assert valid["article_id"].to_list() == ["a1", "a2"]
    assert rejects["title"].to_list() == ["again"]
    assert rejects[REASON_COLUMN].to_list() == ["duplicate article_id"]


def test_a_table_level_failure_rejects_every_row_rather_than_none() -> None:
    # Pandera reports checks that return one boolean without a row index; such a failure must
    # reject all rows (none can be vouched for) instead of being lost when mapping to rows.
    schema = pa.DataFrameSchema(
        {"x": pa.Column(pl.Int64)}, checks=[pa.Check(lambda _: False, error="table broken")]
    )
    reasons = _failure_reasons(schema, pl.DataFrame({"x": [1, 2]}))
    assert reasons == [["table broken"], ["table broken"]]


def test_claims_frame_fast_path_equals_checked_path() -> None:
    """Rows holding the contract's types take polars' one-call read; the frame must be the one the
    cell-by-cell path builds (same columns, dtypes, values, and typed nulls for absent keys)."""
    from tracker.validate import schemas

    rows = [
        {"article_id": "a", "metric": "killed", "value": 12.0, "value_low": 12.0, "value_high": 12.0,
         "qualifier": "exact", "unit": "people", "scope": "day", "period_start": dt.date(2024, 9, 23),
         "period_end": dt.date(2024, 9, 23), "source_kind": "unattributed", "modality": "reported",
         "quote": "12 people", "char_start": 0, "char_end": 9, "extra_key": "ignored"},
        {"article_id": "b", "metric": "injured", "value": 3.0, "qualifier": "exact", "unit": "people",
         "scope": "unknown", "source_kind": "media", "modality": "reported", "quote": "three", "char_start": 4,
         "char_end": 9, "source": "AP"},
    ]
    fast = schemas._frame_fast(rows, schemas._CLAIM_FIELDS)
    assert fast is not None
    checked = schemas._frame(
        [{**r, "period_start": r.get("period_start") and r["period_start"].isoformat()} for r in rows],
        schemas._CLAIM_FIELDS, "claims")  # ISO text forces the checked path
    assert fast.equals(checked)
    assert fast.schema == checked.schema
    assert schemas._frame_fast([{"char_start": "12"}], schemas._CLAIM_FIELDS) is None  # text is not an integer
    assert schemas._frame_fast([{}, {}], schemas._CLAIM_FIELDS) is None  # would be one row of literals


def test_claims_frame_fast_path_refuses_non_text_in_text_columns() -> None:
    """Polars would read 12 in a text column as "12"; the checked path must see it and name the cell."""
    from tracker.validate import schemas

    rows = [{"article_id": "a1", "quote": "x"}, {"article_id": 12, "quote": "y"}]
    assert schemas._frame_fast(rows, schemas._CLAIM_FIELDS) is None
    with pytest.raises(schemas.FrameBuildError, match="article_id"):
        schemas.claims_frame(rows)
