"""`python -m fsot_data build` on broken sources and broken build folders, run as a user would run it.

Every fault must end with exit code 2 and one message on stderr naming the file, the problem and the
fix, with no traceback, and must leave the build folder as it was or consistently built: no temporary
files, and every table on disk is complete and the one the manifest records.

The sources are a tree of symlinks to the real sources folder (nothing is copied); a test swaps one
link for a damaged copy, in the temporary tree only.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from fsot_data import registry
from fsot_data.build import MANIFEST, build
from fsot_data.store import load

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT_S = 300
LAD = "E06000004"  # the command builds each authority into <FSOT_BUILD>/<LAD code>; `out` below is that folder


# --- fixtures: a linked sources tree, one reference build, and a way to damage one source ------------

@pytest.fixture(scope="module")
def linked_sources(tmp_path_factory, sources_dir) -> Path:
    root = tmp_path_factory.mktemp("sources")
    for original in Path(sources_dir).resolve().rglob("*"):
        if original.is_file():
            link = root / original.relative_to(Path(sources_dir).resolve())
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(original)
    return root


@pytest.fixture(scope="module")
def reference_build(tmp_path_factory, linked_sources) -> Path:
    """A complete build from the linked sources, so each test rebuilds only what it damages."""
    out = tmp_path_factory.mktemp("reference-build")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FSOT_SOURCES", str(linked_sources))
        build(out, lad=LAD, report=lambda _: None)
    return out


@pytest.fixture
def build_copy(reference_build, tmp_path) -> Path:
    out = tmp_path / "build" / LAD
    shutil.copytree(reference_build, out)
    return out


@pytest.fixture
def damage(linked_sources):
    """damage(relative_path, bytes): replace one source with the given bytes until the test ends."""
    replaced: list[tuple[Path, Path]] = []

    def replace(relative: str, content: bytes) -> Path:
        link = linked_sources / relative
        original = link.resolve()
        link.unlink()
        link.write_bytes(content)
        replaced.append((link, original))
        return link

    yield replace
    for link, original in replaced:
        link.unlink()
        link.symlink_to(original)


def original_bytes(linked_sources: Path, relative: str) -> bytes:
    return (linked_sources / relative).resolve().read_bytes()


# --- running the command and judging its output -----------------------------------------------------

def cli_env(sources: Path, out: Path) -> dict[str, str]:
    """The environment that builds LAD into `out` (an authority's folder of the build folder)."""
    assert out.name == LAD
    env = {k: v for k, v in os.environ.items() if k != "FSOT_LAD"}
    env.update(FSOT_SOURCES=str(sources), FSOT_BUILD=str(out.parent))
    return env


def run_build(sources: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fsot_data", "build"], cwd=PROJECT_ROOT, env=cli_env(sources, out),
                          capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)


def assert_clear_failure(result: subprocess.CompletedProcess, file: str | Path, *problem_patterns: str) -> None:
    """Exit code 2 and exactly one 'Problem with <file>' message with the problem (each pattern, a regular
    expression, found in it) and the fix; no traceback."""
    shown = f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.returncode == 2, shown
    assert "Traceback" not in result.stderr + result.stdout, shown
    assert result.stderr.count("Problem with ") == 1, shown
    assert f"Problem with {file}:" in result.stderr, shown
    for pattern in problem_patterns:
        assert re.search(pattern, result.stderr), shown
    assert "How to fix: " in result.stderr, shown


def assert_consistent(out: Path) -> None:
    """No temporary files; every table is readable and has the rows the manifest recorded for it."""
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert not leftovers, f"half-written files left in {out}: {leftovers}"
    tables = sorted(out.glob("*.parquet"))
    if not tables:
        return
    recorded = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["artefacts"]
    for table in tables:
        assert table.stem in recorded, f"{table.name} is not in the manifest"
        assert pq.read_metadata(table).num_rows == recorded[table.stem]["rows"], table.name


def cut(content: bytes, fraction: float = 0.5) -> bytes:
    return content[: int(len(content) * fraction)]


# --- sources --------------------------------------------------------------------------------------

def test_a_missing_sources_folder(tmp_path):
    out = tmp_path / "build" / LAD
    nowhere = tmp_path / "no-such-folder"
    result = run_build(nowhere, out)
    assert_clear_failure(result, nowhere / registry.get("iod2019_lsoa").paths[0], "is missing", "fetch", "FSOT_SOURCES")
    assert_consistent(out)
    assert not list(out.glob("*.parquet"))


TRUNCATED = {
    "IoD2025 gz cut in half": ("iod/iod2025/iod2025_lsoa21_assembled.csv.gz", "truncated or corrupt"),
    "File 10 workbook cut in half": ("iod/iod2019/File_10_-_IoD2019_Local_Authority_District_Summaries__lower-tier__.xlsx",
                                     "truncated or corrupt"),
    "LAD summaries CSV cut short": ("iod/iod2025/iod2025_lad24_summaries.csv", "truncated"),
    "claims CSV cut short": ("indicators/published_claims_check.csv", "truncated or corrupt"),
    "boundaries GeoJSON cut short": ("geo/wards2025_bgc_stockton.geojson", "truncated or corrupt"),
    "ward lookup CSV cut short": ("geo/lookup_lsoa2021_ward2025_tees_valley_derived.csv", "have no ward|truncated"),
    # Plain CSVs with no row count to check: a cut mid-row shows as a missing final newline.
    "postcode CSV cut short": ("geo/lookup_postcode_lsoa_tees_valley_derived.csv", "truncated"),
    "indicator CSV cut short": ("indicators/ons_els_la_region_england.csv", "truncated"),
}


@pytest.mark.parametrize(("relative", "problem"), [pytest.param(*case, id=name) for name, case in TRUNCATED.items()])
def test_a_truncated_source(relative, problem, linked_sources, build_copy, damage):
    damaged = damage(relative, cut(original_bytes(linked_sources, relative)))
    result = run_build(linked_sources, build_copy)
    assert_clear_failure(result, damaged, problem)
    assert_consistent(build_copy)


def _renamed_header(content: bytes, old: str, new: str) -> bytes:
    header, _, rest = content.partition(b"\n")
    return header.replace(old.encode(), new.encode()) + b"\n" + rest


WRONG_COLUMNS = {
    "postcode lookup without lsoa21cd": ("geo/lookup_postcode_lsoa_tees_valley_derived.csv",
                                         lambda raw: _renamed_header(raw, "lsoa21cd", "lsoa_2021"), "lsoa21cd"),
    "IoD2025 table without its LSOA code": ("iod/iod2025/iod2025_lsoa21_assembled.csv.gz",
                                            lambda raw: gzip.compress(_renamed_header(gzip.decompress(raw), "LSOA code (2021)", "Area"), 1),
                                            "lsoa_code"),
    "ward boundaries without WD25CD": ("geo/wards2025_bgc_stockton.geojson",
                                       lambda raw: raw.replace(b'"WD25CD"', b'"WARDCODE"'), "'WD25CD'"),
    "claims without claim_id": ("indicators/published_claims_check.csv",
                                lambda raw: _renamed_header(raw, "claim_id", "id"), "claim_id"),
}


@pytest.mark.parametrize(("relative", "rewrite", "named_column"), [pytest.param(*case, id=name) for name, case in WRONG_COLUMNS.items()])
def test_a_source_with_wrong_columns(relative, rewrite, named_column, linked_sources, build_copy, damage):
    damaged = damage(relative, rewrite(original_bytes(linked_sources, relative)))
    result = run_build(linked_sources, build_copy)
    assert_clear_failure(result, damaged, named_column)
    assert_consistent(build_copy)


# --- the build folder -------------------------------------------------------------------------------

def test_a_corrupted_build_is_repaired_by_building_again(linked_sources, build_copy):
    # Three tables that no damaged table feeds (postcodes read iod2025_lsoa, so they are rebuilt as "built" anyway).
    (build_copy / "indicators.parquet").write_bytes(b"not parquet at all")
    whole = (build_copy / "iod2025_lsoa.parquet").read_bytes()
    (build_copy / "iod2025_lsoa.parquet").write_bytes(cut(whole))
    (build_copy / "claims.parquet").unlink()
    result = run_build(linked_sources, build_copy)
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    damaged = sorted(line.split()[1].rstrip(":") for line in lines if line.startswith("damaged"))
    rebuilt = {line.split()[1] for line in lines if line.startswith("built")}
    assert damaged == ["claims", "indicators", "iod2025_lsoa"], result.stdout
    assert set(damaged) <= rebuilt and "iod2019_lsoa" not in rebuilt, result.stdout
    assert len(load("indicators", build_copy)) > 0 and len(load("iod2025_lsoa", build_copy)) == 33_755
    assert_consistent(build_copy)


def test_a_build_folder_that_cannot_be_created(tmp_path, linked_sources):
    # Root ignores mode bits, but nobody can create a folder below a regular file.
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run_build(linked_sources, blocker / "build" / LAD)
    assert_clear_failure(result, blocker / "build" / LAD, "cannot be written", "FSOT_BUILD")


def _private_mount_namespace_works() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "--map-root-user", "--mount", "true"], capture_output=True).returncode == 0


needs_mount_namespace = pytest.mark.skipif(not _private_mount_namespace_works(),
                                           reason="needs `unshare --map-root-user --mount` (user namespaces) "
                                                  "to mount a read-only or full folder")


def run_build_on_mount(mount_commands: str, sources: Path, out: Path, keep: Path | None = None) -> subprocess.CompletedProcess:
    """Run the build in a private mount namespace (no real root needed) after `mount_commands` on $BUILD.

    The mount vanishes with the namespace, so what the build left is copied to `keep` first."""
    copy_out = f'cp -a "$BUILD/." "{keep}"' if keep else "true"
    script = f'set -e; {mount_commands}; set +e; "$PYTHON" -m fsot_data build; status=$?; {copy_out}; exit $status'
    env = cli_env(sources, out) | {"BUILD": str(out), "PYTHON": sys.executable}
    return subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", script], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)


@needs_mount_namespace
def test_a_read_only_build_folder_is_refused_and_left_alone(linked_sources, build_copy):
    (build_copy / "postcodes.parquet").write_bytes(b"damaged, and the folder is read-only")
    before = {p.name: p.read_bytes() for p in build_copy.iterdir()}
    result = run_build_on_mount('mount --bind "$BUILD" "$BUILD" && mount -o remount,bind,ro "$BUILD"', linked_sources, build_copy)
    assert_clear_failure(result, build_copy, r"cannot be written \(Read-only file system\)", "make it writable")
    assert {p.name: p.read_bytes() for p in build_copy.iterdir()} == before


@needs_mount_namespace
def test_a_full_disk_stops_the_build_cleanly(linked_sources, tmp_path):
    """6 MB holds the first table (IoD2019, about 4.6 MB) but not the second: the build stops between tables."""
    out, kept = tmp_path / "build" / LAD, tmp_path / "left-behind"
    out.mkdir(parents=True)
    kept.mkdir()
    result = run_build_on_mount('mount -t tmpfs -o size=6m tmpfs "$BUILD"', linked_sources, out, keep=kept)
    assert_clear_failure(result, out / "iod2025_lsoa.parquet", r"could not be written \(No space left on device\)", "disk space")
    assert (kept / "iod2019_lsoa.parquet").is_file()
    assert_consistent(kept)
