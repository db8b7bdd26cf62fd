"""Page furniture: the source and attribution footer every view carries."""

from __future__ import annotations

import streamlit as st

from fsot_data.datasets import source_lines


def source_footer(*source_ids: str, note: str | None = None) -> None:
    """Name every source behind what is on screen: title, publisher, edition, geography, licence."""
    text = "  \n".join(source_lines(*source_ids))
    if note:
        text = f"{note}  \n{text}"
    st.caption(text)
