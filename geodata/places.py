"""Place and street context: readable neighbourhood names, streets with bus stops, main roads, localities.

- House of Commons Library MSOA Names give each MSOA a name people use ("Stockton Town Centre"). LSOAs nest
  exactly in MSOAs and an LSOA's ONS name is its MSOA's name plus a letter ("Stockton-on-Tees 025D" is in
  "Stockton-on-Tees 025"), so the name prefix is the LSOA -> MSOA lookup (no other file is needed).
- DfT NaPTAN stops carry the street and the NPTG locality they stand in. They list only streets with a bus
  stop, never every street: every screen that lists them says so.
- OpenStreetMap main roads (primary, secondary and trunk centre lines) with their names, for the map.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from datafiles.errors import DataProblem
from datafiles.readers import FETCH_AGAIN, read_csv_text
from geodata.boundaries import BRITISH_NATIONAL_GRID, COORDINATE_GRID_DEG, WGS84, read_layer

STOP_COLUMNS = ("ATCOCode", "CommonName", "Street", "LocalityName", "Longitude", "Latitude", "Status")
ROAD_SIMPLIFY_M = 15
#: A road name is labelled once per stretch of at least this length (metres), at the stretch's middle.
ROAD_LABEL_MIN_M = 400
NOT_EVERY_STREET = ("Streets with a bus stop only (DfT NaPTAN): residential streets without a stop are not listed, "
                    "so this is not every street in the neighbourhood.")


def read_msoa_names(path: Path, vintage: str, expected_rows: int | None = None) -> pd.DataFrame:
    """msoa_code, msoa_name (ONS, "Stockton-on-Tees 025"), place_name (the Library's, "Stockton Town Centre")."""
    year = vintage[2:]
    code, ons_name, place = f"msoa{year}cd", f"msoa{year}nm", f"msoa{year}hclnm"
    frame = read_csv_text(Path(path), f"MSOA names file ({vintage} MSOAs)", [code, ons_name, place])
    out = pd.DataFrame({"msoa_code": frame[code].str.strip(), "msoa_name": frame[ons_name].str.strip(),
                        "place_name": frame[place].str.strip()}).astype("string")
    if expected_rows is not None and len(out) != expected_rows:
        raise DataProblem(str(path), f"has {len(out):,} MSOAs; the published file has {expected_rows:,}, so it is truncated "
                                     "or another version.", FETCH_AGAIN)
    if out["msoa_code"].duplicated().any():
        raise DataProblem(str(path), f"MSOA {out.loc[out['msoa_code'].duplicated(), 'msoa_code'].iloc[0]} appears twice.", FETCH_AGAIN)
    blank = out["place_name"].isna()
    if blank.any():
        raise DataProblem(str(path), f"{int(blank.sum())} MSOAs have no name (e.g. {out.loc[blank, 'msoa_code'].iloc[0]}).", FETCH_AGAIN)
    return out


def msoa_name_of(lsoa_name: pd.Series) -> pd.Series:
    """"Stockton-on-Tees 025D" -> "Stockton-on-Tees 025": an LSOA's ONS name is its MSOA's plus one letter."""
    return lsoa_name.str.replace(r"[A-Z]$", "", regex=True)


def neighbourhood_names(lsoas: pd.DataFrame, msoa_names: pd.DataFrame, source: str) -> pd.DataFrame:
    """lsoa_code, place_name and neighbourhood ("Stockton-on-Tees 025D, Stockton Town Centre") for each LSOA.

    ``lsoas`` has lsoa_code and lsoa_name (ONS); every LSOA must find its MSOA, else the names file is the wrong vintage.
    """
    joined = lsoas[["lsoa_code", "lsoa_name"]].assign(msoa_name=msoa_name_of(lsoas["lsoa_name"])).merge(
        msoa_names[["msoa_name", "place_name"]], on="msoa_name", how="left", validate="many_to_one")
    unnamed = joined["place_name"].isna()
    if unnamed.any():
        raise DataProblem(source, f"{int(unnamed.sum())} LSOAs have no MSOA in the names file "
                                  f"(e.g. {joined.loc[unnamed, 'lsoa_name'].iloc[0]}).",
                          "check the MSOA names file is the vintage of the LSOAs (2011 names for IoD2019, 2021 for IoD2025).")
    joined["neighbourhood"] = joined["lsoa_name"] + ", " + joined["place_name"]
    return joined[["lsoa_code", "place_name", "neighbourhood"]].astype("string").reset_index(drop=True)


def read_naptan_stops(path: Path) -> gpd.GeoDataFrame:
    """Active stops: atco_code, stop_name, street, locality and the point (NaPTAN keeps inactive stops too)."""
    frame = read_csv_text(Path(path), "NaPTAN stops file", STOP_COLUMNS)
    active = frame.loc[frame["Status"].str.strip().str.lower() == "active"]
    lon, lat = pd.to_numeric(active["Longitude"], errors="coerce"), pd.to_numeric(active["Latitude"], errors="coerce")
    placed = lon.notna() & lat.notna() & active["Street"].notna()
    active = active.loc[placed]
    stops = gpd.GeoDataFrame(
        {"atco_code": active["ATCOCode"].str.strip(), "stop_name": active["CommonName"].str.strip(),
         "street": active["Street"].str.strip(), "locality": active["LocalityName"].str.strip()},
        geometry=gpd.points_from_xy(lon[placed], lat[placed]), crs=WGS84).astype(
        {"atco_code": "string", "stop_name": "string", "street": "string", "locality": "string"})
    if stops.empty:
        raise DataProblem(str(path), "has no active stop with a street and a position.", FETCH_AGAIN)
    return stops.reset_index(drop=True)


def stops_in_lsoas(stops: gpd.GeoDataFrame, lsoa_shapes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each stop inside one of the LSOA polygons, with that LSOA's code (stops outside every LSOA are dropped)."""
    joined = gpd.sjoin(stops, lsoa_shapes[["code", "geometry"]], how="inner", predicate="within")
    return (joined.drop(columns="index_right").rename(columns={"code": "lsoa_code"})
            .drop_duplicates("atco_code").sort_values(["lsoa_code", "street"]).reset_index(drop=True))


def _one_spelling(streets: pd.Series) -> pd.Series:
    """NaPTAN writes some streets in capitals ("BRIDGE ROAD" beside "Bridge Road"): names differing only in case
    are one street, written as most of its stops write it."""
    key = streets.str.casefold()
    usual = streets.groupby(key).agg(lambda names: names.value_counts().index[0])
    return key.map(usual).astype("string")


def streets_by_lsoa(stops: pd.DataFrame) -> pd.DataFrame:
    """lsoa_code, street, locality, stops: the streets with at least one stop in each LSOA, most stops first."""
    stops = stops.assign(street=_one_spelling(stops["street"]))
    counted = stops.groupby(["lsoa_code", "street", "locality"], as_index=False).agg(stops=("atco_code", "size"))
    return counted.sort_values(["lsoa_code", "stops", "street"], ascending=[True, False, True]).reset_index(drop=True)


def localities(stops: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One point per NPTG locality with stops in the area: the middle (median) of its stops, and how many."""
    grouped = stops.assign(x=stops.geometry.x, y=stops.geometry.y).groupby("locality")
    points = grouped.agg(x=("x", "median"), y=("y", "median"), stops=("atco_code", "size")).reset_index()
    return gpd.GeoDataFrame({"name": points["locality"].astype("string"), "stops": points["stops"]},
                            geometry=gpd.points_from_xy(points["x"], points["y"]), crs=WGS84)


def read_main_roads(path: Path, within: shapely.Geometry) -> gpd.GeoDataFrame:
    """The main roads crossing ``within`` (a WGS84 polygon), cut to it: name, ref, highway_type, geometry."""
    roads = read_layer(path)
    missing = [c for c in ("name", "ref", "highway_type") if c not in roads.columns]
    if missing:
        raise DataProblem(str(path), f"the main roads file has no {', '.join(missing)} column.", FETCH_AGAIN)
    lines = roads.geometry.geom_type.isin(["LineString", "MultiLineString"])
    if not lines.any():
        raise DataProblem(str(path), "the main roads file holds no lines.", FETCH_AGAIN)
    roads = roads.loc[lines, ["name", "ref", "highway_type", "geometry"]]
    roads = roads.loc[roads.intersects(within)].copy()
    roads["geometry"] = roads.intersection(within)
    projected = roads.to_crs(BRITISH_NATIONAL_GRID).simplify(ROAD_SIMPLIFY_M)
    roads["geometry"] = shapely.set_precision(projected.to_crs(WGS84).values, COORDINATE_GRID_DEG)
    roads = roads.loc[~roads.geometry.is_empty].astype({"name": "string", "ref": "string", "highway_type": "string"})
    return roads.reset_index(drop=True)


def road_label_points(roads: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """name and a point for every stretch of a named road at least ROAD_LABEL_MIN_M long, at its middle, no two
    labels of one road closer than that."""
    named = roads.loc[roads["name"].notna()].to_crs(BRITISH_NATIONAL_GRID)
    rows = []
    for name, part in named.groupby("name"):
        merged = shapely.line_merge(shapely.union_all(part.geometry.values))
        kept: list = []
        for stretch in sorted(getattr(merged, "geoms", [merged]), key=lambda line: -line.length):
            middle = stretch.interpolate(0.5, normalized=True)
            # a dual carriageway is two lines side by side: one label for both
            if stretch.length >= ROAD_LABEL_MIN_M and all(middle.distance(other) >= ROAD_LABEL_MIN_M for other in kept):
                kept.append(middle)
        rows += [{"name": name, "geometry": point} for point in kept]
    if not rows:
        return gpd.GeoDataFrame({"name": pd.Series(dtype="string")}, geometry=[], crs=WGS84)
    return gpd.GeoDataFrame(rows, crs=BRITISH_NATIONAL_GRID).to_crs(WGS84).astype({"name": "string"})
