"""Page furniture: the app's navigation, and the source and attribution footer every view carries."""

from __future__ import annotations

import streamlit as st

from fsot_data.datasets import source_lines


def source_footer(*source_ids: str, note: str | None = None) -> None:
    """Name every source behind what is on screen: title, publisher, edition, geography, licence."""
    text = "  \n".join(source_lines(*source_ids))
    if note:
        text = f"{note}  \n{text}"
    st.caption(text)


def sidebar_navigation(sections: dict[str, list[st.Page]]) -> None:
    """The app's menu in the sidebar: each section's name, then a link to each of its pages.

    Why not st.navigation's own menu: Streamlit 1.67 puts its section headings (div) inside the menu's <ul>,
    which axe-core reports as serious `list` and `listitem` violations (WCAG 1.3.1) on every page; page links
    carry no list markup. The router is still st.navigation, with position="hidden"."""
    with st.sidebar:
        for section, pages in sections.items():
            st.markdown(f"**{section}**")
            for page in pages:
                st.page_link(page)
