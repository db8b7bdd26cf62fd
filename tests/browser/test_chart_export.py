"""Chart export in a real browser: the PNG download of a gap chart is a valid PNG of the size the same
chart exports to in-process, its SVG carries the title, source and licence, and picking LSOAs on the map
adds them to the selection."""

from __future__ import annotations

import io
import struct

import pandas as pd

from fsot_data import gaps, registry
from fsot_data.datasets import Datasets
from fsot_data.editions import EDITIONS
from fsot_data.indices import INDEX_BY_KEY
from views import charts, export

from .conftest import SCREENSHOTS, map_frame, open_app, wait_for_polygons


def assert_offline(page_log) -> None:
    """No script error, and nothing these pages draw asked the internet for anything. (The app's
    Material page icon, set in app.py, is fetched from fonts.gstatic.com by Streamlit itself; the
    offline harness test reports that one.)"""
    ours = [url for url in page_log.external_requests if "materialsymbols" not in url]
    assert page_log.page_errors == [] and ours == [], page_log.problems()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def expected_deciles_png() -> bytes:
    """The decile chart the Borough against England page shows first (Income domain, Income index),
    exported in-process."""
    data = Datasets()
    shares = gaps.borough_decile_shares({key: data.lsoas(key) for key in EDITIONS}, "income")
    spec = charts.decile_share_chart(shares, key="bve_deciles", index_label=INDEX_BY_KEY["income"].label, place=data.lad_name,
                                     source_ids=("iod2025_lsoa", "iod2019_lsoa"))
    return export.png_bytes(spec)


def download(page, card_key: str, label: str) -> bytes:
    card = page.locator(f".st-key-card_{card_key}")
    with page.expect_download(timeout=60_000) as info:
        card.get_by_role("button", name=label).click()
    path = info.value.path()
    return path.read_bytes()


def open_page(page, base_url: str, link: str, ready: str) -> None:
    """Open the app and follow a navigation link, as a visitor finds the page."""
    open_app(page, base_url)
    page.get_by_role("link", name=link).first.click()
    page.wait_for_selector(ready, timeout=60_000)
    page.wait_for_function("""() => document.querySelector('[data-testid="stApp"]')
        .getAttribute('data-test-script-state') === 'notRunning'""", timeout=60_000)


def test_png_and_svg_downloads(streamlit_server, page, page_log):
    open_page(page, streamlit_server, "Borough against England", ".st-key-card_bve_deciles")
    page.locator(".st-key-card_bve_deciles").scroll_into_view_if_needed()
    png = download(page, "bve_deciles", "Chart (PNG)")
    width, height = png_size(png)
    assert (width, height) == png_size(expected_deciles_png())
    assert width >= export.EXPORT_WIDTH * export.PNG_SCALE and height > 600
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "exported_decile_chart.png").write_bytes(png)

    svg = download(page, "bve_deciles", "Chart (SVG)").decode("utf-8")
    assert "Income: LSOAs in Stockton-on-Tees by national decile" in svg.replace("</tspan>", "") and "Open Government Licence v3.0" in svg
    table = pd.read_csv(io.BytesIO(download(page, "bve_deciles", "Data (CSV)")), encoding="utf-8-sig")
    assert list(table.columns[:2]) == ["Edition", "National decile (1 = most deprived)"]
    # provenance from fsot_data/sources.toml (iod2025_lsoa, iod2019_lsoa); numbers as numbers
    assert set(registry.PROVENANCE) <= set(table.columns) and set(table["Licence"]) == {"OGL v3.0"}
    assert table["Share of borough LSOAs (%)"].dtype == float and table["Borough LSOAs in decile"].dtype == int
    assert_offline(page_log)


def test_clicking_the_map_adds_an_lsoa_to_the_selection(streamlit_server, page, page_log):
    open_page(page, streamlit_server, "Compare areas", "text=Your own selection of LSOAs")
    page.get_by_text("Your own selection of LSOAs").click()
    page.wait_for_selector("text=Choose at least one area to compare.")
    page.get_by_text("Pick LSOAs on a map").click()
    frame = map_frame(page)
    assert wait_for_polygons(frame, minimum=100) >= 100
    code = frame.evaluate("""() => {
        let target = null;
        window.map.eachLayer(l => { if (!target && l.feature && l.feature.properties.code) target = l; });
        target.fire('click', {latlng: target.getBounds().getCenter()}, true);  // propagate, as a real click does
        return target.feature.properties.code;
    }""")
    page.wait_for_selector("text=LSOAs by national decile", timeout=60_000)
    assert page.locator('[data-testid="stMultiSelect"]').get_by_text(f"({code})", exact=False).count() == 1
    assert_offline(page_log)


def test_on_a_phone_a_chart_title_is_whole_page_text_and_the_plot_fills_its_card(streamlit_server, page, page_log):
    """Vega cut a long title to a phone's width ("Households in fuel poverty, 2021 (L…") and, after the window
    narrowed, narrowed the plot to make room for it; the card now writes title and subtitle as page text."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_page(page, streamlit_server, "Borough against England", ".st-key-card_bve_deciles .vega-embed")
    page.set_viewport_size({"width": 390, "height": 844})  # a desktop window narrowed, or a tablet turned
    card = page.locator(".st-key-card_bve_deciles")
    # the title as views.charts.decile_share_chart writes it (Income domain, its Income index, both editions)
    title = card.get_by_text("Income: LSOAs in Stockton-on-Tees by national decile, IoD2025 and IoD2019", exact=True).first  # Chart tab
    title.scroll_into_view_if_needed()
    box = title.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    page.wait_for_function("""() => {
        const card = document.querySelector('.st-key-card_bve_deciles').getBoundingClientRect();
        const plot = document.querySelector('.st-key-card_bve_deciles .vega-embed svg.marks, .st-key-card_bve_deciles .vega-embed canvas');
        const box = plot && plot.getBoundingClientRect();
        return !!box && box.width >= 0.8 * card.width && box.right <= 390; }""", timeout=30_000)
    card.screenshot(path=str(SCREENSHOTS / "chart_card_phone_after_resize.png"))
    assert_offline(page_log)
