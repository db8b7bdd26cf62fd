"""The chart card every gap chart is shown in: Chart / Table / Metadata tabs, the source line, and
downloads of the chart (PNG, SVG: with title, sources and licence in the image) and its data (CSV).
On screen the title and subtitle are page text above the chart (ChartSpec.vega_lite says why).

Reruns stay fast: specs are built once per distinct input (cached_spec), the chart goes to the
browser as the spec's Vega-Lite dict, validated once (st.vega_lite_chart draws it exactly as
st.altair_chart would), and images are made only when a download button is pressed (callable `data`).
Altair charts draw correctly in tabs that are hidden when the page loads, so every tab is rendered.
"""

from __future__ import annotations

import streamlit as st

from views.charts import ChartSpec
from views.export import chart_csv, chart_file_name, png_bytes, svg_bytes


def cached_spec(builder, *args, **kwargs) -> ChartSpec:
    """builder(*args, **kwargs) from views.charts, once per distinct input (frames are hashed by
    content). Specs are never mutated, so every session can share them."""
    return _cached_spec(f"{builder.__module__}.{builder.__qualname__}", builder, *args, **kwargs)


@st.cache_resource(show_spinner=False, max_entries=512)
def _cached_spec(builder_name: str, _builder, *args, **kwargs) -> ChartSpec:
    return _builder(*args, **kwargs)


def chart_card(spec: ChartSpec) -> None:
    """Show one ChartSpec with its table, metadata, source line and download buttons.

    A spec built on a user's own data carries text from their file and form: its words are shown as plain
    text (st.text), never as Markdown."""
    plain = bool(spec.own_sources)
    with st.container(border=True, key=f"card_{spec.key}"):
        chart_tab, table_tab, metadata_tab = st.tabs(["Chart", "Table", "Metadata"])
        with chart_tab:
            if plain:
                st.text("\n".join((spec.title, *spec.subtitle)))
            else:
                st.markdown(f"**{spec.title}**")
                st.caption("  \n".join(spec.subtitle))
            st.vega_lite_chart(spec.vega_lite, width="stretch", theme=None)
        with table_tab:
            if plain:
                st.text(spec.title)
            else:
                st.caption(f"**{spec.title}**. Click a column heading to sort.")
            st.dataframe(spec.table, hide_index=True, width="stretch")
        with metadata_tab:
            if plain:
                st.text("\n".join((spec.title, *(f"- {line}" for line in (*spec.subtitle, *spec.notes)))))
            else:
                st.markdown(f"**{spec.title}**")
                for line in (*spec.subtitle, *spec.notes):
                    st.markdown(f"- {line}")
        if plain:
            st.text("\n".join(spec.source_lines()))
        else:
            st.caption("  \n".join(spec.source_lines()))
        png, svg, csv = st.columns(3)
        png.download_button("Chart (PNG)", data=lambda: png_bytes(spec), file_name=chart_file_name(spec, "png"),
                            mime="image/png", on_click="ignore", key=f"png_{spec.key}", icon=":material/image:",
                            width="stretch")
        svg.download_button("Chart (SVG)", data=lambda: svg_bytes(spec), file_name=chart_file_name(spec, "svg"),
                            mime="image/svg+xml", on_click="ignore", key=f"svg_{spec.key}", icon=":material/draw:",
                            width="stretch")
        csv.download_button("Data (CSV)", data=lambda: chart_csv(spec), file_name=chart_file_name(spec, "csv"),
                            mime="text/csv", on_click="ignore", key=f"csv_{spec.key}", icon=":material/table:",
                            width="stretch")
