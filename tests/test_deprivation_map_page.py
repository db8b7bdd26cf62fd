"""pages/deprivation_map.py under AppTest: every choice runs without an exception, postcodes get the right
message, and a selection shows its profile in both editions. (The map itself is a component AppTest cannot
see inside; tests/browser/test_deprivation_map.py drives it in Chromium.)"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from fsot_data.editions import EDITIONS
from fsot_data.indices import column
from fsot_data.map_view_model import CHANGE_CAVEAT, VIEWS, indices_with_data, short_label
from ui import map_widgets as mw
from ui.map_state import EDITION_KEY, FOCUS_KEY, SELECTED_KEY, VIEW_KEY, WARD_KEY, Place

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/deprivation_map.py"


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=60).run()
    assert not at.exception
    return at


def _find_postcode(at: AppTest, text: str) -> AppTest:
    at.text_input(key=mw.POSTCODE_KEY).set_value(text)
    next(button for button in at.button if button.label == "Find").click()
    return at.run()


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_default_view_says_what_it_shows(app):
    assert app.selectbox(key=VIEW_KEY).value == "band10"
    assert app.radio(key=EDITION_KEY).value == "2025"
    assert "24 of the 124 neighbourhoods (LSOAs, 2021 boundaries)" in _markdown(app)
    assert not app.error
    assert any("not published in the IoD2025 source" in c.value for c in app.caption)
    assert any("Source: English Indices of Deprivation 2025" in c.value for c in app.caption)


def test_the_router_reaches_the_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any(t.value == "Deprivation map" for t in at.title)


@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("view", list(VIEWS))
def test_every_view_and_edition(app, view, edition):
    app.selectbox(key=VIEW_KEY).set_value(view)
    app.radio(key=EDITION_KEY).set_value(edition)
    app.run()
    assert not app.exception and not app.error
    text = _markdown(app)
    if view == "change":
        assert "entered the 10% most deprived" in text
        assert any(info.value == CHANGE_CAVEAT for info in app.info)
        assert app.radio(key=EDITION_KEY).disabled
    else:
        n = 120 if edition == "2019" else 124
        assert f"of the {n} neighbourhoods" in text and EDITIONS[edition].label in text


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_every_index_offered_says_how_many_lsoas_are_in_the_ten_percent(app, data, edition):
    app.radio(key=EDITION_KEY).set_value(edition).run()
    lsoas = data.lsoas(edition)
    offered = app.selectbox(key=mw.INDEX_KEY).options
    assert len(offered) == len(indices_with_data(lsoas))
    for index in indices_with_data(lsoas):
        app.selectbox(key=mw.INDEX_KEY).set_value(index.key).run()
        assert not app.exception and not app.error, index.key
        # the count is the built table's: LSOAs whose national decile on this index is 1
        count = int(lsoas[column(index.key, "decile")].eq(1).sum())
        measure = "" if index.key == "imd" else f" on {short_label(index)}"
        assert (f"{count} of the {len(lsoas)} neighbourhoods" in _markdown(app)
                and f"10% most deprived{measure} ({EDITIONS[edition].label})" in _markdown(app)), index.key


@pytest.mark.parametrize("constituencies", ["2024", "2010", mw.NO_CONSTITUENCIES])
def test_layers(app, constituencies):
    app.selectbox(key=mw.PCON_KEY).set_value(constituencies)
    app.toggle(key=mw.LABELS_KEY).set_value(False)
    app.run()
    assert not app.exception
    legend = " ".join(c.value for c in app.caption)
    assert ("Stockton North" in legend) == (constituencies != mw.NO_CONSTITUENCIES)


def test_the_roads_layer_names_openstreetmap_only_while_it_is_on(app):
    footer = lambda at: " ".join(c.value for c in at.caption)  # noqa: E731
    assert app.toggle(key=mw.ROADS_KEY).value is True
    assert "© OpenStreetMap contributors" in footer(app)
    assert "Open Parliament Licence v3.0" in footer(app)  # the neighbourhood names (MSOA Names)
    app.toggle(key=mw.ROADS_KEY).set_value(False).run()
    assert "© OpenStreetMap contributors" not in footer(app)


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_every_ward_focus(app, data, edition):
    app.radio(key=EDITION_KEY).set_value(edition).run()
    wards = data.ward_shapes(edition)
    for code, name in zip(wards["code"], wards["name"], strict=True):
        app.selectbox(key=WARD_KEY).set_value(code).run()
        assert not app.exception
        assert "neighbourhood" in _markdown(app) and name in _markdown(app)
        assert app.session_state[FOCUS_KEY] == Place("ward", edition, code, "picker")


def test_ward_sentence_and_list(app):
    app.selectbox(key=WARD_KEY).set_value("E05014873").run()  # Newtown
    assert "All 3 neighbourhoods in Newtown are among England's 10% most deprived (IoD2025)." in _markdown(app)
    assert len(app.dataframe[0].value) == 3


def test_zoom_out_to_the_whole_borough(app):
    at = _find_postcode(app, "TS20 1AA")
    assert at.session_state[FOCUS_KEY].kind == "lsoa"
    at.button(key="map_whole_borough").click().run()
    assert at.session_state[FOCUS_KEY] is None and at.selectbox(key=WARD_KEY).value is None


def test_a_ward_survives_an_edition_switch_where_the_same_ward_exists(app):
    # wards2025_boundaries: Newtown is E05014873 since May 2023; wards2022_boundaries: Newtown was E05001541.
    app.selectbox(key=WARD_KEY).set_value("E05014873").run()
    app.radio(key=EDITION_KEY).set_value("2019").run()
    assert not app.exception
    assert app.selectbox(key=WARD_KEY).value == "E05001541"
    assert app.session_state[FOCUS_KEY] == Place("ward", "2019", "E05001541", "picker")
    assert "neighbourhoods in Newtown" in _markdown(app)
    # "Bishopsgarth & Elm Tree" (2025) was written "Bishopsgarth and Elm Tree" (2019): the same ward.
    app.selectbox(key=WARD_KEY).set_value("E05001532").run()
    app.radio(key=EDITION_KEY).set_value("2025").run()
    assert app.selectbox(key=WARD_KEY).value == "E05014863"


def test_a_ward_the_other_set_lacks_returns_to_the_whole_borough_with_a_notice(app):
    app.selectbox(key=WARD_KEY).set_value("E05014878").run()  # Ropner: a ward only since May 2023
    app.radio(key=EDITION_KEY).set_value("2019").run()
    assert app.selectbox(key=WARD_KEY).value is None and app.session_state[FOCUS_KEY] is None
    notices = [i.value for i in app.info if "Ropner" in i.value]
    assert notices == ["Ropner is not a ward in this edition's ward set, so the map shows the whole borough."]
    app.run()  # said once
    assert not any("Ropner" in i.value for i in app.info)


def test_the_change_view_carries_a_2019_ward_to_2025(app):
    app.radio(key=EDITION_KEY).set_value("2019").run()
    app.selectbox(key=WARD_KEY).set_value("E05001541").run()  # Newtown, 2019 wards
    app.selectbox(key=VIEW_KEY).set_value("change").run()  # on 2021 LSOAs and the 2025 wards
    assert app.selectbox(key=WARD_KEY).value == "E05014873"


def test_an_invalid_postcode_clears_the_previous_postcodes_selection(app):
    at = _find_postcode(app, "TS18 1AA")
    assert at.session_state[SELECTED_KEY] == Place("lsoa", "2025", "E01035199", "postcode")
    at = _find_postcode(at, "hello")
    assert at.session_state[SELECTED_KEY] is None and at.session_state[FOCUS_KEY] is None
    assert "lsoa" not in at.query_params
    assert any("Click a neighbourhood on the map" in i.value for i in at.info)
    assert not any("TS18 1AA" in s.value for s in at.success)


def test_an_invalid_postcode_keeps_a_selection_made_on_the_map(app):
    app.session_state[SELECTED_KEY] = Place("lsoa", "2025", "E01035197", "map")
    at = _find_postcode(app.run(), "TS18 9ZZ")
    assert at.session_state[SELECTED_KEY] == Place("lsoa", "2025", "E01035197", "map")


def test_a_full_width_postcode_is_read_as_the_postcode_it_spells(app):
    at = _find_postcode(app, "ＴＳ１８　１ＡＡ")  # full-width letters, digits and space (a CJK phone keyboard)
    assert at.session_state[mw.POSTCODE_RESULT_KEY].postcode == "TS18 1AA"
    assert at.session_state[SELECTED_KEY] == Place("lsoa", "2025", "E01035199", "postcode")


@pytest.mark.parametrize("typed, status, words", [
    ("ts181aa", "found", "TS18 1AA is in Stockton Town Centre ward"),
    ("  Ts18   1aA ", "found", "TS18 1AA"),
    ("", "empty", "Type a postcode"),
    ("hello", "malformed", "not a valid UK postcode"),
    ("TS18 1AA TS18 1AA TS18", "malformed", "too long"),
    ("TS18 9ZZ", "unknown", "TS18 9ZZ is not in the postcode lookup"),
    ("DL1 1AA", "outside", "DL1 1AA is in Darlington, not in Stockton-on-Tees"),
])
def test_postcode_messages(app, typed, status, words):
    at = _find_postcode(app, typed)
    assert not at.exception
    shown = {"found": at.success, "empty": at.info, "malformed": at.error, "unknown": at.warning, "outside": at.warning}[status]
    assert any(words in element.value for element in shown), [e.value for e in shown]
    assert at.session_state[mw.POSTCODE_RESULT_KEY].status == status


def test_found_postcode_selects_and_zooms_to_its_lsoa_in_each_edition(app):
    at = _find_postcode(app, "TS18 1AA")
    assert at.session_state[SELECTED_KEY] == Place("lsoa", "2025", "E01035199", "postcode")
    assert at.session_state[FOCUS_KEY] == at.session_state[SELECTED_KEY]
    text = _markdown(at)
    # Names: ONS LSOA name, then its MSOA's House of Commons Library name (MSOA-Names-2.3.csv, MSOA-Names-1.21.csv).
    assert "Stockton-on-Tees 025D, Central Stockton & Portrack (E01035199" in text
    assert "Stockton-on-Tees 014G, Central Stockton, Portrack & Low Hartburn (E01033477" in text
    assert "Population: not published in this source" in text and "Population: 2,726 (mid-2015)" in text
    at.radio(key=EDITION_KEY).set_value("2019").run()
    assert not at.exception
    at = _find_postcode(at, "TS18 1AA")
    assert at.session_state[SELECTED_KEY] == Place("lsoa", "2019", "E01033477", "postcode")
    assert "the LSOA you picked" in _markdown(at)


def test_the_profile_lists_the_streets_with_bus_stops_and_says_it_is_not_every_street(app):
    at = _find_postcode(app, "TS18 1AA")
    # 077Stops.csv: the active stops inside E01035199 stand on High Street (13), Prince Regent Street (4),
    # Bridge Road (3), Yarm Lane (2), Dovecot Street and Riverside (1 each), all in the locality Stockton.
    assert ("**Streets with a bus stop** (Stockton): High Street, Prince Regent Street, Bridge Road, Yarm Lane, "
            "Dovecot Street, Riverside.") in _markdown(at)
    assert any("this is not every street" in c.value for c in at.caption)


def test_profile_of_a_selection_and_clearing_it(app):
    app.session_state[SELECTED_KEY] = Place("lsoa", "2025", "E01035197")
    app.run()
    assert "the 2011 LSOA it was split from" in _markdown(app)
    assert len(app.table) == 1 and len(app.table[0].value) == 16  # every index, both editions
    assert app.query_params["lsoa"] == "E01035197"
    next(button for button in app.button if button.key == "map_clear_selection").click().run()
    assert app.session_state[SELECTED_KEY] is None and "lsoa" not in app.query_params
    assert any("Click a neighbourhood on the map" in i.value for i in app.info)
    app.run()  # a cleared selection is not read back from the link
    assert app.session_state[SELECTED_KEY] is None


def test_unknown_selection_says_so(app):
    app.session_state[SELECTED_KEY] = Place("lsoa", "2025", "E01999999")
    app.run()
    assert not app.exception
    assert any("E01999999 is not one of the borough's LSOAs in IoD2025" in w.value for w in app.warning)


def test_table_alternative_is_made_when_opened_and_downloads_at_once(app):
    assert app.get_by_key("map_table_csv") is not None
    with pytest.raises(KeyError):  # not drawn until asked for: the page opens faster
        app.get_by_key(mw.TABLE_KEY)
    app.session_state[mw.TABLE_OPEN_KEY] = True  # what opening the expander does
    app.run()
    table = app.get_by_key(mw.TABLE_KEY)
    assert list(table.value.columns[:3]) == ["LSOA code", "LSOA name", "Ward (best fit)"] and len(table.value) == 124
    assert app.session_state[mw.TABLE_CODES_KEY] == ("2025", list(table.value["LSOA code"]))
    assert app.get_by_key("map_table_csv") is not None


# --- shareable links ----------------------------------------------------------------------------

def opened_with(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert not at.exception
    return at


def test_the_selected_lsoa_goes_into_the_link_in_the_edition_it_was_picked(app):
    """Bound widgets are written to the URL by the browser (tests/browser/test_url_round_trip.py); the LSOA by the page."""
    app.radio(key=EDITION_KEY).set_value("2019").run()
    app = _find_postcode(app, "TS18 1AA")
    assert app.query_params["lsoa"] == "E01033477"
    app.radio(key=EDITION_KEY).set_value("2025").run()
    assert app.query_params["lsoa"] == "E01033477"  # still the LSOA picked, shown through the 2011 -> 2021 lookup


def test_a_link_restores_view_edition_index_ward_and_selection():
    at = opened_with(view="All ten national deciles", edition="IoD2019", index="Income (domain)",
                     constituencies="Constituencies 2010 to July 2024", ward_names="false", ward="Stockton Town Centre",
                     lsoa="E01033477")
    assert at.toggle(key=mw.LABELS_KEY).value is False
    assert at.selectbox(key=VIEW_KEY).value == "deciles"
    assert at.radio(key=EDITION_KEY).value == "2019"
    assert at.selectbox(key=mw.INDEX_KEY).value == "income"
    assert at.selectbox(key=mw.PCON_KEY).value == "2010"
    assert at.selectbox(key=WARD_KEY).value == "E05001549"
    assert at.session_state[SELECTED_KEY] == Place("lsoa", "2019", "E01033477", "link")
    assert at.session_state[FOCUS_KEY] == Place("ward", "2019", "E05001549", "link")
    assert "Stockton-on-Tees 014G, Central Stockton, Portrack & Low Hartburn (E01033477" in _markdown(at)
    assert not at.info or all("link" not in i.value for i in at.info)


def test_a_link_with_an_lsoa_and_no_ward_zooms_to_it_in_either_vintage():
    at = opened_with(lsoa="E01033477")  # a 2011 code, shown on the 2021 LSOAs it became
    assert at.session_state[SELECTED_KEY] == Place("lsoa", "2019", "E01033477", "link")
    assert at.session_state[FOCUS_KEY] == at.session_state[SELECTED_KEY]
    assert "Stockton-on-Tees 025D, Central Stockton & Portrack (E01035199" in _markdown(at)


def test_a_link_takes_ward_codes_and_any_case():
    at = opened_with(ward="e05014873", index="HEALTH DEPRIVATION AND DISABILITY (DOMAIN)")
    assert at.selectbox(key=WARD_KEY).value == "E05014873"
    assert at.selectbox(key=mw.INDEX_KEY).value == "health"


@pytest.mark.parametrize(("query", "words"), [
    ({"ward": "Newtown", "edition": "IoD2019", "index": "Nowhere"}, "The index in the link, `Nowhere`"),
    ({"lsoa": "E01999999"}, "The LSOA in the link, `E01999999`"),
    ({"view": "<b>bold</b>"}, "The view in the link, `bboldb`"),
    ({"zoom": "12"}, "settings this page does not use (`zoom`)"),
])
def test_a_bad_link_falls_back_with_a_notice(query, words):
    at = opened_with(**query)
    assert any(words in i.value for i in at.info), [i.value for i in at.info]
    assert not at.error
    assert at.selectbox(key=mw.INDEX_KEY).value == "imd"
    assert at.session_state[SELECTED_KEY] is None


def test_a_2019_ward_in_a_2025_link_is_refused():
    at = opened_with(ward="Western Parishes")  # one of the 26 wards before May 2023, not of the 27 since
    assert any("The ward in the link" in i.value for i in at.info)
    assert at.selectbox(key=WARD_KEY).value is None and at.session_state[FOCUS_KEY] is None
