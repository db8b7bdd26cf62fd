"""Every benchmark in one run, beside a naive version of the map, with the ratios.

    pip install -r benchmarks/requirements.txt      # once: the naive map uses GeoDataFrame.explore()
    FSOT_SOURCES=../shared/data .venv/bin/python -m benchmarks.run_all [--sessions 20] [--quick]

Measures, on this machine: build time (cold, and with nothing changed); cold start (server spawned
to /_stcore/health, and to the first page's content in headless Chromium); page-open to map polygons
drawn (first visit after start, and again); bytes the browser receives for the map page; rerun
latency per main widget (AppTest, as benchmarks/rerun_latency.py); server memory (VmRSS) idle, with
1 session and with 20 (benchmarks/load_test.py). The naive version (benchmarks/naive_map_app.py:
explore() of the raw boundaries, CSV re-read on every rerun) is measured the same way; its CDN files
are served from the local copies so it can draw offline (which flatters it: no CDN latency).
Writes benchmarks/results/latest.json and prints a table. The machine's load average is recorded:
figures from a busy machine are not comparable with a quiet one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import sync_playwright
from streamlit.testing.v1 import AppTest

from benchmarks import rerun_latency
from benchmarks.app_server import PROJECT_ROOT, RESULTS, Server, serve
from benchmarks.build_time import cold_build
from benchmarks.load_test import SCRIPT_DONE, borough_postcodes, print_report, run_load
from fsot_data.build import build
from fsot_data.config import authority_dir
from fsot_data.editions import EDITIONS
from tests.browser.conftest import _COUNT_DRAWN_POLYGONS, CHROMIUM, CHROMIUM_ARGS, ST_FOLIUM_IFRAME, is_loopback_url
from ui import map_widgets
from views.offline_map import VENDOR_DIR

NAIVE_APP = "benchmarks/naive_map_app.py"
N_LSOAS = 124  # the borough's 2021 LSOAs: the map is drawn when all are
TIMEOUT_MS = 120_000
LOAD_DEADLINE_S = 300
# Folium's CDN files the naive map asks for, answered from the app's vendored copies (others empty); the app's maps
# do not load jQuery, so the naive map's copy comes straight from npm's node_modules (package.json keeps it for this).
CDN_LOCAL = {"leaflet.js": VENDOR_DIR / "leaflet/leaflet.js", "leaflet.css": VENDOR_DIR / "leaflet/leaflet.css",
             "jquery-3.7.1.min.js": Path(__file__).resolve().parent.parent / "node_modules/jquery/dist/jquery.min.js"}


def machine() -> dict:
    return {"cpus": os.cpu_count(), "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()]}


# --- build ----------------------------------------------------------------------------------------

def measure_build() -> dict:
    """A cold build in a new folder, then the app's build folder brought up to date and built again."""
    cold = cold_build(1)[0]
    build(authority_dir(), report=lambda _: None)
    started = time.perf_counter()
    build(authority_dir(), report=lambda _: None)
    return {"cold_s": cold, "no_change_s": time.perf_counter() - started}


# --- reruns (AppTest: the server's script time for one widget change) ------------------------------

def drive_map(at: AppTest) -> dict[str, list[float]]:
    out = {"index": rerun_latency.cycle(at, "selectbox", map_widgets.INDEX_KEY, ["income", "health", "crime", "imd"]),
           "edition": rerun_latency.cycle(at, "radio", map_widgets.EDITION_KEY, list(EDITIONS))}
    wards = at.selectbox(key=map_widgets.WARD_KEY).options
    out["ward focus"] = rerun_latency.cycle(at, "selectbox", map_widgets.WARD_KEY, [None, *wards[1:4]])
    times = []
    for postcode in borough_postcodes(4):
        at.text_input(key=map_widgets.POSTCODE_KEY).set_value(postcode)
        [find] = [b for b in at.button if b.label == "Find"]
        find.click()
        times.append(rerun_latency.timed_run(at))
    out["postcode search"] = times
    return out


def drive_naive(at: AppTest) -> dict[str, list[float]]:
    return {"domain": rerun_latency.cycle(at, "selectbox", "naive_domain")}


def measure_reruns(rounds: int) -> dict:
    """Per page and widget: median CPU and wall seconds of a rerun, cold (first round) and warm (later)."""
    drivers = {**rerun_latency.PAGES, "pages/deprivation_map.py": drive_map, NAIVE_APP: drive_naive}
    out = {}
    for page, drive in drivers.items():
        if page == NAIVE_APP:  # a one-page app of its own
            at = AppTest.from_file(str(PROJECT_ROOT / page), default_timeout=rerun_latency.TIMEOUT)
        else:  # through the router, as served (a page's links name other pages of its navigation)
            at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=rerun_latency.TIMEOUT)
            at.switch_page(page)
        first_cpu, first_wall = rerun_latency.timed_run(at)
        try:
            runs = [drive(at) for _ in range(rounds)]
        except (KeyError, ValueError, RuntimeError) as error:  # a page changed under its driver: say so, go on
            out[page] = {"error": f"{type(error).__name__}: {error}"}
            continue
        out[page] = {"first_run": {"cpu_s": first_cpu, "wall_s": first_wall}}
        for widget, cold in runs[0].items():
            warm = [t for r in runs[1:] for t in r[widget]] or cold
            out[page][widget] = {"cold_cpu_median_s": statistics.median(c for c, _ in cold),
                                 "warm_cpu_median_s": statistics.median(c for c, _ in warm),
                                 "warm_cpu_p95_s": rerun_latency.p95([c for c, _ in warm]),
                                 "warm_wall_median_s": statistics.median(w for _, w in warm)}
    return out


# --- the browser ----------------------------------------------------------------------------------

def _serve_cdn_locally(route) -> None:
    url = route.request.url
    if is_loopback_url(url):
        route.continue_()
        return
    name = url.rsplit("/", 1)[-1]
    if name in CDN_LOCAL:
        route.fulfill(path=str(CDN_LOCAL[name]))
    else:  # bootstrap, font awesome, awesome-markers, basemap tiles: not needed to draw the polygons
        route.fulfill(status=200, body="", content_type="text/css" if name.endswith(".css") else "application/javascript")


def open_and_time(browser, server: Server, path: str, wait_for_map: bool) -> dict:
    """Seconds from navigation to the script finishing (and to every LSOA drawn), the server's CPU
    seconds for it (which a busy machine does not inflate), and the bytes received."""
    url, cpu_before = f"{server.base_url}/{path}", server.cpu_s()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.route("**/*", _serve_cdn_locally)
    page = context.new_page()
    received = {"websocket": 0, "http": 0}
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.__setitem__(
        "websocket", received["websocket"] + len(payload))))
    page.on("requestfinished", lambda request: received.__setitem__(
        "http", received["http"] + (request.sizes()["responseBodySize"] if is_loopback_url(request.url) else 0)))
    started = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(SCRIPT_DONE, timeout=TIMEOUT_MS)
    result = {"script_done_s": time.perf_counter() - started}
    if wait_for_map:
        frame = page.locator(ST_FOLIUM_IFRAME).first.element_handle(timeout=TIMEOUT_MS).content_frame()
        frame.wait_for_function(f"() => ({_COUNT_DRAWN_POLYGONS})() >= {N_LSOAS}", timeout=TIMEOUT_MS)
        result["map_drawn_s"] = time.perf_counter() - started
        page.wait_for_timeout(1000)  # let reruns the map's first report triggers finish, then count bytes
        page.wait_for_function(SCRIPT_DONE, timeout=TIMEOUT_MS)
    result.update(server_cpu_s=server.cpu_s() - cpu_before, websocket_bytes=received["websocket"], http_bytes=received["http"])
    context.close()
    return result


def measure_app_in_browser(browser, sessions: int) -> dict:
    with serve(log_name="benchmark-server.log") as server:
        first_page = open_and_time(browser, server, "", wait_for_map=False)
        out = {"health_s": server.healthy_after_s, "first_page_ready_s": server.healthy_after_s + first_page["script_done_s"],
               "first_page": first_page, "rss_mb_idle_after_first_page": server.rss_mb()}
        out["map_first_visit"] = open_and_time(browser, server, "map", wait_for_map=True)
        out["map_again"] = open_and_time(browser, server, "map", wait_for_map=True)
        out["map_again_without_roads"] = open_and_time(browser, server, "map?roads=false", wait_for_map=True)
        out["rss_mb_after_1_session"] = server.rss_mb()
        with ThreadPoolExecutor(1) as worker:  # the async API in its own thread, away from the sync API's loop
            load = worker.submit(asyncio.run, run_load(server, sessions, timeout_s=LOAD_DEADLINE_S)).result()
        print_report(load)
        out["load"] = {"sessions": load.sessions, "succeeded": load.succeeded, "wall_s": load.wall_seconds,
                       "server_cpu_s": load.server_cpu_s, "steps": load.steps, "errors": load.errors,
                       "log_problems": load.log_problems}
        out["rss_mb_with_all_sessions"] = load.rss_mb_all_open
        out["rss_mb_peak"] = server.peak_rss_mb()
        out["server_log_problems"] = server.log_problems()
    return out


def measure_naive_in_browser(browser) -> dict:
    with serve(NAIVE_APP, log_name="naive-server.log") as server:
        out = {"health_s": server.healthy_after_s}
        out["map_first_visit"] = open_and_time(browser, server, "", wait_for_map=True)
        out["map_again"] = open_and_time(browser, server, "", wait_for_map=True)
        out["rss_mb_after_1_session"] = server.rss_mb()
    return out


def explore_html_bytes() -> int:
    """Size of the naive map as a standalone HTML page (what explore() makes of the raw boundaries)."""
    import geopandas as gpd
    import pandas as pd

    from fsot_data import registry

    table = pd.read_csv(registry.locate("iod2025_lsoa"))
    shapes = gpd.read_file(registry.locate("lsoa2021_boundaries"))
    joined = shapes.merge(table, left_on="LSOA21CD", right_on="LSOA code (2021)")
    decile = "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"
    return len(joined.explore(column=decile, legend=False).get_root().render().encode())


# --- report -----------------------------------------------------------------------------------------

def ratios(results: dict) -> dict:
    app, naive = results["browser"]["app"], results["browser"]["naive"]
    map_rerun = results["reruns"]["pages/deprivation_map.py"]["index"]["warm_cpu_median_s"]
    naive_rerun = results["reruns"][NAIVE_APP]["domain"]["warm_cpu_median_s"]
    return {
        "map drawn, first visit (naive / app)": naive["map_first_visit"]["map_drawn_s"] / app["map_first_visit"]["map_drawn_s"],
        "map drawn, again (naive / app)": naive["map_again"]["map_drawn_s"] / app["map_again"]["map_drawn_s"],
        "server CPU to open the map, again (naive / app)": naive["map_again"]["server_cpu_s"] / app["map_again"]["server_cpu_s"],
        "websocket bytes for the map page (naive / app)": naive["map_again"]["websocket_bytes"] / app["map_again"]["websocket_bytes"],
        "domain change rerun, warm CPU (naive / app)": naive_rerun / map_rerun,
        "server memory with 1 session (naive / app)": naive["rss_mb_after_1_session"] / app["rss_mb_after_1_session"],
    }


def print_table(results: dict) -> None:
    app, naive = results["browser"]["app"], results["browser"]["naive"]
    # http_bytes is left out: it counts Streamlit's own front end, and the naive map's CDN files are
    # answered by the route, so it compares nothing. It stays in the JSON.
    first, again, load = app["map_first_visit"], app["map_again"], app["load"]
    rows = [
        ("build: cold / no change (s)", f"{results['build']['cold_s']:.1f} / {results['build']['no_change_s']:.2f}", ""),
        ("cold start: server healthy (s)", f"{app['health_s']:.1f}", f"{naive['health_s']:.1f}"),
        ("cold start: first page ready in Chromium (s)", f"{app['first_page_ready_s']:.1f}", ""),
        ("map: open to all LSOAs drawn, first visit (s)", f"{first['map_drawn_s']:.1f}", f"{naive['map_first_visit']['map_drawn_s']:.1f}"),
        ("map: open to all LSOAs drawn, again (s)", f"{again['map_drawn_s']:.1f}", f"{naive['map_again']['map_drawn_s']:.1f}"),
        ("map: server CPU to open it, again (s)", f"{again['server_cpu_s']:.2f}", f"{naive['map_again']['server_cpu_s']:.2f}"),
        ("map: websocket bytes received, again", f"{again['websocket_bytes']:,}", f"{naive['map_again']['websocket_bytes']:,}"),
        ("map without roads and places: drawn (s) / websocket bytes",
         f"{app['map_again_without_roads']['map_drawn_s']:.1f} / {app['map_again_without_roads']['websocket_bytes']:,}", ""),
        ("explore() HTML of the raw boundaries (bytes)", "", f"{results['explore_html_bytes']:,}"),
        ("server RSS: idle / 1 session (MB)", f"{app['rss_mb_idle_after_first_page']:.0f} / {app['rss_mb_after_1_session']:.0f}",
         f"- / {naive['rss_mb_after_1_session']:.0f}"),
        (f"server RSS: {load['sessions']} sessions open / peak (MB)",
         f"{app['rss_mb_with_all_sessions']:.0f} / {app['rss_mb_peak']:.0f}", ""),
        ("load: sessions that succeeded, in (s)", f"{load['succeeded']}/{load['sessions']} in {load['wall_s']:.0f}", ""),
        ("load: server CPU for all sessions (s)", f"{load['server_cpu_s']:.1f}", ""),
        *[(f"load: {step}, p50 / p95 (s)", f"{t['p50']:.1f} / {t['p95']:.1f}", "") for step, t in load["steps"].items()],
    ]
    print(f"\n{'measure':54} {'app':>22} {'naive':>14}")
    for name, ours, theirs in rows:
        print(f"{name:54} {ours:>22} {theirs:>14}")
    print(f"\n{'rerun latency, AppTest (ms)':54} {'cold CPU':>9} {'warm CPU':>9} {'CPU p95':>8} {'warm wall':>10}")
    for page, widgets in results["reruns"].items():
        if "error" in widgets:
            print(f"{page}: not measured ({widgets['error']}; update its driver)")
            continue
        run = widgets["first_run"]
        print(f"{page} (first run {run['cpu_s'] * 1000:.0f} ms CPU, {run['wall_s'] * 1000:.0f} ms wall)")
        for widget, t in widgets.items():
            if widget != "first_run":
                print(f"  {widget:52} {t['cold_cpu_median_s'] * 1000:9.0f} {t['warm_cpu_median_s'] * 1000:9.0f} "
                      f"{t['warm_cpu_p95_s'] * 1000:8.0f} {t['warm_wall_median_s'] * 1000:10.0f}")
    print("\nratios")
    for name, value in results["ratios"].items():
        print(f"  {name:60} {value:8.1f}x")
    print(f"\nmachine: {results['machine_before']} before, {results['machine_after']} after")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions for the memory and load figures")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per widget for rerun latency (first cold)")
    args = parser.parse_args()
    results = {"machine_before": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    results["build"] = measure_build()
    results["reruns"] = measure_reruns(args.rounds)
    results["explore_html_bytes"] = explore_html_bytes()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        results["browser"] = {"app": measure_app_in_browser(browser, args.sessions), "naive": measure_naive_in_browser(browser)}
        browser.close()
    results["ratios"] = ratios(results)
    results["machine_after"] = machine()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=1, default=str))
    print_table(results)
    print(f"\nwritten: {Path(RESULTS / 'latest.json').relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
