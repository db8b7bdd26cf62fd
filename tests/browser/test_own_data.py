"""Bring your own data in Chromium: a file at each geography is uploaded (Playwright set_input_files, from memory),
checked, drawn on the page's map, then found on the deprivation map (as its own map below the index map) and in
Compare areas, in the same session.

Expected polygon counts: the borough's 120 LSOAs 2011 and 124 LSOAs 2021 (IoD2019 and IoD2025 File 7), its 26
wards until May 2023 and 27 since (geo/wards2022_bgc_stockton.geojson, geo/wards2025_bgc_stockton.geojson); a
postcode file counts into every 2011 LSOA (120). Screenshots: artifacts/screenshots/own-data-*.png.
"""

from __future__ import annotations

import pytest

from fsot_data.datasets import Datasets

from .conftest import SCREENSHOTS, ST_FOLIUM_IFRAME, map_frame, open_app

# Polygons carrying tooltip values: the indicator's LSOAs or wards (ward outlines and the borough edge have none).
_AREA_POLYGONS = """() => {
    if (!window.map || !window.L) return -1;
    let n = 0;
    window.map.eachLayer(l => { if (l instanceof L.Polygon && l.feature && l.feature.properties.t) n++; });
    return n;
}"""


def _files() -> dict[str, tuple[str, int, str]]:
    """geography -> (CSV text, polygons expected, edition Compare areas needs)."""
    data = Datasets()
    lsoa11, lsoa21 = list(data.lsoas("2019")["lsoa_code"]), list(data.lsoas("2025")["lsoa_code"])
    wards22, wards25 = data.ward_shapes("2019"), data.ward_shapes("2025")
    postcodes = data.postcodes()
    in_borough = postcodes.loc[postcodes["lad_code"] == data.lad_code, "postcode"].head(400)
    return {
        "lsoa2011": ("lsoa11cd,cases,population\n" + "".join(f"{c},{i % 7},{50 + i}\n" for i, c in enumerate(lsoa11)), 120, "IoD2019"),
        "lsoa2021": ("lsoa_code,value\n" + "".join(f"{c},{i}\n" for i, c in enumerate(lsoa21)), 124, "IoD2025"),
        "ward2022": ("ward_code,value\n" + "".join(f"{c},{i}\n" for i, c in enumerate(wards22["code"])), 26, "IoD2019"),
        "ward2025": ("ward_name,value\n" + "".join(f"{n},{i}\n" for i, n in enumerate(wards25["name"])), 27, "IoD2025"),
        "postcode": ("postcode\n" + "".join(f"{p}\n" for p in in_borough), 120, "IoD2019"),
    }


FILES = _files()


def _idle(page) -> None:
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=60_000)


def _show_map(page, index: int) -> None:
    """Scroll the index-th map into view: Streamlit mounts elements below the fold lazily."""
    page.locator(ST_FOLIUM_IFRAME).nth(index).wait_for(state="attached", timeout=60_000)
    page.locator(ST_FOLIUM_IFRAME).nth(index).scroll_into_view_if_needed(timeout=60_000)


def _wait_for_areas(frame, n: int) -> int:
    frame.wait_for_function(f"() => ({_AREA_POLYGONS})() === {n}", timeout=60_000)
    return frame.evaluate(_AREA_POLYGONS)


@pytest.mark.parametrize("geography", list(FILES))
def test_upload_at_each_geography_reaches_the_map_and_compare_areas(streamlit_server, page, page_log, geography):
    text, polygons, edition = FILES[geography]
    open_app(page, streamlit_server)
    open_app(page, streamlit_server, "own-data")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": f"{geography}.csv", "mimeType": "text/csv", "buffer": text.encode()})
    page.get_by_text("3. Say what it is").wait_for(timeout=60_000)
    _idle(page)
    for label, value in (("Indicator name", f"Test indicator {geography}"), ("Unit", "per cent"), ("Period", "2024"),
                         ("Source line (who collected it, and how)", "Browser test file")):
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Check the file and add the indicator").click()
    page.get_by_text("4. What was used").wait_for(timeout=60_000)
    _idle(page)
    _show_map(page, 0)
    assert _wait_for_areas(map_frame(page, 0), polygons) == polygons
    _idle(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"own-data-{geography}-page.png"), full_page=True)

    page.get_by_role("link", name="Deprivation map").first.click()
    page.get_by_text("Your own data on the map").wait_for(timeout=60_000)
    _idle(page)
    _show_map(page, 1)
    assert _wait_for_areas(map_frame(page, 1), polygons) == polygons  # below the index map (frame 0)
    _idle(page)
    page.get_by_text("Your own data on the map").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"own-data-{geography}-map.png"))

    page.get_by_role("link", name="Compare areas").first.click()
    page.get_by_text("Ward and neighbourhood indicators").wait_for(timeout=60_000)
    _idle(page)
    if not page.get_by_role("radio", name=edition).is_checked():
        page.get_by_test_id("stRadioGroup").get_by_text(edition, exact=True).first.click()
        _idle(page)
    card = page.locator(".st-key-card_cmp_own_1")
    card.wait_for(timeout=60_000)
    card.get_by_text("Source: Browser test file (your own data, not published statistics)").first.wait_for(timeout=60_000)
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"own-data-{geography}-compare.png"))
    assert page_log.external_requests == [], page_log.problems()
    assert page_log.page_errors == [], page_log.problems()
