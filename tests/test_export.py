"""views.export: PNG and SVG images carry the title, the source lines and the licence attribution inside
the image; the CSV is the table behind the chart."""

from __future__ import annotations

import io
import struct
import textwrap

import pandas as pd
import pytest

from views import charts, export, palettes


@pytest.fixture(scope="module")
def spec() -> charts.ChartSpec:
    frame = pd.DataFrame({"area": ["Ward A", "Ward B – east"], "share": [0.5, 0.25]})
    return charts.reference_bar_chart(
        frame, key="test", title="IMD: share of LSOAs in the most deprived 10%, IoD2025, LSOA 2021",
        subtitle=("Gap = area minus comparator.",), value="share", value_title="Share", value_format=".0%",
        references=[charts.Reference("England", 0.1, palettes.ENGLAND)],
        table=frame.rename(columns={"area": "Area", "share": "Share £"}), source_ids=("iod2025_lsoa", "iod2019_lsoa"))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_is_a_valid_image_wider_than_the_export_width(spec):
    png = export.png_bytes(spec)
    width, height = png_size(png)
    assert width >= export.EXPORT_WIDTH * export.PNG_SCALE and 300 < height < 3000
    assert png_size(export.png_bytes(spec, scale=1))[0] == pytest.approx(width / 2, abs=1)


def test_svg_carries_title_sources_and_licence(spec):
    svg = export.svg_bytes(spec).decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert all(line in svg for line in textwrap.wrap(spec.title, charts.TITLE_CHARS)) and "Gap = area minus comparator." in svg
    for line in export.footer_lines(spec):
        assert line.replace("&", "&amp;").replace("'", "&#39;") in svg or line in svg, line
    assert "Open Government Licence v3.0" in svg
    assert "Source: English Indices of Deprivation 2025" in svg and "Source: English Indices of Deprivation 2019" in svg


def test_footer_wraps_long_source_lines_and_keeps_every_word(spec):
    lines = export.footer_lines(spec)
    assert all(len(line) <= export._CHARS_PER_LINE for line in lines)
    assert " ".join(lines).split() == " ".join(spec.source_lines()).split()


def test_export_chart_has_fixed_width_and_footer_below(spec):
    full = export.export_chart(spec).to_dict()
    assert full["vconcat"][0]["width"] == export.EXPORT_WIDTH
    assert full["title"]["orient"] == "bottom" and full["title"]["text"] == export.footer_lines(spec)
    assert " ".join(full["vconcat"][0]["title"]["text"]) == spec.title


def test_csv_is_the_table_behind_the_chart(spec):
    data = export.csv_bytes(spec)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, spec.table)


def test_file_names_are_safe_and_descriptive(spec):
    assert export.file_name(spec, "png") == "imd-share-of-lsoas-in-the-most-deprived-10-iod2025-lsoa-2021.png"
    odd = charts.ChartSpec("fallback", "«»", (), spec.chart, spec.table, ("iod2025_lsoa",))
    assert export.file_name(odd, "csv") == "fallback.csv"


def test_spreadsheet_formulas_in_text_are_neutralised():
    from views.export import neutralise_formulas

    table = pd.DataFrame({"area": ["=HYPERLINK(\"http://x\")", "Newtown", "@SUM(A1)", "-2+3"], "value": [-1.5, 2.0, 3.0, 4.0]})
    out = neutralise_formulas(table)
    assert out["area"].tolist() == ["'=HYPERLINK(\"http://x\")", "Newtown", "'@SUM(A1)", "'-2+3"]
    assert out["value"].tolist() == [-1.5, 2.0, 3.0, 4.0]
