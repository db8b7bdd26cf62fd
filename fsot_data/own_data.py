"""A council's own indicators: read an uploaded CSV or Excel file, validate it row by row, aggregate it to
the borough's LSOAs or wards, and summarise it for any set of areas. Pure data code: no Streamlit.

Rules kept here, each with its reason:
- Limits (MAX_UPLOAD_MB, MAX_ROWS, MAX_CELL_CHARS, the Excel unpacked-size cap) are checked before any
  parsing, so a huge or hostile file costs little: rows are counted as line breaks in the bytes, and an
  .xlsx (a zip) has its members' declared sizes added up before openpyxl opens it.
- Excel is opened read-only with data_only=True: the values Excel last saved, never a formula evaluated.
- Text is decoded as UTF-8 (with or without a byte-order mark), else Windows-1252, and the page says which;
  the separator (comma, semicolon or tab) is the one the header line uses most.
- Row numbers are those a spreadsheet shows: the header is row 1, the first data row is row 2.
- A row that cannot be used is dropped with its reason; the rest is used, and both are shown. Areas that
  appear twice are all dropped (which figure is right cannot be known). A file with no usable row is an
  UploadProblem.
- Geography is worked out from the codes: LSOA 2011 or 2021 codes (most are the same in both vintages; a
  file whose codes are all shared is read as 2021), ward codes or names of either ward set, or postcodes.
  One geography per file: rows of another are dropped as mixed geographies.
- Postcode rows are counted into LSOAs (each row counts 1, or its value). With a denominator column the
  rate is 100 x sum(value) / sum(denominator) per 2021 LSOA. Without one, the count is per 1,000 residents
  of the 2011 LSOA, the only vintage with a population here (the mid-2015 estimates published with
  IoD2019); an LSOA with no rows counts 0.
- Areas are summarised as sum(numerator) / sum(denominator) where the indicator has them, a sum for counts,
  and otherwise an unweighted mean of the LSOAs' or wards' figures, said so.
- Bands (quintiles or deciles) are within the borough: band 1 holds the worst values by the user's polarity
  (the highest values when no polarity is judged).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import re
import tomllib
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from datafiles.errors import DataProblem
from fsot_data.editions import EDITIONS, NEIGHBOURHOOD_HEADING

MAX_UPLOAD_MB = 10  # also server.maxUploadSize in .streamlit/config.toml
MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 200
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_XLSX_RATIO = 200  # unpacked / packed; real workbooks are below 20
MAX_NAME_CHARS = 120
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
LIMITS_TEXT = (f"Files up to {MAX_UPLOAD_MB} MB and {MAX_ROWS:,} rows, at most {MAX_COLUMNS} columns; a value may be up to "
               f"{MAX_CELL_CHARS} characters. CSV (comma, semicolon or tab separated; UTF-8 or Windows-1252) or "
               "Excel .xlsx (first sheet, values as last saved: formulas are not run).")

GEOGRAPHIES = {"lsoa2011": "LSOA 2011 codes", "lsoa2021": "LSOA 2021 codes",
               "ward2022": "wards in force until May 2023", "ward2025": "wards in force since May 2023",
               "postcode": "postcodes"}
UNIT_NOUN = {"lsoa2011": "LSOA", "lsoa2021": "LSOA", "ward2022": "ward", "ward2025": "ward"}
#: The IoD edition whose LSOAs and wards each unit geography matches (the map and comparisons use that edition).
EDITION_OF = {"lsoa2011": "2019", "ward2022": "2019", "lsoa2021": "2025", "ward2025": "2025"}
MEASURES = {"rate": "a rate, percentage, score or average", "count": "a count (people, households, events)"}
POLARITIES = {"higher_is_better": "higher is better", "lower_is_better": "lower is better",
              "no_judgement": "not judged better or worse"}
BANDS = {5: "quintile", 10: "decile"}
OWN_DATA_LABEL = "your own data, not published statistics"
LOCAL_DATA_LABEL = "local data added by the council's administrator, not published statistics"

LSOA_SHAPE = re.compile(r"^E01\d{6}$")
WARD_SHAPE = re.compile(r"^E05\d{6}$")
POSTCODE_SHAPE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
DATE_TEXT = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$")
AREA_HINTS = ("lsoa", "postcode", "ward", "area", "code", "geography")
DENOMINATOR_HINTS = ("denominator", "population", "households", "total", "base")


class UploadProblem(Exception):
    """A file that cannot be used at all, in plain words (what is wrong and what to do)."""


# --- reading --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RawTable:
    """A file's header and rows as read, every cell text (or a date/number from Excel), with how it was read."""
    file_name: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    notes: tuple[str, ...]
    decimal_comma: bool = False  # a semicolon-separated file: "12,5" means 12.5


def read_upload(content: bytes, file_name: str) -> RawTable:
    """Read a CSV or Excel file's bytes, enforcing the limits first; UploadProblem says why a file cannot be read."""
    name = str(file_name)[:MAX_NAME_CHARS]
    if not content:
        raise UploadProblem("The file is empty: it has no header and no rows.")
    if len(content) > MAX_BYTES:
        raise UploadProblem(f"The file is {len(content) / 1024 / 1024:.1f} MB; the limit is {MAX_UPLOAD_MB} MB.")
    extension = Path(name.lower()).suffix
    if extension in EXCEL_EXTENSIONS:
        return _read_excel(content, name)
    if extension == ".xls":
        raise UploadProblem("Old Excel files (.xls) are not read: save it as .xlsx or as CSV and upload that.")
    if extension not in TEXT_EXTENSIONS:
        raise UploadProblem(f"Only CSV ({', '.join(TEXT_EXTENSIONS)}) or Excel ({', '.join(EXCEL_EXTENSIONS)}) files are read.")
    if content[:4] == b"PK\x03\x04":
        raise UploadProblem("The file is named as CSV but is a zip or Excel file: save it as CSV, or upload the .xlsx.")
    return _read_text(content, name)


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "Read as UTF-16 text."
    try:
        text = content.decode("utf-8-sig")
        return text, "Read as UTF-8 text" + (" (with a byte-order mark)." if content.startswith(b"\xef\xbb\xbf") else ".")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "Read as Windows-1252 text (it is not UTF-8): check that accented letters and £ signs look right."
    except UnicodeDecodeError as error:
        raise UploadProblem(f"The file is not text in UTF-8 or Windows-1252 (byte {error.start + 1} cannot be read): "
                            "save it from Excel as 'CSV UTF-8'.") from error


def _read_text(content: bytes, name: str) -> RawTable:
    lines = content.count(b"\n") + (not content.endswith(b"\n"))
    if lines - 1 > MAX_ROWS:
        raise UploadProblem(f"The file has about {lines - 1:,} rows; the limit is {MAX_ROWS:,}.")
    if b"\x00" in content and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadProblem("The file contains binary data (zero bytes), not text: is it really a CSV file?")
    text, encoding_note = _decode(content)
    header_line = text.split("\n", 1)[0]
    counts = {",": header_line.count(","), ";": header_line.count(";"), "\t": header_line.count("\t")}
    delimiter = max(counts, key=counts.get)
    notes = [encoding_note]
    if delimiter != "," and counts[delimiter]:
        notes.append("Separated by semicolons (decimal commas are read as decimal points)." if delimiter == ";"
                     else "Separated by tabs.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise UploadProblem(f"Row {reader.line_num} cannot be read as CSV ({error}); a value may be far longer than "
                            f"{MAX_CELL_CHARS} characters or a quote is not closed.") from error
    return _table(name, rows, tuple(notes), decimal_comma=delimiter == ";")


def _read_excel(content: bytes, name: str) -> RawTable:
    """The first sheet's cached values; the zip's unpacked size and ratio are checked before openpyxl reads it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise UploadProblem("The file is named .xlsx but is not an Excel workbook (it is not a valid zip package): "
                            "open it in Excel and save it again as .xlsx, or as CSV.") from error
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_XLSX_UNPACKED_BYTES or unpacked > MAX_XLSX_RATIO * max(len(content), 1):
        raise UploadProblem(f"The workbook would unpack to {unpacked / 1024 / 1024:,.0f} MB from {len(content) / 1024:,.0f} KB: "
                            "that is not an ordinary spreadsheet, so it is not opened. Save the sheet as CSV and upload that.")
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise UploadProblem("The file is a zip package but not an Excel workbook: save it as .xlsx or CSV.")
    import openpyxl  # only when an Excel file is uploaded
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(["" if value is None else value for value in row[:MAX_COLUMNS + 1]])
            if len(rows) > MAX_ROWS + 1:
                raise UploadProblem(f"The sheet has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}.")
        sheet_name = sheet.title
        workbook.close()
    except UploadProblem:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise UploadProblem(f"The workbook cannot be read ({type(error).__name__}): open it in Excel and save it again, "
                            "or save the sheet as CSV.") from error
    notes = (f"Read the first sheet ('{sheet_name[:40]}') of the workbook: values as Excel last saved them; formulas were not run.",)
    return _table(name, rows, notes, decimal_comma=False)


def _table(name: str, rows: list[list], notes: tuple[str, ...], decimal_comma: bool) -> RawTable:
    while rows and all(_blank(cell) for cell in rows[0]):
        rows.pop(0)  # leading empty lines: the header is the first line with something in it
    if not rows:
        raise UploadProblem("The file is empty: it has no header and no rows.")
    header = [str(cell).strip()[:MAX_CELL_CHARS] for cell in rows[0]]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise UploadProblem(f"The file has {len(header)} columns; the limit is {MAX_COLUMNS}.")
    if len(header) < 2 and not (len(header) == 1 and header[0]):
        raise UploadProblem("The first row has no column names: the first row must name the columns (see the template).")
    header = [h or f"column {i + 1}" for i, h in enumerate(header)]
    repeated = [h for h, n in Counter(header).items() if n > 1]
    if repeated:
        raise UploadProblem(f"The column name '{repeated[0][:60]}' is used twice in the first row: give each column its own name.")
    body = tuple(tuple(row[:len(header)]) + ("",) * (len(header) - len(row)) for row in rows[1:])
    if not body:
        raise UploadProblem("The file has a header but no rows of data.")
    return RawTable(name, tuple(header), body, notes, decimal_comma)


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# --- the borough's geography ----------------------------------------------------------------------

def norm_name(text: str) -> str:
    """Ward names as compared: case, spacing, '&' / 'and' and punctuation ignored."""
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower().replace("&", " and ")).strip()


@dataclass(frozen=True)
class Geography:
    """What validation checks codes against: the borough's LSOAs and wards, England's LSOA codes, postcodes."""
    lad_code: str
    lad_name: str
    lsoas: dict[str, dict[str, str]]          # "lsoa2011"/"lsoa2021" -> code -> name (the borough's)
    england_lsoas: dict[str, frozenset]       # "lsoa2011"/"lsoa2021" -> every code in England
    wards: dict[str, dict[str, str]]          # "ward2022"/"ward2025" -> code -> name
    population: dict[str, float]              # LSOA 2011 code -> mid-2015 population (IoD2019)
    postcodes: dict[str, tuple[str, str, str, str]]  # postcode -> (lad code, lad name, LSOA 2011, LSOA 2021)

    def names(self, geography: str) -> dict[str, str]:
        return self.lsoas.get(geography) or self.wards[geography]


def geography_of(data) -> Geography:
    """The Geography of a fsot_data.datasets.Datasets (or anything with the same tables)."""
    lsoas = {"lsoa2011": data.lsoas("2019"), "lsoa2021": data.lsoas("2025")}
    return Geography(
        lad_code=data.lad_code, lad_name=data.lad_name,
        lsoas={key: dict(zip(t["lsoa_code"], t["lsoa_name"], strict=True)) for key, t in lsoas.items()},
        england_lsoas={"lsoa2011": frozenset(data.national("2019")["lsoa_code"]),
                       "lsoa2021": frozenset(data.national("2025")["lsoa_code"])},
        wards={"ward2022": dict(zip(data.ward_shapes("2019")["code"], data.ward_shapes("2019")["name"], strict=True)),
               "ward2025": dict(zip(data.ward_shapes("2025")["code"], data.ward_shapes("2025")["name"], strict=True))},
        population=dict(zip(lsoas["lsoa2011"]["lsoa_code"], lsoas["lsoa2011"]["population"].astype(float), strict=True)),
        postcodes=_postcode_lookup(data.postcodes()))


def _postcode_lookup(postcodes: pd.DataFrame) -> dict[str, tuple[str, str, str, str]]:
    """A dict, not the frame: looking up 5,000 rows one by one in pandas takes seconds, in a dict milliseconds."""
    columns = [postcodes[c].astype(str) for c in ("lad_code", "lad_name", "lsoa11_code", "lsoa21_code")]
    return dict(zip(postcodes["postcode"].astype(str), zip(*columns, strict=True), strict=True))


# --- what the user says about the indicator -------------------------------------------------------

@dataclass(frozen=True)
class Metadata:
    name: str
    unit: str
    period: str
    domain: str
    polarity: str
    source: str
    measure: str = "rate"  # key of MEASURES

    def problems(self, domains: list[str]) -> list[str]:
        """What is missing or not allowed, in plain words (empty when it can be used)."""
        out = [f"Give the indicator's {label}." for label, value in (("name", self.name), ("unit", self.unit),
                                                                     ("period", self.period), ("source", self.source))
               if not str(value).strip()]
        if self.domain not in domains:
            out.append(f"Choose one of the framework's nine domains ({', '.join(domains)}).")
        if self.polarity not in POLARITIES:
            out.append(f"Choose the polarity: {', '.join(POLARITIES)}.")
        if self.measure not in MEASURES:
            out.append(f"Say whether it is {' or '.join(MEASURES.values())}.")
        out += [f"The {label} is longer than {MAX_NAME_CHARS} characters." for label, value in
                (("name", self.name), ("unit", self.unit), ("period", self.period)) if len(str(value)) > MAX_NAME_CHARS]
        if len(self.source) > 4 * MAX_NAME_CHARS:
            out.append(f"The source line is longer than {4 * MAX_NAME_CHARS} characters.")
        return out


@dataclass(frozen=True)
class Columns:
    area: str
    value: str | None = None        # optional only for postcodes (each row then counts 1)
    denominator: str | None = None


def guess_columns(columns: tuple[str, ...]) -> Columns:
    """The likely area, value and denominator columns from their names (the user can change them)."""
    lowered = [c.lower() for c in columns]
    area = next((c for c, low in zip(columns, lowered, strict=True) if any(h in low for h in AREA_HINTS) and "name" not in low), columns[0])
    denominator = next((c for c, low in zip(columns, lowered, strict=True) if c != area and any(h in low for h in DENOMINATOR_HINTS)), None)
    rest = [c for c in columns if c not in (area, denominator) and "name" not in c.lower()]
    return Columns(area, rest[0] if rest else None, denominator)


# --- the result -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class OwnIndicator:
    """An indicator a user brought (or an administrator added): values per LSOA or ward of the borough."""
    key: str
    meta: Metadata
    geography: str            # unit geography: lsoa2011 / lsoa2021 / ward2022 / ward2025
    input_geography: str      # as given in the file (may be "postcode")
    table: pd.DataFrame       # code, name, value, numerator, denominator (NaN when not given)
    scale: float | None       # value = scale x numerator / denominator when both are given
    derivation: str           # how the figures were made, in words
    file_name: str
    rows_read: int
    rows_used: int
    dropped: pd.DataFrame     # row, area (as given, shortened), reason
    notes: tuple[str, ...] = ()
    permanent: bool = False

    @property
    def label(self) -> str:
        return LOCAL_DATA_LABEL if self.permanent else OWN_DATA_LABEL

    @property
    def edition(self) -> str:
        return EDITION_OF[self.geography]

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The registry sources behind the indicator's areas (not its values, which are the user's): the edition's LSOA
        or ward boundaries, the postcode lookup for postcodes, and IoD2019's populations for a rate per 1,000 residents."""
        edition = EDITIONS[self.edition]
        ids = [edition.boundaries_source if self.geography.startswith("lsoa") else edition.wards_source]
        if self.input_geography == "postcode":
            ids += ["postcodes", *([edition.lsoa_source] if self.scale == 1000 else [])]
        return (*(["local_indicators"] if self.permanent else []), *ids)

    def provenance(self) -> dict[str, str]:
        """The user's part of an export's provenance columns (registry.PROVENANCE), from what the user gave, as text:
        the indicator's name, the source line, the file's name and the period. No licence is known for it."""
        meta = self.meta
        return {"Source": f"{meta.name} ({self.label})", "Publisher": meta.source.strip(),
                "Source edition": f"File {self.file_name}: {self.rows_used:,} of {self.rows_read:,} rows used",
                "Period": meta.period, "Licence": f"not stated ({self.label})"}

    def source_line(self) -> str:
        """The one line naming where the figures come from, for captions, charts and exports."""
        return (f"{self.meta.source.strip()} ({self.label}). File: {self.file_name}, {self.rows_used:,} of {self.rows_read:,} "
                f"rows used. Period: {self.meta.period}. Geography: {GEOGRAPHIES[self.geography]}. {self.derivation}")


@dataclass
class _Row:
    number: int
    area: str
    kind: str = ""      # lsoa / ward / postcode
    codes: dict = field(default_factory=dict)  # geography -> unit code (an LSOA code may be valid in both vintages)
    value: float = math.nan
    denominator: float = math.nan
    reason: str = ""


def _short(text, limit: int = 60) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _number(cell, decimal_comma: bool) -> tuple[float, str]:
    """(number, '') or (nan, reason): text with thousands separators, %, £ or a decimal comma is read."""
    if isinstance(cell, (dt.date, dt.datetime, dt.time)):
        return math.nan, f"a date ({_short(cell, 20)}), not a number: the cell is formatted as a date in Excel"
    if isinstance(cell, bool):
        return math.nan, "TRUE/FALSE, not a number"
    if isinstance(cell, (int, float)):
        return (float(cell), "") if math.isfinite(cell) else (math.nan, "not a finite number")
    text = str(cell).strip()
    if not text:
        return math.nan, "no value"
    if DATE_TEXT.match(text):
        return math.nan, f"'{text}' looks like a date, not a number"
    cleaned = text.replace("£", "").replace("%", "").replace(" ", "").replace("\u00a0", "")
    if decimal_comma and re.fullmatch(r"-?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        number = float(cleaned)
    except ValueError:
        return math.nan, f"'{_short(text, 30)}' is not a number"
    return (number, "") if math.isfinite(number) else (math.nan, "not a finite number")


def _classify(text: str, geo: Geography, ward_names: dict[str, dict[str, str]]) -> _Row:
    row = _Row(0, text)
    compact = re.sub(r"\s+", "", text).upper()
    if LSOA_SHAPE.match(compact):
        row.kind = "lsoa"
        row.codes = {g: compact for g in ("lsoa2011", "lsoa2021") if compact in geo.lsoas[g]}
        if not row.codes:
            elsewhere = any(compact in geo.england_lsoas[g] for g in geo.england_lsoas)
            row.reason = (f"LSOA {compact} is not in {geo.lad_name}" if elsewhere else f"{compact} is not a known LSOA code")
    elif WARD_SHAPE.match(compact):
        row.kind = "ward"
        row.codes = {g: compact for g in geo.wards if compact in geo.wards[g]}
        if not row.codes:
            row.reason = f"{compact} is not a ward code of {geo.lad_name} (unknown, or a ward elsewhere)"
    elif POSTCODE_SHAPE.match(compact):
        row.kind = "postcode"
        match = POSTCODE_SHAPE.match(compact)
        row.area = f"{match.group(1)} {match.group(2)}"
    elif any(norm_name(text) in names for names in ward_names.values()):
        row.kind = "ward"
        row.codes = {g: names[norm_name(text)] for g, names in ward_names.items() if norm_name(text) in names}
    else:
        row.reason = (f"'{_short(text, 40)}' is not an LSOA code, ward code or name of {geo.lad_name}, or postcode"
                      if text else "no area given")
    return row


def _choose(rows: list[_Row], kinds: tuple[str, ...], prefer: str) -> str:
    """The unit geography of a family (LSOA vintages or ward sets) that fits most rows; ties go to `prefer`."""
    fits = Counter(g for r in rows for g in r.codes)
    return max(kinds, key=lambda g: (fits[g], g == prefer))


def validate(raw: RawTable, columns: Columns, meta: Metadata, geo: Geography, permanent: bool = False) -> OwnIndicator:
    """Check every row and aggregate what can be used; UploadProblem when nothing can be used."""
    for role, name in (("area", columns.area), ("value", columns.value), ("denominator", columns.denominator)):
        if name is not None and name not in raw.columns:
            raise UploadProblem(f"The {role} column '{_short(name)}' is missing: the file's columns are "
                                f"{', '.join(_short(c, 30) for c in raw.columns)}.")
    decimal_comma, notes = raw.decimal_comma, raw.notes
    position = {c: i for i, c in enumerate(raw.columns)}
    ward_names = {g: {norm_name(n): c for c, n in names.items()} for g, names in geo.wards.items()}
    rows: list[_Row] = []
    empty = 0
    for offset, cells in enumerate(raw.rows):
        number = offset + 2
        if all(_blank(c) for c in cells):
            empty += 1
            continue
        too_long = next((raw.columns[i] for i, c in enumerate(cells) if isinstance(c, str) and len(c) > MAX_CELL_CHARS), None)
        area_text = str(cells[position[columns.area]]).strip()
        if too_long is not None:
            rows.append(_Row(number, _short(area_text),
                             reason=f"the '{_short(too_long, 30)}' value is longer than {MAX_CELL_CHARS} characters"))
            continue
        row = _classify(area_text, geo, ward_names)
        row.number = number
        if not row.reason:
            row.value, reason = (1.0, "") if columns.value is None else _number(cells[position[columns.value]], decimal_comma)
            if columns.denominator is not None and not reason:
                row.denominator, reason = _number(cells[position[columns.denominator]], decimal_comma)
                reason = f"denominator: {reason}" if reason else ("denominator: zero or negative" if row.denominator <= 0 else "")
            counting = meta.measure == "count" or row.kind == "postcode"
            if not reason and row.value < 0 and counting:
                reason = f"a negative count ({row.value:g})"
            row.reason = reason
        rows.append(row)
    if empty:
        notes += (f"{empty} empty row(s) skipped.",)
    if not rows:
        raise UploadProblem("The file has a header but no rows of data.")

    good = [r for r in rows if not r.reason]
    family = Counter(r.kind for r in good).most_common(1)[0][0] if good else None
    if family and len({r.kind for r in good}) > 1:
        notes += (f"Mixed geographies: the file is mostly {family} rows; rows of other geographies were dropped.",)
        for r in good:
            if r.kind != family:
                r.reason = f"a {r.kind} in a file of {family} rows (mixed geographies: one geography per file)"
    good = [r for r in rows if not r.reason]
    if not good:
        reasons = Counter(r.reason.split(" (")[0] if r.kind else r.reason for r in rows)
        raise UploadProblem(f"No row of the file could be used ({len(rows):,} rows). First problems: "
                            + "; ".join(f"row {r.number}: {r.reason}" for r in rows[:5]) + "." +
                            (" Check the area column is the right one." if len(reasons) > 1 else ""))
    if family == "postcode":
        return _postcodes(raw, rows, good, columns, meta, geo, notes, permanent)
    geography = _choose(good, ("lsoa2011", "lsoa2021") if family == "lsoa" else ("ward2022", "ward2025"),
                        "lsoa2021" if family == "lsoa" else "ward2025")
    for r in good:
        if geography not in r.codes:
            other = next(iter(r.codes))
            r.reason = (f"a code of {GEOGRAPHIES[other]}, but the file is mostly {GEOGRAPHIES[geography]} "
                        "(mixed geographies: one geography per file)")
    good = [r for r in rows if not r.reason]
    if family == "lsoa" and all(len(r.codes) == 2 for r in good):
        notes += ("Every code is the same in 2011 and 2021 LSOAs: read as 2021 LSOAs.",)
    seen: dict[str, list[int]] = {}
    for r in good:
        seen.setdefault(r.codes[geography], []).append(r.number)
    for r in good:
        numbers = seen[r.codes[geography]]
        if len(numbers) > 1:
            r.reason = (f"{UNIT_NOUN[geography]} {r.codes[geography]} appears in rows {', '.join(map(str, numbers))} "
                        "(duplicate: none of them used)")
    good = [r for r in rows if not r.reason]
    if not good:
        raise UploadProblem("Every area in the file appears more than once, so none can be used (duplicates).")
    names = geo.names(geography)
    frame = pd.DataFrame({"code": [r.codes[geography] for r in good], "value": [r.value for r in good],
                          "denominator": [r.denominator for r in good]})
    if columns.denominator is not None:
        frame = frame.assign(numerator=frame["value"], value=100 * frame["value"] / frame["denominator"])
        scale, how = 100.0, f"Value = {columns.value} / {columns.denominator} x 100 per {UNIT_NOUN[geography]}."
    else:
        frame = frame.assign(numerator=np.nan)
        scale, how = None, f"Figures per {UNIT_NOUN[geography]} as given in the file."
    frame["name"] = frame["code"].map(names)
    missing = len(names) - len(frame)
    if missing:
        how += f" {missing} of the borough's {len(names)} {UNIT_NOUN[geography]}s have no figure."
    return _result(raw, rows, frame, scale, how, geography, family, meta, notes, permanent)


def _postcodes(raw, rows, good, columns, meta, geo, notes, permanent) -> OwnIndicator:
    geography = "lsoa2021" if columns.denominator is not None else "lsoa2011"
    for r in good:
        found = geo.postcodes.get(r.area)
        if found is None:
            r.reason = f"postcode {r.area} is not in the postcode lookup (mistyped, no longer used, or outside the Tees Valley)"
        elif found[0] != geo.lad_code:
            r.reason = f"postcode {r.area} is in {found[1]}, not in {geo.lad_name}"
        else:
            r.codes = {geography: found[3] if geography == "lsoa2021" else found[2]}
    good = [r for r in rows if not r.reason]
    if not good:
        raise UploadProblem(f"None of the file's postcodes is in {geo.lad_name}: "
                            + "; ".join(f"row {r.number}: {r.reason}" for r in rows[:5]) + ".")
    counted = pd.DataFrame({"code": [r.codes[geography] for r in good], "value": [r.value for r in good],
                            "denominator": [r.denominator for r in good]}).groupby("code").sum()
    names = geo.lsoas[geography]
    what = "rows" if columns.value is None else f"'{columns.value}'"
    if columns.denominator is not None:
        frame = pd.DataFrame({"code": counted.index, "numerator": counted["value"].to_numpy(),
                              "denominator": counted["denominator"].to_numpy()})
        frame["value"] = 100 * frame["numerator"] / frame["denominator"]
        scale = 100.0
        how = (f"{len(good):,} postcodes counted into 2021 LSOAs: sum of {what} / sum of '{columns.denominator}' x 100 "
               f"per LSOA; {len(names) - len(frame)} of the borough's {len(names)} LSOAs have no rows, so no figure.")
    else:
        frame = pd.DataFrame({"code": list(names)})
        frame["numerator"] = frame["code"].map(counted["value"]).fillna(0.0)
        frame["denominator"] = frame["code"].map(geo.population)
        frame["value"] = 1000 * frame["numerator"] / frame["denominator"]
        scale = 1000.0
        how = (f"{len(good):,} postcodes counted into 2011 LSOAs ({what}), per 1,000 residents: the mid-2015 population "
               "estimates published with IoD2019, the only small-area population here (IoD2025's source has none). "
               "LSOAs with no rows count 0.")
    frame["name"] = frame["code"].map(names)
    return _result(raw, rows, frame, scale, how, geography, "postcode", meta, notes, permanent)


def _result(raw, rows, frame, scale, how, geography, family, meta, notes, permanent) -> OwnIndicator:
    dropped = pd.DataFrame([(r.number, _short(r.area), r.reason) for r in rows if r.reason],
                           columns=["Row", "Area as given", "Why it was not used"])
    table = frame[["code", "name", "value", "numerator", "denominator"]].sort_values("code").reset_index(drop=True)
    digest = hashlib.sha256(f"{meta}|{raw.file_name}|{table.to_csv()}".encode()).hexdigest()[:10]
    key = f"own:{re.sub(r'[^a-z0-9]+', '-', meta.name.lower()).strip('-')[:40]}:{digest}"
    return OwnIndicator(key, meta, geography, "postcode" if family == "postcode" else geography, table, scale, how,
                        raw.file_name, len(rows), len(rows) - len(dropped), dropped, notes, permanent)


# --- using it -------------------------------------------------------------------------------------

def summarise(indicator: OwnIndicator, codes) -> tuple[float, str]:
    """The indicator for a set of the borough's LSOAs or wards: (figure, how it was made).

    A count needs every member's figure (a partial sum would mislead); a rate or mean uses the members with a
    figure and says how many those are."""
    wanted = list(dict.fromkeys(codes))
    rows = indicator.table[indicator.table["code"].isin(wanted) & indicator.table["value"].notna()]
    noun = UNIT_NOUN[indicator.geography]
    if rows.empty:
        return math.nan, f"none of its {len(wanted)} {noun}s has a figure in the file"
    of = f"{len(rows)} of {len(wanted)}" if len(rows) < len(wanted) else f"{len(rows)}"
    if indicator.scale is not None:
        return (float(indicator.scale * rows["numerator"].sum() / rows["denominator"].sum()),
                f"sum of numerators / sum of denominators over {of} {noun}s")
    if indicator.meta.measure == "count":
        if len(rows) < len(wanted):
            return math.nan, f"{len(wanted) - len(rows)} of its {len(wanted)} {noun}s have no figure, so no total"
        return float(rows["value"].sum()), f"sum over {of} {noun}s"
    return float(rows["value"].mean()), f"unweighted mean of {of} {noun}s' figures"


def compare(indicator: OwnIndicator, area_label: str, codes, borough_codes) -> pd.DataFrame:
    """The area, the rest of the borough and the borough (columns area, role, value, how)."""
    inside = set(codes)
    groups = (("Area", area_label, [c for c in borough_codes if c in inside]),
              ("Rest of the borough", "Rest of the borough", [c for c in borough_codes if c not in inside]),
              ("Borough", "Borough", list(borough_codes)))
    return pd.DataFrame([{"area": label, "role": role, **dict(zip(("value", "how"), summarise(indicator, members), strict=True))}
                         for role, label, members in groups])


def bands(indicator: OwnIndicator, n_bands: int) -> pd.Series:
    """Band (1..n) of each code within the borough, band 1 the worst by polarity (highest when not judged)."""
    values = indicator.table.set_index("code")["value"].dropna()
    ascending = indicator.meta.polarity == "higher_is_better"
    order = values.rank(method="min", ascending=ascending)
    return np.ceil(n_bands * order / len(values)).clip(1, n_bands).astype(int) if len(values) else pd.Series(dtype=int)


def band_label(band: int, n_bands: int, polarity: str) -> str:
    share = 100 // n_bands
    end = {"higher_is_better": "worst: lowest", "lower_is_better": "worst: highest", "no_judgement": "highest"}[polarity]
    start = {"higher_is_better": "best: highest", "lower_is_better": "best: lowest", "no_judgement": "lowest"}[polarity]
    word = BANDS[n_bands].capitalize()
    suffix = f" ({end} {share}%)" if band == 1 else f" ({start} {share}%)" if band == n_bands else ""
    return f"{word} {band} within the borough{suffix}"


# --- templates and the administrator's folder -----------------------------------------------------

def template_csv(geography: str, geo: Geography) -> bytes:
    """A template to fill in: every area of the borough for a code geography, or the header for postcodes."""
    if geography == "postcode":
        return b"postcode,count,denominator\n"
    noun = "lsoa" if geography.startswith("lsoa") else "ward"
    names = geo.names(geography)
    frame = pd.DataFrame({f"{noun}_code": list(names), f"{noun}_name": list(names.values()), "value": "", "denominator": ""})
    return frame.to_csv(index=False).encode("utf-8-sig")


LOCAL_COLUMNS = ["key", "name", "unit", "period", "domain", "polarity", "source", "measure", "geography", "input_geography",
                 "derivation", "file", "rows_read", "rows_used", "scale", "code", "area_name", "value", "numerator", "denominator"]
METADATA_FIELDS = ("file", "name", "unit", "period", "domain", "polarity", "source", "area_column")


def read_local_indicators(folder: Path | None, geo: Geography, domains: list[str]) -> pd.DataFrame:
    """Every indicator an administrator put in the sources folder's local_indicators/ (one TOML file each, naming
    its data file), validated strictly: any unusable row is a DataProblem naming the file, as for any source.
    No folder means no local indicators. One row per (indicator, area), LOCAL_COLUMNS."""
    if folder is None or not Path(folder).is_dir():
        return pd.DataFrame(columns=LOCAL_COLUMNS)
    frames = []
    for meta_path in sorted(Path(folder).glob("*.toml")):
        frames.append(_local_indicator(meta_path, geo, domains))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=LOCAL_COLUMNS)


def _local_indicator(meta_path: Path, geo: Geography, domains: list[str]) -> pd.DataFrame:
    fix = "correct it (see the README's 'Local indicators' section), then build again."
    try:
        spec = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DataProblem(str(meta_path), f"this local indicator's metadata cannot be read ({error}).", fix) from error
    missing = [f for f in METADATA_FIELDS if not str(spec.get(f, "")).strip()]
    if missing:
        raise DataProblem(str(meta_path), f"this local indicator's metadata lacks {', '.join(missing)}.", fix)
    meta = Metadata(*(str(spec[f]) for f in ("name", "unit", "period", "domain", "polarity", "source")),
                    str(spec.get("measure", "rate")))
    problems = meta.problems(domains)
    if problems:
        raise DataProblem(str(meta_path), " ".join(problems), fix)
    data_path = meta_path.parent / str(spec["file"])
    try:
        raw = read_upload(data_path.read_bytes(), data_path.name)
        indicator = validate(raw, Columns(str(spec["area_column"]), spec.get("value_column"), spec.get("denominator_column")),
                             meta, geo, permanent=True)
    except OSError as error:
        raise DataProblem(str(data_path), f"the data file named in {meta_path.name} cannot be read ({error.strerror}).", fix) from error
    except UploadProblem as problem:
        raise DataProblem(str(data_path), str(problem), fix) from problem
    if len(indicator.dropped):
        first = indicator.dropped.iloc[0]
        raise DataProblem(str(data_path), f"{len(indicator.dropped)} row(s) cannot be used, e.g. row {first['Row']}: "
                          f"{first['Why it was not used']}.", fix)
    table = indicator.table.rename(columns={"name": "area_name"})
    return table.assign(key=indicator.key.replace("own:", "local:", 1), name=meta.name, unit=meta.unit, period=meta.period,
                        domain=meta.domain, polarity=meta.polarity, source=meta.source, measure=meta.measure,
                        geography=indicator.geography, input_geography=indicator.input_geography,
                        derivation=indicator.derivation, file=data_path.name, rows_read=indicator.rows_read,
                        rows_used=indicator.rows_used, scale=np.nan if indicator.scale is None else indicator.scale)[LOCAL_COLUMNS]


def local_indicators(table: pd.DataFrame) -> list[OwnIndicator]:
    """The built local_indicators table back as OwnIndicator objects (permanent, for every user)."""
    out = []
    for key, rows in table.groupby("key", sort=False):
        first = rows.iloc[0]
        meta = Metadata(*(str(first[f]) for f in ("name", "unit", "period", "domain", "polarity", "source", "measure")))
        values = rows.rename(columns={"area_name": "name"})[["code", "name", "value", "numerator", "denominator"]].reset_index(drop=True)
        out.append(OwnIndicator(str(key), meta, str(first["geography"]), str(first["input_geography"]), values,
                                None if pd.isna(first["scale"]) else float(first["scale"]), str(first["derivation"]),
                                str(first["file"]), int(first["rows_read"]), int(first["rows_used"]),
                                pd.DataFrame(columns=["Row", "Area as given", "Why it was not used"]), permanent=True))
    return out


# --- tables for the map, the page and exports -----------------------------------------------------

def area_table(indicator: OwnIndicator, n_bands: int) -> pd.DataFrame:
    """One row per LSOA or ward with a figure: code, name, value (and its counts), band within the borough."""
    table = indicator.table.dropna(subset=["value"])
    band = bands(indicator, n_bands)
    out = pd.DataFrame({"Code": table["code"], "Area": table["name"], "Value": table["value"].round(3)})
    if indicator.scale is not None:
        out = out.assign(Numerator=table["numerator"], Denominator=table["denominator"])
    labels = {b: band_label(b, n_bands, indicator.meta.polarity) for b in range(1, n_bands + 1)}
    return out.assign(**{"Band within the borough": table["code"].map(band).map(labels)}).reset_index(drop=True)


def export_table(indicator: OwnIndicator, n_bands: int) -> pd.DataFrame:
    """area_table for a CSV export, with what the indicator is and how its figures were made on every row; an LSOA's
    name under editions.NEIGHBOURHOOD_HEADING, as every table gives it. Where the figures come from is the export's
    provenance columns (OwnIndicator.provenance and source_ids)."""
    meta = indicator.meta
    noun = UNIT_NOUN[indicator.geography]
    name = NEIGHBOURHOOD_HEADING if noun == "LSOA" else f"{noun.capitalize()} name"
    return area_table(indicator, n_bands).rename(columns={"Code": f"{noun} code", "Area": name}).assign(
        Indicator=meta.name, Unit=meta.unit, Period=meta.period, Domain=meta.domain,
        **{"How the figures were made": indicator.derivation})
