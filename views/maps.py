"""Folium builders for the deprivation map: the LSOA layer for each view, boundary outlines, ward labels.

The page shows one base map (borough outline, styles) that never changes, and passes everything that
depends on a choice (the LSOA layer, ward and constituency outlines, labels) as overlays through
st_folium's ``feature_group_to_add``. st_folium keys the map on the base map's script, so changing the
index, edition or view swaps the overlays in place instead of reloading Leaflet and the map.

Size matters: layers are embedded as compact JSON (GeoJsonLayer), each LSOA carrying its code, a style
index and its tooltip values (the headers are sent once), coordinates rounded to 5 decimals (about 1 m)
on boundaries already simplified as a coverage by geodata.boundaries. Text from data files goes into
tooltips and labels HTML-escaped.

Pure module: folium, geopandas and pandas, never Streamlit. Built on views.offline_map.offline_map,
so nothing is fetched from the internet.
"""

from __future__ import annotations

import html
import json
import math
import numbers
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from folium.template import Template
from shapely.geometry import mapping

from fsot_data.edition_change import NOT_COMPARABLE, STATUSES
from fsot_data.map_view_model import BAND_DECILES, CODE, VIEW_BAND
from views import palettes
from views.offline_map import offline_map

COORDINATE_DECIMALS = 5
BOUNDARY_PANE = "boundaries"  # above the LSOA fills, ignores the pointer so clicks reach the LSOAs
ROAD_PANE = "roads"  # above the LSOA fills and below the boundaries, ignores the pointer
LABEL_CLASS = "fsot-map-label"
ROAD_LABEL_CLASS = "fsot-road-label"
PLACE_LABEL_CLASS = "fsot-place-label"
#: The zoom from which main roads and place names show (the whole borough is about zoom 11; a ward about 13-14).
PLACE_LAYER_MIN_ZOOM = 12.5
ROAD_NAMES_MIN_ZOOM = 13
LSOA_FILL_OPACITY = 0.85
MAX_FOCUS_ZOOM = 16.0
TILE_SIZE_PX = 256


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class Features:
    """LSOA features ready for the map: geometry plus the escaped tooltip values, in table column order."""
    features: tuple[dict, ...]  # {"code", "t": [values], "geometry"}
    aliases: tuple[str, ...]  # the table's column headers, HTML-escaped; aliases[i] labels t[i]


# --- colours ------------------------------------------------------------------------------------

def _band_fill(decile: float, band: int) -> str:
    if pd.isna(decile):
        return palettes.NO_DATA
    if decile <= 1:
        return palettes.HIGHLIGHT
    return palettes.HIGHLIGHT_SECOND if decile <= BAND_DECILES[band] else palettes.NOT_HIGHLIGHTED


def _change_fill(status: str) -> str:
    return palettes.CHANGE_COLOURS.get(status, palettes.NO_DATA)


def view_fills(values: pd.Series, view: str) -> list[str]:
    """Fill colour per LSOA: ``values`` are national deciles, or change statuses in the change view.

    A plain list: building a pandas string Series for 124 colours costs more than the rest of the layer.
    """
    if view == "change":
        return [_change_fill(status) for status in values]
    if view == "deciles":
        return [palettes.decile_colour(None if pd.isna(decile) else decile) for decile in values]
    return [_band_fill(decile, VIEW_BAND[view]) for decile in values]


def legend_entries(values: pd.Series, view: str) -> list[LegendEntry]:
    """What each colour means, with how many LSOAs have it, so the legend also works as a count."""
    if view == "change":
        statuses = [s for s in STATUSES if s != NOT_COMPARABLE or (values == s).any()]
        entries = [LegendEntry(_change_fill(s), s, int((values == s).sum())) for s in statuses]
    elif view == "deciles":
        names = {1: " (most deprived 10%)", 10: " (least deprived 10%)"}
        entries = [LegendEntry(palettes.DECILE_COLOURS[d], f"Decile {d}{names.get(d, '')}", int((values == d).sum()))
                   for d in range(1, 11)]
    else:
        entries = [LegendEntry(palettes.HIGHLIGHT, "Most deprived 10% in England (decile 1)", int((values <= 1).sum()))]
        if VIEW_BAND[view] == 20:
            entries.append(LegendEntry(palettes.HIGHLIGHT_SECOND, "10-20% most deprived (decile 2)", int((values == 2).sum())))
        entries.append(LegendEntry(palettes.NOT_HIGHLIGHTED, "Less deprived", int((values > BAND_DECILES[VIEW_BAND[view]]).sum())))
    missing = int(values.isna().sum())
    if missing:
        entries.append(LegendEntry(palettes.NO_DATA, "No data", missing))
    return entries


def legend_html(entries: Sequence[LegendEntry], title: str) -> str:
    """A swatch, a label and a count per entry (counts make the legend readable without colour)."""
    rows = "".join(
        f'<li style="list-style:none;display:flex;align-items:center;gap:6px">'
        f'<span style="display:inline-block;width:18px;height:14px;background:{e.colour};'
        f'border:1px solid {palettes.WARD_LINE}"></span>'
        f"<span>{html.escape(e.label)}: <b>{e.count}</b></span></li>"
        for e in entries)
    return (f'<div><div style="font-weight:600">{html.escape(title)}</div>'
            f'<ul style="padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 18px">{rows}</ul></div>')


# --- GeoJSON ------------------------------------------------------------------------------------

def _round(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [round(c, COORDINATE_DECIMALS) for c in coordinates]
    return [_round(part) for part in coordinates]


def geometries(shapes: gpd.GeoDataFrame) -> dict[str, dict]:
    """GeoJSON geometry per area code, coordinates rounded to COORDINATE_DECIMALS (cache this per edition)."""
    result = {}
    for code, geom in zip(shapes["code"], shapes.geometry, strict=True):
        shape = mapping(geom)
        result[str(code)] = {"type": shape["type"], "coordinates": _round(shape["coordinates"])}
    return result


def display_text(value) -> str:
    """How a table value reads in a tooltip: thousands separators, 'no data' for gaps, HTML-escaped."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "no data"
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return f"{int(value):,}"
    return html.escape(str(value))


def lsoa_features(geometry_by_code: Mapping[str, dict], table: pd.DataFrame,
                  tooltip_columns: Sequence[str] | None = None) -> Features:
    """The table's LSOAs with their geometry; the tooltip repeats the chosen columns (all by default)."""
    columns = list(table.columns if tooltip_columns is None else tooltip_columns)
    rows = table[columns].to_dict("records")
    features = tuple({"code": str(code), "t": [display_text(row[c]) for c in columns], "geometry": geometry_by_code[str(code)]}
                     for code, row in zip(table[CODE], rows, strict=True) if str(code) in geometry_by_code)
    return Features(features, tuple(html.escape(c) for c in columns))


def attribution_html(lines: Sequence[str]) -> str:
    """Attribution lines (from fsot_data.registry) as one entry of Leaflet's attribution control.

    Sentences repeated across lines (the OGL and ONS statements recur) are given once, so the
    statements every source requires fit along the foot of the map.
    """
    sentences = [part for line in lines for part in re.split(r"(?<=\.)\s+(?=[A-Z])", line.strip()) if part]
    return html.escape(" ".join(dict.fromkeys(sentences)))


def script_json(value) -> str:
    """Compact JSON that is safe inside an inline <script> (no '<', '>', '&' or quote can end it early)."""
    text = json.dumps(value, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


class GeoJsonLayer(MacroElement):
    """An ``L.geoJson`` layer with compactly embedded data, added to its parent (a FeatureGroup or the map).

    Why not folium.GeoJson: it embeds data with spaced JSON, repeats every property name in every
    feature and writes a ``switch`` over every feature for styles; for the LSOA layer that is the
    difference between about 145 KB and 128 KB. Each feature here carries ``code``, ``s`` (an index
    into ``styles``) and ``t`` (tooltip values, already HTML-escaped, labelled by ``aliases``). Point
    features become text labels (a divIcon with ``t[0]``), never default marker images; with
    ``fit_labels`` a label shows only while its area (``w``, its width in degrees of longitude) is at
    least as wide on screen as the label, so zooming in reveals the names of smaller areas.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var styles = {{ this.styles }};
            var aliases = {{ this.aliases }};
            var highlight = {{ this.highlight }};
            var layer = L.geoJson({{ this.data }}, {
                {%- if this.pane %}
                pane: {{ this.pane|tojson }},
                {%- endif %}
                interactive: {{ this.interactive|tojson }},
                {%- if this.attribution %}
                attribution: {{ this.attribution|tojson }},
                {%- endif %}
                style: function (feature) { return styles[feature.properties.s || 0]; },
                pointToLayer: function (feature, latlng) {
                    return L.marker(latlng, {interactive: false, keyboard: false, icon: L.divIcon({
                        className: {{ this.label_class|tojson }}, iconSize: [0, 0],
                        html: "<span>" + feature.properties.t[0] + "</span>"})});
                },
                onEachFeature: function (feature, part) {
                    if (aliases.length) {
                        part.bindTooltip(function () {
                            var values = feature.properties.t;
                            return "<table>" + aliases.map(function (alias, i) {
                                return "<tr><th>" + alias + "</th><td>" + values[i] + "</td></tr>";
                            }).join("") + "</table>";
                        }, {sticky: true});
                    }
                    if (highlight) {
                        part.on({mouseover: function (e) { e.target.setStyle(highlight); },
                                 mouseout: function (e) { layer.resetStyle(e.target); }});
                    }
                }
            }).addTo({{ this._parent.get_name() }});
            {%- if this.fit_labels %}
            var map = null;
            function fitLabels() {
                var pxPerDegree = 256 * Math.pow(2, map.getZoom()) / 360;
                layer.eachLayer(function (marker) {
                    var label = marker.getElement() && marker.getElement().firstChild;
                    if (label) {
                        label.style.visibility = marker.feature.properties.w * pxPerDegree >= label.offsetWidth ? "" : "hidden";
                    }
                });
            }
            layer.on("add", function () { map = layer._map; map.on("zoomend", fitLabels); fitLabels(); });
            layer.on("remove", function () { if (map) { map.off("zoomend", fitLabels); } });
            {%- endif %}
        })();
        {% endmacro %}
    """)

    def __init__(self, features: Sequence[dict], styles: Sequence[dict], *, aliases: Sequence[str] = (),
                 highlight: dict | None = None, interactive: bool = False, pane: str | None = None,
                 attribution: str = "", fit_labels: bool = False):
        super().__init__()
        self._name = "GeoJsonLayer"
        self.features = list(features)
        self.data = script_json({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {k: v for k, v in f.items() if k != "geometry"}, "geometry": f["geometry"]}
            for f in self.features]})
        self.styles = script_json(list(styles))
        self.aliases = script_json(list(aliases))
        self.highlight = script_json(highlight)
        self.interactive = interactive
        self.pane = pane
        self.attribution = attribution
        self.fit_labels = fit_labels
        self.label_class = LABEL_CLASS


    def render(self, **kwargs):
        """Add the script to the figure as text: branca would compile the rendered script (with its
        100+ KB of data) as a Jinja template on every render, the slowest step of a rerun."""
        self.get_root().script.add_child(_ScriptText(self._template.module.script(self, kwargs)), name=self.get_name())


class _ScriptText(Element):
    """Already-rendered script text, added to a figure without being parsed as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


def _indexed_styles(features: Sequence[dict], style_of) -> tuple[list[dict], list[dict]]:
    """Give each feature ``s``, the index of its style in a list of distinct styles."""
    styles: list[dict] = []
    keyed: list[dict] = []
    for feature in features:
        style = style_of(feature)
        if style not in styles:
            styles.append(style)
        keyed.append(feature | {"s": styles.index(style)})
    return keyed, styles


# --- layers -------------------------------------------------------------------------------------

def lsoa_layer(features: Features, fills: Mapping[str, str], *, selected: Collection[str] = (),
               flagged: Collection[str] = (), attribution: str = "", name: str = "LSOAs") -> folium.FeatureGroup:
    """The LSOA fill layer: one colour per code, selected LSOAs outlined (drawn last, so on top),
    LSOAs with a boundary change dashed, a tooltip repeating the table row."""

    def style(feature):
        code = feature["code"]
        outline = {"color": palettes.LSOA_LINE, "weight": 0.6}
        if code in flagged:
            outline = {"color": palettes.FLAGGED_LSOA_LINE, "weight": 1.2, "dashArray": "4 3"}
        if code in selected:
            outline = {"color": palettes.SELECTED_LINE, "weight": 4}
        return {"fillColor": fills.get(code, palettes.NO_DATA), "fillOpacity": LSOA_FILL_OPACITY, **outline}

    ordered = sorted(features.features, key=lambda f: f["code"] in selected)
    keyed, styles = _indexed_styles(ordered, style)
    group = folium.FeatureGroup(name=name)
    GeoJsonLayer(keyed, styles, aliases=features.aliases, interactive=True, attribution=attribution,
                 highlight={"weight": 3, "color": palettes.WARD_LINE}).add_to(group)
    return group


def _areas(geometry_by_code: Mapping[str, dict]) -> list[dict]:
    return [{"code": code, "geometry": geometry} for code, geometry in geometry_by_code.items()]


def outline_layer(geometry_by_code: Mapping[str, dict], name: str, colour: str, weight: float,
                  dash: str | None = None, casing: str | None = None) -> folium.FeatureGroup:
    """Unfilled, non-interactive boundaries (wards, constituencies) drawn above the LSOA fills.

    ``casing`` draws a wider line of that colour underneath, so the line stays visible on fills of
    its own hue (a pink constituency line across pink most-deprived LSOAs).
    """
    line = {"color": colour, "weight": weight, "fill": False, "opacity": 0.9} | ({"dashArray": dash} if dash else {})
    group = folium.FeatureGroup(name=name)
    areas = _areas(geometry_by_code)
    if casing:
        GeoJsonLayer(areas, [{"color": casing, "weight": weight + 3, "fill": False, "opacity": 0.9}],
                     pane=BOUNDARY_PANE).add_to(group)
    GeoJsonLayer(areas, [line], pane=BOUNDARY_PANE).add_to(group)
    return group


def label_points(shapes: gpd.GeoDataFrame) -> list[dict]:
    """A label feature per area: its escaped name, at a point inside it, with its width (cache this)."""
    bounds = shapes.geometry.bounds
    return [{"code": str(code), "t": [html.escape(str(label))], "w": round(float(width), 4),
             "geometry": {"type": "Point", "coordinates": _round([point.x, point.y])}}
            for code, label, point, width in zip(shapes["code"], shapes["name"], shapes.geometry.representative_point(),
                                                 bounds["maxx"] - bounds["minx"], strict=True)]


def label_layer(points: Sequence[dict], name: str = "Ward names") -> folium.FeatureGroup:
    """Names (from label_points) that show once their area is wide enough on screen to hold them;
    ward names are the map's landmarks when there is no basemap."""
    group = folium.FeatureGroup(name=name)
    GeoJsonLayer(points, [{}], fit_labels=True).add_to(group)
    return group


def point_layer(lat: float, lon: float, label: str, name: str = "Postcode") -> folium.FeatureGroup:
    """A marked point (a postcode that was looked up), with its label as the tooltip."""
    group = folium.FeatureGroup(name=name)
    folium.CircleMarker([lat, lon], radius=7, color=palettes.WARD_LINE, weight=2, fill=True,
                        fill_color=palettes.SELECTED_LINE, fill_opacity=1,
                        tooltip=html.escape(label)).add_to(group)
    return group


def place_layer_json(roads: gpd.GeoDataFrame, road_labels: gpd.GeoDataFrame, localities: gpd.GeoDataFrame) -> str:
    """Main roads, road-name points and locality points as one compact JSON file for PlaceLayer to fetch.

    Names are HTML-escaped here, as every other label on the map: they are drawn as HTML in divIcons.
    """
    def point(geom) -> list[float]:
        return _round([geom.x, geom.y])

    lines = [{"type": "Feature", "properties": {},
              "geometry": {"type": mapping(g)["type"], "coordinates": _round(mapping(g)["coordinates"])}}
             for g in roads.geometry]
    return script_json({
        "roads": {"type": "FeatureCollection", "features": lines},
        "roadNames": [[*point(g), html.escape(str(n))] for n, g in zip(road_labels["name"], road_labels.geometry, strict=True)],
        "places": [[*point(g), html.escape(str(n))] for n, g in zip(localities["name"], localities.geometry, strict=True)],
    })


class PlaceLayer(MacroElement):
    """Main roads with their names and locality names, fetched from ``url`` the first time the map is zoomed in
    to PLACE_LAYER_MIN_ZOOM: opening the map (the whole borough) costs a few hundred bytes of script and no
    request, so the first draw of the LSOAs is not slowed. Nothing here takes the pointer (clicks reach the
    LSOAs); road names show from ROAD_NAMES_MIN_ZOOM."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (group) {
            var map = null, requested = false, layers = null;
            var minZoom = {{ this.min_zoom }}, namesZoom = {{ this.names_zoom }}, pane = {{ this.pane|tojson }};
            function labels(points, className) {
                return L.layerGroup(points.map(function (p) {
                    return L.marker([p[1], p[0]], {interactive: false, keyboard: false, icon: L.divIcon({
                        className: className, iconSize: [0, 0], html: "<span>" + p[2] + "</span>"})});
                }));
            }
            function build(data) {
                layers = {
                    roads: L.layerGroup([
                        L.geoJson(data.roads, {pane: pane, interactive: false,
                                               style: {color: {{ this.casing|tojson }}, weight: 4.5, opacity: 0.8}}),
                        L.geoJson(data.roads, {pane: pane, interactive: false,
                                               style: {color: {{ this.line|tojson }}, weight: 2, opacity: 0.95}})]),
                    places: labels(data.places, {{ this.place_class|tojson }}),
                    roadNames: labels(data.roadNames, {{ this.road_class|tojson }})
                };
            }
            function show(layer, on) { if (on) { group.addLayer(layer); } else { group.removeLayer(layer); } }
            function fit() {
                var zoom = map.getZoom();
                if (zoom >= minZoom && !requested) {
                    requested = true;
                    fetch({{ this.url|tojson }}).then(function (r) { return r.json(); })
                        .then(function (data) { build(data); if (map) { fit(); } })
                        .catch(function () { requested = false; });
                }
                if (layers) {
                    show(layers.roads, zoom >= minZoom);
                    show(layers.places, zoom >= minZoom);
                    show(layers.roadNames, zoom >= namesZoom);
                }
                map.getContainer().setAttribute("data-place-layer", layers ? "drawn" : requested ? "loading" : "waiting");
            }
            function added() { map = group._map; map.on("zoomend", fit); fit(); }
            group.on("add", added);
            group.on("remove", function () {
                if (map) { map.off("zoomend", fit); map.getContainer().removeAttribute("data-place-layer"); map = null; }
            });
            if (group._map) { added(); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, url: str):
        super().__init__()
        self._name = "PlaceLayer"
        self.url = url
        self.pane = ROAD_PANE
        self.min_zoom = PLACE_LAYER_MIN_ZOOM
        self.names_zoom = ROAD_NAMES_MIN_ZOOM
        self.line = palettes.ROAD_LINE
        self.casing = palettes.ROAD_CASING
        self.road_class = ROAD_LABEL_CLASS
        self.place_class = PLACE_LABEL_CLASS


def place_layer(url: str, name: str = "Main roads and places") -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name)
    PlaceLayer(url).add_to(group)
    return group


class MapStyles(MacroElement):
    """CSS the overlays rely on (ward, road and place labels with a halo, tooltip tables, a compact attribution),
    a click fix, and on a narrow map (a phone) compact tooltips and an attribution that collapses to one line,
    opened in full by a tap (or Enter).

    The CSS lives on the base map because st_folium sends only the base map's header; overlays added
    through feature_group_to_add bring scripts, not styles. The fix: Leaflet focuses the map on mousedown,
    and the browser then scrolls the Streamlit page to show the whole map iframe, so on a map partly
    below the fold the map moves under the pointer between mousedown and mouseup and the click lands
    nowhere (seen in Chromium). Focusing with preventScroll keeps the keyboard controls without the jump.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .{{ this.label_class }} span {
            position: absolute; transform: translate(-50%, -50%); white-space: nowrap; pointer-events: none;
            font: 600 11px/1.2 system-ui, sans-serif; color: {{ this.text }};
            text-shadow: 0 0 3px {{ this.halo }}, 0 0 3px {{ this.halo }}, 0 0 2px {{ this.halo }};
          }
          .leaflet-tooltip { font: 12px/1.3 system-ui, sans-serif; white-space: normal; }
          .leaflet-tooltip table th { text-align: left; vertical-align: top; padding: 1px 8px 1px 0; font-weight: 600; max-width: 120px; }
          .leaflet-tooltip table td { vertical-align: top; padding: 1px 0; max-width: 140px; }
          .{{ this.road_class }} span, .{{ this.place_class }} span {
            position: absolute; transform: translate(-50%, -50%); white-space: nowrap; pointer-events: none;
            text-shadow: 0 0 3px {{ this.halo }}, 0 0 3px {{ this.halo }}, 0 0 2px {{ this.halo }};
          }
          .{{ this.road_class }} span { font: italic 500 11px/1.2 system-ui, sans-serif; color: {{ this.road_text }}; }
          .{{ this.place_class }} span {
            font: 700 10px/1.2 system-ui, sans-serif; letter-spacing: 0.06em; text-transform: uppercase; color: {{ this.text }};
          }
          .leaflet-container { background: {{ this.background }}; }
          .leaflet-control-attribution { font-size: 9px; line-height: 1.25; max-width: 78%; }
          .fsot-attribution-toggle { display: none; }
          @media (max-width: 640px) {
            .leaflet-tooltip { font-size: 11px; line-height: 1.2; padding: 3px 5px; width: 200px; }
            .leaflet-tooltip table th { max-width: 64px; padding-right: 4px; }
            .leaflet-tooltip table td { max-width: none; }
            .leaflet-tooltip table tr:first-child, .leaflet-tooltip table tr:nth-child(n+6) { display: none; }
            .leaflet-control-attribution { max-width: calc(100% - 100px); cursor: pointer; }
            .leaflet-control-attribution:not(.fsot-open) { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
            .fsot-attribution-toggle { display: block; min-width: 28px; min-height: 28px; margin: 0 0 2px; padding: 0 6px;
              font: 600 12px/26px system-ui, sans-serif; color: {{ this.text }}; background: #FFFFFF;
              border: 1px solid #6B7280; border-radius: 4px; cursor: pointer; }
          }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
            var keyboard = map.keyboard;
            keyboard.disable();
            keyboard._onMouseDown = function () {
                if (!this._focused) { this._map.getContainer().focus({preventScroll: true}); }
            };
            keyboard.enable();
            // On a phone the attribution is one line; a real button beside it (shown only there) opens it in full.
            // The attribution itself stays plain text with links (a control holding links must not be a control
            // itself: WCAG 4.1.2), and a tap on the line opens it too. Leaflet rewrites the attribution's
            // contents when layers change, so the button lives beside it, not inside.
            var attribution = map.attributionControl && map.attributionControl.getContainer();
            if (attribution) {
                attribution.id = map.getContainer().id + "-attribution";
                var button = L.DomUtil.create("button", "leaflet-control fsot-attribution-toggle");
                attribution.parentNode.insertBefore(button, attribution);
                button.type = "button";
                button.textContent = "Sources";
                button.setAttribute("aria-controls", attribution.id);
                button.setAttribute("aria-expanded", "false");
                var toggle = function (event) {
                    if (event.target.tagName === "A") { return; }
                    var open = attribution.classList.toggle("fsot-open");
                    button.setAttribute("aria-expanded", open ? "true" : "false");
                };
                L.DomEvent.disableClickPropagation(button);
                L.DomEvent.disableClickPropagation(attribution);
                button.addEventListener("click", toggle);
                attribution.addEventListener("click", toggle);
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "MapStyles"
        self.label_class = LABEL_CLASS
        self.road_class = ROAD_LABEL_CLASS
        self.place_class = PLACE_LABEL_CLASS
        self.text = palettes.MAP_LABEL_TEXT
        self.road_text = palettes.ROAD_LABEL_TEXT
        self.halo = palettes.MAP_LABEL_HALO
        self.background = palettes.MAP_BACKGROUND


def national_map(shapes: gpd.GeoDataFrame, fifths: pd.DataFrame, lad_code: str, measure_label: str,
                 attribution: str = "") -> folium.Map:
    """England's districts filled by fifth (fsot_data.national), the chosen authority outlined, with a tooltip of
    name, value and rank; fitted to England."""
    table = fifths.set_index("code")
    features = []
    for code, geometry in geometries(shapes).items():
        row = table.loc[code] if code in table.index else None
        fifth = int(row["fifth"]) if row is not None and row["fifth"] == row["fifth"] else 0
        tooltip = [display_text(row["name"]) if row is not None else code,
                   display_text(row["value"]) if row is not None else "no data",
                   display_text(int(row["rank"])) if row is not None and row["rank"] == row["rank"] else "no data"]
        features.append({"code": code, "geometry": geometry, "t": tooltip, "fifth": fifth})
    keyed, styles = _indexed_styles(features, lambda f: {"fillColor": palettes.FIFTH_COLOURS.get(f["fifth"], palettes.NO_DATA),
                                                         "fillOpacity": 0.9, "color": palettes.LSOA_LINE, "weight": 0.4})
    bounds = leaflet_bounds(shapes)
    m = offline_map(location=[sum(c) / 2 for c in zip(*bounds, strict=True)], zoom_start=6, zoom_snap=0.25, control_scale=True)
    m.add_child(MapStyles())
    folium.map.CustomPane(BOUNDARY_PANE, z_index=450, pointer_events=False).add_to(m)
    GeoJsonLayer([{k: v for k, v in f.items() if k != "fifth"} for f in keyed], styles, interactive=True,
                 aliases=["District", measure_label, "Rank (1 = most deprived)"], attribution=attribution).add_to(m)
    chosen = shapes.loc[shapes["code"] == lad_code]
    GeoJsonLayer(_areas(geometries(chosen)), [{"color": palettes.SELECTED_LINE, "weight": 3.5, "fill": False}],
                 pane=BOUNDARY_PANE).add_to(m)
    m.fit_bounds(bounds)
    return m


def leaflet_bounds(shapes: gpd.GeoDataFrame) -> list[list[float]]:
    """[[south, west], [north, east]] of a GeoDataFrame in longitude/latitude."""
    west, south, east, north = shapes.total_bounds
    return [[float(south), float(west)], [float(north), float(east)]]


def borough_map(outline: gpd.GeoDataFrame, attribution: str = "") -> folium.Map:
    """The base map: borough edge, label and tooltip styles, a pane for boundaries; fitted to the borough.

    ``attribution`` (see attribution_html) goes to Leaflet's attribution control with the outline;
    pages that pass overlays give the overlays' attribution to lsoa_layer instead.
    """
    bounds = leaflet_bounds(outline)
    m = offline_map(location=[sum(c) / 2 for c in zip(*bounds, strict=True)], zoom_start=11, zoom_snap=0.25, zoom_delta=0.5,
                    control_scale=True)
    m.add_child(MapStyles())
    folium.map.CustomPane(ROAD_PANE, z_index=430, pointer_events=False).add_to(m)
    folium.map.CustomPane(BOUNDARY_PANE, z_index=450, pointer_events=False).add_to(m)
    GeoJsonLayer(_areas(geometries(outline)), [{"color": palettes.BOROUGH_LINE, "weight": 2.5, "fill": False}],
                 pane=BOUNDARY_PANE, attribution=attribution).add_to(m)
    m.fit_bounds(bounds)
    return m


def view_for_bounds(bounds: Sequence[Sequence[float]], width_px: int, height_px: int,
                    padding: float = 0.75, max_zoom: float = MAX_FOCUS_ZOOM) -> tuple[list[float], float]:
    """Centre and zoom (in quarter steps) at which Leaflet shows ``bounds`` in a map of the given size.

    st_folium moves an existing map only through ``center``/``zoom`` (a new fit_bounds would mean a
    new map, reloaded from scratch), so the page zooms to a ward or an LSOA with this.
    """
    (south, west), (north, east) = bounds

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    x_fraction = max((east - west) / 360, 1e-9)
    y_fraction = max((mercator_y(north) - mercator_y(south)) / (2 * math.pi), 1e-9)
    zoom = min(math.log2(width_px * padding / (TILE_SIZE_PX * x_fraction)),
               math.log2(height_px * padding / (TILE_SIZE_PX * y_fraction)), max_zoom)
    return [(south + north) / 2, (west + east) / 2], math.floor(zoom * 4) / 4


# --- a map for choosing LSOAs (Compare areas: "your own selection") -------------------------------------

def lsoa_picker_map(shapes, lsoas: pd.DataFrame, selected: Collection[str]) -> folium.Map:
    """The borough's LSOA outlines for picking a custom set: chosen LSOAs filled, the rest outlined.

    `shapes` is the edition's GeoDataFrame (code, name, geometry; WGS84). Each feature carries its code,
    name and ward (HTML-escaped), so a click returns them (st_folium's last_active_drawing). Offline:
    no tiles unless FSOT_TILE_URL is set (views.offline_map).
    """
    chosen = set(selected)
    frame = shapes[["code", "name", "geometry"]].merge(
        lsoas[["lsoa_code", "ward_name"]].rename(columns={"lsoa_code": "code", "ward_name": "ward"}), on="code", how="left")
    frame["chosen"] = frame["code"].isin(chosen).map({True: "yes", False: "no"})
    for column in ("name", "ward"):  # folium's GeoJsonTooltip writes values as HTML: escape the data
        frame[column] = frame[column].fillna("").astype(str).map(html.escape)
    west, south, east, north = frame.total_bounds
    # A fixed centre and zoom: fit_bounds runs before st_folium sizes the frame, and zooms too far out.
    m = offline_map(location=[(south + north) / 2, (west + east) / 2], zoom_start=11, scrollWheelZoom=False)
    folium.GeoJson(
        frame.to_json(), name="LSOAs", smooth_factor=0,
        style_function=lambda f: {
            "color": palettes.WARD_LINE, "weight": 1,
            "fillColor": palettes.SELECTED_LINE if f["properties"]["chosen"] == "yes" else palettes.NOT_HIGHLIGHTED,
            "fillOpacity": 0.75 if f["properties"]["chosen"] == "yes" else 0.35},
        highlight_function=lambda f: {"weight": 3},
        tooltip=folium.GeoJsonTooltip(fields=["name", "code", "ward", "chosen"],
                                      aliases=["LSOA", "Code", "Ward (best fit)", "In your selection"]),
    ).add_to(m)
    return m
