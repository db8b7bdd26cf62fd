"""geodata/places.py and the place tables: MSOA names, NaPTAN streets and localities, OpenStreetMap main roads.

Expected figures come from ../shared/data/places/PROVENANCE.md (which counted them from the same files) or
from reading the named source file directly, as each comment says.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from datafiles.errors import DataProblem
from fsot_data.registry import attribution_lines, get, locate
from fsot_data.store import load
from geodata import places

NAPTAN_AREAS = ("075", "076", "077", "078", "079")


def test_msoa_names_files_read_whole_and_name_the_borough(sources_dir):
    names21 = places.read_msoa_names(sources_dir / "places/msoa_names/MSOA-Names-2.3.csv", "2021", 7264)
    names11 = places.read_msoa_names(sources_dir / "places/msoa_names/MSOA-Names-1.21.csv", "2011", 7201)
    # PROVENANCE.md: 7,264 rows in v2.3 and 7,201 in v1.21; Stockton has 26 MSOA21 and 24 MSOA11.
    assert (len(names21), len(names11)) == (7264, 7201)
    assert names21["msoa_name"].str.startswith("Stockton-on-Tees ").sum() == 26
    assert names11["msoa_name"].str.startswith("Stockton-on-Tees ").sum() == 24
    # PROVENANCE.md: E02007060 is new in 2021 and named "Central Stockton & Portrack".
    assert names21.set_index("msoa_code").at["E02007060", "place_name"] == "Central Stockton & Portrack"


def test_a_truncated_names_file_is_refused_with_the_fix(tmp_path, sources_dir):
    lines = (sources_dir / "places/msoa_names/MSOA-Names-2.3.csv").read_text(encoding="utf-8-sig").splitlines()
    cut = tmp_path / "MSOA-Names-2.3.csv"
    cut.write_text("\n".join(lines[:100]) + "\n", encoding="utf-8")
    with pytest.raises(DataProblem, match="has 99 MSOAs; the published file has 7,264"):
        places.read_msoa_names(cut, "2021", 7264)


def test_every_lsoa_is_named_after_its_msoa(data):
    lsoas = data.lsoas("2025")
    assert lsoas["lsoa_name"].notna().all() and len(lsoas) == 124
    # MSOA-Names-2.3.csv: msoa21nm "Stockton-on-Tees 025" has msoa21hclnm "Central Stockton & Portrack";
    # MSOA-Names-1.21.csv: msoa11nm "Stockton-on-Tees 015" has msoa11hclnm "Fairfield".
    row = lsoas.set_index("ons_lsoa_name").loc["Stockton-on-Tees 025D"]
    assert row["lsoa_name"] == "Stockton-on-Tees 025D, Central Stockton & Portrack"
    old = data.lsoas("2019").set_index("ons_lsoa_name")
    assert old.at["Stockton-on-Tees 015A", "lsoa_name"] == "Stockton-on-Tees 015A, Fairfield"
    assert data.lsoas("2019")["lsoa_name"].str.match(r"^Stockton-on-Tees \d{3}[A-Z], .+").all()


def test_lsoa_name_prefix_is_the_msoa(sources_dir, data):
    names21 = places.read_msoa_names(sources_dir / "places/msoa_names/MSOA-Names-2.3.csv", "2021").set_index("msoa_name")
    lsoas = data.lsoas("2025")
    # The name prefix of each LSOA ("Stockton-on-Tees 025D" -> "Stockton-on-Tees 025") is an MSOA in the file,
    # and the readable name is that MSOA's msoa21hclnm (PROVENANCE.md: all 425 Tees Valley LSOA21 match).
    for ons_name, place in zip(lsoas["ons_lsoa_name"], lsoas["place_name"], strict=True):
        assert names21.at[ons_name[:-1], "place_name"] == place


def test_an_lsoa_without_its_msoa_is_a_data_problem():
    lsoas = pd.DataFrame({"lsoa_code": ["E01000001", "E01000002"], "lsoa_name": ["Town 001A", "Town 002A"]})
    names = pd.DataFrame({"msoa_code": ["E02000001"], "msoa_name": ["Town 001"], "place_name": ["Old Quay"]})
    with pytest.raises(DataProblem, match="1 LSOAs have no MSOA in the names file"):
        places.neighbourhood_names(lsoas, names, "names.csv")
    named = places.neighbourhood_names(lsoas.iloc[:1], names, "names.csv")
    assert named["neighbourhood"].tolist() == ["Town 001A, Old Quay"]


def test_naptan_keeps_active_stops_only(sources_dir):
    stops = pd.concat([places.read_naptan_stops(sources_dir / f"places/naptan/{area}Stops.csv") for area in NAPTAN_AREAS])
    # PROVENANCE.md: 3,983 of the 4,761 stops across the five areas are active, and every one has a street.
    assert len(stops) == 3983
    assert stops["street"].notna().all() and stops["locality"].notna().all()


def test_bus_stop_streets_per_lsoa(data):
    stops = load("bus_stops_2025")
    # PROVENANCE.md: 123 of Stockton's 124 LSOA21 contain at least one active stop; 288 distinct street names.
    assert stops["lsoa_code"].nunique() == 123
    assert stops["street"].nunique() == 288
    streets = data.bus_stop_streets("2025")
    central = data.lsoas("2025").set_index("ons_lsoa_name").at["Stockton-on-Tees 025D", "lsoa_code"]
    mine = streets.loc[streets["lsoa_code"] == central]
    # 077Stops.csv: the active stops inside E01035199's ONS polygon include 13 on High Street, and Bridge Road
    # written both "Bridge Road" (2) and "BRIDGE ROAD" (1): one street of 3 stops.
    assert mine.iloc[0][["street", "stops"]].tolist() == ["High Street", 13]
    assert mine.set_index("street").at["Bridge Road", "stops"] == 3
    assert "BRIDGE ROAD" not in set(mine["street"])


def test_stops_are_placed_by_polygon():
    shapes = gpd.GeoDataFrame({"code": ["A", "B"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=4326)
    stops = gpd.GeoDataFrame({"atco_code": ["s1", "s2", "s3"], "stop_name": ["x", "y", "z"],
                              "street": ["Low Road", "Low Road", "Far Lane"], "locality": ["P", "P", "Q"]},
                             geometry=[Point(0.5, 0.5), Point(1.5, 0.5), Point(5, 5)], crs=4326)
    placed = places.stops_in_lsoas(stops, shapes)
    assert dict(zip(placed["atco_code"], placed["lsoa_code"], strict=True)) == {"s1": "A", "s2": "B"}  # s3 is in neither


def test_localities_are_named_points(data):
    found = data.localities().set_index("name")
    # PROVENANCE.md names Hardwick, Roseworth, Portrack, Elm Tree and Newtown among the NPTG localities.
    assert {"Hardwick", "Roseworth", "Portrack", "Elm Tree", "Newtown"} <= set(found.index)
    assert (found["stops"] > 0).all()


def test_main_roads_are_cut_to_the_borough_and_named(data):
    roads = data.main_roads()
    outline = data.outline().geometry.iloc[0]
    assert roads.geometry.within(outline.buffer(0.0021)).all()
    # PROVENANCE.md: in Stockton 47 named roads, among them Yarm Road, Norton Road, Thornaby Road and Portrack Lane
    # (a few more cross the 200 m margin kept beyond the edge).
    named = set(roads["name"].dropna())
    assert {"Yarm Road", "Norton Road", "Thornaby Road", "Portrack Lane"} <= named
    assert 47 <= len(named) <= 52
    labels = data.road_labels()
    assert set(labels["name"]) <= named and "Yarm Road" in set(labels["name"])


def test_place_sources_carry_their_own_licences():
    lines = attribution_lines(["msoa_names_2021", "naptan_077", "osm_main_roads"])
    # places/PROVENANCE.md: Open Parliament Licence (names), OGL (NaPTAN), ODbL with "© OpenStreetMap contributors".
    assert any("Open Parliament Licence v3.0" in line for line in lines)
    assert any("Open Government Licence v3.0" in line for line in lines)
    assert any(line.startswith("© OpenStreetMap contributors") for line in lines)
    assert get("osm_main_roads").licence == "Open Database Licence 1.0"
    assert locate("naptan_077").name == "077Stops.csv"
