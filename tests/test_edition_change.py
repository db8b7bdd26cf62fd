"""fsot_data/edition_change.py: the one rule for a 2021 LSOA's move in or out of England's 10% most deprived.

Synthetic cases for every ONS change code, then real merged LSOAs from the national sources (the borough
itself has no merged LSOA: iod/PROVENANCE.md, "116 U and 8 S ... no M or X").
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from fsot_data import map_view_model
from fsot_data.edition_change import ENTERED, LEFT, NEITHER, NOT_COMPARABLE, STAYED, decile1_change
from fsot_data.indices import read_iod_lsoa
from geodata.lookups import read_lsoa_bridge
from views import slides


def _lsoas(deciles: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"lsoa_code": list(deciles), "lsoa_name": list(deciles), "ward_name": "W",
                         "imd_decile": [float(d) for d in deciles.values()], "imd_rank": 1.0})


def test_every_change_code_gets_its_status():
    older = _lsoas({"A11": 1, "B11": 3, "C11": 1, "D11": 1, "E11": 1, "F11": 4, "G11": 1, "H11": 2, "K11": 5, "L11": 7})
    newer = _lsoas({"A21": 1, "B21": 1, "C21a": 1, "C21b": 5, "DE21": 1, "FG21": 1, "H21": 1, "KL21": 4, "Z21": 3})
    bridge = pd.DataFrame([
        ("A11", "A21", "U"), ("B11", "B21", "U"),                        # stayed; entered
        ("C11", "C21a", "S"), ("C11", "C21b", "S"),                      # split: stayed; left
        ("D11", "DE21", "M"), ("E11", "DE21", "M"),                      # merged, both in: stayed
        ("F11", "FG21", "M"), ("G11", "FG21", "M"),                      # merged, parents disagree
        ("H11", "H21", "X"),                                             # irregular
        ("K11", "KL21", "M"), ("L11", "KL21", "M"),                      # merged, both out: neither
    ], columns=["lsoa11_code", "lsoa21_code", "change"])                 # Z21 is not in the lookup
    change = decile1_change(older, newer, bridge).set_index("lsoa_code")
    assert change["status"].to_dict() == {"A21": STAYED, "B21": ENTERED, "C21a": STAYED, "C21b": LEFT, "DE21": STAYED,
                                          "FG21": NOT_COMPARABLE, "H21": NOT_COMPARABLE, "KL21": NEITHER,
                                          "Z21": NOT_COMPARABLE}
    assert change.loc["DE21", "decile_older"] == 1 and pd.isna(change.loc["KL21", "decile_older"])  # deciles 5, 7 differ


@pytest.fixture(scope="module")
def national(sources_dir):
    """IoD2019 (2011 LSOAs), IoD2025 (2021 LSOAs) and the ONS 2011 -> 2021 lookup for all of England."""
    older, _ = read_iod_lsoa(sources_dir / "iod/iod2019/iod2019_lsoa11_assembled.csv.gz", "2019", 32_844)
    newer, _ = read_iod_lsoa(sources_dir / "iod/iod2025/iod2025_lsoa21_assembled.csv.gz", "2025", 33_755)
    bridge = read_lsoa_bridge(sources_dir / "iod/lookups/lsoa11_lsoa21_lad22_lookup.csv.gz")
    return older, newer.assign(ward_name="(not needed)"), bridge


# Sunderland, from iod/lookups/lsoa11_lsoa21_lad22_lookup.csv.gz (change_code M on both rows of each 2021 LSOA)
# and the imd_decile column of iod2019_lsoa11_assembled.csv.gz / iod2025_lsoa21_assembled.csv.gz:
#   E01034514 Sunderland 005H <- E01008820 005F (IoD2019 decile 2) + E01033075 005G (decile 1); IoD2025 decile 1
#   E01034517 Sunderland 021G <- E01008729 021A (IoD2019 decile 1) + E01008731 021C (decile 1); IoD2025 decile 1
DISAGREEING, AGREEING = "E01034514", "E01034517"


def test_real_merged_lsoas_get_one_status_on_the_map_and_on_the_slide(national):
    older, newer, bridge = national
    assert set(bridge.loc[bridge["lsoa21_code"].isin([DISAGREEING, AGREEING]), "change"]) == {"M"}
    assert older.set_index("lsoa_code").loc[["E01008820", "E01033075"], "imd_decile"].tolist() == [2, 1]
    shown = newer[newer["lsoa_code"].isin([DISAGREEING, AGREEING])]
    on_map = map_view_model.change_table(older, shown, bridge, "imd").set_index("LSOA code")
    assert on_map["Change"].to_dict() == {DISAGREEING: NOT_COMPARABLE, AGREEING: STAYED}
    assert on_map.loc[DISAGREEING, "Boundary change 2011 to 2021"] == (
        "merged from E01008820 (decile 2), E01033075 (decile 1): a status only where they agree")
    squares = gpd.GeoDataFrame({"code": [DISAGREEING, AGREEING]}, geometry=[box(-1.4, 54.9, -1.39, 54.91),
                                                                            box(-1.38, 54.9, -1.37, 54.91)], crs=4326)
    slide = slides.change_slide(older, shown, bridge, squares, "Sunderland")
    tally = slide.table.set_index(slide.table.columns[0])["LSOAs (2021 boundaries)"]
    assert (tally[STAYED], tally[NOT_COMPARABLE], tally.sum()) == (1, 1, 2)
