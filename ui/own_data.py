"""Streamlit glue for a user's own indicators: the session store, the map of one indicator, its rows in Compare
areas and in area profiles, and the upload form's parts (fsot_data.own_data does the work).

Uploads live in st.session_state only (Streamlit holds uploaded files in memory): nothing is written to disk
or to a log. Text from a file or the form is shown with st.text, dataframes and escaped HTML, never Markdown.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from fsot_data import gaps
from fsot_data import own_data as od
from fsot_data.editions import EDITIONS
from fsot_data.gaps import WARD, Area
from fsot_data.indicators import crosswalk_domains, load_crosswalk
from fsot_data.map_view_model import CODE
from ui.chart_card import chart_card
from ui.data import datasets, guarded
from ui.map_widgets import geometries
from views import maps, palettes
from views.charts import Reference, reference_bar_chart
from views.export import csv_bytes, download_name, neutralise_formulas

STORE_KEY = "own_data_indicators"  # key -> OwnIndicator, this session's uploads
# Words, not a page link: pages also run on their own (AppTest), where a link to another page cannot be made.
NONE_YET = "No indicator of your own yet: upload one on 'Bring your own data' (under Your data in the menu) to see it {where}."
MAP_HEIGHT = 480
PRIVACY = ("Your file stays in this browser session's memory only: it is never saved to disk or written to a log, "
           "and it is gone when you close the tab or the session ends. Nobody else using the explorer sees it.")


@st.cache_resource(show_spinner=False)
def _geography(folder: str) -> od.Geography:
    return od.geography_of(datasets())


def geography() -> od.Geography:
    return guarded(_geography, str(datasets().out_dir))


@st.cache_resource(show_spinner=False)
def _local(folder: str) -> list[od.OwnIndicator]:
    return od.local_indicators(datasets().local_indicators())


def domains() -> list[str]:
    return list(crosswalk_domains(guarded(load_crosswalk))["domain"])


def session_indicators() -> dict[str, od.OwnIndicator]:
    return st.session_state.setdefault(STORE_KEY, {})


def all_indicators() -> list[od.OwnIndicator]:
    """The administrator's local indicators (for everyone), then this session's own."""
    return [*guarded(_local, str(datasets().out_dir)), *session_indicators().values()]


def describe(indicator: od.OwnIndicator) -> str:
    """A one-line plain-text label (for st.text and selectboxes, which show text as given)."""
    meta = indicator.meta
    return f"{meta.name} ({meta.unit}, {meta.period}; {od.GEOGRAPHIES[indicator.geography]}; {indicator.label})"


# --- the map --------------------------------------------------------------------------------------

def band_entries(indicator: od.OwnIndicator, n_bands: int) -> list[maps.LegendEntry]:
    band = od.bands(indicator, n_bands)
    colours = palettes.band_colours(n_bands)
    entries = [maps.LegendEntry(colours[b], od.band_label(b, n_bands, indicator.meta.polarity), int((band == b).sum()))
               for b in colours]
    missing = len(geography().names(indicator.geography)) - len(band)
    return entries + ([maps.LegendEntry(palettes.NO_DATA, "No figure in the file", missing)] if missing else [])


def indicator_map(indicator: od.OwnIndicator, n_bands: int, key: str) -> None:
    """The indicator's LSOAs or wards in bands within the borough, with a legend, the table and a CSV download."""
    data = datasets()
    layer = "lsoa" if indicator.geography.startswith("lsoa") else "ward"
    table = od.area_table(indicator, n_bands)
    shapes = geometries(data, layer, indicator.edition)
    colours = palettes.band_colours(n_bands)
    band = od.bands(indicator, n_bands)
    features = maps.lsoa_features(shapes, table.rename(columns={"Code": CODE}),
                                  ["Area", CODE, "Value", "Band within the borough"])
    attribution = maps.attribution_html([f"{indicator.meta.source} ({indicator.label})"])
    overlays = [maps.lsoa_layer(features, {code: colours[b] for code, b in band.items()}, attribution=attribution,
                                name="Your own data"),
                maps.outline_layer(geometries(data, "ward", indicator.edition), "Wards", palettes.WARD_LINE, 1.8)]
    st_folium(maps.borough_map(guarded(data.outline)), key=key, height=MAP_HEIGHT, use_container_width=True,
              returned_objects=[], feature_group_to_add=overlays)
    title = f"{indicator.meta.name} ({indicator.meta.unit}), {indicator.meta.period}: {od.BANDS[n_bands]}s within the borough"
    st.html(maps.legend_html(band_entries(indicator, n_bands), title))
    st.text(f"Source: {indicator.source_line()}")
    st.caption(f"Bands rank the borough's {od.UNIT_NOUN[indicator.geography]}s against each other, not against England. "
               f"Boundaries: {od.GEOGRAPHIES[indicator.geography]} ({EDITIONS[indicator.edition].label} geography).")
    with st.expander(f"The map as a table: {len(table)} {od.UNIT_NOUN[indicator.geography]}s", icon=":material/table:"):
        st.dataframe(table, hide_index=True, width="stretch")
    st.download_button("Download this indicator (CSV)", lambda: csv_bytes(od.export_table(indicator, n_bands), indicator.source_ids,
                                                                          own=indicator.provenance()),
                       file_name=download_name("own data", data.lad_name, *indicator.key.split(":")[1:], f"{od.BANDS[n_bands]}s",
                                               extension="csv"),
                       mime="text/csv", on_click="ignore", key=f"{key}_csv", icon=":material/download:")


def map_section() -> None:
    """On the deprivation map: the user's own indicators as a map layer of their own, below the deprivation map."""
    indicators = all_indicators()
    st.subheader("Your own data on the map")
    if not indicators:
        st.caption(NONE_YET.format(where="on this map"))
        return
    st.caption("Indicators you uploaded (or the council added): not published statistics. Colours are bands within "
               "the borough.")
    by_key = {i.key: i for i in indicators}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox("Your indicator", list(by_key), format_func=lambda k: describe(by_key[k]), key="map_own_indicator")
    n_bands = right.radio("Bands", list(od.BANDS), format_func=lambda n: f"{od.BANDS[n].capitalize()}s",
                          horizontal=True, key="map_own_bands")
    indicator_map(by_key[chosen], n_bands, key="map_own_layer")


# --- Compare areas --------------------------------------------------------------------------------

def _unit_codes(indicator: od.OwnIndicator, area: Area) -> list[str] | None:
    """The area as the indicator's units: its LSOAs, or its ward code; None when the two do not fit."""
    if indicator.geography.startswith("lsoa"):
        return list(area.lsoa_codes)
    return [area.key.split(":", 1)[1]] if area.kind == WARD else None


def comparison_rows(indicator: od.OwnIndicator, areas: list[Area]) -> pd.DataFrame:
    """Each area against the rest of the borough and the borough (one row per area)."""
    borough_codes = list(geography().names(indicator.geography))
    rows = []
    for area in areas:
        codes = _unit_codes(indicator, area)
        if codes is None:
            rows.append({"area": area.label, "value": float("nan"), "rest": float("nan"), "borough": float("nan"),
                         "how": f"your file is by ward; {area.kind.lower()}s are sets of LSOAs"})
            continue
        compared = od.compare(indicator, area.label, codes, borough_codes).set_index("role")
        rows.append({"area": area.label, "value": compared.at["Area", "value"], "rest": compared.at["Rest of the borough", "value"],
                     "borough": compared.at["Borough", "value"],
                     "how": f"area: {compared.at['Area', 'how']}; rest of the borough: {compared.at['Rest of the borough', 'how']}"})
    frame = pd.DataFrame(rows)
    return frame.assign(gap=frame["value"] - frame["rest"])


def compare_section(edition_key: str, areas: list[Area], kind_label: str) -> None:
    """On Compare areas: each own indicator for the chosen areas, the rest of the borough and the borough."""
    indicators = all_indicators()
    st.subheader("Your own data")
    if not indicators:
        st.caption(NONE_YET.format(where="here, to compare these areas on it"))
        return
    st.caption("Indicators you uploaded (or the council added): not published statistics.")
    for number, indicator in enumerate(indicators, start=1):
        if indicator.edition != edition_key:
            st.text(describe(indicator))
            st.caption(f"This indicator is on {od.GEOGRAPHIES[indicator.geography]}: choose "
                       f"{EDITIONS[indicator.edition].label} above to compare areas on it.")
            continue
        rows = comparison_rows(indicator, areas)
        meta = indicator.meta
        borough = rows["borough"].dropna()
        counts = meta.measure == "count" and indicator.scale is None  # totals: an area's bar and the borough's total differ in kind
        refs = [Reference("Borough", float(borough.iloc[0]), palettes.BOROUGH)] if len(borough) and not counts else []
        table = rows.rename(columns={"area": "Area", "value": meta.unit[:60] or "Value", "rest": "Rest of the borough",
                                     "gap": "Gap to the rest of the borough", "borough": "Borough", "how": "How the figures were made"})
        spec = reference_bar_chart(
            rows, key=f"cmp_own_{number}", title=f"{meta.name}: {kind_label.lower()}, {meta.period}",
            subtitle=(f"{meta.unit}; {od.POLARITIES[meta.polarity]}. Your own data, not published statistics.",
                      "Counts: the rest of the borough and the borough are totals, in the table." if counts else
                      "Line: the borough. Gap = area minus the rest of the borough (the borough without the area)."),
            value="value", value_title=meta.unit[:60], value_format=",.1f", references=refs,
            table=neutralise_formulas(table), source_ids=indicator.source_ids, notes=(indicator.derivation,))
        chart_card(replace(spec, own_sources=(indicator.source_line(),), own_provenance=indicator.provenance()))


# --- area profiles --------------------------------------------------------------------------------

def profile_area(edition_key: str, kind: str, key: str) -> Area | None:
    """The area of an area profile (a ward code or a priority-area key) as Compare areas defines it; None if unknown."""
    data, edition = datasets(), EDITIONS[edition_key]
    if kind == "ward":
        areas = gaps.ward_areas(guarded(data.lsoas, edition_key), edition.ward_set_label)
    else:
        areas = gaps.priority_area_areas(guarded(data.priority_areas), edition_key)
    return next((area for area in areas if area.key == f"{kind}:{key}"), None)


def profile_table(edition_key: str, kind: str, key: str) -> pd.DataFrame:
    """The own indicators of the profile's edition for its area: area, rest of the borough, borough, source."""
    indicators = [indicator for indicator in all_indicators() if indicator.edition == edition_key]
    area = profile_area(edition_key, kind, key) if indicators else None  # most sessions have none: skip finding the area
    rows = []
    for indicator in indicators if area is not None else ():
        compared = comparison_rows(indicator, [area]).iloc[0]
        rows.append({"Indicator": f"{indicator.meta.name} ({indicator.meta.unit})", "Period": indicator.meta.period,
                     "Area": compared["value"], "Rest of the borough": compared["rest"], "Borough": compared["borough"],
                     "How": compared["how"], "Source": indicator.source_line()})
    return pd.DataFrame(rows, columns=["Indicator", "Period", "Area", "Rest of the borough", "Borough", "How", "Source"])
