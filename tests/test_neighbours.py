"""Statistical neighbours: the method on a case worked by hand, then on the real sources."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from fsot_data import neighbours
from fsot_data.datasets import Datasets


def _table(rows: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """Districts with two measures only (the method uses whichever of its measures the table has)."""
    frame = pd.DataFrame(rows, index=["imd_average_score", "life_expectancy_male"]).T
    frame.insert(0, "lad_name", [f"District {code}" for code in frame.index])
    return frame


def test_distances_on_a_case_worked_by_hand():
    # Scores 0, 2, 4, 6: mean 3, population sd sqrt(5). Life expectancy 80, 80, 80, 84: mean 81, sd sqrt(3).
    # A to B: sqrt(((0 - 2) / sqrt 5)^2 + 0^2) = 2 / sqrt 5 = 0.894; A to C: 4 / sqrt 5 = 1.789;
    # A to D: sqrt((6 / sqrt 5)^2 + (4 / sqrt 3)^2) = sqrt(36/5 + 16/3) = sqrt(12.533) = 3.540.
    table = _table({"A": (0, 80), "B": (2, 80), "C": (4, 80), "D": (6, 84)})
    found = neighbours.distances(table, "A")
    assert list(found.index) == ["B", "C", "D"]
    assert found.to_list() == pytest.approx([2 / math.sqrt(5), 4 / math.sqrt(5), math.sqrt(36 / 5 + 16 / 3)])
    assert list(neighbours.nearest(table, "A", count=2)["lad_code"]) == ["B", "C"]


def test_rank_among_neighbours_counts_the_most_deprived_first():
    # Scores: A 0 (least deprived), B 2, C 4; life expectancy A 80, B 80, C 82. Among A, B, C, A ranks 3rd on the score
    # (higher is worse) and, on life expectancy (lower is worse), shares 1st with B.
    table = _table({"A": (0, 80), "B": (2, 80), "C": (4, 82)})
    compared = neighbours.against_neighbours(table, "A", ["B", "C"]).set_index("measure")
    score = compared.loc["IMD average score"]
    assert (score["rank"], score["of"], score["neighbours_median"], score["neighbours_min"], score["neighbours_max"]) == (3, 3, 3, 2, 4)
    assert compared.loc["Life expectancy at birth, males (years)", "rank"] == 1


def test_real_neighbours_come_from_all_eight_measures():
    data = Datasets()
    table, period = neighbours.measure_table(data.lad_summaries("2025"), data.indicators())
    # File 10 v2 has 296 districts; ohid_fingertips_le_sii_all_lower_tier_las.csv has life expectancy for 2023 - 25 for
    # all but the City of London and the Isles of Scilly (published with Hackney and Cornwall).
    assert len(table) == 296 and period == "2023 - 25"
    assert sorted(table.index[table.isna().any(axis=1)]) == ["E06000053", "E09000001"]
    assert neighbours.nearest(table, "E09000001").empty
    near = neighbours.nearest(table, data.lad_code)
    assert len(near) == neighbours.NEIGHBOUR_COUNT and data.lad_code not in set(near["lad_code"])
    assert near["distance"].is_monotonic_increasing
