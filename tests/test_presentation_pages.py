"""The presentation, area profile and About pages under AppTest, reached through the app's navigation."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from fsot_data.datasets import Datasets
from fsot_data.indicators import crosswalk_domains, load_crosswalk

APP = Path(__file__).resolve().parent.parent / "app.py"
SLIDE_LABELS = ["Most deprived 10%", "Borough and England", "Priority areas", "2019 to 2025", "Progress"]


def open_page(page: str, **query) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page(page)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def slide_heading(at: AppTest) -> str:
    """The slide counter and the slide's heading (two st.html elements: the counter sits in the top bar)."""
    return " ".join(h.proto.body for h in at.get("html") if "fsot-slide-count" in h.proto.body or "fsot-slide-title" in h.proto.body)


def test_presentation_renders_every_slide_with_next_and_previous():
    at = open_page("pages/presentation.py")
    assert not at.exception
    assert at.radio(key="slide").options == SLIDE_LABELS
    assert at.button(key="slide_previous").disabled
    headings = []
    for number in range(1, 6):
        heading = slide_heading(at)
        assert f"Slide {number} of 5" in heading
        headings.append(heading)
        images = at.get("image")  # the chart, as a scalable SVG image whose alt text is the slide's description
        assert len(images) == 1 and images[0].proto.imgs[0].url.startswith("data:image/svg+xml;base64,")
        assert len(images[0].proto.imgs[0].alt) > 80
        assert at.get("download_button")[0].proto.label == "Download this slide (PNG, 1920 × 1080)"
        assert at.expander  # the text version
        if number < 5:
            at.button(key="slide_next").click().run()
            assert not at.exception
    assert len(set(headings)) == 5
    assert at.button(key="slide_next").disabled
    assert at.query_params["slide"] == "Progress"
    at.button(key="slide_previous").click().run()
    assert "Slide 4 of 5" in slide_heading(at)


def test_presentation_opens_the_slide_named_in_the_link():
    at = open_page("pages/presentation.py", slide="Priority areas")
    assert at.radio(key="slide").value == "priority"
    assert "Slide 3 of 5" in slide_heading(at)
    assert not at.info


def test_presentation_with_a_bad_slide_starts_at_the_first_with_a_notice():
    at = open_page("pages/presentation.py", slide="99")
    assert at.radio(key="slide").value == "map"
    assert [i.value for i in at.info] == ["The slide in the link, `99`, is not one of the 5 this page offers; "
                                          "showing Most deprived 10% instead."]


def test_profile_restores_a_priority_area_from_the_link():
    at = open_page("pages/area_profile.py", edition="IoD2019", kind="priority", area="north_thornaby")
    assert not at.exception and not at.info
    assert at.radio(key="edition").value == "2019" and at.radio(key="kind").value == "priority"
    assert at.selectbox(key="area").value == "north_thornaby"
    document = at.get("iframe")[0].proto.srcdoc
    assert "<title>Area profile: North Thornaby (IoD2019)</title>" in document
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download HTML", "Download PDF (A4)"]


def test_profile_ward_by_name_and_bad_parameters_fall_back_with_notices():
    at = open_page("pages/area_profile.py", ward="Newtown", edition="2031", colour="red")
    assert not at.exception
    lsoas = Datasets().lsoas("2025")
    assert at.radio(key="edition").value == "2025"
    assert at.selectbox(key="ward").value == lsoas.loc[lsoas["ward_name"] == "Newtown", "ward_code"].iloc[0]
    notices = " ".join(i.value for i in at.info)
    assert "`colour`" in notices and "`2031`" in notices


def test_about_page_lists_the_nine_domains_from_the_crosswalk_and_the_priority_areas():
    at = open_page("pages/about.py")
    assert not at.exception
    expected = [f"{d.order}. {d.domain}" for d in crosswalk_domains(load_crosswalk()).itertuples()]
    assert [e.label for e in at.expander] == expected and len(expected) == 9
    subheaders = [s.value for s in at.subheader]
    assert subheaders == [area.name for area in Datasets().priority_areas()]
    assert {"Five areas of focus", "Timeline of Cabinet decisions", "Caveats"} <= {h.value for h in at.header}
    timeline = at.table[0].value
    assert list(timeline["When"]) == ["July 2021", "October 2021", "April 2022", "May 2024"]
