"""Area profile: one printable page about a ward or a priority area, to read here or take away as HTML or PDF."""

import pandas as pd
import streamlit as st

from fsot_data.area_figures import priority_area, ward_area
from fsot_data.editions import DEFAULT_EDITION, EDITIONS
from fsot_data.url_state import Param
from ui import own_data
from ui.data import datasets, guarded
from ui.url_state import url_state
from views.area_profile import PROFILE_KINDS, build_profile, profile_html
from views.export import download_name
from views.pdf import html_to_pdf, missing_for_pdf

data = datasets()
areas = {area.key: area for area in guarded(data.priority_areas)}


def wards_of(edition_key: str) -> dict[str, str]:
    """Ward code -> name for the edition's ward set, by name."""
    wards = guarded(data.lsoas, edition_key).drop_duplicates("ward_code").sort_values("ward_name")
    return dict(zip(wards["ward_code"], wards["ward_name"], strict=True))


PARAMS = [
    Param("edition", "edition", {key: edition.label for key, edition in EDITIONS.items()}, DEFAULT_EDITION),
    Param("kind", "kind of area", PROFILE_KINDS, "ward"),
    Param("ward", "ward", lambda state: wards_of(state["edition"])),
    Param("area", "priority area", {key: area.name for key, area in areas.items()}),
]


@st.cache_data(show_spinner="Building the profile…", max_entries=64)
def profile_document(build: str, edition_key: str, kind: str, key: str, own: pd.DataFrame) -> tuple[str, str]:
    """(title, HTML document) of one profile of the authority built in `build`, with the session's own indicators;
    cached because wards are revisited often."""
    edition = EDITIONS[edition_key]
    lsoas = data.lsoas(edition_key)
    area = ward_area(lsoas, key, edition) if kind == "ward" else priority_area(areas[key], edition)
    profile = build_profile(area, lsoas, data.lsoa_shapes(edition_key), data.ward_shapes(edition_key),
                            data.indicators(), data.lad_code, data.lad_name)
    return f"{area.name} ({edition.label})", profile_html(profile, own)


url_state("profile", PARAMS)
st.title("Area profile")
st.markdown("A one-page profile of a ward or priority area: a map, how deprived it is on each domain, key "
            "figures, a plain-English summary, and the sources and caveats. It prints on A4, and the link "
            "in your browser's address bar opens this same profile.")

with st.container(horizontal=True, key="profile_choice"):
    edition_key = st.radio("Edition", list(EDITIONS), format_func=lambda k: EDITIONS[k].label, horizontal=True,
                           key="edition", bind="query-params",
                           help=f"IoD2025 pairs with {EDITIONS['2025'].ward_set_label}; IoD2019 with {EDITIONS['2019'].ward_set_label}.")
    kind = st.radio("Profile of", list(PROFILE_KINDS), format_func=PROFILE_KINDS.__getitem__, horizontal=True,
                    key="kind", bind="query-params")
    if kind == "ward":
        wards = wards_of(edition_key)
        key = st.selectbox(f"Ward ({EDITIONS[edition_key].ward_set_label})", list(wards), format_func=wards.__getitem__,
                           key="ward", bind="query-params")
    else:
        key = st.selectbox("Priority area", list(areas), format_func=lambda k: areas[k].name, key="area",
                           bind="query-params")

if key is None:  # nothing to profile: the authority has no priority areas, or no wards for this edition
    st.info(data.ward_note(edition_key) if kind == "ward" and data.ward_note(edition_key) else
            f"No priority areas are recorded for {data.lad_name}: add them to fsot_data/priority_areas.toml under "
            f"[{data.lad_code}.<key>].", icon=":material/info:")
    st.stop()
title, document = guarded(profile_document, str(data.out_dir), edition_key, kind, key,
                          own_data.profile_table(edition_key, kind, key))
file_parts = ("profile", kind, key, edition_key)

with st.container(horizontal=True, key="profile_downloads"):
    st.download_button("Download HTML", document, file_name=download_name(*file_parts, extension="html"),
                       mime="text/html", icon=":material/download:", on_click="ignore", key="profile_html")
    missing = missing_for_pdf()
    if missing is None:
        st.download_button("Download PDF (A4)", lambda: html_to_pdf(document), file_name=download_name(*file_parts, extension="pdf"),
                           mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore", key="profile_pdf")
    else:
        st.caption(f"No PDF download on this server: {missing} The HTML download prints the same page from any browser.")

st.caption(f"Below: the profile of {title} as it prints.")
st.iframe(document, alt=f"Area profile of {title}")
