"""fsot_data/indicators.py and fsot_data/crosswalk.toml.

Real-file tests read the sources folder (FSOT_SOURCES, default /work/shared/data) and check figures
by hand against indicators/PROVENANCE.md. Synthetic tests build small CSVs in a temporary folder.
"""

from __future__ import annotations

import math
import os
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from datafiles.errors import DataProblem
from fsot_data import indicators as ind

SOURCES = Path(os.environ.get("FSOT_SOURCES", "/work/shared/data"))
STOCKTON, ENGLAND, NORTH_EAST, UK = "E06000004", "E92000001", "E12000001", "K02000001"
HLE_MALE = "ELS:healthy-life-expectancy:male-healthy-life-expectancy"
EMPLOYMENT = "ELS:employment-rate:employment-rate"
CHILD_POVERTY_BHC = "ELS:children-in-relative-poverty:children-in-relative-poverty-before-housing-costs"


# ------------------------------------------------------------------------------------------
# Real files

@pytest.fixture(scope="module")
def crosswalk():
    return ind.load_crosswalk()


@pytest.fixture(scope="module")
def data(crosswalk):
    if not (SOURCES / "indicators").is_dir():
        pytest.skip(f"no sources folder at {SOURCES} (set FSOT_SOURCES)")
    return ind.read_indicators(ind.indicator_paths(SOURCES), crosswalk)


def _area_order(rows: pd.DataFrame, area_codes) -> pd.Series:
    codes = [area_codes] if isinstance(area_codes, str) else list(area_codes)
    return rows["area_code"].map({c: i for i, c in enumerate(codes)})


def latest(df: pd.DataFrame, indicator_id: str, area_codes, sex: str | None = None) -> pd.DataFrame:
    """The latest period with a figure for each area (and sex and category), in the order given: what a reader
    of the source file would look up, to check it was read right."""
    rows = df[df["indicator_id"].eq(indicator_id) & df["area_code"].isin(_codes(area_codes)) & df["value"].notna()]
    rows = rows[rows["sex"].eq(sex)] if sex is not None else rows
    out = rows.sort_values("period_sort").groupby(["area_code", "sex", "category"], sort=False).tail(1)
    return (out.assign(_order=_area_order(out, area_codes))
            .sort_values(["_order", "sex", "category"]).drop(columns="_order").reset_index(drop=True))


def _codes(area_codes) -> list[str]:
    return [area_codes] if isinstance(area_codes, str) else list(area_codes)


def one(frame: pd.DataFrame, **where) -> pd.Series:
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"expected one row for {where}, got {len(rows)}"
    return rows.iloc[0]


def test_reads_every_indicator_source_with_the_promised_layout(data):
    assert list(data.columns) == list(ind.OUTPUT_COLUMNS)
    assert set(data["source_id"]) == {
        "indicators_fingertips_health", "indicators_le_sii_all_las", "indicators_ons_els",
        "indicators_economy_housing", "indicators_fuel_poverty_lsoa", "indicators_wards"}
    assert data["value"].dtype == "float64" and data["period_sort"].dtype == "float64"
    assert data["period_sort"].notna().all()
    assert not data.duplicated(ind.KEY_COLUMNS).any()
    assert set(data["domain"]) <= ind.ALLOWED_DOMAINS
    assert set(data["polarity"]) <= set(ind.POLARITIES)
    # 346 + 12,644 + 1,280 + 542 + 369 + 3,042 rows, less the 84 Fingertips LE/SII rows for
    # Stockton and England that appear identically in both Fingertips files
    assert len(data) == 346 + 12644 + 1280 + 542 + 369 + 3042 - 84


def test_life_expectancy_and_its_inequality_match_provenance(data):
    le = latest(data, "FT:90366", [STOCKTON, ENGLAND], sex="Male")
    assert le["period"].tolist() == ["2023 - 25", "2023 - 25"]
    assert le["value"].tolist() == [79.0, 79.7]
    female = latest(data, "FT:90366", [STOCKTON, ENGLAND], sex="Female")
    assert female["value"].tolist() == [82.3, 83.5]
    for sex, stockton, england in (("Male", 15.6, 10.4), ("Female", 14.1, 8.0)):
        row = one(ind.compare_to_england(data, STOCKTON, "FT:92901", sex=sex), period="2022 - 24")
        assert (row["value"], row["comparator_value"]) == (stockton, england)
        assert row["better_or_worse"] == "worse"  # lower is better; no CI, no Fingertips flag
        assert row["basis"].startswith("point estimates")
    # the Fingertips significance flag judges life expectancy (no CIs in the extract)
    le_row = ind.compare_to_england(data, STOCKTON, "FT:90366", sex="Male").iloc[-1]
    assert (le_row["period"], le_row["better_or_worse"]) == ("2023 - 25", "worse")
    assert le_row["basis"].startswith("Fingertips")


def test_sii_ranking_across_all_lower_tier_authorities(data):
    sii = data[data["indicator_id"].eq("FT:92901") & data["area_type"].eq("LAD") & data["sex"].eq("Male")]
    latest = sii[sii["period"].eq("2022 - 24")].sort_values("value", ascending=False)
    assert latest["area_name"].head(3).tolist() == ["Middlesbrough", "Darlington", "Stockton-on-Tees"]
    assert latest["value"].head(3).tolist() == [17.4, 16.0, 15.6]
    first = sii[sii["period"].eq("2011 - 13")].sort_values("value", ascending=False).iloc[0]
    assert (first["area_code"], first["value"]) == (STOCKTON, 17.0)


def test_healthy_life_expectancy_ci_excludes_england_so_worse(data):
    row = one(ind.compare_to_england(data, STOCKTON, HLE_MALE), period="2022-2024")
    assert (row["value"], row["lower_ci"], row["upper_ci"]) == (55.6, 52.0, 59.1)
    assert row["region_name"] == "North East" and row["region_value"] == 57.0
    assert row["england_value"] == 60.9 and row["comparator_name"] == "England"
    assert row["gap"] == pytest.approx(-5.3)
    assert row["better_or_worse"] == "worse"
    assert row["basis"] == "95% confidence interval excludes the comparator"


def test_employment_rate_ci_includes_england_so_similar(data):
    row = one(ind.compare_to_england(data, STOCKTON, EMPLOYMENT), period="2023")
    assert (row["value"], row["lower_ci"], row["upper_ci"]) == (74.1, 69.0, 79.2)
    assert (row["england_value"], row["region_value"]) == (76.0, 72.8)
    assert row["gap"] == pytest.approx(-1.9)
    assert row["better_or_worse"] == "similar"


def test_child_poverty_is_compared_with_the_uk_where_england_is_missing(data):
    row = one(ind.compare_to_england(data, STOCKTON, CHILD_POVERTY_BHC), period="2024/25")
    assert round(row["value"], 1) == 22.3 and round(row["region_value"], 1) == 25.1
    assert (row["comparator_code"], row["comparator_name"]) == (UK, "United Kingdom")
    assert round(row["comparator_value"], 1) == 19.3 and math.isnan(row["england_value"])


def test_income_work_learning_and_housing_figures(data):
    gdhi = latest(data, "ELS:gross-disposable-household-income-per-head:gross-disposable-household-income",
                      [STOCKTON, NORTH_EAST, ENGLAND])
    assert gdhi["period"].unique().tolist() == ["2023"] and gdhi["value"].tolist() == [20209, 19977, 25425]
    level3 = latest(data, "ELS:qualifications-level-3-or-above:level-3-or-above-qualifications-great-britain",
                        [STOCKTON, NORTH_EAST, ENGLAND])
    assert level3["value"].tolist() == [57.3, 62.8, 67.4]
    fuel = ind.compare_to_england(data, STOCKTON, "TT:fuel_poverty:LILEE").iloc[-1]
    assert (fuel["period"], fuel["value"], fuel["comparator_value"], fuel["better_or_worse"]) == ("2023", 9.2, 11.4, "better")
    fp2020 = latest(data, "FP2020:pct", [STOCKTON, NORTH_EAST, ENGLAND])
    assert [round(v, 1) for v in fp2020["value"]] == [12.9, 14.4, 13.2]
    lsoas = data[data["indicator_id"].eq("FP2020:pct") & data["area_type"].eq("LSOA")]
    assert len(lsoas) == 120 and (round(lsoas["value"].min(), 1), round(lsoas["value"].max(), 1)) == (3.3, 30.5)


def test_ward_claimants_and_insolvencies(data):
    wards = data[data["indicator_id"].eq("CC:rate_16_64") & data["area_type"].eq("Ward")]
    assert len(wards) == 26
    assert one(wards, area_name="Stockton Town Centre")["value"] == 11.1
    assert one(wards, area_name="Northern Parishes")["value"] == 0.7
    assert latest(data, "CC:rate_16_64", STOCKTON)["value"].tolist() == [3.9]
    totals = data[data["indicator_id"].eq("INSOLV:Total")].groupby("period")["value"].sum()
    assert (totals["2012"], totals["2018"], totals["2022"]) == (340, 615, 522)


def test_latest_follows_period_sort_not_string_order(data):
    # "Oct 2021-Sep 2022" sorts last as a string; the latest rolling year is Jan 2025-Dec 2025
    row = latest(data, "TT:employment_rate", STOCKTON).iloc[0]
    assert row["period"] == "Jan 2025-Dec 2025"
    series = data[data["indicator_id"].eq("TT:employment_rate") & data["area_code"].eq(STOCKTON)]
    assert series.sort_values("period_sort")["period"].iloc[0] == "Oct 2021-Sep 2022"


def test_every_role_and_count_names_an_indicator_in_the_data(crosswalk, data):
    present = set(data["indicator_id"])
    assert set(crosswalk["roles"].values()) <= present
    table = ind.crosswalk_indicators(crosswalk)
    counted = table[table["numerator_id"].ne("")]
    assert counted["indicator_id"].tolist() == ["FP2020:pct"]  # the DESNZ LSOA table is the one that adds up
    assert set(counted["numerator_id"]) | set(counted["denominator_id"]) <= present
    assert ind.rate_counts("FP2020:pct", crosswalk) == ("FP2020:fuel_poor_households", "FP2020:households")
    with pytest.raises(KeyError, match="no 'nope'"):
        ind.role("nope", crosswalk)


def test_crosswalk_covers_the_nine_domains_and_matches_the_data(crosswalk, data):
    domains = ind.crosswalk_domains(crosswalk)
    assert domains["domain"].tolist() == list(ind.FSOT_DOMAINS)
    table = ind.crosswalk_indicators(crosswalk)
    assert set(table["indicator_id"]) <= set(data["indicator_id"])
    for domain, group in table.groupby("domain"):
        assert group["headline"].sum() == 1, domain
    assert "Power" not in set(table["domain"])  # no local source: proxies only
    power = one(domains, domain="Power")
    assert power["proxy_indicators"] and not power["iod_indices"]
    networks = one(domains, domain="Social and cultural networks")
    assert networks["iod_indices"] == [] and networks["context_iod_indices"] == ["crime"]
    # curated indicators carry the crosswalk's names and polarity; others are not judged
    sii = data[data["indicator_id"].eq("FT:92901")].iloc[0]
    assert (sii["polarity"], bool(sii["headline"])) == ("lower_is_better", True)
    pop = data[data["indicator_id"].eq("POP:All_Ages")].iloc[0]
    assert (pop["polarity"], pop["domain"], bool(pop["headline"])) == ("no_judgement", "Context", False)


def test_published_claims(data):
    claims = ind.read_claims(SOURCES / "indicators" / "published_claims_check.csv")
    assert len(claims) == 8
    first = claims[claims["claim_id"].eq("LE_GAP_21Y")]
    assert first["claim_text"].nunique() == 1 and "21 years" in first["claim_text"].iloc[0]
    assert first["evidence_value"].iloc[0] == 15.6 == one(data, indicator_id="FT:92901", area_code=STOCKTON,
                                                           sex="Male", period="2022 - 24")["value"]
    assert claims.loc[claims["claim_id"].eq("NO_HIGHER_GAP"), "evidence_value"].tolist() == [3.0]


# ------------------------------------------------------------------------------------------
# Periods

@pytest.mark.parametrize("period, key", [
    ("2023", 2023.0),
    ("2022 - 24", 2024.0),
    ("1999 - 01", 2001.0),
    ("2019-2023", 2023.0),
    ("2024/25", 2025.0),
    ("1999/00", 2000.0),
    ("2020/21 - 24/25", 2025.0),
    ("2023-10", 2023 + 9 / 12),
    ("2025-04-30", 2025 + 3 / 12),
    ("quarter ending 2009-03-31", 2009 + 2 / 12),
    ("quarter ending 2008-12-31", 2008 + 11 / 12),
    ("Apr 2022-Mar 2023", 2023 + 2 / 12),
    ("Jan 2022-Dec 2022", 2022 + 11 / 12),
    ("mid-2020", 2020 + 5 / 12),
    ("2019 (mostly 2015/16 data)", 2019.0),
    ("IoD2025", 2025.0),
])
def test_period_sort_key(period, key):
    assert ind.period_sort_key(period) == pytest.approx(key, abs=1e-4)


def test_period_sort_orders_rolling_years_and_quarters():
    rolling = ["Oct 2021-Sep 2022", "Jan 2022-Dec 2022", "Apr 2022-Mar 2023", "Jul 2022-Jun 2023"]
    assert sorted(rolling, key=ind.period_sort_key) == rolling
    quarters = ["quarter ending 2008-12-31", "quarter ending 2009-03-31", "quarter ending 2009-06-30"]
    assert sorted(quarters, key=ind.period_sort_key) == quarters


@pytest.mark.parametrize("period", ["", "last year", "2023-13-01", "2024 - 19", "Foo 2022-Bar 2023"])
def test_unreadable_periods_are_refused(period):
    with pytest.raises(ValueError):
        ind.period_sort_key(period)


# ------------------------------------------------------------------------------------------
# Better / worse / similar

@pytest.mark.parametrize("value, lo, hi, england, polarity, expected", [
    # with a CI: similar when it includes England's value, else by direction and polarity
    (74.1, 69.0, 79.2, 76.0, "higher_is_better", "similar"),
    (55.6, 52.0, 59.1, 60.9, "higher_is_better", "worse"),
    (65.0, 62.0, 68.0, 60.9, "higher_is_better", "better"),
    (30.0, 28.0, 32.0, 26.6, "lower_is_better", "worse"),
    (20.0, 18.0, 22.0, 26.6, "lower_is_better", "better"),
    (27.0, 25.0, 29.0, 26.6, "lower_is_better", "similar"),
    (59.1, 52.0, 59.1, 59.1, "higher_is_better", "similar"),  # England on the CI's edge
    # without a CI: the point estimates decide
    (79.0, None, None, 79.7, "higher_is_better", "worse"),
    (80.0, None, None, 79.7, "higher_is_better", "better"),
    (15.6, None, None, 10.4, "lower_is_better", "worse"),
    (9.2, None, None, 11.4, "lower_is_better", "better"),
    (10.0, None, None, 10.0, "lower_is_better", "similar"),
    (10.0, 9.0, None, 12.0, "lower_is_better", "better"),  # one limit is no CI
    # no polarity, or nothing to compare with
    (18.7, None, None, 14.3, "no_judgement", "not judged"),
    (18.7, 17.0, 20.0, None, "higher_is_better", "no comparison"),
])
def test_judge(value, lo, hi, england, polarity, expected):
    nan = float("nan")
    verdict, basis = ind.judge(value, nan if lo is None else lo, nan if hi is None else hi,
                               nan if england is None else england, polarity)
    assert verdict == expected
    if lo is not None and hi is not None and expected in ("better", "worse", "similar"):
        assert "confidence interval" in basis and "no confidence" not in basis
    if expected in ("better", "worse") and (lo is None or hi is None):
        assert basis.startswith("point estimates")


def test_judge_uses_the_fingertips_flag_only_without_a_ci():
    nan = float("nan")
    assert ind.judge(79.0, nan, nan, 79.7, "higher_is_better", "Similar")[0] == "similar"
    assert ind.judge(79.0, nan, nan, 79.7, "higher_is_better", "Worse")[1].startswith("Fingertips")
    assert ind.judge(55.6, 52.0, 59.1, 60.9, "higher_is_better", "Similar")[0] == "worse"  # the CI wins
    assert ind.judge(18.7, nan, nan, 14.3, "higher_is_better", "Higher 99.8")[0] == "better"  # not a verdict
    with pytest.raises(ValueError):
        ind.judge(1.0, nan, nan, 2.0, "up")


# ------------------------------------------------------------------------------------------
# Synthetic files

HEADER = ["indicator_id", "indicator_name", "domain", "area_code", "area_name", "area_type", "period", "value",
          "lower_ci", "upper_ci", "unit", "source", "sex", "category", "compared_to_england", "notes"]


def row(indicator="X:rate", area=STOCKTON, period="2023", value="10", lo="", hi="", domain="Health", sex="Persons",
        name="Stockton-on-Tees", area_type="LAD", flag=""):
    return {"indicator_id": indicator, "indicator_name": f"{indicator} name", "domain": domain, "area_code": area,
            "area_name": name, "area_type": area_type, "period": period, "value": value, "lower_ci": lo,
            "upper_ci": hi, "unit": "%", "source": "synthetic", "sex": sex, "category": "",
            "compared_to_england": flag, "notes": ""}


def write(tmp_path: Path, rows: list[dict], name: str = "synthetic.csv", drop: tuple[str, ...] = ()) -> Path:
    path = tmp_path / name
    pd.DataFrame(rows, columns=HEADER).drop(columns=list(drop)).to_csv(path, index=False)
    return path


def test_synthetic_file_reads_and_compares(tmp_path, crosswalk):
    path = write(tmp_path, [
        row("FT:90366", STOCKTON, "2021 - 23", "78.7", sex="Male"),
        row("FT:90366", STOCKTON, "2022 - 24", "", sex="Male"),  # blank: not the latest figure
        row("FT:90366", ENGLAND, "2021 - 23", "79.3", sex="Male", name="England", area_type="England"),
        row("FT:90366", ENGLAND, "2022 - 24", "79.5", sex="Male", name="England", area_type="England"),
        row(HLE_MALE, STOCKTON, "2022-2024", "55.6", "52.0", "59.1", sex="Male"),
        row(HLE_MALE, ENGLAND, "2022-2024", "60.9", "60.7", "61.2", sex="Male", name="England", area_type="England"),
        row(HLE_MALE, NORTH_EAST, "2022-2024", "57.0", sex="Male", name="North East", area_type="Region"),
        row("X:count", STOCKTON, "2023", "5", domain="Context", sex=""),
    ])
    df = ind.read_indicators([path], crosswalk)
    assert list(df.columns) == list(ind.OUTPUT_COLUMNS)
    assert set(df["source_id"]) == {""}  # not a registered file
    assert one(df, indicator_id="X:count")["sex"] == "Persons"  # blank sex is "Persons"
    assert latest(df, "FT:90366", [STOCKTON], sex="Male")["period"].tolist() == ["2021 - 23"]
    le = ind.compare_to_england(df, STOCKTON, "FT:90366")
    assert le[["period", "better_or_worse"]].values.tolist() == [["2021 - 23", "worse"]]
    hle = ind.compare_to_england(df, STOCKTON, HLE_MALE).iloc[0]
    assert (hle["better_or_worse"], hle["region_value"], hle["display_name"]) == ("worse", 57.0, "Healthy life expectancy, men")
    assert ind.compare_to_england(df, STOCKTON, "X:count")["better_or_worse"].tolist() == ["not judged"]
    with pytest.raises(KeyError, match="'nope' is not in the data"):
        ind.compare_to_england(df, STOCKTON, "nope")


def test_missing_columns_name_the_file(tmp_path, crosswalk):
    path = write(tmp_path, [row()], drop=("value", "domain"))
    with pytest.raises(DataProblem) as caught:
        ind.read_indicators([path], crosswalk)
    assert caught.value.file == str(path)
    assert "value" in caught.value.problem and "domain" in caught.value.problem


def test_non_numeric_value_names_the_file(tmp_path, crosswalk):
    path = write(tmp_path, [row(), row(period="2024", value="n/a")])
    with pytest.raises(DataProblem) as caught:
        ind.read_indicators([path], crosswalk)
    assert caught.value.file == str(path)
    assert "'value'" in caught.value.problem and "n/a" in caught.value.problem and "line 3" in caught.value.problem


@pytest.mark.parametrize(("rows", "named"), [
    ([row(lo="low")], "lower_ci"),
    ([row(), row(period="2024"), row(value="11")], "duplicate"),
    ([row(), row(period="2024", domain="Happiness")], "Happiness"),
    ([row(period="sometime")], "sometime"),
], ids=["non-numeric CI", "duplicate row", "unknown domain", "unreadable period"])
def test_bad_row_names_the_file_and_the_problem(tmp_path, crosswalk, rows, named):
    path = write(tmp_path, rows)
    with pytest.raises(DataProblem, match=named) as caught:
        ind.read_indicators([path], crosswalk)
    assert caught.value.file == str(path)


def test_same_row_in_two_files_is_kept_once_but_a_conflict_is_an_error(tmp_path, crosswalk):
    a = write(tmp_path, [row(), row(period="2024")], "a.csv")
    b = write(tmp_path, [row(), row(period="2022")], "b.csv")
    assert len(ind.read_indicators([a, b], crosswalk)) == 3
    c = write(tmp_path, [row(value="12")], "c.csv")
    with pytest.raises(DataProblem, match="disagree") as caught:
        ind.read_indicators([a, c], crosswalk)
    assert str(a) in caught.value.file and str(c) in caught.value.file


def test_crosswalk_indicator_missing_from_its_source_is_an_error(tmp_path, crosswalk):
    path = write(tmp_path, [row("ELS:something-else")])
    with pytest.raises(DataProblem, match="not in the data") as caught:
        ind.read_indicators({"indicators_ons_els": path}, crosswalk)
    assert caught.value.file == str(ind.CROSSWALK_FILE)


def test_crosswalk_domain_must_match_the_data_unless_overridden(tmp_path):
    text = ind.CROSSWALK_FILE.read_text(encoding="utf-8")
    rows = [row(EMPLOYMENT, domain="Income")]
    crosswalk = ind.load_crosswalk()
    with pytest.raises(DataProblem, match="domain_override_reason"):
        ind.read_indicators({"indicators_ons_els": write(tmp_path, rows)}, crosswalk)
    # with a reason, the crosswalk's domain wins
    marker = f'[domains.work.indicators."{EMPLOYMENT}"]\n'
    edited = tmp_path / "crosswalk.toml"
    edited.write_text(text.replace(marker, marker + 'domain_override_reason = "test"\n'), encoding="utf-8")
    crosswalk = ind.load_crosswalk(edited)
    # only the employment rate is in this synthetic "source", so check against it alone
    crosswalk["domains"] = {"work": {**crosswalk["domains"]["work"],
                                     "indicators": {EMPLOYMENT: crosswalk["domains"]["work"]["indicators"][EMPLOYMENT]}}}
    df = ind.read_indicators({"indicators_ons_els": write(tmp_path, rows)}, crosswalk)
    assert df["domain"].tolist() == ["Work"]


def _broken_crosswalk(tmp_path: Path, edit) -> Path:
    raw = ind.CROSSWALK_FILE.read_text(encoding="utf-8")
    path = tmp_path / "crosswalk.toml"
    path.write_text(edit(raw), encoding="utf-8")
    return path


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace('name = "Wealth"', 'name = "Riches"'), "domains missing: Wealth"),
    (lambda t: t.replace('polarity = "lower_is_better"', 'polarity = "down"', 1), "polarity 'down'"),
    (lambda t: t.replace('iod_indices = ["employment"]', 'iod_indices = ["jobs"]'), "unknown IoD index keys"),
    (lambda t: t.replace('context_iod_indices = ["crime"]', "context_iod_indices = []"), "not placed in any domain"),
    (lambda t: t.replace("headline = false", "headline = true", 1), "exactly one headline"),
    (lambda t: t.replace('gap = "access"', 'gap = "transport"'), "gap 'transport'"),
    (lambda t: t.replace('source = "indicators_wards"', 'source = "wards"', 1), "not an indicator source"),
    (lambda t: t + "\n[domains.power.indicators.\"INSOLV:Total\"]\ndisplay_name = \"x\"\npolarity = \"no_judgement\"\n"
               "unit = \"x\"\nheadline = true\nsource = \"indicators_wards\"\n", "also listed under"),
    (lambda t: t.replace("[gaps]", "[gaps\n"), "cannot be read"),
])
def test_crosswalk_validation_names_the_crosswalk(tmp_path, edit, message):
    path = _broken_crosswalk(tmp_path, edit)
    with pytest.raises(DataProblem, match=message) as caught:
        ind.load_crosswalk(path)
    assert caught.value.file == str(path)


def test_the_shipped_crosswalk_is_valid_toml_with_nine_domains():
    raw = tomllib.loads(ind.CROSSWALK_FILE.read_text(encoding="utf-8"))
    assert sorted(d["name"] for d in raw["domains"].values()) == sorted(ind.FSOT_DOMAINS)


def test_claims_validation(tmp_path):
    columns = list(ind.CLAIMS_COLUMNS)
    good = dict.fromkeys(columns, "x") | {"claim_id": "A", "evidence_value": "1.5"}
    path = tmp_path / "claims.csv"
    pd.DataFrame([good, good | {"claim": "(as above)", "evidence_value": ""}]).to_csv(path, index=False)
    claims = ind.read_claims(path)
    assert claims["claim_text"].tolist() == ["x", "x"] and math.isnan(claims["evidence_value"].iloc[1])
    pd.DataFrame([good | {"evidence_value": "about 21"}]).to_csv(path, index=False)
    with pytest.raises(DataProblem, match="evidence_value") as caught:
        ind.read_claims(path)
    assert caught.value.file == str(path)
    pd.DataFrame([good]).drop(columns=["assessment"]).to_csv(path, index=False)
    with pytest.raises(DataProblem, match="assessment"):
        ind.read_claims(path)
