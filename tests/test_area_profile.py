"""Area profiles: which LSOAs an area is, the figures and sentences, the map, and a document with nothing external."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from fsot_data.area_figures import priority_area, ward_area
from fsot_data.datasets import source_lines
from fsot_data.editions import EDITIONS
from views import palettes
from views.area_profile import CAVEATS, build_profile, profile_html

SECTIONS = ("Summary", "Map", "Key indicators", "Neighbourhoods (LSOAs)", "Domain profile", "Caveats", "Sources")


def ward_code(data, edition: str, name: str) -> str:
    lsoas = data.lsoas(edition)
    return str(lsoas.loc[lsoas["ward_name"] == name, "ward_code"].iloc[0])


def profile_of(data, area):
    key = area.edition.key
    return build_profile(area, data.lsoas(key), data.lsoa_shapes(key), data.ward_shapes(key), data.indicators(),
                         data.lad_code, data.lad_name, built=date(2026, 11, 22))


def test_a_ward_is_the_lsoas_whose_best_fit_ward_it_is(data):
    lsoas = data.lsoas("2025")
    code = ward_code(data, "2025", "Stockton Town Centre")
    area = ward_area(lsoas, code, EDITIONS["2025"])
    assert set(area.lsoa_codes) == set(lsoas.loc[lsoas["ward_code"] == code, "lsoa_code"])
    assert "best-fit" in area.how_defined
    with pytest.raises(KeyError, match="no LSOAs"):
        ward_area(lsoas, "E05000000", EDITIONS["2025"])


def test_figures_and_sentences_agree_with_the_data(data):
    area = ward_area(data.lsoas("2025"), ward_code(data, "2025", "Stockton Town Centre"), EDITIONS["2025"])
    profile = profile_of(data, area)
    deciles = data.lsoas("2025").set_index("lsoa_code").loc[list(area.lsoa_codes), "imd_decile"]
    k, n = int((deciles == 1).sum()), len(deciles)
    imd = profile.domains.set_index("key").loc["imd"]
    assert (imd["n_most_deprived"], imd["n_lsoas"]) == (k, n)
    assert f"{k} of them" in profile.sentences[0] and f"has {n} neighbourhoods" in profile.sentences[0]
    assert list(profile.domains["key"]) == ["imd", "income", "employment", "education", "health", "crime",
                                            "barriers", "living_env"]
    assert profile.indicators.iloc[0]["value"].startswith(f"{k} of {n}")


def test_a_priority_area_is_set_against_the_rest_of_the_borough(data):
    area = priority_area({a.key: a for a in data.priority_areas()}["central_stockton"], EDITIONS["2019"])
    profile = profile_of(data, area)
    # IoD2019 File 7 (IMD decile column): Central Stockton 5 of 7 LSOAs in decile 1; the rest of the borough 20 of
    # 113 (tests/test_gaps.py recomputes both from the source file itself)
    imd = profile.domains.set_index("key").loc["imd"]
    assert imd["rest_share"] == pytest.approx(20 / 113) and imd["gap_to_rest"] == pytest.approx(5 / 7 - 20 / 113)
    assert "18% of LSOAs in the rest of Stockton-on-Tees" in profile.sentences[0]
    assert profile.indicators.iloc[0]["comparison"].startswith("rest of Stockton-on-Tees: 20 of 113 (18%; gap +54 points)")
    page = profile_html(profile)
    assert "Rest of the borough</th>" in page and '<td class="num">+54</td>' in page


def test_ward_statistics_appear_for_the_wards_they_were_published_for(data):
    """Claimants and fuel poverty are published for the 26 wards in force until May 2023 (IoD2019's)."""
    old = profile_of(data, ward_area(data.lsoas("2019"), ward_code(data, "2019", "Stockton Town Centre"), EDITIONS["2019"]))
    new = profile_of(data, ward_area(data.lsoas("2025"), ward_code(data, "2025", "Stockton Town Centre"), EDITIONS["2025"]))
    claimants = old.indicators[old.indicators["indicator"].str.startswith("Claimants")]
    # indicators/ward_indicators_stockton_jrf_insight.csv, CC:rate_16_64, 2023-10: Stockton Town Centre (E05001549)
    # 11.1, the largest of the 26 ward rows (Newtown next, 8.3)
    assert claimants.iloc[0]["value"] == "11.1%" and claimants.iloc[0]["comparison"].startswith("the highest of 26 wards")
    assert not new.indicators["indicator"].str.startswith("Claimants").any()


def test_priority_area_fuel_poverty_adds_up_households(data):
    area = priority_area({a.key: a for a in data.priority_areas()}["port_clarence"], EDITIONS["2019"])
    row = profile_of(data, area).indicators.set_index("indicator").filter(like="fuel poverty", axis=0).iloc[0]
    # indicators/fuel_poverty_2020_lsoa_la_desnz.csv, LSOA E01012198 (Port Clarence), 2020: FP2020:fuel_poor_households
    # 168 of FP2020:households 650 (the file's FP2020:pct: 25.846)
    assert row["value"] == "25.8% (168 of 650)"


def test_one_lsoa_reads_in_the_singular(data):
    area = priority_area({a.key: a for a in data.priority_areas()}["port_clarence"], EDITIONS["2025"])
    first = profile_of(data, area).sentences[0]
    assert first.startswith("Port Clarence is one neighbourhood (an LSOA, 2021 boundaries) and is among")


def test_map_is_an_accessible_svg_with_every_lsoa_numbered(data):
    area = priority_area({a.key: a for a in data.priority_areas()}["central_stockton"], EDITIONS["2025"])
    profile = profile_of(data, area)
    svg = profile.map_svg
    assert 'role="img"' in svg and '<title id="map-title">' in svg and '<desc id="map-desc">' in svg
    labels = re.findall(r'<text [^>]*>(\d+)</text>', svg)
    assert sorted(map(int, labels)) == sorted(profile.lsoas["imd_decile"].astype(int))
    for decile in profile.lsoas["imd_decile"].unique():
        assert f'fill="{palettes.decile_colour(decile)}"' in svg


def test_document_has_every_section_and_loads_nothing(data):
    area = ward_area(data.lsoas("2025"), ward_code(data, "2025", "Newtown"), EDITIONS["2025"])
    document = profile_html(profile_of(data, area))
    for heading in SECTIONS:
        assert f">{heading}</h2>" in document
    assert "@page" in document and "A4" in document
    assert not re.search(r"<(script|link|img|iframe)\b|\bsrc=|url\(|@import", document)
    for head, _ in CAVEATS:
        assert head in document


def test_text_from_the_data_is_escaped(data):
    area = ward_area(data.lsoas("2025"), ward_code(data, "2025", "Newtown"), EDITIONS["2025"])
    hostile = replace(area, name='<script>alert("x")</script>', references=("<b>ref</b>",))
    document = profile_html(profile_of(data, hostile))
    assert "<script>" not in document and "&lt;script&gt;" in document and "&lt;b&gt;ref" in document


def test_source_lines_merge_crown_copyright_years():
    # sources.toml: lsoa2011_boundaries and lsoa2021_boundaries both carry the ons_boundaries attribution,
    # with attribution_year 2011 and 2021
    lines = source_lines("iod2025_lsoa", "lsoa2011_boundaries", "lsoa2021_boundaries")
    assert all(line.startswith("Source: ") for line in lines[:3])
    crown = [line for line in lines if "© Crown copyright" in line]
    assert crown == ["Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
                     "Contains OS data © Crown copyright and database right 2011, 2021."]
