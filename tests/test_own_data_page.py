"""pages/own_data.py under AppTest (through app.py, so page links resolve): an upload is checked and reported, its
text never reaches Markdown, and the indicator follows the session to Compare areas, the map page and profiles.
(The maps are components AppTest cannot see inside; tests/browser/test_own_data.py draws them in Chromium.)"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from fsot_data import registry
from fsot_data.datasets import Datasets
from ui.own_data import PRIVACY, STORE_KEY

ROOT = Path(__file__).resolve().parents[1]
SUBMIT = "FormSubmitter:own_data_form-Check the file and add the indicator"
HOSTILE = "<script>alert(1)</script> **bold** ![x](http://evil.example/x.png)"


@pytest.fixture(scope="module")
def codes() -> list[str]:
    return list(Datasets().lsoas("2025")["lsoa_code"])


def uploaded(content: bytes, name: str = "mine.csv", **fields) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/own_data.py").run()
    at.file_uploader(key="own_upload").set_value((name, content, "text/csv")).run()
    values = {"own_name": "Feel in control", "own_unit": "% of adults", "own_period": "2024", "own_source": "Council survey"}
    for key, value in {**values, **fields}.items():
        at.text_input(key=key).input(value)
    return at.button(key=SUBMIT).click().run()


def markdown_text(at: AppTest) -> str:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    return "\n".join(e.value for kind in kinds for e in getattr(at, kind))


def test_the_page_states_privacy_and_limits():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/own_data.py").run()
    assert not at.exception
    assert at.info[0].value == PRIVACY
    assert "10 MB and 100,000 rows" in at.caption[0].value


def test_a_partly_valid_upload_is_reported_and_follows_the_session(codes):
    content = ("lsoa_code,value\n" + "".join(f"{c},{i}\n" for i, c in enumerate(codes)) + "E01000001,3\nfoo,2\n").encode()
    at = uploaded(content)
    assert not at.exception
    assert at.warning[0].value.startswith("Used 124 of 126 rows: figures for 124 LSOAs (LSOA 2021 codes). 2 rows were not used")
    dropped = at.dataframe[0].value  # the first table on the page: the rows not used
    assert dropped["Row"].tolist() == [126, 127] and "not in Stockton-on-Tees" in dropped.iloc[0, 2]
    [indicator] = at.session_state[STORE_KEY].values()
    assert indicator.geography == "lsoa2021"

    at.switch_page("pages/compare_areas.py").run()
    assert not at.exception and "Your own data" in [s.value for s in at.subheader]
    assert any(t.value.startswith("Source: Council survey (your own data, not published statistics)") for t in at.text)
    at.switch_page("pages/deprivation_map.py").run()
    assert not at.exception and "Your own data on the map" in [s.value for s in at.subheader]


def test_file_text_and_form_text_never_reach_markdown(codes):
    content = (f"lsoa_code,value\n{codes[0]},1\n{codes[1]},2\n{HOSTILE},3\n").encode()
    at = uploaded(content, name="<b>evil</b>.csv", own_name=HOSTILE, own_source=HOSTILE)
    assert not at.exception
    assert "<script>" not in markdown_text(at) and "evil.example" not in markdown_text(at)
    assert any(HOSTILE in t.value for t in at.text)  # shown, as plain text
    at.switch_page("pages/compare_areas.py").run()
    assert not at.exception and "evil.example" not in markdown_text(at)


def test_a_file_that_cannot_be_used_says_why():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/own_data.py").run()
    at.file_uploader(key="own_upload").set_value(("book.xlsx", b"not a zip", "application/octet-stream")).run()
    assert not at.exception and at.error[0].value == "This file cannot be used:"
    assert "not a valid zip package" in at.text[0].value


def test_missing_metadata_is_asked_for(codes):
    at = uploaded(f"lsoa_code,value\n{codes[0]},1\n".encode(), own_name="", own_source="")
    assert [w.value for w in at.warning] == ["Give the indicator's name.", "Give the indicator's source."]
    assert not at.session_state[STORE_KEY]


def test_the_area_profile_carries_the_indicator_escaped(codes):
    content = ("lsoa_code,value\n" + "".join(f"{c},{i}\n" for i, c in enumerate(codes))).encode()
    at = uploaded(content, own_name="Feel <i>in control</i>")
    at.switch_page("pages/area_profile.py").run()
    assert not at.exception
    document = at.get("iframe")[0].proto.srcdoc  # the profile's HTML, as downloaded and printed
    assert "Your own data (not published statistics)" in document
    assert "Feel &lt;i&gt;in control&lt;/i&gt; (% of adults)" in document and "<i>in control" not in document


def test_the_indicator_and_template_downloads_are_named_and_the_indicator_csv_is_ready_for_analysis(codes, downloads):
    content = ("lsoa_code,count,households\n" + "".join(f"{c},{i},{100 + i}\n" for i, c in enumerate(codes[:5]))).encode()
    at = uploaded(content, name="survey 2024.csv")
    assert not at.exception
    [indicator] = at.session_state[STORE_KEY].values()
    # views.export.download_name: the place, the indicator's name and key, the bands shown (quintiles, the default)
    slug, digest = indicator.key.split(":")[1:]
    assert slug == "feel-in-control"
    name = f"fsot-own-data-stockton-on-tees-feel-in-control-{digest}-quintiles.csv"
    assert {name, "fsot-own-data-template-stockton-on-tees-lsoa2011.csv"} <= set(downloads)
    template = pd.read_csv(io.BytesIO(downloads["fsot-own-data-template-stockton-on-tees-lsoa2011.csv"]()), encoding="utf-8-sig")
    assert list(template.columns) == ["lsoa_code", "lsoa_name", "value", "denominator"]  # re-uploadable: no provenance

    table = pd.read_csv(io.BytesIO(downloads[name]()), encoding="utf-8-sig")
    assert set(registry.PROVENANCE) <= set(table.columns) and len(table) == 5
    assert all(pd.api.types.is_numeric_dtype(table[c]) for c in ("Value", "Numerator", "Denominator"))
    # the file's second row: 1 of 101 households, x 100 (guess_columns picks households as the denominator)
    assert table.set_index("LSOA code").loc[codes[1], "Value"] == round(100 / 101, 3)
    # the name joins the ONS LSOA name and its MSOA's House of Commons Library name (Datasets.lsoas)
    lsoas = Datasets().lsoas("2025").set_index("lsoa_code")
    assert table.set_index("LSOA code").loc[codes[0], "LSOA name"] == lsoas.loc[codes[0], "lsoa_name"]
    row = table.iloc[0]
    # the values are the user's, said from what the user gave; areas, vintage and names from the registry
    boundaries, names = registry.get("lsoa2021_boundaries"), registry.get("msoa_names_2021")
    assert row["Source"] == f"Feel in control (your own data, not published statistics) | {boundaries.title} | {names.title}"
    assert row["Publisher"].startswith("Council survey | ")
    assert row["Source edition"] == f"File survey 2024.csv: 5 of 5 rows used | {boundaries.edition} | {names.edition}"
    assert row["Geography and vintage"] == f"{boundaries.geography} | {names.geography}"
    assert row["Period"] == 2024 and row["Licence"].startswith("not stated (your own data")
    assert "Contains Parliamentary information licensed under the Open Parliament Licence v3.0." in row["Attribution"]
    assert "nan" not in downloads[name]().decode("utf-8-sig")  # missing values are empty
