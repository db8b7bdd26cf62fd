"""Load test: concurrent browser sessions on the deprivation map, as a meeting room would use it.

    FSOT_SOURCES=../shared/data .venv/bin/python -m benchmarks.load_test [--sessions 20] [--timeout 300]

Starts the app on a loopback port and one headless Chromium; each session is its own browser context
(its own Streamlit session) and, all at once: opens the map and waits for its polygons, finds a
postcode (a different one per session) and waits for the answer, then changes the index to a domain
and waits for the map to redraw. Bounded: at most 20 sessions, one overall deadline, every request to
a non-loopback host aborted. Reports sessions that succeeded, p50/p95 per step, the server's memory
with every session open, and any error or traceback in the server log.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field

from playwright.async_api import async_playwright

from benchmarks.app_server import RESULTS, Server, serve
from fsot_data.store import load
from tests.browser.conftest import _COUNT_DRAWN_POLYGONS, CHROMIUM, CHROMIUM_ARGS, ST_FOLIUM_IFRAME, is_loopback_url

MAX_SESSIONS = 20
STEP_TIMEOUT_MS = 180_000
DOMAIN_OPTION = "Income (domain)"
BOROUGH = "E06000004"
SCRIPT_DONE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stSkeleton"]');
}"""
# The drawn polygons' fill colours, in order: changes when the map is redrawn for another index.
FILL_SIGNATURE = """() => {
    const fills = [];
    if (window.map) window.map.eachLayer(l => { if (l instanceof L.Polygon && l._parts) fills.push(l.options.fillColor); });
    return fills.join(',');
}"""


@dataclass
class SessionResult:
    postcode: str
    steps: dict[str, float] = field(default_factory=dict)  # step -> seconds
    error: str | None = None
    context: object = field(default=None, repr=False)  # kept open until memory is read with every session open


@dataclass
class LoadReport:
    sessions: int
    succeeded: int
    wall_seconds: float
    steps: dict[str, dict[str, float]]  # step -> {"p50": s, "p95": s, "max": s}
    rss_mb_all_open: float | None
    server_cpu_s: float  # the server's own work for all sessions: what a dedicated server must do
    log_problems: list[str]
    errors: list[str]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def borough_postcodes(n: int) -> list[str]:
    """n different postcodes in the borough, spread across it."""
    codes = load("postcodes").query("lad_code == @BOROUGH")["postcode"].tolist()
    return [codes[i * len(codes) // n] for i in range(n)]


async def _map_frame(page):
    handle = await page.locator(ST_FOLIUM_IFRAME).first.element_handle()
    return await handle.content_frame()


async def _script_done(page) -> None:
    await page.wait_for_function(SCRIPT_DONE)


async def one_session(browser, base_url: str, postcode: str) -> SessionResult:
    result = SessionResult(postcode)
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    await context.route("**/*", lambda route: route.continue_() if is_loopback_url(route.request.url)
                        else route.abort("blockedbyclient"))
    page = await context.new_page()

    async def step(name: str, action: Callable[[], Awaitable[None]]) -> None:
        started = time.perf_counter()
        await action()
        result.steps[name] = time.perf_counter() - started

    async def open_map():
        await page.goto(f"{base_url}/map", wait_until="domcontentloaded")
        await _script_done(page)
        frame = await _map_frame(page)
        await frame.wait_for_function(f"() => ({_COUNT_DRAWN_POLYGONS})() >= 100")

    async def find_postcode():
        await page.get_by_label("Find a postcode").fill(postcode)
        await page.get_by_role("button", name="Find").click()
        await page.get_by_text(f"{postcode} is in", exact=False).first.wait_for()
        await _script_done(page)

    async def change_domain():
        frame = await _map_frame(page)
        before = await frame.evaluate(FILL_SIGNATURE)
        await page.locator('[data-testid="stSelectbox"]').filter(has_text="Index").first.click()
        await page.get_by_role("option", name=DOMAIN_OPTION, exact=True).click()
        await _script_done(page)
        await frame.wait_for_function(f"before => ({FILL_SIGNATURE})() !== before", arg=before)

    try:
        await step("open map, polygons drawn", open_map)
        await step("find a postcode", find_postcode)
        await step("change the domain, map redrawn", change_domain)
        if await page.locator('[data-testid="stException"]').count():
            result.error = "the page shows an exception"
    except Exception as error:  # one failed session is a result to report, not a crash of the test
        result.error = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    result.context = context
    return result


async def warm_up(browser, base_url: str) -> None:
    """One visit to the start page first, so the tables are loaded: a deployed server has had that visit long
    before a meeting."""
    page = await browser.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    await page.goto(base_url, wait_until="domcontentloaded")
    await _script_done(page)
    await page.close()


async def run_load(server: Server, sessions: int, timeout_s: float) -> LoadReport:
    if not 1 <= sessions <= MAX_SESSIONS:
        raise ValueError(f"sessions must be 1..{MAX_SESSIONS}")
    postcodes = borough_postcodes(sessions)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        await warm_up(browser, server.base_url)
        started, cpu_before = time.perf_counter(), server.cpu_s()
        tasks = [asyncio.create_task(one_session(browser, server.base_url, pc)) for pc in postcodes]
        done, pending = await asyncio.wait(tasks, timeout=timeout_s)
        wall = time.perf_counter() - started
        for task in pending:
            task.cancel()
        results = [task.result() for task in done]
        rss, cpu = server.rss_mb(), server.cpu_s() - cpu_before
        for result in results:
            await result.context.close()
        await browser.close()
    ok = [r for r in results if r.error is None]
    errors = [f"{r.postcode}: {r.error}" for r in results if r.error] + ["session cut off by the deadline"] * len(pending)
    steps = {}
    for name in (ok[0].steps if ok else {}):
        values = [r.steps[name] for r in ok]
        steps[name] = {"p50": statistics.median(values), "p95": percentile(values, 0.95), "max": max(values)}
    return LoadReport(sessions, len(ok), wall, steps, rss, cpu, server.log_problems(), errors)


def print_report(report: LoadReport) -> None:
    print(f"{report.succeeded}/{report.sessions} sessions succeeded in {report.wall_seconds:.1f} s; server CPU "
          f"{report.server_cpu_s:.1f} s ({report.server_cpu_s / report.sessions:.2f} s a session); "
          f"server memory with all open: {report.rss_mb_all_open:.0f} MB")
    print(f"{'step':34} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    for name, figures in report.steps.items():
        print(f"{name:34} {figures['p50']:7.2f} {figures['p95']:7.2f} {figures['max']:7.2f}")
    for error in report.errors:
        print(f"  failed: {error}")
    print("server log: " + ("no errors or tracebacks" if not report.log_problems else "\n  ".join(["PROBLEMS:", *report.log_problems])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=MAX_SESSIONS, help=f"concurrent sessions, 1..{MAX_SESSIONS}")
    parser.add_argument("--timeout", type=float, default=300, help="overall deadline in seconds")
    args = parser.parse_args()
    with serve(log_name="load-test-server.log") as server:
        report = asyncio.run(run_load(server, args.sessions, args.timeout))
    print_report(report)
    (RESULTS / "load_test.json").write_text(json.dumps(asdict(report), indent=1))
    raise SystemExit(0 if report.succeeded == report.sessions and not report.log_problems else 1)


if __name__ == "__main__":
    main()
