"""Shareable views in a real browser: what is on screen goes into the URL, and opening that URL restores it."""

from __future__ import annotations

import re
from contextlib import contextmanager

from playwright.sync_api import expect

from .conftest import SCREENSHOTS, map_frame, open_app, wait_for_polygons

PROFILE_FRAME = 'iframe[title^="Area profile of"]'


def wait_for_url(page, pattern: str, timeout_ms: float = 15_000) -> None:
    page.wait_for_url(re.compile(pattern), timeout=timeout_ms)


@contextmanager
def opened_fresh(browser, url: str):
    """The shared link opened in a new page, as the person it was sent to would."""
    fresh = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        open_app(fresh, url)
        yield fresh
    finally:
        fresh.close()


def shot(page, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def profile_title(page) -> str:
    frame = page.locator(PROFILE_FRAME).element_handle(timeout=30_000).content_frame()
    return frame.locator("h1").inner_text(timeout=30_000)


def choose(page, label: str, option: str) -> None:
    """Pick an option in a Streamlit selectbox by typing it, as a keyboard user would."""
    box = page.get_by_role("combobox", name=re.compile(label))
    box.click()
    box.fill(option)
    page.keyboard.press("Enter")


def test_profile_round_trip(streamlit_server, page, page_log, browser):
    open_app(page, streamlit_server, "profile?edition=IoD2019&kind=Ward&ward=Newtown")
    assert page.get_by_role("radio", name="IoD2019").is_checked()
    assert profile_title(page) == "Newtown"

    choose(page, "Ward", "Roseworth")
    wait_for_url(page, r"ward=Roseworth")
    open_app(page, page.url)  # wait for the rerun to settle
    shared = page.url
    assert "edition=IoD2019" in shared and "ward=Roseworth" in shared

    with opened_fresh(browser, shared) as fresh:
        assert fresh.get_by_role("radio", name="IoD2019").is_checked()
        assert profile_title(fresh) == "Roseworth"
        assert fresh.url == shared
        shot(fresh, "url-round-trip-profile-restored.png")
    assert page_log.page_errors == [], page_log.problems()


def test_presentation_round_trip_and_back_button(streamlit_server, page, page_log, browser):
    def shows(number: int) -> None:
        page.locator(".fsot-slide-count", has_text=f"Slide {number} of 5").wait_for(timeout=30_000)

    open_app(page, streamlit_server, "present")
    page.get_by_role("button", name="Next").click()
    wait_for_url(page, r"slide=Borough\+and\+England")
    shows(2)
    page.get_by_role("button", name="Next").click()
    wait_for_url(page, r"slide=Priority\+areas")
    shows(3)
    shared = page.url

    page.go_back()  # history restores the previous slide
    wait_for_url(page, r"slide=Borough\+and\+England")
    shows(2)

    with opened_fresh(browser, shared) as fresh:
        assert fresh.locator(".fsot-slide-count").inner_text() == "Slide 3 of 5"
        fresh.get_by_role("button", name="All slides").click()  # the picker, folded away on the projector
        assert fresh.get_by_role("radio", name="Priority areas").is_checked()
    assert page_log.page_errors == [], page_log.problems()


def test_bad_parameters_fall_back_with_a_notice(streamlit_server, page, page_log):
    open_app(page, streamlit_server,
             "profile?ward=%3Cscript%3Ealert(1)%3C%2Fscript%3E&edition=2030&edition=2019&colour=red&" + "x" * 3000 + "=1")
    # The app tidies this link and runs the page again (ui/url_state.py): between the two runs Streamlit reports
    # the script as not running, with none of the notices drawn yet, and open_app can return in that gap. So wait
    # for the three notices themselves (unknown parameters, the edition twice, the ward), not for the run state.
    alerts = page.locator('[data-testid="stAlert"]')
    expect(alerts).to_have_count(3, timeout=30_000)
    text = " ".join(alerts.all_inner_texts())
    assert "does not use" in text and "colour" in text
    assert "edition 2 times" in text
    assert "scriptalert(1)script" in text and "<script" not in text
    assert page.get_by_role("radio", name="IoD2025").is_checked()
    assert profile_title(page)  # the default profile is shown, not an error
    page.wait_for_url(lambda url: "colour=" not in url and "script" not in url, timeout=15_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page_log.page_errors == [], page_log.problems()


def test_about_page_links_open_the_priority_area_profile(streamlit_server, page, page_log):
    open_app(page, streamlit_server, "about")
    page.get_by_role("link", name="Profile of North Thornaby").click()
    wait_for_url(page, r"/profile\?kind=Priority\+area&area=North\+Thornaby")
    page.locator(PROFILE_FRAME).wait_for(timeout=30_000)
    assert page.get_by_role("radio", name="Priority area").is_checked()
    page.wait_for_function(
        """() => [...document.querySelectorAll('iframe')].some(f => (f.title || '').includes('North Thornaby'))""",
        timeout=30_000)
    assert profile_title(page) == "North Thornaby"
    assert page_log.page_errors == [], page_log.problems()


def test_compare_areas_round_trip(streamlit_server, page, page_log, browser):
    open_app(page, streamlit_server, "compare-areas")
    page.get_by_text("IoD2019", exact=True).click()
    wait_for_url(page, r"edition=IoD2019")
    page.get_by_text("Your own selection of LSOAs", exact=True).click()
    wait_for_url(page, r"kind=Your")
    open_app(page, page.url)  # let the rerun settle before picking
    for lsoa in ("E01012187", "E01012190"):
        choose(page, "Your LSOAs", lsoa)
        wait_for_url(page, lsoa)
    open_app(page, page.url)
    shared = page.url
    assert "edition=IoD2019" in shared and "lsoa=" in shared

    with opened_fresh(browser, shared) as fresh:
        assert fresh.get_by_role("radio", name="IoD2019").is_checked()
        assert fresh.get_by_role("radio", name="Your own selection of LSOAs").is_checked()
        picked = fresh.locator('[data-testid="stMultiSelect"]').inner_text()
        assert "E01012187" in picked and "E01012190" in picked
        assert fresh.url == shared
        shot(fresh, "url-round-trip-compare-restored.png", full_page=True)
    assert page_log.page_errors == [], page_log.problems()


def test_map_round_trip(streamlit_server, page, page_log, browser):
    open_app(page, streamlit_server, "map")
    page.get_by_test_id("stRadioGroup").get_by_text("IoD2019", exact=True).click()
    wait_for_url(page, r"edition=IoD2019")
    open_app(page, page.url)
    choose(page, "Index", "Income (domain)")
    wait_for_url(page, r"index=Income")
    open_app(page, page.url)
    choose(page, "Focus on a ward", "Stockton Town Centre")
    wait_for_url(page, r"ward=Stockton\+Town\+Centre")
    open_app(page, page.url)
    page.get_by_label("Find a postcode").fill("TS18 1AA")
    page.get_by_role("button", name="Find").click()
    wait_for_url(page, r"lsoa=E01033477")
    open_app(page, page.url)
    shared = page.url
    for part in ("edition=IoD2019", "index=Income", "ward=Stockton+Town+Centre", "lsoa=E01033477"):
        assert part in shared, shared

    with opened_fresh(browser, shared) as fresh:
        assert fresh.get_by_role("radio", name="IoD2019").is_checked()
        boxes = {box.inner_text(): box.locator("input").first.input_value() for box in fresh.get_by_test_id("stSelectbox").all()}
        assert boxes["Index"] == "Income (domain)", boxes
        assert boxes["Focus on a ward (the December 2022 wards)"] == "Stockton Town Centre", boxes
        fresh.get_by_text("Stockton-on-Tees 014G, Central Stockton, Portrack & Low Hartburn (E01033477",
                          exact=False).first.wait_for(timeout=30_000)
        fresh.get_by_text("neighbourhoods in Stockton Town Centre", exact=False).first.wait_for(timeout=30_000)
        frame = map_frame(fresh)
        wait_for_polygons(frame)  # zoomed to the ward: only the LSOAs in view are drawn
        assert fresh.url == shared
        shot(fresh, "url-round-trip-map-restored.png")
        fresh.get_by_role("button", name="Clear the selection").click()
        fresh.wait_for_url(lambda url: "lsoa=" not in url and "ward=Stockton" in url, timeout=15_000)
    assert page_log.page_errors == [], page_log.problems()


def test_a_map_link_in_another_form_is_rewritten_as_the_page_writes_it(streamlit_server, page, page_log):
    """Ward code, index key, lower case and an unknown setting: the view opens and the address bar is tidied."""
    open_app(page, streamlit_server, "map?ward=e05014873&index=health&lsoa=e01012254&ward_names=FALSE&zoom=3")
    tidied = ("ward=Newtown", "index=Health+Deprivation+and+Disability+%28domain%29", "lsoa=E01012254",
              "ward_names=false")
    page.wait_for_url(lambda url: all(part in url for part in tidied) and "zoom=" not in url, timeout=15_000)
    page.get_by_text("settings this page does not use", exact=False).wait_for(timeout=30_000)
    page.get_by_text("Stockton-on-Tees 012E, Eastbourne & Newham Grange (E01012254", exact=False).first.wait_for(timeout=30_000)
    assert page_log.page_errors == [], page_log.problems()
