"""The national context map: every district of England shaded by one IoD2025 File 10 summary measure.

Districts are shaded by the fifth of England's districts they fall in on the measure's published rank
(File 10: rank 1 is the most deprived), so every measure reads the same way: the darkest fifth is the
most deprived. Shapes are dissolved in the build from the national LSOA 2021 boundaries and simplified
as one coverage (geodata.boundaries.dissolve_districts).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# key -> (label, File 10 column in Datasets.national_districts, its rank column)
MAP_MEASURES = {
    "imd_rank_of_average_score": ("IMD: rank of average score", "imd_average_score", "imd_rank_of_average_score"),
    "imd_proportion_10pct": ("IMD: share of LSOAs in England's most deprived 10%", "imd_proportion_10pct", "imd_rank_of_proportion_10pct"),
    "imd_extent": ("IMD: extent", "imd_extent", "imd_rank_of_extent"),
    "income_scale": ("Income: scale (people income-deprived)", "income_scale", "income_rank_of_scale"),
    "employment_scale": ("Employment: scale (people employment-deprived)", "employment_scale", "employment_rank_of_scale"),
}
FIFTHS = ("Most deprived fifth", "Second fifth", "Middle fifth", "Fourth fifth", "Least deprived fifth")


def district_fifths(districts: pd.DataFrame, measure: str) -> pd.DataFrame:
    """code, name, value, rank, fifth (1 = the most deprived fifth of districts) for one map measure."""
    _, value_column, rank_column = MAP_MEASURES[measure]
    n = int(districts[rank_column].notna().sum())
    fifth = np.ceil(districts[rank_column] / n * 5).clip(1, 5)
    return pd.DataFrame({"code": districts["code"], "name": districts["lad_name"], "value": districts[value_column],
                         "rank": districts[rank_column], "fifth": fifth}).sort_values("rank").reset_index(drop=True)
