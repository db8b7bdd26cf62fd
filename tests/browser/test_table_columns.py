"""Tables never hide their key columns (issue 11): the deprivation map's ward table and its table of every LSOA,
at desktop 1400x1000, phone 390x844 and projector 1280x720.

Streamlit's dataframe is a Glide Data Grid drawn on a canvas. What the test reads is what Glide keeps for screen
readers and does itself: an accessible table of the columns in view (`th[aria-colindex]`), the cell that has the
keyboard focus (`document.activeElement`, a `td` with `aria-colindex`), and the grid's scroller, which Glide moves
just far enough to show a focused cell whole. So a key column is visible without horizontal scrolling exactly when
focusing its first cell leaves the scroller at 0; a pinned column stays in the accessible table however far the
grid is scrolled.

Screenshots: artifacts/screenshots/table-columns-<table>-<size>.png (the grid as first shown, and scrolled to its
last column where the table is wider than the grid).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from fsot_data.editions import NEIGHBOURHOOD_HEADING

from .conftest import SCREENSHOTS, open_app

SIZES = {"desktop": (1400, 1000), "phone": (390, 844), "projector": (1280, 720)}
WARD_LINK = "map?ward=Stockton%20Town%20Centre"  # the ward the councillor looked at

# The focused cell, the headers Glide lists as in view, and how far the grid is scrolled sideways.
_GRID_STATE = """(grid) => {
    const active = document.activeElement;
    const headers = Object.fromEntries([...grid.querySelectorAll('th[role=columnheader]')]
        .map(h => [h.getAttribute('aria-colindex'), h.textContent]));
    const inGrid = active && grid.contains(active) && active.getAttribute('role') === 'gridcell';
    return {focused: inGrid ? headers[active.getAttribute('aria-colindex')] ?? null : null,
            inView: Object.values(headers), scrollLeft: grid.querySelector('.dvn-scroller').scrollLeft};
}"""


def _shot(page, grid, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    grid.screenshot(path=str(SCREENSHOTS / f"table-columns-{name}.png"))


def _grid_on_screen(page, grid) -> None:
    """The grid scrolled into view and lying inside the viewport from side to side."""
    grid.scroll_into_view_if_needed()
    grid.locator("th[role=columnheader]").first.wait_for(state="attached", timeout=30_000)
    box, width = grid.bounding_box(), page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"grid {box} is not inside the {width} px viewport"


def _focus_first_cell(page, grid, x_offset: float) -> None:
    """Focus a cell of the first row (a click `x_offset` px into the grid, then Home: the row's first cell)."""
    box = grid.bounding_box()
    page.mouse.click(box["x"] + x_offset, box["y"] + 35 + 17)  # below the 35 px header, in the first row
    page.keyboard.press("Home")
    page.wait_for_function(f"(grid) => ({_GRID_STATE})(grid).focused !== null", arg=grid.element_handle(), timeout=10_000)


def _key_columns_shown_whole(page, grid, keys: list[str]) -> None:
    """Focus each cell of the first row from the left until every key column has been met; Glide must not scroll
    to show any of them (each is wholly inside the grid as drawn)."""
    handle = grid.element_handle()
    met = []
    for _ in range(12):
        state = page.evaluate(_GRID_STATE, handle)
        if state["focused"] in keys:
            assert state["scrollLeft"] == 0, (f"{state['focused']!r} is cut off: the grid scrolled {state['scrollLeft']} px "
                                              f"to show it (headers in view: {state['inView']})")
            met.append(state["focused"])
        if met == keys:
            return
        before = state["focused"]
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"([grid, before]) => ({_GRID_STATE})(grid).focused !== before", arg=[handle, before],
                               timeout=10_000)
    pytest.fail(f"met {met} of the key columns {keys} in the first row")


def _pinned_when_scrolled(page, grid, key: str, name: str) -> None:
    """Focus the row's last cell; if the grid had to scroll there, the key column is still in view (pinned)."""
    handle = grid.element_handle()
    page.keyboard.press("End")
    try:
        page.wait_for_function(f"(grid) => {{ const s = ({_GRID_STATE})(grid); return s.focused !== null && "
                               "s.inView.at(-1) === s.focused; }", arg=handle, timeout=10_000)
    except PlaywrightTimeout:
        pytest.fail(f"End did not focus the row's last cell: {page.evaluate(_GRID_STATE, handle)}")
    state = page.evaluate(_GRID_STATE, handle)
    if state["scrollLeft"] > 0:
        _shot(page, grid, f"{name}-scrolled")
    assert key in state["inView"], f"{key!r} scrolled out of view (not pinned): {state}"


@pytest.fixture(params=list(SIZES))
def sized_page(request, page):
    width, height = SIZES[request.param]
    page.set_viewport_size({"width": width, "height": height})
    return request.param, page


def test_ward_table_shows_name_rank_and_decile_whole(streamlit_server, sized_page, page_log):
    size, page = sized_page
    open_app(page, streamlit_server)  # a first visit to a fresh server, so the deep link below resolves
    open_app(page, streamlit_server, WARD_LINK)
    ward_table = re.compile(r"^Download as CSV: The LSOAs in Stockton Town Centre")  # the toolbar names the grid by its alt
    grid = page.get_by_test_id("stDataFrame").filter(has=page.get_by_label(ward_table))
    _grid_on_screen(page, grid)
    _shot(page, grid, f"ward-{size}")
    _focus_first_cell(page, grid, 20)
    _key_columns_shown_whole(page, grid, [NEIGHBOURHOOD_HEADING, "Rank", "Decile"])
    _pinned_when_scrolled(page, grid, NEIGHBOURHOOD_HEADING, f"ward-{size}")
    assert page_log.page_errors == [], page_log.problems()


def test_table_of_every_lsoa_keeps_its_name_in_view(streamlit_server, sized_page, page_log):
    """The full table (the map as a table): the name always in view, pinned where the grid scrolls; on the wider
    screens its rank and decile too."""
    size, page = sized_page
    open_app(page, streamlit_server)
    open_app(page, streamlit_server, "map")
    page.get_by_text("The map as a table: all 124 neighbourhoods", exact=False).click()
    grid = page.get_by_test_id("stDataFrame").filter(has=page.get_by_label(re.compile(r"^Download as CSV: Every LSOA on the map")))
    _grid_on_screen(page, grid)
    _shot(page, grid, f"all-{size}")
    _focus_first_cell(page, grid, 60)  # past the row-selection markers, which would pick the row
    # The map opens on IoD2025's IMD, which ranks 33,755 LSOAs (fsot_data/editions.py, n_lsoas_england).
    keys = [NEIGHBOURHOOD_HEADING] if size == "phone" else [NEIGHBOURHOOD_HEADING, "IMD rank (of 33,755)", "IMD decile"]
    _key_columns_shown_whole(page, grid, keys)
    _pinned_when_scrolled(page, grid, NEIGHBOURHOOD_HEADING, f"all-{size}")
    assert page_log.page_errors == [], page_log.problems()
