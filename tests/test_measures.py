"""fsot_data.measures: MHCLG summary measures, checked by hand on small frames and against the published
IoD2019 File 10 (all 317 districts) and IoD2025 summaries (all 296 districts).

Sources come from FSOT_SOURCES (default /work/shared/data). A missing source fails the test, never skips it.

Tolerances against File 10. File 10 rounds average rank and local concentration to 2 dp, average score to
3 dp, proportions and extent to 4 dp; a value agrees "to publication" when it is within half a unit of that.
Most districts agree to publication. The rest differ slightly (IMD average rank by at most 0.14, about one
person's weight in the district): File 10 appears to have used population denominators a little different
from the whole numbers published in File 6/7 (the districts affected include many with prisons, whose
populations are adjusted). Each of those is held to an envelope: what moving every LSOA's population by half
a person could change, plus the publication rounding (and, for scores, the 3 dp rounding of LSOA scores).
The count of districts agreeing to publication is pinned to the measured count, so a change in the
formulas shows even where the envelope is generous.
Ranks must be exact except where two districts' values are indistinguishable within those tolerances.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fsot_data.editions import EDITIONS
from fsot_data.indices import read_iod_lsoa
from fsot_data.measures import (
    UNWEIGHTED,
    UNWEIGHTED_NO_DENOMINATORS,
    WEIGHTED,
    rank_areas,
    summarise,
    summarise_by,
)

SOURCES = Path(os.environ.get("FSOT_SOURCES", "/work/shared/data"))
IOD2019_LSOA = "iod/iod2019/iod2019_lsoa11_assembled.csv.gz"
IOD2019_FILE10 = "iod/iod2019/File_10_-_IoD2019_Local_Authority_District_Summaries__lower-tier__.xlsx"
IOD2025_LSOA = "iod/iod2025/iod2025_lsoa21_assembled.csv.gz"
IOD2025_SUMMARIES = "iod/iod2025/iod2025_lad24_summaries.csv"
STOCKTON = "E06000004"


def _source(relative: str) -> Path:
    path = SOURCES / relative
    if not path.is_file():
        pytest.fail(f"source file missing: {path}. Set FSOT_SOURCES to a folder laid out like shared/data "
                    "(see shared/data/README.md); these tests must not pass without it.")
    return path


# --- synthetic frames with hand-computed answers ----------------------------------------------------

def _frame(ranks, populations, scores=None, groups=None, key="imd"):
    n = len(ranks)
    return pd.DataFrame({
        "lsoa_code": [f"E0100{i:04d}" for i in range(n)],
        "lad_code": groups if groups is not None else ["A"] * n,
        "population": [np.nan if p is None else float(p) for p in populations],
        f"{key}_rank": [float(r) for r in ranks],
        f"{key}_decile": [float(math.ceil(r / 10)) for r in ranks],  # N = 100 in these frames
        f"{key}_score": [np.nan if s is None else float(s) for s in scores] if scores is not None else np.nan,
    })


# ranks (N = 100), populations and scores of a 5-LSOA area
BASIC = {"ranks": [1, 5, 15, 40, 90], "populations": [100, 300, 200, 250, 150], "scores": [50, 40, 30, 20, 5]}
TAPER_15TH_PERCENTILE = 0.95 - (15 - 11) * 0.9 / 19  # = 14.45 / 19


def test_counts_deciles_and_proportions():
    result = summarise(_frame(**BASIC), "imd", 100)
    assert result["n_lsoas"] == 5
    assert [result[f"n_decile_{d}"] for d in range(1, 11)] == [2, 1, 0, 1, 0, 0, 0, 0, 1, 0]
    assert (result["n_most_deprived_10pct"], result["prop_most_deprived_10pct"]) == (2, 0.4)
    assert (result["n_most_deprived_20pct"], result["prop_most_deprived_20pct"]) == (3, 0.6)


def test_population_weighted_average_rank_and_score():
    result = summarise(_frame(**BASIC), "imd", 100)
    # reversed ranks (most deprived = N = 100): 100, 96, 86, 61, 11
    assert result["average_rank"] == pytest.approx((100 * 100 + 96 * 300 + 86 * 200 + 61 * 250 + 11 * 150) / 1000)  # 72.9
    assert result["average_score"] == pytest.approx((50 * 100 + 40 * 300 + 30 * 200 + 20 * 250 + 5 * 150) / 1000)  # 28.75
    assert result["weighting"] == WEIGHTED and result["weight_column"] == "population"
    assert result["notes"] == ""


def test_extent_weights_most_deprived_10pct_fully_and_tapers_to_30pct():
    result = summarise(_frame(**BASIC), "imd", 100)
    # percentiles 1 and 5 weigh 1, percentile 15 weighs 0.95 - 4 x 0.9/19, percentiles 40 and 90 weigh 0
    assert result["extent"] == pytest.approx((100 + 300 + 200 * TAPER_15TH_PERCENTILE) / 1000)


@pytest.mark.parametrize("n_national, rank, weight", [
    (1000, 100, 1.0),                     # 10th percentile: full weight
    (1000, 101, 0.95),                    # 11th percentile starts at 0.95
    (1000, 110, 0.95),
    (1000, 111, 0.95 - 0.9 / 19),         # 12th: one step down
    (1000, 290, 0.95 - 18 * 0.9 / 19),    # 29th
    (1000, 291, 0.05),                    # 30th percentile ends at 0.05
    (1000, 300, 0.05),
    (1000, 301, 0.0),                     # 31st: outside the most deprived 30%
    (32_844, 3_284, 1.0),                 # IoD2019: the last LSOA of decile 1
    (32_844, 3_285, 0.95),
    (32_844, 9_853, 0.05),                # 100 x 9853 / 32844 = 29.9994 -> 30th percentile
    (32_844, 9_854, 0.0),                 # 30.0024 -> 31st
])
def test_extent_taper_by_national_percentile(n_national, rank, weight):
    frame = pd.DataFrame({"lad_code": ["A"], "population": [1234.0], "imd_rank": [float(rank)],
                          "imd_decile": [float(min(10, math.ceil(rank * 10 / n_national)))], "imd_score": [1.0]})
    assert summarise(frame, "imd", n_national)["extent"] == pytest.approx(weight)


def test_local_concentration_counts_only_part_of_the_lsoa_straddling_10pct():
    # population 1000 -> 10% = 100 people: all of the two most deprived LSOAs (50 + 30), then 20 of the third
    frame = _frame(ranks=[60, 20, 7, 3], populations=[820, 100, 30, 50])  # deliberately not sorted
    result = summarise(frame, "imd", 100)
    assert result["local_concentration"] == pytest.approx((50 * 98 + 30 * 94 + 20 * 81) / 100)  # 93.4


def test_local_concentration_when_10pct_falls_exactly_on_an_lsoa_boundary():
    # the most deprived LSOA holds exactly 100 of 1000 people: the next LSOA gets no weight
    assert summarise(_frame(**BASIC), "imd", 100)["local_concentration"] == pytest.approx(100.0)


def test_local_concentration_when_one_lsoa_holds_more_than_10pct():
    assert summarise(_frame(ranks=[10, 2], populations=[500, 500]), "imd", 100)["local_concentration"] == pytest.approx(99.0)


def test_missing_population_falls_back_to_unweighted_and_says_so():
    frame = _frame(BASIC["ranks"], [None] * 5, BASIC["scores"])
    for table in (frame, frame.drop(columns="population")):
        result = summarise(table, "imd", 100)
        assert result["weighting"] == UNWEIGHTED_NO_DENOMINATORS
        assert result["weight_column"] is None
        assert result["average_rank"] == pytest.approx((100 + 96 + 86 + 61 + 11) / 5)  # 70.8
        assert result["average_score"] == pytest.approx((50 + 40 + 30 + 20 + 5) / 5)  # 29.0
        assert result["extent"] == pytest.approx((1 + 1 + TAPER_15TH_PERCENTILE) / 5)
        assert result["local_concentration"] == pytest.approx(100.0)  # 10% of 5 LSOAs lies within the first
        assert result["prop_most_deprived_10pct"] == 0.4  # counts need no population


def test_partly_missing_population_is_unweighted_for_that_set_only():
    frame = pd.concat([_frame(BASIC["ranks"], [100, None, 200, 250, 150], BASIC["scores"], groups=["A"] * 5),
                       _frame(BASIC["ranks"], BASIC["populations"], BASIC["scores"], groups=["B"] * 5)])
    result = summarise_by(frame, "lad_code", "imd", 100)
    assert result.loc["A", "weighting"] == "unweighted (population missing for 1 of 5 LSOAs)"
    assert (result.loc["A", "weighting_label"], result.loc["A", "weighting_note"]) == (UNWEIGHTED, "population missing for 1 of 5 LSOAs")
    assert (result.loc["B", "weighting_label"], result.loc["B", "weighting_note"]) == (WEIGHTED, "")
    assert result.loc["A", "average_rank"] == pytest.approx(70.8)
    assert result.loc["B", "weighting"] == WEIGHTED
    assert result.loc["B", "average_rank"] == pytest.approx(72.9)


def test_missing_scores_give_no_average_score_and_say_so():
    absent = summarise(_frame(BASIC["ranks"], BASIC["populations"]), "imd", 100)
    assert math.isnan(absent["average_score"])
    assert "no imd scores" in absent["notes"]
    assert absent["average_rank"] == pytest.approx(72.9)  # everything else still computed
    partial = summarise(_frame(BASIC["ranks"], BASIC["populations"], [50, None, 30, 20, 5]), "imd", 100)
    assert math.isnan(partial["average_score"]) and "1 of 5 LSOAs have no imd score" in partial["notes"]


def test_index_specific_denominators_as_file10():
    frame = _frame(BASIC["ranks"], BASIC["populations"], BASIC["scores"], key="employment")
    fallback = summarise(frame, "employment", 100)
    assert fallback["weight_column"] == "population"
    assert fallback["weighting"].startswith(WEIGHTED + " (by total population")
    frame["population_working_age"] = [10.0, 10.0, 10.0, 10.0, 60.0]
    result = summarise(frame, "employment", 100)
    assert (result["weight_column"], result["weighting"]) == ("population_working_age", WEIGHTED)
    assert result["average_rank"] == pytest.approx((100 + 96 + 86 + 61) * 10 / 100 + 11 * 60 / 100)
    assert summarise(frame, "employment", 100, weight_col="population")["average_rank"] == pytest.approx(72.9)


def test_summarise_by_groups_and_leaves_out_lsoas_without_a_group():
    frame = _frame([1, 50, 99, 2], [100, 100, 100, 100], [9, 5, 1, 8], groups=["A", "B", "B", None])
    result = summarise_by(frame, "lad_code", "imd", 100)
    assert list(result.index) == ["A", "B"]
    assert result["n_lsoas"].tolist() == [1, 2]
    assert result.loc["B", "average_rank"] == pytest.approx((51 + 2) / 2)


def test_bad_input_is_refused_with_a_reason():
    frame = _frame(**BASIC)
    with pytest.raises(ValueError, match="n_national"):
        summarise(frame, "imd", 80)  # rank 90 cannot exist among 80 LSOAs
    with pytest.raises(KeyError, match="income_rank"):
        summarise(frame, "income", 100)
    with pytest.raises(ValueError, match="no ranks"):
        summarise(frame.assign(imd_rank=np.nan), "imd", 100)
    with pytest.raises(ValueError, match="1 LSOAs have no imd rank"):
        summarise(frame.assign(imd_rank=[1.0, np.nan, 15.0, 40.0, 90.0]), "imd", 100)
    with pytest.raises(ValueError, match="no LSOAs"):
        summarise(frame.iloc[:0], "imd", 100)


# --- the published summaries -------------------------------------------------------------------------

# File 10 sheet -> index key, and the LSOA File 7 header that carries the index's File 10 denominator.
SHEETS_2019 = {"IMD": "imd", "Income": "income", "Employment": "employment", "Education": "education",
               "Health": "health", "Crime": "crime", "Barriers": "barriers", "Living": "living_env",
               "IDACI": "idaci", "IDAOPI": "idaopi"}
DENOMINATORS_2019 = {  # File 10 weights these three indices by their own populations
    "population_working_age": "Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners)",
    "population_children": "Dependent Children aged 0-15: mid 2015 (excluding prisoners)",
    "population_older": "Older population aged 60 and over: mid 2015 (excluding prisoners)",
}
PREFIX_2025 = {"imd": "imd", "income": "income", "employment": "employment",
               "education": "education_skills_and_training", "health": "health_deprivation_and_disability",
               "crime": "crime", "barriers": "barriers_to_housing_and_services", "living_env": "living_environment"}
# File 10 column endings (after stripping) -> our measure; publication rounding (half a unit of the last digit)
FILE10_MEASURES = {
    "average_rank": ("- Average rank", 0.005),
    "average_score": ("- Average score", 0.0005),
    "prop_most_deprived_10pct": ("- Proportion of LSOAs in most deprived 10% nationally", 0.00005),
    "extent": ("- Extent", 0.00005),
    "local_concentration": ("- Local concentration", 0.005),
}
# Measured number of districts agreeing to publication (of 317). File 10 and the LSOA table are fixed, so a
# lower count means the formulas changed.
MIN_AGREEING_TO_PUBLICATION = {
    ("imd", "average_rank"): 257, ("imd", "average_score"): 317, ("imd", "prop_most_deprived_10pct"): 317,
    ("imd", "extent"): 316, ("imd", "local_concentration"): 268,
    ("income", "average_rank"): 234, ("employment", "average_rank"): 232, ("education", "average_rank"): 257,
    ("health", "average_rank"): 266, ("crime", "average_rank"): 266, ("barriers", "average_rank"): 252,
    ("living_env", "average_rank"): 266, ("idaci", "average_rank"): 196, ("idaopi", "average_rank"): 206,
}
# Not reproducible from the published denominators: Rushmoor's IDAOPI average rank is 17,108.87 in File 10
# against 16,985.83 from File 6's older population (about 128 people's weight, in one district only).
KNOWN_OUTLIERS = {("idaopi", "average_rank"): {"E07000092"}}


@pytest.fixture(scope="module")
def lsoa2019() -> pd.DataFrame:
    path = _source(IOD2019_LSOA)
    frame, _absent = read_iod_lsoa(path, "2019", EDITIONS["2019"].n_lsoas_england)
    missing = [col for col in DENOMINATORS_2019 if col not in frame.columns]
    if missing:  # until the data layer carries the index-specific denominators, take them from the same file
        raw = pd.read_csv(path, usecols=["LSOA code (2011)", *(DENOMINATORS_2019[c] for c in missing)])
        raw = raw.rename(columns={"LSOA code (2011)": "lsoa_code", **{DENOMINATORS_2019[c]: c for c in missing}})
        frame = frame.merge(raw, on="lsoa_code", how="left", validate="one_to_one")
        assert frame[missing].notna().all().all()
    return frame


@pytest.fixture(scope="module")
def lsoa2025() -> pd.DataFrame:
    frame, _absent = read_iod_lsoa(_source(IOD2025_LSOA), "2025", EDITIONS["2025"].n_lsoas_england)
    return frame


@pytest.fixture(scope="module")
def file10() -> dict[str, pd.DataFrame]:
    sheets = pd.read_excel(_source(IOD2019_FILE10), sheet_name=list(SHEETS_2019))
    out = {}
    for name, sheet in sheets.items():
        sheet.columns = [str(c).strip() for c in sheet.columns]
        out[SHEETS_2019[name]] = sheet.set_index("Local Authority District code (2019)")
        assert len(out[SHEETS_2019[name]]) == 317, f"File 10 sheet {name} should list 317 districts"
    return out


@pytest.fixture(scope="module")
def ours2019(lsoa2019) -> dict[str, pd.DataFrame]:
    return {key: rank_areas(summarise_by(lsoa2019, "lad_code", key, EDITIONS["2019"].n_lsoas_england)) for key in SHEETS_2019.values()}


@pytest.fixture(scope="module")
def summaries2025() -> pd.DataFrame:
    return pd.read_csv(_source(IOD2025_SUMMARIES)).set_index("ltla24_code")


def _official(sheet: pd.DataFrame, ending: str) -> pd.Series:
    matches = [c for c in sheet.columns if c.endswith(ending) and "Rank of" not in c]
    assert len(matches) == 1, f"expected one File 10 column ending {ending!r}, found {matches}"
    return sheet[matches[0]].astype("float64")


def _official_rank(sheet: pd.DataFrame, ending: str) -> pd.Series:
    wanted = "- Rank of " + ending[2].lower() + ending[3:]  # "- Average rank" -> "- Rank of average rank"
    matches = [c for c in sheet.columns if c.endswith(wanted)]
    assert len(matches) == 1, f"expected one File 10 column ending {wanted!r}, found {matches}"
    return sheet[matches[0]].astype("int64")


def _envelope(lsoas: pd.DataFrame, key: str, measure: str, ours: pd.DataFrame, weight_col: str) -> pd.Series:
    """Most a measure can move if every LSOA population moves by up to half a person (see module docstring)."""
    g = lsoas["lad_code"]
    w = lsoas[weight_col].astype("float64")
    n = g.map(g.value_counts())
    total = g.map(w.groupby(g).sum())
    if measure == "extent":  # each LSOA's taper weight lies in [0, 1]
        return (0.5 * n / (total - 0.5 * n)).groupby(g).first()
    if measure == "local_concentration":
        reversed_rank = EDITIONS["2019"].n_lsoas_england + 1 - lsoas[f"{key}_rank"]
        frame = pd.DataFrame({"g": g, "rank": lsoas[f"{key}_rank"], "rr": reversed_rank, "w": w, "n": n, "total": total,
                              "lc": g.map(ours["local_concentration"])}).sort_values(["g", "rank"])
        before = frame.groupby("g")["w"].cumsum() - frame["w"]
        window = frame[before <= 0.1 * frame["total"] + 0.5 * frame["n"]]  # LSOAs that could fall inside the 10%
        deviation = (window["rr"] - window["lc"]).abs()
        by = deviation.groupby(window["g"])
        first = window.groupby("g")[["n", "total"]].first()
        return (0.5 * by.sum() + 0.05 * first["n"] * by.max()) / (0.1 * first["total"] - 0.05 * first["n"])
    values = (EDITIONS["2019"].n_lsoas_england + 1 - lsoas[f"{key}_rank"]) if measure == "average_rank" else lsoas[f"{key}_score"]
    deviation = (values - g.map(ours[measure])).abs()
    return 0.5 * deviation.groupby(g).sum() / (w.groupby(g).sum() - 0.5 * g.value_counts())


def _rank_mismatches_not_explained(ours: pd.Series, official: pd.Series, our_rank: pd.Series, official_rank: pd.Series,
                                   slack: pd.Series) -> list[str]:
    """Districts whose rank differs from File 10 by more than the number of districts whose values are
    indistinguishable from theirs (intervals [ours, official] widened by the tolerance overlap)."""
    low = np.minimum(ours, official) - slack
    high = np.maximum(ours, official) + slack
    bad = []
    for lad in our_rank.index[our_rank.astype("int64") != official_rank]:
        overlapping = int(((low <= high[lad]) & (high >= low[lad])).sum()) - 1
        if abs(int(our_rank[lad]) - int(official_rank[lad])) > overlapping:
            bad.append(lad)
    return bad


def _check_measure(key, measure, lsoa2019, ours2019, file10):
    ending, rounding = FILE10_MEASURES[measure]
    sheet, ours = file10[key], ours2019[key]
    assert set(ours.index) == set(sheet.index), "district codes differ between the LSOA table and File 10"
    official = _official(sheet, ending)
    mine = ours[measure].reindex(official.index)
    diff = (mine - official).abs()
    extra = 0.0005 if measure == "average_score" else 0.0  # LSOA scores are themselves published to 3 dp
    within_rounding = diff <= rounding + extra + 1e-9
    if measure == "prop_most_deprived_10pct":  # counts are exact: only the 4 dp publication rounding remains
        slack = pd.Series(rounding + 1e-9, index=official.index)
    else:
        weight_col = ours["weight_column"].iloc[0]
        assert ours["weighting"].eq(WEIGHTED).all(), ours["weighting"].unique()
        extra = 0.0005 if measure == "average_score" else 0.0  # LSOA scores are published to 3 dp
        slack = rounding + extra + 1e-9 + _envelope(lsoa2019, key, measure, ours, weight_col).reindex(official.index)
    outside = set(official.index[diff > slack])
    assert outside == KNOWN_OUTLIERS.get((key, measure), set()), (
        f"{key} {measure}: {len(outside)} districts outside tolerance, e.g. "
        f"{diff[list(outside)].sort_values().tail(3).to_dict()}")
    floor = MIN_AGREEING_TO_PUBLICATION.get((key, measure), len(official))
    assert within_rounding.sum() >= floor, f"{key} {measure}: only {within_rounding.sum()} of 317 agree to publication"
    our_rank = ours[f"rank_of_{measure}"].reindex(official.index)
    official_rank = _official_rank(sheet, ending)
    unexplained = _rank_mismatches_not_explained(mine, official, our_rank, official_rank, slack)
    assert unexplained == [], f"{key} rank of {measure}: unexplained differences for {unexplained}"
    return diff.max(), int(within_rounding.sum()), int((our_rank.astype("int64") == official_rank).sum())


@pytest.mark.parametrize("measure", list(FILE10_MEASURES))
def test_iod2019_imd_reproduces_file10_for_all_districts(measure, lsoa2019, ours2019, file10):
    _check_measure("imd", measure, lsoa2019, ours2019, file10)


@pytest.mark.parametrize("key", [k for k in SHEETS_2019.values() if k != "imd"])
def test_iod2019_domains_reproduce_file10_for_all_districts(key, lsoa2019, ours2019, file10):
    _check_measure(key, "average_rank", lsoa2019, ours2019, file10)
    _check_measure(key, "prop_most_deprived_10pct", lsoa2019, ours2019, file10)
    if lsoa2019[f"{key}_score"].notna().any():
        _check_measure(key, "average_score", lsoa2019, ours2019, file10)
    else:  # the assembled 2019 table has no domain scores: say so rather than compare
        assert ours2019[key]["average_score"].isna().all()
        assert ours2019[key]["notes"].str.contains("average score not available").all()


def test_iod2019_index_specific_denominators_are_used(ours2019):
    assert ours2019["employment"]["weight_column"].eq("population_working_age").all()
    assert ours2019["idaci"]["weight_column"].eq("population_children").all()
    assert ours2019["idaopi"]["weight_column"].eq("population_older").all()
    assert ours2019["income"]["weight_column"].eq("population").all()


@pytest.mark.parametrize("key", list(PREFIX_2025))
def test_iod2025_proportion_in_most_deprived_10pct_for_all_districts(key, lsoa2025, summaries2025):
    ours = rank_areas(summarise_by(lsoa2025, "lad_code", key, EDITIONS["2025"].n_lsoas_england))
    assert len(ours) == 296 and set(ours.index) == set(summaries2025.index)
    column = f"{PREFIX_2025[key]}_proportion_of_lso_as_in_most_deprived_10_percent_nationally"
    official = summaries2025[column]
    assert ((ours["prop_most_deprived_10pct"].reindex(official.index) - official).abs() <= 0.00005 + 1e-9).all()
    official_rank = summaries2025[f"{PREFIX_2025[key]}_rank_of_proportion_of_lso_as_in_most_deprived_10_percent_nationally"]
    assert (ours["rank_of_prop_most_deprived_10pct"].reindex(official.index).astype("int64") == official_rank).all()


def test_iod2025_averages_are_labelled_unweighted_not_passed_off_as_file10(lsoa2025):
    # The 2025 sources have no population denominators, so File 10's average rank/score, extent and local
    # concentration cannot be reproduced; the equal-weight figures must say what they are.
    assert lsoa2025["population"].isna().all()
    ours = summarise_by(lsoa2025, "lad_code", "imd", EDITIONS["2025"].n_lsoas_england)
    assert ours["weighting"].eq(UNWEIGHTED_NO_DENOMINATORS).all()
    assert ours["weight_column"].isna().all()


def test_stockton_iod2019(ours2019, lsoa2019):
    row = ours2019["imd"].loc[STOCKTON]
    assert (row["n_lsoas"], row["n_most_deprived_10pct"]) == (120, 25)
    assert [row[f"n_decile_{d}"] for d in range(1, 11)] == [25, 10, 13, 7, 8, 6, 9, 14, 18, 10]
    assert round(row["average_rank"], 2) == 17_541.72 and row["rank_of_average_rank"] == 113
    assert round(row["average_score"], 2) == 25.79 and row["rank_of_average_score"] == 73
    assert round(row["extent"], 4) == 0.3024 and row["rank_of_extent"] == 59
    assert round(row["local_concentration"], 2) == 32_301.09 and row["rank_of_local_concentration"] == 24
    single = summarise(lsoa2019[lsoa2019["lad_code"] == STOCKTON], "imd", EDITIONS["2019"].n_lsoas_england)
    assert single["average_rank"] == pytest.approx(row["average_rank"])
    assert single["local_concentration"] == pytest.approx(row["local_concentration"])


def test_stockton_iod2025(lsoa2025):
    result = summarise(lsoa2025[lsoa2025["lad_code"] == STOCKTON], "imd", EDITIONS["2025"].n_lsoas_england)
    assert (result["n_lsoas"], result["n_most_deprived_10pct"]) == (124, 24)
    assert [result[f"n_decile_{d}"] for d in range(1, 11)] == [24, 17, 10, 8, 4, 9, 6, 11, 21, 14]
    assert round(result["prop_most_deprived_10pct"], 4) == 0.1935
    assert result["weighting"] == UNWEIGHTED_NO_DENOMINATORS
