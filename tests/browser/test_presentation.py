"""Presentation mode in a real browser: every slide renders its chart, keys and buttons move between slides,
and each slide downloads as a PNG."""

from __future__ import annotations


from .conftest import SCREENSHOTS, open_app

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CHART = '[data-testid="stVegaLiteChart"]'


def wait_for_slide(page, number: int) -> None:
    page.locator(".fsot-slide-count", has_text=f"Slide {number} of 5").wait_for(timeout=30_000)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app.getAttribute('data-test-script-state') === 'notRunning'
                && !!document.querySelector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg');
        }""", timeout=30_000)


def test_every_slide_renders_and_keys_move_between_them(streamlit_server, page, page_log):
    open_app(page, streamlit_server, "present")
    titles = []
    for number in range(1, 6):
        wait_for_slide(page, number)
        title = page.locator("h1.fsot-slide-title").inner_text()
        assert title and title not in titles
        titles.append(title)
        marks = page.locator(f"{CHART} svg .mark-shape path, {CHART} svg .mark-rect path, {CHART} svg .mark-symbol path")
        assert marks.count() > 0, f"slide {number} drew no map shapes, bars or symbols"
        assert len(page.locator(CHART).get_attribute("aria-label")) > 80  # the text alternative, read out
        font_px = page.eval_on_selector("h1.fsot-slide-title", "h => parseFloat(getComputedStyle(h).fontSize)")
        assert font_px >= 36, "presentation titles are large type"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"presentation-slide-{number}.png"))
        if number in (1, 4):
            page.keyboard.press("PageDown")  # what a presentation clicker sends
        elif number == 2:
            page.get_by_role("button", name="Next").focus()
            page.keyboard.press("Enter")  # keyboard only
        elif number == 3:
            page.get_by_role("button", name="Next").click()
    assert page.get_by_role("button", name="Next").is_disabled()
    page.keyboard.press("PageUp")
    wait_for_slide(page, 4)
    assert page_log.page_errors == [], page_log.problems()


def test_slide_downloads_as_png_with_its_text_version(streamlit_server, page, page_log):
    open_app(page, streamlit_server, "present?slide=Priority+areas")
    wait_for_slide(page, 3)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download this slide (PNG)").click()
    path = download.value.path()
    assert download.value.suggested_filename == "fsot-slide-3-priority.png"
    with open(path, "rb") as file:
        assert file.read(8) == PNG_MAGIC
    page.get_by_text("Text version of this slide").click()
    table = page.locator('[data-testid="stDataFrame"]')
    table.wait_for(timeout=15_000)
    assert page_log.page_errors == [], page_log.problems()
