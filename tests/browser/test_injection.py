"""No script from a link or from the data ever runs in the browser.

Two routes in: query parameters in a pasted link, and markup inside area names (a copy of the build
whose LSOA and ward names carry tests.test_bad_input.PAYLOAD, served by its own server). The payloads
call alert() or set window.top.__xss; the test fails on any dialog, on __xss in any frame, and on any
uncaught page error. On the map every tooltip is opened and every ward label drawn, so the names pass
through Leaflet's innerHTML.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

import pytest

from benchmarks.app_server import serve
from fsot_data.config import authority_dir
from tests.test_bad_input import PAYLOAD, inject_markup

from .conftest import map_frame, open_app, wait_for_polygons

LINK_PAYLOADS = {
    "ward": "<script>alert('ward')</script>",
    "edition": "<img src=x onerror=alert('edition')>",
    "slide": "\"><svg onload=alert('slide')>",
    "kind": "javascript:alert('kind')",
    "area": PAYLOAD,
}
PATHS = ["", "map", "profile", "present", "compare-areas", "borough-vs-england", "claims", "about", "sources"]
# Opens every tooltip on a Leaflet map (so its content is set through innerHTML); returns how many.
OPEN_ALL_TOOLTIPS = """() => {
    let opened = 0;
    window.map.eachLayer(layer => {
        if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); opened++; }
    });
    return opened;
}"""


def watch_for_scripts(page) -> list[str]:
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return dialogs


def ran_script(page) -> list[str]:
    """Frames in which a payload set window.__xss."""
    flagged = []
    for frame in page.frames:
        try:
            if frame.evaluate("() => window.__xss") is not None:
                flagged.append(frame.url)
        except Exception:  # a frame torn down mid-check cannot have been the one that ran it
            continue
    return flagged


@pytest.mark.parametrize("path", PATHS)
def test_a_link_with_markup_runs_nothing(path, streamlit_server, page, page_log):
    dialogs = watch_for_scripts(page)
    open_app(page, streamlit_server, f"{path}?{urlencode(LINK_PAYLOADS)}", timeout_ms=90_000)
    page.wait_for_timeout(500)  # let any injected handler fire
    assert not dialogs, f"/{path}: a dialog opened: {dialogs}"
    assert not ran_script(page), f"/{path}: injected script ran"
    assert not page_log.page_errors, page_log.problems()
    assert page.locator('[data-testid="stException"]').count() == 0, f"/{path} shows an exception"


@pytest.fixture(scope="module")
def injected_server(tmp_path_factory):
    real = authority_dir()
    folder = inject_markup(real, tmp_path_factory.mktemp("injected") / "build" / real.name)
    with serve(log_name="injected-server.log", env=os.environ | {"FSOT_BUILD": str(folder.parent)}) as server:
        yield server


def test_markup_in_area_names_runs_nothing_on_the_map(injected_server, page, page_log):
    dialogs = watch_for_scripts(page)
    open_app(page, injected_server.base_url, "map", timeout_ms=90_000)
    frame = map_frame(page)
    assert wait_for_polygons(frame, 100) >= 100
    assert frame.evaluate(OPEN_ALL_TOOLTIPS) >= 100
    page.wait_for_timeout(500)
    tooltips = frame.eval_on_selector_all(".leaflet-tooltip", "els => els.map(e => e.innerText)")
    assert any("<script>" in text for text in tooltips), "the tooltips should show the names' markup as text"
    assert not dialogs and not ran_script(page), f"script from the data ran: {dialogs}"
    assert not page_log.page_errors, page_log.problems()


@pytest.mark.parametrize("path", [p for p in PATHS if p != "map"])
def test_markup_in_area_names_runs_nothing_elsewhere(path, injected_server, page, page_log):
    dialogs = watch_for_scripts(page)
    open_app(page, injected_server.base_url, path, timeout_ms=90_000)
    page.wait_for_timeout(500)
    assert not dialogs and not ran_script(page), f"/{path}: script from the data ran: {dialogs}"
    assert not page_log.page_errors, page_log.problems()
    assert page.locator('[data-testid="stException"]').count() == 0, f"/{path} shows an exception"
