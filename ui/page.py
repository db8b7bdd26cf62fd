"""Page furniture: the source and attribution footer every view carries."""

from __future__ import annotations

import streamlit as st

from fsot_data.datasets import citation_for


def source_footer(*source_ids: str, note: str | None = None) -> None:
    """Name every source behind what is on screen: title, publisher, edition, geography, licence."""
    lines = citation_for(*source_ids)
    text = "  \n".join(f"Source: {line}" if i < len(source_ids) else line for i, line in enumerate(lines))
    if note:
        text = f"{note}  \n{text}"
    st.caption(text)
