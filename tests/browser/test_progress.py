"""The progress page "Is the gap closing?" in a real browser: the scorecard of 17 measures each with a verdict,
the gap chart drawn, layouts at desktop and phone sizes, and the annual report downloaded as an A4 PDF with
every section."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest
from playwright.sync_api import expect

from fsot_data.progress import VERDICTS

from .conftest import SCREENSHOTS, download, open_app
from .test_profile_pdf import pdf_text

CHART = '[data-testid="stVegaLiteChart"]'
FIRST_VISIT_MS = 120_000  # the first visit on a server builds the report (a few CPU seconds; far more on a loaded CI box)
REPORT_SECTIONS = ("Is the gap closing?", "Summary", "Scorecard", "Gaps that closed", "Gaps that widened",
                   "Deprivation change", "Priority areas against the rest of the borough", "Caveats", "Sources")


def scorecard_rows(page):
    rows = page.locator('[data-testid="stTable"]').first.locator("tbody tr")
    expect(rows).to_have_count(17, timeout=30_000)
    return rows


@pytest.mark.parametrize("width,height", [(1400, 1000), (390, 844)], ids=["desktop", "phone"])
def test_progress_page_lists_17_measures_each_with_a_verdict(streamlit_server, page, page_log, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, streamlit_server, "progress", timeout_ms=FIRST_VISIT_MS)
    expect(page.get_by_role("heading", name="Is the gap closing?")).to_be_visible()
    rows = scorecard_rows(page)
    header = page.locator('[data-testid="stTable"]').first.locator("thead th").all_inner_texts()
    column = [h.strip() for h in header].index("Verdict")
    verdicts = [rows.nth(i).locator("td, th").nth(column).inner_text().split(" (")[0] for i in range(17)]
    assert set(verdicts) <= set(VERDICTS) and "not measured" in verdicts
    page.locator(CHART).first.scroll_into_view_if_needed()
    page.wait_for_function(f"() => !!document.querySelector('{CHART} svg, {CHART} canvas')", timeout=30_000)
    # the page itself never scrolls sideways; the small multiples scroll inside their card when wider than it
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1
    frame = page.locator('.st-key-card_progress_gaps [data-testid="stFullScreenFrame"]').first
    reachable = frame.evaluate("f => f.scrollWidth <= f.clientWidth || getComputedStyle(f).overflowX === 'auto'")
    assert reachable, "part of the gap chart is cut off"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"progress-{width}x{height}.png"), full_page=True)
    scorecard_csv = page.get_by_role("button", name="Download the scorecard's figures (CSV)")
    scorecard_csv.scroll_into_view_if_needed()
    expect(scorecard_csv).to_be_in_viewport()
    page.screenshot(path=str(SCREENSHOTS / f"progress-scorecard-csv-{width}x{height}.png"))
    assert page_log.page_errors == [], page_log.problems()


def test_annual_report_downloads_as_an_a4_pdf_with_every_section(streamlit_server, page, page_log):
    open_app(page, streamlit_server, "progress", timeout_ms=FIRST_VISIT_MS)
    name, pdf = download(page, "Download report (PDF, A4)")
    # views.progress_report.file_name: the place (the build's manifest) and the day the report was built
    assert name == f"fsot-progress-report-stockton-on-tees-{date.today().isoformat()}.pdf"
    text = " ".join(pdf_text(pdf)[1].split())  # table cells wrap their words
    width, height = (float(v) for v in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    for section in (*REPORT_SECTIONS, "Energy efficiency", "Central Stockton", "IoD2015", "Open Government Licence"):
        assert section in text, f"{section!r} missing from the PDF"
    assert page_log.page_errors == [], page_log.problems()
