"""views/maps.py: colours per view and decile, legend counts, compact escaped GeoJSON, layers, the base map.

Small synthetic squares for the builders; the payload check at the end uses the built tables.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, Polygon, box

from fsot_data import edition_change as ec
from fsot_data import map_view_model as mvm
from views import maps, palettes
from views.offline_map import ASSET_URLS, assert_offline, external_assets

ROOT = Path(__file__).resolve().parents[1]
MAX_LSOA_LAYER_BYTES = 150_000


def _drawn(base: folium.Map, overlays) -> folium.Map:
    """The map as the page draws it: st_folium adds the overlays (feature_group_to_add) to the one base map."""
    for group in overlays:
        group.add_to(base)
    return base


@pytest.fixture(autouse=True)
def _no_basemap(monkeypatch):
    monkeypatch.delenv("FSOT_TILE_URL", raising=False)


@pytest.fixture
def shapes() -> gpd.GeoDataFrame:
    squares = [box(-1.33 + 0.01 * i, 54.55, -1.32 + 0.01 * i, 54.56) for i in range(3)]
    return gpd.GeoDataFrame({"code": ["E01000001", "E01000002", "E01000003"],
                             "name": ["Ward <b>One</b>", "Ward & Two", "Ward Three"]}, geometry=squares, crs=4326)


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame({mvm.CODE: ["E01000002", "E01000001", "E01000003"],
                         "LSOA name": ["Town <script>alert(1)</script>", "Town 1", "Town 3"],
                         "Ward (best fit)": ["Bishopsgarth & Elm Tree", "Ward 'A'", "Ward C"],
                         "IMD rank (of 33,755)": pd.array([40, 17806, None], dtype="Int64"),
                         "IMD decile": pd.array([1, 6, None], dtype="Int64"),
                         "Population": ["not published in this source"] * 3})


def _script(m: folium.Map) -> str:
    return m.get_root().render()


# --- colours and legend -------------------------------------------------------------------------

@pytest.mark.parametrize("decile", range(1, 11))
def test_every_decile_has_its_viridis_colour(decile):
    fills = maps.view_fills(pd.Series([decile], dtype="Int64"), "deciles")
    assert fills == [palettes.DECILE_COLOURS[decile]]


def test_missing_decile_is_no_data_in_every_view():
    for view in ("deciles", "band10", "band20"):
        assert maps.view_fills(pd.Series([np.nan]), view) == [palettes.NO_DATA]


def test_highlight_views():
    deciles = pd.Series([1, 2, 3, 10], dtype="Int64")
    assert list(maps.view_fills(deciles, "band10")) == [palettes.HIGHLIGHT] + [palettes.NOT_HIGHLIGHTED] * 3
    assert list(maps.view_fills(deciles, "band20")) == [palettes.HIGHLIGHT, palettes.HIGHLIGHT_SECOND,
                                                        palettes.NOT_HIGHLIGHTED, palettes.NOT_HIGHLIGHTED]


def test_change_view_colours():
    statuses = pd.Series([ec.ENTERED, ec.STAYED, ec.LEFT, ec.NEITHER, ec.NOT_COMPARABLE])
    fills = list(maps.view_fills(statuses, "change"))
    assert fills[:4] == [palettes.CHANGE_COLOURS[s] for s in statuses[:4]]
    assert fills[4] == palettes.NO_DATA
    assert len(set(fills)) == 5


def test_legend_counts_and_labels():
    deciles = pd.Series([1, 1, 2, 5, np.nan])
    band = maps.legend_entries(deciles, "band20")
    assert [(e.colour, e.count) for e in band] == [(palettes.HIGHLIGHT, 2), (palettes.HIGHLIGHT_SECOND, 1),
                                                   (palettes.NOT_HIGHLIGHTED, 1), (palettes.NO_DATA, 1)]
    ten = maps.legend_entries(deciles, "deciles")
    assert [e.count for e in ten][:3] == [2, 1, 0] and ten[0].label == "Decile 1 (most deprived 10%)"
    change = maps.legend_entries(pd.Series([ec.LEFT, ec.LEFT]), "change")
    assert {e.label: e.count for e in change}[ec.LEFT] == 2
    assert ec.NOT_COMPARABLE not in {e.label for e in change}


def test_legend_html_escapes_and_shows_counts():
    text = maps.legend_html([maps.LegendEntry("#440154", "Decile <1>", 3)], "IMD & more")
    assert "Decile &lt;1&gt;: <b>3</b>" in text and "IMD &amp; more" in text and "#440154" in text


# --- GeoJSON ------------------------------------------------------------------------------------

def test_geometries_are_rounded(shapes):
    shapes.loc[0, "geometry"] = Polygon([(-1.123456789, 54.1), (-1.1, 54.123456789), (-1.1, 54.1)])
    geometry = maps.geometries(shapes)["E01000001"]
    numbers = re.findall(r"-?\d+\.\d+", json.dumps(geometry))
    assert numbers and all(len(n.split(".")[1]) <= maps.COORDINATE_DECIMALS for n in numbers)


def test_features_carry_only_code_and_escaped_tooltip_values(shapes, table):
    features = maps.lsoa_features(maps.geometries(shapes), table)
    assert [f["code"] for f in features.features] == ["E01000002", "E01000001", "E01000003"]
    assert all(set(f) == {"code", "t", "geometry"} for f in features.features)
    first = features.features[0]["t"]
    assert first == ["E01000002", "Town &lt;script&gt;alert(1)&lt;/script&gt;", "Bishopsgarth &amp; Elm Tree", "40", "1",
                     "not published in this source"]
    assert features.features[1]["t"][3] == "17,806"
    assert features.features[2]["t"][3:5] == ["no data", "no data"]
    assert features.aliases[0] == mvm.CODE


def test_features_skip_rows_without_a_shape_and_choose_columns(shapes, table):
    table.loc[3] = ["E01999999", "Elsewhere", "Ward", 1, 1, "x"]
    features = maps.lsoa_features(maps.geometries(shapes), table, ["LSOA name", "IMD decile"])
    assert len(features.features) == 3
    assert features.aliases == ("LSOA name", "IMD decile")
    assert features.features[0]["t"] == ["Town &lt;script&gt;alert(1)&lt;/script&gt;", "1"]


def test_display_text():
    assert maps.display_text(np.int64(33755)) == "33,755"
    assert maps.display_text(1365.0) == "1,365"
    assert maps.display_text(pd.NA) == "no data"
    assert maps.display_text(0.25) == "0.25"
    assert maps.display_text("a < b") == "a &lt; b"


def test_script_json_cannot_close_a_script_tag():
    text = maps.script_json({"t": ["</script><script>alert(1)</script>", "it's & <b>"]})
    assert "<" not in text and ">" not in text and "&" not in text and "'" not in text
    assert json.loads(text) == {"t": ["</script><script>alert(1)</script>", "it's & <b>"]}


def test_attribution_gives_each_statement_once():
    lines = ["Contains public sector information licensed under the Open Government Licence v3.0.",
             "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
             "Contains OS data © Crown copyright and database right 2021.",
             "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
             "Contains OS data © Crown copyright and database right 2025.",
             "Contains public sector information licensed under the Open Government Licence v3.0. Contains Royal Mail data."]
    text = maps.attribution_html(lines)
    assert text.count("Open Government Licence v3.0") == 1
    assert text.count("Source: Office for National Statistics") == 1
    assert "right 2021." in text and "right 2025." in text and "Royal Mail" in text


# --- layers and the map -------------------------------------------------------------------------

def _layers(element) -> list[maps.GeoJsonLayer]:
    found = [element] if isinstance(element, maps.GeoJsonLayer) else []
    for child in element._children.values():
        found += _layers(child)
    return found


def test_lsoa_layer_styles_selection_flags_and_tooltip(shapes, table):
    features = maps.lsoa_features(maps.geometries(shapes), table)
    fills = dict(zip(table[mvm.CODE], maps.view_fills(table["IMD decile"], "deciles"), strict=True))
    group = maps.lsoa_layer(features, fills, selected=["E01000001"], flagged=["E01000003"], attribution="OGL &amp; ONS")
    (layer,) = _layers(group)
    data = json.loads(layer.data)
    assert [f["properties"]["code"] for f in data["features"]][-1] == "E01000001"  # selected drawn last
    styles = json.loads(layer.styles)
    style_of = {f["properties"]["code"]: styles[f["properties"]["s"]] for f in data["features"]}
    assert style_of["E01000002"]["fillColor"] == palettes.DECILE_COLOURS[1]
    assert style_of["E01000003"]["fillColor"] == palettes.NO_DATA and style_of["E01000003"]["dashArray"] == "4 3"
    assert style_of["E01000001"]["color"] == palettes.SELECTED_LINE
    assert set(data["features"][0]["properties"]) == {"code", "t", "s"}
    html = _script(_drawn(maps.borough_map(shapes), [group]))
    assert "bindTooltip" in html and "interactive: true" in html
    assert 'attribution: "OGL \\u0026amp; ONS"' in html  # HTML-escaped text, then JSON-escaped for the script
    assert layer.data in html  # embedded compactly, as built
    assert ", " not in layer.data


def test_layer_script_is_added_as_text_not_as_a_template(shapes, table):
    """Rendered once, never re-parsed by Jinja: data with template syntax stays literal (and rerun is fast)."""
    table.loc[0, "LSOA name"] = "{{ 7 * 7 }} {% if x %}"
    features = maps.lsoa_features(maps.geometries(shapes), table)
    html = _script(_drawn(maps.borough_map(shapes), [maps.lsoa_layer(features, {})]))
    assert "{{ 7 * 7 }} {% if x %}" in html and "49" not in html.split("L.geoJson(")[2][:2000]


def test_outline_and_label_layers(shapes):
    outline = maps.outline_layer(maps.geometries(shapes), "Wards", palettes.WARD_LINE, 2, casing="#FFFFFF")
    casing, line = _layers(outline)
    assert json.loads(casing.styles)[0]["weight"] == 5 and json.loads(line.styles)[0]["color"] == palettes.WARD_LINE
    assert line.pane == maps.BOUNDARY_PANE and not line.interactive and json.loads(line.aliases) == []
    (labels,) = _layers(maps.label_layer(maps.label_points(shapes)))
    points = json.loads(labels.data)["features"]
    assert [p["properties"]["t"][0] for p in points] == ["Ward &lt;b&gt;One&lt;/b&gt;", "Ward &amp; Two", "Ward Three"]
    assert all(p["geometry"]["type"] == "Point" and p["properties"]["w"] == pytest.approx(0.01) for p in points)
    assert labels.fit_labels


def test_point_layer_escapes_its_label():
    html = _script(_drawn(maps.borough_map(gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)], crs=4326).assign(code="X")),
                                      [maps.point_layer(54.5, -1.3, "TS18 <1AA>")]))
    assert "TS18 &lt;1AA&gt;" in html


def test_borough_map_is_offline_with_panes_styles_and_bounds(shapes, table):
    features = maps.lsoa_features(maps.geometries(shapes), table)
    overlays = [maps.lsoa_layer(features, {}), maps.outline_layer(maps.geometries(shapes), "Wards", "#000", 2),
                maps.label_layer(maps.label_points(shapes))]
    m = _drawn(maps.borough_map(shapes, attribution="Source: ONS"), overlays)
    assert_offline(m)
    html = _script(m)
    assert re.findall(r"https?://", html) == []
    assert "fitBounds" in html and '"boundaries"' in html and maps.LABEL_CLASS in html
    assert "zoomSnap" in html and '"Source: ONS"' in html
    assert len(_layers(m)) == 4  # outline + LSOAs + wards + labels
    assert all(url in html for url in ASSET_URLS)


def test_what_st_folium_sends_keeps_the_base_map_and_swaps_overlays(monkeypatch, shapes, table):
    """The base map's script is the same whatever the overlays, so the component is not remounted."""
    import streamlit_folium

    sent = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.append(kw))
    features = maps.lsoa_features(maps.geometries(shapes), table)
    for view in ("band10", "deciles"):
        fills = dict(zip(table[mvm.CODE], maps.view_fills(table["IMD decile"], view), strict=True))
        streamlit_folium.st_folium(maps.borough_map(shapes), key="m", height=600, returned_objects=[],
                                   feature_group_to_add=[maps.lsoa_layer(features, fills)])
    assert sent[0]["key"] == sent[1]["key"]
    assert sent[0]["feature_group"] != sent[1]["feature_group"]
    assert palettes.HIGHLIGHT in sent[0]["feature_group"] and palettes.DECILE_COLOURS[1] in sent[1]["feature_group"]
    assert all(link.startswith("/app/static/") for link in sent[0]["js_links"] + sent[0]["css_links"])
    assert "map_div.addLayer(feature_group_feature_group_0)" in sent[0]["feature_group"]
    assert ".fsot-map-label" in sent[0]["header"]  # the overlay's CSS travels with the base map


def test_view_for_bounds():
    borough = [[54.464, -1.453], [54.645, -1.159]]
    centre, zoom = maps.view_for_bounds(borough, 520, 600, padding=0.95)
    assert centre == pytest.approx([54.5545, -1.306])
    assert zoom == 11.0 and zoom * 4 == int(zoom * 4)
    assert maps.view_for_bounds(borough, 1040, 1200, padding=0.95)[1] == 12.0  # twice the size: one level in
    assert maps.view_for_bounds([[54.56, -1.31], [54.56, -1.31]], 520, 600)[1] == maps.MAX_FOCUS_ZOOM


def test_views_maps_does_not_import_streamlit():
    code = "import sys, views.maps; sys.exit('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, "views/maps.py must not import streamlit"


# --- the real borough -----------------------------------------------------------------------------

@pytest.mark.parametrize("view", ["band10", "deciles", "change"])
@pytest.mark.parametrize("edition", ["2025", "2019"])
def test_real_lsoa_layer_payload_is_small(view, edition):
    """The LSOA layer as embedded (the benchmark, benchmarks/map_payload.py, reports the figures)."""
    from fsot_data.datasets import Datasets
    from fsot_data.editions import EDITIONS

    data = Datasets()
    lsoas = {key: data.lsoas(key) for key in EDITIONS}
    result = mvm.map_view(view, edition, "imd", lsoas, data.bridge(), data.lad_name)
    features = maps.lsoa_features(maps.geometries(data.lsoa_shapes(result.edition)), result.table,
                                  mvm.tooltip_columns(result.table))
    assert len(features.features) == (120 if result.edition == "2019" else 124)
    (layer,) = _layers(maps.lsoa_layer(features, dict(zip(result.table[mvm.CODE], maps.view_fills(result.values, view), strict=True))))
    assert len(layer.data.encode()) <= MAX_LSOA_LAYER_BYTES


def test_lsoa_picker_map_is_offline_and_marks_the_selection(data):
    lsoas = data.lsoas("2025")
    chosen = list(lsoas["lsoa_code"].iloc[:3])
    m = maps.lsoa_picker_map(data.lsoa_shapes("2025"), lsoas, chosen)
    assert external_assets(m) == []
    layer = next(child for child in m._children.values() if child.__class__.__name__ == "GeoJson")
    features = layer.data["features"]
    assert len(features) == len(lsoas)
    marked = {f["properties"]["code"] for f in features if f["properties"]["chosen"] == "yes"}
    assert marked == set(chosen) and all(f["properties"]["ward"] for f in features)


def test_lsoa_picker_map_escapes_names_for_its_tooltip(data):
    lsoas = data.lsoas("2019").assign(ward_name=lambda f: f["ward_name"] + " <img src=x onerror=alert(1)>")
    m = maps.lsoa_picker_map(data.lsoa_shapes("2019"), lsoas, [])
    layer = next(child for child in m._children.values() if child.__class__.__name__ == "GeoJson")
    wards = {f["properties"]["ward"] for f in layer.data["features"]}
    assert all("&lt;img" in w and "<img" not in w for w in wards)


# --- main roads and places ----------------------------------------------------------------------

def test_place_layer_file_is_compact_json_with_escaped_names():
    roads = gpd.GeoDataFrame({"name": ["Yarm Road"]}, geometry=[LineString([(-1.3, 54.5), (-1.31, 54.51)])], crs=4326)
    labels = gpd.GeoDataFrame({"name": ["<b>Yarm</b> Road"]}, geometry=[Point(-1.305, 54.505)], crs=4326)
    places = gpd.GeoDataFrame({"name": ["Elm Tree"], "stops": [4]}, geometry=[Point(-1.35, 54.57)], crs=4326)
    data = json.loads(maps.place_layer_json(roads, labels, places))
    assert data["roads"]["features"][0]["geometry"] == {"type": "LineString", "coordinates": [[-1.3, 54.5], [-1.31, 54.51]]}
    assert data["roadNames"] == [[-1.305, 54.505, "&lt;b&gt;Yarm&lt;/b&gt; Road"]]
    assert data["places"] == [[-1.35, 54.57, "Elm Tree"]]


def test_place_layer_fetches_its_file_only_once_zoomed_in():
    m = maps.borough_map(gpd.GeoDataFrame({"code": ["X"]}, geometry=[box(-1.4, 54.5, -1.2, 54.6)], crs=4326))
    maps.place_layer("/app/static/places/E06000004_abc.json").add_to(m)
    assert_offline(m)
    page = m.get_root().render()
    assert 'fetch("/app/static/places/E06000004_abc.json")' in page
    assert f"minZoom = {maps.PLACE_LAYER_MIN_ZOOM}" in page and "zoom >= minZoom && !requested" in page
    assert f'"{maps.ROAD_PANE}"' in page  # below the boundaries, not taking the pointer
