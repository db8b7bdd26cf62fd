"""Turn the sources into app-ready tables (Parquet / GeoParquet) for one local authority.

Each artefact names the sources it reads and a function that makes it. An artefact is rebuilt only
when one of its inputs (file size and modification time), the code, or the local authority has
changed since the last build. Every file is written to a temporary name and renamed into place, so
an interrupted build never leaves a half-written table.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from datafiles.errors import DataProblem
from fsot_data import registry
from fsot_data.config import build_dir, lad_code
from fsot_data.editions import EDITIONS, PCON_SETS
from fsot_data.indicators import read_claims, read_indicators
from fsot_data.indices import read_iod2015, read_iod_lsoa, read_lad_summaries
from fsot_data.store import read_artefact
from geodata.boundaries import read_layer, select_areas, simplify_for_web, with_area
from geodata.lookups import read_lsoa_bridge, read_ward_lookup
from geodata.postcodes import read_postcodes

MANIFEST = "manifest.json"
INDICATOR_SOURCES = tuple(sid for sid, source in registry.all_sources().items() if source.kind == "indicators")
CODE_FILES = [Path(__file__).parent / name for name in ("build.py", "indices.py", "indicators.py", "crosswalk.toml", "sources.toml", "editions.py")] + [
    Path(__file__).parent.parent / "geodata" / name for name in ("boundaries.py", "lookups.py", "postcodes.py")] + [
    Path(__file__).parent.parent / "datafiles" / "readers.py"]


@dataclass(frozen=True)
class Artefact:
    name: str
    sources: tuple[str, ...]
    make: Callable[["Context"], pd.DataFrame]
    after: tuple[str, ...] = ()  # artefacts this one reads


class Context:
    """What a builder needs: the local authority, located sources, and artefacts built so far."""

    def __init__(self, lad: str, out_dir: Path):
        self.lad = lad
        self.out_dir = out_dir
        self.absent: dict[str, list[str]] = {}

    def path(self, source_id: str) -> Path:
        return registry.locate(source_id)

    def read(self, name: str) -> pd.DataFrame:
        return read_artefact(self.out_dir / f"{name}.parquet")


# --- builders --------------------------------------------------------------------------------------

def _lsoa_table(edition: str):
    def make(ctx: Context) -> pd.DataFrame:
        ed = EDITIONS[edition]
        source = registry.get(ed.lsoa_source)
        table, absent = read_iod_lsoa(ctx.path(ed.lsoa_source), edition, source.options.get("expected_rows"))
        ctx.absent[f"iod{edition}_lsoa"] = absent
        if not (table["lad_code"] == ctx.lad).any():
            raise DataProblem(str(ctx.path(ed.lsoa_source)), f"has no LSOAs for local authority {ctx.lad}.",
                              "set FSOT_LAD to an English local authority district code (e.g. E06000004).")
        return table
    return make


def _lad_summaries(edition: str):
    def make(ctx: Context) -> pd.DataFrame:
        source_id = EDITIONS[edition].summaries_source
        return read_lad_summaries(ctx.path(source_id), registry.get(source_id).options.get("expected_rows"))
    return make


def _iod2015(ctx: Context) -> pd.DataFrame:
    return read_iod2015(ctx.path("iod2015_imd"), registry.get("iod2015_imd").options.get("expected_rows"))


def _bridge(ctx: Context) -> pd.DataFrame:
    return read_lsoa_bridge(ctx.path("lsoa11_lsoa21_lookup"))


def _la_codes(ctx: Context, edition: str) -> set[str]:
    table = ctx.read(f"iod{edition}_lsoa")
    return set(table.loc[table["lad_code"] == ctx.lad, "lsoa_code"])


def _first_covering(ctx: Context, source_id: str, codes: set[str]) -> tuple[Path, gpd.GeoDataFrame]:
    """The smallest stored boundary file that holds every wanted area (files are listed smallest first)."""
    source = registry.get(source_id)
    tried = []
    for path in source.candidates():
        if not path.is_file():
            continue
        frame = read_layer(path)
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
        options = registry.get(source_id).options
        chosen = select_areas(frame, path, options["code_field"], options["name_field"], codes=codes)
        if set(chosen["code"]) != codes:
            raise DataProblem(str(path), "boundary codes do not match the index codes for this local authority.", "fetch matching editions.")
        return simplify_for_web(with_area(chosen))
    return make


def _outline(ctx: Context) -> gpd.GeoDataFrame:
    lsoas = ctx.read("lsoa2021_boundaries")
    outline = gpd.GeoDataFrame({"code": [ctx.lad]}, geometry=[lsoas.to_crs(27700).union_all().buffer(0)], crs=27700).to_crs(4326)
    return with_area(outline)


def _wards(source_id: str):
    def make(ctx: Context) -> gpd.GeoDataFrame:
        source = registry.get(source_id)
        path = ctx.path(source_id)
        frame = read_layer(path)
        chosen = select_areas(frame, path, source.options["code_field"], source.options["name_field"],
                              lad_field=source.options.get("lad_field"), lad_code=ctx.lad)
        if chosen.empty:
            raise DataProblem(str(path), f"has no wards for local authority {ctx.lad}.", "fetch the ward boundaries that cover it.")
        return simplify_for_web(with_area(chosen), tolerance_m=20)
    return make


def _constituencies(source_id: str):
    def make(ctx: Context) -> gpd.GeoDataFrame:
        source = registry.get(source_id)
        path = ctx.path(source_id)
        chosen = select_areas(read_layer(path), path, source.options["code_field"], source.options["name_field"])
        outline = ctx.read("lad_outline").to_crs(27700).geometry.iloc[0]
        projected = chosen.to_crs(27700)
        share = projected.intersection(outline).area / outline.area
        chosen["share_of_la_area"] = share.to_numpy()
        # BUC constituencies are 500 m generalised: ignore slivers under 1% of the borough.
        return chosen.loc[chosen["share_of_la_area"] > 0.01].reset_index(drop=True)
    return make


def _ward_lookup(edition: str):
    def make(ctx: Context) -> pd.DataFrame:
        source_id = EDITIONS[edition].ward_lookup_source
        options = registry.get(source_id).options
        lookup = read_ward_lookup(ctx.path(source_id), options["lsoa_field"], options["ward_code_field"],
                                  options["ward_name_field"], official=source_id == "lsoa11_ward19_lookup")
        codes = _la_codes(ctx, edition)
        lookup = lookup.loc[lookup["lsoa_code"].isin(codes)].reset_index(drop=True)
        missing = codes - set(lookup["lsoa_code"])
        if missing:
            raise DataProblem(str(ctx.path(source_id)), f"{len(missing)} of the local authority's LSOAs have no ward (e.g. {sorted(missing)[0]}).",
                              "fetch the lookup that covers this local authority.")
        return lookup
    return make


def _postcodes(ctx: Context) -> pd.DataFrame:
    return read_postcodes(ctx.path("postcodes"))


def _indicators(ctx: Context) -> pd.DataFrame:
    return read_indicators({sid: ctx.path(sid) for sid in INDICATOR_SOURCES})


def _claims(ctx: Context) -> pd.DataFrame:
    return read_claims(ctx.path("published_claims"))


ARTEFACTS: tuple[Artefact, ...] = (
    Artefact("iod2019_lsoa", ("iod2019_lsoa",), _lsoa_table("2019")),
    Artefact("iod2025_lsoa", ("iod2025_lsoa",), _lsoa_table("2025")),
    Artefact("iod2019_lad_summaries", ("iod2019_lad_summaries",), _lad_summaries("2019")),
    Artefact("iod2025_lad_summaries", ("iod2025_lad_summaries",), _lad_summaries("2025")),
    Artefact("iod2015_imd", ("iod2015_imd",), _iod2015),
    Artefact("lsoa_bridge", ("lsoa11_lsoa21_lookup",), _bridge),
    Artefact("lsoa2011_boundaries", ("lsoa2011_boundaries",), _lsoa_boundaries("2019"), ("iod2019_lsoa",)),
    Artefact("lsoa2021_boundaries", ("lsoa2021_boundaries",), _lsoa_boundaries("2025"), ("iod2025_lsoa",)),
    Artefact("lad_outline", (), _outline, ("lsoa2021_boundaries",)),
    Artefact("wards2022_boundaries", ("wards2022_boundaries",), _wards("wards2022_boundaries")),
    Artefact("wards2025_boundaries", ("wards2025_boundaries",), _wards("wards2025_boundaries")),
    Artefact("pcon2010_boundaries", ("pcon2010_boundaries",), _constituencies(PCON_SETS["2010"][0]), ("lad_outline",)),
    Artefact("pcon2024_boundaries", ("pcon2024_boundaries",), _constituencies(PCON_SETS["2024"][0]), ("lad_outline",)),
    Artefact("lsoa_ward_2019", ("lsoa11_ward19_lookup",), _ward_lookup("2019"), ("iod2019_lsoa",)),
    Artefact("lsoa_ward_2025", ("lsoa21_ward25_lookup",), _ward_lookup("2025"), ("iod2025_lsoa",)),
    Artefact("postcodes", ("postcodes",), _postcodes),
    Artefact("indicators", INDICATOR_SOURCES, _indicators),
    Artefact("claims", ("published_claims",), _claims),
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
        path = registry.locate(source_id)
        stat = path.stat()
        inputs[source_id] = {"path": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    upstream = {name: manifest.get("artefacts", {}).get(name, {}).get("built_at") for name in artefact.after}
    return {"lad": lad, "code": _code_version(), "inputs": inputs, "upstream": upstream}


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


def build(out_dir: Path | None = None, lad: str | None = None, force: bool = False,
          report: Callable[[str], None] = print) -> dict:
    """Build every artefact that is missing or out of date; return the manifest."""
    out_dir = Path(out_dir or build_dir())
    lad = lad or lad_code()
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
        manifest["artefacts"] = {}
    ctx = Context(lad, out_dir)
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
        t0 = time.perf_counter()
        frame = artefact.make(ctx)
        _write_atomic(target, lambda temporary: frame.to_parquet(temporary, index=False))
        manifest["artefacts"][artefact.name] = {
            "fingerprint": fingerprint, "rows": int(len(frame)), "built_at": time.time(),
            "sources": list(artefact.sources), "absent_columns": ctx.absent.get(artefact.name, previous.get("absent_columns", [])),
            "bytes": target.stat().st_size, "sha256": _sha256(target),
        }
        # Record progress after each artefact, so an interrupted build resumes rather than restarts.
        manifest["lad"] = lad
        _write_manifest(manifest, out_dir)
        report(f"  built       {artefact.name:<24} {len(frame):>7,} rows  {time.perf_counter() - t0:5.1f} s")
    manifest["lad"] = lad
    manifest["build_seconds"] = round(time.perf_counter() - started, 2)
    _write_manifest(manifest, out_dir)
    return manifest
