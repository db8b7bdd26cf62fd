"""AppTest of the candidates page: every edition and depth runs clean, the figures are the data layer's, the
TOML entry on the page reads back with the priority-areas reader. (The map is tested in the browser.)"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from fsot_data.datasets import PRIORITY_AREAS_FILE, Datasets, read_priority_areas
from tests.test_gap_pages import assert_clean, chart_count, run

LAD = Datasets().lad_code  # the authority the build is for (Stockton-on-Tees by default)


def test_every_edition_and_depth_lists_ranked_candidates_against_the_rest_of_the_borough():
    at = run("pages/next_priority_areas.py")
    for edition in ("2025", "2019"):
        at.radio(key="edition").set_value(edition).run()
        for depth in ("10", "20"):
            at.radio(key="depth").set_value(depth).run()
            assert_clean(at)
            assert chart_count(at) == 1 and len(at.code) == 1
            table = at.dataframe[0].value
            assert table["Rank"].tolist() == list(range(1, len(table) + 1))
            assert {"Rest of borough score", "Gap to rest of borough", "Gap to England", "Best-fit wards (LSOAs)"} <= set(table.columns)
    # IoD2025, 10%: the first candidate has 12 LSOAs and overlaps Central Stockton (tests/test_candidates.py checks
    # its adjacency against the built boundaries); the rest of the borough is the other 112 of 124 LSOAs
    at.radio(key="edition").set_value("2025").run()
    at.radio(key="depth").set_value("10").run()
    first = at.dataframe[0].value.iloc[0]
    assert (first["LSOAs"], first["Overlaps existing priority areas"], first["Rest of borough LSOAs"]) == (12, "Central Stockton", 112)


def test_the_entry_shown_pastes_into_the_priority_areas_file(tmp_path: Path):
    at = run("pages/next_priority_areas.py")
    options = at.selectbox(key="candidate").options
    at.selectbox(key="candidate").set_value(options[-1]).run()
    assert_clean(at)
    pasted = tmp_path / "priority_areas.toml"
    pasted.write_text(PRIORITY_AREAS_FILE.read_text(encoding="utf-8") + "\n" + at.code[0].value, encoding="utf-8")
    names = [a.name for a in read_priority_areas(LAD, pasted)]
    assert names[-1] == options[-1] and len(names) == len(read_priority_areas(LAD)) + 1


def test_only_new_candidates_leaves_out_those_overlapping_a_priority_area():
    at = run("pages/next_priority_areas.py")
    at.toggle(key="candidates_new_only").set_value(True).run()
    assert_clean(at)
    assert set(at.dataframe[0].value["Overlaps existing priority areas"]) == {"none"}
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "pages/next_priority_areas.py"), default_timeout=120)
    at.query_params.update({"edition": "IoD2019", "depth": "England's most deprived 20%"})
    at.run()
    assert_clean(at)
    assert at.radio(key="edition").value == "2019" and at.radio(key="depth").value == "20"
