"""Postcode search: any case or spacing finds the LSOA; each failure says which failure it is."""

from __future__ import annotations

import pytest

from geodata.postcodes import find, normalise, read_postcodes

STOCKTON = ("E06000004", "Stockton-on-Tees")


@pytest.fixture(scope="module")
def postcodes(sources_dir):
    # The Tees Valley extract names its wards itself; the ward names are for the national NSPL only.
    return read_postcodes(sources_dir / "geo/lookup_postcode_lsoa_tees_valley_derived.csv", *STOCKTON, ward_names={})


@pytest.mark.parametrize("typed", ["TS18 1AA", "ts181aa", "  ts18   1aa ", "Ts18\t1AA"])
def test_any_case_or_spacing(typed):
    assert normalise(typed) == "TS18 1AA"


def test_the_lookup_covers_the_borough(postcodes):
    # geo/lookup_postcode_lsoa_tees_valley_derived.csv: 5,462 rows with lad_cd E06000004 (counted with awk)
    assert (postcodes["lad_code"] == "E06000004").sum() == 5_462


def test_a_borough_postcode_is_found_with_its_lsoas(postcodes):
    sample = postcodes[postcodes["lad_code"] == "E06000004"].iloc[0]
    result = find(postcodes, sample["postcode"].lower().replace(" ", ""), *STOCKTON)
    assert result.status == "found" and result.row["lsoa21_code"] == sample["lsoa21_code"]
    assert sample["ward25_name"] in result.message


@pytest.mark.parametrize("typed, status, words", [
    ("", "empty", "Type a postcode"),
    ("   ", "empty", "Type a postcode"),
    ("TS18", "malformed", "not a valid UK postcode"),
    ("<b>TS18</b>", "malformed", "not a valid UK postcode"),
    ("<script>alert(1)</script>", "malformed", "too long"),
    ("'; DROP TABLE postcodes; --", "malformed", "too long"),
    ("T" * 200, "malformed", "too long"),
    ("TS18 1ÅÅ", "malformed", "not a valid UK postcode"),
    ("SW1A 1AA", "unknown", "not in the postcode lookup"),
])
def test_each_failure_is_named(postcodes, typed, status, words):
    result = find(postcodes, typed, *STOCKTON)
    assert result.status == status and words in result.message
    assert "<" not in result.message


def test_a_postcode_in_another_borough_says_where_it_is(postcodes):
    darlington = postcodes[postcodes["lad_code"] == "E06000005"].iloc[0]["postcode"]
    result = find(postcodes, darlington, *STOCKTON)
    assert result.status == "outside" and "Darlington" in result.message and "not in Stockton-on-Tees" in result.message


@pytest.mark.parametrize("typed", ["ＴＳ１８ １ＡＡ", "ＴＳ１８　１ＡＡ", "ｔｓ１８１ａａ"])
def test_full_width_characters_spell_the_same_postcode(typed, postcodes):
    """A phone keyboard in a Japanese, Chinese or Korean layout types full-width letters, digits and spaces."""
    assert normalise(typed) == "TS18 1AA"
    assert find(postcodes, typed, "E06000004", "Stockton-on-Tees").status == "found"
