"""Presentation mode: four headline slides in large type, next and previous (also Page Down / Page Up, as
presentation clickers send), each downloadable as a PNG with its title, sources and licence."""

from html import escape

import streamlit as st

from fsot_data.config import build_dir
from fsot_data.indicators import load_crosswalk
from fsot_data.url_state import Param
from ui.data import datasets, guarded
from ui.page import source_footer
from ui.url_state import url_state
from views import palettes
from views.export import download_name
from views.slides import build_slides, slide_png

st.set_page_config(initial_sidebar_state="collapsed")


@st.cache_resource(show_spinner="Preparing the slides…")
def _slides(folder: str):
    """The slides for one build folder (read-only: shared by every session)."""
    return build_slides(datasets(), load_crosswalk())


slides = guarded(_slides, str(build_dir()))
by_key = {slide.key: slide for slide in slides}
keys = list(by_key)
url_state("present", [Param("slide", "slide", {s.key: s.nav_label for s in slides}, keys[0])])

# Large type, scoped to classes this page owns (container keys become st-key-<key> classes).
st.html(f"""<style>
.fsot-slide-count {{ font-size: 1.05rem; color: {palettes.MUTED_TEXT}; margin: 0; letter-spacing: .03em; }}
.fsot-slide-title {{ font-size: 2.5rem; line-height: 1.15; margin: .2rem 0 .5rem; color: {palettes.TEXT}; }}
.fsot-slide-subtitle {{ font-size: 1.3rem; line-height: 1.4; color: {palettes.MUTED_TEXT}; margin: 0 0 .5rem; }}
.st-key-present_nav button, .st-key-present_nav label, .st-key-present_nav p {{ font-size: 1.2rem; }}
</style>""")


def step(by: int) -> None:
    """Move to the previous or next slide (a callback, so the URL-bound picker can still change)."""
    position = keys.index(st.session_state.get("slide", keys[0]))
    st.session_state["slide"] = keys[min(max(position + by, 0), len(keys) - 1)]


with st.container(horizontal=True, vertical_alignment="center", key="present_nav"):
    back, picker, forward = st.empty(), st.empty(), st.empty()
    current = picker.radio("Slide", keys, format_func=lambda k: by_key[k].nav_label, horizontal=True,
                           key="slide", bind="query-params", label_visibility="collapsed")
    position = keys.index(current)
    back.button("Previous", on_click=step, args=(-1,), disabled=position == 0, key="slide_previous",
                icon=":material/arrow_back:", shortcut="PageUp", help="Previous slide (Page Up)")
    forward.button("Next", on_click=step, args=(1,), disabled=position == len(keys) - 1, key="slide_next",
                   icon=":material/arrow_forward:", shortcut="PageDown", help="Next slide (Page Down)")

slide = by_key[current]
st.html(f"""<p class="fsot-slide-count">Slide {position + 1} of {len(keys)}</p>
<h1 class="fsot-slide-title">{escape(slide.title)}</h1>
<p class="fsot-slide-subtitle">{escape(slide.subtitle)}</p>""")
st.altair_chart(slide.chart, width="content", theme=None, key=f"slide_chart_{slide.key}")

st.download_button("Download this slide (PNG)", lambda: slide_png(slide), file_name=download_name("slide", position + 1, slide.key, extension="png"),
                   mime="image/png", icon=":material/download:", on_click="ignore", key="slide_png")
with st.expander("Text version of this slide", key="slide_text"):
    st.markdown(slide.description)
    st.dataframe(slide.table, hide_index=True, width="stretch")
source_footer(*slide.source_ids, note=" ".join(slide.notes) or None)
