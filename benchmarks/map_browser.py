"""Benchmark: the deprivation map in headless Chromium, from opening the page and from changing a choice.

    FSOT_SOURCES=../shared/data .venv/bin/python -m benchmarks.map_browser [--runs 5]

Starts the app (benchmarks/app_server.serve), warms it (one visit), then times in fresh browser contexts
with the internet blocked: page open (goto /map) to all 124 LSOA polygons drawn; index change (IMD <->
Income) and edition change (IoD2025 <-> IoD2019), each from the option being picked to the new LSOA
layer drawn. Targets: open <= 3 s, change <= 1 s. The machine's CPUs and load average are printed:
figures from a busy machine are not comparable with a quiet one.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import time

from playwright.sync_api import sync_playwright

from benchmarks.app_server import serve
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, ST_FOLIUM_IFRAME, is_loopback_url

OPEN_TARGET_S, CHANGE_TARGET_S = 3.0, 1.0
TIMEOUT_MS = 60_000
# LSOA polygons drawn (projected into view), not yet marked as seen by the benchmark.
_FRESH_LSOAS = """() => {
    if (!window.map || !window.L) return -1;
    let n = 0;
    window.map.eachLayer(l => {
        if (l instanceof L.Polygon && l.feature && l.feature.properties.t && !l.__seen && l._parts && l._parts.length) n++;
    });
    return n;
}"""
_MARK_SEEN = "() => window.map.eachLayer(l => { l.__seen = true; })"


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.route("**/*", lambda route: route.continue_() if is_loopback_url(route.request.url) else route.abort())
    return context, context.new_page()


def _wait_drawn(frame, n: int) -> None:
    frame.wait_for_function(f"() => ({_FRESH_LSOAS})() === {n}", timeout=TIMEOUT_MS, polling=20)


def _map_frame(page):
    page.wait_for_selector(ST_FOLIUM_IFRAME, state="attached", timeout=TIMEOUT_MS)
    return page.locator(ST_FOLIUM_IFRAME).element_handle().content_frame()


def time_open(browser, base_url: str) -> float:
    context, page = _new_page(browser)
    started = time.perf_counter()
    page.goto(f"{base_url}/map", wait_until="commit")
    _wait_drawn(_map_frame(page), 124)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def _timed_change(frame, act, n: int) -> float:
    frame.evaluate(_MARK_SEEN)
    started = time.perf_counter()
    act()
    _wait_drawn(frame, n)
    return time.perf_counter() - started


def time_changes(browser, base_url: str, runs: int) -> dict[str, list[float]]:
    context, page = _new_page(browser)
    page.goto(f"{base_url}/map")
    frame = _map_frame(page)
    _wait_drawn(frame, 124)
    index = page.get_by_role("combobox", name=re.compile("^Index"))
    radios = page.get_by_test_id("stRadioGroup")

    def pick_index(label: str):
        def act():
            index.click()
            index.fill(label)
            page.get_by_role("option", name=label, exact=True).click()
        return act

    times: dict[str, list[float]] = {"index": [], "edition": []}
    for _ in range(runs):
        times["index"].append(_timed_change(frame, pick_index("Income (domain)"), 124))
        times["index"].append(_timed_change(frame, pick_index("Index of Multiple Deprivation (IMD)"), 124))
        times["edition"].append(_timed_change(frame, lambda: radios.get_by_text("IoD2019", exact=True).click(), 120))
        times["edition"].append(_timed_change(frame, lambda: radios.get_by_text("IoD2025", exact=True).click(), 124))
    context.close()
    return times


def _report(name: str, values: list[float], target: float) -> None:
    verdict = "ok" if statistics.median(values) <= target else "OVER TARGET"
    print(f"{name}: median {statistics.median(values):.2f} s, min {min(values):.2f}, max {max(values):.2f} "
          f"over {len(values)} (target <= {target:.0f} s: {verdict})")


def main(runs: int) -> None:
    print(f"machine: {os.cpu_count()} CPUs, load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with serve(log_name="map-browser-server.log") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        first = time_open(browser, server.base_url)  # a new server: loads the data and the page's modules
        print(f"page open to 124 LSOA polygons drawn, first visit after start: {first:.2f} s")
        _report("page open to 124 LSOA polygons drawn, server warm", [time_open(browser, server.base_url) for _ in range(runs)],
                OPEN_TARGET_S)
        changes = time_changes(browser, server.base_url, runs)
        _report("index change (IMD <-> Income) to the new layer drawn", changes["index"], CHANGE_TARGET_S)
        _report("edition change (IoD2025 <-> IoD2019) to the new layer drawn", changes["edition"], CHANGE_TARGET_S)
        browser.close()
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    main(parser.parse_args().runs)
