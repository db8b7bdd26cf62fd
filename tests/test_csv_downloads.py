"""Every CSV download, as the pages hand it out under AppTest: parsed back, each has the provenance columns
filled from the source registry, number columns of a numeric type, no text standing in for a number, and a
complete file name.

AppTest keeps no media server, so the test records what each download button registers (the callable a
click runs, and its file name) and calls it, as Streamlit does when the button is pressed.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from fsot_data import registry
from fsot_data.map_view_model import MISSING_TEXT

APP = Path(__file__).resolve().parent.parent / "app.py"


@pytest.fixture
def downloads(monkeypatch) -> dict[str, callable]:
    """file name -> the callable its (deferred) download button runs, for every button a run draws."""
    seen: dict[str, callable] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        seen[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


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
