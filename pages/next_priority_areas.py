"""Next priority areas: candidate neighbourhoods, groups of adjacent LSOAs in England's most deprived 10% (or
20%), each against the rest of the borough and England, on the map, and as an entry for priority_areas.toml."""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from fsot_data import candidates, gaps, registry
from fsot_data.editions import DEFAULT_EDITION, EDITIONS, NEIGHBOURHOOD_HEADING, cited_sources
from fsot_data.url_state import Param
from ui.chart_card import cached_spec, chart_card
from ui.data import datasets, guarded
from ui.map_widgets import geometries
from ui.url_state import url_state
from views import charts, maps, palettes
from views.charts import Reference
from views.export import download_name

DEPTHS = {"10": "England's most deprived 10%", "20": "England's most deprived 20%"}
MAP_KEY, MAP_HEIGHT, MAP_WIDTH = "candidates_map", 520, 640
IOD_SOURCES = {"2025": "iod2025_lsoa", "2019": "iod2019_lsoa"}


@st.cache_resource(show_spinner=False)
def neighbours(edition_key: str) -> dict[str, frozenset[str]]:
    """Which LSOAs share a boundary (made once per edition: the geometry work is the slow part)."""
    return candidates.adjacency(datasets().lsoa_shapes(edition_key))


@st.cache_resource(show_spinner="Finding the candidates…")
def found(edition_key: str, depth: int) -> dict:
    """The ranked candidates, their gaps to the rest of the borough and England on the IMD score, and their
    domain profiles (all made once per edition and depth, so choosing a candidate only filters)."""
    data, edition = datasets(), EDITIONS[edition_key]
    lsoas = data.lsoas(edition_key)
    table = candidates.find_candidates(lsoas, data.lsoa_shapes(edition_key), data.priority_areas(), edition_key, depth,
                                       neighbours(edition_key))
    areas = candidates.candidate_areas(table)
    n = edition.n_lsoas_england
    england = gaps.england_reference(data.national(edition_key), "imd", n)
    gap_table = gaps.area_gaps(gaps.area_summaries(lsoas, areas, "imd", n), {}, england,
                               gaps.rest_summaries(lsoas, areas, "imd", n))
    return {"table": table, "gaps": gap_table, "england": england,
            "domains": candidates.domain_profile(lsoas, table, edition_key)}


def candidate_names(state: dict) -> dict[str, str]:
    """Candidate key -> name for the edition and depth the link (or the widgets) chose."""
    table = guarded(found, state["edition"], int(state["depth"]))["table"]
    return dict(zip(table["key"], table["name"], strict=True))


data = datasets()
place = data.lad_name
PARAMS = [
    Param("edition", "edition", {key: edition.label for key, edition in EDITIONS.items()}, DEFAULT_EDITION),
    Param("depth", "depth of deprivation", DEPTHS, "10"),
    Param("candidate", "candidate", candidate_names),
]
url_state("candidates", PARAMS)

# --- what this page does ------------------------------------------------------------------------
st.title("Next priority areas: candidates")
st.markdown(f"The 2022/23 action plan asks to *identify and prioritise the next 3* priority areas. This page finds "
            f"{place}'s candidate neighbourhoods: groups of adjacent LSOAs in England's most deprived 10% (or 20%), "
            "each set against the rest of the borough and England. A statistical starting point, to be checked "
            "against local knowledge.")
with st.expander("How candidates are found and ranked"):
    st.markdown(
        f"- **Adjacent**: two LSOAs whose boundaries run together for at least {candidates.MIN_SHARED_BOUNDARY_M:g} m "
        "(a corner contact does not count). The boundaries are ONS's generalised (20 m) clipped ones, so each is "
        f"widened by {candidates.ADJACENCY_TOLERANCE_M:g} m first to close slivers left by the generalisation. "
        "Neighbourhoods either side of the Tees meet where their boundaries run along the river.\n"
        "- **A candidate** is a connected group of such LSOAs; a lone LSOA is a group of one.\n"
        f"- **Ranking**: {candidates.RANKING_RULE}\n"
        "- **Rest of the borough**: the borough's LSOAs not in the candidate, summarised the same way.")

# --- choices ------------------------------------------------------------------------------------
left, middle, right = st.columns([2, 2, 3])
edition_key = left.radio("Edition", list(EDITIONS), format_func=lambda k: EDITIONS[k].label, horizontal=True,
                         key="edition", bind="query-params")
depth = int(middle.radio("Depth", list(DEPTHS), format_func=DEPTHS.__getitem__, key="depth", bind="query-params"))
new_only = right.toggle("Only candidates outside the existing priority areas", key="candidates_new_only")
edition = EDITIONS[edition_key]
result = guarded(found, edition_key, depth)
table = result["table"][result["table"]["new"]] if new_only else result["table"]
if table.empty:
    st.info("No candidate outside the existing priority areas at this depth: every group of the most deprived LSOAs "
            "overlaps one. Turn the switch off to see them all.", icon=":material/info:")
    st.stop()
geography = f"candidate neighbourhoods in {place}, LSOA {edition.lsoa_vintage}"

# --- the candidates against the rest of the borough and England ----------------------------------
details = pd.DataFrame({
    "Rank": table["rank"], "Area": table["name"], "LSOAs": table["n_lsoas"],
    "LSOAs in the most deprived 10%": table["n_most_deprived_10pct"],
    "Population (IoD denominator)": table["population"], "Best-fit wards (LSOAs)": table["wards"],
    "Overlaps existing priority areas": table["overlaps"].replace("", "none"),
    "Most deprived LSOA's national rank": table["most_deprived_rank"],
    "LSOA codes": [" ".join(codes) for codes in table["lsoa_codes"]]})
gap_table = result["gaps"][result["gaps"]["area_key"].isin(set(table["key"]))]
weighting = str(gap_table["weighting"].iloc[0])
chart_card(cached_spec(
    charts.area_gap_chart, gap_table, "score", key="candidates_score",
    title=f"Index of Multiple Deprivation: average score of each candidate, {edition.label}, {geography}",
    subtitle=(f"{len(table)} candidates in {DEPTHS[str(depth)]}. Bar: the candidate. Black tick: the rest of the borough. "
              "Under each bar, the gaps = candidate minus the rest of the borough and candidate minus England.",
              f"Figures are {weighting}. Higher = more deprived. The table lists each candidate's LSOAs, wards and population."),
    value_title=f"Average IMD score ({gap_table['weighting_label'].iloc[0]})", value_format=",.1f",
    references=[Reference(f"England ({result['england']['weighting_label']})", result["england"]["average_score"],
                          palettes.ENGLAND)],
    source_ids=(IOD_SOURCES[edition_key], edition.boundaries_source), details=details,
    notes=(f"Adjacency on ONS's {registry.get(edition.boundaries_source).title}: generalised boundaries, "
           f"{candidates.ADJACENCY_TOLERANCE_M:g} m tolerance.",)))

# --- one candidate: its LSOAs, domain profile and map -------------------------------------------
names = dict(zip(table["key"], table["name"], strict=True))
chosen = st.selectbox("Candidate", list(names), format_func=names.__getitem__, key="candidate", bind="query-params")
candidate = table[table["key"].eq(chosen)].iloc[0]
codes = list(candidate["lsoa_codes"])
st.subheader(str(candidate["name"]))
population = (f"{candidate['population']:,.0f}" if pd.notna(candidate["population"])
              else f"not in the {edition.label} source here")
st.markdown(f"**{candidate['n_lsoas']} LSOAs**, {candidate['n_most_deprived_10pct']} in England's most deprived 10%; "
            f"population (IoD denominator): {population}; best-fit wards: {candidate['wards']}; "
            f"existing priority areas it overlaps: {candidate['overlaps'] or 'none'}.")

lsoas = guarded(data.lsoas, edition_key)
members = lsoas[lsoas["lsoa_code"].isin(set(codes))].sort_values("imd_rank")
lsoa_table = pd.DataFrame({maps.CODE: members["lsoa_code"], NEIGHBOURHOOD_HEADING: members["lsoa_name"],
                           "Best-fit ward": members["ward_name"], "IMD decile": members["imd_decile"],
                           "IMD rank (1 = most deprived)": members["imd_rank"], "Population": members["population"]})
profile = result["domains"][result["domains"]["key"].eq(chosen)]
domain_table = pd.DataFrame({
    "Index": profile["index"], "LSOAs in England's most deprived 10%": profile["n_most_deprived_10pct"],
    "Share (%)": (100 * profile["share"]).round(1), "Rest of borough share (%)": (100 * profile["rest_share"]).round(1),
    "Gap to rest of borough (points)": (100 * profile["gap_to_rest"]).round(1)})
lsoa_column, domain_column = st.columns(2)
lsoa_column.markdown("**Its LSOAs**")
lsoa_column.dataframe(lsoa_table, hide_index=True, width="stretch")
domain_column.markdown("**Domain profile** (against the rest of the borough)")
domain_column.dataframe(domain_table, hide_index=True, width="stretch")

shapes = guarded(data.lsoa_shapes, edition_key)
borough_table = pd.DataFrame({maps.CODE: lsoas["lsoa_code"], NEIGHBOURHOOD_HEADING: lsoas["lsoa_name"],
                              "Best-fit ward": lsoas["ward_name"], "IMD decile": lsoas["imd_decile"]})
view = f"band{depth}"
fills = dict(zip(lsoas["lsoa_code"], maps.view_fills(lsoas["imd_decile"], view), strict=True))
attribution = maps.attribution_html(registry.attribution_lines(cited_sources((IOD_SOURCES[edition_key], edition.boundaries_source),
                                                                             borough_table.columns)))
overlays = [maps.lsoa_layer(maps.lsoa_features(geometries(data, "lsoa", edition_key), borough_table), fills,
                            selected=set(codes), attribution=attribution, name="LSOAs"),
            maps.outline_layer(geometries(data, "ward", edition_key), "Wards", palettes.WARD_LINE, 1.2, "4 4")]
center, zoom = maps.view_for_bounds(maps.leaflet_bounds(shapes[shapes["code"].isin(set(codes))]), MAP_WIDTH, MAP_HEIGHT)
st_folium(maps.borough_map(guarded(data.outline)), key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True,
          returned_objects=[], feature_group_to_add=overlays, center=center, zoom=zoom)
st.html(maps.legend_html(maps.legend_entries(lsoas["imd_decile"], view), f"IMD, {edition.label}: number of LSOAs"))
st.caption(f"Orange outline: the candidate's LSOAs. Dashed lines: wards ({edition.ward_set_label}). "
           f"LSOA {edition.lsoa_vintage} boundaries (generalised).")

# --- as a priority-area entry -------------------------------------------------------------------
entry = candidates.priority_area_entry(candidate, data.bridge(), edition_key, depth, place, data.lad_code,
                                       registry.get(IOD_SOURCES[edition_key]).citation())
st.subheader("As a priority area")
st.markdown("Paste this below the last entry of `fsot_data/priority_areas.toml` (both LSOA vintages are listed; the "
            "other vintage follows the ONS LSOA 2011 to 2021 lookup), then rename it and review its rationale.")
st.code(entry, language="toml")
st.download_button("Priority-area entry (TOML)", data=entry.encode("utf-8"),
                   file_name=download_name("priority area", place, chosen, edition_key, extension="toml"),
                   mime="application/toml", on_click="ignore", key="candidate_toml", icon=":material/download:")
