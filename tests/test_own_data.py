"""fsot_data.own_data on files the tests make: real-shaped files at each geography with figures checked by hand,
every failure mode the page must explain, and hostile files (formula injection, markup, a very long line,
1,000,000 rows, a zip bomb named .xlsx).

Expected figures come from the sources in FSOT_SOURCES, looked up by hand and written in as literals:
- geo/lookup_postcode_lsoa_tees_valley_derived.csv: TS18 1AA, 1AD, 1AF and 1AG are in LSOA 2011 E01033477
  (LSOA 2021 E01035199); TS18 1AE is in E01012267 (both vintages); TS1 1AA is in Middlesbrough.
- iod/iod2019/iod2019_lsoa11_assembled.csv.gz, "Total population: mid 2015 (excluding prisoners)":
  E01033477 2,726; E01012267 1,677 (read with pandas by column name).
- geo/lookup_lsoa2011_ward2019_tees_valley_ons.csv: Mandale and Victoria (E05001540) holds the 7 LSOAs
  E01012238, E01012239, E01012240, E01012286, E01012287, E01012288, E01012289.
- geo/wards2022_bgc_stockton.geojson (26 wards) and geo/wards2025_bgc_stockton.geojson (27 wards): names and codes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from fsot_data import gaps
from fsot_data import own_data as od
from fsot_data.datasets import Datasets
from views.export import analysis_table
from views.maps import legend_html, lsoa_features

MANDALE_2019 = ("E01012238", "E01012239", "E01012240", "E01012286", "E01012287", "E01012288", "E01012289")
META = od.Metadata("Feel in control of their lives", "% of adults", "2024/25", "Health", "higher_is_better",
                   "Stockton-on-Tees Borough Council residents' survey 2024")
COUNT_META = od.Metadata("Service contacts", "contacts", "2024/25", "Access to services", "no_judgement",
                         "Council customer contact system", "count")


@pytest.fixture(scope="module")
def data() -> Datasets:
    return Datasets()


@pytest.fixture(scope="module")
def geo(data) -> od.Geography:
    return od.geography_of(data)


def csv_bytes(rows: list[list], header=("area", "value"), delimiter=",", encoding="utf-8") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def indicator(content: bytes, geo, name="file.csv", meta=META, columns: od.Columns | None = None) -> od.OwnIndicator:
    raw = od.read_upload(content, name)
    return od.validate(raw, columns or od.guess_columns(raw.columns), meta, geo)


def reasons(result: od.OwnIndicator) -> dict[int, str]:
    return dict(zip(result.dropped["Row"], result.dropped["Why it was not used"], strict=True))


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- real-shaped files at each geography, aggregation checked by hand -------------------------------

def test_lsoa2011_counts_and_denominators_aggregate_to_a_ward_the_rest_and_the_borough(data, geo):
    codes = list(data.lsoas("2019")["lsoa_code"])
    rows = [[c, 1 if c in MANDALE_2019 else 3, 10] for c in codes]
    result = indicator(csv_bytes(rows, ("lsoa11cd", "cases", "population")), geo,
                       columns=od.Columns("lsoa11cd", "cases", "population"))
    assert result.geography == "lsoa2011" and result.rows_used == 120 and result.dropped.empty
    ward = next(a for a in gaps.ward_areas(data.lsoas("2019"), "") if a.key == "ward:E05001540")
    compared = od.compare(result, ward.label, ward.lsoa_codes, codes).set_index("role")["value"]
    # By hand: Mandale 7 x 1 / (7 x 10) = 10%; the other 113 LSOAs 3/10 = 30%; borough (7 + 339) / 1,200 = 28.83%.
    assert compared["Area"] == pytest.approx(10.0)
    assert compared["Rest of the borough"] == pytest.approx(30.0)
    assert compared["Borough"] == pytest.approx(346 / 1200 * 100)


def test_lsoa2021_rates_give_quintiles_within_the_borough(data, geo):
    codes = list(data.lsoas("2025")["lsoa_code"])
    result = indicator(csv_bytes([[c, i] for i, c in enumerate(codes)], ("LSOA21CD", "percent")), geo)
    assert result.geography == "lsoa2021" and len(result.table) == 124
    band = od.bands(result, 5)
    # higher is better: the lowest values are band 1. Ranks 1..124 -> ceil(5 x rank / 124) = 1 for ranks 1..24.
    assert band[codes[0]] == 1 and band[codes[-1]] == 5 and (band == 1).sum() == 24
    assert od.band_label(1, 5, "higher_is_better") == "Quintile 1 within the borough (worst: lowest 20%)"
    # A rate without counts: areas are unweighted means. First three LSOAs: (0 + 1 + 2) / 3 = 1.
    assert od.summarise(result, codes[:3]) == (pytest.approx(1.0), "unweighted mean of 3 LSOAs' figures")


def test_ward2025_codes_compare_a_ward_with_the_rest_of_the_borough(data, geo):
    wards = data.ward_shapes("2025")
    rows = [[code, 40 if name == "Yarm" else 10] for code, name in zip(wards["code"], wards["name"], strict=True)]
    result = indicator(csv_bytes(rows, ("ward_code", "value")), geo)
    assert result.geography == "ward2025" and len(result.table) == 27
    compared = od.compare(result, "Yarm", ["E05014884"], list(wards["code"])).set_index("role")["value"]
    # By hand: Yarm 40; the other 26 wards 10 each; the borough's unweighted mean (26 x 10 + 40) / 27.
    assert (compared["Area"], compared["Rest of the borough"]) == (40, 10)
    assert compared["Borough"] == pytest.approx(300 / 27)


def test_ward2022_names_match_whatever_the_case_and_ampersands(data, geo):
    names = list(data.ward_shapes("2019")["name"])  # includes Norton West and Eaglescliffe, 2022 set only
    rows = [[name.upper().replace(" and ", " & "), i] for i, name in enumerate(names)]
    result = indicator(csv_bytes(rows, ("Ward name", "score")), geo)
    assert result.geography == "ward2022" and result.rows_used == 26
    assert result.table.set_index("code").at["E05001540", "value"] == names.index("Mandale and Victoria")


def test_postcodes_are_counted_per_1000_residents_of_2011_lsoas(geo):
    rows = [["TS18 1AA"], ["ts181ad"], ["TS18 1AF"], ["TS18 1AG"], ["TS18 1AE"], ["TS1 1AA"]]
    result = indicator(csv_bytes(rows, ("postcode",)), geo, meta=COUNT_META, columns=od.Columns("postcode"))
    table = result.table.set_index("code")
    assert result.geography == "lsoa2011" and result.input_geography == "postcode"
    # By hand: 4 rows in E01033477 (population 2,726), 1 in E01012267 (1,677); every other LSOA counts 0.
    assert table.at["E01033477", "value"] == pytest.approx(4 / 2726 * 1000)
    assert table.at["E01012267", "value"] == pytest.approx(1 / 1677 * 1000)
    assert table["numerator"].sum() == 5 and len(table) == 120
    assert "Middlesbrough" in reasons(result)[7]
    assert "per 1,000 residents" in result.derivation and "IoD2019" in result.derivation


def test_postcodes_with_a_denominator_give_a_percentage_per_2021_lsoa(geo):
    rows = [["TS18 1AA", 2, 10], ["TS18 1AD", 3, 10], ["TS18 1AE", 1, 5]]
    result = indicator(csv_bytes(rows, ("postcode", "users", "households")), geo, meta=COUNT_META,
                       columns=od.Columns("postcode", "users", "households"))
    table = result.table.set_index("code")
    assert result.geography == "lsoa2021"
    # By hand: E01035199 (2 + 3) / (10 + 10) = 25%; E01012267 1 / 5 = 20%; LSOAs with no rows have no figure.
    assert table.at["E01035199", "value"] == pytest.approx(25.0)
    assert table.at["E01012267", "value"] == pytest.approx(20.0)
    assert len(table) == 2


# --- each failure mode ---------------------------------------------------------------------------

def test_unknown_and_out_of_borough_codes_are_listed_with_their_rows(data, geo):
    codes = list(data.lsoas("2025")["lsoa_code"])[:5]
    rows = [[c, 1] for c in codes] + [["E01000001", 2], ["E01999999", 3], ["E05000001", 4], ["Narnia", 5]]
    result = indicator(csv_bytes(rows), geo)
    why = reasons(result)
    # E01000001 is an LSOA of the City of London (in IoD2025 File 7); E01999999 is no LSOA at all.
    assert "not in Stockton-on-Tees" in why[7] and "not a known LSOA code" in why[8]
    assert "not a ward code of Stockton-on-Tees" in why[9] and "'Narnia' is not an LSOA code" in why[10]
    assert result.rows_used == 5 and result.rows_read == 9


def test_duplicates_are_all_dropped_naming_every_row(data, geo):
    codes = list(data.lsoas("2025")["lsoa_code"])[:3]
    result = indicator(csv_bytes([[codes[0], 1], [codes[1], 2], [codes[0], 3], [codes[2], 4]]), geo)
    assert reasons(result) == {2: f"LSOA {codes[0]} appears in rows 2, 4 (duplicate: none of them used)",
                               4: f"LSOA {codes[0]} appears in rows 2, 4 (duplicate: none of them used)"}
    assert set(result.table["code"]) == set(codes[1:])


def test_non_numeric_blank_and_negative_values(data, geo):
    codes = list(data.lsoas("2025")["lsoa_code"])[:5]
    rows = [[codes[0], "12.5%"], [codes[1], "n/a"], [codes[2], ""], [codes[3], -4], [codes[4], '"1,204"']]
    counts = indicator(csv_bytes(rows), geo, meta=COUNT_META)
    why = reasons(counts)
    assert why == {3: "'n/a' is not a number", 4: "no value", 5: "a negative count (-4)"}
    assert counts.table.set_index("code").at[codes[4], "value"] == 1204
    rates = indicator(csv_bytes(rows), geo)  # a negative rate (a change, a score) is allowed
    assert 5 not in reasons(rates)


def test_a_missing_column_names_the_columns_there_are(geo):
    raw = od.read_upload(csv_bytes([["TS18 1AA", 1]], ("postcode", "count")), "f.csv")
    with pytest.raises(od.UploadProblem, match="The value column 'visits' is missing: the file's columns are postcode, count"):
        od.validate(raw, od.Columns("postcode", "visits"), COUNT_META, geo)


def test_mixed_geographies_keep_the_main_one(data, geo):
    codes = list(data.lsoas("2025")["lsoa_code"])[:3]
    result = indicator(csv_bytes([[codes[0], 1], [codes[1], 2], [codes[2], 3], ["TS18 1AA", 4], ["Yarm", 5]]), geo)
    why = reasons(result)
    assert result.geography == "lsoa2021" and set(why) == {5, 6}
    assert all("mixed geographies" in text for text in why.values())
    assert any(note.startswith("Mixed geographies") for note in result.notes)


def test_mixed_lsoa_vintages_are_mixed_geographies(geo):
    # E01035199 exists only in 2021 LSOAs and E01033477 only in 2011 ones (the postcode lookup's TS18 1AA pair).
    only21 = [c for c in geo.lsoas["lsoa2021"] if c not in geo.lsoas["lsoa2011"]][:3]
    result = indicator(csv_bytes([[c, 1] for c in only21] + [["E01033477", 2]]), geo)
    assert result.geography == "lsoa2021"
    assert "a code of LSOA 2011 codes, but the file is mostly LSOA 2021 codes" in reasons(result)[5]


@pytest.mark.parametrize("content, message", [
    (b"", "The file is empty"),
    (b"\n\n", "The file is empty"),
    (b"lsoa_code,value\n", "a header but no rows"),
    (b"lsoa_code,value\n,\n,\n", "a header but no rows"),
])
def test_empty_files(geo, content, message):
    with pytest.raises(od.UploadProblem, match=message):
        raw = od.read_upload(content, "empty.csv")
        od.validate(raw, od.Columns("lsoa_code", "value"), META, geo)


def test_encodings_utf8_with_and_without_bom_and_windows_1252(geo):
    rows = [["Stockton Town Centre", "12,5", "Café £5 voucher"]]
    header = ("ward", "value", "note")
    for encoding, note in (("utf-8", "Read as UTF-8 text."), ("utf-8-sig", "Read as UTF-8 text (with a byte-order mark)."),
                           ("cp1252", "Read as Windows-1252 text")):
        raw = od.read_upload(csv_bytes(rows, header, ";", encoding), "w.csv")
        assert raw.columns == header and raw.notes[0].startswith(note)
        assert raw.rows[0][2] == "Café £5 voucher"
        result = od.validate(raw, od.Columns("ward", "value"), META, geo)
        assert result.table["value"].tolist() == [12.5]  # semicolon-separated: the decimal comma is read


def test_not_text_at_all(geo):
    with pytest.raises(od.UploadProblem, match="binary data"):
        od.read_upload(b"area,value\nE01012187,\x00\x01\x02\n", "b.csv")
    with pytest.raises(od.UploadProblem, match="not text in UTF-8 or Windows-1252"):
        od.read_upload(b"area,value\nE01012187,\x81\x8d\n", "b.csv")  # 0x81 and 0x8D are undefined in Windows-1252


def test_excel_dates_formulas_and_numbers(data, geo):
    codes = list(data.lsoas("2025")["lsoa_code"])[:4]
    content = xlsx_bytes([["lsoa_code", "value"], [codes[0], 7], [codes[1], dt.datetime(2024, 3, 1)],
                          [codes[2], "=1+1"], [codes[3], 2.5]])
    raw = od.read_upload(content, "book.xlsx")
    assert "formulas were not run" in raw.notes[0]
    result = od.validate(raw, od.Columns("lsoa_code", "value"), META, geo)
    why = reasons(result)
    assert why[3].startswith("a date (2024-03-01") and "formatted as a date in Excel" in why[3]
    # openpyxl saved the formula without a cached value: read-only data_only gives no value, nothing is evaluated.
    assert why[4] == "no value"
    assert result.table.set_index("code")["value"].to_dict() == {codes[0]: 7, codes[3]: 2.5}


def test_a_date_typed_into_a_csv_value_column(data, geo):
    code = data.lsoas("2025")["lsoa_code"].iloc[0]
    result = indicator(csv_bytes([[code, "01/03/2024"], ["TS18 1AA", 1]]), geo, meta=COUNT_META)
    assert reasons(result)[2] == "'01/03/2024' looks like a date, not a number"


def test_a_partly_valid_file_reports_what_was_used_and_what_was_dropped(data, geo):
    codes = list(data.lsoas("2025")["lsoa_code"])
    rows = [[c, i] for i, c in enumerate(codes[:100])] + [["E01999999", 1], [codes[100], "x"]]
    result = indicator(csv_bytes(rows), geo)
    assert (result.rows_read, result.rows_used, len(result.dropped)) == (102, 100, 2)
    assert "24 of the borough's 124 LSOAs have no figure" in result.derivation
    assert list(result.dropped.columns) == ["Row", "Area as given", "Why it was not used"]


def test_limits_are_stated_and_enforced(geo):
    with pytest.raises(od.UploadProblem, match="the limit is 10 MB"):
        od.read_upload(b"a" * (od.MAX_BYTES + 1), "big.csv")
    with pytest.raises(od.UploadProblem, match="columns; the limit is 50"):
        od.read_upload((",".join(f"c{i}" for i in range(51)) + "\n" + "1," * 50 + "1\n").encode(), "wide.csv")
    with pytest.raises(od.UploadProblem, match="Old Excel files"):
        od.read_upload(b"\xd0\xcf\x11\xe0", "old.xls")
    assert "10 MB and 100,000 rows" in od.LIMITS_TEXT


# --- hostile files -------------------------------------------------------------------------------

def test_a_million_rows_are_refused_before_parsing(geo):
    content = b"postcode\n" + b"TS18 1AA\n" * 1_000_000  # 9 MB, under the size limit
    with pytest.raises(od.UploadProblem, match="about 1,000,000 rows; the limit is 100,000"):
        od.read_upload(content, "million.csv")


def test_a_zip_bomb_named_xlsx_is_not_opened():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (150 * 1024 * 1024))  # 150 MB of zeros, about 150 KB packed
    content = buffer.getvalue()
    assert len(content) < od.MAX_BYTES
    with pytest.raises(od.UploadProblem, match="would unpack to 150 MB"):
        od.read_upload(content, "report.xlsx")
    with pytest.raises(od.UploadProblem, match="not a valid zip package"):
        od.read_upload(b"lsoa,value\n", "renamed.xlsx")


def test_a_very_long_line(data, geo):
    code = data.lsoas("2025")["lsoa_code"].iloc[0]
    with pytest.raises(od.UploadProblem, match="Row 2 cannot be read as CSV"):
        od.read_upload(csv_bytes([[code, "1", "x" * 200_000]], ("lsoa", "value", "note")), "long.csv")
    result = indicator(csv_bytes([[code, "1", "y" * 5_000], ["TS18 1AA", 2, ""]], ("lsoa", "value", "note")), geo)
    assert reasons(result)[2] == "the 'note' value is longer than 200 characters"


def test_formula_injection_and_markup_stay_inert(data, geo):
    codes = list(data.lsoas("2025")["lsoa_code"])[:3]
    rows = [[codes[0], 1], [codes[1], 2], [codes[2], 3], ["=HYPERLINK(\"http://evil\",\"x\")", 4],
            ["<script>alert(1)</script>", 5]]
    hostile = od.Metadata("=cmd|' /C calc'!A0", "<img src=x onerror=alert(1)>", "@SUM(1)", "Health", "lower_is_better",
                          "+<b>bold</b>")
    result = indicator(csv_bytes(rows), geo, meta=hostile)
    why = reasons(result)
    assert why[5].startswith("'=HYPERLINK(") and why[6].startswith("'<script>")
    exported = analysis_table(od.export_table(result, 5), result.source_ids, own=result.provenance())
    assert exported["Indicator"].iloc[0] == "'=cmd|' /C calc'!A0" and exported["Period"].iloc[0] == "'@SUM(1)"
    assert exported["Source"].iloc[0].startswith("'=cmd") and exported["Publisher"].iloc[0].startswith("'+<b>")
    title = f"{hostile.name} ({hostile.unit})"
    assert "<img" not in legend_html([], title) and "&lt;img" in legend_html([], title)
    features = lsoa_features({codes[0]: {"type": "Point", "coordinates": [0, 0]}},
                             pd.DataFrame({"LSOA code": [codes[0]], "Name": ["<script>x</script>"]}))
    assert features.features[0]["t"][1] == "&lt;script&gt;x&lt;/script&gt;"
    # The area profile's HTML escapes it too: tests/test_own_data_page.py reads the real document.


def test_metadata_is_checked(geo):
    empty = od.Metadata("", " ", "2024", "Not a domain", "sideways", "", "guess")
    domains = ["Health", "Income"]
    problems = empty.problems(domains)
    assert problems == ["Give the indicator's name.", "Give the indicator's unit.", "Give the indicator's source.",
                        "Choose one of the framework's nine domains (Health, Income).",
                        "Choose the polarity: higher_is_better, lower_is_better, no_judgement.",
                        "Say whether it is a rate, percentage, score or average or a count (people, households, events)."]
    assert META.problems(["Health"]) == []


def test_templates_list_the_boroughs_areas(geo):
    lsoa = pd.read_csv(io.BytesIO(od.template_csv("lsoa2021", geo)), encoding="utf-8-sig")
    assert list(lsoa.columns) == ["lsoa_code", "lsoa_name", "value", "denominator"] and len(lsoa) == 124
    wards = pd.read_csv(io.BytesIO(od.template_csv("ward2022", geo)), encoding="utf-8-sig")
    assert len(wards) == 26 and "Mandale and Victoria" in set(wards["ward_name"])
    assert od.template_csv("postcode", geo) == b"postcode,count,denominator\n"
    # A filled-in template reads back as its own geography.
    filled = lsoa.assign(value=range(124)).drop(columns="denominator").to_csv(index=False).encode()
    assert indicator(filled, geo, columns=od.Columns("lsoa_code", "value")).geography == "lsoa2021"
