"""On a phone (390 x 844) the overview's headline figures and links are whole: a metric label names its edition
and a page link its page, so neither may be cut off at the screen's edge or with an ellipsis."""

from __future__ import annotations

from .conftest import SCREENSHOTS, open_app
from .test_chart_export import assert_offline

# Text boxes on the overview's main area (the menu in the closed sidebar is off screen by design) that are cut:
# wider content than box, or running past the screen's right edge.
_CUT_TEXT = """() => {
    const cut = [];
    for (const el of document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetricLabel"] *, '
                                       + '[data-testid="stMain"] [data-testid="stPageLink"] *')) {
        if (!el.textContent.trim() || el.children.length) continue;
        const box = el.getBoundingClientRect();
        if (el.scrollWidth > el.clientWidth + 1 || box.right > window.innerWidth) cut.push(el.textContent.trim());
    }
    return cut;
}"""


def test_overview_figures_and_links_are_whole_on_a_phone(streamlit_server, page, page_log):
    page.set_viewport_size({"width": 390, "height": 844})
    open_app(page, streamlit_server)
    labels = page.locator('[data-testid="stMetricLabel"]')
    # pages/home.py: one headline figure per edition, its label starting with the edition (fsot_data/editions.py)
    assert [text.split(":")[0] for text in labels.all_inner_texts()] == ["IoD2025", "IoD2019"]
    links = page.locator('[data-testid="stMain"] [data-testid="stPageLink"]').all_inner_texts()
    # each labelled with its page's title from app.py's navigation
    assert {"Deprivation map", "Compare areas", "Is the gap closing?", "Next priority areas"} <= {t.strip() for t in links}
    assert page.evaluate(_CUT_TEXT) == []
    page.screenshot(path=str(SCREENSHOTS / "overview_phone.png"), full_page=True)
    assert_offline(page_log)
