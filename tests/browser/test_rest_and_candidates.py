"""In a real browser: Compare areas sets the priority areas, and each ward's decile mix and rates, against the rest of
the borough (the figures in its CSV downloads), and the candidates page lists, maps and exports candidate priority areas."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlencode

from playwright.sync_api import expect

from fsot_data.datasets import PRIORITY_AREAS_FILE, Datasets, read_priority_areas
from fsot_data.indices import INDEX_BY_KEY

from .conftest import SCREENSHOTS, map_frame, open_app, wait_for_polygons
from .test_chart_export import assert_offline, download, open_page

LAD = Datasets().lad_code  # the authority the build is for (Stockton-on-Tees by default)


def csv_rows(data: bytes) -> dict[str, dict[str, str]]:
    return {row["Area"]: row for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}


def test_compare_areas_gives_the_rest_of_the_borough_for_each_priority_area(streamlit_server, page, page_log):
    query = urlencode({"kind": "Priority areas", "index": INDEX_BY_KEY["imd"].label})
    open_app(page, streamlit_server, f"compare-areas?{query}")
    page.wait_for_selector(".st-key-card_cmp_share", timeout=60_000)
    open_app(page, page.url)  # let the rerun settle
    rows = csv_rows(download(page, "cmp_share", "Data (CSV)"))
    # IoD2025 (File 7's IMD decile column, built table): Central Stockton 6 of its 10 LSOAs in decile 1, the rest of
    # the borough 18 of 114 (tests/test_gaps.py recomputes these from the source file)
    central = rows["Central Stockton"]
    assert (central["Rest of borough LSOAs"], central["Rest of borough share (%)"]) == ("114", str(round(100 * 18 / 114, 1)))
    assert float(central["Gap to rest of borough (points)"]) == round(100 * (6 / 10 - 18 / 114), 1)
    assert float(central["Gap to England (points)"]) == 50.0
    page.locator(".st-key-card_cmp_share").screenshot(path=str(SCREENSHOTS / "compare_rest_of_borough_share.png"))
    for width, height in ((390, 844), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        page.locator(".st-key-card_cmp_share").screenshot(path=str(SCREENSHOTS / f"compare_rest_share_{width}.png"))
    assert_offline(page_log)


def card_key(key: str) -> str:
    """The CSS class Streamlit gives a keyed container: characters outside [A-Za-z0-9_-] become '-'."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", key)


def test_compare_areas_decile_mix_and_ward_rates_give_each_ward_its_rest(streamlit_server, page, page_log):
    query = urlencode({"edition": "IoD2019", "kind": "Wards", "index": INDEX_BY_KEY["imd"].label,
                       "domain": "Housing and physical environment"})
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_app(page, streamlit_server, f"compare-areas?{query}")
    fuel_card = card_key("cmp_rate_FP2021:pct")
    page.wait_for_selector(f".st-key-card_{fuel_card}", timeout=60_000)
    open_app(page, page.url)  # let the rerun settle
    mix = list(csv.DictReader(io.StringIO(download(page, "cmp_deciles", "Data (CSV)").decode("utf-8-sig"))))
    town = {row["Figures for"]: row for row in mix if row["Area"] == "Stockton Town Centre"}
    # IoD2019 LSOA file: the ward's 3 LSOAs are in decile 1; its rest 22 of 117 (tests/test_gaps.py counts them there)
    assert (town["Rest of the borough"]["LSOAs"], town["Rest of the borough"]["LSOAs in decile 1"]) == ("117", "22")
    assert float(town["The area"]["Gap to rest of borough, decile 1 (points)"]) == round(100 * (1 - 22 / 117), 1)
    assert len(mix) == 2 * 26 + 2  # each ward and its rest, the borough, England
    rates = csv_rows(download(page, fuel_card, "Data (CSV)"))
    # ward_indicators_stockton_jrf_insight.csv, FP2021: the other 25 wards hold 9,089 of 78,075 households
    assert float(rates["Stockton Town Centre"]["Rest of borough, % of households"]) == round(100 * 9089 / 78075, 2)
    for width in (1400, 390):  # desktop and phone widths, each loaded afresh as a device would (after a resize, Vega
        # lays a chart whose title is wider than the screen out narrower); tall, since Streamlit scrolls its own
        # container and an element screenshot holds only what is in the viewport (these cards are 2,000 px tall)
        page.set_viewport_size({"width": width, "height": 5000})
        open_app(page, page.url)
        for key in ("cmp_deciles", fuel_card):
            card = page.locator(f".st-key-card_{key}")
            chart = card.locator("canvas, svg.marks").first
            expect(chart).to_be_visible()
            # the plot fills its card (Vega re-lays it out after a resize) and runs off no side of the screen
            page.wait_for_function("""([card, width]) => {
                const plot = document.querySelector(card + " .vega-embed svg.marks, " + card + " .vega-embed canvas");
                const box = plot && plot.getBoundingClientRect(), outer = document.querySelector(card).getBoundingClientRect();
                return !!box && box.width >= 0.8 * outer.width && box.right <= width; }""",
                                   arg=[f".st-key-card_{key}", width], timeout=30_000)
            card.screenshot(path=str(SCREENSHOTS / f"compare_rest_{key.split('_')[1]}_{width}.png"))
    assert_offline(page_log)


def test_candidates_page_maps_a_candidate_and_exports_its_entry(streamlit_server, page, page_log):
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_page(page, streamlit_server, "Next priority areas", ".st-key-card_candidates_score")
    frame = map_frame(page)
    wait_for_polygons(frame, minimum=12)  # zoomed to the first candidate: its 12 LSOAs at least are in view
    codes = frame.evaluate("""() => { const codes = new Set();
        window.map.eachLayer(l => { const code = l.feature && l.feature.properties.code;
            if (code && code.startsWith("E01")) codes.add(code); });
        return codes.size; }""")
    assert codes == 124  # every IoD2025 LSOA of the borough is on the map, the candidate's outlined
    rows = csv_rows(download(page, "candidates_score", "Data (CSV)"))
    first = rows[next(iter(rows))]
    # the first IoD2025 candidate: 12 adjacent LSOAs in decile 1 (tests/test_candidates.py checks their adjacency)
    assert (first["Rank"], first["LSOAs"], first["Rest of borough LSOAs"]) == ("1", "12", "112")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Priority-area entry (TOML)").click()
    entry = info.value.path().read_text(encoding="utf-8")
    pasted = SCREENSHOTS.parent / "pasted_priority_areas.toml"
    pasted.write_text(PRIORITY_AREAS_FILE.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    added = read_priority_areas(LAD, pasted)[-1]
    assert added.name == next(iter(rows)) and len(added.lsoas["2025"]) == 12
    page.screenshot(path=str(SCREENSHOTS / "candidates_page_desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "candidates_page_phone.png"), full_page=True)
    assert_offline(page_log)
