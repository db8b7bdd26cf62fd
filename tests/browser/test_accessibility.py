"""axe-core 4 (npm devDependency, read from node_modules/) over every page of the app in Chromium, with the map
drawn and a slide open: no serious or critical violation of the WCAG 2.x A and AA rules, in the page or in its
frames (the map's iframe included).

Streamlit's own markup needed two changes, both tested here through axe: the menu is page links
(ui.page.sidebar_navigation: st.navigation's menu nests section headings in its list), and the theme's text
colour is dark enough that Streamlit's 60% captions and shortcut labels pass 4.5:1 (.streamlit/config.toml).
"""

from __future__ import annotations

import pytest

from .conftest import PROJECT_ROOT, SCREENSHOTS, map_frame, open_app, wait_for_polygons

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Every page in app.py's navigation, by its URL path ("" is the overview).
PAGES = ["", "map", "borough-vs-england", "compare-areas", "claims", "progress", "profile", "own-data", "present", "about",
         "sources"]


def axe_violations(page) -> list[dict]:
    """Serious and critical violations axe finds on the page and in every frame it contains."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` at the project root (axe-core is a devDependency).")
    source = AXE.read_text(encoding="utf-8")
    for frame in page.frames:  # axe checks a frame only where it runs too
        frame.evaluate(source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes: true})", WCAG_TAGS)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(
        f"{n['target']}: {n['html'][:120]}" for n in v["nodes"][:4]) for v in violations)


@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_no_serious_or_critical_violations(streamlit_server, page, page_log, path):
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_app(page, streamlit_server, path)
    if path == "map":
        assert wait_for_polygons(map_frame(page), minimum=100) >= 100  # the map drawn, axe runs inside it too
    if path == "present":
        page.locator(".st-key-slide_chart img").wait_for(timeout=60_000)  # a slide open
    assert page.locator("h1").count() >= 1
    violations = axe_violations(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"axe-{path or 'overview'}.png"))
    assert violations == [], describe(violations)
    assert page_log.page_errors == [], page_log.problems()
