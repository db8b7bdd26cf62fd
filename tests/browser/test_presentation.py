"""Presentation mode in a real browser, at the two projector sizes: no Streamlit chrome, every slide laid out
in 16:9 with every element inside the window, keys and buttons moving between slides, and each slide
downloading as a 1920 x 1080 PNG."""

from __future__ import annotations

import struct

import pytest

from .conftest import SCREENSHOTS, open_app

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SLIDES = 5  # four headline slides and the progress scorecard (pages/presentation.py)
PROJECTORS = [(1280, 720), (1920, 1080)]
CHART = ".st-key-slide_chart img"
# Everything a slide shows: the top bar's controls and counter, the heading, subtitle and chart.
SLIDE_PARTS = {"exit link": 'a:has-text("Exit presentation")', "previous": ".st-key-slide_previous button",
               "counter": ".fsot-slide-count", "next": ".st-key-slide_next button", "picker": 'button:has-text("All slides")',
               "title": "h1.fsot-slide-title", "subtitle": ".fsot-slide-subtitle", "chart": CHART}


def wait_for_slide(page, number: int) -> None:
    page.locator(".fsot-slide-count", has_text=f"Slide {number} of {SLIDES}").wait_for(timeout=60_000)
    page.wait_for_function(
        """(selector) => {
            const app = document.querySelector('[data-testid="stApp"]');
            const img = document.querySelector(selector);
            return app.getAttribute('data-test-script-state') === 'notRunning' && img && img.complete && img.naturalWidth > 0;
        }""", arg=CHART, timeout=60_000)


def drawn_box(page, selector: str) -> dict:
    """The element's box; for the chart image, the part the picture occupies (object-fit: contain letterboxes it)."""
    return page.eval_on_selector(selector, """e => {
        const r = e.getBoundingClientRect();
        if (e.tagName !== 'IMG') return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
        const scale = Math.min(r.width / e.naturalWidth, r.height / e.naturalHeight);
        const w = e.naturalWidth * scale, h = e.naturalHeight * scale;
        const left = r.left + (r.width - w) / 2, top = r.top + (r.height - h) / 2;
        return {left, top, right: left + w, bottom: top + h, scale};
    }""")


@pytest.fixture(params=PROJECTORS, ids=[f"{w}x{h}" for w, h in PROJECTORS])
def projector(request, page):
    width, height = request.param
    page.set_viewport_size({"width": width, "height": height})
    return width, height


def test_every_slide_fits_the_projector_in_16_9(streamlit_server, page, page_log, projector):
    width, height = projector
    open_app(page, streamlit_server, "present")
    assert page.locator(".stAppHeader").count() == 0 or not page.locator(".stAppHeader").is_visible()  # menu
    assert not page.get_by_role("button", name="Expand sidebar").is_visible()  # the sidebar toggle
    assert not page.get_by_role("radiogroup").is_visible()  # the slide picker, folded into "All slides"
    titles = []
    for number in range(1, SLIDES + 1):
        wait_for_slide(page, number)
        boxes = {name: drawn_box(page, selector) for name, selector in SLIDE_PARTS.items()}
        for name, box in boxes.items():
            assert box["left"] >= 0 and box["top"] >= 0 and box["right"] <= width and box["bottom"] <= height, (number, name, box)
        assert boxes["title"]["bottom"] <= boxes["subtitle"]["top"] + 1 and boxes["subtitle"]["bottom"] <= boxes["chart"]["top"] + 1
        stage = page.eval_on_selector(".st-key-slide_stage", "e => { const r = e.getBoundingClientRect(); return r.width / r.height; }")
        assert stage == pytest.approx(16 / 9, rel=0.01)
        # text and chart grow with the window: a 1920 x 1080 projector gets 1.5 times the 1280 x 720 type
        title_px = page.eval_on_selector("h1.fsot-slide-title", "h => parseFloat(getComputedStyle(h).fontSize)")
        assert title_px == pytest.approx(0.046 * height, abs=1)
        assert boxes["chart"]["right"] - boxes["chart"]["left"] > 0.4 * width
        alt = page.get_attribute(CHART, "alt")
        assert len(alt) > 80  # the text alternative, read out
        title = page.locator("h1.fsot-slide-title").inner_text()
        assert title not in titles
        titles.append(title)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"presentation-{width}x{height}-slide-{number}.png"))
        if number in (1, 4):
            page.keyboard.press("PageDown")  # what a presentation clicker sends
        elif number == 2:
            page.get_by_role("button", name="Next").focus()
            page.keyboard.press("Enter")  # keyboard only
        elif number == 3:
            page.get_by_role("button", name="Next").click()
    assert page.get_by_role("button", name="Next").is_disabled()
    page.keyboard.press("PageUp")
    wait_for_slide(page, SLIDES - 1)
    page.get_by_role("link", name="Exit presentation").click()
    page.get_by_role("link", name="Presentation mode").wait_for(timeout=30_000)  # back where the navigation is
    assert page_log.page_errors == [], page_log.problems()


def test_slide_downloads_as_a_1920_by_1080_png_with_its_text_version(streamlit_server, page, page_log):
    open_app(page, streamlit_server, "present?slide=2019+to+2025")
    wait_for_slide(page, 4)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download this slide (PNG, 1920 × 1080)").click()
    assert download.value.suggested_filename == "fsot-slide-4-change.png"
    data = download.value.path().read_bytes()
    assert data[:8] == PNG_MAGIC and struct.unpack(">II", data[16:24]) == (1920, 1080)  # IHDR width, height
    (SCREENSHOTS / "exported-slide-4.png").write_bytes(data)
    page.get_by_text("Text version of this slide").click()
    page.locator('[data-testid="stDataFrame"]').wait_for(timeout=15_000)
    assert page_log.page_errors == [], page_log.problems()
