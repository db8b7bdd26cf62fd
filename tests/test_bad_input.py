"""Hostile input through the app itself: typed postcodes, pasted links, and markup hidden in the data.

Function-level postcode cases are in test_postcodes.py; here each input goes through the page as a
user (or a crafted request) would send it, and the page must answer with its specific message, never
an exception, and never echo markup. Markup in area names (injected into a copy of the build) must
reach the page, its HTML fragments and its SVG exports only as text.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from fsot_data.build import MANIFEST
from fsot_data.config import authority_dir
from fsot_data.store import load
from views.export import svg_bytes

PROJECT_ROOT = Path(__file__).resolve().parent.parent
APP = PROJECT_ROOT / "app.py"
PAGES = re.findall(r'st\.Page\(\s*"(pages/[^"]+\.py)"', APP.read_text(encoding="utf-8"))
# The page the router opens first (its st.Page has default=True): every other page is reached by switching to it.
DEFAULT_PAGE = re.search(r'st\.Page\(\s*"(pages/[^"]+\.py)"[^)]*default=True', APP.read_text(encoding="utf-8"))[1]
MAP_PAGE = "pages/deprivation_map.py"
POSTCODE_INPUT = "map_postcode"
BOROUGH = "E06000004"

# Markup that would run if any of it reached the page as HTML: it records itself in window.top.__xss.
PAYLOAD = ("<script>window.top.__xss='script'</script>"
           "<img src=x onerror=\"window.top.__xss='img'\"><b onmouseover=\"window.top.__xss='hover'\">b</b>")
MARKUP = re.compile(r"<script|onerror=|onmouseover=|<img\b", re.IGNORECASE)


# --- helpers --------------------------------------------------------------------------------------

def run_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params.update(query or {})
    at.run()
    if page != DEFAULT_PAGE:
        at.switch_page(page).run()
    return at


def shown_text(at: AppTest) -> list[str]:
    """Everything the page shows as text (not inside st_folium, which the browser tests look into)."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
             "text", "code", "html")
    values = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    return values + [str(m.label) for m in at.metric] + [str(m.value) for m in at.metric]


def assert_no_exception(at: AppTest, what: str) -> None:
    assert not at.exception, f"{what}: {[e.message for e in at.exception]}"


def raw_html(at: AppTest) -> list[str]:
    """What the page hands to the browser as HTML: st.html bodies and markdown with HTML allowed."""
    return [e.value for e in at.html] + [e.value for e in at.markdown if e.allow_html]


# --- postcodes, typed into the map page ------------------------------------------------------------

@pytest.fixture(scope="module")
def postcodes() -> pd.DataFrame:
    return load("postcodes")


def borough_postcode(postcodes: pd.DataFrame) -> str:
    return postcodes.loc[postcodes["lad_code"] == BOROUGH, "postcode"].iloc[0]


def neighbour_postcode(postcodes: pd.DataFrame) -> tuple[str, str]:
    row = postcodes.loc[postcodes["lad_code"] != BOROUGH].iloc[0]
    return row["postcode"], row["lad_name"]


def search(at: AppTest, text: str) -> AppTest:
    """Submit text in the postcode form. set_value, not input(): a crafted request is not held to the
    box's max_chars the way a browser is."""
    at.text_input(key=POSTCODE_INPUT).set_value(text)
    [find] = [b for b in at.button if b.label == "Find"]
    return find.click().run()


def alerts(at: AppTest) -> list[tuple[str, str]]:
    return [(kind, e.value) for kind in ("error", "warning", "info", "success") for e in getattr(at, kind)]


CASES = {
    "empty": (lambda pc: "", "info", "Type a postcode"),
    "spaces only": (lambda pc: "   \t ", "info", "Type a postcode"),
    "lowercase, no space": (lambda pc: borough_postcode(pc).lower().replace(" ", ""), "success", " ward"),
    "non-breaking space": (lambda pc: borough_postcode(pc).lower().replace(" ", "\u00a0"), "success", " ward"),
    "200 characters": (lambda pc: "TS18 1AA" * 25, "error", "too long"),
    "HTML and script": (lambda pc: "<script>alert(1)</script>", "error", "too long"),
    "short HTML": (lambda pc: "<b>TS18</b>", "error", "not a valid UK postcode"),
    "SQL-like": (lambda pc: "' OR 1=1 --", "error", "not a valid UK postcode"),
    "SQL-like, long": (lambda pc: "TS18 1AA'; DROP TABLE postcodes;--", "error", "too long"),
    "Cyrillic look-alikes": (lambda pc: "\u0422S18 1\u0410\u0410", "error", "not a valid UK postcode"),
    # Full-width letters and digits (a CJK phone keyboard) spell TS18 1AA: read as that postcode (NFKC).
    "full-width characters": (lambda pc: "\uff34\uff33\uff11\uff18 \uff11\uff21\uff21", "success", "TS18 1AA is in"),
    "emoji and NUL": (lambda pc: "TS18\x00 1AA \U0001f600", "error", "not a valid UK postcode"),
    "well formed, not in the lookup": (lambda pc: "zz99 9zz", "warning", "not in the postcode lookup"),
    "outside the borough": (lambda pc: neighbour_postcode(pc)[0].lower(), "warning", "not in Stockton-on-Tees"),
}


@pytest.fixture(scope="module")
def map_page() -> tuple[AppTest, list[tuple[str, str]]]:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    at = run_page(MAP_PAGE)
    assert_no_exception(at, "the map page")
    return at, alerts(at)


@pytest.mark.parametrize("case", CASES)
def test_a_typed_postcode_gets_its_specific_message(case, map_page, postcodes):
    make, kind, words = CASES[case]
    text = make(postcodes)
    page, before_any_search = map_page
    at = search(page, text)
    assert_no_exception(at, f"postcode {text!r}")
    messages = [alert for alert in alerts(at) if alert not in before_any_search]
    assert len(messages) == 1 and messages[0][0] == kind and words in messages[0][1], messages
    if MARKUP.search(text) or len(text) > 40:
        assert not any(text in shown for shown in shown_text(at)), "the page repeats the raw input"


# --- links: hostile query parameters on every page ----------------------------------------------------

HUGE = "9" * 100_000
LINKS = {
    "unknown ward, wrong edition": {"ward": "E05999999", "kind": "ward", "edition": "2031", "slide": "slide-99"},
    "injected HTML": {"ward": PAYLOAD, "edition": "<img src=x onerror=alert(1)>", "slide": PAYLOAD},
    "huge values": {"edition": HUGE, "ward": HUGE, "slide": HUGE},
    "repeated and unknown parameters": {"edition": ["2019", "2025", "2019"], "kind": ["ward", "priority"],
                                        **{f"p{n}": PAYLOAD for n in range(50)}},
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("link", LINKS)
def test_a_hostile_link_falls_back_with_a_notice(link, page):
    at = run_page(page, LINKS[link])
    assert_no_exception(at, f"{page}?{link}")
    text = "\n".join(shown_text(at))
    assert not MARKUP.search(text), f"{page} repeats markup from the link"
    assert "9" * 200 not in text, f"{page} repeats a huge value from the link"
    assert at.title or at.header or at.html, f"{page} shows nothing for a link with {link}"
    if "url_state(" in (PROJECT_ROOT / page).read_text(encoding="utf-8"):
        assert any("link" in notice.value for notice in at.info), f"{page} did not say what it dropped"


# --- markup inside the data: area names in a copy of the build ------------------------------------

def inject_markup(real: Path, folder: Path) -> Path:
    """A copy of the build whose LSOA and ward names carry PAYLOAD (they reach tooltips, labels,
    tables, chart titles and exports)."""
    shutil.copytree(real, folder)

    def rewrite(name: str, column: str, rows=None) -> None:
        table = load(name, folder)
        chosen = table.index if rows is None else rows(table)
        table.loc[chosen, column] = table.loc[chosen, column].astype(str) + " " + PAYLOAD
        table.to_parquet(folder / f"{name}.parquet", index=False)  # GeoParquet stays GeoParquet

    def borough(table: pd.DataFrame) -> pd.Index:
        return table.index[table["lad_code"] == BOROUGH]

    for edition, vintage, wards in (("2019", "2011", "wards2022"), ("2025", "2021", "wards2025")):
        rewrite(f"iod{edition}_lsoa", "lsoa_name", borough)
        rewrite(f"lsoa_ward_{edition}", "ward_name")
        rewrite(f"lsoa{vintage}_boundaries", "name")
        rewrite(f"{wards}_boundaries", "name")
    rewrite("postcodes", "ward25_name")
    return folder


@pytest.fixture(scope="module")
def injected_build(tmp_path_factory) -> Path:
    real = authority_dir()
    if not (real / MANIFEST).is_file():
        pytest.fail(f"no build in {real}: run `python -m fsot_data build` first (scripts/test does).")
    return inject_markup(real, tmp_path_factory.mktemp("injected") / "build" / real.name)


@pytest.fixture
def recorded_charts(monkeypatch) -> list:
    """Every ChartSpec a page shows, so its SVG export can be checked."""
    import ui.chart_card

    specs, show = [], ui.chart_card.chart_card

    def record(spec):
        specs.append(spec)
        show(spec)

    monkeypatch.setattr(ui.chart_card, "chart_card", record)
    return specs


def assert_svg_is_inert(svg: bytes, what: str) -> None:
    root = ET.fromstring(svg)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        assert tag not in ("script", "foreignObject", "iframe"), f"{what}: <{tag}> in the SVG"
        handlers = [name for name in element.attrib if name.lower().startswith("on")]
        assert not handlers, f"{what}: event handler attribute(s) {handlers} in the SVG"


@pytest.mark.parametrize("page", PAGES)
def test_markup_in_area_names_stays_text(page, injected_build, recorded_charts, monkeypatch):
    monkeypatch.setenv("FSOT_BUILD", str(injected_build.parent))
    at = run_page(page)
    assert_no_exception(at, f"{page} on names with markup")
    for fragment in raw_html(at):
        assert not MARKUP.search(fragment), f"{page} hands markup from the data to the browser as HTML: {fragment[:300]}"
    if "chart_card(" in (PROJECT_ROOT / page).read_text(encoding="utf-8"):
        assert recorded_charts, f"{page} shows chart cards, but none was recorded"
    for spec in recorded_charts:
        assert_svg_is_inert(svg_bytes(spec), f"{page}: SVG export of '{spec.title}'")


def test_the_injected_build_really_carries_markup(injected_build, monkeypatch):
    """Guards the test above: the names it checks do hold the payload."""
    monkeypatch.setenv("FSOT_BUILD", str(injected_build.parent))
    assert load("lsoa_ward_2025", injected_build)["ward_name"].str.contains("<script>", regex=False).all()
    names = load("iod2025_lsoa", injected_build).set_index("lad_code").loc[BOROUGH, "lsoa_name"]
    assert names.str.contains("onerror", regex=False).all()
