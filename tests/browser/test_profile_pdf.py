"""Area profiles printed to PDF by Chromium, as the page's download and directly: tagged (a structure tree), no
text under 8 pt, two A4 pages with a clean break (findings, then neighbourhoods, caveats and sources), every
section present."""

from __future__ import annotations

import io
from datetime import date

import pypdf

from fsot_data import registry
from fsot_data.area_figures import ward_area
from fsot_data.datasets import Datasets
from fsot_data.editions import EDITIONS
from views.area_profile import build_profile, profile_html
from views.pdf import html_to_pdf

from .conftest import download, open_app

SECTIONS = ("Summary", "Map", "Key indicators", "Neighbourhoods (LSOAs)", "Domain profile", "Caveats", "Sources")
PAGE_ONE = ("Summary", "Key indicators", "Map", "Domain profile")
PAGE_TWO = ("Neighbourhoods (LSOAs)", "Caveats", "Sources")


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _times(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]]


def smallest_text_pt(page: pypdf.PageObject) -> float:
    """The smallest printed size of any text on the page: the font size times the scale of the text and
    transformation matrices at that point (what a reader sees, whatever CSS or SVG scaling produced it)."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            m = _times(tm, cm)
            sizes.append(size * abs(m[0] * m[3] - m[1] * m[2]) ** 0.5)
    page.extract_text(visitor_text=visit)
    return min(sizes)


def assert_tagged_two_clean_pages(pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], "untagged PDF"
    assert len(reader.pages) == 2
    first, second = (page.extract_text() for page in reader.pages)
    assert all(heading in first for heading in PAGE_ONE) and not any(heading in first for heading in PAGE_TWO)
    assert second.startswith("Neighbourhoods (LSOAs)") and all(heading in second for heading in PAGE_TWO)
    assert len(first) > 1500 and len(second) > 1500  # content on both pages, not a page of leftovers
    for page in reader.pages:
        assert smallest_text_pt(page) >= 7.95, "text under 8 pt"


def test_ward_profile_prints_on_two_tagged_a4_pages_with_every_section():
    data = Datasets()
    lsoas = data.lsoas("2025")
    code = str(lsoas.loc[lsoas["ward_name"] == "Stockton Town Centre", "ward_code"].iloc[0])
    profile = build_profile(ward_area(lsoas, code, EDITIONS["2025"]), lsoas, data.lsoa_shapes("2025"),
                            data.ward_shapes("2025"), data.indicators(), data.lad_code, data.lad_name,
                            built=date(2026, 11, 22))
    pdf = html_to_pdf(profile_html(profile))
    assert pdf.startswith(b"%PDF")
    assert_tagged_two_clean_pages(pdf)
    _pages, text = pdf_text(pdf)
    width, height = (float(v) for v in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    for section in (*SECTIONS, "Stockton Town Centre", profile.sentences[0][:40], "Open Government Licence"):
        assert section in text, f"{section!r} missing from the PDF"
    # Its neighbourhoods are named with the House of Commons Library's MSOA names, so it cites them and their licence's
    # attribution (sources.toml: msoa_names_2021, attribution "parliament"); IoD2025 is on 2021 LSOAs.
    words = " ".join(text.split())
    assert profile.lsoas["lsoa_name"].iloc[0].removeprefix(profile.place).strip() in words  # e.g. "025D, Stockton Town Centre"
    assert f"Source: {registry.get('msoa_names_2021').citation()}" in words
    assert "Contains Parliamentary information licensed under the Open Parliament Licence v3.0." in words


def test_priority_area_pdf_downloaded_from_the_page(streamlit_server, page, page_log):
    open_app(page, streamlit_server, "profile?kind=Priority+area&area=Central+Stockton")
    name, pdf = download(page, "Download PDF (A4)")
    assert name == "fsot-profile-priority-central-stockton-2025.pdf"
    assert_tagged_two_clean_pages(pdf)  # Central Stockton spilled a page holding only sources before
    _pages, text = pdf_text(pdf)
    for section in (*SECTIONS, "Central Stockton", "Targeted Action Area (best-fit inference)",
                    "Priority areas are best-fit inferences."):
        assert section in text, f"{section!r} missing from the PDF"
    assert page_log.page_errors == [], page_log.problems()
