"""AppTest of the three gap pages: every widget path runs without an exception, and the figures shown are
the hand-checked ones. (st_folium shows as an UnknownElement under AppTest; the map is tested in the browser.)"""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from fsot_data import gaps

TIMEOUT = 120
ROOT = Path(__file__).resolve().parent.parent


def run(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT)
    at.run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "the page did not render (a compile error shows no title and no exception)"


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [m.value for m in at.info] + [m.value for m in at.warning]
                     + [m.value for m in at.caption])


def select_each(at: AppTest, key: str) -> None:
    """Choose every option of a selectbox in turn, by the label shown, as the browser does (AppTest takes a
    label because the page's format_func raises KeyError on it). Domains without one have no such selectbox."""
    if key not in {box.key for box in at.selectbox}:
        return
    for label in at.selectbox(key=key).options:
        at.selectbox(key=key).set_value(label).run()
        assert_clean(at)
        assert chart_count(at) >= 1


def lsoa_codes(at: AppTest) -> list[str]:
    """The codes of the LSOAs the picker offers ("name (code), ward"), in its order."""
    return [re.search(r"\((E0\d{7})\)", label).group(1) for label in at.multiselect(key="lsoa").options]


def chart_count(at: AppTest) -> int:
    return len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart"))


def test_the_pages_open_through_the_router():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    titles = {"pages/borough_vs_england.py": "Stockton-on-Tees against England", "pages/compare_areas.py": "Compare areas",
              "pages/headline_claims.py": "The framework's headline claims, checked"}
    for page, title in titles.items():
        at.switch_page(page).run()
        assert_clean(at)
        assert [t.value for t in at.title] == [title]
        assert chart_count(at) >= 1


def test_borough_vs_england_every_domain_index_and_indicator():
    at = run("pages/borough_vs_england.py")
    domains = at.selectbox(key="domain").options
    assert len(domains) == 9
    for domain in domains:
        at.selectbox(key="domain").set_value(domain).run()
        assert_clean(at)
        shown = texts(at)
        if domain == "Power":
            assert "Not measured: a gap in measurement" in shown and "No IoD index measures Power" in shown
        if domain in ("Wealth", "Social and cultural networks"):
            assert "Partly measured: a gap in measurement" in shown
        select_each(at, "index")
        select_each(at, "indicator")


def test_borough_vs_england_health_shows_the_official_figures():
    at = run("pages/borough_vs_england.py")
    at.selectbox(key="domain").set_value("Health").run()
    tables = [t.value for t in at.dataframe]
    ranks = next(t for t in tables if "Rank among districts (1 = most deprived)" in t.columns)
    assert {317, 296} == set(ranks["Districts ranked"])
    latest = next(t for t in tables if "Judgement" in t.columns)
    sii = latest[latest["Indicator"].str.startswith("Gap in life expectancy") & latest["Sex"].eq("Male")].iloc[0]
    assert (sii["Stockton-on-Tees"], sii["Comparator value"], sii["Judgement"]) == (15.6, 10.4, "worse")


def test_compare_areas_every_kind_edition_domain_and_index():
    at = run("pages/compare_areas.py")
    for edition in ("2025", "2019"):
        at.radio(key="edition").set_value(edition).run()
        vintage = "2021" if edition == "2025" else "2011"
        for kind, words in (("wards", "wards"), ("priority", "priority areas"), ("fifths", "most and least deprived fifths")):
            at.radio(key="kind").set_value(kind).run()
            assert_clean(at)
            # each chart's title names the areas and their geography (the metadata tab repeats it as text)
            assert f"{words} in Stockton-on-Tees, LSOA {vintage}" in texts(at) and chart_count(at) >= 2
        at.radio(key="kind").set_value("custom").run()
        assert "Choose at least one area" in texts(at) and chart_count(at) == 0  # nothing chosen yet
        at.multiselect(key="lsoa").set_value(lsoa_codes(at)[:3]).run()
        assert_clean(at)
        decile_table = next(t.value for t in at.dataframe if "LSOAs in decile 1" in t.value.columns)
        mine = decile_table[decile_table["Kind"].eq("Your selection")]
        n_borough = len(lsoa_codes(at))
        assert mine["LSOAs"].tolist() == [3, n_borough - 3]  # the three chosen, then the rest of the borough
        assert mine["Figures for"].tolist() == ["The area", "Rest of the borough"]
        assert f"your own selection of lsoas in Stockton-on-Tees, LSOA {vintage}" in texts(at)
        at.toggle(key=f"cmp_show_map_{edition}").set_value(True).run()
        assert_clean(at)
        at.toggle(key=f"cmp_show_map_{edition}").set_value(False).run()
    at.radio(key="kind").set_value("priority").run()
    for domain in at.selectbox(key="domain").options:
        at.selectbox(key="domain").set_value(domain).run()
        assert_clean(at)
        select_each(at, "index")
        assert chart_count(at) >= 2


def test_compare_areas_wards_and_gaps_on_iod2019():
    at = run("pages/compare_areas.py")
    at.radio(key="edition").set_value("2019").run()
    at.radio(key="kind").set_value("wards").run()
    assert len(at.multiselect(key="wards").value) == 26
    at.multiselect(key="wards").set_value(["Stockton Town Centre", "Newtown"]).run()
    at.selectbox(key="domain").set_value("Work").run()
    at.selectbox(key="index").set_value("imd").run()
    assert_clean(at)
    tables = [t.value for t in at.dataframe]
    share = next(t for t in tables if "Gap to borough (points)" in t.columns).set_index("Area")
    assert share.loc["Stockton Town Centre", "LSOAs in the most deprived 10%"] == 3
    assert share.loc["Stockton Town Centre", "Gap to borough (points)"] == round(100 * (1 - 0.2083), 1)
    # the rest of the borough: IoD2019 File 7 has 25 of the borough's 120 LSOAs in decile 1; less the ward's 3 of 3
    # that is 22 of 117 (tests/test_gaps.py recomputes such figures from the file itself)
    assert share.loc["Stockton Town Centre", "Rest of borough LSOAs"] == 117
    assert share.loc["Stockton Town Centre", "Rest of borough share (%)"] == round(100 * 22 / 117, 1)
    assert share.loc["Stockton Town Centre", "Gap to rest of borough (points)"] == round(100 * (1 - 22 / 117), 1)
    mix = next(t for t in tables if "Figures for" in t.columns).set_index(["Area", "Figures for"])
    # the same file: the ward's 3 LSOAs are all decile 1; its rest 22 of 117 in decile 1
    assert mix.loc[("Stockton Town Centre", "Rest of the borough"), ["LSOAs", "LSOAs in decile 1"]].tolist() == [117, 22]
    assert mix.loc[("Stockton Town Centre", "The area"), "Gap to rest of borough, decile 1 (points)"] == round(100 * (1 - 22 / 117), 1)
    claimants = next(t for t in tables if "How the figure was made" in t.columns).set_index("Area")
    assert set(claimants.index) >= {"Stockton Town Centre", "Newtown", "Stockton-on-Tees"}
    # the claimant rate comes without its 16-64 population: no rest of the borough, and the page says so
    assert claimants.loc["Stockton Town Centre", "Rest of borough note"] == gaps.NO_COUNTS and gaps.NO_COUNTS in texts(at)
    at.selectbox(key="domain").set_value("Housing and physical environment").run()
    assert_clean(at)
    assert any("Households in fuel poverty, 2020" in m.value for m in at.markdown)  # the LSOA re-aggregation card
    fuel = [t.value.set_index("Area") for t in at.dataframe if "How the figure was made" in t.value.columns]
    # ward_indicators_stockton_jrf_insight.csv, FP2021: the other 25 wards' 9,089 of 78,075 households (tests/test_gaps.py
    # adds them up from the source); fuel_poverty_2020_lsoa_la_desnz.csv: the ward's rest, 117 LSOAs, 10,148 of 80,932
    ward_rate, lsoa_rate = (next(t for t in fuel if t["Period"].iloc[0] == year) for year in ("2021", "2020"))
    assert ward_rate.loc["Stockton Town Centre", "Rest of borough, % of households"] == round(100 * 9089 / 78075, 2)
    assert lsoa_rate.loc["Stockton Town Centre", "Rest of borough, % of households"] == round(100 * 10148 / 80932, 2)
    assert lsoa_rate.loc["Stockton Town Centre", "Rest of borough LSOAs or wards"] == 117


def test_compare_areas_fifths_say_they_are_local_quintiles():
    at = run("pages/compare_areas.py")
    at.radio(key="kind").set_value("fifths").run()
    assert "local quintile, not a national one" in texts(at)
    assert "unweighted" in texts(at)  # IoD2025 area scores carry their weighting label


def test_headline_claims_state_the_recomputed_figures():
    at = run("pages/headline_claims.py")
    for edition in ("2025", "2019"):
        at.radio(key="edition").set_value(edition).run()
        assert_clean(at)
    shown = texts(at)
    assert "8 of 26 on IoD2019; 10 of 27 on IoD2025" in shown
    assert "15.6 years for men in 2022 - 24 (England 10.4)" in shown
    assert "25 of 120" in shown and "24 of 124" in shown
    assert {m.value for m in at.metric} >= {"15.6 years", "10.4 years", "3 of 292", "24 of 124", "25 of 120"}


# --- Shareable views: the URL restores the view; bad links fall back with a notice -----------------


def opened_with(page: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()
    assert_clean(at)
    return at


def notices(at: AppTest) -> str:
    return "\n".join(m.value for m in at.info)


def test_borough_vs_england_link_restores_domain_index_and_indicator():
    second_indicator = opened_with("pages/borough_vs_england.py", domain="Health").selectbox(key="indicator").options[1]
    at = opened_with("pages/borough_vs_england.py", domain="HEALTH", index="health", indicator=second_indicator)
    assert at.selectbox(key="domain").value == "Health"
    assert at.selectbox(key="index").value == "health"
    assert at.selectbox(key="indicator").options[at.selectbox(key="indicator").index] == second_indicator
    assert "link" not in notices(at)


def test_compare_areas_link_restores_every_choice():
    at = opened_with("pages/compare_areas.py", edition="IoD2019", kind="wards", wards=["Newtown", "Stockton Town Centre"],
                     domain="Work", index="Index of Multiple Deprivation (IMD)")
    assert at.radio(key="edition").value == "2019" and at.radio(key="kind").value == "wards"
    assert at.multiselect(key="wards").value == ["Newtown", "Stockton Town Centre"]
    assert (at.selectbox(key="domain").value, at.selectbox(key="index").value) == ("Work", "imd")
    assert "link" not in notices(at)
    custom = opened_with("pages/compare_areas.py", kind="Your own selection of LSOAs", lsoa=["E01012187", "e01012188"])
    assert custom.multiselect(key="lsoa").value == ["E01012187", "E01012188"]
    assert chart_count(custom) >= 2


def test_a_link_mixing_labels_and_other_forms_keeps_every_value_and_is_rewritten_as_labels():
    """A bound multiselect reads only its labels from the URL; the link is rewritten first, so none is lost."""
    at = opened_with("pages/compare_areas.py", edition="iod2019", wards=["newtown", "Stockton Town Centre"])
    assert at.multiselect(key="wards").value == ["Newtown", "Stockton Town Centre"]
    assert at.query_params == {"edition": "IoD2019", "wards": ["Newtown", "Stockton Town Centre"]}
    # The readable name: ONS "Stockton-on-Tees 014A" and its MSOA's name in MSOA-Names-1.21.csv (msoa11hclnm of E02002548).
    lsoa_label = "Stockton-on-Tees 014A, Central Stockton, Portrack & Low Hartburn (E01012262), Stockton Town Centre"
    custom = opened_with("pages/compare_areas.py", edition="IoD2019", kind="custom", lsoa=[lsoa_label, "e01012188"])
    assert custom.multiselect(key="lsoa").value == ["E01012262", "E01012188"]
    assert "link" not in notices(custom)


def test_a_value_written_into_the_url_after_arriving_is_tidied_without_a_notice():
    """Streamlit may restore another page's widget value of the same key (the map's index) into this page's
    URL: not a link anyone gave, so no notice (the browser then drops it from the address bar)."""
    at = opened_with("pages/borough_vs_england.py")
    at.query_params["index"] = "crime"
    at.run()
    assert_clean(at)
    assert "link" not in notices(at)
    assert at.selectbox(key="index").value == "income"


def test_headline_claims_link_restores_the_ward_set():
    at = opened_with("pages/headline_claims.py", edition="IoD2019 (the December 2022 wards)")
    assert at.radio(key="edition").value == "2019"


def test_bad_links_fall_back_to_defaults_with_a_notice():
    bve = opened_with("pages/borough_vs_england.py", domain="Atlantis", indicator="x" * 10_000, colour="red")
    assert bve.selectbox(key="domain").value == bve.selectbox(key="domain").options[0]
    shown = notices(bve)
    assert "`Atlantis`" in shown and "too long to be valid (10,000 characters)" in shown and "`colour`" in shown

    cmp = opened_with("pages/compare_areas.py", edition="2030", kind="wards", wards=["<script>alert(1)</script>"],
                      index="<b>imd</b>")
    assert cmp.radio(key="edition").value == "2025"
    assert len(cmp.multiselect(key="wards").value) == 27  # all wards, the default
    shown = notices(cmp)
    assert "`2030`" in shown and "scriptalert(1)script" in shown and "`bimdb`" in shown and "<script" not in shown

    claims = opened_with("pages/headline_claims.py", edition="IoD2030")
    assert claims.radio(key="edition").value == "2025" and "`IoD2030`" in notices(claims)


def test_a_change_of_edition_or_domain_forgets_choices_made_under_the_other():
    at = opened_with("pages/compare_areas.py", kind="wards", wards=["Newtown", "Roseworth"], domain="Health", index="health")
    at.radio(key="edition").set_value("2019").run()
    assert_clean(at)
    assert len(at.multiselect(key="wards").value) == 26
    at.selectbox(key="domain").set_value("Work").run()
    assert_clean(at)
    assert at.selectbox(key="index").value == "employment"
