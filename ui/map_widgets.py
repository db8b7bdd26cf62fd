"""Streamlit glue for the deprivation map: choices, the selected LSOA and the focus, the map and its panels.

State: ui.map_state.MapState holds the one selected LSOA (picked by clicking the map, a table row or a
postcode) and the one focus (a ward or a postcode's LSOA); every change goes through it, in callbacks that
run before the page. A selection or focus remembers its edition; shown in the other edition it goes through
the ONS LSOA 2011 -> 2021 lookup, and a focused ward goes to the same ward of the other ward set if there is one.

Shareable links: view, edition, index, constituencies, ward names and ward are widgets bound to the
URL under the same parameter names the other pages use; the selected LSOA is written to ``lsoa`` by
`keep_selection_in_link`. A link with an LSOA and no ward opens zoomed to that LSOA.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from fsot_data import map_view_model as mvm
from fsot_data import registry
from fsot_data.datasets import Datasets
from fsot_data.editions import DEFAULT_EDITION, EDITIONS, NEIGHBOURHOOD_HEADING, PCON_SETS, cited_sources
from fsot_data.indices import INDEX_BY_KEY, LSOA_CODE, Index
from fsot_data.url_state import Param
from geodata.lookups import same_ward
from geodata.places import NOT_EVERY_STREET
from geodata.postcodes import find
from ui.data import datasets, guarded
from ui.map_state import EDITION_KEY, VIEW_KEY, WARD_KEY, MapState, Place, edition_on_map
from ui.url_state import url_state
from views import maps, palettes
from views.export import csv_bytes, download_name
from views.offline_map import STATIC_DIR, STATIC_URL_PREFIX

log = logging.getLogger("fsot")

# Bound to the URL: the key is the query parameter's name (view, edition and ward: see ui.map_state).
INDEX_KEY = "index"
PCON_KEY = "constituencies"
LABELS_KEY = "ward_names"
ROADS_KEY = "roads"
LSOA_PARAM = "lsoa"
POSTCODE_KEY = "map_postcode"
POSTCODE_RESULT_KEY = "map_postcode_result"
MAP_KEY = "deprivation_map"
TABLE_KEY = "map_table"
TABLE_OPEN_KEY = "map_table_open"
TABLE_CODES_KEY = "map_table_codes"  # (edition, codes in table order) for the row-selection callback
# The page's boxes, keyed so that the phone layout (phone_layout) can put them in the order a phone wants.
CONTROLS_BOX = "map_controls_box"
MAP_BOX = "map_box"
LEGEND_BOX = "map_legend_box"
POSTCODE_BOX = "map_postcode_box"
#: Where the app writes the place layer's file; Streamlit serves static/ (enableStaticServing) to the map.
PLACES_DIR = STATIC_DIR / "places"

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
    roads: bool  # main roads and place names when zoomed in


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
    keys = EDITIONS if view == "change" else [edition_on_map(view, edition)]
    return {index.key: _index_label(index) for index in mvm.indices_with_data(*(guarded(data.lsoas, k) for k in keys))}


def ward_choices(data: Datasets, view: str, edition: str) -> dict[str, str]:
    """Ward code -> name for the ward set of the edition on the map, by name."""
    wards = guarded(data.ward_shapes, edition_on_map(view, edition)).sort_values("name")
    return dict(zip(wards["code"], wards["name"], strict=True))


def lsoa_choices(data: Datasets) -> dict[str, str]:
    """Every LSOA code of the borough in either edition (a link's LSOA may be of either vintage)."""
    return {code: code for key in EDITIONS for code in guarded(data.lsoas, key)["lsoa_code"]}


def link_params(data: Datasets) -> list[Param]:
    """What a link to the map holds, in dependency order (the index and ward offered depend on view and edition)."""
    return [Param(VIEW_KEY, "view", mvm.VIEWS, next(iter(mvm.VIEWS))),
            Param(EDITION_KEY, "edition", EDITION_LABELS, DEFAULT_EDITION),
            Param(INDEX_KEY, "index", lambda state: index_choices(data, state[VIEW_KEY], state[EDITION_KEY]), "imd"),
            Param(PCON_KEY, "constituency set", CONSTITUENCY_LABELS, next(iter(PCON_SETS))),
            Param(LABELS_KEY, "ward names setting", {"true": "true", "false": "false"}, "true"),
            Param(ROADS_KEY, "roads and places setting", {"true": "true", "false": "false"}, "true"),
            Param(WARD_KEY, "ward", lambda state: ward_choices(data, state[VIEW_KEY], state[EDITION_KEY])),
            Param(LSOA_PARAM, "LSOA", lambda _: lsoa_choices(data))]


def restore_link(data: Datasets) -> None:
    """Open the view a link describes (before the widgets): its choices, its ward or LSOA focused, its LSOA selected.

    Selection and focus are taken from the link once per session, so a cleared selection stays cleared."""
    link = url_state("map", link_params(data))
    state = MapState()
    if state.started:
        return
    shown = edition_on_map(link[VIEW_KEY], link[EDITION_KEY])
    selected = None
    if code := link[LSOA_PARAM]:
        in_shown = code in set(guarded(data.lsoas, shown)["lsoa_code"])
        selected = Place("lsoa", shown if in_shown else next(k for k in EDITIONS if k != shown), code, "link")
    state.start(selected, Place("ward", shown, link[WARD_KEY], "link") if link[WARD_KEY] else selected)


def keep_selection_in_link() -> None:
    """Write the selected LSOA to the URL, or remove it (after everything that can select has run)."""
    selected = MapState().selected
    if selected is None:
        st.query_params.pop(LSOA_PARAM, None)
    elif st.query_params.get(LSOA_PARAM) != selected.code:
        st.query_params[LSOA_PARAM] = selected.code


def map_controls(data: Datasets) -> MapChoice:
    """View, edition and index in one row, map layers in a popover; only indices with data are offered."""
    view_col, edition_col, index_col, layers_col = st.columns([2.5, 1.5, 2.6, 1.9], vertical_alignment="bottom")
    view = view_col.selectbox("Show", list(mvm.VIEWS), format_func=mvm.VIEWS.__getitem__, key=VIEW_KEY, bind="query-params",
                              on_change=_carry_ward)
    edition_col.radio("Edition", list(EDITIONS), format_func=EDITION_LABELS.__getitem__, key=EDITION_KEY,
                      horizontal=True, disabled=view == "change", bind="query-params", on_change=_carry_ward,
                      help=f"IoD2025 uses 2021 LSOAs and {EDITIONS['2025'].ward_set_label}; IoD2019 uses "
                           f"2011 LSOAs and {EDITIONS['2019'].ward_set_label}. The change view uses both, on 2021 LSOAs.")
    edition = MapState().edition_on_map
    indices = index_choices(data, view, edition)
    _keep_valid(INDEX_KEY, list(indices), "imd")
    index_key = index_col.selectbox("Index", list(indices), key=INDEX_KEY, format_func=indices.__getitem__, bind="query-params",
                                    help="Only indices with national ranks and deciles in the chosen edition are offered.")
    with layers_col.popover("Layers", icon=":material/layers:", width="stretch"):
        pcon = st.selectbox("Constituencies", list(CONSTITUENCY_LABELS), key=PCON_KEY, format_func=CONSTITUENCY_LABELS.__getitem__,
                            bind="query-params")
        labels = st.toggle("Ward names", value=True, key=LABELS_KEY, bind="query-params",
                           help="Names appear once a ward is big enough on screen to hold them: zoom in for more.")
        roads = st.toggle("Main roads and places", value=True, key=ROADS_KEY, bind="query-params",
                          help="Main roads (OpenStreetMap) and place names (bus-stop localities, NaPTAN) appear once you "
                               "zoom in to a few wards; road names closer in.")
    return MapChoice(view, edition, index_key, None if pcon == NO_CONSTITUENCIES else pcon, labels, roads)


def missing_data_notes(data: Datasets, view: mvm.MapView) -> None:
    """What the chosen edition's source lacks, said where a missing figure would otherwise puzzle."""
    for key in (EDITIONS if view.view == "change" else [view.edition]):
        for note in mvm.missing_data_notes(guarded(data.lsoas, key), EDITIONS[key]):
            st.caption(note)


def current_view(data: Datasets, choice: MapChoice) -> mvm.MapView:
    lsoas = {key: guarded(data.lsoas, key) for key in EDITIONS}
    return mvm.map_view(choice.view, choice.edition, choice.index_key, lsoas, guarded(data.bridge), data.lad_name)


def view_sources(data: Datasets, view: mvm.MapView, choice: MapChoice) -> tuple[str, ...]:
    """Sources behind the map as shown: the view's with the neighbourhood names' (cited_sources), the constituencies',
    the postcode lookup, the bus stops (the profile's streets, the place names) and the main roads when they are on."""
    pcon = (PCON_SETS[choice.pcon_set][0],) if choice.pcon_set else ()
    roads = ("osm_main_roads",) if choice.roads else ()
    return (*cited_sources(view.sources, view.table.columns), *pcon, "postcodes", *guarded(data.bus_stop_sources), *roads)


# --- selection and focus: the callbacks ------------------------------------------------------

def _select_clicked() -> None:
    """st_folium on_change: the clicked LSOA (its code property) becomes the selection."""
    drawing = (st.session_state.get(MAP_KEY) or {}).get("last_active_drawing") or {}
    code = (drawing.get("properties") or {}).get("code")
    if isinstance(code, str) and LSOA_CODE.match(code):
        state = MapState()
        state.select(state.edition_on_map, code, via="map")


def _select_row() -> None:
    """Table on_select: the picked row's LSOA becomes the selection (a keyboard route to the profile)."""
    rows = st.session_state[TABLE_KEY]["selection"]["rows"]
    edition, codes = st.session_state.get(TABLE_CODES_KEY, (None, []))
    if rows and rows[0] < len(codes):
        MapState().select(edition, codes[rows[0]], via="table")


def _find_postcode() -> None:
    """The postcode form's submit: select and zoom to the postcode's LSOA, or forget the last postcode's."""
    data, state = datasets(), MapState()
    result = find(guarded(data.postcodes), st.session_state.get(POSTCODE_KEY, ""), data.lad_code, data.lad_name)
    st.session_state[POSTCODE_RESULT_KEY] = result
    if result.status == "found":
        shown = state.edition_on_map
        state.select(shown, mvm.postcode_lsoa(result.row, shown), via="postcode", zoom=True)
    else:
        state.forget_postcode()


def _focus_ward() -> None:
    state = MapState()
    state.focus_ward(state.edition_on_map, st.session_state.get(WARD_KEY))


def _carry_ward() -> None:
    """Edition or view changed: keep the focused ward if the new ward set has it."""
    state = MapState()
    if state.focused_ward is not None:
        data = datasets()
        names = {key: ward_choices(data, "", key) for key in EDITIONS}
        state.carry_ward(state.edition_on_map, names, same_ward)


def _clear_selection() -> None:
    MapState().clear_selection()


def _whole_borough() -> None:
    MapState().clear_focus()


def _in_edition(data: Datasets, edition: str, code: str, shown: str) -> list[str]:
    """An LSOA code of ``edition`` as the LSOA code(s) of the ``shown`` edition."""
    return [code] if edition == shown else mvm.counterparts(guarded(data.bridge), code, shown)


def selected_codes(data: Datasets, shown: str) -> list[str]:
    selected = MapState().selected
    return _in_edition(data, selected.edition, selected.code, shown) if selected else []


def _found_postcode():
    """The last postcode search's result when it found a postcode in the borough, else None."""
    result = st.session_state.get(POSTCODE_RESULT_KEY)
    return result if result is not None and result.status == "found" else None


def _focus_area(data: Datasets, shown: str):
    """The shapes of the focused ward or LSOA in the shown edition; None for the whole borough."""
    focus = MapState().focus
    if not focus:
        return None
    if focus.kind == "ward":
        if focus.edition != shown:  # the ward sets differ between editions
            return None
        shapes, codes = guarded(data.ward_shapes, shown), [focus.code]
    else:
        shapes, codes = guarded(data.lsoa_shapes, shown), _in_edition(data, focus.edition, focus.code, shown)
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


@st.cache_resource(show_spinner=False)
def _place_layer_url(folder: str) -> str | None:
    """Write the main roads and place names to static/places/ once (named by their content, so a rebuilt table is
    a new file and no browser keeps a stale copy) and return the URL the map fetches them from."""
    data = datasets()
    text = maps.place_layer_json(data.main_roads(), data.road_labels(), data.localities())
    name = f"{data.lad_code}_{hashlib.sha256(text.encode()).hexdigest()[:12]}.json"
    target = PLACES_DIR / name
    if not target.is_file():
        try:
            PLACES_DIR.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, target)
        except OSError as error:  # a read-only deployment: the map works without the layer, the log says why
            log.error("main roads layer not written to %s: %s", target, error)
            return None
    return f"{STATIC_URL_PREFIX}/places/{name}"


def show_map(data: Datasets, choice: MapChoice, view: mvm.MapView) -> None:
    """The map: LSOA fills for the view, ward (and constituency) outlines and labels over the borough."""
    shown = view.edition
    features = maps.lsoa_features(geometries(data, "lsoa", shown), view.table, mvm.tooltip_columns(view.table))
    fills = dict(zip(view.table[mvm.CODE], maps.view_fills(view.values, view.view), strict=True))
    attribution = maps.attribution_html(registry.attribution_lines(view_sources(data, view, choice)))
    overlays = [maps.lsoa_layer(features, fills, selected=selected_codes(data, shown), flagged=view.flagged,
                                attribution=attribution),
                maps.outline_layer(geometries(data, "ward", shown), "Wards", palettes.WARD_LINE, 1.8)]
    if choice.pcon_set:
        overlays.append(maps.outline_layer(geometries(data, "pcon", choice.pcon_set), "Constituencies",
                                           palettes.CONSTITUENCY_LINE, 3, "10 6", casing=palettes.MAP_LABEL_HALO))
    focused = _focus_area(data, shown)
    if focused is not None and MapState().focused_ward is not None:
        wards = geometries(data, "ward", shown)
        overlays.append(maps.outline_layer({code: wards[code] for code in focused["code"]}, "Focused ward",
                                           palettes.WARD_LINE, 4.5))
    if choice.ward_labels:
        overlays.append(maps.label_layer(guarded(_ward_labels, str(data.out_dir), shown)))
    if choice.roads and (url := guarded(_place_layer_url, str(data.out_dir))):
        overlays.append(maps.place_layer(url))
    postcode = _found_postcode()
    if postcode is not None:
        overlays.append(maps.point_layer(float(postcode.row["lat"]), float(postcode.row["lon"]), postcode.postcode))
    center, zoom = focus_view(data, focused)
    st_folium(maps.borough_map(guarded(data.outline)), key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True,
              returned_objects=["last_active_drawing", "last_object_clicked"], feature_group_to_add=overlays,
              center=center, zoom=zoom, on_change=_select_clicked)


def show_legend(data: Datasets, choice: MapChoice, view: mvm.MapView) -> None:
    """Colours with their counts, and what each line on the map is (drawn here, not on the map)."""
    index = mvm.short_label(INDEX_BY_KEY[view.index_key])
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
    lines.append(mvm.RANK_NOTE)
    st.caption(" ".join(lines))


# --- panels -------------------------------------------------------------------------------------

_POSTCODE_MESSAGE = {"found": st.success, "empty": st.info, "malformed": st.error, "unknown": st.warning, "outside": st.warning}


def postcode_search(data: Datasets, shown: str) -> None:
    """Any postcode, any case, spacing or width: select and zoom to its LSOA, or say exactly why not (and forget
    the previous postcode's LSOA). The search runs in the submit callback, before the map is drawn."""
    if note := data.unavailable("postcodes"):
        st.info(f"Postcode search is not available for {data.lad_name}. {note}", icon=":material/info:")
        return
    with st.form("map_postcode_form", border=False):
        text_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
        postcodes = guarded(data.postcodes)
        example = postcodes.loc[postcodes["lad_code"].eq(data.lad_code), "postcode"].min()
        text_col.text_input("Find a postcode", key=POSTCODE_KEY, placeholder=f"e.g. {example}", max_chars=40)
        button_col.form_submit_button("Find", width="stretch", on_click=_find_postcode)
    result = st.session_state.get(POSTCODE_RESULT_KEY)
    if result is None:
        return
    message = result.message
    if result.status == "found":
        code = mvm.postcode_lsoa(result.row, shown)
        lsoas = guarded(data.lsoas, shown)
        where = lsoas.loc[lsoas["lsoa_code"] == code, ["lsoa_name", "ward_name"]].to_numpy()
        place = f"{where[0][0]} ({code}; best-fit ward {where[0][1]})" if len(where) else code
        message += f" For {EDITIONS[shown].label} it is in LSOA {place}."
    _POSTCODE_MESSAGE[result.status](message)


# Streamlit unpins pinned columns wider than 60% of the grid, so the name is at most 180 px: pinned in a grid of
# 300 px or more (the full table on a 390 px phone is 324 px, the ward table on a 1280 px projector 310 px).
NAME_WIDTH = 180
# Beside it in the ward table, in the side column, rank and decile with short headers (the full header in their
# help): 180 + 64 + 60 px fit in 310 px, so the three show without scrolling (tests/browser/test_table_columns.py).
SHORT_HEADERS = {"rank": ("Rank", 64, "1 = the most deprived LSOA in England"),
                 "decile": ("Decile", 60, "1 = England's most deprived 10%")}


def lsoa_column_config(table: pd.DataFrame) -> dict:
    """Column settings for an LSOA table: the name (the key people read) pinned, so scrolling sideways in a narrow
    grid never hides it, the code narrow, numbers with thousands separators in columns as wide as their header
    (a small column cut "IMD rank (of 33,755)" to "IMD rank (o")."""
    config = {mvm.CODE: st.column_config.TextColumn(width="small")}
    for column in table.columns:
        if column == NEIGHBOURHOOD_HEADING:
            config[column] = st.column_config.TextColumn(width=NAME_WIDTH, pinned=True)
        elif pd.api.types.is_numeric_dtype(table[column]):
            config[column] = st.column_config.NumberColumn(format="localized")
    return config


def ward_table_config(table: pd.DataFrame) -> dict:
    """lsoa_column_config with the index's rank and decile headed "Rank" and "Decile" (the sentence above the ward
    table names the index; each header's help has it in full)."""
    config = lsoa_column_config(table)
    for measure, (label, width, meaning) in SHORT_HEADERS.items():
        columns = [c for c in table.columns if f" {measure} (of " in c or c.endswith(f" {measure}")]
        if len(columns) == 1:  # the change view has two deciles: they keep their editions in their headers
            config[columns[0]] = st.column_config.NumberColumn(label, help=f"{columns[0]}; {meaning}.", format="localized",
                                                               width=width)
    return config


def ward_focus(data: Datasets, view: mvm.MapView) -> None:
    """Pick a ward: the map zooms to it and its LSOAs are listed, with how many are most deprived."""
    edition = EDITIONS[view.edition]
    if note := data.ward_note(view.edition):
        st.info(f"Wards are not available for {data.lad_name} ({edition.label}). {note}", icon=":material/info:")
        return
    names = ward_choices(data, view.view, view.edition)
    state = MapState()
    if (notice := state.pop_notice()) is not None:
        st.info(notice, icon=":material/info:")
    if st.session_state.get(WARD_KEY) not in (None, *names):  # a value another page left under the same key
        state.clear_focus()
    code = st.selectbox(f"Focus on a ward ({edition.ward_set_label})", [None, *names], key=WARD_KEY,
                        format_func=lambda c: "Whole borough" if c is None else names[c], on_change=_focus_ward,
                        bind="query-params")
    if state.focus is not None:
        st.button("Zoom out to the whole borough", key="map_whole_borough", on_click=_whole_borough,
                  icon=":material/zoom_out_map:")
    if code is None:
        return
    lsoas = guarded(data.lsoas, view.edition)
    st.markdown(f"**{mvm.ward_sentence(lsoas, code, view.index_key, edition, view.band)}**")
    in_ward = view.table.loc[view.table[mvm.CODE].isin(mvm.ward_lsoas(lsoas, code)["lsoa_code"])].drop(columns="Ward (best fit)")
    # The name (pinned), then rank and decile, so a narrow column shows all three; the code last.
    key_first = [NEIGHBOURHOOD_HEADING, *[c for c in in_ward.columns if c not in (NEIGHBOURHOOD_HEADING, mvm.CODE)], mvm.CODE]
    st.dataframe(in_ward, hide_index=True, width="stretch", key="map_ward_table", column_order=key_first,
                 column_config=ward_table_config(in_ward),
                 alt=f"The LSOAs in {names[code]} ward with their ranks and deciles")
    fit = ("the official ONS best-fit lookup" if view.edition == "2019"
           else "a derived best-fit lookup (see 'Ward fit' for its confidence)")
    st.caption(f"Neighbourhoods are {edition.lsoa_vintage} LSOAs assigned whole to a ward by {fit}; "
               "LSOAs do not nest in wards. The ward is drawn with a thick outline on the map.")


def profile_panel(data: Datasets) -> None:
    """Every index's rank and decile for the selected LSOA, in both editions, and the streets with its bus stops."""
    st.subheader("Neighbourhood profile")
    selected = MapState().selected
    if not selected:
        st.info("Click a neighbourhood on the map, pick a row in the table below, or find a postcode, "
                "to see its ranks in every domain in both editions.")
        return
    lsoas = {key: guarded(data.lsoas, key) for key in EDITIONS}
    profile = mvm.lsoa_profile(selected.code, selected.edition, lsoas, guarded(data.bridge))
    if profile is None:
        st.warning(f"{selected.code} is not one of the borough's LSOAs in {EDITIONS[selected.edition].label}.")
        return
    for area in profile.areas:
        st.markdown(f"**{EDITIONS[area.edition].label}**: {area.name} ({area.code}, "
                    f"{EDITIONS[area.edition].lsoa_vintage} boundaries), {area.relation}. Ward (best fit): {area.ward} "
                    f"({area.ward_fit}). Population: {area.population}.")
    st.table(profile.compact().set_index("Index"))
    for note in profile.notes:
        st.caption(note)
    bus_stop_streets(data, selected.edition, selected.code)
    st.button("Clear the selection", key="map_clear_selection", on_click=_clear_selection)


def bus_stop_streets(data: Datasets, edition: str, code: str) -> None:
    """The streets with a bus stop in the LSOA, and their localities; never claimed to be every street."""
    streets = guarded(data.bus_stop_streets, edition)
    mine = streets.loc[streets["lsoa_code"] == code]
    if mine.empty:
        st.markdown("**Streets:** no bus stop stands inside this neighbourhood, so none can be listed.")
    else:
        localities = ", ".join(dict.fromkeys(mine["locality"]))
        st.markdown(f"**Streets with a bus stop** ({localities}): {', '.join(dict.fromkeys(mine['street']))}.")
    st.caption(f"{NOT_EVERY_STREET} Stops inside the {EDITIONS[edition].lsoa_vintage} LSOA boundary.")


def table_alternative(view: mvm.MapView, place: str) -> None:
    """The map as a sortable table (picking a row opens that LSOA's profile) and a CSV download.

    The grid is made only once its expander is opened: it is the costliest element on the page (1.2 MB
    of the front end's script to load and parse), and opening the page should draw the map first.
    """
    st.session_state[TABLE_CODES_KEY] = (view.edition, list(view.table[mvm.CODE]))
    table = st.expander(f"The map as a table: all {len(view.table)} neighbourhoods, sortable", icon=":material/table:",
                        key=TABLE_OPEN_KEY, on_change="rerun")
    if table.open:
        table.caption("Everything the map's colours and tooltips show. Click a column header to sort; pick a row to "
                      "see its profile. " + mvm.RANK_NOTE)
        table.dataframe(view.table, hide_index=True, width="stretch", key=TABLE_KEY, on_select=_select_row,
                        selection_mode="single-row", column_config=lsoa_column_config(view.table),
                        alt="Every LSOA on the map with the values its colour and tooltip show")
    edition = "iod2019-to-iod2025" if view.view == "change" else EDITIONS[view.edition].label
    st.download_button("Download the table (CSV)", lambda: csv_bytes(view.table, view.sources),
                       file_name=download_name(place, "lsoas", view.index_key, view.view, edition, extension="csv"),
                       mime="text/csv",
                       key="map_table_csv", on_click="ignore", icon=":material/download:")


PHONE_CSS = f"""
<style>
@media (max-width: 640px) {{
  /* Phones: the postcode box first, then the map, so a postcode's answer shows above the map without scrolling;
     the choices, legend and panels after. The two columns are dissolved into one sequence to reorder it. */
  div[data-testid="stMainBlockContainer"] {{ padding-top: 3.5rem; }}
  .st-key-{POSTCODE_BOX} div[data-testid="stHorizontalBlock"] {{ flex-wrap: nowrap; }}
  .st-key-{POSTCODE_BOX} div[data-testid="stColumn"] {{ min-width: 0; }}
  div[data-testid="stHorizontalBlock"]:has(.st-key-{MAP_BOX}) {{ flex-direction: column; }}
  div[data-testid="stHorizontalBlock"]:has(.st-key-{MAP_BOX}) > div[data-testid="stColumn"],
  div[data-testid="stHorizontalBlock"]:has(.st-key-{MAP_BOX}) > div[data-testid="stColumn"] > div[data-testid="stVerticalBlock"] {{
    display: contents;
  }}
  div[data-testid="stHorizontalBlock"]:has(.st-key-{MAP_BOX}) > div[data-testid="stColumn"] > div > * {{ order: 4; }}
  div[data-testid="stHorizontalBlock"]:has(.st-key-{MAP_BOX}) > div[data-testid="stColumn"] > div > :has(.st-key-{POSTCODE_BOX}),
  div[data-testid="stHorizontalBlock"]:has(.st-key-{MAP_BOX}) > div[data-testid="stColumn"] > div > .st-key-{POSTCODE_BOX} {{ order: 1; }}
  div[data-testid="stHorizontalBlock"]:has(.st-key-{MAP_BOX}) > div[data-testid="stColumn"] > div > :has(.st-key-{MAP_BOX}),
  div[data-testid="stHorizontalBlock"]:has(.st-key-{MAP_BOX}) > div[data-testid="stColumn"] > div > .st-key-{MAP_BOX} {{ order: 2; }}
  div[data-testid="stHorizontalBlock"]:has(.st-key-{MAP_BOX}) > div[data-testid="stColumn"] > div > :has(.st-key-{LEGEND_BOX}),
  div[data-testid="stHorizontalBlock"]:has(.st-key-{MAP_BOX}) > div[data-testid="stColumn"] > div > .st-key-{LEGEND_BOX} {{ order: 3; }}
}}
</style>
"""


def phone_layout() -> None:
    """The page's order on a phone (CSS only: the server cannot know the screen's width)."""
    st.html(PHONE_CSS)
