"""Streamlit glue for the deprivation map: choices, the selected LSOA and the focus, the map and its panels.

State lives in st.session_state under the keys below, so every panel agrees on one selected LSOA
(picked by clicking the map, a table row or a postcode) and one focus (a ward or a postcode's LSOA).
A selection or focus remembers its edition; shown in the other edition it goes through the ONS
LSOA 2011 -> 2021 lookup.

Shareable links: view, edition, index, constituencies, ward names and ward are widgets bound to the
URL under the same parameter names the other pages use; the selected LSOA is written to ``lsoa`` by
`keep_selection_in_link`. A link with an LSOA and no ward opens zoomed to that LSOA.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from fsot_data import lsoa_profile as lp
from fsot_data import registry
from fsot_data.datasets import Datasets
from fsot_data.editions import CHANGE_EDITIONS, DEFAULT_EDITION, EDITIONS, PCON_SETS
from fsot_data.indices import INDEX_BY_KEY, LSOA_CODE, Index
from fsot_data.url_state import Param
from geodata.postcodes import find
from ui.data import datasets, guarded
from ui.url_state import url_state
from views import maps, palettes
from views.export import csv_bytes, download_name

# Bound to the URL: the key is the query parameter's name.
VIEW_KEY = "view"
EDITION_KEY = "edition"
INDEX_KEY = "index"
PCON_KEY = "constituencies"
WARD_KEY = "ward"
LABELS_KEY = "ward_names"
LSOA_PARAM = "lsoa"
POSTCODE_KEY = "map_postcode"
POSTCODE_RESULT_KEY = "map_postcode_result"
SELECTED_KEY = "map_selected"  # (edition, LSOA code)
FOCUS_KEY = "map_focus"  # ("ward" | "lsoa", edition, code)
MAP_KEY = "deprivation_map"
TABLE_KEY = "map_table"
TABLE_OPEN_KEY = "map_table_open"
TABLE_CODES_KEY = "map_table_codes"  # (edition, codes in table order) for the row-selection callback

MAP_HEIGHT = 600
#: The map column's width at a 1280 px window; only used to choose the zoom for a ward or postcode.
ASSUMED_MAP_WIDTH = 520
NO_CONSTITUENCIES = "none"
LEVEL_SUFFIX = {"index": "", "domain": " (domain)", "supplementary": " (supplementary index)", "sub-domain": ""}


@dataclass(frozen=True)
class MapChoice:
    view: str
    edition: str  # the LSOA geography shown: IoD2025's in the change view
    index_key: str
    pcon_set: str | None
    ward_labels: bool


def _edition_shown(view: str | None, edition: str | None) -> str:
    """The edition whose LSOAs are on the map: IoD2025's in the change view."""
    return CHANGE_EDITIONS[-1] if view == "change" else edition or DEFAULT_EDITION


def _shown_edition() -> str:
    """The edition on the map, from the widgets' state (callbacks run before the page)."""
    return _edition_shown(st.session_state.get(VIEW_KEY), st.session_state.get(EDITION_KEY))


def _keep_valid(key: str, options: list, default) -> None:
    """Reset a widget whose remembered value is no longer offered (e.g. a ward of the other edition)."""
    if key in st.session_state and st.session_state[key] not in options:
        st.session_state[key] = default


def _index_label(index: Index) -> str:
    return index.label + LEVEL_SUFFIX[index.level]


# --- choices and the link -----------------------------------------------------------------------

EDITION_LABELS = {key: edition.label for key, edition in EDITIONS.items()}
CONSTITUENCY_LABELS = {**{key: label.capitalize() for key, (_, label) in PCON_SETS.items()}, NO_CONSTITUENCIES: "Don't show"}


def index_choices(data: Datasets, view: str, edition: str) -> dict[str, str]:
    """Index key -> label for the indices with national ranks and deciles in the edition(s) the view shows."""
    keys = EDITIONS if view == "change" else [_edition_shown(view, edition)]
    return {index.key: _index_label(index) for index in lp.indices_with_data(*(guarded(data.lsoas, k) for k in keys))}


def ward_choices(data: Datasets, view: str, edition: str) -> dict[str, str]:
    """Ward code -> name for the ward set of the edition on the map, by name."""
    wards = guarded(data.ward_shapes, _edition_shown(view, edition)).sort_values("name")
    return dict(zip(wards["code"], wards["name"]))


def lsoa_choices(data: Datasets) -> dict[str, str]:
    """Every LSOA code of the borough in either edition (a link's LSOA may be of either vintage)."""
    return {code: code for key in EDITIONS for code in guarded(data.lsoas, key)["lsoa_code"]}


def link_params(data: Datasets) -> list[Param]:
    """What a link to the map holds, in dependency order (the index and ward offered depend on view and edition)."""
    return [Param(VIEW_KEY, "view", lp.VIEWS, next(iter(lp.VIEWS))),
            Param(EDITION_KEY, "edition", EDITION_LABELS, DEFAULT_EDITION),
            Param(INDEX_KEY, "index", lambda state: index_choices(data, state[VIEW_KEY], state[EDITION_KEY]), "imd"),
            Param(PCON_KEY, "constituency set", CONSTITUENCY_LABELS, next(iter(PCON_SETS))),
            Param(LABELS_KEY, "ward names setting", {"true": "true", "false": "false"}, "true"),
            Param(WARD_KEY, "ward", lambda state: ward_choices(data, state[VIEW_KEY], state[EDITION_KEY])),
            Param(LSOA_PARAM, "LSOA", lambda _: lsoa_choices(data))]


def restore_link(data: Datasets) -> None:
    """Open the view a link describes (before the widgets): its choices, its ward or LSOA focused, its LSOA selected.

    Selection and focus are taken from the link once per session, so a cleared selection stays cleared."""
    state = url_state("map", link_params(data))
    shown = _edition_shown(state[VIEW_KEY], state[EDITION_KEY])
    if SELECTED_KEY not in st.session_state:
        code = state[LSOA_PARAM]
        in_shown = code in set(guarded(data.lsoas, shown)["lsoa_code"])
        st.session_state[SELECTED_KEY] = (shown if in_shown else next(k for k in EDITIONS if k != shown), code) if code else None
    if FOCUS_KEY not in st.session_state:
        selected = st.session_state[SELECTED_KEY]
        st.session_state[FOCUS_KEY] = (("ward", shown, state[WARD_KEY]) if state[WARD_KEY]
                                       else ("lsoa", *selected) if selected else None)


def keep_selection_in_link() -> None:
    """Write the selected LSOA to the URL, or remove it (after everything that can select has run)."""
    selected = st.session_state.get(SELECTED_KEY)
    if selected is None:
        st.query_params.pop(LSOA_PARAM, None)
    elif st.query_params.get(LSOA_PARAM) != selected[1]:
        st.query_params[LSOA_PARAM] = selected[1]


def map_controls(data: Datasets) -> MapChoice:
    """View, edition and index in one row, map layers in a popover; only indices with data are offered."""
    view_col, edition_col, index_col, layers_col = st.columns([2.2, 2, 3, 1.2], vertical_alignment="bottom")
    view = view_col.selectbox("Show", list(lp.VIEWS), format_func=lp.VIEWS.__getitem__, key=VIEW_KEY, bind="query-params")
    edition_col.radio("Edition", list(EDITIONS), format_func=EDITION_LABELS.__getitem__, key=EDITION_KEY,
                      horizontal=True, disabled=view == "change", bind="query-params",
                      help=f"IoD2025 uses 2021 LSOAs and {EDITIONS['2025'].ward_set_label}; IoD2019 uses "
                           f"2011 LSOAs and {EDITIONS['2019'].ward_set_label}. The change view uses both, on 2021 LSOAs.")
    edition = _shown_edition()
    indices = index_choices(data, view, edition)
    _keep_valid(INDEX_KEY, list(indices), "imd")
    index_key = index_col.selectbox("Index", list(indices), key=INDEX_KEY, format_func=indices.__getitem__, bind="query-params",
                                    help="Only indices with national ranks and deciles in the chosen edition are offered.")
    with layers_col.popover("Layers", icon=":material/layers:", width="stretch"):
        pcon = st.selectbox("Constituencies", list(CONSTITUENCY_LABELS), key=PCON_KEY, format_func=CONSTITUENCY_LABELS.__getitem__,
                            bind="query-params")
        labels = st.toggle("Ward names", value=True, key=LABELS_KEY, bind="query-params",
                           help="Names appear once a ward is big enough on screen to hold them: zoom in for more.")
    return MapChoice(view, edition, index_key, None if pcon == NO_CONSTITUENCIES else pcon, labels)


def missing_data_notes(data: Datasets, view: lp.MapView) -> None:
    """What the chosen edition's source lacks, said where a missing figure would otherwise puzzle."""
    for key in (EDITIONS if view.view == "change" else [view.edition]):
        for note in lp.missing_data_notes(guarded(data.lsoas, key), EDITIONS[key]):
            st.caption(note)


def current_view(data: Datasets, choice: MapChoice) -> lp.MapView:
    lsoas = {key: guarded(data.lsoas, key) for key in EDITIONS}
    return lp.map_view(choice.view, choice.edition, choice.index_key, lsoas, guarded(data.bridge), data.lad_name)


def view_sources(view: lp.MapView, choice: MapChoice) -> tuple[str, ...]:
    """Sources behind the map as shown: the view's, the constituencies', and the postcode lookup."""
    pcon = (PCON_SETS[choice.pcon_set][0],) if choice.pcon_set else ()
    return (*view.sources, *pcon, "postcodes")


# --- selection and focus ------------------------------------------------------------------------

def _select(edition: str, code: str) -> None:
    st.session_state[SELECTED_KEY] = (edition, code)


def _select_clicked() -> None:
    """st_folium on_change: the clicked LSOA (its code property) becomes the selection."""
    drawing = (st.session_state.get(MAP_KEY) or {}).get("last_active_drawing") or {}
    code = (drawing.get("properties") or {}).get("code")
    if isinstance(code, str) and LSOA_CODE.match(code):
        _select(_shown_edition(), code)


def _select_row() -> None:
    """Table on_select: the picked row's LSOA becomes the selection (a keyboard route to the profile)."""
    rows = st.session_state[TABLE_KEY]["selection"]["rows"]
    edition, codes = st.session_state.get(TABLE_CODES_KEY, (None, []))
    if rows and rows[0] < len(codes):
        _select(edition, codes[rows[0]])


def _clear_selection() -> None:
    st.session_state[SELECTED_KEY] = None  # None, not absent: absent means "not yet read from the link"


def _focus_ward() -> None:
    code = st.session_state.get(WARD_KEY)
    st.session_state[FOCUS_KEY] = ("ward", _shown_edition(), code) if code else None


def _whole_borough() -> None:
    st.session_state[FOCUS_KEY] = None
    st.session_state[WARD_KEY] = None


def _in_edition(data: Datasets, edition: str, code: str, shown: str) -> list[str]:
    """An LSOA code of ``edition`` as the LSOA code(s) of the ``shown`` edition."""
    return [code] if edition == shown else lp.counterparts(guarded(data.bridge), code, shown)


def selected_codes(data: Datasets, shown: str) -> list[str]:
    selected = st.session_state.get(SELECTED_KEY)
    return _in_edition(data, *selected, shown) if selected else []


def _found_postcode():
    """The last postcode search's result when it found a postcode in the borough, else None."""
    result = st.session_state.get(POSTCODE_RESULT_KEY)
    return result if result is not None and result.status == "found" else None


def _focus_area(data: Datasets, shown: str):
    """The shapes of the focused ward or LSOA in the shown edition; None for the whole borough."""
    focus = st.session_state.get(FOCUS_KEY)
    if not focus:
        return None
    kind, edition, code = focus
    if kind == "ward":
        if edition != shown:  # the ward sets differ between editions
            return None
        shapes, codes = guarded(data.ward_shapes, shown), [code]
    else:
        shapes, codes = guarded(data.lsoa_shapes, shown), _in_edition(data, edition, code, shown)
    match = shapes.loc[shapes["code"].isin(codes)]
    return None if match.empty else match


def focus_view(data: Datasets, area) -> tuple[list[float], float]:
    """Centre and zoom for the focused area, with some surroundings; the whole borough, filling the map, without one."""
    if area is None:
        return maps.view_for_bounds(maps.leaflet_bounds(guarded(data.outline)), ASSUMED_MAP_WIDTH, MAP_HEIGHT, padding=0.95)
    return maps.view_for_bounds(maps.leaflet_bounds(area), ASSUMED_MAP_WIDTH, MAP_HEIGHT)


# --- the map ------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _geometries(folder: str, layer: str, key: str) -> dict[str, dict]:
    """Rounded GeoJSON geometries per code, built once per layer (read-only: shared by every session)."""
    data = datasets()
    shapes = {"lsoa": data.lsoa_shapes, "ward": data.ward_shapes, "pcon": data.constituency_shapes}[layer](key)
    return maps.geometries(shapes)


def geometries(data: Datasets, layer: str, key: str) -> dict[str, dict]:
    return guarded(_geometries, str(data.out_dir), layer, key)


@st.cache_resource(show_spinner=False)
def _ward_labels(folder: str, edition: str) -> list[dict]:
    return maps.label_points(datasets().ward_shapes(edition))


def show_map(data: Datasets, choice: MapChoice, view: lp.MapView) -> None:
    """The map: LSOA fills for the view, ward (and constituency) outlines and labels over the borough."""
    shown = view.edition
    features = maps.lsoa_features(geometries(data, "lsoa", shown), view.table, lp.tooltip_columns(view.table))
    fills = dict(zip(view.table[lp.CODE], maps.view_fills(view.values, view.view)))
    attribution = maps.attribution_html(registry.attribution_lines(view_sources(view, choice)))
    overlays = [maps.lsoa_layer(features, fills, selected=selected_codes(data, shown), flagged=view.flagged,
                                attribution=attribution),
                maps.outline_layer(geometries(data, "ward", shown), "Wards", palettes.WARD_LINE, 1.8)]
    if choice.pcon_set:
        overlays.append(maps.outline_layer(geometries(data, "pcon", choice.pcon_set), "Constituencies",
                                           palettes.CONSTITUENCY_LINE, 3, "10 6", casing=palettes.MAP_LABEL_HALO))
    focused = _focus_area(data, shown)
    if focused is not None and st.session_state[FOCUS_KEY][0] == "ward":
        wards = geometries(data, "ward", shown)
        overlays.append(maps.outline_layer({code: wards[code] for code in focused["code"]}, "Focused ward",
                                           palettes.WARD_LINE, 4.5))
    if choice.ward_labels:
        overlays.append(maps.label_layer(guarded(_ward_labels, str(data.out_dir), shown)))
    postcode = _found_postcode()
    if postcode is not None:
        overlays.append(maps.point_layer(float(postcode.row["lat"]), float(postcode.row["lon"]), postcode.postcode))
    center, zoom = focus_view(data, focused)
    st_folium(maps.borough_map(guarded(data.outline)), key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True,
              returned_objects=["last_active_drawing", "last_object_clicked"], feature_group_to_add=overlays,
              center=center, zoom=zoom, on_change=_select_clicked)


def show_legend(data: Datasets, choice: MapChoice, view: lp.MapView) -> None:
    """Colours with their counts, and what each line on the map is (drawn here, not on the map)."""
    index = lp.short_label(INDEX_BY_KEY[view.index_key])
    edition = "IoD2019 to IoD2025" if view.view == "change" else EDITIONS[view.edition].label
    st.html(maps.legend_html(maps.legend_entries(view.values, view.view), f"{index}, {edition}: number of LSOAs"))
    lines = [f"Thin white lines: LSOAs ({EDITIONS[view.edition].lsoa_vintage} boundaries). "
             f"Dark lines: wards ({EDITIONS[view.edition].ward_set_label})."]
    if choice.pcon_set:
        names = ", ".join(guarded(data.constituency_shapes, choice.pcon_set)["name"])
        lines.append(f"Dashed pink lines edged in white: {PCON_SETS[choice.pcon_set][1]} ({names}); 500 m generalised, "
                     "so they do not follow LSOA and ward edges exactly.")
    if view.flagged:
        lines.append("Dashed dark outline: the LSOA's boundary changed between 2011 and 2021.")
    lines.append("Orange outline: the selected LSOA.")
    postcode = _found_postcode()
    if postcode is not None:
        lines.append(f"Orange dot: {postcode.postcode}.")
    lines.append(lp.RANK_NOTE)
    st.caption(" ".join(lines))


# --- panels -------------------------------------------------------------------------------------

_POSTCODE_MESSAGE = {"found": st.success, "empty": st.info, "malformed": st.error, "unknown": st.warning, "outside": st.warning}


def postcode_search(data: Datasets, shown: str) -> None:
    """Any postcode, any case or spacing: select and zoom to its LSOA, or say exactly why not."""
    if note := data.unavailable("postcodes"):
        st.info(f"Postcode search is not available for {data.lad_name}. {note}", icon=":material/info:")
        return
    with st.form("map_postcode_form", border=False):
        text_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
        postcodes = guarded(data.postcodes)
        example = postcodes.loc[postcodes["lad_code"].eq(data.lad_code), "postcode"].min()
        text = text_col.text_input("Find a postcode", key=POSTCODE_KEY, placeholder=f"e.g. {example}", max_chars=40)
        submitted = button_col.form_submit_button("Find", width="stretch")
    if submitted:
        result = find(guarded(data.postcodes), text, data.lad_code, data.lad_name)
        st.session_state[POSTCODE_RESULT_KEY] = result
        if result.status == "found":
            code = lp.postcode_lsoa(result.row, shown)
            _select(shown, code)
            st.session_state[FOCUS_KEY] = ("lsoa", shown, code)
    if POSTCODE_RESULT_KEY not in st.session_state:
        return
    result = st.session_state[POSTCODE_RESULT_KEY]
    message = result.message
    if result.status == "found":
        code = lp.postcode_lsoa(result.row, shown)
        lsoas = guarded(data.lsoas, shown)
        where = lsoas.loc[lsoas["lsoa_code"] == code, ["lsoa_name", "ward_name"]].to_numpy()
        place = f"{where[0][0]} ({code}; best-fit ward {where[0][1]})" if len(where) else code
        message += f" For {EDITIONS[shown].label} it is in LSOA {place}."
    _POSTCODE_MESSAGE[result.status](message)


def ward_focus(data: Datasets, view: lp.MapView) -> None:
    """Pick a ward: the map zooms to it and its LSOAs are listed, with how many are most deprived."""
    edition = EDITIONS[view.edition]
    if note := data.ward_note(view.edition):
        st.info(f"Wards are not available for {data.lad_name} ({edition.label}). {note}", icon=":material/info:")
        return
    names = ward_choices(data, view.view, view.edition)
    _keep_valid(WARD_KEY, [None, *names], None)
    code = st.selectbox(f"Focus on a ward ({edition.ward_set_label})", [None, *names], key=WARD_KEY,
                        format_func=lambda c: "Whole borough" if c is None else names[c], on_change=_focus_ward,
                        bind="query-params")
    if st.session_state.get(FOCUS_KEY):
        st.button("Zoom out to the whole borough", key="map_whole_borough", on_click=_whole_borough,
                  icon=":material/zoom_out_map:")
    if code is None:
        return
    lsoas = guarded(data.lsoas, view.edition)
    st.markdown(f"**{lp.ward_sentence(lsoas, code, view.index_key, edition, view.band)}**")
    in_ward = view.table.loc[view.table[lp.CODE].isin(lp.ward_lsoas(lsoas, code)["lsoa_code"])].drop(columns="Ward (best fit)")
    st.dataframe(in_ward, hide_index=True, width="stretch", key="map_ward_table",
                 alt=f"The LSOAs in {names[code]} ward with their ranks and deciles")
    fit = ("the official ONS best-fit lookup" if view.edition == "2019"
           else "a derived best-fit lookup (see 'Ward fit' for its confidence)")
    st.caption(f"Neighbourhoods are {edition.lsoa_vintage} LSOAs assigned whole to a ward by {fit}; "
               "LSOAs do not nest in wards. The ward is drawn with a thick outline on the map.")


def profile_panel(data: Datasets) -> None:
    """Every index's rank and decile for the selected LSOA, in both editions."""
    st.subheader("Neighbourhood profile")
    selected = st.session_state.get(SELECTED_KEY)
    if not selected:
        st.info("Click a neighbourhood on the map, pick a row in the table below, or find a postcode, "
                "to see its ranks in every domain in both editions.")
        return
    edition, code = selected
    lsoas = {key: guarded(data.lsoas, key) for key in EDITIONS}
    profile = lp.lsoa_profile(code, edition, lsoas, guarded(data.bridge))
    if profile is None:
        st.warning(f"{code} is not one of the borough's LSOAs in {EDITIONS[edition].label}.")
        return
    for area in profile.areas:
        st.markdown(f"**{EDITIONS[area.edition].label}**: {area.name} ({area.code}, "
                    f"{EDITIONS[area.edition].lsoa_vintage} boundaries), {area.relation}. Ward (best fit): {area.ward} "
                    f"({area.ward_fit}). Population: {area.population}.")
    st.table(profile.compact().set_index("Index"))
    for note in profile.notes:
        st.caption(note)
    st.button("Clear the selection", key="map_clear_selection", on_click=_clear_selection)


def table_alternative(view: lp.MapView, place: str) -> None:
    """The map as a sortable table (picking a row opens that LSOA's profile) and a CSV download.

    The grid is made only once its expander is opened: it is the costliest element on the page (1.2 MB
    of the front end's script to load and parse), and opening the page should draw the map first.
    """
    st.session_state[TABLE_CODES_KEY] = (view.edition, list(view.table[lp.CODE]))
    numbers = [c for c in view.table.columns if pd.api.types.is_numeric_dtype(view.table[c])]
    table = st.expander(f"The map as a table: all {len(view.table)} neighbourhoods, sortable", icon=":material/table:",
                        key=TABLE_OPEN_KEY, on_change="rerun")
    if table.open:
        table.caption("Everything the map's colours and tooltips show. Click a column header to sort; pick a row to "
                      "see its profile. " + lp.RANK_NOTE)
        table.dataframe(view.table, hide_index=True, width="stretch", key=TABLE_KEY, on_select=_select_row,
                        selection_mode="single-row",
                        column_config={c: st.column_config.NumberColumn(format="localized") for c in numbers},
                        alt="Every LSOA on the map with the values its colour and tooltip show")
    edition = "iod2019-to-iod2025" if view.view == "change" else EDITIONS[view.edition].label
    st.download_button("Download the table (CSV)", lambda: csv_bytes(view.table, view.sources),
                       file_name=download_name(place, "lsoas", view.index_key, view.view, edition, extension="csv"),
                       mime="text/csv",
                       key="map_table_csv", on_click="ignore", icon=":material/download:")
