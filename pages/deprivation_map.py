"""Deprivation map: which of the borough's neighbourhoods are among England's most deprived, and where.

Choose the edition, index and view; click a neighbourhood, pick a table row or find a postcode for its
profile in both editions; focus on a ward for its neighbourhoods. Everything on the map is also in the
table below it, and the link in the address bar opens this same view.
"""

import streamlit as st

from fsot_data.editions import EDITIONS
from fsot_data.map_view_model import CHANGE_CAVEAT
from ui import map_widgets, own_data
from ui.data import datasets
from ui.page import source_footer

data = datasets()
map_widgets.restore_link(data)

st.title("Deprivation map")
st.markdown(f"How the neighbourhoods of {data.lad_name} (LSOAs, about 1,500 people each) rank among all of "
            "England's on the English Indices of Deprivation. Hover over a neighbourhood for its figures; click it "
            "for its profile.")

map_column, side_column = st.columns([3, 2], gap="medium")
with map_column:
    with st.container(key=map_widgets.CONTROLS_BOX):
        choice = map_widgets.map_controls(data)
        view = map_widgets.current_view(data, choice)
        st.markdown(f"**{view.headline}**")
    with st.container(key=map_widgets.MAP_BOX):
        map_widgets.show_map(data, choice, view)
    with st.container(key=map_widgets.LEGEND_BOX):
        map_widgets.show_legend(data, choice, view)
        map_widgets.missing_data_notes(data, view)
with side_column:
    with st.container(key=map_widgets.POSTCODE_BOX):
        map_widgets.postcode_search(data, view.edition)
    if view.view == "change":
        st.info(CHANGE_CAVEAT, icon=":material/info:")
    map_widgets.ward_focus(data, view)
    map_widgets.profile_panel(data)
map_widgets.keep_selection_in_link()
map_widgets.phone_layout()

map_widgets.table_alternative(view, data.lad_name)

with st.expander("About these figures"):
    st.markdown(
        "- **Deprivation is relative.** A rank compares a neighbourhood with every other in England in that "
        "edition (rank 1 is the most deprived); decile 1 is the most deprived 10%.\n"
        "- **Editions are not strictly comparable.** IoD2019 (mostly 2015/16 data) is on 2011 LSOAs; IoD2025 "
        "(mostly 2021-23 data) is on 2021 LSOAs, with some indicators and methods changed.\n"
        "- **LSOAs do not nest in wards.** Each LSOA is assigned whole to its best-fit ward. "
        + " ".join(f"{EDITIONS[key].label}: {data.ward_fit_text(key)}" for key in EDITIONS) + "\n"
        "- **Population** is the mid-2015 estimate published with IoD2019; IoD2025's source here does not "
        "publish one.\n"
        "- **Boundaries** are ONS generalised (20 m) boundaries, simplified further for the web; constituency "
        "boundaries are 500 m generalised.")
source_footer(*map_widgets.view_sources(data, view, choice))

own_data.map_section()
