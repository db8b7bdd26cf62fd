"""Local indicators an administrator adds in the sources folder's local_indicators/: built and validated like any
other source, absent = none. The sources folder here is a temporary folder of links to the real one
(FSOT_SOURCES) plus a local_indicators/ folder the test writes; the real folder is never written to.

Expected figures: the wards and names of geo/wards2025_bgc_stockton.geojson (27 wards, Yarm E05014884); postcodes
TS18 1AA and TS18 1AD are in LSOA 2011 E01033477 (geo/lookup_postcode_lsoa_tees_valley_derived.csv), population
2,726 (iod/iod2019/iod2019_lsoa11_assembled.csv.gz, "Total population: mid 2015 (excluding prisoners)").
"""

from __future__ import annotations

import pytest

from datafiles.errors import DataProblem
from fsot_data import own_data as od
from fsot_data import registry
from fsot_data.build import build
from fsot_data.datasets import Datasets
from fsot_data.fetch import fetch

SURVEY_TOML = """file = "survey.csv"
name = "Feel engaged in their community"
unit = "% of residents"
period = "2024"
domain = "Social and cultural networks"
polarity = "higher_is_better"
source = "Stockton-on-Tees Borough Council residents' survey 2024"
area_column = "ward"
value_column = "percent"
"""
CONTACTS_TOML = """file = "contacts.csv"
name = "Customer contacts"
unit = "contacts per 1,000 residents"
period = "2024/25"
domain = "Access to services"
polarity = "no_judgement"
source = "Council customer contact system"
measure = "count"
area_column = "postcode"
"""


@pytest.fixture(scope="module")
def layered(tmp_path_factory, sources_dir):
    """A sources folder: every entry of the real one linked, plus local_indicators/ with two indicators."""
    root = tmp_path_factory.mktemp("sources")
    for entry in sources_dir.iterdir():
        (root / entry.name).symlink_to(entry)
    local = root / "local_indicators"
    local.mkdir()
    wards = Datasets().ward_shapes("2025")
    rows = "\n".join(f"{name},{40 if name == 'Yarm' else 10}" for name in wards["name"])
    (local / "survey.csv").write_text(f"ward,percent\n{rows}\n", encoding="utf-8")
    (local / "survey.toml").write_text(SURVEY_TOML, encoding="utf-8")
    (local / "contacts.csv").write_text("postcode\nTS18 1AA\nTS18 1AD\n", encoding="utf-8")
    (local / "contacts.toml").write_text(CONTACTS_TOML, encoding="utf-8")
    out = tmp_path_factory.mktemp("build")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FSOT_SOURCES", str(root))
        manifest = build(out, lad="E06000004", report=lambda _: None)
        yield root, out, manifest, patch


def test_local_indicators_are_built_for_everyone(layered):
    _, out, manifest, _ = layered
    assert manifest["artefacts"]["local_indicators"]["rows"] == 27 + 120  # 27 wards; every 2011 LSOA for postcodes
    indicators = {i.meta.name: i for i in od.local_indicators(Datasets(out).local_indicators())}
    survey, contacts = indicators["Feel engaged in their community"], indicators["Customer contacts"]
    assert survey.permanent and survey.geography == "ward2025" and "not published statistics" in survey.label
    compared = od.compare(survey, "Yarm", ["E05014884"], list(survey.table["code"])).set_index("role")["value"]
    assert (compared["Area"], compared["Rest of the borough"]) == (40, 10)  # by hand: Yarm 40, the other 26 wards 10
    assert contacts.geography == "lsoa2011" and contacts.scale == 1000
    # By hand: two postcodes in E01033477, population 2,726.
    assert contacts.table.set_index("code").at["E01033477", "value"] == pytest.approx(2 / 2726 * 1000)


def test_a_bad_local_file_fails_the_build_naming_it(layered):
    root, out, _, _ = layered
    contacts = root / "local_indicators" / "contacts.csv"
    contacts.write_text("postcode\nTS18 1AA\nTS1 1AA\n", encoding="utf-8")
    try:
        with pytest.raises(DataProblem) as problem:
            build(out, lad="E06000004", report=lambda _: None)
        assert problem.value.file == str(contacts)
        assert "row 3: postcode TS1 1AA is in Middlesbrough" in problem.value.problem
    finally:
        contacts.write_text("postcode\nTS18 1AA\nTS18 1AD\n", encoding="utf-8")
    (root / "local_indicators" / "survey.toml").write_text(SURVEY_TOML.replace('polarity = "higher_is_better"', ""))
    with pytest.raises(DataProblem, match="metadata lacks polarity"):
        build(out, lad="E06000004", report=lambda _: None)
    (root / "local_indicators" / "survey.toml").write_text(SURVEY_TOML)


def test_no_folder_means_no_local_indicators(layered, tmp_path):
    root, out, _, _patch = layered
    (root / "local_indicators").rename(tmp_path / "put_aside")
    try:
        manifest = build(out, lad="E06000004", report=lambda _: None)
        assert manifest["artefacts"]["local_indicators"]["rows"] == 0
        assert Datasets(out).local_indicators().empty
        [result] = fetch([registry.get("local_indicators")], root=root, progress=False, report=lambda _: None)
        assert result.status == "optional"
    finally:
        (tmp_path / "put_aside").rename(root / "local_indicators")
