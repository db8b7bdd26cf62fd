"""One object the app asks for data: built tables, joined and scoped to the borough, loaded once.

Pure Python (no Streamlit): the app caches one instance per build folder; tests use it directly.
"""

from __future__ import annotations

import re
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from datafiles.errors import DataProblem
from fsot_data import registry
from fsot_data.build import read_manifest
from fsot_data.config import build_dir, lad_code
from fsot_data.editions import EDITIONS, PCON_SETS
from fsot_data.store import load

PRIORITY_AREAS_FILE = Path(__file__).with_name("priority_areas.toml")


@dataclass(frozen=True)
class PriorityArea:
    key: str
    name: str
    kind: str
    lsoas: dict[str, tuple[str, ...]]  # edition key -> LSOA codes of that edition's vintage
    rationale: str
    sources: tuple[str, ...]


def read_priority_areas(path: Path = PRIORITY_AREAS_FILE) -> list[PriorityArea]:
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataProblem(str(path), f"the priority-areas file cannot be read ({error}).",
                          "fix the TOML syntax (see the comments at the top of the file).") from error
    areas = []
    for key, entry in raw.get("areas", {}).items():
        missing = [f for f in ("name", "lsoas_2011", "lsoas_2021", "rationale") if f not in entry]
        if missing:
            raise DataProblem(str(path), f"area '{key}' lacks {', '.join(missing)}.", "add the missing fields.")
        areas.append(PriorityArea(key, entry["name"], entry.get("kind", "Priority area"),
                                  {"2019": tuple(entry["lsoas_2011"]), "2025": tuple(entry["lsoas_2021"])},
                                  entry["rationale"], tuple(entry.get("sources", ()))))
    if not areas:
        raise DataProblem(str(path), "lists no priority areas.", "add at least one [areas.<key>] table.")
    return areas


class Datasets:
    """Lazy, thread-safe access to the built tables for one local authority."""

    def __init__(self, out_dir: Path | None = None):
        self.out_dir = Path(out_dir or build_dir())
        self._cache: dict[str, object] = {}
        self._lock = threading.RLock()  # re-entrant: joined tables load their parts

    def _memo(self, key: str, make):
        with self._lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]

    def _table(self, name: str):
        return self._memo(f"table:{name}", lambda: load(name, self.out_dir))

    # --- facts about the build ---
    def manifest(self) -> dict:
        return self._memo("manifest", lambda: read_manifest(self.out_dir))

    @property
    def lad_code(self) -> str:
        return self.manifest().get("lad") or lad_code()

    @property
    def lad_name(self) -> str:
        return str(self.lsoas("2025")["lad_name"].iloc[0])

    def absent_columns(self, edition: str) -> list[str]:
        return self.manifest().get("artefacts", {}).get(f"iod{edition}_lsoa", {}).get("absent_columns", [])

    # --- indices ---
    def national(self, edition: str) -> pd.DataFrame:
        return self._table(f"iod{edition}_lsoa")

    def lsoas(self, edition: str) -> pd.DataFrame:
        """The borough's LSOAs with every index measure and their best-fit ward."""
        def make():
            national = self.national(edition)
            lad = self.lad_code
            borough = national.loc[national["lad_code"] == lad].copy()
            wards = self._table(f"lsoa_ward_{edition}").rename(columns={"confidence": "ward_fit"})
            return borough.merge(wards, on="lsoa_code", how="left", validate="one_to_one").reset_index(drop=True)
        return self._memo(f"lsoas:{edition}", make)

    def lad_summaries(self, edition: str) -> pd.DataFrame:
        return self._table(f"iod{edition}_lad_summaries")

    def iod2015(self) -> pd.DataFrame:
        return self._table("iod2015_imd")

    def bridge(self) -> pd.DataFrame:
        """LSOA 2011 -> 2021 rows touching the borough."""
        def make():
            bridge = self._table("lsoa_bridge")
            codes21 = set(self.lsoas("2025")["lsoa_code"])
            return bridge.loc[bridge["lsoa21_code"].isin(codes21)].reset_index(drop=True)
        return self._memo("bridge", make)

    # --- geography ---
    def lsoa_shapes(self, edition: str) -> gpd.GeoDataFrame:
        return self._table(f"lsoa{EDITIONS[edition].lsoa_vintage}_boundaries")

    def ward_shapes(self, edition: str) -> gpd.GeoDataFrame:
        return self._table(EDITIONS[edition].wards_source)

    def constituency_shapes(self, pcon_set: str) -> gpd.GeoDataFrame:
        return self._table(PCON_SETS[pcon_set][0])

    def outline(self) -> gpd.GeoDataFrame:
        return self._table("lad_outline")

    def postcodes(self) -> pd.DataFrame:
        return self._table("postcodes")

    # --- outcomes ---
    def indicators(self) -> pd.DataFrame:
        return self._table("indicators")

    def claims(self) -> pd.DataFrame:
        return self._table("claims")

    def priority_areas(self) -> list[PriorityArea]:
        """Priority areas, checked against the borough's LSOAs of each vintage."""
        def make():
            areas = read_priority_areas()
            for edition in EDITIONS:
                known = set(self.lsoas(edition)["lsoa_code"])
                for area in areas:
                    unknown = sorted(set(area.lsoas[edition]) - known)
                    if unknown:
                        vintage = EDITIONS[edition].lsoa_vintage
                        raise DataProblem(str(PRIORITY_AREAS_FILE), f"{area.name} lists {', '.join(unknown)}, not LSOA {vintage} codes in the borough.",
                                          f"correct lsoas_{vintage} for {area.key}.")
            return areas
        return self._memo("priority_areas", make)


_CROWN_YEAR = re.compile(r"(© Crown copyright and database right) (\d{4})\.$")


def source_lines(*source_ids: str) -> list[str]:
    """'Source: <citation>' for each source, then the licence attributions they require: the one wording of
    every source footer on screen, under charts, on slides, in profiles and in exported images.

    Boundary attributions that differ only in their Crown copyright year are merged into one line listing
    the years, so a footer spends its space on sources rather than repeats."""
    citations = [f"Source: {registry.get(sid).citation()}" for sid in source_ids]
    return citations + _merge_crown_years(registry.attribution_lines(source_ids))


def _merge_crown_years(lines: list[str]) -> list[str]:
    out: list[str] = []
    years: dict[str, list[str]] = {}
    for line in lines:
        match = _CROWN_YEAR.search(line)
        if not match:
            out.append(line)
            continue
        stem = line[:match.start(2)]
        if stem not in years:
            years[stem] = []
            out.append(stem)
        years[stem].append(match.group(2))
    return [f"{line}{', '.join(sorted(set(years[line])))}." if line in years else line for line in out]
