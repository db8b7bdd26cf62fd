"""Progress since the framework began (fsot_data.progress, views.progress_report, pages/progress.py) on the real
sources: measures and their verdicts from the indicator files, deprivation in three editions against File 10, the
priority areas against the rest of the borough recomputed by hand, and the framework file's validation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from datafiles.errors import DataProblem
from fsot_data import progress
from fsot_data.editions import EDITIONS
from views.progress_report import build_report, report_html

APP = Path(__file__).resolve().parent.parent / "app.py"


@pytest.fixture(scope="module")
def scorecard(compared) -> pd.DataFrame:
    return progress.measure_progress(progress.load_outcomes_framework(), compared).set_index("key")


def test_the_framework_names_17_measures_in_nine_domains_each_measured_proxied_or_not(scorecard):
    assert len(scorecard) == 17
    assert scorecard["domain"].nunique() == 9
    assert set(scorecard["kind"]) == {"indicator", "proxy", "not_measured"}
    assert set(scorecard["verdict"]) <= set(progress.VERDICTS)
    not_measured = scorecard[scorecard["kind"].eq("not_measured")]
    assert not_measured["would_be_measured_by"].str.len().gt(20).all()  # each names the source that would measure it


def test_employment_rate_from_2020_to_2023_is_no_clear_change_because_both_intervals_include_england(scorecard):
    # ons_els_la_region_england.csv, ELS:employment-rate:employment-rate: Stockton 2020 74.4 (71.0-77.8), England 75.6;
    # Stockton 2023 74.1 (69.0-79.2), England 76.0. Both intervals include England's value: "similar" at both.
    row = scorecard.loc["in_work"]
    assert (row["baseline_period"], row["baseline_value"], row["baseline_comparator"]) == ("2020", 74.4, 75.6)
    assert (row["latest_period"], row["latest_value"], row["latest_comparator"]) == ("2023", 74.1, 76.0)
    assert row["baseline_gap"] == pytest.approx(-1.2) and row["latest_gap"] == pytest.approx(-1.9)
    assert row["verdict"] == progress.NO_CLEAR_CHANGE
    assert "similar to the comparator at both periods" in row["basis"]


def test_living_wage_jobs_gap_widened_and_is_flagged_worse_and_worsening(scorecard):
    # economy_housing_stockton_england.csv, TT:real_living_wage: 2020 Stockton 83.6, England 79.7 (3.9 ahead);
    # 2025 Stockton 78.8, England 85.3 (6.5 behind). No intervals: the shortfall rose by 10.4 points, over 5% of 79.7.
    row = scorecard.loc["good_jobs"]
    assert (row["baseline_value"], row["baseline_comparator"], row["latest_value"], row["latest_comparator"]) == (83.6, 79.7, 78.8, 85.3)
    assert row["gap_change"] == pytest.approx(10.4)
    assert row["verdict"] == progress.WIDENING and row["worse_and_worsening"]
    assert row["kind"] == "proxy"


def test_fuel_poverty_gap_closing_as_the_borough_lead_grew(scorecard):
    # economy_housing_stockton_england.csv, TT:fuel_poverty:LILEE: 2019 Stockton 13.0%, England 13.4%;
    # 2023 Stockton 9.2%, England 11.4%. Lower is better: the lead grew from 0.4 to 2.2 points (over 5% of 13.4).
    row = scorecard.loc["energy_efficiency"]
    assert (row["baseline_period"], row["baseline_value"], row["latest_period"], row["latest_value"]) == ("2019", 13.0, "2023", 9.2)
    assert row["gap_change"] == pytest.approx(-1.8)
    assert row["verdict"] == progress.CLOSING and not row["worse_and_worsening"]


def test_verdict_count(scorecard):
    # The figures of the three tests above, plus: KS2 2018/19 71 vs 65 to 2024/25 65 vs 63 (lead fell 4 points,
    # over 5% of 65: widening); Level 3+, healthy life expectancy: worse at both periods; the engagement proxy
    # has one period (2023/24); six measures have no source.
    assert progress.verdict_counts(scorecard.reset_index()) == {"closing": 1, "widening": 2, "no clear change": 7, "not measured": 7}
    assert scorecard.loc["engaged_in_community", "verdict"] == progress.NOT_MEASURED
    assert "only one period" in scorecard.loc["engaged_in_community", "basis"]


def _row(value, lower, upper, comparator, judgement, polarity="higher_is_better"):
    basis = "point estimates only (no confidence interval)" if pd.isna(lower) else "95% confidence interval"
    return pd.Series({"value": value, "comparator_value": comparator, "gap": value - comparator, "polarity": polarity,
                      "better_or_worse": judgement, "basis": basis, "lower_ci": lower, "upper_ci": upper})


def test_the_verdict_rule_needs_a_moved_significance_judgement_or_a_material_change():
    # Realistic rows: healthy life expectancy worse (interval excludes England) to similar is closing.
    assert progress.gap_verdict(_row(57.9, 55.5, 60.4, 63.2, "worse"), _row(61.0, 58.5, 63.5, 62.0, "similar"))[0] == progress.CLOSING
    assert progress.gap_verdict(_row(61.0, 58.5, 63.5, 62.0, "similar"), _row(55.0, 52.0, 58.0, 61.0, "worse"))[0] == progress.WIDENING
    # no intervals, lower is better: a 0.4-year move against England's 9.5 is under the 5% (0.475) threshold
    assert progress.gap_verdict(_row(14.3, None, None, 9.5, "worse", "lower_is_better"),
                                _row(15.6, None, None, 10.4, "worse", "lower_is_better"))[0] == progress.NO_CLEAR_CHANGE
    assert progress.gap_verdict(_row(14.3, None, None, 9.5, "worse", "lower_is_better"),
                                _row(12.0, None, None, 9.5, "worse", "lower_is_better"))[0] == progress.CLOSING


def test_an_unknown_indicator_id_in_the_framework_file_is_a_clear_data_problem(tmp_path, compared):
    text = progress.FRAMEWORK_FILE.read_text(encoding="utf-8").replace("TT:real_living_wage", "TT:real_living_wages")
    bad = tmp_path / "outcomes_framework.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataProblem) as problem:
        progress.measure_progress(progress.load_outcomes_framework(bad), compared)
    assert "good_jobs" in problem.value.problem and "'TT:real_living_wages'" in problem.value.problem


def test_an_unknown_kind_or_a_baseline_period_not_in_the_source_is_a_clear_data_problem(tmp_path, compared):
    bad = tmp_path / "outcomes_framework.toml"
    text = progress.FRAMEWORK_FILE.read_text(encoding="utf-8")
    bad.write_text(text.replace('kind = "proxy"\nindicator = "ELS:gross', 'kind = "guess"\nindicator = "ELS:gross'), encoding="utf-8")
    with pytest.raises(DataProblem, match="kind 'guess'"):
        progress.load_outcomes_framework(bad)
    bad.write_text(text.replace('baseline_period = "2020"', 'baseline_period = "2021/22"', 1), encoding="utf-8")
    with pytest.raises(DataProblem, match="baseline period '2021/22'"):
        progress.measure_progress(progress.load_outcomes_framework(bad), compared)


def test_deprivation_in_three_editions_matches_file_10_and_the_iod2015_lsoas(data):
    table = progress.deprivation_editions({k: data.lad_summaries(k) for k in ("2019", "2025")}, data.iod2015(),
                                          data.national("2019"), data.lad_code).set_index("edition")
    # IoD2019 File 10 (IMD sheet), Stockton E06000004: average score 25.79, rank 73 of 317; proportion 0.2083, rank 39.
    assert tuple(table.loc["IoD2019", ["rank_of_average_score", "average_score", "prop_most_deprived_10pct",
                                       "rank_of_prop_most_deprived_10pct", "n_districts"]]) == (73, 25.79, 0.2083, 39, 317)
    # IoD2025 File 10 v2 (imd_la_summary_stockton.csv): rank of average score 69 of 296, score 25.83; proportion 0.1935, rank 41.
    assert tuple(table.loc["IoD2025", ["rank_of_average_score", "average_score", "prop_most_deprived_10pct",
                                       "rank_of_prop_most_deprived_10pct", "n_districts"]]) == (69, 25.83, 0.1935, 41, 296)
    # IoD2015 File 1: 22 of Stockton's 120 LSOAs in decile 1, among 326 districts of 2013 (derived, so labelled).
    assert table.loc["IoD2015", "prop_most_deprived_10pct"] == pytest.approx(22 / 120)
    assert table.loc["IoD2015", "n_districts"] == 326 and table.loc["IoD2015", "how"].startswith("derived")


def test_the_iod2015_derivation_reproduces_the_published_iod2019_file_10_figures(data):
    # The same method on IoD2019's LSOA scores and mid-2015 populations gives File 10's Stockton figures:
    # average score 25.79, rank of average score 73 of 317 (IoD2019 File 10, IMD sheet).
    national = data.national("2019")
    mine = progress.district_imd_summary(national, data.lad_code, EDITIONS["2019"].n_lsoas_england)
    assert round(mine["average_score"], 2) == 25.79
    assert (mine["rank_of_average_score"], mine["n_districts"]) == (73, 317)


def test_priority_areas_against_the_rest_of_the_borough_recomputed_by_hand(data):
    lsoas = data.lsoas("2025")
    central = next(a for a in data.priority_areas() if a.name == "Central Stockton")
    rest = lsoas[~lsoas["lsoa_code"].isin(central.lsoas["2025"])]
    table = progress.priority_against_rest(lsoas, [central], "2025").iloc[0]
    # By hand from the IoD2025 LSOA table: the borough's 124 LSOAs less Central Stockton's.
    assert (table["n_lsoas"], table["rest_n_lsoas"]) == (len(central.lsoas["2025"]), len(rest)) == (10, 114)
    assert table["rest_prop_most_deprived_10pct"] == pytest.approx((rest["imd_decile"] == 1).mean())
    assert table["rest_average_score"] == pytest.approx(rest["imd_score"].mean())  # no 2021 denominators: unweighted
    assert table["gap_average_score"] == pytest.approx(table["average_score"] - rest["imd_score"].mean())


def test_the_report_html_has_every_section_and_escapes_text(data):
    document = report_html(build_report(data))
    for section in ("Scorecard", "Gaps that closed", "Gaps that widened", "Deprivation change",
                    "Priority areas against the rest of the borough", "Caveats", "Sources"):
        assert f">{section}</h2>" in document
    assert "% in &quot;good jobs&quot;" in document  # the measure's quotes are escaped
    # It names priority areas, never a neighbourhood, so it does not cite the MSOA names (editions.cited_sources)
    assert "MSOA Names" not in document and "Open Parliament Licence" not in document


def test_progress_page_lists_all_17_measures_with_a_verdict():
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page("pages/progress.py")
    at.run()
    assert not at.exception
    for scorecard in (at.table[0].value, at.dataframe[0].value):  # the phone-width table, and every figure
        assert len(scorecard) == 17
        assert scorecard["Verdict"].str.split(" (", regex=False).str[0].isin(progress.VERDICTS).all()
    figures = at.dataframe[0].value.set_index("Measure")
    # economy_housing_stockton_england.csv, TT:real_living_wage: 83.6 in 2020 against England's 79.7, 78.8 in 2025 against 85.3
    assert figures.loc['% in "good jobs" (pay, stability and progression)', "Baseline (period)"] == "83.6 (2020)"
    assert figures.loc['% in "good jobs" (pay, stability and progression)', "Comparator at baseline / latest"] == "England: 79.7 / 85.3"
    assert [h.value for h in at.header] == ["Scorecard", "The gaps over time", "Deprivation over three editions",
                                            "Annual progress report"]
    assert [b.proto.label for b in at.get("download_button")][-2:] == ["Download report (HTML)", "Download report (PDF, A4)"]
