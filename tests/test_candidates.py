"""fsot_data.candidates: adjacency on synthetic squares checked by hand, candidate groups on the real built
boundaries checked against an independent adjacency test, and the exported priority-area entry read back."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from fsot_data import candidates, registry
from fsot_data.datasets import PRIORITY_AREAS_FILE, Datasets, read_priority_areas
from fsot_data.editions import EDITIONS


def squares(*boxes: tuple[str, tuple[float, float, float, float]]) -> gpd.GeoDataFrame:
    """LSOA-like shapes given in British National Grid metres (the module projects to it; here a no-op)."""
    return gpd.GeoDataFrame({"code": [c for c, _ in boxes]}, geometry=[box(*b) for _, b in boxes],
                            crs=candidates.BRITISH_NATIONAL_GRID)


def test_adjacency_needs_a_shared_edge_not_a_corner_and_tolerates_a_sliver():
    shapes = squares(("A", (0, 0, 100, 100)), ("B", (100, 0, 200, 100)),   # A|B share a 100 m edge
                     ("C", (200, 100, 300, 200)),                            # touches B at one corner only
                     ("D", (201, 0, 301, 90)),                               # 1 m sliver from B: within 2 m tolerance
                     ("E", (0, 110, 100, 210)))                              # 10 m from A: apart
    near = candidates.adjacency(shapes)
    assert near == {"A": {"B"}, "B": {"A", "D"}, "C": set(), "D": {"B"}, "E": set()}
    assert candidates.adjacent_groups(["A", "C", "D", "E"], near) == [("A",), ("C",), ("D",), ("E",)]  # B joins A to D
    assert candidates.adjacent_groups(["D", "B", "A", "C"], near) == [("A", "B", "D"), ("C",)]


@pytest.fixture(scope="module")
def data() -> Datasets:
    return Datasets()


@pytest.fixture(scope="module")
def found(data) -> pd.DataFrame:
    return candidates.find_candidates(data.lsoas("2025"), data.lsoa_shapes("2025"), data.priority_areas(), "2025", 10)


def _shared_edge_m(shapes: gpd.GeoDataFrame, a: str, b: str) -> float:
    """Length (m) along which two built boundaries coincide exactly: an independent check of adjacency."""
    geometry = shapes.set_index("code").to_crs(candidates.BRITISH_NATIONAL_GRID).geometry
    return geometry[a].boundary.intersection(geometry[b].boundary).length


def test_iod2025_candidates_cover_the_decile_1_lsoas_in_adjacent_groups(data, found):
    lsoas, shapes = data.lsoas("2025"), data.lsoa_shapes("2025")
    decile_1 = set(lsoas.loc[lsoas["imd_decile"].eq(1), "lsoa_code"])
    # 24 of the borough's 124 LSOAs are in IoD2025's decile 1 (tests/test_gaps.py, from File 7's IMD decile column);
    # each is in exactly one candidate
    assert len(decile_1) == 24 and sorted(c for g in found["lsoa_codes"] for c in g) == sorted(decile_1)
    top = found.iloc[0]
    assert (top["rank"], top["n_lsoas"], top["n_most_deprived_10pct"]) == (1, 12, 12)
    assert top["overlaps"] == "Central Stockton" and not top["new"]
    group = list(top["lsoa_codes"])
    # connected: every LSOA reached from the first through members whose built boundaries coincide for >= 20 m
    reached, frontier = {group[0]}, [group[0]]
    while frontier:
        code = frontier.pop()
        for other in group:
            if other not in reached and _shared_edge_m(shapes, code, other) >= candidates.MIN_SHARED_BOUNDARY_M:
                reached.add(other)
                frontier.append(other)
    assert reached == set(group)
    # maximal: no decile-1 LSOA outside the group shares an edge with it
    outside = decile_1 - set(group)
    assert all(_shared_edge_m(shapes, a, b) < candidates.MIN_SHARED_BOUNDARY_M for a in group for b in outside)
    # IoD2025 has no population denominators here: population is left empty, and the score is a plain mean
    assert pd.isna(top["population"]) and top["weighting"].startswith("unweighted")
    assert top["average_score"] == pytest.approx(lsoas.loc[lsoas["lsoa_code"].isin(group), "imd_score"].mean())


def test_iod2019_candidates_have_populations_and_the_20_percent_depth_widens_them(data):
    lsoas = data.lsoas("2019")
    ten = candidates.find_candidates(lsoas, data.lsoa_shapes("2019"), data.priority_areas(), "2019", 10)
    twenty = candidates.find_candidates(lsoas, data.lsoa_shapes("2019"), data.priority_areas(), "2019", 20)
    top = ten.iloc[0]
    # population = sum of File 7's "Total population: mid 2015" over the group's LSOAs
    assert top["population"] == lsoas.loc[lsoas["lsoa_code"].isin(top["lsoa_codes"]), "population"].sum() > 0
    assert twenty["n_lsoas"].sum() == lsoas["imd_decile"].isin([1, 2]).sum() > ten["n_lsoas"].sum()
    assert twenty["n_most_deprived_10pct"].sum() == ten["n_lsoas"].sum()
    with pytest.raises(ValueError, match="depth"):
        candidates.find_candidates(lsoas, data.lsoa_shapes("2019"), data.priority_areas(), "2019", 30)


def test_domain_profile_sets_each_index_against_the_rest_of_the_borough(data, found):
    first = found.iloc[0]
    lsoas = data.lsoas("2025")
    profile = candidates.domain_profile(lsoas, found, "2025")
    assert len(profile) == 8 * len(found) and profile["key"].iloc[0] == first["key"]
    profile = profile[profile["key"].eq(first["key"])].set_index("index")
    assert profile.loc["Index of Multiple Deprivation (IMD)", "share"] == 1.0  # every member is in IMD decile 1
    # by hand from the built IoD2025 table (File 7's Income decile column): members and the other 112 LSOAs
    inside = lsoas["lsoa_code"].isin(first["lsoa_codes"])
    income = profile.loc["Income"]
    assert income["share"] == pytest.approx(lsoas.loc[inside, "income_decile"].eq(1).mean())
    assert income["rest_share"] == pytest.approx(lsoas.loc[~inside, "income_decile"].eq(1).mean())
    assert income["gap_to_rest"] == pytest.approx(income["share"] - income["rest_share"])


def test_exported_entry_parses_with_the_priority_areas_reader_and_names_borough_lsoas(data, found, tmp_path):
    top = found.iloc[0]
    entry = candidates.priority_area_entry(top, data.bridge(), "2025", 10, data.lad_name, data.lad_code,
                                           registry.get("iod2025_lsoa").citation())
    pasted = tmp_path / "priority_areas.toml"
    pasted.write_text(PRIORITY_AREAS_FILE.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    areas = {a.key: a for a in read_priority_areas(data.lad_code, pasted)}
    assert len(areas) == len(read_priority_areas(data.lad_code)) + 1
    mine = areas[top["key"]]
    assert mine.name == top["name"] and mine.lsoas["2025"] == tuple(top["lsoa_codes"])
    for edition in EDITIONS:  # what Datasets.priority_areas checks: every code is a borough LSOA of that vintage
        assert set(mine.lsoas[edition]) <= set(data.lsoas(edition)["lsoa_code"]) and mine.lsoas[edition]
    # the 2011 list follows the ONS lookup: the 2011 parents of the group's 2021 LSOAs
    bridge = data.bridge()
    assert set(mine.lsoas["2019"]) == set(bridge.loc[bridge["lsoa21_code"].isin(top["lsoa_codes"]), "lsoa11_code"])


def test_exported_entry_escapes_awkward_names(data, found, tmp_path):
    awkward = found.iloc[-1].copy()
    awkward["name"], awkward["wards"] = 'Candidate "X"\\ <b>Ward</b>\nnext', "Ward ‘Ā’ (1)"
    pasted = tmp_path / "one.toml"
    pasted.write_text(candidates.priority_area_entry(awkward, data.bridge(), "2025", 10, "Place", "E06000004", "Source"),
                      encoding="utf-8")
    (area,) = read_priority_areas("E06000004", pasted)
    assert area.name == 'Candidate "X"\\ <b>Ward</b>\nnext' and "Ward ‘Ā’ (1)" in area.rationale
