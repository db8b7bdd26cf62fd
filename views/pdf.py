"""HTML to PDF with headless Chromium, so a printed profile is exactly the HTML one.

Chromium is Debian's package (/usr/bin/chromium, or FSOT_CHROMIUM), driven by Playwright. The page
loads only the given HTML: every request it would make to anywhere is refused, so a document that
links out prints without it rather than hanging on a council network. Pure module: no Streamlit.
"""

from __future__ import annotations

import importlib.util
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT_MS = 30_000


class PdfUnavailable(RuntimeError):
    """Chromium or Playwright is missing or failed; the message says what to install."""


def chromium_path() -> Path:
    return Path(os.environ.get("FSOT_CHROMIUM", "/usr/bin/chromium"))


def missing_for_pdf() -> str | None:
    """Why html_to_pdf cannot work here (what to install), or None when it can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install playwright)."
    if not chromium_path().is_file():
        return (f"Chromium is not installed at {chromium_path()} (apt-get install chromium, or set FSOT_CHROMIUM "
                "to a Chromium binary).")
    return None


def html_to_pdf(html: str) -> bytes:
    """A4 portrait PDF of an HTML document, backgrounds printed, using the document's own @page rules; tagged
    (a structure tree, so screen readers and reflow read headings, lists and tables) and with an outline of its
    headings.

    Runs Playwright in a worker thread: its sync API refuses a thread with a running asyncio loop, which
    the caller's thread may have (an async server, or a test already driving a browser).
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, html).result()


def _print(html: str) -> bytes:
    missing = missing_for_pdf()
    if missing:
        raise PdfUnavailable(missing)
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium_path()), headless=True, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())  # set_content needs no network
                page.set_content(html, wait_until="load", timeout=TIMEOUT_MS)
                return page.pdf(format="A4", print_background=True, prefer_css_page_size=True, tagged=True, outline=True)
            finally:
                browser.close()
    except PlaywrightError as error:
        raise PdfUnavailable(f"Chromium could not print the page ({error.message.splitlines()[0]}).") from error
