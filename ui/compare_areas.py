"""Streamlit glue for the Compare areas page: the cached tables it shows, its option lists and its callbacks.

Why here: a page reads top to bottom as named sections; what it caches and what its widgets call back
lives beside it in ui/, taking every input as an argument instead of reading the page's globals. Caches of the
authority's tables take its build folder (`build`) first, so one authority's areas never reach another's page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fsot_data import gaps
from fsot_data.editions import EDITIONS
from fsot_data.indicators import crosswalk_domains, load_crosswalk
from fsot_data.indices import INDEX_BY_KEY
from ui.data import datasets, guarded


@st.cache_resource(show_spinner=False)
def domain_table() -> pd.DataFrame:
    """The crosswalk's FSOT domains, indexed by name (read and checked once)."""
    return crosswalk_domains(load_crosswalk()).set_index("domain")


@st.cache_resource(show_spinner=False)
def area_choices(build: str, edition_key: str) -> dict[str, list[gaps.Area]]:
    """The wards, priority areas and fifths of the borough for one edition (made once)."""
    data, edition = datasets(), EDITIONS[edition_key]
    lsoas = data.lsoas(edition_key)
    return {"wards": gaps.ward_areas(lsoas, edition.ward_set_label),
            "priority": gaps.priority_area_areas(data.priority_areas(), edition_key),
            "fifths": gaps.fifth_areas(lsoas)}


@st.cache_resource(show_spinner=False)
def england(edition_key: str, index_key: str) -> dict:
    """England's figures for one index (a summary of 33,000 LSOAs: made once)."""
    return gaps.england_reference(datasets().national(edition_key), index_key, EDITIONS[edition_key].n_lsoas_england)


@st.cache_resource(show_spinner="Summarising the areas…", max_entries=256)
def comparison(build: str, edition_key: str, index_key: str, areas: tuple[gaps.Area, ...]) -> dict:
    """Summary measures, gaps and decile mix of the areas for one index (once per distinct choice)."""
    data, edition = datasets(), EDITIONS[edition_key]
    lsoas, national = data.lsoas(edition_key), data.national(edition_key)
    summaries = gaps.area_summaries(lsoas, areas, index_key, edition.n_lsoas_england)
    borough = gaps.borough_comparator(data.lad_summaries(edition_key), data.lad_code, lsoas, index_key, edition.n_lsoas_england)
    england_figures = england(edition_key, index_key)
    rest = gaps.rest_summaries(lsoas, areas, index_key, edition.n_lsoas_england)
    return {"summaries": summaries, "borough": borough, "england": england_figures,
            "gaps": gaps.area_gaps(summaries, borough, england_figures, rest),
            "mix": gaps.decile_mix(lsoas, areas, national, index_key, data.lad_name)}


@st.cache_resource(show_spinner=False, max_entries=256)
def rate_values(build: str, edition_key: str, domain: str, areas: tuple[gaps.Area, ...]) -> list[tuple[dict, object]]:
    """Each ward or LSOA rate indicator of the domain for the areas (LSOAs of `edition_key`) and their rest of the
    borough, with the borough, region and England."""
    data = datasets()
    indicators, crosswalk, lsoas = data.indicators(), load_crosswalk(), data.lsoas(edition_key)
    rates = gaps.area_rate_indicators(indicators, crosswalk)
    return [(rate, gaps.area_indicator_values(indicators, rate, areas, data.lad_code, lsoas))
            for rate in rates[rates["domain"].eq(domain)].to_dict("records")]


def ward_labels(edition_key: str) -> dict[str, str]:
    """The edition's best-fit wards by name (the name is both the choice and its label)."""
    return {area.label: area.label for area in guarded(area_choices, str(datasets().out_dir), edition_key)["wards"]}


def lsoa_labels(edition_key: str) -> dict[str, str]:
    """LSOA code -> "name (code), ward" for the edition's LSOAs, as the picker shows them."""
    lsoas = guarded(datasets().lsoas, edition_key)
    return {row.lsoa_code: f"{row.lsoa_name} ({row.lsoa_code}), {row.ward_name}" for row in lsoas.itertuples()}


def index_labels(domain: str) -> dict[str, str]:
    """The domain's IoD indices, then its context indices, and always the IMD, key -> label."""
    row = guarded(domain_table).loc[domain]
    keys = dict.fromkeys([*row["iod_indices"], *row["context_iod_indices"], "imd"])
    return {key: INDEX_BY_KEY[key].label for key in keys}


def edition_changed() -> None:
    """A new edition starts from its own wards and no LSOAs: names and codes chosen under the other edition
    may be other areas, or none of this one's. (Set, not deleted: a deleted value would be re-read from the link.)"""
    st.session_state["wards"] = list(ward_labels(st.session_state["edition"]))
    st.session_state["lsoa"] = []


def domain_changed() -> None:
    """A new domain starts from its own first index, not the one chosen for another domain."""
    st.session_state["index"] = next(iter(index_labels(st.session_state["domain"])))


def toggle_clicked_lsoa(map_key: str, pick_key: str, codes: frozenset[str]) -> None:
    """st_folium callback: a click on one of `codes` adds that LSOA to the selection, or removes it if already there."""
    clicked = (st.session_state.get(map_key) or {}).get("last_active_drawing") or {}
    code = (clicked.get("properties") or {}).get("code")
    if code in codes:
        chosen = list(st.session_state.get(pick_key, []))
        st.session_state[pick_key] = [c for c in chosen if c != code] if code in chosen else [*chosen, code]
