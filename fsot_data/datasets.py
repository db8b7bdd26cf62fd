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
from fsot_data.config import authority_dir
from fsot_data.editions import DEFAULT_EDITION, EDITIONS, PCON_SETS
from fsot_data.store import load
from geodata.places import localities, road_label_points, streets_by_lsoa

PRIORITY_AREAS_FILE = Path(__file__).with_name("priority_areas.toml")
FRAMEWORKS_FILE = Path(__file__).with_name("frameworks.toml")


@dataclass(frozen=True)
class Framework:
    """An authority's own inequalities framework (frameworks.toml): its name and claims are shown for it alone."""
    name: str
    council: str
    period: str
    claims_checked: bool


def read_framework(lad: str, path: Path = FRAMEWORKS_FILE) -> Framework | None:
    try:
        entry = tomllib.loads(Path(path).read_text(encoding="utf-8")).get(lad)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataProblem(str(path), f"the frameworks file cannot be read ({error}).", "fix the TOML syntax.") from error
    if entry is None:
        return None
    return Framework(entry["name"], entry["council"], entry["period"], bool(entry.get("claims_checked")))


@dataclass(frozen=True)
class PriorityArea:
    key: str
    name: str
    kind: str
    lsoas: dict[str, tuple[str, ...]]  # edition key -> LSOA codes of that edition's vintage
    rationale: str
    sources: tuple[str, ...]


def read_priority_areas(lad: str, path: Path = PRIORITY_AREAS_FILE) -> list[PriorityArea]:
    """One authority's priority areas (its [<LAD code>.<key>] tables); none is a valid answer."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataProblem(str(path), f"the priority-areas file cannot be read ({error}).",
                          "fix the TOML syntax (see the comments at the top of the file).") from error
    areas = []
    for key, entry in raw.get(lad, {}).items():
        missing = [f for f in ("name", "lsoas_2011", "lsoas_2021", "rationale") if f not in entry]
        if missing:
            raise DataProblem(str(path), f"area '{key}' lacks {', '.join(missing)}.", "add the missing fields.")
        areas.append(PriorityArea(key, entry["name"], entry.get("kind", "Priority area"),
                                  {edition: tuple(entry[f"lsoas_{e.lsoa_vintage}"]) for edition, e in EDITIONS.items()},
                                  entry["rationale"], tuple(entry.get("sources", ()))))
    return areas


class Datasets:
    """Lazy, thread-safe access to the built tables for one local authority."""

    def __init__(self, out_dir: Path | None = None):
        self.out_dir = Path(out_dir or authority_dir())
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
        """The authority built here: the manifest says; a build folder is also named after its authority."""
        return self.manifest().get("lad") or self.out_dir.name

    def lad_codes(self, edition: str) -> tuple[str, ...]:
        """The district codes the edition publishes the authority under: for IoD2019, its 2019 predecessor(s)."""
        return tuple(self.manifest().get("predecessors") or (self.lad_code,)) if edition == "2019" else (self.lad_code,)

    @property
    def region_code(self) -> str | None:
        """The authority's English region (from the LSOA boundary files), or None when they do not say."""
        return self.manifest().get("region")

    def framework(self) -> Framework | None:
        """The authority's own framework, or None: no other authority's framework text, claims or priority areas apply."""
        return self._memo("framework", lambda: read_framework(self.lad_code))

    def unavailable(self, artefact: str) -> str | None:
        """Why a feature's table is empty for this authority, naming the source to add; None when it is built."""
        return self.manifest().get("artefacts", {}).get(artefact, {}).get("unavailable")

    def ward_note(self, edition: str) -> str | None:
        """Why the edition's wards are hidden for this authority (no boundaries covering it), or None."""
        return self.unavailable(f"lsoa_ward_{edition}")

    def ward_fit_text(self, edition: str) -> str:
        """How the edition's LSOAs were given a ward for this authority, for captions: hidden, derived here, or the lookup's caveat."""
        return (self.ward_note(edition) or self.ward_lookup_method(edition)
                or registry.get(EDITIONS[edition].ward_lookup_source).options.get("caveat", ""))

    def ward_lookup_method(self, edition: str) -> str | None:
        """How the LSOA-to-ward lookup was made when it is not the stored file (e.g. derived by area overlap), else None."""
        return self.manifest().get("artefacts", {}).get(f"lsoa_ward_{edition}", {}).get("method")

    @property
    def lad_name(self) -> str:
        return str(self.lsoas(DEFAULT_EDITION)["lad_name"].iloc[0])

    def absent_columns(self, edition: str) -> list[str]:
        return self.manifest().get("artefacts", {}).get(f"iod{edition}_lsoa", {}).get("absent_columns", [])

    # --- indices ---
    def national(self, edition: str) -> pd.DataFrame:
        return self._table(f"iod{edition}_lsoa")

    def lsoas(self, edition: str) -> pd.DataFrame:
        """The borough's LSOAs with every index measure, their best-fit ward and their readable name.

        ``lsoa_name`` is the neighbourhood's readable name, "Stockton-on-Tees 025D, Stockton Town Centre" (the ONS
        name, which people cannot place, then its MSOA's House of Commons Library name), so every table, tooltip,
        profile and export names it the same way; ``ons_lsoa_name`` keeps the ONS name, ``place_name`` the MSOA's.
        """
        def make():
            national = self.national(edition)
            borough = national.loc[national["lad_code"].isin(self.lad_codes(edition))].copy()
            wards = self._table(f"lsoa_ward_{edition}").rename(columns={"confidence": "ward_fit"})
            names = self._table(f"lsoa_names_{edition}")
            borough = borough.rename(columns={"lsoa_name": "ons_lsoa_name"}).merge(
                names.rename(columns={"neighbourhood": "lsoa_name"}), on="lsoa_code", how="left", validate="one_to_one")
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
            codes21 = set(self.lsoas(next(k for k, e in EDITIONS.items() if e.lsoa_vintage == "2021"))["lsoa_code"])
            return bridge.loc[bridge["lsoa21_code"].isin(codes21)].reset_index(drop=True)
        return self._memo("bridge", make)

    # --- geography ---
    def lsoa_shapes(self, edition: str) -> gpd.GeoDataFrame:
        return self._table(f"lsoa{EDITIONS[edition].lsoa_vintage}_boundaries")

    def ward_shapes(self, edition: str) -> gpd.GeoDataFrame:
        return self._table(EDITIONS[edition].wards_source)

    def constituency_shapes(self, pcon_set: str) -> gpd.GeoDataFrame:
        return self._table(PCON_SETS[pcon_set][0])

    def national_districts(self) -> gpd.GeoDataFrame:
        """England's districts (dissolved from the LSOA 2021 boundaries, simplified) with their IoD2025 File 10 measures."""
        def make():
            shapes = self._table("national_districts")
            summaries = self.lad_summaries("2025")
            wide = summaries.pivot_table(index=["lad_code", "lad_name"], columns=["index", "measure"], values="value")
            wide.columns = [f"{index}_{measure}" for index, measure in wide.columns]
            return shapes.merge(wide.reset_index(), left_on="code", right_on="lad_code", how="left")
        return self._memo("national_districts", make)

    def outline(self) -> gpd.GeoDataFrame:
        return self._table("lad_outline")

    def postcodes(self) -> pd.DataFrame:
        return self._table("postcodes")

    # --- place and street context ---
    def bus_stop_streets(self, edition: str) -> pd.DataFrame:
        """lsoa_code, street, locality, stops: the streets with a bus stop in each LSOA (not every street)."""
        return self._memo(f"streets:{edition}", lambda: streets_by_lsoa(self._table(f"bus_stops_{edition}")))

    def localities(self) -> gpd.GeoDataFrame:
        """NPTG localities with bus stops in the borough: name, stops, a point in the middle of their stops."""
        return self._memo("localities", lambda: localities(self._table("bus_stops_2025")))

    def bus_stop_sources(self) -> tuple[str, ...]:
        """The NaPTAN files (one per transport authority area) that hold the authority's stops: the ones to cite."""
        return self._memo("bus_stop_sources", lambda: tuple(sorted(set(self._table("bus_stops_2025")["source_id"]))))

    def main_roads(self) -> gpd.GeoDataFrame:
        return self._table("main_roads")

    def road_labels(self) -> gpd.GeoDataFrame:
        """A point per long stretch of each named main road, where its name is written on the map."""
        return self._memo("road_labels", lambda: road_label_points(self.main_roads()))

    # --- outcomes ---
    def indicators(self) -> pd.DataFrame:
        return self._table("indicators")

    def claims(self) -> pd.DataFrame:
        return self._table("claims")

    def local_indicators(self) -> pd.DataFrame:
        """Indicators the council's administrator added in the sources folder (fsot_data.own_data)."""
        return self._table("local_indicators")

    def priority_areas(self) -> list[PriorityArea]:
        """The authority's priority areas (none where priority_areas.toml lists none), checked against its LSOAs of each vintage."""
        def make():
            areas = read_priority_areas(self.lad_code)
            for edition in EDITIONS:
                known = set(self.lsoas(edition)["lsoa_code"])
                for area in areas:
                    unknown = sorted(set(area.lsoas[edition]) - known)
                    if unknown:
                        vintage = EDITIONS[edition].lsoa_vintage
                        raise DataProblem(str(PRIORITY_AREAS_FILE),
                                          f"{area.name} lists {', '.join(unknown)}, not LSOA {vintage} codes in the borough.",
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
