"""One deployment serving two authorities that are not Stockton-on-Tees: the map of each draws all of its
LSOAs, the authority is part of the link, and no Stockton-specific text appears.

Expected counts: ../shared/data/geo/PROVENANCE.md (Middlesbrough 90 LSOAs 2021 and 86 in 2011; Hartlepool 57 and 58).
Screenshots: artifacts/screenshots/any-authority-*.png.
"""

from __future__ import annotations

import os

import pytest

from benchmarks.app_server import serve
from fsot_data.build import build_all

from .conftest import ARTIFACTS, SCREENSHOTS, map_frame, open_app
from .test_deprivation_map import _idle, _wait_for_lsoas

AUTHORITIES = ["E06000002", "E06000001"]  # Middlesbrough (the default, listed first), Hartlepool


@pytest.fixture(scope="module")
def two_authority_server(tmp_path_factory, sources_dir):
    root = tmp_path_factory.mktemp("two-authorities")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FSOT_BUILD", str(root))
        build_all(AUTHORITIES, report=lambda _: None)
    env = os.environ | {"FSOT_BUILD": str(root), "FSOT_LAD": ",".join(AUTHORITIES), "FSOT_SOURCES": str(sources_dir)}
    with serve(log_name="two-authority-server.log", env=env, log_dir=ARTIFACTS) as server:
        yield server.base_url


def _body(page) -> str:
    """The page's text less its source citations: a NaPTAN file is named after its transport area, and stops just
    inside a neighbour's border come from the neighbour's file (Stockton-on-Tees' 077 holds some in Middlesbrough)."""
    lines = page.locator("body").inner_text().splitlines()
    return "\n".join(line for line in lines if not line.strip().startswith("Source: National Public Transport Access Nodes"))


@pytest.mark.parametrize(("query", "name", "n2021", "n2011"), [("", "Middlesbrough", 90, 86), ("?la=Hartlepool", "Hartlepool", 57, 58)])
def test_the_map_of_each_authority_draws_all_its_lsoas_and_nothing_of_stockton(two_authority_server, page, page_log,
                                                                               query, name, n2021, n2011):
    open_app(page, two_authority_server)  # a first visit to a fresh server, so the deep link below resolves
    open_app(page, two_authority_server, f"map{query}", timeout_ms=90_000)
    frame = map_frame(page)
    assert _wait_for_lsoas(frame, n2021) == n2021
    _idle(page)
    page.wait_for_function("(t) => document.body.innerText.includes(t)", arg=f"neighbourhoods of {name}", timeout=30_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"any-authority-{name.lower()}.png"))
    assert "Stockton" not in _body(page) and "Fairer" not in _body(page)
    page.get_by_test_id("stRadioGroup").get_by_text("IoD2019", exact=True).click()
    assert _wait_for_lsoas(frame, n2011) == n2011
    _idle(page)
    assert "Stockton" not in _body(page)
    assert page_log.page_errors == [], page_log.problems()
    assert page_log.external_requests == [], page_log.problems()


def test_the_authority_picker_switches_the_map_and_the_link(two_authority_server, page, page_log):
    open_app(page, two_authority_server)
    open_app(page, two_authority_server, "map", timeout_ms=90_000)
    _wait_for_lsoas(map_frame(page), 90)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Hartlepool").click()
    page.wait_for_url("**la=Hartlepool**", timeout=30_000)  # the authority is part of the shareable link
    page.wait_for_function("(t) => document.body.innerText.includes(t)", arg="neighbourhoods of Hartlepool", timeout=30_000)
    _idle(page)
    _wait_for_lsoas(map_frame(page), 57)  # a new map for the new authority: its frame is found afresh
    assert page_log.page_errors == [], page_log.problems()
