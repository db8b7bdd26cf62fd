"""Benchmark: a council's own postcode file, from upload to its map, at 5,000 rows against a 500-row baseline.

    FSOT_SOURCES=../shared/data .venv/bin/python -m benchmarks.own_data_upload [--runs 3]

Two parts, both sizes side by side in one run:
- the server's work alone (no browser), median of --runs: read the CSV (fsot_data.own_data.read_upload), then
  validate and count it into LSOAs (validate), then build the map layer and render the map's HTML (views.maps),
  each step's time cumulated, so "parse only" is the baseline for "parse + aggregate + layer";
- in headless Chromium (the app started with benchmarks/app_server.serve): the file given to the page's file input
  (Playwright set_input_files, from memory) to the form shown (upload and parse), then the submit button pressed
  to every LSOA of the indicator drawn on the page's map. Upload-to-map is their sum (typing the form is left out).
The files are made here: postcodes of the borough drawn at random (seeded) from the built postcode table, with a
count of 1 to 3 each.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

from playwright.sync_api import sync_playwright

from benchmarks.app_server import serve
from fsot_data import own_data as od
from fsot_data.datasets import Datasets
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, ST_FOLIUM_IFRAME
from views import maps, palettes

SIZES = (500, 5_000)
TIMEOUT_MS = 120_000
META = od.Metadata("Service contacts", "contacts per 1,000 residents", "2024/25", "Access to services", "no_judgement",
                   "Benchmark file", "count")
_IDLE = "() => document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state') === 'notRunning'"
_AREAS_DRAWN = """(n) => {
    if (!window.map || !window.L) return false;
    let k = 0;
    window.map.eachLayer(l => { if (l instanceof L.Polygon && l.feature && l.feature.properties.t && l._parts && l._parts.length) k++; });
    return k === n;
}"""


def postcode_file(data: Datasets, rows: int) -> bytes:
    postcodes = list(data.postcodes().query("lad_code == @data.lad_code")["postcode"])
    chance = random.Random(rows)
    return ("postcode,contacts\n" + "".join(f"{chance.choice(postcodes)},{chance.randint(1, 3)}\n" for _ in range(rows))).encode()


def server_work(data: Datasets, geo: od.Geography, shapes: dict, content: bytes) -> dict[str, float]:
    """Seconds to parse; to parse and aggregate; to parse, aggregate and render the map with the layer
    (``shapes``: the LSOA geometries, made once per layer, as the app caches them)."""
    started = time.perf_counter()
    raw = od.read_upload(content, "benchmark.csv")
    parsed = time.perf_counter()
    indicator = od.validate(raw, od.guess_columns(raw.columns), META, geo)
    aggregated = time.perf_counter()
    table = od.area_table(indicator, 5).rename(columns={"Code": "LSOA code"})
    colours = palettes.band_colours(5)
    features = maps.lsoa_features(shapes, table)
    layer = maps.lsoa_layer(features, {c: colours[b] for c, b in od.bands(indicator, 5).items()})
    drawn = maps.borough_map(data.outline())
    layer.add_to(drawn)  # as st_folium adds the page's overlay to the base map
    drawn.get_root().render()
    done = time.perf_counter()
    return {"parse": parsed - started, "parse + aggregate": aggregated - started, "parse + aggregate + map": done - started}


def browser_upload(browser, base_url: str, content: bytes, polygons: int) -> tuple[float, float]:
    """(file given to form shown, submit to the indicator's areas drawn), seconds, in a fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(base_url)  # the root first: a deep link to a fresh session resolves after it
    page.wait_for_selector("h1", timeout=TIMEOUT_MS)
    page.goto(f"{base_url}/own-data")
    page.get_by_test_id("stFileUploaderDropzoneInput").wait_for(state="attached", timeout=TIMEOUT_MS)
    page.wait_for_function(_IDLE, timeout=TIMEOUT_MS, polling=20)
    started = time.perf_counter()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": "contacts.csv", "mimeType": "text/csv", "buffer": content})
    page.get_by_label("Indicator name").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(_IDLE, timeout=TIMEOUT_MS, polling=20)
    form_shown = time.perf_counter() - started
    for label, value in (("Indicator name", META.name), ("Unit", META.unit), ("Period", META.period),
                         ("Source line (who collected it, and how)", META.source)):
        page.get_by_label(label).fill(value)
    page.get_by_text(od.MEASURES["count"]).click()
    started = time.perf_counter()
    page.get_by_role("button", name="Check the file and add the indicator").click()
    page.wait_for_selector(ST_FOLIUM_IFRAME, state="attached", timeout=TIMEOUT_MS)
    frame = page.locator(ST_FOLIUM_IFRAME).first.element_handle().content_frame()
    frame.wait_for_function(_AREAS_DRAWN, arg=polygons, timeout=TIMEOUT_MS, polling=20)
    drawn = time.perf_counter() - started
    context.close()
    return form_shown, drawn


def main(runs: int) -> None:
    print(f"machine: {os.cpu_count()} CPUs, load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"limits: {od.LIMITS_TEXT}")
    data = Datasets()
    geo = od.geography_of(data)
    files = {rows: postcode_file(data, rows) for rows in SIZES}
    n_lsoas = len(geo.lsoas["lsoa2011"])
    shapes = maps.geometries(data.lsoa_shapes("2019"))  # postcodes without a denominator count into 2011 LSOAs
    print("\nserver work alone, median of", runs, "runs (seconds, cumulative):")
    for rows, content in files.items():
        samples = [server_work(data, geo, shapes, content) for _ in range(runs)]
        print(f"  {rows:>5,} rows ({len(content) / 1024:,.0f} KB): "
              + ", ".join(f"{step} {statistics.median(s[step] for s in samples):.3f}" for step in samples[0]))
    print("\nin Chromium, median of", runs, "runs (seconds):")
    with serve(log_name="own-data-benchmark-server.log") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        browser_upload(browser, server.base_url, files[SIZES[0]], n_lsoas)  # warm: the first run loads the data
        for rows, content in files.items():
            samples = [browser_upload(browser, server.base_url, content, n_lsoas) for _ in range(runs)]
            upload, drawn = (statistics.median(s[i] for s in samples) for i in (0, 1))
            print(f"  {rows:>5,} rows: file given to form shown {upload:.2f}, submit to {n_lsoas} LSOAs drawn {drawn:.2f}, "
                  f"upload-to-map {upload + drawn:.2f} (max {max(a + b for a, b in samples):.2f})")
        browser.close()
        problems = server.log_problems()
    print(f"server log problems: {problems or 'none'}")
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    main(parser.parse_args().runs)
