"""Benchmark: bytes of the deprivation map's LSOA layer as sent to the browser, against a naive explore().

    FSOT_SOURCES=../shared/data .venv/bin/python -m benchmarks.map_payload

For each edition and view, the LSOA layer exactly as pages/deprivation_map.py builds it: the GeoJSON
embedded in the page (compact, code + style index + tooltip values, 5-decimal coordinates on the
coverage-simplified boundaries) and the whole overlay script st_folium sends for it. The naive figure
is geopandas' ``explore()`` of the raw ONS boundary file from FSOT_SOURCES (every ONS field as a
property, full precision), measured the same way: the GeoJSON folium embeds. Target: LSOA layer
<= 150 KB. The authority is the first of FSOT_LAD (Stockton-on-Tees, the largest of the Tees Valley's
five, by default).

Then the national context map (Borough against England): the GeoJSON of England's 296 districts and
the whole map document st_folium sends, raw and gzip-compressed. Target: <= 400 KB.
"""

from __future__ import annotations

import gzip
import re

import geopandas as gpd
from streamlit_folium import _get_feature_group_string

from fsot_data import map_view_model as mvm
from fsot_data import national, registry
from fsot_data.datasets import Datasets
from fsot_data.editions import EDITIONS
from views import maps

TARGET_BYTES = 150_000
NATIONAL_TARGET_BYTES = 400_000
_EMBEDDED = re.compile(r"_add\((\{.*?\})\);", re.S)


def ours(data: Datasets, edition: str, view: str) -> tuple[int, int, int]:
    """(features, embedded GeoJSON bytes, bytes of the overlay script st_folium sends)."""
    lsoas = {key: data.lsoas(key) for key in EDITIONS}
    result = mvm.map_view(view, edition, "imd", lsoas, data.bridge(), data.lad_name)
    features = maps.lsoa_features(maps.geometries(data.lsoa_shapes(result.edition)), result.table,
                                  mvm.tooltip_columns(result.table))
    fills = dict(zip(result.table[mvm.CODE], maps.view_fills(result.values, view), strict=True))
    group = maps.lsoa_layer(features, fills, flagged=result.flagged,
                            attribution=maps.attribution_html(registry.attribution_lines(result.sources)))
    (layer,) = [child for child in group._children.values() if isinstance(child, maps.GeoJsonLayer)]
    script = _get_feature_group_string(group, maps.borough_map(data.outline()))
    return len(features.features), len(layer.data.encode()), len(script.encode())


def naive(edition: str) -> tuple[str, int, int]:
    """(file, features, bytes of the GeoJSON folium embeds for gdf.explore() of the raw boundary file)."""
    path = registry.locate(EDITIONS[edition].boundaries_source)
    frame = gpd.read_file(path)
    html = frame.explore().get_root().render()
    return path.name, len(frame), max(len(m.encode()) for m in _EMBEDDED.findall(html))


def national_payload(data: Datasets) -> tuple[int, int, int, int]:
    """(districts, embedded GeoJSON bytes, map document bytes, the document gzip-compressed) of the national map."""
    districts = data.national_districts()
    measure = next(iter(national.MAP_MEASURES))
    m = maps.national_map(districts, national.district_fifths(districts, measure), data.lad_code, national.MAP_MEASURES[measure][0])
    document = m.get_root().render().encode()
    layer = max((child for child in m._children.values() if isinstance(child, maps.GeoJsonLayer)), key=lambda c: len(c.data))
    return len(districts), len(layer.data.encode()), len(document), len(gzip.compress(document))


def main() -> None:
    data = Datasets()
    print(f"{data.lad_name} ({data.lad_code})")
    for edition in EDITIONS:
        file, n_naive, naive_bytes = naive(edition)
        print(f"{EDITIONS[edition].label} ({EDITIONS[edition].lsoa_vintage} LSOAs); naive gdf.explore() of {file}: "
              f"{n_naive} features, {naive_bytes:,} bytes of GeoJSON")
        for view in ("band10", "deciles", "change"):
            if view == "change" and edition == "2019":
                continue  # the change view is on 2021 LSOAs
            n, embedded, script = ours(data, edition, view)
            verdict = "ok" if embedded <= TARGET_BYTES else "OVER TARGET"
            print(f"  {view:8s} {n} LSOAs: GeoJSON {embedded:,} bytes ({embedded / naive_bytes:.0%} of naive, "
                  f"{naive_bytes / embedded:.2f}x smaller); overlay script {script:,} bytes; target {TARGET_BYTES:,}: {verdict}")
    n, embedded, document, compressed = national_payload(data)
    verdict = "ok" if document <= NATIONAL_TARGET_BYTES else "OVER TARGET"
    print(f"National map: {n} districts: GeoJSON {embedded:,} bytes; map document {document:,} bytes ({compressed:,} gzipped); "
          f"target {NATIONAL_TARGET_BYTES:,}: {verdict}")


if __name__ == "__main__":
    main()
