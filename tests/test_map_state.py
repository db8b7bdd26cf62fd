"""ui/map_state.py on a plain dict (its operations need no running app) and geodata.lookups.same_ward on the real
ward sets (wards2022_boundaries: 26 wards until May 2023; wards2025_boundaries: 27 since)."""

from __future__ import annotations

import pytest

from geodata.lookups import same_ward
from ui.map_state import EDITION_KEY, FOCUS_KEY, NOTICE_KEY, SELECTED_KEY, VIEW_KEY, WARD_KEY, MapState, Place


@pytest.fixture(scope="module")
def wards(data) -> dict[str, dict[str, str]]:
    return {key: dict(zip(data.ward_shapes(key)["code"], data.ward_shapes(key)["name"], strict=True)) for key in ("2019", "2025")}


def test_same_ward_by_name_with_and_for_ampersand(wards):
    # wards2022/2025_boundaries: Newtown E05001541 -> E05014873; "Bishopsgarth and Elm Tree" E05001532 became
    # "Bishopsgarth & Elm Tree" E05014863; Western Parishes E05001551 (2019) has no ward of that name since 2023.
    assert same_ward("Newtown", wards["2025"]) == "E05014873"
    assert same_ward("Bishopsgarth and Elm Tree", wards["2025"]) == "E05014863"
    assert same_ward("Western Parishes", wards["2025"]) is None


def test_select_focus_and_clear():
    session: dict = {}
    state = MapState(session)
    assert not state.started and state.edition_on_map == "2025"
    state.start(None, None)
    assert state.started and state.selected is None and session[SELECTED_KEY] is None
    state.focus_ward("2025", "E05014873")
    assert session[WARD_KEY] == "E05014873" and state.focused_ward == Place("ward", "2025", "E05014873", "picker")
    state.select("2025", "E01035199", via="postcode", zoom=True)
    assert state.focus == state.selected == Place("lsoa", "2025", "E01035199", "postcode")
    assert session[WARD_KEY] == "E05014873"  # the ward picked stays in the picker (and the link)
    state.clear_focus()
    assert session[FOCUS_KEY] is None and state.selected is not None


def test_forget_postcode_keeps_what_was_picked_otherwise():
    state = MapState({})
    state.select("2025", "E01035199", via="postcode", zoom=True)
    state.forget_postcode()
    assert state.selected is None and state.focus is None
    state.select("2025", "E01035197", via="map")
    state.forget_postcode()
    assert state.selected == Place("lsoa", "2025", "E01035197", "map")


def test_carry_ward_to_the_other_edition(wards):
    session = {VIEW_KEY: "band10", EDITION_KEY: "2019"}
    state = MapState(session)
    state.focus_ward("2025", "E05014873")
    state.carry_ward(state.edition_on_map, wards, same_ward)
    assert session[WARD_KEY] == "E05001541" and state.focus.edition == "2019"
    state.focus_ward("2019", "E05001551")  # Western Parishes
    state.carry_ward("2025", wards, same_ward)
    assert state.focus is None and session[WARD_KEY] is None
    assert session[NOTICE_KEY] == "Western Parishes is not a ward in this edition's ward set, so the map shows the whole borough."
    assert state.pop_notice() is not None and state.pop_notice() is None
