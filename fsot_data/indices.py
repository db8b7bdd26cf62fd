"""The Indices of Deprivation: which indices exist, what each edition covers, and how their files read.

One declarative table (INDICES) names every index the explorer knows, with the header stem the
official files use. Readers accept the official File 7 CSV and the assembled stand-ins (same headers,
fewer columns): required columns are checked, optional ones are reported as absent and filled
with NaN so everything downstream can test for data rather than for columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from datafiles.errors import DataProblem
from datafiles.readers import read_csv_text


@dataclass(frozen=True)
class Index:
    key: str
    label: str
    stem: str  # the official File 7 header stem, e.g. "Income" in "Income Rank (where 1 is most deprived)"
    level: str  # "index", "domain", "supplementary" or "sub-domain"
    score_meaning: str = "score"


INDICES: tuple[Index, ...] = (
    Index("imd", "Index of Multiple Deprivation (IMD)", "Index of Multiple Deprivation (IMD)", "index"),
    Index("income", "Income", "Income", "domain", "share of people income-deprived"),
    Index("employment", "Employment", "Employment", "domain", "share of working-age people employment-deprived"),
    Index("education", "Education, Skills and Training", "Education, Skills and Training", "domain"),
    Index("health", "Health Deprivation and Disability", "Health Deprivation and Disability", "domain"),
    Index("crime", "Crime", "Crime", "domain"),
    Index("barriers", "Barriers to Housing and Services", "Barriers to Housing and Services", "domain"),
    Index("living_env", "Living Environment", "Living Environment", "domain"),
    Index("idaci", "Income Deprivation Affecting Children (IDACI)", "Income Deprivation Affecting Children Index (IDACI)",
          "supplementary", "share of children in income-deprived families"),
    Index("idaopi", "Income Deprivation Affecting Older People (IDAOPI)", "Income Deprivation Affecting Older People (IDAOPI)",
          "supplementary", "share of older people income-deprived"),
    Index("cyp", "Children and Young People (sub-domain)", "Children and Young People Sub-domain", "sub-domain"),
    Index("adult_skills", "Adult Skills (sub-domain)", "Adult Skills Sub-domain", "sub-domain"),
    Index("geo_barriers", "Geographical Barriers (sub-domain)", "Geographical Barriers Sub-domain", "sub-domain"),
    Index("wider_barriers", "Wider Barriers (sub-domain)", "Wider Barriers Sub-domain", "sub-domain"),
    Index("indoors", "Indoors Living Environment (sub-domain)", "Indoors Sub-domain", "sub-domain"),
    Index("outdoors", "Outdoors Living Environment (sub-domain)", "Outdoors Sub-domain", "sub-domain"),
)
INDEX_BY_KEY = {index.key: index for index in INDICES}
REQUIRED_INDEX_KEYS = ("imd", "income", "employment", "education", "health", "crime", "barriers", "living_env")
MEASURES = ("score", "rank", "decile")
ID_COLUMNS = ("lsoa_code", "lsoa_name", "lad_code", "lad_name")
# File 10 weights the Employment domain, IDACI and IDAOPI by their own denominators (see measures.py).
POPULATION_HEADERS = {
    "population": "Total population",
    "population_children": "Dependent Children aged 0-15",
    "population_older": "Older population aged 60 and over",
    "population_working_age": "Working age population",
}

LSOA_CODE = re.compile(r"^E01\d{6}$")
LAD_CODE = re.compile(r"^E0[6-9]\d{6}$")


def column(key: str, measure: str) -> str:
    """The standard column name for one index measure, e.g. column("imd", "decile") == "imd_decile"."""
    return f"{key}_{measure}"


def _find(headers: list[str], prefix: str) -> str | None:
    for header in headers:
        if header.strip().startswith(prefix):
            return header
    return None


def read_iod_lsoa(path: Path, edition: str, expected_rows: int | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Read a File-7-layout LSOA table into standard columns; return it with the list of absent columns."""
    path = Path(path)
    frame = read_csv_text(path, f"IoD{edition} LSOA table")
    headers = list(frame.columns)
    vintage = "2011" if edition in ("2015", "2019") else "2021"
    wanted: dict[str, str | None] = {
        "lsoa_code": _find(headers, f"LSOA code ({vintage})"),
        "lsoa_name": _find(headers, f"LSOA name ({vintage})"),
        "lad_code": _find(headers, "Local Authority District code"),
        "lad_name": _find(headers, "Local Authority District name"),
    }
    wanted.update({name: _find(headers, prefix) for name, prefix in POPULATION_HEADERS.items()})
    for index in INDICES:
        for measure in MEASURES:
            wanted[column(index.key, measure)] = _find(headers, f"{index.stem} {measure.capitalize()}")
    required = ["lsoa_code", "lsoa_name", "lad_code", "imd_score"] + [
        column(key, m) for key in REQUIRED_INDEX_KEYS for m in ("rank", "decile")]
    missing = [name for name in required if wanted[name] is None]
    if missing:
        raise DataProblem(
            str(path), f"required columns are missing: {', '.join(missing)} (this does not look like an IoD{edition} File 7 table "
                       f"for LSOA {vintage}).",
            "replace it with the official File 7 CSV from the publisher (python -m fsot_data fetch), or check FSOT_SOURCES points at "
            "the right folder.")
    out = pd.DataFrame(index=frame.index)
    absent = []
    for name, header in wanted.items():
        if header is None:
            absent.append(name)
            out[name] = "" if name == "lad_name" else np.nan
        elif name in ("lsoa_code", "lsoa_name", "lad_code", "lad_name"):
            out[name] = frame[header].astype("string").str.strip()
        else:
            out[name] = _numeric(frame[header], path, header)
    validate_lsoa_table(out, path, expected_rows)
    return out, absent


def _numeric(values: pd.Series, path: Path, header: str) -> pd.Series:
    converted = pd.to_numeric(values, errors="coerce")
    bad = converted.isna() & values.notna()
    if bad.any():
        example = values[bad].iloc[0]
        raise DataProblem(str(path), f"column '{header}' has {int(bad.sum())} non-numeric values (e.g. {example!r}).",
                          "the file is damaged or not the published table; fetch it again.")
    return converted.astype("float64")


def validate_lsoa_table(table: pd.DataFrame, path: Path, expected_rows: int | None) -> None:
    """Schema checks every LSOA index table must pass before anything is built from it."""
    n = len(table)
    if expected_rows is not None and n != expected_rows:
        raise DataProblem(str(path), f"has {n:,} LSOA rows; the published table has {expected_rows:,}, so the file is truncated "
                                     "or is the wrong edition.",
                          "fetch it again (python -m fsot_data fetch).")
    _check_codes(table, "lsoa_code", LSOA_CODE, "LSOA codes are not English LSOA codes", path)
    duplicated = table["lsoa_code"].duplicated()
    if duplicated.any():
        raise DataProblem(str(path), f"LSOA code {table.loc[duplicated, 'lsoa_code'].iloc[0]} appears more than once.",
                          "fetch a clean copy of the file.")
    _check_codes(table, "lad_code", LAD_CODE, "local authority codes are malformed", path)
    for index in INDICES:
        deciles = table[column(index.key, "decile")]
        if deciles.notna().any() and (not deciles.dropna().isin(range(1, 11)).all() or deciles.isna().any()):
            raise DataProblem(str(path), f"{index.label} deciles must all be whole numbers from 1 to 10.",
                              "fetch a clean copy of the file.")
        ranks = table[column(index.key, "rank")]
        if ranks.notna().any() and expected_rows is not None and not is_competition_ranking(ranks):
            raise DataProblem(str(path), f"{index.label} ranks must run 1..{n:,}, each rank once except equal scores sharing a rank.",
                              "fetch a clean copy of the file.")


def _check_codes(table: pd.DataFrame, column_name: str, pattern: re.Pattern, complaint: str, path: Path) -> None:
    bad = ~table[column_name].fillna("").str.match(pattern)
    if bad.any():
        raise DataProblem(str(path), f"{int(bad.sum())} {complaint} (e.g. {table.loc[bad, column_name].iloc[0]!r}).",
                          "check the file is the English Indices of Deprivation LSOA table, or fetch a clean copy.")


def is_competition_ranking(ranks: pd.Series) -> bool:
    """True when ranks are 1..N with ties sharing a rank and the next rank skipping ("1224"), as MHCLG ranks equal scores."""
    if ranks.isna().any():
        return False
    ordered = np.sort(ranks.to_numpy())
    position = np.arange(1, len(ordered) + 1)
    tied = np.r_[False, ordered[1:] == ordered[:-1]]
    return bool(((ordered == position) | tied).all())


# --- Local authority summaries (File 10) ---------------------------------------------------------

SUMMARY_MEASURES = {  # measure key -> header ending, after _normalise_header; "rank of" forms are tried first
    "rank_of_average_rank": "rank of average rank",
    "rank_of_average_score": "rank of average score",
    "rank_of_proportion_10pct": "rank of proportion of lsoas in most deprived 10% nationally",
    "rank_of_extent": "rank of extent",
    "rank_of_local_concentration": "rank of local concentration",
    "rank_of_scale": "scale rank",
    "average_rank": "average rank",
    "average_score": "average score",
    "proportion_10pct": "proportion of lsoas in most deprived 10% nationally",
    "extent": "extent",
    "local_concentration": "local concentration",
    "scale": "scale",
}
_SNAKE_PREFIX = {"imd": ("imd_", "imd25_"), "income": ("income_",), "employment": ("employment_",),
                 "education": ("education_skills_and_training_",), "health": ("health_deprivation_and_disability_",),
                 "crime": ("crime_",), "barriers": ("barriers_to_housing_and_services_",), "living_env": ("living_environment_",)}


def _normalise_header(header: str) -> str:
    """Official ("IMD - Rank of extent ") and flattened ("imd25_rank_of_extent") headers in one form."""
    text = " ".join(header.strip().lower().replace("_", " ").replace("lso as", "lsoas").replace("10 percent", "10%").split())
    # "Rank of Income Scale" / "rank of income scale" -> "... scale rank", so it cannot read as a plain scale
    if text.startswith("rank of") and text.endswith("scale"):
        text += " rank"
    return text


def _measure_of(header: str) -> str | None:
    text = _normalise_header(header)
    for measure, ending in SUMMARY_MEASURES.items():
        if text.endswith(ending):
            return measure
    return None


def read_lad_summaries(path: Path, expected_rows: int | None = None) -> pd.DataFrame:
    """Official LA summaries (File 10 xlsx, or its flattened CSV) as a tidy table.

    Columns: lad_code, lad_name, index, measure, value. Measures are the keys of SUMMARY_MEASURES.
    """
    path = Path(path)
    records: list[pd.DataFrame] = []
    if path.suffix.lower() in (".xlsx", ".xls"):
        try:
            sheets = pd.read_excel(path, sheet_name=None)
        except Exception as error:  # openpyxl raises many types for damaged workbooks
            raise DataProblem(str(path), f"the workbook cannot be opened ({type(error).__name__}); it is truncated or corrupt.",
                              "delete it and fetch it again (python -m fsot_data fetch).") from error
        for sheet_name, sheet in sheets.items():
            key = _sheet_index(sheet_name)
            if key is None or sheet.empty:
                continue
            records.append(_tidy_summary(sheet, {key: list(sheet.columns[2:])}, path))
    else:
        frame = read_csv_text(path, "local authority summaries")
        by_index: dict[str, list[str]] = {}
        for header in frame.columns[2:]:
            key = next((k for k, prefixes in _SNAKE_PREFIX.items() if header.startswith(prefixes)), None)
            if key is None and header.startswith("rank_of_"):
                key = next((k for k in ("income", "employment") if header == f"rank_of_{k}_scale"), None)
            if key is not None:
                by_index.setdefault(key, []).append(header)
        records.append(_tidy_summary(frame, by_index, path))
    if not records:
        raise DataProblem(str(path), "contains no recognisable local authority summary sheets.", "fetch the official File 10 again.")
    tidy = pd.concat(records, ignore_index=True)
    n = tidy["lad_code"].nunique()
    if expected_rows is not None and n != expected_rows:
        raise DataProblem(str(path), f"covers {n} local authorities; the published summaries cover {expected_rows}.",
                          "fetch the file again; it is truncated or the wrong edition.")
    if "imd" not in set(tidy["index"]) or "proportion_10pct" not in set(tidy["measure"]):
        raise DataProblem(str(path), "has no IMD proportion-in-most-deprived-10% column.", "fetch the official File 10 again.")
    return tidy


def _sheet_index(sheet_name: str) -> str | None:
    name = sheet_name.strip().lower()
    for key, words in (("imd", ("imd",)), ("income", ("income",)), ("employment", ("employment",)),
                       ("education", ("education",)), ("health", ("health",)), ("crime", ("crime",)),
                       ("barriers", ("barriers",)), ("living_env", ("living",)), ("idaci", ("idaci",)),
                       ("idaopi", ("idaopi",))):
        if any(name.startswith(w) for w in words):
            return key
    return None


def _tidy_summary(frame: pd.DataFrame, headers_by_index: dict[str, list[str]], path: Path) -> pd.DataFrame:
    code_col, name_col = frame.columns[0], frame.columns[1]
    parts = []
    for key, headers in headers_by_index.items():
        for header in headers:
            measure = _measure_of(str(header))
            if measure is None:
                continue
            parts.append(pd.DataFrame({
                "lad_code": frame[code_col].astype("string").str.strip(),
                "lad_name": frame[name_col].astype("string").str.strip(),
                "index": key, "measure": measure,
                "value": _numeric(frame[header].astype("string"), path, str(header)),
            }))
    if not parts:
        return pd.DataFrame(columns=["lad_code", "lad_name", "index", "measure", "value"])
    tidy = pd.concat(parts, ignore_index=True)
    bad = ~tidy["lad_code"].fillna("").str.match(LAD_CODE)
    if bad.any():
        raise DataProblem(str(path), f"{int(bad.sum())} local authority codes are malformed (e.g. {tidy.loc[bad, 'lad_code'].iloc[0]!r}).",
                          "fetch the official File 10 again.")
    return tidy


# --- IoD2015 IMD (for the longer view) ------------------------------------------------------------

def read_iod2015(path: Path, expected_rows: int | None = None) -> pd.DataFrame:
    """IoD2015 IMD rank, decile and (where the file has it) score, on LSOA 2011, with the LSOA's district (2013)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        try:
            sheets = pd.read_excel(path, sheet_name=None, dtype=str)
        except Exception as error:
            raise DataProblem(str(path), f"the workbook cannot be opened ({type(error).__name__}).", "fetch it again.") from error
        frame = next(s for name, s in sheets.items() if name.strip().lower() != "notes")
    else:
        frame = read_csv_text(path, "IoD2015 IMD table")
    headers = list(frame.columns)
    code = _find(headers, "LSOA code (2011)") or _find(headers, "lsoa11_code")
    rank = _find(headers, "Index of Multiple Deprivation (IMD) Rank") or _find(headers, "IMD_rank") or _find(headers, "IMD Rank")
    decile = _find(headers, "Index of Multiple Deprivation (IMD) Decile") or _find(headers, "IMD_decile") or _find(headers, "IMD Decile")
    score = _find(headers, "Index of Multiple Deprivation (IMD) Score") or _find(headers, "IMD_score")
    lad = _find(headers, "Local Authority District code (2013)") or _find(headers, "lad13_code")
    if not (code and rank and decile):
        raise DataProblem(str(path), "needs LSOA code, IMD rank and IMD decile columns.", "fetch the IoD2015 File 1 again.")
    out = pd.DataFrame({"lsoa_code": frame[code].astype("string").str.strip(),
                        "lad_code": frame[lad].astype("string").str.strip() if lad else pd.NA,
                        "imd_rank": _numeric(frame[rank], path, rank),
                        "imd_decile": _numeric(frame[decile], path, decile),
                        "imd_score": _numeric(frame[score], path, score) if score else np.nan})
    if expected_rows is not None and len(out) != expected_rows:
        raise DataProblem(str(path), f"has {len(out):,} rows; expected {expected_rows:,}.", "fetch it again.")
    return out
