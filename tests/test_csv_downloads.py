"""Every CSV download, as the pages hand it out under AppTest: parsed back, each has the provenance columns
filled from the source registry, number columns of a numeric type, no text standing in for a number, and a
complete file name.

AppTest keeps no media server, so the test records what each download button registers (the callable a
click runs, and its file name) and calls it, as Streamlit does when the button is pressed (tests/conftest.py).
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from fsot_data import registry
from fsot_data.map_view_model import MISSING_TEXT

APP = Path(__file__).resolve().parent.parent / "app.py"
PARLIAMENT = "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."  # sources.toml [attribution]


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page(page)
    at.run()
    assert not at.exception
    return at


def csvs(downloads: dict[str, callable]) -> dict[str, pd.DataFrame]:
    return {name: pd.read_csv(io.BytesIO(make()), encoding="utf-8-sig") for name, make in downloads.items()
            if name.endswith(".csv")}


def assert_ready_for_analysis(name: str, table: pd.DataFrame) -> None:
    assert re.fullmatch(r"fsot(-[a-z0-9]+)+\.csv", name), name
    assert set(registry.PROVENANCE) <= set(table.columns), name
    assert table["Source"].notna().all() and table["Licence"].notna().all(), name
    assert set(table["Date extracted"]) == {date.today().isoformat()}, name
    known_titles = {s.title for s in registry.all_sources().values()}
    assert all(set(cell.split(" | ")) <= known_titles for cell in table["Source"]), name
    for column in table.columns:
        values = table[column].dropna()
        if values.empty or pd.api.types.is_numeric_dtype(values):
            continue
        # a text column: no stand-in for a missing number, and not numbers written as text
        assert not values.isin(MISSING_TEXT).any(), (name, column)
        assert pd.to_numeric(values, errors="coerce").isna().any(), (name, column)


def test_borough_against_england_csvs(downloads):
    open_page("pages/borough_vs_england.py")
    tables = csvs(downloads)
    assert len(tables) >= 4  # deciles, ranks, latest indicators, trend, coverage cards
    for name, table in tables.items():
        assert_ready_for_analysis(name, table)
    deciles = next(t for n, t in tables.items() if "by-national-decile" in n)
    # The IoD2025 decile shares come from iod2025_lsoa (sources.toml), whose licence is "OGL v3.0"
    assert deciles["Share of borough LSOAs (%)"].dtype == float and deciles["Borough LSOAs in decile"].dtype == int
    assert set(deciles["Licence"]) == {"OGL v3.0"}


def test_map_table_csv_is_numeric_with_missing_population_empty(downloads):
    open_page("pages/deprivation_map.py")
    name = next(n for n in downloads if "lsoas" in n and n.endswith(".csv"))
    # The map opens on IoD2025, England's 10% most deprived, IMD (pages/deprivation_map.py defaults)
    assert name == "fsot-stockton-on-tees-lsoas-imd-band10-iod2025.csv"
    table = csvs(downloads)[name]
    assert_ready_for_analysis(name, table)
    assert len(table) == 124  # the borough's LSOA 2021s (IoD2025 File 7, LAD E06000004)
    rank = next(c for c in table.columns if c.startswith("IMD rank"))
    assert table[rank].dtype == int and table["IMD decile"].dtype == int
    # IoD2025 File 7 publishes no population denominators: the column is empty, not text
    assert table["Population"].isna().all()
    # view sources (fsot_data/map_view_model.py): File 7 first, then boundaries, wards and the ward lookup
    assert table["Source edition"].iloc[0].split(" | ")[0] == registry.get("iod2025_lsoa").edition
    # Every LSOA carries its neighbourhood name: MSOA-Names-2.3.csv names Stockton-on-Tees 011 (E02002545)
    # "Rimswell & Bishopsgarth", so the CSV cites the House of Commons Library's names and their licence's attribution.
    names = table.set_index("LSOA code")["LSOA name"]
    assert names["E01012187"] == "Stockton-on-Tees 011A, Rimswell & Bishopsgarth"
    assert registry.get("msoa_names_2021").title in table["Source"].iloc[0].split(" | ")
    assert registry.get("msoa_names_2011").title not in table["Source"].iloc[0]  # IoD2025 is on 2021 LSOAs
    assert PARLIAMENT in table["Attribution"].iloc[0] and "Open Parliament Licence v3.0" in table["Licence"].iloc[0]


def test_progress_scorecard_csv_names_each_measures_own_source(downloads):
    open_page("pages/progress.py")
    # views.progress_report.file_name: the place (the build's manifest: Stockton-on-Tees) and the day the report was built
    stem = f"stockton-on-tees-{date.today().isoformat()}"
    assert {f"fsot-progress-report-{stem}.html", f"fsot-progress-report-{stem}.pdf"} <= set(downloads)
    name = f"fsot-progress-scorecard-{stem}.csv"
    table = csvs(downloads)[name]
    assert len(table) == 17  # the framework's 17 measures (fsot_data/outcomes_framework.toml)
    assert set(registry.PROVENANCE) <= set(table.columns) and set(table["Date extracted"]) == {date.today().isoformat()}
    for column in ("Baseline value", "Latest comparator value", "Latest gap (borough minus comparator)",
                   "Change in gap (+ = lost ground)"):
        assert table[column].dtype == float, column
    assert table["Worse than England and worsening"].dtype == bool
    rows = table.set_index("Measure")
    # economy_housing_stockton_england.csv, TT:real_living_wage: 83.6 in 2020, England 85.3 in 2025 (as tests/test_progress.py)
    jobs = rows.loc['% in "good jobs" (pay, stability and progression)']
    assert (jobs["Baseline value"], jobs["Latest comparator value"], jobs["Period"]) == (83.6, 85.3, "2020 to 2025")
    assert jobs["Source"] == registry.get("indicators_economy_housing").title
    # outcomes_framework.toml: child poverty is ELS:children-in-relative-poverty, life expectancy gaps a Fingertips indicator
    assert rows.loc["% below 60% of median income", "Source"] == registry.get("indicators_ons_els").title
    assert rows.loc["Life expectancy gaps", "Source"] == registry.get("indicators_fingertips_health").title
    # Each row names its own source, never all of them joined; a measure no source measures has none, and says so
    assert not table["Source"].str.contains(" | ", regex=False).any()
    debt = rows.loc["Levels of debt"]
    assert debt[["Source", "Licence", "Baseline value", "Latest gap (borough minus comparator)"]].isna().all()
    assert debt["Verdict"] == "not measured" and debt["Why"].startswith("no source today")
