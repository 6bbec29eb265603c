"""Charts: files, alt text, index, determinism and thin or bad input."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from claim_tables import articles_frame, claim, claims_frame, scenario
from PIL import Image

from tracker.chart import MAX_TIMELINES, draw_all
from tracker.chart.style import PALETTE
from tracker.compare import compare


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    out = tmp_path_factory.mktemp("figs")
    claims, arts = scenario()
    return out, draw_all(compare(claims, arts), claims, arts, out)


def test_every_drawn_chart_has_png_svg_csv(drawn: tuple[Path, list]) -> None:
    out, infos = drawn
    made = [i for i in infos if i.drawn]
    assert {i.kind for i in made} == {"timeline", "sources", "coverage"}
    for i in made:
        assert sorted(p.suffix for p in i.files) == [".csv", ".png", ".svg"]
        assert all(p.exists() and p.stat().st_size > 0 for p in i.files)
    assert (out / "timeline-killed-lebanon-cumulative.svg").exists()


def test_alt_text_in_svg_and_png(drawn: tuple[Path, list]) -> None:
    _, infos = drawn
    for i in (i for i in infos if i.drawn):
        svg = next(p for p in i.files if p.suffix == ".svg").read_text(encoding="utf-8")
        assert "<title>" in svg and "<desc>" in svg and "<dc:description>" in svg
        assert "<dc:date>" not in svg
        with Image.open(next(p for p in i.files if p.suffix == ".png")) as im:
            assert im.text["Description"] == i.alt
            assert im.text["Title"] == i.title
            assert im.size[0] >= 640
        assert len(i.alt) > 40


def test_index_lists_every_chart_and_every_skip(drawn: tuple[Path, list]) -> None:
    out, infos = drawn
    index = (out / "index.md").read_text(encoding="utf-8")
    for i in infos:
        if i.drawn:
            for p in i.files:
                assert p.name in index
            assert " ".join(i.alt.split()) in index
        else:
            assert i.skipped in index
    assert "a10" in index  # the undated article is listed


def test_undated_articles_left_off_timelines(drawn: tuple[Path, list]) -> None:
    out, _ = drawn
    data = pl.read_csv(out / "timeline-killed-lebanon-cumulative.csv")
    assert "a10" not in data["article_id"].to_list()
    assert data["published"].null_count() == 0
    assert min(data["published"].to_list()) >= "2024-01-01"  # not placed at 1970


def test_timeline_csv_holds_exactly_the_points_shown(drawn: tuple[Path, list]) -> None:
    out, _ = drawn
    data = pl.read_csv(out / "timeline-killed-lebanon-cumulative.csv")
    claims, arts = scenario()
    table = compare(claims, arts).table
    shown = table.filter(
        (pl.col("group_id") == "killed-lebanon-cumulative") & pl.col("published").is_not_null()
    )
    assert sorted(data["claim_id"].to_list()) == sorted(shown["claim_id"].to_list())


def test_one_point_series_skipped_with_reason(drawn: tuple[Path, list]) -> None:
    _, infos = drawn
    skipped = {i.slug: i.skipped for i in infos if not i.drawn}
    assert "1 dated figure(s)" in skipped["timeline-injured-lebanon-cumulative"]


def test_svg_is_byte_identical_across_runs(tmp_path: Path) -> None:
    claims, arts = scenario()
    cmp = compare(claims, arts)
    a = draw_all(cmp, claims, arts, tmp_path / "a")
    b = draw_all(compare(claims, arts), claims, arts, tmp_path / "b")
    for x, y in zip(a, b, strict=True):
        for p, q in zip(x.files, y.files, strict=True):
            if p.suffix in (".svg", ".csv"):
                assert p.read_bytes() == q.read_bytes(), p.name
    assert (tmp_path / "a" / "index.md").read_bytes() == (tmp_path / "b" / "index.md").read_bytes()


def test_svg_uses_the_palette_and_no_legend(drawn: tuple[Path, list]) -> None:
    out, _ = drawn
    svg = (out / "timeline-killed-lebanon-cumulative.svg").read_text(encoding="utf-8").lower()
    assert PALETTE[0].lower() in svg
    assert 'id="legend' not in svg


def test_empty_table_renders_nothing_and_says_why(tmp_path: Path) -> None:
    infos = draw_all(compare(pl.DataFrame(), pl.DataFrame()), pl.DataFrame(), pl.DataFrame(), tmp_path)
    assert infos and not any(i.drawn for i in infos)
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert "timelines: no reported figures" in index
    assert "coverage: no articles" in index


def test_all_undated_articles(tmp_path: Path) -> None:
    claims = claims_frame([claim("c1", "a1", 10), claim("c2", "a2", 20)])
    arts = articles_frame({"a1": ("X", None), "a2": ("Y", None)})
    infos = draw_all(compare(claims, arts), claims, arts, tmp_path)
    kinds = {i.kind: i for i in infos}
    assert not kinds["timeline"].drawn and "0 dated figure(s) and 2 undated" in (
        kinds["timeline"].skipped or ""
    )
    assert not kinds["sources"].drawn
    assert kinds["coverage"].drawn  # the articles are still listed


def test_timelines_capped_and_old_files_removed(tmp_path: Path) -> None:
    rows = []
    arts: dict[str, tuple[str | None, str | None]] = {}
    for k in range(MAX_TIMELINES + 2):
        for d in (1, 2):
            aid = f"a{k}-{d}"
            arts[aid] = ("Outlet", f"2024-10-0{d}")
            rows.append(
                claim(f"c{k}-{d}", aid, 10 * d, location=f"Village {k}", scope="incident", period_start=None)
            )
    (tmp_path / "timeline-old.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    claims = claims_frame(rows)
    infos = draw_all(compare(claims, articles_frame(arts)), claims, articles_frame(arts), tmp_path)
    timelines = [i for i in infos if i.kind == "timeline"]
    assert sum(i.drawn for i in timelines) == MAX_TIMELINES
    assert sum("most-covered" in (i.skipped or "") for i in timelines) == 2
    assert not (tmp_path / "timeline-old.svg").exists()
    assert (tmp_path / "notes.txt").exists()


def test_chart_titles_state_a_finding(drawn: tuple[Path, list]) -> None:
    _, infos = drawn
    titles = {i.kind: i.title for i in infos if i.drawn}
    assert titles["timeline"].startswith("Lebanese health ministry revised")
    assert re.search(r"\d", titles["sources"])
    assert titles["coverage"].startswith("9 of 10 articles")
