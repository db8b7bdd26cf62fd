"""The build: real sources to app tables, incremental, atomic, and clear about every failure."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

from datafiles.errors import DataProblem
from fsot_data import build as build_module
from fsot_data.build import ARTEFACTS, build, read_manifest
from fsot_data.datasets import Datasets
from fsot_data.store import load


@pytest.fixture(scope="module")
def built(tmp_path_factory, sources_dir):
    out = tmp_path_factory.mktemp("build")
    os.environ["FSOT_SOURCES"] = str(sources_dir)
    manifest = build(out, lad="E06000004", report=lambda _: None)
    return out, manifest


def test_builds_every_artefact_with_expected_rows(built):
    out, manifest = built
    rows = {name: entry["rows"] for name, entry in manifest["artefacts"].items()}
    assert set(rows) == {a.name for a in ARTEFACTS}
    assert rows["iod2019_lsoa"] == 32_844 and rows["iod2025_lsoa"] == 33_755
    assert rows["lsoa2011_boundaries"] == 120 and rows["lsoa2021_boundaries"] == 124
    assert rows["wards2022_boundaries"] == 26 and rows["wards2025_boundaries"] == 27
    assert rows["lsoa_ward_2019"] == 120 and rows["lsoa_ward_2025"] == 124
    assert manifest["artefacts"]["iod2025_lsoa"]["absent_columns"]  # recorded for the app to explain
    assert not list(out.glob(".*.tmp"))


def test_boundaries_are_valid_small_and_match_index_codes(built):
    out, _ = built
    data = Datasets(out)
    for edition in ("2019", "2025"):
        shapes = data.lsoa_shapes(edition)
        assert set(shapes["code"]) == set(data.lsoas(edition)["lsoa_code"])
        assert shapes.geometry.is_valid.all()
        assert shapes.crs.to_epsg() == 4326
    # Coverage simplification keeps the borough whole: areas sum to about 205 km², as the sources say.
    assert data.lsoa_shapes("2025")["area_km2"].sum() == pytest.approx(204.93, abs=0.05)
    constituencies = data.constituency_shapes("2024")
    assert set(constituencies["name"]) == {"Stockton North", "Stockton West", "Middlesbrough and Thornaby East"}


def test_the_borough_table_has_wards_and_priority_areas_validate(built):
    data = Datasets(built[0])
    lsoas = data.lsoas("2019")
    assert lsoas["ward_code"].notna().all() and set(lsoas["ward_fit"]) == {"official best fit"}
    assert set(data.lsoas("2025")["ward_fit"]) == {"high", "medium", "low"}
    assert [a.name for a in data.priority_areas()] == ["Central Stockton", "North Thornaby", "Port Clarence"]
    assert data.bridge()["change"].value_counts().to_dict() == {"U": 116, "S": 8}


def test_a_second_build_rebuilds_nothing(built, sources_dir):
    out, _ = built
    messages = []
    build(out, lad="E06000004", report=messages.append)
    assert all(m.strip().startswith("up to date") for m in messages), messages


def test_a_changed_source_rebuilds_only_what_depends_on_it(built, sources_dir, tmp_path, monkeypatch):
    out = tmp_path / "build"
    shutil.copytree(built[0], out)
    copy = tmp_path / "sources"
    shutil.copytree(sources_dir, copy, ignore=shutil.ignore_patterns("*.gpkg.zip"))
    monkeypatch.setenv("FSOT_SOURCES", str(copy))
    # Same bytes in a new place: sources moved, so everything is re-read once.
    build(out, lad="E06000004", report=lambda _: None)
    claims = copy / "indicators/published_claims_check.csv"
    claims.write_text(claims.read_text(encoding="utf-8"), encoding="utf-8")  # new mtime
    messages = []
    build(out, lad="E06000004", report=messages.append)
    rebuilt = [m.split()[1] for m in messages if m.strip().startswith("built")]
    assert rebuilt == ["claims"]


def test_a_failing_build_never_leaves_a_half_written_table(built, tmp_path, monkeypatch):
    out = tmp_path / "build"
    shutil.copytree(built[0], out)
    before = (out / "postcodes.parquet").read_bytes()

    def explode(self, *args, **kwargs):
        with open(args[0], "wb") as half:
            half.write(b"PAR1 half a table")
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", explode)
    with pytest.raises(KeyboardInterrupt):
        build(out, lad="E06000004", force=True, report=lambda _: None)
    assert (out / "postcodes.parquet").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_an_unwritable_build_folder_gives_a_clear_message(tmp_path):
    # A folder below a regular file cannot be created by anyone, root included (root ignores mode bits).
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(DataProblem, match="cannot be written") as caught:
        build(blocker / "build", lad="E06000004", report=lambda _: None)
    assert "FSOT_BUILD" in caught.value.fix


def test_a_missing_sources_folder_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("FSOT_SOURCES", str(tmp_path / "nowhere"))
    with pytest.raises(DataProblem, match="is missing") as caught:
        build(tmp_path / "build", lad="E06000004", report=lambda _: None)
    assert "nowhere" in caught.value.file and "fetch" in caught.value.fix


def test_an_unknown_local_authority_is_refused(tmp_path, sources_dir):
    with pytest.raises(DataProblem, match="no LSOAs for local authority E06999999"):
        build(tmp_path / "build", lad="E06999999", report=lambda _: None)


def test_a_corrupt_built_table_is_reported_with_the_fix(built, tmp_path):
    out = tmp_path / "build"
    shutil.copytree(built[0], out)
    (out / "iod2025_lsoa.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(DataProblem, match="damaged") as caught:
        load("iod2025_lsoa", out)
    assert "python -m fsot_data build" in caught.value.fix
    with pytest.raises(DataProblem, match="missing"):
        load("no_such_table", out)


def test_a_damaged_manifest_means_a_rebuild_not_a_crash(tmp_path):
    (tmp_path / build_module.MANIFEST).write_text("{not json")
    assert read_manifest(tmp_path) == {}
