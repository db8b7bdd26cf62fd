"""views/offline_map.py: maps must reference no CDN and only files the app serves.

The "files exist" tests need the set-up step first:
    npm ci && python scripts/vendor_assets.py
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import branca.colormap
import folium
import folium.plugins
import pytest

from views import offline_map as om

ROOT = Path(__file__).resolve().parents[1]
SETUP_HINT = "run `npm ci && python scripts/vendor_assets.py` at the project root"


def _load_vendor_assets():
    spec = importlib.util.spec_from_file_location(
        "fsot_vendor_assets", ROOT / "scripts" / "vendor_assets.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


vendor_assets = _load_vendor_assets()

SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": "E01012345", "decile": 1},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[-1.33, 54.55], [-1.30, 54.55], [-1.30, 54.57], [-1.33, 54.57], [-1.33, 54.55]]],
            },
        },
        {
            "type": "Feature",
            "properties": {"code": "E01012346", "decile": 7},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[[[-1.30, 54.55], [-1.28, 54.55], [-1.28, 54.57], [-1.30, 54.55]]]],
            },
        },
    ],
}


@pytest.fixture(autouse=True)
def _no_tile_env(monkeypatch):
    monkeypatch.delenv(om.TILE_URL_ENV, raising=False)
    monkeypatch.delenv(om.TILE_ATTRIBUTION_ENV, raising=False)


def build_typical_map(**kwargs) -> folium.Map:
    """Everything our pages are expected to use, on one map."""
    m = om.offline_map(location=[54.56, -1.31], zoom_start=11, **kwargs)
    group = folium.FeatureGroup(name="LSOAs").add_to(m)
    folium.GeoJson(
        SQUARE,
        style_function=lambda f: {"fillColor": "#08519c", "weight": 0.5},
        highlight_function=lambda f: {"weight": 2},
        tooltip=folium.GeoJsonTooltip(["code", "decile"], aliases=["LSOA", "Decile"], localize=True),
        popup=folium.GeoJsonPopup(["code"]),
        smooth_factor=0,
    ).add_to(group)
    folium.CircleMarker([54.56, -1.31], radius=5, tooltip="centre").add_to(m)
    folium.Marker([54.57, -1.32], tooltip="Municipal Buildings").add_to(m)
    folium.LayerControl().add_to(m)
    m.fit_bounds([[54.55, -1.33], [54.57, -1.28]])
    return m


def linked_urls(html: str) -> list[str]:
    scripts = re.findall(r"<script[^>]*\bsrc=[\"']([^\"']+)", html, flags=re.I)
    styles = re.findall(r"<link[^>]*\bhref=[\"']([^\"']+)", html, flags=re.I)
    return scripts + styles


@pytest.mark.parametrize("prefer_canvas", [False, True])
def test_rendered_html_has_no_internet_urls(prefer_canvas):
    html = build_typical_map(prefer_canvas=prefer_canvas).get_root().render()
    urls = linked_urls(html)
    assert urls, "expected the map to link its vendored scripts/styles"
    external = [u for u in urls if re.match(r"(?i)(https?:)?//", u)]
    assert external == []
    assert sorted(urls) == sorted(om.ASSET_URLS)
    # No basemap and no CDN: nothing in the page mentions http(s) at all.
    assert re.findall(r"https?://", html) == []


def test_what_st_folium_sends_to_the_iframe_is_local(monkeypatch):
    # st_folium ignores the header's <script>/<link> tags and sends the
    # default_js/default_css of every element instead; capture exactly that.
    import streamlit_folium

    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    streamlit_folium.st_folium(build_typical_map(), key="t", returned_objects=[])
    assert sent["js_links"] == [u for u in om.ASSET_URLS if u.endswith(".js")]
    assert sent["css_links"] == [u for u in om.ASSET_URLS if u.endswith(".css")]
    # the default-marker image path fix travels in the map script, which st_folium keeps
    assert 'L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/"' in sent["script"]
    assert not re.search(r"https?://", sent["script"] + sent["header"] + sent["html"])


def test_every_referenced_static_file_exists():
    html = build_typical_map().get_root().render()
    paths = [om.static_path_for_url(u) for u in linked_urls(html)]
    missing = [p for p in [*paths, *om.ASSET_FILES] if not p.is_file()]
    assert not missing, f"missing vendored files {missing}: {SETUP_HINT}"


def test_vendor_manifest_covers_every_asset():
    produced = {
        om.VENDOR_DIR / dest for files in vendor_assets.MANIFEST.values() for dest in files
    }
    assert set(om.ASSET_FILES) <= produced
    assert vendor_assets.VENDOR_DIR == om.VENDOR_DIR


def test_vendoring_is_idempotent(tmp_path):
    if not vendor_assets.NODE_MODULES.is_dir():
        pytest.fail(f"node_modules/ is missing: {SETUP_HINT}")
    first = vendor_assets.vendor(dest=tmp_path)
    stamps = {p: p.stat().st_mtime_ns for p in first}
    second = vendor_assets.vendor(dest=tmp_path)
    assert first == second
    assert {p: p.stat().st_mtime_ns for p in second} == stamps
    assert all(p.stat().st_size > 0 for p in second)


def test_vendoring_without_node_modules_says_run_npm_ci(tmp_path):
    with pytest.raises(vendor_assets.VendorError, match="npm ci"):
        vendor_assets.vendor(node_modules=tmp_path / "node_modules", dest=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_no_basemap_by_default():
    html = om.offline_map().get_root().render()
    assert "L.tileLayer" not in html
    assert om.tile_settings({}) == {"tiles": None}


def test_tile_url_from_environment(monkeypatch):
    url = "https://tiles.example.gov.uk/{z}/{x}/{y}.png"
    monkeypatch.setenv(om.TILE_URL_ENV, url)
    monkeypatch.setenv(om.TILE_ATTRIBUTION_ENV, "Contains OS data © Crown copyright")
    html = om.offline_map().get_root().render()
    assert "L.tileLayer" in html and url in html
    assert "Contains OS data" in html
    # A basemap is an image source, never a script or stylesheet.
    assert all(not u.startswith("http") for u in linked_urls(html))


def test_tile_url_without_attribution_is_an_error():
    with pytest.raises(ValueError, match=om.TILE_ATTRIBUTION_ENV):
        om.tile_settings({om.TILE_URL_ENV: "https://t.example/{z}/{x}/{y}.png"})


def test_explicit_tiles_win_over_environment(monkeypatch):
    monkeypatch.setenv(om.TILE_URL_ENV, "https://t.example/{z}/{x}/{y}.png")
    html = om.offline_map(tiles=None).get_root().render()
    assert "L.tileLayer" not in html


def test_typical_map_is_offline():
    om.assert_offline(build_typical_map())


def test_detects_what_would_reach_the_internet():
    assert om.external_assets(folium.Map(tiles=None))  # folium's own defaults: CDNs

    m = om.offline_map()
    folium.Marker([54.5, -1.3], icon=folium.Icon(color="red")).add_to(m)
    branca.colormap.LinearColormap(["#ffffff", "#000000"], vmin=1, vmax=10).add_to(m)
    folium.plugins.Fullscreen().add_to(m)
    problems = "\n".join(om.external_assets(m))
    assert "Icon: needs Leaflet.awesome-markers" in problems
    assert "https://d3js.org/d3.v4.min.js" in problems
    assert "Fullscreen" in problems
    with pytest.raises(ValueError, match="internet"):
        om.assert_offline(m)


def test_no_map_links_jquery_and_one_that_would_need_it_is_flagged():
    m = om.offline_map()
    assert not any("jquery" in url.lower() for url in linked_urls(m.get_root().render()))
    folium.CircleMarker([54.5, -1.3], popup="Stockton").add_to(m)
    assert "Popup: folium's template calls jQuery, which the app does not serve" in "\n".join(om.external_assets(m))


def test_folium_class_defaults_are_not_mutated():
    before = list(folium.Map.default_js), list(folium.Map.default_css)
    om.offline_map()
    assert (list(folium.Map.default_js), list(folium.Map.default_css)) == before
    assert folium.Map(tiles=None).default_js[0][1].startswith("https://")


def test_views_module_does_not_import_streamlit():
    code = "import sys, views.offline_map; sys.exit('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    assert result.returncode == 0, "views/offline_map.py must not import streamlit"
