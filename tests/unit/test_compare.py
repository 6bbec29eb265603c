"""Series, source/place normalisation and the five comparison flags, on hand-made claim tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from claim_tables import articles_frame, claim, claims_frame, scenario

from tracker.compare import TABLE_SCHEMA, compare, read_table, write_comparison
from tracker.compare.series import (
    AliasError,
    load_aliases,
    normalise_place,
    normalise_source,
    normalise_subject,
    parse_aliases,
)

ALIASES = load_aliases()


def run(rows: list[dict[str, Any]], arts: dict[str, tuple[str | None, str | None]]) -> pl.DataFrame:
    return compare(claims_frame(rows), articles_frame(arts)).table


def flags_of(table: pl.DataFrame) -> dict[str, str]:
    return dict(zip(table["claim_id"].to_list(), table["flags"].to_list(), strict=True))


def flagged(table: pl.DataFrame, flag: str) -> set[str]:
    return {cid for cid, f in flags_of(table).items() if flag in f.split(";")}


# --------------------------------------------------------------------------------------------
# Normalisation


@pytest.mark.parametrize("loc", ["Lebanon", "in Lebanon", "across Lebanon", "throughout Lebanon", "LEBANON"])
def test_country_variants_are_one_place(loc: str) -> None:
    p = normalise_place(loc, ALIASES)
    assert p is not None and p.name == "Lebanon" and p.level == "country"


def test_sub_national_place_is_its_own_series() -> None:
    south = normalise_place("southern Lebanon", ALIASES)
    assert south is not None and south.name == "South Lebanon"
    t = run(
        [claim("c1", "a1", 2000), claim("c2", "a2", 900, location="southern Lebanon")],
        {"a1": ("X", "2024-10-01"), "a2": ("Y", "2024-10-02")},
    )
    assert t["series_id"].n_unique() == 2
    assert flagged(t, "revised_down") == set()


def test_unknown_place_keeps_its_name() -> None:
    p = normalise_place("in Basta, central Beirut", ALIASES)
    assert p is not None and p.name == "Basta, central Beirut" and p.level == "other"


@pytest.mark.parametrize(
    "source",
    [
        "the Lebanese health ministry",
        "Lebanon's Ministry of Public Health",
        "Lebanese Ministry of Public Health (via NNA)",
        "Lebanese health minister Firass Abiad",
        "Lebanon’s health ministry",
    ],
)
def test_source_variants_are_one_source(source: str) -> None:
    assert normalise_source(source, ALIASES) == "Lebanese health ministry"


def test_generic_source_resolved_from_the_article() -> None:
    ctx = ["According to the Lebanese health ministry, 41 people were killed."]
    assert normalise_source("the health ministry", ALIASES, context=ctx) == "Lebanese health ministry"
    gaza = normalise_place("Gaza", ALIASES)
    assert normalise_source("the health ministry", ALIASES, place=gaza) == "Gaza health ministry"
    # Nothing to go on: it stays as written, not guessed.
    assert normalise_source("the health ministry", ALIASES) == "Health ministry"


def test_generic_source_in_table_joins_the_named_body() -> None:
    t = run(
        [
            claim("c1", "a1", 2000),
            claim("c2", "a2", 2100, source="the health ministry", location=None, sentence="It said 2,100."),
        ],
        {"a1": ("X", "2024-10-01"), "a2": ("Y", "2024-10-02")},
    )
    assert set(t["source_norm"]) == {"Lebanese health ministry"}
    assert t["series_id"].n_unique() == 1


def test_palestinians_and_people_in_gaza_are_one_population() -> None:
    a = normalise_subject("Palestinians", ALIASES)
    b = normalise_subject("people in Gaza", ALIASES)
    assert a.group == b.group == "people"
    assert b.place is not None and b.place.name == "Gaza Strip"
    t = run(
        [
            claim("c1", "a1", 40000, subject="Palestinians", location="Gaza", source="Gaza health ministry"),
            claim(
                "c2", "a2", 40100, subject="people in Gaza", location=None, source="Gaza's Ministry of Health"
            ),
        ],
        {"a1": ("X", "2024-08-15"), "a2": ("Y", "2024-08-16")},
    )
    assert t["series_id"].n_unique() == 1
    assert t["place"].to_list() == ["Gaza Strip", "Gaza Strip"]


def test_children_are_a_separate_series() -> None:
    t = run(
        [claim("c1", "a1", 2000), claim("c2", "a2", 127, subject="Lebanese children including infants")],
        {"a1": ("X", "2024-10-01"), "a2": ("Y", "2024-10-02")},
    )
    assert sorted(t["subject_group"].to_list()) == ["children", "people"]
    assert flagged(t, "revised_down") == set()


def test_missing_location_falls_back_to_source_home() -> None:
    t = run([claim("c1", "a1", 10, location=None)], {"a1": ("X", "2024-10-01")})
    assert t["place"][0] == "Lebanon"
    t = run([claim("c1", "a1", 10, location=None, source=None)], {"a1": ("X", "2024-10-01")})
    assert t["place"][0] == "unspecified"
    assert t["source_norm"][0] == "unattributed (X)"


def test_scope_and_start_date_split_series() -> None:
    t = run(
        [
            claim("c1", "a1", 2000),
            claim("c2", "a1", 1000, period_start="2024-09-23"),
            claim("c3", "a1", 50, scope="day", period_start=None),
            claim("c4", "a1", 12, scope="incident", period_start=None),
        ],
        {"a1": ("X", "2024-10-01")},
    )
    assert t["series_id"].n_unique() == 4


def test_unstated_start_joins_the_sources_only_start() -> None:
    t = run(
        [claim("c1", "a1", 2000), claim("c2", "a2", 2100, period_start=None)],
        {"a1": ("X", "2024-10-01"), "a2": ("Y", "2024-10-03")},
    )
    assert t["series_id"].n_unique() == 1
    assert t.filter(pl.col("claim_id") == "c2")["start_inferred"][0] is True


# --------------------------------------------------------------------------------------------
# Alias file validation


def _doc() -> dict[str, Any]:
    return {
        "places": {"Lebanon": {"level": "country", "variants": ["lebanon"]}},
        "subjects": {"people": {"variants": ["people"]}},
        "sources": {"X": {"variants": ["x"]}},
    }


def test_alias_typo_key_is_an_error() -> None:
    doc = _doc()
    doc["sources"]["X"]["varaints"] = ["y"]
    with pytest.raises(AliasError, match="varaints"):
        parse_aliases(doc)


def test_alias_empty_list_is_an_error() -> None:
    doc = _doc()
    doc["places"]["Lebanon"]["variants"] = []
    with pytest.raises(AliasError, match="non-empty"):
        parse_aliases(doc)


def test_alias_variant_under_two_names_is_an_error() -> None:
    doc = _doc()
    doc["places"]["Liban"] = {"level": "country", "variants": ["lebanon"]}
    with pytest.raises(AliasError, match="also listed"):
        parse_aliases(doc)


def test_alias_bad_level_and_unknown_place() -> None:
    doc = _doc()
    doc["places"]["Lebanon"]["level"] = "nation"
    with pytest.raises(AliasError, match="level"):
        parse_aliases(doc)
    doc = _doc()
    doc["sources"]["X"]["place"] = "Atlantis"
    with pytest.raises(AliasError, match="Atlantis"):
        parse_aliases(doc)


def test_packaged_alias_file_loads(tmp_path: Path) -> None:
    assert ALIASES.sources
    bad = tmp_path / "a.yaml"
    bad.write_text("places: [\n", encoding="utf-8")
    with pytest.raises(AliasError) as err:
        load_aliases(bad)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"aliases: {bad}:2:1: ")


# --------------------------------------------------------------------------------------------
# revised_down


def test_revised_down_positive() -> None:
    t = run(
        [claim("c1", "a1", 2350), claim("c2", "a2", 2300)],
        {"a1": ("Reuters", "2024-10-01"), "a2": ("AP", "2024-10-03")},
    )
    assert flags_of(t) == {"c1": "", "c2": "revised_down"}
    detail = t.filter(pl.col("claim_id") == "c2")["flag_detail"][0]
    assert detail == "revised down from 2,350 (a1, Reuters, 1 Oct 2024)"


def test_no_revision_or_conflict_where_the_place_is_unknown() -> None:
    """Regression: Gaza's 40,005 and Lebanon's 3,642, both from an unnamed "health ministry" and with no
    place, met in one series and were flagged revised_down. Without a place a lower figure proves nothing."""
    t = run(
        [claim("c1", "a1", 40005, location=None, source="health ministry", period_start=None),
         claim("c2", "a2", 3642, location=None, source="health ministry", period_start=None)],
        {"a1": ("IFP News", "2024-08-15"), "a2": ("LBCI", "2024-11-22")},
    )
    assert flagged(t, "revised_down") == set() and flagged(t, "conflict") == set()


def test_rising_total_is_not_revised() -> None:
    t = run(
        [claim("c1", "a1", 2350), claim("c2", "a2", 2400), claim("c3", "a3", 2400)],
        {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-03"), "a3": ("AFP", "2024-10-04")},
    )
    assert flagged(t, "revised_down") == set()


def test_revised_figure_repeated_later_is_flagged_once() -> None:
    t = run(
        [claim("c1", "a1", 1400), claim("c2", "a2", 1200), claim("c3", "a3", 1200)],
        {"a1": ("R", "2023-11-01"), "a2": ("AP", "2023-11-10"), "a3": ("AFP", "2023-11-12")},
    )
    assert flagged(t, "revised_down") == {"c2"}


def test_round_figure_is_not_a_revision() -> None:
    t = run(
        [claim("c1", "a1", 30035), claim("c2", "a2", 30000)],
        {"a1": ("AP", "2024-02-29"), "a2": ("R", "2024-03-02")},
    )
    assert flagged(t, "revised_down") == set()
    t = run(
        [claim("c1", "a1", 45000), claim("c2", "a2", 30000)],
        {"a1": ("AP", "2024-02-29"), "a2": ("R", "2024-03-02")},
    )
    assert flagged(t, "revised_down") == {"c2"}


def test_lower_figure_from_another_source_is_not_revised() -> None:
    t = run(
        [claim("c1", "a1", 2350), claim("c2", "a2", 2000, source="Israeli military", source_kind="military")],
        {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-03")},
    )
    assert flagged(t, "revised_down") == set()


def test_unattributed_lower_figure_is_not_revised() -> None:
    t = run(
        [claim("c1", "a1", 2350, source=None), claim("c2", "a2", 2000, source=None)],
        {"a1": ("R", "2024-10-01"), "a2": ("R", "2024-10-03")},
    )
    assert flagged(t, "revised_down") == set()


def test_bounds_keep_at_least_from_being_a_revision() -> None:
    # "nearly 2,400" can be 2,350: not lower.
    t = run(
        [claim("c1", "a1", 2400, qualifier="nearly"), claim("c2", "a2", 2350)],
        {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-03")},
    )
    assert flagged(t, "revised_down") == set()


def test_incident_revision_at_a_site_with_wording() -> None:
    rows = [
        claim("c1", "a1", 500, scope="incident", period_start=None, location="al-Ahli Arab hospital"),
        claim(
            "c2",
            "a2",
            471,
            scope="incident",
            period_start=None,
            location="al-Ahli Arab hospital",
            sentence="The ministry revised the toll to 471.",
        ),
    ]
    t = run(rows, {"a1": ("R", "2023-10-17"), "a2": ("AP", "2023-10-18")})
    assert flagged(t, "revised_down") == {"c2"}


def test_two_strikes_in_a_country_are_not_a_revision() -> None:
    rows = [
        claim("c1", "a1", 5, scope="incident", period_start=None),
        claim("c2", "a2", 3, scope="incident", period_start=None),
    ]
    t = run(rows, {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-02")})
    assert flagged(t, "revised_down") == set()


def test_day_tolls_are_never_revisions() -> None:
    rows = [
        claim("c1", "a1", 558, scope="day", period_start=None),
        claim("c2", "a2", 45, scope="day", period_start=None),
    ]
    t = run(rows, {"a1": ("R", "2024-09-23"), "a2": ("AP", "2024-09-25")})
    assert flags_of(t) == {"c1": "", "c2": ""}


# --------------------------------------------------------------------------------------------
# scope_change


def test_later_start_is_scope_change_not_revision() -> None:
    rows = [claim("c1", "a1", 2600), claim("c2", "a2", 1700, source="AFP tally", period_start="2024-09-23")]
    t = run(rows, {"a1": ("News.Az", "2024-10-29"), "a2": ("Gulf News", "2024-10-29")})
    assert flags_of(t) == {"c1": "", "c2": "scope_change"}
    assert "counts since 23 Sep 2024" in t.filter(pl.col("claim_id") == "c2")["flag_detail"][0]


def test_same_source_later_start_is_scope_change_only() -> None:
    rows = [claim("c1", "a1", 1640), claim("c2", "a2", 1030, period_start="2024-09-16")]
    t = run(rows, {"a1": ("R", "2024-09-28"), "a2": ("AP", "2024-09-29")})
    assert flags_of(t) == {"c1": "", "c2": "scope_change"}


def test_higher_figure_with_later_start_is_not_scope_change() -> None:
    rows = [claim("c1", "a1", 1000), claim("c2", "a2", 1100, period_start="2024-09-23")]
    t = run(rows, {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-02")})
    assert flagged(t, "scope_change") == set()


def test_unstated_start_never_explains_a_drop() -> None:
    rows = [
        claim("c1", "a1", 2600, source="A"),
        claim("c2", "a1", 2000, source="A", period_start="2024-01-01"),
        claim("c3", "a2", 1700, source="B", period_start=None),
    ]
    t = run(rows, {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-02")})
    assert "c3" not in flagged(t, "scope_change")


# --------------------------------------------------------------------------------------------
# copied

SENT = "According to Lebanon's health ministry, at least 2,350 people have been killed since Oct. 8."


def _copy_rows(sentence_b: str = SENT, quote_b: str = "at least 2,350 people") -> list[dict[str, Any]]:
    return [
        claim("c1", "a1", 2350, qualifier="at_least", quote="at least 2,350 people", sentence=SENT),
        claim("c2", "a2", 2350, qualifier="at_least", quote=quote_b, sentence=sentence_b),
    ]


def test_copied_positive() -> None:
    t = run(_copy_rows(), {"a1": ("Reuters", "2024-10-05"), "a2": ("Yahoo News", "2024-10-06")})
    assert flags_of(t) == {"c1": "", "c2": "copied"}
    assert t.filter(pl.col("claim_id") == "c2")["flag_detail"][0] == "copied from a1 (Reuters, 5 Oct 2024)"


def test_copied_with_whitespace_and_case_changes() -> None:
    rows = _copy_rows(
        sentence_b="  ACCORDING to Lebanon's health ministry,  at least 2,350 people have been killed."
    )
    t = run(rows, {"a1": ("Reuters", "2024-10-05"), "a2": ("Yahoo", "2024-10-05")})
    assert flagged(t, "copied") == {"c2"}


def test_copied_needs_another_outlet() -> None:
    t = run(_copy_rows(), {"a1": ("Reuters", "2024-10-05"), "a2": ("Reuters", "2024-10-06")})
    assert flagged(t, "copied") == set()


def test_copied_needs_the_same_wording() -> None:
    other = "Israeli strikes on Lebanon have now left at least 2,350 people dead, officials in Beirut said."
    t = run(
        _copy_rows(sentence_b=other, quote_b="at least 2,350 people dead"),
        {"a1": ("R", "2024-10-05"), "a2": ("AP", "2024-10-06")},
    )
    assert flagged(t, "copied") == set()


def test_copied_needs_the_earlier_article() -> None:
    t = run(_copy_rows(), {"a1": ("Reuters", "2024-10-07"), "a2": ("Yahoo", "2024-10-06")})
    assert flagged(t, "copied") == {"c1"}


def test_copied_ignores_undated_articles() -> None:
    t = run(_copy_rows(), {"a1": ("Reuters", "2024-10-05"), "a2": ("Yahoo", None)})
    assert flagged(t, "copied") == set()


# --------------------------------------------------------------------------------------------
# conflict


def test_conflict_positive() -> None:
    rows = [claim("c1", "a1", 100), claim("c2", "a2", 120, source="Israeli military")]
    t = run(rows, {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-02")})
    assert flagged(t, "conflict") == {"c1", "c2"}


def test_at_least_100_and_105_do_not_conflict() -> None:
    rows = [claim("c1", "a1", 100, qualifier="at_least"), claim("c2", "a2", 105, source="Israeli military")]
    t = run(rows, {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-01")})
    assert flagged(t, "conflict") == set()


def test_within_ten_percent_is_not_a_conflict() -> None:
    rows = [claim("c1", "a1", 100), claim("c2", "a2", 109, source="Israeli military")]
    t = run(rows, {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-01")})
    assert flagged(t, "conflict") == set()


def test_conflict_needs_two_sources_within_a_day() -> None:
    same_source = [claim("c1", "a1", 100), claim("c2", "a2", 150)]
    t = run(same_source, {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-01")})
    assert flagged(t, "conflict") == set()
    far_apart = [claim("c1", "a1", 100), claim("c2", "a2", 150, source="Israeli military")]
    t = run(far_apart, {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-04")})
    assert flagged(t, "conflict") == set()


def test_ranges_conflict_only_when_apart() -> None:
    rows = [
        claim(
            "c1",
            "a1",
            100,
            qualifier="range",
            value_low=100.0,
            value_high=300.0,
            scope="incident",
            period_start=None,
        ),
        claim("c2", "a2", 471, scope="incident", period_start=None, source="Gaza health ministry"),
        claim("c3", "a2", 250, scope="incident", period_start=None, source="Al-Shifa director"),
    ]
    t = run(rows, {"a1": ("R", "2023-10-18"), "a2": ("AP", "2023-10-18")})
    assert flagged(t, "conflict") == {"c1", "c2", "c3"}
    detail = t.filter(pl.col("claim_id") == "c3")["flag_detail"][0]
    assert "471" in detail and "100-300" not in detail


# --------------------------------------------------------------------------------------------
# stale


def test_stale_same_day() -> None:
    rows = [claim("c1", "a1", 2600), claim("c2", "a2", 2083)]
    t = run(rows, {"a1": ("Gulf News", "2024-10-29"), "a2": ("Blog", "2024-10-29")})
    assert flags_of(t) == {"c1": "", "c2": "stale"}


def test_stale_recycled_value_is_not_a_revision() -> None:
    rows = [claim("c1", "a1", 2000), claim("c2", "a2", 2300), claim("c3", "a3", 2000)]
    t = run(rows, {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-05"), "a3": ("Blog", "2024-10-09")})
    assert flags_of(t) == {"c1": "", "c2": "", "c3": "stale"}


def test_stale_by_as_of_date() -> None:
    rows = [claim("c1", "a1", 2300), claim("c2", "a2", 2200, period_end="2024-10-02")]
    t = run(rows, {"a1": ("R", "2024-10-05"), "a2": ("AP", "2024-10-07")})
    assert flags_of(t) == {"c1": "", "c2": "stale"}


def test_restated_earlier_figure_is_neither_stale_nor_revised() -> None:
    rows = [
        claim("c1", "a1", 450),
        claim("c2", "a2", 480),
        claim("c3", "a2", 412, period_end="2024-09-30", sentence="Up from 412 on Monday."),
    ]
    t = run(rows, {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-02")})
    assert flags_of(t) == {"c1": "", "c2": "", "c3": ""}


def test_same_day_lower_figure_with_revision_wording_is_a_revision() -> None:
    rows = [
        claim("c1", "a1", 500),
        claim("c2", "a2", 471, sentence="The ministry revised its toll down to 471."),
    ]
    t = run(rows, {"a1": ("R", "2024-10-01"), "a2": ("AP", "2024-10-01")})
    assert flags_of(t) == {"c1": "", "c2": "revised_down"}


# --------------------------------------------------------------------------------------------
# Whole tables and bad input


def test_scenario_flags_exactly() -> None:
    claims, arts = scenario()
    t = compare(claims, arts).table
    assert flagged(t, "revised_down") == {"c05"}
    assert flagged(t, "scope_change") == {"c06"}
    assert flagged(t, "copied") == {"c03"}
    assert flagged(t, "stale") == {"c08"}
    assert flagged(t, "conflict") == {"c08", "c10"}
    assert "c11" not in set(t["claim_id"])  # hypothetical: listed nowhere
    expected = {"c03": "copied", "c05": "revised_down", "c06": "scope_change", "c08": "conflict;stale"}
    expected |= {"c10": "conflict"}
    assert {k: v for k, v in flags_of(t).items() if v} == expected


def test_flags_are_sorted_and_semicolon_joined() -> None:
    claims, arts = scenario()
    t = compare(claims, arts).table
    for f in t["flags"].to_list():
        parts = [p for p in f.split(";") if p]
        assert parts == sorted(parts)


def test_table_is_ordered_by_series_then_date() -> None:
    claims, arts = scenario()
    t = compare(claims, arts).table
    assert t.columns == list(TABLE_SCHEMA)
    for _, g in t.group_by("series_id", maintain_order=True):
        dates = g["published"].to_list()
        dated = [d for d in dates if d is not None]
        assert dated == sorted(dated)
        assert dates[: len(dated)] == dated  # undated last


def test_summary_and_undated() -> None:
    claims, arts = scenario()
    cmp = compare(claims, arts)
    main = cmp.summary.row(0, named=True)
    assert main["series_id"] == "killed-lebanon-cumulative-since-2023-10-08"
    assert main["n_undated"] == 1
    assert "Lebanese health ministry: more than 2,600 (2024-10-29)" in main["latest_by_source"]
    assert main["min"] == 2083 and main["max"] == 3100
    assert cmp.undated_articles["article_id"].to_list() == ["a10"]


def test_empty_table() -> None:
    cmp = compare(pl.DataFrame(), pl.DataFrame())
    assert cmp.table.is_empty() and cmp.summary.is_empty() and cmp.undated_articles.is_empty()
    assert cmp.table.columns == list(TABLE_SCHEMA)


def test_only_hypothetical_claims() -> None:
    cmp = compare(claims_frame([claim("c1", "a1", 5, modality="hypothetical")]), None)
    assert cmp.table.is_empty()
    assert cmp.undated_articles["article_id"].to_list() == ["a1"]


def test_one_point_series_and_no_article_table() -> None:
    cmp = compare(claims_frame([claim("c1", "a1", 5)]))
    assert cmp.table.height == 1 and cmp.table["flags"][0] == ""
    assert cmp.summary["n_claims"][0] == 1


def test_month_only_and_bad_dates_are_undated() -> None:
    t = run([claim("c1", "a1", 5), claim("c2", "a2", 6)], {"a1": ("X", "2024-10"), "a2": ("Y", "not a date")})
    assert t["published"].null_count() == 2


def test_csv_round_trip(tmp_path: Path) -> None:
    claims, arts = scenario()
    claims.write_csv(tmp_path / "claims.csv")
    arts.write_csv(tmp_path / "articles.csv")
    cmp = compare(read_table(tmp_path / "claims.csv"), read_table(tmp_path / "articles.csv"))
    assert cmp.table.equals(compare(claims, arts).table)
    written = write_comparison(cmp, tmp_path / "out" / "comparison.csv")
    assert [p.name for p in written] == ["comparison.csv", "comparison.summary.csv", "comparison.undated.csv"]
    assert all(p.exists() for p in written)


def test_edited_table_numbers_are_read_or_named(tmp_path: Path) -> None:
    """A claims table edited in a spreadsheet: "12,000" is 12000; "abc" drops its claim but the
    drop is named (column, rows, claim ids) instead of vanishing silently."""
    claims, arts = scenario()
    claims.write_csv(tmp_path / "claims.csv")
    edited = read_table(tmp_path / "claims.csv")
    ids = edited["claim_id"].to_list()
    values = edited["value"].to_list()
    values[0], values[2] = "12,000", "abc"
    highs = edited["value_high"].to_list()
    highs[3] = "n/a"
    edited = edited.with_columns(pl.Series("value", values), pl.Series("value_high", highs))
    cmp = compare(edited, arts)
    got = dict(zip(cmp.table["claim_id"].to_list(), cmp.table["value"].to_list(), strict=True))
    assert got[ids[0]] == 12000.0
    assert ids[2] not in got
    assert len(cmp.warnings) == 2
    value_warning, bound_warning = cmp.warnings
    assert "1 row(s) with a value that is not a number" in value_warning
    assert "'abc'" in value_warning and "rows 3;" in value_warning and ids[2] in value_warning
    assert "value_high" in bound_warning and "rows 4;" in bound_warning and ids[3] in bound_warning
    assert compare(claims, arts).warnings == ()


def test_malformed_separators_are_not_guessed() -> None:
    rows = [claim("c1", "a1", 5), claim("c2", "a1", 6)]
    df = claims_frame(rows).with_columns(pl.Series("value", ["1,2", "12,00"]))
    cmp = compare(df)
    assert cmp.table.is_empty()
    assert "2 row(s) with a value" in cmp.warnings[0]


def test_repeated_claim_id_is_compared_once_with_a_warning() -> None:
    cmp = compare(claims_frame([claim("c1", "a1", 5), claim("c1", "a1", 5), claim("c2", "a2", 7)]))
    assert sorted(cmp.table["claim_id"].to_list()) == ["c1", "c2"]
    assert cmp.warnings == ("1 claim row(s) repeat an earlier claim_id (e.g. c1); the first row of each was compared",)


def test_cli_compare_prints_the_dropped_rows(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tracker.cli import main

    claims, arts = scenario()
    edited = claims.with_columns(pl.col("value").cast(pl.String)).with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(pl.lit("abc")).otherwise(pl.col("value")).alias("value")
    )
    edited.write_csv(tmp_path / "claims.csv")
    arts.write_csv(tmp_path / "articles.csv")
    res = CliRunner().invoke(main, ["compare", str(tmp_path / "claims.csv"), "-o", str(tmp_path / "c.csv")])
    assert res.exit_code == 0, res.output
    warned = [ln for ln in res.output.splitlines() if "not a number" in ln]
    assert len(warned) == 1
    assert warned[0].startswith(f"tracker: warning: {tmp_path / 'claims.csv'}: 1 row(s) with a value")
    assert "rows 2;" in warned[0]
