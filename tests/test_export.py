"""views.export: PNG and SVG images carry the title, the source lines and the licence attribution inside
the image; the CSV is the table behind the chart, ready for analysis (provenance columns, numbers as
numbers, missing values empty); every download is named the same way."""

from __future__ import annotations

import io
import struct
import textwrap
from datetime import date

import pandas as pd
import pytest

from fsot_data import registry
from fsot_data.map_view_model import POPULATION_NOT_PUBLISHED
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


def test_csv_is_the_table_behind_the_chart_with_its_provenance(spec):
    data = export.chart_csv(spec)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back[list(spec.table.columns)], spec.table)
    assert list(back.columns[len(spec.table.columns):]) == list(registry.PROVENANCE)
    # sources.toml: iod2025_lsoa and iod2019_lsoa, both "OGL v3.0", periods "mostly 2021/22 and 2022/23 data"
    # and "mostly 2015/16 data"
    row = back.iloc[0]
    assert row["Source"] == f"{registry.get('iod2025_lsoa').title} | {registry.get('iod2019_lsoa').title}"
    assert row["Licence"] == "OGL v3.0"
    assert row["Period"] == "mostly 2021/22 and 2022/23 data | mostly 2015/16 data"
    assert row["Date extracted"] == date.today().isoformat()


def test_csv_numbers_are_numbers_without_float_noise_and_missing_values_are_empty():
    # 0.1 + 0.2 and 5.2 - 1e-15 are the binary noise a computed gap carries; the source publishes 0.3 and 5.2
    table = pd.DataFrame({"LSOA code": ["E01000001", "E01000002"], "Gap (points)": [0.1 + 0.2, 5.2 - 1e-15],
                          "Population": [POPULATION_NOT_PUBLISHED] * 2, "Rank": pd.array([3, None], dtype="Int64"),
                          "Score (text)": ["12.5", POPULATION_NOT_PUBLISHED]})
    text = export.csv_bytes(table, ["iod2025_lsoa"], extracted=date(2026, 12, 1)).decode("utf-8-sig")
    assert "0.30000000000000004" not in text and "5.199999999999999" not in text
    back = pd.read_csv(io.StringIO(text))
    assert back["Gap (points)"].tolist() == [0.3, 5.2]
    assert back["Population"].isna().all() and back["Score (text)"].dtype == float and back["Rank"].isna().tolist() == [False, True]
    assert "not published" not in text
    assert set(back["Date extracted"]) == {"2026-12-01"} and set(back["Geography and vintage"]) == {registry.get("iod2025_lsoa").geography}


def test_a_table_keeps_its_own_period_column():
    table = pd.DataFrame({"Period": ["2021/22", "2022/23"], "Value (%)": [1.5, 2.5]})
    back = pd.read_csv(io.BytesIO(export.csv_bytes(table, ["indicators_ons_els"])), encoding="utf-8-sig")
    assert back["Period"].tolist() == ["2021/22", "2022/23"] and list(back.columns).count("Period") == 1


def test_file_names_are_complete_and_predictable(spec):
    assert export.chart_file_name(spec, "png") == "fsot-imd-share-of-lsoas-in-the-most-deprived-10-iod2025-lsoa-2021.png"
    odd = charts.ChartSpec("fallback", "«»", (), spec.chart, spec.table, ("iod2025_lsoa",))
    assert export.chart_file_name(odd, "csv") == "fsot-fallback.csv"
    long_title = "Healthy life expectancy at birth, women: Stockton-on-Tees against England and North East, 2011-13 to 2021-23"
    assert export.download_name(long_title, extension="csv").removesuffix(".csv").endswith("2011-13-to-2021-23")
    assert export.download_name("Slide", 4, "change", extension="png") == "fsot-slide-4-change.png"
    assert export.download_name("profile", "ward", "E05001517", "2025", extension="pdf") == "fsot-profile-ward-e05001517-2025.pdf"


def test_slide_sized_png_is_exactly_the_frame(spec):
    png = export.png_of_size(export.export_chart(spec), (1920, 1080))
    assert png_size(png) == (1920, 1080)


def test_spreadsheet_formulas_in_text_are_neutralised():
    from views.export import neutralise_formulas

    table = pd.DataFrame({"area": ["=HYPERLINK(\"http://x\")", "Newtown", "@SUM(A1)", "-2+3"], "value": [-1.5, 2.0, 3.0, 4.0]})
    out = neutralise_formulas(table)
    assert out["area"].tolist() == ["'=HYPERLINK(\"http://x\")", "Newtown", "'@SUM(A1)", "'-2+3"]
    assert out["value"].tolist() == [-1.5, 2.0, 3.0, 4.0]


def test_a_table_showing_neighbourhood_names_cites_the_names_of_its_lsoas_vintage():
    from fsot_data.edition_change import NEWER, OLDER
    from fsot_data.editions import NEIGHBOURHOOD_HEADING, cited_sources

    named = ["LSOA code", NEIGHBOURHOOD_HEADING]
    assert cited_sources(["iod2025_lsoa"], named) == ("iod2025_lsoa", "msoa_names_2021")
    assert cited_sources(["iod2019_lsoa", "lsoa2011_boundaries"], ["lsoa_name"])[-1] == "msoa_names_2011"
    # the change view (fsot_data/map_view_model.py) cites both editions and is drawn on the newer one's 2021 LSOAs
    change = (OLDER.lsoa_source, NEWER.lsoa_source, "lsoa11_lsoa21_lookup", NEWER.boundaries_source)
    assert cited_sources(change, named) == (*change, "msoa_names_2021")
    assert cited_sources(["iod2025_lsoa"], ["LSOA code", "Ward (best fit)"]) == ("iod2025_lsoa",)  # no names shown


def test_a_csv_with_neighbourhood_names_names_their_source_licence_and_attribution(data):
    # The borough's IoD2025 LSOAs as Datasets.lsoas names them (File 7 joined with MSOA-Names-2.3.csv)
    lsoas = data.lsoas("2025")
    table = pd.DataFrame({"LSOA code": lsoas["lsoa_code"], "LSOA name": lsoas["lsoa_name"], "IMD decile": lsoas["imd_decile"]})
    back = pd.read_csv(io.BytesIO(export.csv_bytes(table, ["iod2025_lsoa"])), encoding="utf-8-sig")
    names = registry.get("msoa_names_2021")
    row = back.iloc[0]
    assert row["Source"] == f"{registry.get('iod2025_lsoa').title} | {names.title}"
    # sources.toml: msoa_names_2021's licence and its two attribution statements (parliament, ogl)
    assert row["Licence"] == f"OGL v3.0 | {names.licence}" and names.licence.startswith("Open Parliament Licence v3.0")
    assert "Contains Parliamentary information licensed under the Open Parliament Licence v3.0." in row["Attribution"]


def test_rows_from_different_sources_each_name_their_own():
    table = pd.DataFrame({"Measure": ["Employment rate", "Real Living Wage jobs", "Levels of debt"], "Value": [71.9, 78.8, None]})
    rows = [("indicators_ons_els",), ("indicators_economy_housing",), ()]
    back = pd.read_csv(io.BytesIO(export.csv_bytes(table, [], extracted=date(2026, 12, 1), row_source_ids=rows)),
                       encoding="utf-8-sig")
    assert back["Source"].tolist()[:2] == [registry.get("indicators_ons_els").title, registry.get("indicators_economy_housing").title]
    assert back.loc[2, ["Source", "Publisher", "Licence", "Value"]].isna().all()  # no source: empty, not text
    assert set(back["Date extracted"]) == {"2026-12-01"} and back["Value"].dtype == float
