"""The deprivation map's layout on a phone (390x844) and a desktop (1400x1000), checked by geometry, and the main
roads and places layer (fetched on zooming in, switched off from the Layers menu).

Screenshots: artifacts/screenshots/map-layout-*.png (look at them: the checks are geometry, not looks).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from views.maps import PLACE_LAYER_MIN_ZOOM

from .conftest import SCREENSHOTS, map_frame, open_app, wait_for_polygons

PHONE, DESKTOP = (390, 844), (1400, 1000)
BOXES = ("map_postcode_box", "map_box", "map_legend_box", "map_controls_box")


def _idle(page) -> None:
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=30_000)


def _box(page, key: str) -> dict:
    box = page.locator(f".st-key-{key}").bounding_box()
    assert box is not None, key
    return box


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"map-layout-{name}.png"))


def _open_map(page, server: str, size: tuple[int, int]):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_app(page, server)  # a first visit, so the deep link below resolves without Streamlit's "page not found"
    open_app(page, server, "map")
    frame = map_frame(page)
    wait_for_polygons(frame, 124)
    return frame


def _find(page, postcode: str):
    page.get_by_label("Find a postcode").fill(postcode)
    page.get_by_role("button", name="Find", exact=True).click()
    answer = page.locator(".st-key-map_postcode_box [data-testid=stAlert]")
    answer.wait_for(state="visible", timeout=30_000)
    _idle(page)
    return answer


def _inside_viewport(box: dict, size: tuple[int, int]) -> bool:
    return box["x"] >= 0 and box["x"] + box["width"] <= size[0] + 0.5 and box["y"] >= 0 and box["y"] + box["height"] <= size[1] + 0.5


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_postcode_box_and_map_come_first_and_the_answer_shows_without_scrolling(streamlit_server, page, size):
    _open_map(page, streamlit_server, size)
    boxes = {key: _box(page, key) for key in BOXES}
    for key, box in boxes.items():  # nothing runs off the side of the screen
        assert box["x"] >= 0 and box["x"] + box["width"] <= size[0] + 0.5, (key, box)
    postcode, map_, legend, controls = (boxes[k] for k in BOXES)
    assert postcode["y"] < legend["y"] and map_["y"] < legend["y"]
    if size == PHONE:  # one column: postcode box, map, legend, then the choices
        assert postcode["y"] + postcode["height"] <= map_["y"] < legend["y"] < controls["y"]
        assert _inside_viewport(postcode, size)
    else:  # the postcode box beside the map, at the top of the side column
        assert postcode["x"] >= map_["x"] + map_["width"] and postcode["y"] < map_["y"] + 50
    answer = _find(page, "TS18 1AA").bounding_box()
    assert _inside_viewport(answer, size), answer  # read where it was typed: no scrolling past the map
    assert answer["y"] < _box(page, "map_legend_box")["y"]
    _shot(page, f"{'phone' if size == PHONE else 'desktop'}-postcode")


def test_phone_attribution_is_one_line_and_opens_in_full_on_a_tap(streamlit_server, page):
    frame = _open_map(page, streamlit_server, PHONE)
    attribution = frame.locator(".leaflet-control-attribution")
    button = frame.get_by_role("button", name="Sources")  # the real button beside the line (keyboard and screen readers)
    collapsed = attribution.bounding_box()
    assert collapsed["height"] <= 16, collapsed  # one 9 px line
    assert button.get_attribute("aria-expanded") == "false"
    size = button.bounding_box()
    assert size["width"] >= 24 and size["height"] >= 24, size  # WCAG 2.5.8 target size
    attribution.click()  # a tap on the line itself opens it too
    expect(button).to_have_attribute("aria-expanded", "true")
    opened = attribution.bounding_box()
    assert opened["height"] > 3 * collapsed["height"]
    assert "Open Government Licence" in attribution.inner_text()
    _shot(page, "phone-attribution-open")
    button.focus()
    button.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "false")


def test_phone_tooltip_is_compact(streamlit_server, page):
    frame = _open_map(page, streamlit_server, PHONE)
    size = frame.evaluate("""() => {
        let lsoa = null;
        window.map.eachLayer(l => { if (!lsoa && l instanceof L.Polygon && l.feature && l.feature.properties.t) lsoa = l; });
        lsoa.openTooltip(lsoa.getBounds().getCenter());
        const tip = document.querySelector('.leaflet-tooltip').getBoundingClientRect();
        const map = window.map.getContainer().getBoundingClientRect();
        const rows = [...document.querySelectorAll('.leaflet-tooltip tr')].filter(r => r.offsetHeight > 0).length;
        return {share: tip.width * tip.height / (map.width * map.height), rows: rows};
    }""")
    # Four rows (name, ward, rank, decile) of the seven the desktop tooltip shows, in well under a sixth of the map.
    assert size["rows"] == 4 and size["share"] < 1 / 6, size
    _shot(page, "phone-tooltip")


def test_roads_and_places_load_on_zooming_in_and_switch_off(streamlit_server, page, page_log):
    frame = _open_map(page, streamlit_server, DESKTOP)
    _idle(page)
    assert frame.evaluate("() => window.map.getZoom()") < PLACE_LAYER_MIN_ZOOM
    assert frame.locator(".leaflet-container").get_attribute("data-place-layer") == "waiting"  # the whole borough
    assert not [url for url in page_log.requests if "/static/places/" in url]
    # Focused on a ward, the map opens zoomed in (st_folium sets the zoom), so the layer is fetched and drawn.
    with page.expect_request_finished(lambda request: "/static/places/" in request.url):
        open_app(page, streamlit_server, "map?ward=Stockton%20Town%20Centre")
        frame = map_frame(page)
    frame.wait_for_function("() => window.map.getContainer().dataset.placeLayer === 'drawn'", timeout=30_000)
    assert frame.evaluate("() => window.map.getZoom()") >= PLACE_LAYER_MIN_ZOOM
    frame.locator(".fsot-road-label span").first.wait_for(state="attached", timeout=30_000)
    roads = frame.evaluate("() => [...document.querySelectorAll('.fsot-road-label span')].map(s => s.textContent)")
    places = frame.evaluate("() => [...document.querySelectorAll('.fsot-place-label span')].map(s => s.textContent)")
    # main_roads_tees_valley_osm2020_cyipt.geojson names Yarm Road; 077Stops.csv has the locality Stockton.
    assert "Yarm Road" in roads and "Stockton" in places
    assert "OpenStreetMap" in frame.locator(".leaflet-control-attribution").inner_text()
    _shot(page, "desktop-roads-zoomed")
    page.get_by_role("button", name="Layers").click()
    page.get_by_text("Main roads and places").click()
    frame.wait_for_function("() => !window.map.getContainer().dataset.placeLayer", timeout=30_000)
    _idle(page)
    assert frame.locator(".fsot-road-label").count() == 0 and frame.locator(".fsot-place-label").count() == 0
    page.wait_for_function("() => new URLSearchParams(location.search).get('roads') === 'false'", timeout=30_000)
    assert "OpenStreetMap" not in frame.locator(".leaflet-control-attribution").inner_text()
    assert not page_log.page_errors and not page_log.external_requests, page_log.problems()
