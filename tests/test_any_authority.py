"""Each Tees Valley authority built from the sources: its LSOAs, deprivation, wards and postcodes are its own.

Expected counts are from ../shared/data/geo/PROVENANCE.md (features per authority in the Tees Valley
boundary files) and the official IoD File 10 local authority summaries; postcodes are rows of
geo/lookup_postcode_lsoa_tees_valley_derived.csv.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fsot_data import gaps
from fsot_data.datasets import Datasets
from geodata.postcodes import find

# geo/PROVENANCE.md sections 1 to 3: LSOAs 2011, LSOAs 2021, wards Dec 2022, wards May 2025 per authority.
EXPECTED = {
    "E06000001": ("Hartlepool", 58, 57, 12, 12),
    "E06000002": ("Middlesbrough", 86, 90, 20, 20),
    "E06000003": ("Redcar and Cleveland", 88, 88, 24, 24),
    "E06000004": ("Stockton-on-Tees", 120, 124, 26, 27),
    "E06000005": ("Darlington", 65, 66, 20, 20),
}
# One postcode of each authority: (postcode, LSOA 2021, current ward), rows of the Tees Valley postcode lookup.
POSTCODES = {
    "E06000001": ("TS24 0JH", "E01011993", "Headland & Harbour"),
    "E06000002": ("TS1 2AA", "E01035190", "Central"),
    "E06000003": ("TS10 1AB", "E01012100", "Coatham"),
    "E06000004": ("TS2 1SD", "E01012198", "Billingham South"),
    "E06000005": ("DL1 1AA", "E01035187", "Park East"),
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def authority(request, tees_valley_build):
    return request.param, Datasets(tees_valley_build / request.param)


def test_each_authority_has_its_own_lsoas_and_shapes(authority):
    lad, data = authority
    name, n2011, n2021, _, _ = EXPECTED[lad]
    assert data.lad_code == lad and data.lad_name == name
    for edition, expected in (("2019", n2011), ("2025", n2021)):
        lsoas = data.lsoas(edition)
        assert len(lsoas) == expected and set(lsoas["lad_code"]) == {lad}
        assert set(data.lsoa_shapes(edition)["code"]) == set(lsoas["lsoa_code"])


def test_decile_1_counts_match_the_official_local_authority_summaries(authority):
    lad, data = authority
    for edition in ("2019", "2025"):
        lsoas = data.lsoas(edition)
        # File 10, IMD sheet: "Proportion of LSOAs in most deprived 10% nationally", times the authority's LSOAs.
        official = gaps.official_borough(data.lad_summaries(edition), lad, "imd")["proportion_10pct"]
        assert int((lsoas["imd_decile"] == 1).sum()) == round(official * len(lsoas)), (lad, edition)
    if lad == "E06000004":  # ../shared/data/README.md: 25 of 120 (IoD2019) and 24 of 124 (IoD2025)
        assert [int((data.lsoas(e)["imd_decile"] == 1).sum()) for e in ("2019", "2025")] == [25, 24]


def test_both_ward_sets_cover_every_lsoa(authority):
    lad, data = authority
    _, _, _, n2022, n2025 = EXPECTED[lad]
    assert [len(data.ward_shapes(e)) for e in ("2019", "2025")] == [n2022, n2025]
    for edition in ("2019", "2025"):
        lsoas = data.lsoas(edition)
        assert lsoas["ward_code"].notna().all() and set(lsoas["ward_code"]) <= set(data.ward_shapes(edition)["code"])
        assert data.ward_note(edition) is None


def test_hartlepool_s_old_wards_come_from_an_area_best_fit_and_say_so(tees_valley_build):
    # geo/PROVENANCE.md: the Dec 2022 file holds Hartlepool's 2020 wards (E05013038-E05013049), while the ONS
    # IoD2019 lookup uses the WD19 codes (E05008942-E05008952): the lookup is derived from the boundaries instead.
    data = Datasets(tees_valley_build / "E06000001")
    assert "largest area overlap" in data.ward_lookup_method("2019")
    assert data.lsoas("2019")["ward_code"].str.startswith("E0501304").any()
    assert set(data.lsoas("2019")["ward_fit"]) <= {"high", "medium", "low"}
    assert data.ward_lookup_method("2025") is None  # the stored lookup names the May 2025 wards


def test_a_postcode_of_each_authority_is_found_in_it_and_outside_the_others(authority):
    lad, data = authority
    postcode, lsoa21, ward = POSTCODES[lad]
    result = find(data.postcodes(), postcode.lower().replace(" ", ""), lad, data.lad_name)
    assert result.status == "found" and result.row["lsoa21_code"] == lsoa21 and result.row["ward25_name"] == ward
    other = POSTCODES["E06000004" if lad != "E06000004" else "E06000002"][0]
    assert find(data.postcodes(), other, lad, data.lad_name).status == "outside"


def test_only_stockton_has_priority_areas(authority):
    # fsot_data/priority_areas.toml lists areas for E06000004 only.
    lad, data = authority
    assert bool(data.priority_areas()) == (lad == "E06000004")


def test_constituencies_overlap_their_authority(authority):
    # geo/PROVENANCE.md section 4: the 2024 constituency covering most of each authority.
    lad, data = authority
    names = set(data.constituency_shapes("2024")["name"])
    expected = {"E06000001": "Hartlepool", "E06000002": "Middlesbrough and Thornaby East", "E06000003": "Redcar",
                "E06000004": "Stockton West", "E06000005": "Darlington"}[lad]
    assert expected in names


def test_england_s_districts_are_dissolved_whole_and_small(tees_valley_build):
    # geo/PROVENANCE.md: the national LSOA 2021 file has 33,755 LSOAs in 296 current districts, area 130,466.43 km².
    shapes = Datasets(tees_valley_build / "E06000004").national_districts()
    assert len(shapes) == 296 and shapes.geometry.is_valid.all() and shapes["imd_rank_of_average_score"].notna().all()
    assert shapes.to_crs(27700).area.sum() / 1e6 == pytest.approx(130_466.43, rel=0.01)
    assert len(shapes[["code", "geometry"]].to_json()) < 400_000
    assert shapes.set_index("code").loc["E06000004", "region"] == "E12000001"  # North East


# --- an authority outside the Tees Valley, and several authorities in one deployment ---------------

RUTLAND = "E06000017"  # outside every stored ward and postcode extract


@pytest.fixture(scope="module")
def rutland_build(tees_valley_build, tmp_path_factory):
    from fsot_data.build import build

    root = tmp_path_factory.mktemp("rutland")
    build(root / RUTLAND, RUTLAND, report=lambda _: None, shared_from=tees_valley_build / "E06000005")
    return root


def test_an_authority_without_ward_or_postcode_files_builds_and_says_what_to_add(rutland_build, sources_dir):
    data = Datasets(rutland_build / RUTLAND)
    # Rutland's rows of the IoD2025 LSOA file, counted straight from the source; its shapes come from the national file.
    source = pd.read_csv(sources_dir / "iod/iod2025/iod2025_lsoa21_assembled.csv.gz", usecols=[2], dtype=str)
    expected = int(source.iloc[:, 0].eq(RUTLAND).sum())
    assert data.lad_name == "Rutland" and len(data.lsoa_shapes("2025")) == len(data.lsoas("2025")) == expected > 0
    assert data.lsoas("2025")["ward_code"].isna().all() and data.postcodes().empty
    assert "wards2025_bgc_E06000017.geojson" in data.ward_note("2025")
    assert "NSPL_FEB_2025_UK.zip" in data.unavailable("postcodes")
    assert data.framework() is None and data.priority_areas() == []


def _run(page: str, build_root, lads: str, monkeypatch, pick: str | None = None):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("FSOT_BUILD", str(build_root))
    monkeypatch.setenv("FSOT_LAD", lads)
    at = AppTest.from_file(str(Path(__file__).parent.parent / "app.py"), default_timeout=120).run()
    if pick:
        at.sidebar.selectbox(key="la").set_value(pick).run()
    if page != "pages/home.py":
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_map_page_of_an_authority_without_wards_or_postcodes_hides_them_with_a_note(rutland_build, monkeypatch):
    at = _run("pages/deprivation_map.py", rutland_build, RUTLAND, monkeypatch)
    notes = " ".join(i.value for i in at.info)
    assert "Postcode search is not available for Rutland" in notes and "Wards are not available for Rutland" in notes
    assert "Stockton" not in " ".join(str(e.value) for kind in (at.title, at.markdown, at.info) for e in kind)


def test_one_deployment_serves_several_authorities_without_mixing_their_tables(tees_valley_build, monkeypatch):
    # The same process, so the same caches: Stockton's figures, then Middlesbrough's, then Stockton's again.
    # ../shared/data/README.md: Stockton has 24 of 124 LSOAs in England's most deprived 10% (IoD2025); Middlesbrough's
    # count is its File 10 proportion times its 90 LSOAs (checked in the test above), 45.
    lads = "E06000004,E06000002"
    metric = lambda at: at.metric[0].value  # noqa: E731 - the first headline figure of the overview
    assert metric(_run("pages/home.py", tees_valley_build, lads, monkeypatch)) == "24 of 124"
    middlesbrough = _run("pages/home.py", tees_valley_build, lads, monkeypatch, pick="E06000002")
    assert metric(middlesbrough) == "45 of 90" and "Middlesbrough" in middlesbrough.title[0].value
    compare = _run("pages/compare_areas.py", tees_valley_build, lads, monkeypatch, pick="E06000002")
    wards = set(compare.multiselect(key="wards").value)
    assert "Stockton Town Centre" not in wards and "Central" in wards  # geo/PROVENANCE.md: TS1 2AA is in Central ward
    assert metric(_run("pages/home.py", tees_valley_build, lads, monkeypatch)) == "24 of 124"
