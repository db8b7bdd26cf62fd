"""fsot_data/map_view_model.py: map tables, the 2019-2025 change through the bridge, profiles, ward sentences.

Small synthetic editions: 2011 LSOA A unchanged, B split into B1 and B2, C and D merged into CD, E with an
irregular change. Real-data checks at the end use the built tables (FSOT_BUILD, built by the set-up).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fsot_data import map_view_model as mvm
from fsot_data.edition_change import ENTERED, LEFT, NOT_COMPARABLE, STAYED
from fsot_data.editions import EDITIONS
from fsot_data.indices import INDICES, column


def _lsoas(codes: list[str], imd_deciles: list[int], wards: list[str], population: bool) -> pd.DataFrame:
    n = len(codes)
    frame = pd.DataFrame({"lsoa_code": codes, "lsoa_name": [f"Town {c}" for c in codes], "lad_code": "E06000004",
                          "lad_name": "Town", "ward_code": [f"W{w}" for w in wards], "ward_name": [f"Ward {w}" for w in wards],
                          "ward_fit": "high", "population": [1500.0 + i for i in range(n)] if population else np.nan})
    for index in INDICES:
        frame[column(index.key, "score")] = np.nan
        frame[column(index.key, "rank")] = [float(100 * d + i) for i, d in enumerate(imd_deciles)]
        frame[column(index.key, "decile")] = [float(d) for d in imd_deciles]
    frame["imd_score"] = 20.0
    return frame


@pytest.fixture
def editions() -> dict[str, pd.DataFrame]:
    return {"2019": _lsoas(["A", "B", "C", "D", "E"], [1, 1, 2, 1, 1], ["1", "1", "2", "2", "3"], population=True),
            "2025": _lsoas(["A", "B1", "B2", "CD", "E2"], [2, 1, 3, 1, 1], ["1", "1", "1", "2", "3"], population=False)}


@pytest.fixture
def bridge() -> pd.DataFrame:
    return pd.DataFrame({"lsoa11_code": ["A", "B", "B", "C", "D", "E"],
                         "lsoa21_code": ["A", "B1", "B2", "CD", "CD", "E2"],
                         "change": ["U", "S", "S", "M", "M", "X"]})


def test_lsoa_table_rows_columns_and_order(editions):
    table = mvm.lsoa_table(editions["2025"], "imd", EDITIONS["2025"], 10)
    assert list(table.columns) == ["LSOA code", "LSOA name", "Ward (best fit)", "IMD rank (of 33,755)", "IMD decile",
                                   "In England's most deprived 10%", "Population", "Ward fit"]
    assert list(table["IMD rank (of 33,755)"]) == sorted(table["IMD rank (of 33,755)"])  # most deprived first
    assert set(table["Population"]) == {mvm.POPULATION_NOT_PUBLISHED}
    assert dict(zip(table["LSOA code"], table["In England's most deprived 10%"], strict=True)) == {
        "A": "no", "B1": "yes", "B2": "no", "CD": "yes", "E2": "yes"}


def test_lsoa_table_20_percent_band_and_2019_population(editions):
    table = mvm.lsoa_table(editions["2019"], "income", EDITIONS["2019"], 20)
    assert "Income rank (of 32,844)" in table.columns
    assert sorted(table["Population (mid-2015)"]) == [1500, 1501, 1502, 1503, 1504]
    assert (table["In England's most deprived 20%"] == "yes").all()


def test_change_table_statuses_and_flags(editions, bridge):
    table = mvm.change_table(editions["2019"], editions["2025"], bridge, "imd").set_index("LSOA code")
    assert table.loc["A", "Change"] == LEFT  # 1 -> 2
    assert table.loc["B1", "Change"] == STAYED  # parent B was decile 1
    assert table.loc["B2", "Change"] == LEFT
    assert table.loc["CD", "Change"] == NOT_COMPARABLE  # parents disagree: C decile 2, D decile 1
    assert table.loc["E2", "Change"] == NOT_COMPARABLE
    assert table.loc["B1", "Boundary change 2011 to 2021"].startswith("split from B")
    assert table.loc["CD", "Boundary change 2011 to 2021"].startswith("merged from C (decile 2), D (decile 1)")
    assert table.loc["A", "Boundary change 2011 to 2021"] == "unchanged"
    assert table.loc["B2", "IoD2019 decile"] == 1 and table.loc["B2", "IoD2025 decile"] == 3


def test_change_entered(editions, bridge):
    editions["2019"].loc[editions["2019"]["lsoa_code"] == "A", "imd_decile"] = 4.0
    editions["2025"].loc[editions["2025"]["lsoa_code"] == "A", "imd_decile"] = 1.0
    table = mvm.change_table(editions["2019"], editions["2025"], bridge, "imd").set_index("LSOA code")
    assert table.loc["A", "Change"] == ENTERED


def test_change_summary_counts(editions, bridge):
    text = mvm.change_summary(mvm.change_table(editions["2019"], editions["2025"], bridge, "imd"))
    assert "0 entered the 10% most deprived; 1 stayed in the 10% most deprived; 2 left" in text
    assert "2 no like-for-like comparison" in text
    assert "4 had a boundary change" in text


def test_counterparts_both_ways(bridge):
    assert mvm.counterparts(bridge, "B", "2025") == ["B1", "B2"]
    assert mvm.counterparts(bridge, "CD", "2019") == ["C", "D"]
    assert mvm.counterparts(bridge, "A", "2019") == ["A"]
    assert mvm.counterparts(bridge, "nowhere", "2025") == []


def test_profile_of_a_split_child_uses_its_parent(editions, bridge):
    profile = mvm.lsoa_profile("B1", "2025", editions, bridge)
    assert [(a.edition, a.code) for a in profile.areas] == [("2019", "B"), ("2025", "B1")]
    assert profile.areas[0].relation == "the 2011 LSOA it was split from"
    assert profile.areas[1].population == mvm.POPULATION_NOT_PUBLISHED
    assert profile.areas[0].population == "1,501 (mid-2015)"
    assert list(profile.table.columns) == ["Index", "IoD2019 rank", "IoD2019 decile", "IoD2025 rank", "IoD2025 decile"]
    assert len(profile.table) == len(INDICES)  # every index with data, both editions
    assert profile.table.loc[0, "IoD2019 decile"] == 1 and profile.table.loc[0, "IoD2025 decile"] == 1
    assert any("boundary changed" in note for note in profile.notes)


def test_compact_profile_for_a_narrow_panel(editions, bridge):
    compact = mvm.lsoa_profile("B", "2019", editions, bridge).compact()
    assert list(compact.columns) == ["Index", "IoD2019", "IoD2025 B1", "IoD2025 B2"]
    assert compact.loc[0].tolist() == ["IMD", "101 (decile 1)", "101 (decile 1)", "302 (decile 3)"]


def test_profile_of_a_split_parent_shows_each_child(editions, bridge):
    profile = mvm.lsoa_profile("B", "2019", editions, bridge)
    assert [a.code for a in profile.areas] == ["B", "B1", "B2"]
    assert "IoD2025 B1 rank" in profile.table.columns and "IoD2025 B2 decile" in profile.table.columns


def test_profile_of_unchanged_and_unknown(editions, bridge):
    profile = mvm.lsoa_profile("A", "2025", editions, bridge)
    assert [a.relation for a in profile.areas] == ["same LSOA (boundary unchanged 2011 to 2021)", "the LSOA you picked"]
    assert mvm.lsoa_profile("Z", "2025", editions, bridge) is None


def test_ward_sentences(editions):
    edition = EDITIONS["2025"]
    assert mvm.ward_sentence(editions["2025"], "W1", "imd", edition, 10) == \
        "1 of 3 neighbourhoods in Ward 1 is among England's 10% most deprived (IoD2025)."
    assert mvm.ward_sentence(editions["2025"], "W1", "imd", edition, 20) == \
        "2 of 3 neighbourhoods in Ward 1 are among England's 20% most deprived (IoD2025)."
    assert mvm.ward_sentence(editions["2025"], "W2", "income", edition, 10) == \
        "The one neighbourhood in Ward 2 is among England's 10% most deprived on Income (IoD2025)."
    assert mvm.ward_sentence(editions["2019"], "W2", "imd", EDITIONS["2019"], 10) == \
        "1 of 2 neighbourhoods in Ward 2 is among England's 10% most deprived (IoD2019)."
    assert "No neighbourhood" in mvm.ward_sentence(editions["2025"], "W9", "imd", edition, 10)


def test_ward_sentence_all_and_none(editions):
    lsoas = editions["2019"]
    assert mvm.ward_sentence(lsoas, "W1", "imd", EDITIONS["2019"], 10).startswith("All 2 neighbourhoods in Ward 1 are")
    lsoas.loc[:, "imd_decile"] = 5.0
    assert mvm.ward_sentence(lsoas, "W1", "imd", EDITIONS["2019"], 10).startswith("None of the 2 neighbourhoods in Ward 1 is")


def test_indices_offered_and_missing_data_notes(editions):
    lsoas = editions["2025"]
    lsoas["cyp_rank"] = np.nan
    lsoas["cyp_decile"] = np.nan
    offered = [i.key for i in mvm.indices_with_data(lsoas)]
    assert "cyp" not in offered and "imd" in offered
    assert "cyp" in [i.key for i in mvm.indices_with_data(editions["2019"])]
    notes = " ".join(mvm.missing_data_notes(lsoas, EDITIONS["2025"]))
    assert "no ranks or deciles for Children and Young People" in notes
    assert "scores only for the IMD" in notes
    assert "Population is not published in the IoD2025 source." in notes


def test_map_view_for_each_view(editions, bridge):
    for view in mvm.VIEWS:
        result = mvm.map_view(view, "2019", "imd", editions, bridge, "Town")
        assert len(result.values) == len(result.table)
        assert result.edition == ("2025" if view == "change" else "2019")
    band20 = mvm.map_view("band20", "2025", "imd", editions, bridge, "Town")
    assert band20.headline.startswith("4 of the 5 neighbourhoods (LSOAs, 2021 boundaries) in Town are among England's 20%")
    change = mvm.map_view("change", "2025", "imd", editions, bridge, "Town")
    assert set(change.flagged) == {"B1", "B2", "CD", "E2"}
    assert "iod2019_lsoa" in change.sources and "lsoa11_lsoa21_lookup" in change.sources


def test_postcode_lsoa_follows_the_edition():
    row = {"lsoa11_code": "E01012266", "lsoa21_code": "E01035197"}
    assert mvm.postcode_lsoa(row, "2019") == "E01012266"
    assert mvm.postcode_lsoa(row, "2025") == "E01035197"


# --- the borough's real data ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    from fsot_data.datasets import Datasets
    data = Datasets()
    return {key: data.lsoas(key) for key in EDITIONS}, data.bridge()


def test_real_change_view_matches_the_published_counts(real):
    lsoas, bridge = real
    assert int((lsoas["2019"]["imd_decile"] == 1).sum()) == 25
    assert int((lsoas["2025"]["imd_decile"] == 1).sum()) == 24
    table = mvm.change_table(lsoas["2019"], lsoas["2025"], bridge, "imd")
    assert len(table) == 124
    counts = table["Change"].value_counts()
    assert counts[STAYED] + counts[ENTERED] == 24  # every 2025 decile-1 LSOA
    flagged = table.loc[table["Boundary change 2011 to 2021"] != "unchanged"]
    assert len(flagged) == 8 and flagged["Boundary change 2011 to 2021"].str.startswith("split from").all()


def test_real_profile_of_a_split_lsoa(real):
    lsoas, bridge = real
    profile = mvm.lsoa_profile("E01035197", "2025", lsoas, bridge)
    assert [a.code for a in profile.areas] == ["E01012266", "E01035197"]
    assert profile.table.loc[profile.table["Index"].str.startswith("Index of Multiple"), "IoD2019 decile"].item() == 1
