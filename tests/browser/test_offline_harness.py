"""Smoke test: every page of the app works with the internet cut off.

Opens the app's start page and every page linked from its navigation, with all
requests to non-loopback hosts blocked (the `page` fixture), and checks:
no external request was even attempted, no uncaught JS error or console error,
and every st_folium map drew at least one polygon.

Runs against app.py, or the file named by FSOT_APP.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .conftest import SCREENSHOTS, ST_FOLIUM_IFRAME, open_app, wait_for_polygons

NAV_LINKS = '.stSidebar a[href]'  # the menu: page links in the sidebar (ui.page.sidebar_navigation)


def test_every_page_works_offline(streamlit_server, page, page_log):
    t0 = time.monotonic()
    open_app(page, streamlit_server)
    hrefs = list(dict.fromkeys(
        page.eval_on_selector_all(NAV_LINKS, "links => links.map(a => a.href)")
    ))
    pages = [streamlit_server + "/", *(h for h in hrefs if h.rstrip("/") != streamlit_server)]

    drawn: dict[str, list[int]] = {}
    timings: dict[str, float] = {}
    for i, url in enumerate(pages):
        if i:
            t0 = time.monotonic()
            open_app(page, url)
        iframes = page.locator(ST_FOLIUM_IFRAME)
        counts = []
        for n in range(iframes.count()):
            frame = iframes.nth(n).element_handle().content_frame()
            try:
                counts.append(wait_for_polygons(frame, minimum=1))
            except PlaywrightTimeoutError:
                pytest.fail(
                    f"map {n} on {url} drew no polygons within 30 s.\n{page_log.problems()}"
                )
            if n == 0:
                timings[url] = round(time.monotonic() - t0, 2)
        drawn[url] = counts
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"offline-page-{i}.png"), full_page=True)

    print("polygons drawn per map, by page:", drawn)
    print("seconds from goto to first map's polygons drawn:", timings)
    assert page_log.external_requests == [], page_log.problems()
    assert page_log.page_errors == [], page_log.problems()
    assert page_log.console_errors == [], page_log.problems()
    assert page_log.failed_requests == [], page_log.problems()
