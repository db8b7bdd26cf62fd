"""Presentation slides: the figures on each slide and the PNG export (the change rule: tests/test_edition_change.py)."""

from __future__ import annotations

import struct

import pytest

from fsot_data.area_figures import index_shares
from fsot_data.edition_change import ENTERED, STAYED
from fsot_data.editions import EDITIONS
from fsot_data.gaps import headline_comparisons
from fsot_data.indicators import load_crosswalk
from views import export
from views.slides import build_slides, export_chart, footer_lines, slide_png

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def slides(data):
    return {slide.key: slide for slide in build_slides(data, load_crosswalk())}


def test_four_slides_in_order_each_with_a_text_alternative(slides):
    assert list(slides) == ["map", "domains", "priority", "change"]
    for slide in slides.values():
        assert slide.title and slide.subtitle and slide.description
        assert not slide.table.empty
        assert slide.chart.to_dict()["description"] == slide.description  # the chart's ARIA label


def test_map_slide_counts_the_most_deprived_lsoas(data, slides):
    lsoas = data.lsoas("2025")
    k = int((lsoas["imd_decile"] == 1).sum())
    slide = slides["map"]
    assert slide.title.startswith(f"{k} of ")
    assert slide.table["LSOAs in England's most deprived 10%"].sum() == k
    assert list(slide.table["Map marker"]) == list(range(1, len(slide.table) + 1))


def test_map_geometry_reaches_vega_lite_as_geojson(slides):
    """Streamlit flattens a GeoDataFrame into a table (geometry lost); GeoJSON features pass through."""
    spec = slides["map"].chart.to_dict()
    fill = spec["hconcat"][0]["layer"][0]
    assert fill["mark"]["type"] == "geoshape"
    values = spec["datasets"][fill["data"]["name"]]
    assert values[0]["type"] == "Feature" and values[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert {"band", "lsoa_name", "ward_name"} <= set(values[0]["properties"])


def test_index_shares_match_the_official_district_summaries(data):
    """The borough's share of LSOAs in the most deprived 10% equals MHCLG's File 10 figure for each index."""
    shares = index_shares(data.lsoas("2025"), EDITIONS["2025"]).set_index("index")
    official = data.lad_summaries("2025")
    official = official[(official["lad_code"] == data.lad_code) & (official["measure"] == "proportion_10pct")]
    from fsot_data.indices import INDEX_BY_KEY
    for row in official.itertuples():
        assert shares.loc[INDEX_BY_KEY[row.index].label, "share"] == pytest.approx(row.value, abs=5e-5)


def test_headline_comparisons_give_one_latest_figure_per_domain_and_sex(data):
    table = headline_comparisons(data.indicators(), load_crosswalk(), data.lad_code)
    assert not table.duplicated(["domain", "indicator"]).any()
    assert set(table["judgement"]) <= {"better", "similar", "worse", "not judged", "no comparison"}
    assert table["comparator_value"].notna().all()
    sii = table[table["indicator"].str.startswith("Gap in life expectancy")]
    assert len(sii) == 2  # men and women


def test_priority_slide_counts_each_area(data, slides):
    table = slides["priority"].table.set_index("Area")
    lsoas = data.lsoas("2025")
    for area in data.priority_areas():
        counts = lsoas[lsoas["lsoa_code"].isin(area.lsoas["2025"])]["imd_decile"].value_counts()
        assert table.loc[area.name, "Decile 1"] == counts.get(1, 0)
        assert table.loc[area.name].sum() == len(area.lsoas["2025"])


def test_change_slide_adds_up_to_the_borough(data, slides):
    tally = slides["change"].table.set_index("2019 to 2025")["LSOAs (2021 boundaries)"]
    assert tally.sum() == len(data.lsoas("2025"))
    assert tally[STAYED] + tally[ENTERED] == int((data.lsoas("2025")["imd_decile"] == 1).sum())


def test_png_export_carries_title_sources_and_licence(slides):
    slide = slides["priority"]
    spec = export_chart(slide).to_dict()
    assert "Open Government Licence" in " ".join(spec["title"]["text"])
    assert slide.title.split(":")[0] in " ".join(spec["vconcat"][0]["title"]["text"])
    assert any("English Indices of Deprivation 2025" in line for line in footer_lines(slide))
    png = slide_png(slide)
    assert png.startswith(PNG_MAGIC) and len(png) > 20_000
    assert struct.unpack(">II", png[16:24]) == export.SLIDE_SIZE == (1920, 1080)  # IHDR width, height
