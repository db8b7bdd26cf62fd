"""AppTest of the three gap pages: every widget path runs without an exception, and the figures shown are
the hand-checked ones. (st_folium shows as an UnknownElement under AppTest; the map is tested in the browser.)"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

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


def chart_count(at: AppTest) -> int:
    return len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart"))


def test_the_pages_open_through_the_router():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    for page in ("pages/borough_vs_england.py", "pages/compare_areas.py", "pages/headline_claims.py"):
        at.switch_page(page).run()
        assert_clean(at)


def test_borough_vs_england_every_domain_index_and_indicator():
    at = run("pages/borough_vs_england.py")
    domains = at.selectbox(key="bve_domain").options
    assert len(domains) == 9
    for domain in domains:
        at.selectbox(key="bve_domain").set_value(domain).run()
        assert_clean(at)
        shown = texts(at)
        if domain == "Power":
            assert "Not measured: a gap in measurement" in shown and "No IoD index measures Power" in shown
        if domain in ("Wealth", "Social and cultural networks"):
            assert "Partly measured: a gap in measurement" in shown
        for key in (f"bve_index_{domain}", f"bve_indicator_{domain}"):
            if key not in at.session_state:
                continue
            for option in at.selectbox(key=key).options:
                at.selectbox(key=key).set_value(option).run()
                assert_clean(at)
                assert chart_count(at) >= 1


def test_borough_vs_england_health_shows_the_official_figures():
    at = run("pages/borough_vs_england.py")
    at.selectbox(key="bve_domain").set_value("Health").run()
    tables = [t.value for t in at.dataframe]
    ranks = next(t for t in tables if "Rank among districts (1 = most deprived)" in t.columns)
    assert {317, 296} == set(ranks["Districts ranked"])
    latest = next(t for t in tables if "Judgement" in t.columns)
    sii = latest[latest["Indicator"].str.startswith("Gap in life expectancy") & latest["Sex"].eq("Male")].iloc[0]
    assert (sii["Stockton-on-Tees"], sii["Comparator value"], sii["Judgement"]) == (15.6, 10.4, "worse")


def test_compare_areas_every_kind_edition_domain_and_index():
    at = run("pages/compare_areas.py")
    for edition in ("2025", "2019"):
        at.radio(key="cmp_edition").set_value(edition).run()
        for kind in ("wards", "priority", "fifths", "custom"):
            at.radio(key="cmp_kind").set_value(kind).run()
            assert_clean(at)
        assert "Choose at least one area" in texts(at)  # custom, nothing chosen yet
        at.multiselect(key=f"cmp_custom_{edition}").set_value(at.multiselect(key=f"cmp_custom_{edition}").options[:3]).run()
        assert_clean(at)
        at.toggle(key=f"cmp_show_map_{edition}").set_value(True).run()
        assert_clean(at)
        at.toggle(key=f"cmp_show_map_{edition}").set_value(False).run()
    at.radio(key="cmp_kind").set_value("priority").run()
    for domain in at.selectbox(key="cmp_domain").options:
        at.selectbox(key="cmp_domain").set_value(domain).run()
        assert_clean(at)
        for index in at.selectbox(key=f"cmp_index_{domain}").options:
            at.selectbox(key=f"cmp_index_{domain}").set_value(index).run()
            assert_clean(at)
            assert chart_count(at) >= 2


def test_compare_areas_wards_and_gaps_on_iod2019():
    at = run("pages/compare_areas.py")
    at.radio(key="cmp_edition").set_value("2019").run()
    at.radio(key="cmp_kind").set_value("wards").run()
    assert len(at.multiselect(key="cmp_wards_2019").value) == 26
    at.multiselect(key="cmp_wards_2019").set_value(["Stockton Town Centre", "Newtown"]).run()
    at.selectbox(key="cmp_domain").set_value("Work").run()
    at.selectbox(key="cmp_index_Work").set_value("imd").run()
    assert_clean(at)
    tables = [t.value for t in at.dataframe]
    share = next(t for t in tables if "Gap to borough (points)" in t.columns).set_index("Area")
    assert share.loc["Stockton Town Centre", "LSOAs in the most deprived 10%"] == 3
    assert share.loc["Stockton Town Centre", "Gap to borough (points)"] == round(100 * (1 - 0.2083), 1)
    claimants = next(t for t in tables if "How the figure was made" in t.columns)
    assert set(claimants["Area"]) >= {"Stockton Town Centre", "Newtown", "Stockton-on-Tees"}
    at.selectbox(key="cmp_domain").set_value("Housing and physical environment").run()
    assert_clean(at)
    assert any("Households in fuel poverty, 2020" in m.value for m in at.markdown)  # the LSOA re-aggregation card


def test_compare_areas_fifths_say_they_are_local_quintiles():
    at = run("pages/compare_areas.py")
    at.radio(key="cmp_kind").set_value("fifths").run()
    assert "local quintile, not a national one" in texts(at)
    assert "unweighted" in texts(at)  # IoD2025 area scores carry their weighting label


def test_headline_claims_state_the_recomputed_figures():
    at = run("pages/headline_claims.py")
    for edition in ("2025", "2019"):
        at.radio(key="claims_edition").set_value(edition).run()
        assert_clean(at)
    shown = texts(at)
    assert "8 of 26 on IoD2019; 10 of 27 on IoD2025" in shown
    assert "15.6 years for men in 2022 - 24 (England 10.4)" in shown
    assert "25 of 120" in shown and "24 of 124" in shown
    assert {m.value for m in at.metric} >= {"15.6 years", "10.4 years", "3 of 292", "24 of 124", "25 of 120"}
