"""Presentation mode: the headline slides and the progress scorecard, filling the screen of a projector, next and previous (also Page Down /
Page Up, as presentation clickers send), each downloadable as a 1920 x 1080 PNG with its title, sources and licence.

How the screen is filled (README.md, "Presentation mode"): app.py draws no sidebar for this page, so there is
no sidebar toggle; Streamlit's header (its menu) is hidden by its stable class name, `stAppHeader`; the slide
picker sits in a popover; each slide is a 16:9 stage sized from the window (CSS `aspect-ratio`, `vh`/`vw` units) whose chart is
an SVG image with a viewBox, so text and chart scale together from 1280 x 720 to 1920 x 1080 with nothing cut off.
"Exit presentation" leads back to the overview, where the navigation is.
"""

from html import escape

import streamlit as st

from fsot_data.indicators import load_crosswalk
from fsot_data.url_state import Param
from ui.data import datasets, guarded
from ui.page import source_footer
from ui.url_state import url_state
from views import palettes
from views.export import download_name
from views.progress_report import build_report, progress_slide
from views.slides import build_slides, slide_png, slide_svg

st.set_page_config(initial_sidebar_state="collapsed")


@st.cache_resource(show_spinner="Preparing the slides…")
def _slides(folder: str):
    """The slides for one build folder (read-only: shared by every session)."""
    data = datasets()  # the progress scorecard measures the authority's own framework, so only where it has one
    return [*build_slides(data, load_crosswalk()), *([progress_slide(build_report(data))] if data.framework() else [])]


@st.cache_resource(show_spinner="Drawing the slides…", max_entries=4)
def _svgs(folder: str) -> dict[str, str]:
    """Every slide's chart as SVG, drawn once per build folder and shared by every session. All at once, when the
    deck is first opened: a presenter goes through every slide, and each drawn on its way cost up to 0.5 s of
    server time in front of the room (benchmarks.rerun_latency); together they add about 0.5 s to the first opening."""
    return {slide.key: slide_svg(slide) for slide in _slides(folder)}


folder = str(datasets().out_dir)
slides = guarded(_slides, folder)
by_key = {slide.key: slide for slide in slides}
keys = list(by_key)
url_state("present", [Param("slide", "slide", {s.key: s.nav_label for s in slides}, keys[0])])

# --- The stage: no chrome, a 16:9 box sized from the window --------------------------------------------
# Stable class names (stAppHeader, stMainBlockContainer) and this page's container keys (st-key-<key>);
# no data-testid selectors.
NAV_VH, STAGE_VH = 7, 91
st.html(f"""<style>
.stAppHeader {{ display: none; }}
.stMainBlockContainer {{ padding: 0.6vh 2vw 2rem; max-width: none; }}
.st-key-present_nav {{ height: {NAV_VH}vh; min-height: 40px; gap: 1vw; }}
.st-key-present_nav button, .st-key-present_nav a, .st-key-present_nav p {{ font-size: clamp(14px, 1.9vh, 24px); }}
.st-key-slide_stage {{ aspect-ratio: 16 / 9; width: min(96vw, {STAGE_VH * 16 / 9:.2f}vh); max-height: {STAGE_VH}vh;
  margin: 0 auto; gap: 1vh; overflow: hidden; flex-wrap: nowrap; }}
.st-key-slide_stage > div:has(.st-key-slide_chart) {{ flex: 1 1 0; min-height: 0; }}
.st-key-slide_chart, .st-key-slide_chart div:not(.stElementToolbar, .stElementToolbar *) {{ height: 100%; }}
.st-key-slide_chart img {{ width: 100%; height: 100%; object-fit: contain; }}
.fsot-slide-count {{ font-size: clamp(14px, 1.9vh, 24px); color: {palettes.MUTED_TEXT}; margin: 0; white-space: nowrap; }}
.fsot-slide-title {{ font-size: clamp(22px, 4.6vh, 60px); line-height: 1.15; margin: 0; padding: 0; color: {palettes.TEXT}; }}
.fsot-slide-subtitle {{ font-size: clamp(14px, 2.2vh, 28px); line-height: 1.35; color: {palettes.MUTED_TEXT}; margin: 0; }}
</style>""")


def step(by: int) -> None:
    """Move to the previous or next slide (a callback, so the URL-bound picker can still change)."""
    position = keys.index(st.session_state.get("slide", keys[0]))
    st.session_state["slide"] = keys[min(max(position + by, 0), len(keys) - 1)]


with st.container(horizontal=True, vertical_alignment="center", key="present_nav"):
    st.page_link("pages/home.py", label="Exit presentation", icon=":material/close:")
    back, count, forward, picker = st.empty(), st.empty(), st.empty(), st.popover("All slides", icon=":material/list:")
    current = picker.radio("Slide", keys, format_func=lambda k: by_key[k].nav_label, key="slide", bind="query-params")
    position = keys.index(current)
    back.button("Previous", on_click=step, args=(-1,), disabled=position == 0, key="slide_previous",
                icon=":material/arrow_back:", shortcut="PageUp")
    count.html(f'<p class="fsot-slide-count">Slide {position + 1} of {len(keys)}</p>', width="content")
    forward.button("Next", on_click=step, args=(1,), disabled=position == len(keys) - 1, key="slide_next",
                   icon=":material/arrow_forward:", shortcut="PageDown")

slide = by_key[current]
with st.container(key="slide_stage"):
    st.html(f"""<h1 class="fsot-slide-title">{escape(slide.title)}</h1>
<p class="fsot-slide-subtitle">{escape(slide.subtitle)}</p>""")
    with st.container(key="slide_chart"):
        st.image(guarded(_svgs, folder)[slide.key], alt=slide.description, width="stretch")

# --- Below the slide: the PNG, the text version and the sources -----------------------------------------
st.download_button("Download this slide (PNG, 1920 × 1080)", lambda: slide_png(slide),
                   file_name=download_name("slide", position + 1, slide.key, extension="png"),
                   mime="image/png", icon=":material/download:", on_click="ignore", key="slide_png")
with st.expander("Text version of this slide", key="slide_text"):
    st.markdown(slide.description)
    st.dataframe(slide.table, hide_index=True, width="stretch")
source_footer(*slide.source_ids, note=" ".join(slide.notes) or None)
