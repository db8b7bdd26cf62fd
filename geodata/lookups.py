"""LSOA-to-ward best-fit lookups and the LSOA 2011-to-2021 bridge.

LSOAs do not nest in wards: every ward figure built from these lookups is a best-fit figure, and
the lookup's caveat (and, for the derived current-ward lookup, its per-LSOA confidence) travels
with the data.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from datafiles.errors import DataProblem
from datafiles.readers import read_csv_text

CHANGE_MEANING = {"U": "unchanged", "S": "split", "M": "merged", "X": "irregular (no like-for-like comparison)"}


def read_ward_lookup(path: Path, lsoa_field: str, ward_code_field: str, ward_name_field: str, official: bool) -> pd.DataFrame:
    """One row per LSOA: lsoa_code, ward_code, ward_name, confidence (official best fit, or high/medium/low)."""
    frame = read_csv_text(Path(path), "LSOA-to-ward lookup", [lsoa_field, ward_code_field, ward_name_field])
    out = pd.DataFrame({
        "lsoa_code": frame[lsoa_field].str.strip(),
        "ward_code": frame[ward_code_field].str.strip(),
        "ward_name": frame[ward_name_field].str.strip(),
        "confidence": "official best fit" if official else frame.get("confidence", pd.Series("unknown", index=frame.index)),
    }).astype("string")
    duplicated = out["lsoa_code"].duplicated()
    if duplicated.any():
        raise DataProblem(str(path), f"LSOA {out.loc[duplicated, 'lsoa_code'].iloc[0]} is assigned to more than one ward.",
                          "a best-fit lookup gives each LSOA exactly one ward; fetch the file again.")
    return out


AREA_CONFIDENCE = ((0.8, "high"), (0.6, "medium"), (0.0, "low"))  # share of the LSOA's area in its ward


def best_fit_by_area(lsoas: gpd.GeoDataFrame, wards: gpd.GeoDataFrame) -> pd.DataFrame:
    """Each LSOA to the ward holding most of its area (British National Grid), with a confidence from that share.

    The stand-in where no published lookup matches the ward boundaries; ONS's own best fit weights by
    population, so the two can differ where an LSOA is split between wards."""
    pieces = gpd.overlay(lsoas[["code", "geometry"]].rename(columns={"code": "lsoa_code"}).to_crs(27700),
                         wards[["code", "name", "geometry"]].rename(columns={"code": "ward_code", "name": "ward_name"}).to_crs(27700),
                         how="intersection", keep_geom_type=True)
    pieces["share"] = pieces.area / pieces["lsoa_code"].map(lsoas.set_index("code").to_crs(27700).area)
    best = pieces.sort_values(["lsoa_code", "share"], ascending=[True, False]).drop_duplicates("lsoa_code")
    confidence = best["share"].map(lambda share: next(label for floor, label in AREA_CONFIDENCE if share >= floor))
    return pd.DataFrame({"lsoa_code": best["lsoa_code"], "ward_code": best["ward_code"], "ward_name": best["ward_name"],
                         "confidence": confidence}).astype("string").reset_index(drop=True)


def read_lsoa_bridge(path: Path) -> pd.DataFrame:
    """ONS LSOA 2011 -> 2021 lookup (official CSV or its renamed copy) as lsoa11_code, lsoa21_code, change."""
    path = Path(path)
    frame = read_csv_text(path, "LSOA 2011 to 2021 lookup")
    if "LSOA21CD" in frame.columns:  # the official ONS column names
        l11 = "F_LSOA11CD" if "F_LSOA11CD" in frame.columns else "LSOA11CD"
        frame = read_csv_text(path, "LSOA 2011 to 2021 lookup", [l11, "LSOA21CD", "CHGIND"]).rename(
            columns={l11: "lsoa11_code", "LSOA21CD": "lsoa21_code", "CHGIND": "change"})
    else:
        frame = read_csv_text(path, "LSOA 2011 to 2021 lookup", ["lsoa11_code", "lsoa21_code", "change_code"]).rename(
            columns={"change_code": "change"})
    out = frame[["lsoa11_code", "lsoa21_code", "change"]].astype("string").drop_duplicates().reset_index(drop=True)
    unknown = ~out["change"].isin(list(CHANGE_MEANING))
    if unknown.any():
        raise DataProblem(str(path), f"change indicator {out.loc[unknown, 'change'].iloc[0]!r} is not one of U, S, M, X.",
                          "fetch the ONS lookup again.")
    return out


def _ward_key(name: str) -> str:
    return " ".join(str(name).replace("&", " and ").split()).casefold()


def same_ward(name: str, wards: dict[str, str]) -> str | None:
    """The code of the ward called ``name`` in another ward set (code -> name), or None.

    Ward codes changed with the May 2023 boundaries, so a ward is "the same" across the two sets when its name
    is, writing "&" and "and" alike ("Bishopsgarth and Elm Tree" became "Bishopsgarth & Elm Tree"); its boundary
    may still have moved a little.
    """
    key = _ward_key(name)
    return next((code for code, other in wards.items() if _ward_key(other) == key), None)
