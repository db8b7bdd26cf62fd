"""Two app processes behind a real nginx (deploy/balancer.py, as scripts/serve runs them), in headless Chromium.

Each browser context starts with the affinity cookie nginx gives a browser whose session a process holds
(fsot_process=p0 or p1), so the test chooses where it is; nginx's access log names the process that answered each
request and the cookie it came with. Proves: a whole visit works through the balancer on each process, downloads
included (they reach the process holding the session only by affinity); killing one process leaves the other's
sessions alone, sends new sessions to the survivor, and brings the dead process's sessions back on a working page
that says it was reset; a process restarted with the same cookie secret serves new sessions at once, while the
sessions that moved stay where their state is; no process logs a traceback. nginx runs as a child with its own
prefix in a temporary folder, on free loopback ports: no system configuration is read or written.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from benchmarks.app_server import free_port
from deploy.balancer import COOKIE_SECRET_ENV, Cluster, cluster, process_name
from ui.reconnect import NOTICE

from .conftest import ARTIFACTS, SCREENSHOTS, block_external_requests, map_frame, open_app
from .conftest import download as download_file
from .test_chart_export import download, open_page, png_size
from .test_deprivation_map import _wait_for_lsoas
from .test_profile_pdf import pdf_text

# LSOAs in Stockton-on-Tees, as test_deprivation_map counts them: 124 (2021 boundaries, build/iod2025_lsoa.parquet)
# and 120 (2011 boundaries, build/iod2019_lsoa.parquet).
LSOAS_2025, LSOAS_2019 = 124, 120
POSTCODE, POSTCODE_ANSWER = "TS18 1AA", "TS18 1AA is in Stockton Town Centre ward"  # as test_deprivation_map finds it
# A link a councillor shares (test_url_round_trip builds it in a browser): 2019 edition, Income, a ward, an LSOA.
SHARED_MAP_LINK = "map?edition=IoD2019&index=Income+%28domain%29&ward=Stockton+Town+Centre&lsoa=E01033477"


@pytest.fixture(scope="module")
def balanced() -> Cluster:
    with cluster(2, free_port(), ARTIFACTS / "balancer", cookie_secret="fsot-test-" + os.urandom(8).hex()) as running:
        yield running


def page_on(browser, running: Cluster, index: int, page_log=None):
    """A page in a new browser context whose affinity cookie names process `index`, as nginx would have set it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", accept_downloads=True)
    host = running.base_url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": "fsot_process", "value": process_name(index), "domain": host, "path": "/"}])
    if page_log is not None:
        block_external_requests(context, page_log)
    return context.new_page()


def process_cookie(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "fsot_process")


def open_map_and_find_postcode(page, base_url: str) -> None:
    open_app(page, base_url, "map", timeout_ms=90_000)
    assert _wait_for_lsoas(map_frame(page), LSOAS_2025) == LSOAS_2025
    page.get_by_label("Find a postcode").fill(POSTCODE)
    page.get_by_role("button", name="Find").click()
    page.get_by_text(POSTCODE_ANSWER, exact=False).first.wait_for(timeout=60_000)


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def assert_no_tracebacks(running: Cluster) -> None:
    problems = {server.log_path.name: server.log_problems() for server in running.servers}
    assert not any(problems.values()), problems


def test_a_whole_visit_through_the_balancer_on_each_process(balanced, browser, page_log):
    for index in (0, 1):
        page = page_on(browser, balanced, index, page_log)
        try:
            open_map_and_find_postcode(page, balanced.base_url)

            open_page(page, balanced.base_url, "Borough against England", ".st-key-card_bve_deciles")
            page.locator(".st-key-card_bve_deciles").scroll_into_view_if_needed()  # mounted only once in view
            width, height = png_size(download(page, "bve_deciles", "Chart (PNG)"))  # a media file: needs affinity
            assert width > 0 and height > 600

            open_app(page, balanced.base_url, "profile?kind=Priority+area&area=Central+Stockton", timeout_ms=90_000)
            _, pdf = download_file(page, "Download PDF (A4)", timeout_ms=120_000)
            assert "Central Stockton" in pdf_text(pdf)[1]

            open_app(page, balanced.base_url, SHARED_MAP_LINK, timeout_ms=90_000)
            assert page.get_by_role("radio", name="IoD2019").is_checked()
            page.get_by_text("E01033477, 2011 boundaries", exact=False).first.wait_for(timeout=60_000)  # the link's LSOA
            shot(page, f"balancer-visit-process-{index}.png")
            assert set(balanced.processes_serving(process_name(index))) == {index}, "affinity: one browser, one process"
            assert process_cookie(page) == process_name(index)
        finally:
            page.context.close()
    assert page_log.page_errors == [], page_log.problems()
    assert_no_tracebacks(balanced)


def test_a_killed_process_and_its_restart(balanced, browser):
    on_dead, on_survivor = page_on(browser, balanced, 0), page_on(browser, balanced, 1)
    try:
        open_map_and_find_postcode(on_dead, balanced.base_url)
        open_map_and_find_postcode(on_survivor, balanced.base_url)

        balanced.kill(0)

        # The survivor's session is untouched: its answer is still there and it keeps working, with no reset notice.
        on_survivor.get_by_test_id("stRadioGroup").get_by_text("IoD2019", exact=True).click()
        # (zoomed in on the postcode, so the 2011 LSOAs are counted as loaded, not as drawn in view)
        assert _wait_for_lsoas(map_frame(on_survivor), LSOAS_2019, drawn=False) == LSOAS_2019
        expect(on_survivor.get_by_text(POSTCODE_ANSWER, exact=False).first).to_be_visible()
        assert on_survivor.get_by_text(NOTICE).count() == 0

        # A new session from a browser whose cookie names the dead process is served by the survivor.
        newcomer = page_on(browser, balanced, 0)
        open_app(newcomer, balanced.base_url, "map", timeout_ms=90_000)
        assert _wait_for_lsoas(map_frame(newcomer), LSOAS_2025) == LSOAS_2025
        assert newcomer.get_by_text(NOTICE).count() == 0  # a first visit was not reset
        assert process_cookie(newcomer) == process_name(1) and balanced.processes_serving(process_name(0))[-1] == 1
        newcomer.context.close()

        # The dead process's session reconnects to the survivor: a working page, and a notice that it was reset.
        expect(on_dead.get_by_text(NOTICE)).to_be_visible(timeout=90_000)
        # (the postcode's LSOA is in the page's address, so the map opens zoomed on it: LSOAs counted as loaded)
        assert _wait_for_lsoas(map_frame(on_dead), LSOAS_2025, drawn=False) == LSOAS_2025
        assert on_dead.get_by_text(POSTCODE_ANSWER).count() == 0  # the found postcode was the old process's state
        assert process_cookie(on_dead) == process_name(1)
        shot(on_dead, "balancer-reconnected-after-kill.png")

        # Restarted with the same secret, the process serves a new session sent to it, at once.
        restarted = balanced.restart(0)
        environ = Path(f"/proc/{restarted.process.pid}/environ").read_bytes().split(b"\0")
        assert f"{COOKIE_SECRET_ENV}={balanced.cookie_secret}".encode() in environ
        after_restart = page_on(browser, balanced, 0)
        open_app(after_restart, balanced.base_url, "map", timeout_ms=90_000)
        assert _wait_for_lsoas(map_frame(after_restart), LSOAS_2025) == LSOAS_2025
        assert balanced.processes_serving(process_name(0))[-1] == 0
        after_restart.context.close()

        # The moved session stays where its state now is: its download comes from the survivor.
        with on_dead.expect_download(timeout=60_000) as table:
            on_dead.get_by_role("button", name="Download the table (CSV)").click()
        assert Path(table.value.path()).read_text(encoding="utf-8-sig").count("\n") > LSOAS_2025
        assert process_cookie(on_dead) == process_name(1)
    finally:
        on_dead.context.close()
        on_survivor.context.close()
    assert_no_tracebacks(balanced)
