"""Boundary reading and preparation for the browser.

Boundaries are read from the smallest stored file that covers the chosen local authority, checked
(codes, validity), and simplified as a coverage so neighbouring polygons keep shared edges: no gaps
or slivers appear between LSOAs however far they are simplified.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from datafiles.errors import DataProblem

BRITISH_NATIONAL_GRID = 27700
WGS84 = 4326
SIMPLIFY_TOLERANCE_M = 30  # coverage simplification in metres; the sources are already 20 m generalised
COORDINATE_GRID_DEG = 1e-5  # about 1 m: finer than any screen shows at street zoom


def read_layer(path: Path, code_field: str | None = None, codes: set[str] | None = None) -> gpd.GeoDataFrame:
    """Read a GeoJSON or a zipped GeoPackage, with a clear message when it is damaged.

    Given codes, a GeoPackage (the national files) is filtered as it is read, so one authority's LSOAs
    come out of England's 33,755 in about a second."""
    path = Path(path)
    packaged = path.name.endswith(".gpkg.zip")
    target = f"zip://{path}!{path.name.removesuffix('.zip')}" if packaged else str(path)
    where = f"{code_field} IN ({', '.join(repr(str(code)) for code in sorted(codes))})" if packaged and codes and code_field else None
    try:
        frame = gpd.read_file(target, where=where)
    except Exception as error:  # pyogrio raises DataSourceError / DataLayerError and others
        raise DataProblem(str(path), f"the boundary file cannot be read ({type(error).__name__}: {error}); it is truncated or corrupt.",
                          "delete it and fetch it again (python -m fsot_data fetch).") from error
    if frame.crs is None:
        raise DataProblem(str(path), "the boundary file has no coordinate reference system.", "fetch the published file again.")
    return frame.to_crs(WGS84)


def select_areas(frame: gpd.GeoDataFrame, path: Path, code_field: str, name_field: str,
                 codes: set[str] | None = None, lad_field: str | None = None, lad_code: str | None = None) -> gpd.GeoDataFrame:
    """Keep the wanted areas (by code list or by local authority) as code, name, geometry."""
    for field in (code_field, name_field):
        if field not in frame.columns:
            raise DataProblem(str(path), f"the boundary file has no '{field}' column (columns: {', '.join(map(str, frame.columns[:12]))}).",
                              "check the file is the published ONS boundary product named in the source registry.")
    if codes is not None:
        keep = frame[code_field].isin(codes)
    elif lad_field and lad_code:
        lad_column = lad_field if lad_field in frame.columns else "LADCD_ACTIVE"
        keep = frame[lad_column] == lad_code
    else:
        keep = pd.Series(True, index=frame.index)
    chosen = frame.loc[keep, [code_field, name_field, "geometry"]].rename(columns={code_field: "code", name_field: "name"})
    chosen = chosen.astype({"code": "string", "name": "string"}).sort_values("code").reset_index(drop=True)
    if chosen["code"].duplicated().any():
        raise DataProblem(str(path), f"area code {chosen.loc[chosen['code'].duplicated(), 'code'].iloc[0]} appears twice.",
                          "fetch the published file again.")
    invalid = ~shapely.is_valid(chosen.geometry.values)
    if invalid.any():
        chosen.loc[invalid, "geometry"] = shapely.make_valid(chosen.geometry.values[invalid])
    return gpd.GeoDataFrame(chosen, geometry="geometry", crs=WGS84)


def simplify_for_web(frame: gpd.GeoDataFrame, tolerance_m: float = SIMPLIFY_TOLERANCE_M) -> gpd.GeoDataFrame:
    """Coverage-preserving simplification plus coordinate rounding, to keep the map payload small."""
    projected = frame.to_crs(BRITISH_NATIONAL_GRID)
    simplified = gpd.GeoSeries(shapely.coverage_simplify(projected.geometry.values, tolerance_m), crs=BRITISH_NATIONAL_GRID)
    in_degrees = simplified.to_crs(WGS84).values
    rounded = shapely.set_precision(in_degrees, COORDINATE_GRID_DEG)
    out = frame.copy()
    out["geometry"] = rounded
    return out


NATIONAL_TOLERANCE_M = 1000  # for a map of England's 296 districts: about 270 KB of GeoJSON
NATIONAL_GRID_DEG = 1e-3  # about 70 to 110 m: finer than the simplification


def dissolve_districts(lsoas: gpd.GeoDataFrame, lad_field: str, region_field: str) -> gpd.GeoDataFrame:
    """District shapes from the LSOAs that tile them (coverage union per district), then simplified as one coverage,
    so neighbouring districts keep shared edges, and rounded: code, region, geometry (WGS84)."""
    projected = lsoas.to_crs(BRITISH_NATIONAL_GRID)
    projected["geometry"] = shapely.make_valid(projected.geometry.values)  # 7 national LSOAs are invalid as published
    groups = projected.groupby(lad_field, sort=True)
    codes = list(groups.groups)
    merged = [shapely.coverage_union_all(group.geometry.values) for _, group in groups]
    simplified = shapely.coverage_simplify(merged, NATIONAL_TOLERANCE_M)
    regions = groups[region_field].agg(lambda s: s.mode().iloc[0]) if region_field in projected.columns else pd.Series("", index=codes)
    out = gpd.GeoDataFrame({"code": pd.array(codes, dtype="string"), "region": pd.array(regions.reindex(codes).to_numpy(), dtype="string")},
                           geometry=gpd.GeoSeries(simplified, crs=BRITISH_NATIONAL_GRID).to_crs(WGS84).values, crs=WGS84)
    out["geometry"] = shapely.set_precision(out.geometry.values, NATIONAL_GRID_DEG)
    return out


def with_area(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add area in km², measured on the British National Grid."""
    out = frame.copy()
    out["area_km2"] = frame.to_crs(BRITISH_NATIONAL_GRID).area.to_numpy() / 1e6
    return out
