"""Statistical neighbours: the local authorities most like a given one, by a stated method on open data.

Method (reproducible from the sources): for each of England's 296 local authority districts (2024),
eight measures: from the IoD2025 local authority summaries (File 10 v2), the IMD average score, the
proportion of LSOAs in the most deprived 10% nationally, extent and local concentration, and the
income and employment domain average scores; from OHID Fingertips, life expectancy at birth for
males and for females (indicator 90366, latest three-year period). Each measure is standardised
across the districts that have all eight (z = (x - mean) / standard deviation, population form), and
the neighbours are the NEIGHBOUR_COUNT districts nearest by Euclidean distance over the z-scores,
every measure weighted equally. The City of London and the Isles of Scilly have no life expectancy of
their own (Fingertips publishes it with Hackney and Cornwall), so they have no neighbours. \
It is a similarity of deprivation and health outcomes, not of
population size or rurality (CIPFA's model, which uses 40 such measures, is not open data).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

NEIGHBOUR_COUNT = 15
LIFE_EXPECTANCY = "FT:90366"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    higher_is_worse: bool  # for ranks: 1 = the most deprived, or the shortest lives


SUMMARY_MEASURES = {  # key -> (File 10 index, File 10 measure)
    "imd_average_score": ("imd", "average_score"), "imd_proportion_10pct": ("imd", "proportion_10pct"),
    "imd_extent": ("imd", "extent"), "imd_local_concentration": ("imd", "local_concentration"),
    "income_average_score": ("income", "average_score"), "employment_average_score": ("employment", "average_score"),
}
MEASURES = (
    Measure("imd_average_score", "IMD average score", True),
    Measure("imd_proportion_10pct", "Share of LSOAs in England's most deprived 10%", True),
    Measure("imd_extent", "IMD extent", True),
    Measure("imd_local_concentration", "IMD local concentration", True),
    Measure("income_average_score", "Income deprivation, average score", True),
    Measure("employment_average_score", "Employment deprivation, average score", True),
    Measure("life_expectancy_male", "Life expectancy at birth, males (years)", False),
    Measure("life_expectancy_female", "Life expectancy at birth, females (years)", False),
)


def measure_table(summaries_2025: pd.DataFrame, indicators: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """(one row per district with a name and the eight measures, the life-expectancy period used)."""
    columns = {}
    for key, (index, measure) in SUMMARY_MEASURES.items():
        rows = summaries_2025[summaries_2025["index"].eq(index) & summaries_2025["measure"].eq(measure)]
        columns[key] = rows.set_index("lad_code")["value"].astype(float)
    le = indicators[indicators["indicator_id"].eq(LIFE_EXPECTANCY) & indicators["area_type"].eq("LAD") & indicators["value"].notna()]
    period = str(le.loc[le["period_sort"].eq(le["period_sort"].max()), "period"].iloc[0]) if len(le) else ""
    latest = le[le["period"].eq(period)]
    for sex in ("Male", "Female"):
        columns[f"life_expectancy_{sex.lower()}"] = latest[latest["sex"].eq(sex)].set_index("area_code")["value"].astype(float)
    table = pd.DataFrame(columns)
    names = summaries_2025.drop_duplicates("lad_code").set_index("lad_code")["lad_name"]
    table.insert(0, "lad_name", names.reindex(table.index))
    table.index.name = "lad_code"
    return table, period


def distances(table: pd.DataFrame, lad_code: str) -> pd.Series:
    """Euclidean distance from lad_code to every other district over the standardised measures (complete rows only;
    empty when lad_code's own row is incomplete)."""
    values = table[[m.key for m in MEASURES if m.key in table.columns]].dropna()
    if lad_code not in values.index:
        return pd.Series(dtype=float)
    z = (values - values.mean()) / values.std(ddof=0)
    gap = z.sub(z.loc[lad_code], axis=1)
    return np.sqrt((gap ** 2).sum(axis=1)).drop(lad_code).sort_values(kind="mergesort")


def nearest(table: pd.DataFrame, lad_code: str, count: int = NEIGHBOUR_COUNT) -> pd.DataFrame:
    """The count nearest districts: lad_code, lad_name, distance (smallest first; ties by code)."""
    near = distances(table, lad_code).rename_axis("lad_code").rename("distance").reset_index()
    near = near.sort_values(["distance", "lad_code"], kind="mergesort").head(count)
    return near.merge(table["lad_name"].rename_axis("lad_code").reset_index(), on="lad_code").reset_index(drop=True)


def against_neighbours(table: pd.DataFrame, lad_code: str, neighbours: list[str]) -> pd.DataFrame:
    """For each measure: the authority's value, its neighbours' median, minimum and maximum, and its rank among
    itself and its neighbours (1 = the most deprived, or the shortest life expectancy)."""
    rows = []
    for measure in (m for m in MEASURES if m.key in table.columns):
        group = table.loc[[lad_code, *neighbours], measure.key].dropna()
        if lad_code not in group.index:
            continue
        others = group.drop(lad_code)
        rank = int(group.rank(ascending=not measure.higher_is_worse, method="min")[lad_code])
        rows.append({"measure": measure.label, "value": group[lad_code], "neighbours_median": others.median(),
                     "neighbours_min": others.min(), "neighbours_max": others.max(), "rank": rank, "of": len(group)})
    return pd.DataFrame(rows)
