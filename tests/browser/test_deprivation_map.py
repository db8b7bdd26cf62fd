"""The deprivation map in headless Chromium with no internet: polygons drawn per edition, postcode search,
clicking a neighbourhood, and the profile beside the map.

Screenshots: artifacts/screenshots/deprivation-map-*.png (and the fixture's end-of-test one).
"""

from __future__ import annotations

import re
import time

from fsot_data.datasets import Datasets
from views.palettes import SELECTED_LINE

from .conftest import SCREENSHOTS, ST_FOLIUM_IFRAME, map_frame, open_app

# LSOA polygons are the features that carry tooltip values (``t``); ward and constituency outlines do not.
# Drawn means projected and clipped into view (``_parts``); zoomed in, only the LSOAs in view are drawn.
_LSOA_POLYGONS = """(drawn) => {
    if (!window.map || !window.L) return -1;
    let n = 0;
    window.map.eachLayer(l => {
        if (l instanceof L.Polygon && l.feature && l.feature.properties.t && (!drawn || (l._parts && l._parts.length > 0))) n++;
    });
    return n;
}"""
_SELECTED = """(colour) => {
    const codes = [];
    window.map.eachLayer(l => { if (l.feature && l.options && l.options.color === colour && l.feature.properties.t)
        codes.push(l.feature.properties.code); });
    return codes;
}"""
_POINT_OF = """([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }"""


def _idle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=30_000)


def _wait_for_lsoas(frame, n: int, drawn: bool = True) -> int:
    frame.wait_for_function(f"() => ({_LSOA_POLYGONS})({str(drawn).lower()}) === {n}", timeout=30_000)
    return frame.evaluate(_LSOA_POLYGONS, drawn)


def _wait_for_text(page, text: str) -> None:
    page.wait_for_function("(t) => document.body.innerText.includes(t)", arg=text, timeout=30_000)


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"deprivation-map-{name}.png"))


def test_deprivation_map_draws_searches_and_profiles(streamlit_server, page, page_log):
    open_app(page, streamlit_server)  # a first visit to a fresh server, so the deep link below resolves
    started = time.monotonic()
    open_app(page, streamlit_server, "map")
    frame = map_frame(page)
    assert _wait_for_lsoas(frame, 124) == 124
    print(f"page open to 124 LSOA polygons drawn: {time.monotonic() - started:.2f} s")
    _shot(page, "2025")

    page.get_by_test_id("stRadioGroup").get_by_text("IoD2019", exact=True).click()
    assert _wait_for_lsoas(frame, 120) == 120
    _idle(page)
    _shot(page, "2019")

    page.get_by_label("Find a postcode").fill("ts18 1aa")
    page.get_by_role("button", name="Find").click()
    _wait_for_text(page, "TS18 1AA is in Stockton Town Centre ward")
    _idle(page)
    _wait_for_text(page, "Stockton-on-Tees 014G, Central Stockton, Portrack & Low Hartburn (E01033477")  # the 2011 LSOA, in the profile
    _wait_for_text(page, "Stockton-on-Tees 025D, Central Stockton & Portrack (E01035199")  # and the 2021 LSOAs it was split into
    frame.wait_for_function(f"() => ({_SELECTED})('{SELECTED_LINE}').includes('E01033477')", timeout=30_000)
    assert frame.evaluate("() => window.map.getZoom()") >= 13  # zoomed to the LSOA
    _shot(page, "postcode")

    page.get_by_test_id("stRadioGroup").get_by_text("IoD2025", exact=True).click()
    assert _wait_for_lsoas(frame, 124, drawn=False) == 124  # loaded; only those in view are drawn
    _idle(page)
    shapes = Datasets().lsoa_shapes("2025")
    point = shapes.loc[shapes["code"] == "E01012286"].geometry.representative_point().iloc[0]
    # resolves when Leaflet has finished the move (its zoom animation included), so the click lands on the drawn LSOA
    frame.evaluate("(c) => new Promise(done => { window.map.once('moveend', () => done()); window.map.setView(c, 14); })",
                   [point.y, point.x])
    x, y = frame.evaluate(_POINT_OF, [point.y, point.x])
    box = page.locator(ST_FOLIUM_IFRAME).bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    _wait_for_text(page, "Stockton-on-Tees 017A, Thornaby North (E01012286, 2021 boundaries), the LSOA you picked")
    _idle(page)
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] - 5)  # off the LSOA: hovering restyles it
    frame.wait_for_function(f"() => ({_SELECTED})('{SELECTED_LINE}').includes('E01012286')", timeout=30_000)
    profile = page.get_by_test_id("stTable").inner_text()  # every index, both editions
    assert "Health Deprivation and Disability" in profile and "IoD2019" in profile and "IoD2025" in profile
    assert profile.count("(decile ") == 2 * 16
    _shot(page, "clicked")

    assert page_log.external_requests == [], page_log.problems()
    assert page_log.page_errors == [], page_log.problems()
    map_errors = [e for e in page_log.console_errors if re.search(r"streamlit_folium|/app/static/", e)]
    assert map_errors == [], page_log.problems()
    assert not [u for u in page_log.failed_requests if "/app/static/" in u], page_log.problems()


def test_the_table_alternative_opens_on_demand(streamlit_server, page, page_log):
    open_app(page, streamlit_server)  # a first visit to a fresh server, so the deep link below resolves
    open_app(page, streamlit_server, "map")
    _wait_for_lsoas(map_frame(page), 124)
    assert page.get_by_test_id("stDataFrame").count() == 0  # not made until asked for
    page.get_by_text("The map as a table: all 124 neighbourhoods", exact=False).click()
    grid = page.get_by_test_id("stDataFrame")
    grid.wait_for(timeout=30_000)
    _idle(page)
    _shot(page, "table")
    box = grid.bounding_box()  # the grid is drawn on a canvas: pick the first row's box by where it is
    page.mouse.click(box["x"] + 18, box["y"] + 36 + 17)
    _wait_for_text(page, "Stockton-on-Tees 017A, Thornaby North (E01012286, 2021 boundaries), the LSOA you picked")
    page.wait_for_url(re.compile(r"lsoa=E01012286"), timeout=15_000)  # the address bar follows the rerun
    assert page_log.page_errors == [], page_log.problems()
