"""Browser test harness: a real `streamlit run` server plus headless Chromium.

Fixtures
--------
streamlit_server (session)  base URL, e.g. "http://127.0.0.1:54321", of
                            `streamlit run $FSOT_APP` (default app.py), started
                            from the project root with this process's env (so
                            FSOT_SOURCES / FSOT_BUILD etc. pass through).
browser (session)           Playwright sync-API Chromium from /usr/bin/chromium
                            (override with FSOT_CHROMIUM), headless.
page_log (function)         BrowserLog of what the page did: console_errors,
                            page_errors, failed_requests, external_requests.
page (function)             a fresh context + page. Every request to a host
                            that is not loopback is aborted and recorded in
                            page_log.external_requests (the app must work
                            offline). A screenshot goes to
                            artifacts/screenshots/<test name>.png after each
                            test, pass or fail.

Helpers: open_app(page, base_url, path="") loads a page and waits for the
script run to finish; map_frame(page) returns the st_folium iframe's Frame;
wait_for_polygons(frame, n) waits until at least n polygons are drawn and
returns the count.

Every test under tests/browser/ gets the `browser` marker automatically
(`pytest -m "not browser"` skips them). If Chromium is missing the tests FAIL
with the install command; they do not skip.
"""

from __future__ import annotations

import ipaddress
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from benchmarks.app_server import serve

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = os.environ.get("FSOT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# title attribute Streamlit gives the st_folium component iframe
ST_FOLIUM_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


# --------------------------------------------------------------------------- server


def _tail(path: Path, lines: int = 80) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


@pytest.fixture(scope="session")
def streamlit_server() -> Iterator[str]:
    app = Path(os.environ.get("FSOT_APP", "app.py"))
    if not app.is_absolute():
        app = PROJECT_ROOT / app
    if not app.is_file():
        pytest.fail(f"App file {app} not found (set FSOT_APP to another entry point).")

    # Streamlit serves ./static next to the app file; the maps need static/vendor/.
    from views.offline_map import ASSET_FILES, VENDOR_DIR

    served = [app.parent / "static" / "vendor" / p.relative_to(VENDOR_DIR) for p in ASSET_FILES]
    missing = [str(p) for p in served if not p.is_file()]
    if missing:
        pytest.fail(
            "Vendored map assets missing: " + ", ".join(missing)
            + ". Run `npm ci && python scripts/vendor_assets.py` at the project root."
        )

    try:
        with serve(app, log_name="streamlit-server.log", log_dir=ARTIFACTS) as server:
            yield server.base_url
    except RuntimeError as error:  # exited, or not healthy in time
        pytest.fail(f"{error}. Server log:\n{_tail(ARTIFACTS / 'streamlit-server.log')}")


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install it with `apt-get install chromium` "
            "(Debian), or set FSOT_CHROMIUM to a Chromium binary."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


# Opened at a page's own URL (/map), Streamlit's front end first probes /map/_stcore/health and
# /map/_stcore/host-config, gets 404s, then falls back to the root: Streamlit's behaviour, not an app error.
STREAMLIT_DEEP_LINK_PROBE = re.compile(r"/[^/?#]+/_stcore/(health|host-config)(\?|$)")


@dataclass
class BrowserLog:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)  # uncaught exceptions
    failed_requests: list[str] = field(default_factory=list)  # includes blocked ones
    external_requests: list[str] = field(default_factory=list)  # blocked, non-loopback
    requests: list[str] = field(default_factory=list)  # every request seen

    def problems(self) -> str:
        parts = []
        for name in ("console_errors", "page_errors", "failed_requests", "external_requests"):
            values = getattr(self, name)
            if values:
                parts.append(f"{name}:\n  " + "\n  ".join(values))
        return "\n".join(parts) or "(none)"


def is_loopback_url(url: str) -> bool:
    """True for URLs that never leave the machine (loopback hosts, data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return True
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def block_external_requests(context, log: BrowserLog) -> None:
    """Abort every request to a non-loopback host and record its URL in ``log``.

    Installed on the context, so it also covers the component iframes.
    (WebSockets are not routed; Streamlit's own socket is loopback.)
    """

    def handler(route):
        url = route.request.url
        if is_loopback_url(url):
            route.continue_()
        else:
            log.external_requests.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", handler)


@pytest.fixture
def page_log() -> BrowserLog:
    return BrowserLog()


def _screenshot_name(nodeid_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.\-\[\]]+", "_", nodeid_name)[:150] + ".png"


@pytest.fixture
def page(browser, page_log: BrowserLog, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    block_external_requests(context, page_log)
    pg = context.new_page()
    pg.on("console", lambda m: m.type == "error" and not STREAMLIT_DEEP_LINK_PROBE.search(m.location.get("url", ""))
          and page_log.console_errors.append(f"{m.text} ({m.location.get('url', '')})"))
    pg.on("pageerror", lambda e: page_log.page_errors.append(str(e)))
    pg.on("request", lambda r: page_log.requests.append(r.url))
    pg.on("requestfailed", lambda r: page_log.failed_requests.append(
        f"{r.url} ({r.failure})"))
    try:
        yield pg
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            pg.screenshot(path=str(SCREENSHOTS / _screenshot_name(request.node.name)), full_page=True)
        except Exception as exc:  # a screenshot must never hide the test's own result
            print(f"screenshot failed: {exc}", file=sys.stderr)
        context.close()


# --------------------------------------------------------------------------- helpers


def open_app(page, base_url: str, path: str = "", timeout_ms: float = 30_000) -> None:
    """Go to base_url/path, or to base_url itself when no path is given (a full URL with ?a=b opens exactly);
    wait until the script run finished and elements mounted.

    ``data-test-script-state`` goes initial -> running -> notRunning. At
    notRunning, lazily loaded elements (st_folium's iframe among them) may still
    be ``stSkeleton`` placeholders (seen in 1.67), so wait for those to go too.
    """
    url = f"{base_url.rstrip('/')}/{path.lstrip('/')}" if path else base_url  # a full URL (?a=b) opens as given
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return !!app
                && app.getAttribute('data-test-connection-state') === 'CONNECTED'
                && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-testid="stSkeleton"]');
        }""",
        timeout=timeout_ms,
    )


def download(page, button: str, timeout_ms: float = 90_000) -> tuple[str, bytes]:
    """Click the download button named `button`; (suggested file name, the file's bytes)."""
    with page.expect_download(timeout=timeout_ms) as started:
        page.get_by_role("button", name=button).click()
    return started.value.suggested_filename, Path(started.value.path()).read_bytes()


def map_frame(page, index: int = 0, timeout_ms: float = 30_000):
    """The Frame of the index-th st_folium map on the page."""
    locator = page.locator(ST_FOLIUM_IFRAME).nth(index)
    locator.wait_for(state="attached", timeout=timeout_ms)
    frame = locator.element_handle().content_frame()
    assert frame is not None, "st_folium iframe has no content frame"
    return frame


# Counts Leaflet polygons that were projected and clipped into view (``_parts``),
# i.e. actually drawn, for both the SVG and the canvas renderer (prefer_canvas=True).
_COUNT_DRAWN_POLYGONS = """() => {
    if (!window.L || !window.map || !window.map.eachLayer) return -1;
    let n = 0;
    window.map.eachLayer(l => {
        if (l instanceof L.Polygon && l._parts && l._parts.length > 0) n++;
    });
    return n;
}"""


def wait_for_polygons(frame, minimum: int = 1, timeout_ms: float = 30_000) -> int:
    """Wait until at least ``minimum`` polygons are drawn in an st_folium frame; return the count."""
    frame.wait_for_function(
        f"() => ({_COUNT_DRAWN_POLYGONS})() >= {int(minimum)}", timeout=timeout_ms
    )
    return frame.evaluate(_COUNT_DRAWN_POLYGONS)
