"""Turn the sources into app-ready tables (Parquet / GeoParquet) for one local authority.

Each artefact names the sources it reads and a function that makes it. An artefact is rebuilt only
when one of its inputs (file size and modification time), the code, or the local authority has
changed since the last build. Every file is written to a temporary name and renamed into place, so
an interrupted build never leaves a half-written table.

Geography sources are located for the authority (its Tees Valley extract, or the national file). A
feature whose source is absent for the authority (wards, postcodes, constituencies) is built as an
empty table and recorded in the manifest with a note naming the source to add, so the app hides the
feature and says why rather than the build failing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from datafiles.errors import DataProblem
from fsot_data import registry
from fsot_data.authorities import predecessors
from fsot_data.config import authority_dir, lad_codes
from fsot_data.editions import EDITIONS, PCON_SETS
from fsot_data.indicators import crosswalk_domains, load_crosswalk, read_claims, read_indicators
from fsot_data.indices import read_iod2015, read_iod_lsoa, read_lad_summaries
from fsot_data.own_data import geography_of, read_local_indicators
from fsot_data.store import read_artefact
from geodata.boundaries import dissolve_districts, read_layer, select_areas, simplify_for_web, with_area
from geodata.lookups import best_fit_by_area, read_lsoa_bridge, read_ward_lookup
from geodata.places import neighbourhood_names, read_main_roads, read_msoa_names, read_naptan_stops, stops_in_lsoas
from geodata.postcodes import read_postcodes

MANIFEST = "manifest.json"
INDICATOR_SOURCES = tuple(sid for sid, source in registry.all_sources().items() if source.kind == "indicators")
NAPTAN_SOURCES = tuple(sid for sid, source in registry.all_sources().items() if source.kind == "naptan_stops")
#: Roads are kept a little beyond the borough edge (degrees, about 200 m), so a road along the boundary shows.
ROADS_MARGIN_DEG = 0.002
CODE_FILES = [Path(__file__).parent / name for name in ("build.py", "authorities.py", "indices.py", "indicators.py", "crosswalk.toml",
                                                         "sources.toml", "editions.py", "own_data.py")] + [
    Path(__file__).parent.parent / "geodata" / name for name in ("boundaries.py", "lookups.py", "postcodes.py", "places.py")] + [
    Path(__file__).parent.parent / "datafiles" / "readers.py"]


@dataclass(frozen=True)
class Artefact:
    name: str
    sources: tuple[str, ...]
    make: Callable[[Context], pd.DataFrame]
    after: tuple[str, ...] = ()  # artefacts this one reads
    national: bool = False  # the same table for every authority (its sources' national files): built once, shared


class Unavailable(Exception):
    """The authority has no source for this artefact: it is built empty, with a note naming what to add."""

    def __init__(self, note: str, empty: pd.DataFrame):
        super().__init__(note)
        self.note = note
        self.empty = empty


def _add_source_note(source_id: str, lad: str, why: str = "") -> str:
    source = registry.get(source_id)
    target = source.download_target(lad=lad)
    how = (f"run `python -m fsot_data fetch` (it downloads {target[1].name})" if target else
           f"get it from {source.page_url}")
    names = " or ".join(path.name for path in source.candidates(lad=lad))
    return f"{why or f'No stored file of {source.title} covers {lad}.'} To add it: {how}, or save it in the sources folder as {names}."


def _empty_shapes() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": pd.Series(dtype="string"), "name": pd.Series(dtype="string"),
                             "area_km2": pd.Series(dtype=float)}, geometry=gpd.GeoSeries([], crs=4326))


class Context:
    """What a builder needs: the local authority, located sources, and artefacts built so far."""

    def __init__(self, lad: str, out_dir: Path, manifest: dict):
        self.lad = lad
        self.out_dir = out_dir
        self.manifest = manifest
        self.absent: dict[str, list[str]] = {}
        self.methods: dict[str, str] = {}

    def path(self, source_id: str) -> Path:
        return registry.locate(source_id)

    def local_path(self, source_id: str, empty: pd.DataFrame) -> Path:
        """The stored file of a geography source that covers the authority; Unavailable when there is none."""
        found = registry.find(source_id, lad=self.lad)
        if found is None:
            raise Unavailable(_add_source_note(source_id, self.lad), empty)
        return found

    def read(self, name: str) -> pd.DataFrame:
        return read_artefact(self.out_dir / f"{name}.parquet")

    def unavailable(self, name: str) -> str | None:
        return self.manifest.get("artefacts", {}).get(name, {}).get("unavailable")

    def predecessors(self) -> tuple[str, ...]:
        """The authority's IoD2019 districts (see fsot_data.authorities), worked out once per build."""
        if "predecessors" not in self.manifest:
            found = predecessors(self.read("iod2019_lsoa"), self.read("iod2025_lsoa"), self.read("lsoa_bridge"))
            self.manifest["predecessors"] = list(found[self.lad])
        return tuple(self.manifest["predecessors"])


# --- builders --------------------------------------------------------------------------------------

def _lsoa_table(edition: str):
    def make(ctx: Context) -> pd.DataFrame:
        ed = EDITIONS[edition]
        source = registry.get(ed.lsoa_source)
        table, absent = read_iod_lsoa(ctx.path(ed.lsoa_source), edition, source.options.get("expected_rows"))
        ctx.absent[f"iod{edition}_lsoa"] = absent
        return table
    return make


def _lad_summaries(edition: str):
    def make(ctx: Context) -> pd.DataFrame:
        source_id = EDITIONS[edition].summaries_source
        return read_lad_summaries(ctx.path(source_id), registry.get(source_id).options.get("expected_rows"))
    return make


def _iod2015(ctx: Context) -> pd.DataFrame:
    """File 1 has ranks and deciles but no scores: take the IMD score from the registry's other file where present."""
    source, first = registry.get("iod2015_imd"), ctx.path("iod2015_imd")
    table = read_iod2015(first, source.options.get("expected_rows"))
    for path in (p for p in source.candidates() if p.is_file() and p != first and table["imd_score"].isna().all()):
        scores = read_iod2015(path, source.options.get("expected_rows")).set_index("lsoa_code")["imd_score"]
        table["imd_score"] = table["lsoa_code"].map(scores)
    return table


def _bridge(ctx: Context) -> pd.DataFrame:
    return read_lsoa_bridge(ctx.path("lsoa11_lsoa21_lookup"))


def _la_codes(ctx: Context, edition: str) -> set[str]:
    """The authority's LSOAs in an edition: for IoD2019, those of its 2019 predecessor district(s)."""
    if not ctx.read("iod2025_lsoa")["lad_code"].eq(ctx.lad).any():  # the authority must be a 2024 district
        raise DataProblem(str(ctx.path(EDITIONS["2025"].lsoa_source)), f"has no LSOAs for local authority {ctx.lad}.",
                          "set FSOT_LAD to English local authority district codes of 2024 (e.g. E06000004).")
    table = ctx.read(f"iod{edition}_lsoa")
    lads = ctx.predecessors() if edition == "2019" else (ctx.lad,)
    return set(table.loc[table["lad_code"].isin(lads), "lsoa_code"])


def _first_covering(ctx: Context, source_id: str, codes: set[str]) -> tuple[Path, gpd.GeoDataFrame]:
    """The smallest stored boundary file covering the authority that holds every wanted area (files are listed smallest first)."""
    source = registry.get(source_id)
    tried = []
    for path in source.candidates(lad=ctx.lad):
        if not path.is_file():
            continue
        frame = read_layer(path, source.options["code_field"], codes)
        field = source.options["code_field"]
        if field in frame.columns and codes <= set(frame[field]):
            return path, frame
        tried.append(path.name)
    missing_text = f"none of {', '.join(tried)} holds all {len(codes)} LSOAs" if tried else "no boundary file was found"
    raise DataProblem(str(source.candidates()[0]), f"{missing_text} of local authority {ctx.lad} ({source.title}).",
                      "fetch the boundary file that covers this local authority (python -m fsot_data fetch).")


def _lsoa_boundaries(edition: str):
    def make(ctx: Context) -> gpd.GeoDataFrame:
        source_id = EDITIONS[edition].boundaries_source
        codes = _la_codes(ctx, edition)
        path, frame = _first_covering(ctx, source_id, codes)
        if "RGNCD" in frame.columns:  # the region the stored ONS-derived files give each LSOA
            ctx.manifest["region"] = str(frame.loc[frame[registry.get(source_id).options["code_field"]].isin(codes),
                                                   "RGNCD"].mode().iloc[0])
        options = registry.get(source_id).options
        chosen = select_areas(frame, path, options["code_field"], options["name_field"], codes=codes)
        if set(chosen["code"]) != codes:
            raise DataProblem(str(path), "boundary codes do not match the index codes for this local authority.",
                              "fetch matching editions.")
        return simplify_for_web(with_area(chosen))
    return make


def _national_districts(ctx: Context) -> gpd.GeoDataFrame:
    """England's districts, dissolved from the national LSOA 2021 boundaries, for the national context map.

    Each LSOA goes to its district in IoD2025 (File 7), so codes match the IoD summaries: the boundary file's own
    current codes differ where a district was recoded since (Barnsley and Sheffield, E08000038 and E08000039 in 2025)."""
    path = registry.find_national("lsoa2021_boundaries")
    empty = _empty_shapes().drop(columns=["name", "area_km2"]).assign(region=pd.Series(dtype="string"))
    if path is None:
        raise Unavailable(_add_source_note("lsoa2021_boundaries", "E92000001", "The national LSOA 2021 boundaries are not stored."), empty)
    lsoas = read_layer(path)
    districts = ctx.read("iod2025_lsoa").set_index("lsoa_code")["lad_code"]
    return dissolve_districts(lsoas.assign(lad_code=lsoas[registry.get("lsoa2021_boundaries").options["code_field"]].map(districts)),
                              "lad_code", "RGNCD")


def _outline(ctx: Context) -> gpd.GeoDataFrame:
    lsoas = ctx.read("lsoa2021_boundaries")
    outline = gpd.GeoDataFrame({"code": [ctx.lad]}, geometry=[lsoas.to_crs(27700).union_all().buffer(0)], crs=27700).to_crs(4326)
    return with_area(outline)


def _wards(source_id: str):
    def make(ctx: Context) -> gpd.GeoDataFrame:
        source = registry.get(source_id)
        path = ctx.local_path(source_id, _empty_shapes())
        frame = read_layer(path)
        chosen = select_areas(frame, path, source.options["code_field"], source.options["name_field"],
                              lad_field=source.options.get("lad_field"), lad_code=ctx.lad)
        if chosen.empty:
            raise Unavailable(_add_source_note(source_id, ctx.lad, f"{path.name} has no wards for local authority {ctx.lad}."),
                              _empty_shapes())
        return simplify_for_web(with_area(chosen), tolerance_m=20)
    return make


def _constituencies(source_id: str):
    def make(ctx: Context) -> gpd.GeoDataFrame:
        source = registry.get(source_id)
        path = ctx.local_path(source_id, _empty_shapes().assign(share_of_la_area=pd.Series(dtype=float)))
        chosen = select_areas(read_layer(path), path, source.options["code_field"], source.options["name_field"])
        outline = ctx.read("lad_outline").to_crs(27700).geometry.iloc[0]
        projected = chosen.to_crs(27700)
        share = projected.intersection(outline).area / outline.area
        chosen["share_of_la_area"] = share.to_numpy()
        # BUC constituencies are 500 m generalised: ignore slivers under 1% of the borough.
        return chosen.loc[chosen["share_of_la_area"] > 0.01].reset_index(drop=True)
    return make


EMPTY_WARD_LOOKUP = pd.DataFrame({name: pd.Series(dtype="string") for name in ("lsoa_code", "ward_code", "ward_name", "confidence")})


def _ward_lookup(edition: str):
    """Each LSOA's best-fit ward, from the stored lookup when it covers the authority and names the wards of the
    edition's boundary file; otherwise derived by largest area overlap with those boundaries, and said so."""
    def make(ctx: Context) -> pd.DataFrame:
        ed = EDITIONS[edition]
        wards_note = ctx.unavailable(ed.wards_source)
        if wards_note:
            raise Unavailable(wards_note, EMPTY_WARD_LOOKUP)
        wards = ctx.read(ed.wards_source)
        codes = _la_codes(ctx, edition)
        source_id = ed.ward_lookup_source
        path = registry.find(source_id, lad=ctx.lad)
        if path is not None:
            options = registry.get(source_id).options
            lookup = read_ward_lookup(path, options["lsoa_field"], options["ward_code_field"], options["ward_name_field"],
                                      official=source_id == "lsoa11_ward19_lookup")
            lookup = lookup.loc[lookup["lsoa_code"].isin(codes)].reset_index(drop=True)
            foreign = sorted(set(lookup["ward_code"]) - set(wards["code"]))
            if set(lookup["lsoa_code"]) == codes and not foreign:
                return lookup
            why = (f"{path.name} names wards ({foreign[0]}, ...) that are not in the ward boundaries of this edition"
                   if foreign else f"{path.name} gives no ward for {len(codes - set(lookup['lsoa_code']))} of the authority's LSOAs")
        else:
            why = f"no stored {registry.get(source_id).title} covers {ctx.lad}"
        ctx.methods[f"lsoa_ward_{edition}"] = (f"Derived here by largest area overlap of each LSOA with the ward boundaries ({why}): "
                                               "not an official lookup; confidence is high where 80% or more of the LSOA lies in its ward, "
                                               "medium from 60%, low below.")
        return best_fit_by_area(ctx.read(ed.boundaries_source), wards)
    return make


def _neighbourhood_names(edition: str):
    """Each LSOA of the edition's vintage with its MSOA's House of Commons Library name."""
    def make(ctx: Context) -> pd.DataFrame:
        source_id = EDITIONS[edition].names_source
        source = registry.get(source_id)
        names = read_msoa_names(ctx.path(source_id), source.options["vintage"], source.options.get("expected_rows"))
        lsoas = ctx.read(f"iod{edition}_lsoa")
        return neighbourhood_names(lsoas.loc[lsoas["lsoa_code"].isin(_la_codes(ctx, edition))], names, str(ctx.path(source_id)))
    return make


def _bus_stops(edition: str):
    """Active NaPTAN stops inside the borough's LSOAs, each with its LSOA (the unsimplified ONS polygons)."""
    def make(ctx: Context) -> gpd.GeoDataFrame:
        source_id = EDITIONS[edition].boundaries_source
        path, frame = _first_covering(ctx, source_id, _la_codes(ctx, edition))
        options = registry.get(source_id).options
        shapes = select_areas(frame, path, options["code_field"], options["name_field"], codes=_la_codes(ctx, edition))
        # Each stop keeps the NaPTAN file it came from, so pages cite only the files with stops in the authority.
        stops = pd.concat([read_naptan_stops(ctx.path(sid)).assign(source_id=sid) for sid in NAPTAN_SOURCES], ignore_index=True)
        return stops_in_lsoas(gpd.GeoDataFrame(stops, geometry="geometry", crs=stops.crs), shapes)
    return make


def _main_roads(ctx: Context) -> gpd.GeoDataFrame:
    outline = ctx.read("lad_outline").geometry.iloc[0]
    return read_main_roads(ctx.path("osm_main_roads"), outline.buffer(ROADS_MARGIN_DEG))


def _postcodes(ctx: Context) -> pd.DataFrame:
    empty = pd.DataFrame({name: pd.Series(dtype="string") for name in
                          ("postcode", "lad_code", "lad_name", "lsoa11_code", "lsoa21_code", "ward25_code", "ward25_name")})
    path = ctx.local_path("postcodes", empty.assign(lat=pd.Series(dtype=float), lon=pd.Series(dtype=float)))
    wards = ctx.read("wards2025_boundaries")
    lad_name = str(ctx.read("iod2025_lsoa").set_index("lad_code").loc[[ctx.lad], "lad_name"].iloc[0])
    return read_postcodes(path, ctx.lad, lad_name, dict(zip(wards["code"], wards["name"], strict=True)))


def _indicators(ctx: Context) -> pd.DataFrame:
    return read_indicators({sid: ctx.path(sid) for sid in INDICATOR_SOURCES})


def _claims(ctx: Context) -> pd.DataFrame:
    return read_claims(ctx.path("published_claims"))


def _local_indicators(ctx: Context) -> pd.DataFrame:
    """The administrator's local indicators, checked against the borough's tables built so far."""
    from fsot_data.datasets import Datasets  # it reads the build's manifest: imported here to avoid a cycle
    folder, _ = registry.folder_files("local_indicators")
    domains = list(crosswalk_domains(load_crosswalk())["domain"])
    return read_local_indicators(folder, geography_of(Datasets(ctx.out_dir)), domains)


ARTEFACTS: tuple[Artefact, ...] = (
    Artefact("iod2019_lsoa", ("iod2019_lsoa",), _lsoa_table("2019"), national=True),
    Artefact("iod2025_lsoa", ("iod2025_lsoa",), _lsoa_table("2025"), national=True),
    Artefact("iod2019_lad_summaries", ("iod2019_lad_summaries",), _lad_summaries("2019"), national=True),
    Artefact("iod2025_lad_summaries", ("iod2025_lad_summaries",), _lad_summaries("2025"), national=True),
    Artefact("iod2015_imd", ("iod2015_imd",), _iod2015, national=True),
    Artefact("lsoa_bridge", ("lsoa11_lsoa21_lookup",), _bridge, national=True),
    Artefact("national_districts", ("lsoa2021_boundaries",), _national_districts, ("iod2025_lsoa",), national=True),
    Artefact("lsoa2011_boundaries", ("lsoa2011_boundaries",), _lsoa_boundaries("2019"), ("iod2019_lsoa", "iod2025_lsoa", "lsoa_bridge")),
    Artefact("lsoa2021_boundaries", ("lsoa2021_boundaries",), _lsoa_boundaries("2025"), ("iod2025_lsoa",)),
    Artefact("lad_outline", (), _outline, ("lsoa2021_boundaries",)),
    Artefact("wards2022_boundaries", ("wards2022_boundaries",), _wards("wards2022_boundaries"), ()),
    Artefact("wards2025_boundaries", ("wards2025_boundaries",), _wards("wards2025_boundaries"), ()),
    Artefact("pcon2010_boundaries", ("pcon2010_boundaries",), _constituencies(PCON_SETS["2010"][0]), ("lad_outline",)),
    Artefact("pcon2024_boundaries", ("pcon2024_boundaries",), _constituencies(PCON_SETS["2024"][0]), ("lad_outline",)),
    Artefact("lsoa_ward_2019", ("lsoa11_ward19_lookup",), _ward_lookup("2019"),
             ("iod2019_lsoa", "lsoa2011_boundaries", "wards2022_boundaries")),
    Artefact("lsoa_ward_2025", ("lsoa21_ward25_lookup",), _ward_lookup("2025"),
             ("iod2025_lsoa", "lsoa2021_boundaries", "wards2025_boundaries")),
    Artefact("lsoa_names_2019", (EDITIONS["2019"].names_source,), _neighbourhood_names("2019"), ("iod2019_lsoa",)),
    Artefact("lsoa_names_2025", (EDITIONS["2025"].names_source,), _neighbourhood_names("2025"), ("iod2025_lsoa",)),
    Artefact("bus_stops_2019", (*NAPTAN_SOURCES, "lsoa2011_boundaries"), _bus_stops("2019"), ("iod2019_lsoa",)),
    Artefact("bus_stops_2025", (*NAPTAN_SOURCES, "lsoa2021_boundaries"), _bus_stops("2025"), ("iod2025_lsoa",)),
    Artefact("main_roads", ("osm_main_roads",), _main_roads, ("lad_outline",)),
    Artefact("postcodes", ("postcodes",), _postcodes, ("iod2025_lsoa", "wards2025_boundaries")),
    Artefact("indicators", INDICATOR_SOURCES, _indicators, national=True),
    Artefact("claims", ("published_claims",), _claims, national=True),
    Artefact("local_indicators", ("local_indicators",), _local_indicators,
             ("iod2019_lsoa", "iod2025_lsoa", "wards2022_boundaries", "wards2025_boundaries", "lsoa_ward_2019",
              "lsoa_ward_2025", "postcodes")),
)


# --- fingerprints, atomic writes, the manifest ----------------------------------------------------

def _code_version() -> str:
    digest = hashlib.sha256()
    for path in CODE_FILES:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _fingerprint(artefact: Artefact, lad: str, manifest: dict) -> dict:
    inputs = {}
    for source_id in artefact.sources:
        if registry.get(source_id).options.get("folder"):  # an optional folder: every file in it, or nothing
            inputs[source_id] = [{"path": str(p), "size": p.stat().st_size, "mtime_ns": p.stat().st_mtime_ns}
                                 for p in registry.folder_files(source_id)[1]]
            continue
        if not registry.get(source_id).local:
            path = registry.locate(source_id)
        else:
            path = registry.find_national(source_id) if artefact.national else registry.find(source_id, lad=lad)
        stat = path.stat() if path else None
        inputs[source_id] = {"path": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns} if stat else None
    upstream = {name: manifest.get("artefacts", {}).get(name, {}).get("built_at") for name in artefact.after}
    return {"lad": "*" if artefact.national else lad, "code": _code_version(), "inputs": inputs, "upstream": upstream}


def _share(artefact: Artefact, fingerprint: dict, shared_from: Path | None, target: Path) -> dict | None:
    """Link a national table another authority's folder already holds with the same fingerprint; its manifest entry, or None."""
    if shared_from is None or not artefact.national:
        return None
    entry = read_manifest(shared_from).get("artefacts", {}).get(artefact.name)
    source = shared_from / target.name
    if not entry or entry.get("fingerprint") != fingerprint or not _intact(source, entry):
        return None
    def write(temporary: str) -> None:
        os.unlink(temporary)
        try:
            os.link(source, temporary)
        except OSError:
            shutil.copy2(source, temporary)
    _write_atomic(target, write)
    return entry


def _write_atomic(target: Path, write: Callable[[str], None]) -> None:
    """Write through a temporary file renamed into place; on failure remove it, so no table is half-written.

    A full disk or an unwritable folder becomes a DataProblem naming the file, not a traceback."""
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
        os.close(handle)
        write(temporary)
        os.replace(temporary, target)
    except BaseException as error:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            reason = os.strerror(error.errno) if error.errno else str(error)
            raise DataProblem(str(target), f"this built table could not be written ({reason}).",
                              "free some disk space or make the build folder writable (or set FSOT_BUILD to another folder), "
                              "then build again.") from error
        raise


def _write_manifest(manifest: dict, out_dir: Path) -> None:
    def write(temporary: str) -> None:
        with open(temporary, "w", encoding="utf-8") as stream:
            json.dump(manifest, stream, indent=1, sort_keys=True)
    _write_atomic(out_dir / MANIFEST, write)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _intact(target: Path, entry: dict) -> bool:
    """The table on disk is the one the manifest recorded: not deleted, truncated, corrupted or replaced."""
    return target.is_file() and entry.get("sha256") == _sha256(target)


def read_manifest(out_dir: Path) -> dict:
    path = out_dir / MANIFEST
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}  # a damaged manifest only means everything is rebuilt


def build_all(lads: list[str] | None = None, force: bool = False, report: Callable[[str], None] = print) -> dict[str, dict]:
    """Build each authority (FSOT_LAD, a comma list) into its own folder of the build folder; return their manifests."""
    manifests, previous = {}, None
    for lad in lads or lad_codes():
        report(f"{lad} -> {authority_dir(lad)}")
        manifests[lad] = build(authority_dir(lad), lad, force, report, shared_from=previous)
        previous = authority_dir(lad)
    return manifests


def build(out_dir: Path | None = None, lad: str | None = None, force: bool = False,
          report: Callable[[str], None] = print, shared_from: Path | None = None) -> dict:
    """Build every artefact for one authority that is missing or out of date, into out_dir; return the manifest.

    National tables another authority's folder (shared_from) holds up to date are linked, not rebuilt."""
    lad = lad or lad_codes()[0]
    out_dir = Path(out_dir or authority_dir(lad))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as error:
        raise DataProblem(str(out_dir), f"the build folder cannot be written ({error.strerror}).",
                          "make it writable, or set FSOT_BUILD to a writable folder.") from error
    manifest = read_manifest(out_dir)
    manifest.setdefault("artefacts", {})
    if manifest.get("lad") != lad:
        manifest = {"artefacts": {}}
    manifest.pop("predecessors", None)  # worked out afresh from this build's tables
    ctx = Context(lad, out_dir, manifest)
    started = time.perf_counter()
    for artefact in ARTEFACTS:
        target = out_dir / f"{artefact.name}.parquet"
        fingerprint = _fingerprint(artefact, lad, manifest)
        previous = manifest["artefacts"].get(artefact.name, {})
        if not force and previous.get("fingerprint") == fingerprint:
            if _intact(target, previous):
                report(f"  up to date  {artefact.name}")
                continue
            report(f"  damaged     {artefact.name}: missing or changed since it was built; rebuilding")
        if not force and (entry := _share(artefact, fingerprint, shared_from, target)):
            manifest["artefacts"][artefact.name] = entry
            _write_manifest(manifest, out_dir)
            report(f"  shared      {artefact.name}")
            continue
        t0 = time.perf_counter()
        try:
            frame, unavailable = artefact.make(ctx), None
        except Unavailable as missing:
            frame, unavailable = missing.empty, missing.note
        _write_atomic(target, lambda temporary, frame=frame: frame.to_parquet(temporary, index=False))
        manifest["artefacts"][artefact.name] = {
            "fingerprint": fingerprint, "rows": len(frame), "built_at": time.time(),
            "sources": list(artefact.sources), "absent_columns": ctx.absent.get(artefact.name, previous.get("absent_columns", [])),
            "bytes": target.stat().st_size, "sha256": _sha256(target), "unavailable": unavailable,
            "method": ctx.methods.get(artefact.name),
        }
        # Record progress after each artefact, so an interrupted build resumes rather than restarts.
        manifest["lad"] = lad
        _write_manifest(manifest, out_dir)
        report(f"  built       {artefact.name:<24} {len(frame):>7,} rows  {time.perf_counter() - t0:5.1f} s"
               + (f"  (not available: {unavailable})" if unavailable else ""))
    manifest["lad"] = lad
    manifest["lad_name"] = str(ctx.read("iod2025_lsoa").set_index("lad_code").loc[[lad], "lad_name"].iloc[0])
    manifest["build_seconds"] = round(time.perf_counter() - started, 2)
    _write_manifest(manifest, out_dir)
    return manifest
