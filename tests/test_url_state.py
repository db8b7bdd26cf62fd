"""Shareable links: fsot_data.url_state keeps what is valid, defaults the rest and says what it dropped."""

from __future__ import annotations

import re

import pytest

from fsot_data.editions import DEFAULT_EDITION, EDITIONS
from fsot_data.url_state import MAX_ECHO_CHARS, MAX_VALUE_CHARS, Param, parse_query, safe_echo, to_query


@pytest.fixture(scope="module")
def params(data) -> list[Param]:
    """The shape of a real page's parameters: edition, then the edition's wards, then LSOAs of the borough."""
    def wards(state):
        lsoas = data.lsoas(state["edition"])
        return dict(zip(lsoas["ward_code"], lsoas["ward_name"], strict=True))

    def lsoas(state):
        table = data.lsoas(state["edition"])
        return dict(zip(table["lsoa_code"], table["lsoa_code"], strict=True))

    return [
        Param("edition", "edition", {k: e.label for k, e in EDITIONS.items()}, DEFAULT_EDITION),
        Param("ward", "ward", wards),
        Param("lsoa", "LSOA", lsoas, default=(), multi=True, max_values=10),
    ]


def ward_of(data, edition: str, name: str) -> str:
    lsoas = data.lsoas(edition)
    return str(lsoas.loc[lsoas["ward_name"] == name, "ward_code"].iloc[0])


def test_valid_values_in_either_form_and_any_case(data, params):
    code = ward_of(data, "2019", "Newtown")
    for raw in ({"edition": ["2019"], "ward": [code]},
                {"edition": ["IoD2019"], "ward": ["Newtown"]},
                {"edition": ["iod2019"], "ward": ["  newtown "]}):
        state, notices = parse_query(raw, params)
        assert state == {"edition": "2019", "ward": code, "lsoa": ()}
        assert notices == []


def test_absent_parameters_take_defaults_silently(params):
    state, notices = parse_query({}, params)
    assert state == {"edition": DEFAULT_EDITION, "ward": None, "lsoa": ()}
    assert notices == []


def test_unknown_ward_is_dropped_with_a_notice(params):
    state, notices = parse_query({"ward": ["Atlantis"]}, params)
    assert state["ward"] is None
    assert len(notices) == 1 and "ward" in notices[0] and "`Atlantis`" in notices[0]


def test_a_ward_of_the_other_edition_is_not_accepted(data, params):
    old_code = ward_of(data, "2019", "Parkfield and Oxbridge")  # abolished in May 2023
    state, notices = parse_query({"edition": ["2025"], "ward": [old_code]}, params)
    assert state["edition"] == "2025" and state["ward"] is None
    assert "27" in notices[0]  # says how many wards the page offers


def test_wrong_edition_falls_back_to_the_default(params):
    state, notices = parse_query({"edition": ["2030"]}, params)
    assert state["edition"] == DEFAULT_EDITION
    assert notices == [f"The edition in the link, `2030`, is not one of the 2 this page offers; showing "
                       f"{EDITIONS[DEFAULT_EDITION].label} instead."]


def test_injected_html_never_reaches_a_notice(params):
    attack = '<img src=x onerror="alert(1)">`**bold**`[link](javascript:alert(1))'
    state, notices = parse_query({"ward": [attack], attack: ["1"]}, params)
    assert state["ward"] is None and len(notices) == 2
    text = " ".join(notices)
    for dangerous in ("<", ">", "[", "]", "*", '"', ":alert"):
        assert dangerous not in text
    echoed = re.findall(r"`([^`]*)`", text)
    assert echoed and all(re.fullmatch(r"[\w .,'()&-]*…?", part) for part in echoed)


def test_huge_values_are_refused_without_being_echoed(params):
    huge = "E05" + "9" * 100_000
    state, notices = parse_query({"ward": [huge], "lsoa": [huge]}, params)
    assert state["ward"] is None and state["lsoa"] == ()
    assert all(len(n) < 300 for n in notices)
    assert "too long" in notices[0] and f"{len(huge):,}" in notices[0]


def test_repeated_single_parameter_with_different_values_uses_the_default(params):
    state, notices = parse_query({"edition": ["2019", "2025"]}, params)
    assert state["edition"] == DEFAULT_EDITION
    assert "2 times" in notices[0]
    state, notices = parse_query({"edition": ["2019", "IoD2019"]}, params)  # the same value twice is fine
    assert state["edition"] == "2019" and notices == []


def test_lsoa_selection_keeps_valid_codes_once_in_order(data, params):
    codes = list(data.lsoas("2025")["lsoa_code"][:3])
    state, notices = parse_query({"lsoa": [codes[1], codes[0], codes[1], "E01999999", codes[2]]}, params)
    assert state["lsoa"] == (codes[1], codes[0], codes[2])
    assert notices == ["1 LSOA value(s) in the link are not valid here (`E01999999`) and were left out."]


def test_lsoa_selection_is_capped(data, params):
    codes = list(data.lsoas("2025")["lsoa_code"][:12])
    state, notices = parse_query({"lsoa": codes}, params)
    assert state["lsoa"] == tuple(codes[:10])
    assert "only the first 10" in notices[0]


def test_unknown_parameter_names_are_listed_briefly(params):
    raw = {f"extra{i}": ["1"] for i in range(8)}
    _, notices = parse_query(raw, params)
    assert notices == ["The link had settings this page does not use (`extra0`, `extra1`, `extra2`, `extra3`, "
                       "`extra4` and 3 more); they were ignored."]


def test_to_query_round_trips_and_leaves_defaults_out(data, params):
    code = ward_of(data, "2025", "Stockton Town Centre")
    lsoas = tuple(data.lsoas("2025")["lsoa_code"][:2])
    state = {"edition": "2025", "ward": code, "lsoa": lsoas}
    query = to_query(state, params)
    assert query == {"ward": "Stockton Town Centre", "lsoa": list(lsoas)}
    assert parse_query(query, params) == (state, [])


def test_safe_echo_keeps_names_and_drops_markup():
    assert safe_echo("Mandale & Victoria") == "Mandale & Victoria"
    assert safe_echo("<b>x</b>") == "bxb"
    assert len(safe_echo("a" * 500)) == MAX_ECHO_CHARS + 1  # with the ellipsis
    assert max(len(e.label) for e in EDITIONS.values()) < MAX_VALUE_CHARS
