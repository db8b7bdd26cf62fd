"""Area profiles printed to PDF by Chromium contain the expected sections, as the page's download and directly."""

from __future__ import annotations

import io
from datetime import date

import pypdf

from fsot_data.area_figures import ward_area
from fsot_data.datasets import Datasets
from fsot_data.editions import EDITIONS
from views.area_profile import build_profile, profile_html
from views.pdf import html_to_pdf

from .conftest import download, open_app

SECTIONS = ("Summary", "Map", "Key indicators", "Neighbourhoods (LSOAs)", "Domain profile", "Caveats", "Sources")


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_ward_profile_prints_on_one_a4_page_with_every_section():
    data = Datasets()
    lsoas = data.lsoas("2025")
    code = str(lsoas.loc[lsoas["ward_name"] == "Stockton Town Centre", "ward_code"].iloc[0])
    profile = build_profile(ward_area(lsoas, code, EDITIONS["2025"]), lsoas, data.lsoa_shapes("2025"),
                            data.ward_shapes("2025"), data.indicators(), data.lad_code, data.lad_name,
                            built=date(2026, 11, 22))
    pdf = html_to_pdf(profile_html(profile))
    assert pdf.startswith(b"%PDF")
    pages, text = pdf_text(pdf)
    assert pages == 1
    width, height = (float(v) for v in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    for section in (*SECTIONS, "Stockton Town Centre", profile.sentences[0][:40], "Open Government Licence"):
        assert section in text, f"{section!r} missing from the PDF"


def test_priority_area_pdf_downloaded_from_the_page(streamlit_server, page, page_log):
    open_app(page, streamlit_server, "profile?kind=Priority+area&area=Central+Stockton")
    name, pdf = download(page, "Download PDF (A4)")
    assert name == "fsot-profile-priority-central-stockton-2025.pdf"
    pages, text = pdf_text(pdf)
    assert pages <= 2
    for section in (*SECTIONS, "Central Stockton", "Targeted Action Area (best-fit inference)",
                    "Priority areas are best-fit inferences."):
        assert section in text, f"{section!r} missing from the PDF"
    assert page_log.page_errors == [], page_log.problems()
