"""Postcode look-up: tolerant of case and spacing, precise about what went wrong.

A postcode can be malformed (not a UK postcode shape), unknown (well formed but not in the lookup,
e.g. terminated or outside the area the lookup covers), outside the borough (known, in another
local authority), or found. Each outcome has its own message.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from datafiles.errors import DataProblem
from datafiles.readers import read_csv_text

# The UK postcode shape: outward code (area letters, district digits, optional letter) + inward code.
POSTCODE_SHAPE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
MAX_INPUT_LENGTH = 16


@dataclass(frozen=True)
class PostcodeResult:
    status: str  # "found", "empty", "malformed", "unknown", "outside"
    message: str
    postcode: str | None = None
    row: dict | None = None


def normalise(text: str) -> str | None:
    """'ts18 1aa', ' TS181AA ', 'ＴＳ１８ １ＡＡ' -> 'TS18 1AA'; None when it is not a postcode shape.

    NFKC first: a phone keyboard set to a Japanese, Chinese or Korean layout types full-width letters, digits and
    spaces, which spell the same postcode."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).upper()
    match = POSTCODE_SHAPE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else None


NSPL_COLUMNS = {"pcds": "pcds", "lat": "lat", "long": "lon", "laua": "lad_cd", "lsoa11": "lsoa11cd", "lsoa21": "lsoa21cd",
                "osward": "wd25cd"}


def _read_nspl(path: Path, lad_code: str, lad_name: str, ward_names: dict[str, str]) -> pd.DataFrame:
    """The authority's live postcodes from the ONS National Statistics Postcode Lookup zip (Data/NSPL_*_UK.csv).

    NSPL carries ward codes, not names: names come from the ward boundaries (the code where they lack it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = next((name for name in archive.namelist() if re.search(r"Data/NSPL\w*_UK\.csv$", name)), None)
            if member is None:
                raise DataProblem(str(path), "the zip holds no Data/NSPL_..._UK.csv.",
                                  "check the file is the NSPL download named in fsot_data/sources.toml.")
            with archive.open(member) as stream:
                frame = pd.read_csv(stream, dtype=str, usecols=[*NSPL_COLUMNS, "doterm"], encoding="utf-8-sig")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, pd.errors.ParserError) as error:
        raise DataProblem(str(path), f"the postcode lookup cannot be read ({type(error).__name__}: {error}).",
                          "delete it and fetch it again (python -m fsot_data fetch).") from error
    frame = frame.loc[frame["laua"].eq(lad_code) & frame["doterm"].isna()].rename(columns=NSPL_COLUMNS)
    return frame.assign(lad_nm=lad_name, wd25nm=frame["wd25cd"].map(lambda code: ward_names.get(code, code)))


def read_postcodes(path: Path, lad_code: str, lad_name: str, ward_names: dict[str, str]) -> pd.DataFrame:
    """The postcode table: the Tees Valley extract as it is, or the authority's rows of the national NSPL."""
    required = ["pcds", "lat", "lon", "lad_cd", "lad_nm", "lsoa11cd", "lsoa21cd", "wd25cd", "wd25nm"]
    path = Path(path)
    frame = _read_nspl(path, lad_code, lad_name, ward_names) if path.suffix == ".zip" else read_csv_text(path, "postcode lookup", required)
    out = frame[required].rename(columns={"pcds": "postcode", "lad_cd": "lad_code", "lad_nm": "lad_name",
                                          "lsoa11cd": "lsoa11_code", "lsoa21cd": "lsoa21_code",
                                          "wd25cd": "ward25_code", "wd25nm": "ward25_name"})
    out["postcode"] = out["postcode"].map(lambda p: normalise(p) or p)
    out["lat"] = pd.to_numeric(out["lat"], errors="coerce")
    out["lon"] = pd.to_numeric(out["lon"], errors="coerce")
    return out.drop_duplicates("postcode").reset_index(drop=True).astype({c: "string" for c in out.columns if c not in ("lat", "lon")})


def find(postcodes: pd.DataFrame, text: str, lad_code: str, lad_name: str) -> PostcodeResult:
    """Look a typed postcode up, with a specific message for each way it can fail."""
    raw = "" if text is None else str(text)
    if not raw.strip():
        return PostcodeResult("empty", "Type a postcode, for example TS18 1AA.")
    if len(raw) > MAX_INPUT_LENGTH:
        return PostcodeResult("malformed", "That is too long to be a postcode. A postcode looks like TS18 1AA.")
    postcode = normalise(raw)
    if postcode is None:
        return PostcodeResult("malformed", "That is not a valid UK postcode. A postcode looks like TS18 1AA.")
    match = postcodes.loc[postcodes["postcode"] == postcode]
    if match.empty:
        return PostcodeResult("unknown", f"{postcode} is not in the postcode lookup. It may be mistyped, no longer in use, "
                              f"or outside the area the postcode lookup covers.", postcode)
    row = match.iloc[0].to_dict()
    if row["lad_code"] != lad_code:
        return PostcodeResult("outside", f"{postcode} is in {row['lad_name']}, not in {lad_name}.", postcode, row)
    return PostcodeResult("found", f"{postcode} is in {row['ward25_name']} ward.", postcode, row)
