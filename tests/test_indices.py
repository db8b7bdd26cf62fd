"""IoD readers: the real files read and validate; each way a file can be broken gives one clear message."""

from __future__ import annotations

import gzip

import pandas as pd
import pytest

from datafiles.errors import DataProblem
from fsot_data.indices import INDEX_BY_KEY, INDICES, column, is_competition_ranking, read_iod2015, read_iod_lsoa, read_lad_summaries

STOCKTON = "E06000004"


@pytest.fixture(scope="module")
def iod2019(sources_dir):
    return read_iod_lsoa(sources_dir / "iod/iod2019/iod2019_lsoa11_assembled.csv.gz", "2019", 32_844)


@pytest.fixture(scope="module")
def iod2025(sources_dir):
    return read_iod_lsoa(sources_dir / "iod/iod2025/iod2025_lsoa21_assembled.csv.gz", "2025", 33_755)


def test_iod2019_reads_with_its_known_gaps(iod2019):
    table, absent = iod2019
    assert len(table) == 32_844
    stockton = table[table["lad_code"] == STOCKTON]
    assert len(stockton) == 120
    assert (stockton["imd_decile"] == 1).sum() == 25
    assert stockton["imd_decile"].value_counts().sort_index().tolist() == [25, 10, 13, 7, 8, 6, 9, 14, 18, 10]
    # The assembled 2019 table has no domain scores: reported as absent, filled with NaN.
    assert "income_score" in absent and table["income_score"].isna().all()
    assert "population" not in absent
    assert stockton["population"].sum() == 194_080
    most_deprived = stockton.sort_values("imd_rank").iloc[0]
    assert (most_deprived["lsoa_code"], most_deprived["imd_score"], most_deprived["imd_rank"]) == ("E01033477", 75.941, 74)


def test_iod2025_reads_with_its_known_gaps(iod2025):
    table, absent = iod2025
    stockton = table[table["lad_code"] == STOCKTON]
    assert len(stockton) == 124 and (stockton["imd_decile"] == 1).sum() == 24
    assert stockton["imd_decile"].value_counts().sort_index().tolist() == [24, 17, 10, 8, 4, 9, 6, 11, 21, 14]
    assert set(absent) == {"population", "population_children", "population_older", "population_working_age",
                           "idaci_score", "idaopi_score"}
    row = stockton.set_index("lsoa_code").loc["E01012286"]
    assert (row["imd_score"], row["imd_rank"]) == (80.219, 40)
    assert stockton["cyp_decile"].notna().all()  # sub-domains present in 2025


def test_official_ranks_share_ties_as_competition_ranking():
    assert is_competition_ranking(pd.Series([1, 2, 2, 4, 5]))
    assert not is_competition_ranking(pd.Series([1, 2, 2, 3, 4]))
    assert not is_competition_ranking(pd.Series([1, 2, None]))


def _small_file7(tmp_path, rows=3, **overrides):
    """A tiny File-7-layout CSV with the 2019 headers, for failure-mode tests."""
    data = {"LSOA code (2011)": [f"E0100000{i}" for i in range(1, rows + 1)],
            "LSOA name (2011)": [f"Somewhere 00{i}A" for i in range(1, rows + 1)],
            "Local Authority District code (2019)": ["E06000004"] * rows,
            "Local Authority District name (2019)": ["Stockton-on-Tees"] * rows,
            "Index of Multiple Deprivation (IMD) Score": [40.0, 20.0, 5.0][:rows]}
    for key in ("imd", "income", "employment", "education", "health", "crime", "barriers", "living_env"):
        stem = INDEX_BY_KEY[key].stem
        data[f"{stem} Rank (where 1 is most deprived)"] = list(range(1, rows + 1))
        data[f"{stem} Decile (where 1 is most deprived 10% of LSOAs)"] = [1, 5, 10][:rows]
    data.update(overrides)
    path = tmp_path / "file7.csv"
    pd.DataFrame(data).to_csv(path, index=False)
    return path


def test_a_well_formed_small_file_reads(tmp_path):
    table, absent = read_iod_lsoa(_small_file7(tmp_path), "2019", 3)
    assert list(table["imd_decile"]) == [1, 5, 10]
    assert "population" in absent


@pytest.mark.parametrize("problem, overrides, expected", [
    ("wrong row count", {}, "has 3 LSOA rows; the published table has 4"),
    ("bad decile", {"Income Decile (where 1 is most deprived 10% of LSOAs)": [1, 11, 3]}, "Income deciles"),
    ("duplicate code", {"LSOA code (2011)": ["E01000001", "E01000001", "E01000003"]}, "appears more than once"),
    ("not an LSOA code", {"LSOA code (2011)": ["E01000001", "W01000002", "E01000003"]}, "not English LSOA codes"),
    ("ranks broken", {"Crime Rank (where 1 is most deprived)": [1, 1, 2]}, "Crime ranks must run"),
    ("text in numbers", {"Index of Multiple Deprivation (IMD) Score": ["40", "n/a", "5"]}, "non-numeric"),
])
def test_each_broken_table_names_the_file_and_problem(tmp_path, problem, overrides, expected):
    path = _small_file7(tmp_path, **overrides)
    expected_rows = 4 if problem == "wrong row count" else 3
    with pytest.raises(DataProblem, match=expected) as caught:
        read_iod_lsoa(path, "2019", expected_rows)
    assert caught.value.file == str(path) and caught.value.fix


def test_missing_required_columns_are_listed(tmp_path):
    path = _small_file7(tmp_path)
    frame = pd.read_csv(path).drop(columns=["Crime Rank (where 1 is most deprived)", "LSOA name (2011)"])
    frame.to_csv(path, index=False)
    with pytest.raises(DataProblem, match="required columns are missing: lsoa_name, crime_rank"):
        read_iod_lsoa(path, "2019", 3)


def test_a_truncated_gzip_is_reported_as_corrupt(tmp_path, sources_dir):
    original = (sources_dir / "iod/iod2025/iod2025_lsoa21_assembled.csv.gz").read_bytes()
    broken = tmp_path / "iod2025.csv.gz"
    broken.write_bytes(original[: len(original) // 3])
    with pytest.raises(DataProblem, match="truncated or corrupt"):
        read_iod_lsoa(broken, "2025", 33_755)


def test_a_csv_cut_short_is_reported_by_row_count(tmp_path, sources_dir):
    with gzip.open(sources_dir / "iod/iod2025/iod2025_lsoa21_assembled.csv.gz", "rt", encoding="utf-8") as stream:
        lines = [next(stream) for _ in range(1001)]
    cut = tmp_path / "cut.csv"
    cut.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataProblem, match="has 1,000 LSOA rows; the published table has 33,755"):
        read_iod_lsoa(cut, "2025", 33_755)


def test_lad_summaries_read_both_layouts(sources_dir):
    official = read_lad_summaries(sources_dir / "iod/iod2019/File_10_-_IoD2019_Local_Authority_District_Summaries__lower-tier__.xlsx", 317)
    flattened = read_lad_summaries(sources_dir / "iod/iod2025/iod2025_lad24_summaries.csv", 296)
    value = lambda t, index, measure: t.query("lad_code == @STOCKTON and index == @index and measure == @measure")["value"].item()  # noqa: E731
    assert value(official, "imd", "average_score") == 25.79 and value(official, "imd", "rank_of_average_score") == 73
    assert value(official, "imd", "local_concentration") == 32_301.09
    assert value(official, "income", "scale") == 31_750
    assert value(flattened, "imd", "proportion_10pct") == 0.1935 and value(flattened, "imd", "rank_of_extent") == 59
    assert value(flattened, "imd", "rank_of_local_concentration") == 17
    assert set(official["index"]) == {"imd", "income", "employment", "education", "health", "crime", "barriers", "living_env",
                                      "idaci", "idaopi"}


def test_lad_summaries_with_too_few_authorities_are_refused(tmp_path, sources_dir):
    frame = pd.read_csv(sources_dir / "iod/iod2025/iod2025_lad24_summaries.csv").head(100)
    path = tmp_path / "summaries.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(DataProblem, match="covers 100 local authorities; the published summaries cover 296"):
        read_lad_summaries(path, 296)


def test_iod2015_official_file_1(sources_dir):
    table = read_iod2015(sources_dir / "iod/iod2015/File_1_ID_2015_Index_of_Multiple_Deprivation.xlsx", 32_844)
    stockton_codes = set(read_iod_lsoa(sources_dir / "iod/iod2019/iod2019_lsoa11_assembled.csv.gz", "2019")[0]
                         .query("lad_code == @STOCKTON")["lsoa_code"])
    assert (table[table["lsoa_code"].isin(stockton_codes)]["imd_decile"] == 1).sum() == 22


def test_every_index_has_a_column_per_measure():
    assert column("living_env", "decile") == "living_env_decile"
    assert len({index.key for index in INDICES}) == len(INDICES) == 16
