"""Reading a source CSV so that every way it can fail becomes one clear DataProblem."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pandas as pd

from datafiles.errors import DataProblem

FETCH_AGAIN = "delete it and fetch it again (python -m fsot_data fetch)."


def read_csv_text(path: Path, what: str, required: tuple[str, ...] | list[str] = (), blank_as_missing: bool = True) -> pd.DataFrame:
    """Read a CSV with every column as text and headers stripped; check the required columns are there.

    `what` names the file for people ("postcode lookup"); blanks become NaN unless blank_as_missing is False.
    """
    file = str(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""] if blank_as_missing else None,
                            encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise DataProblem(file, f"the {what} is missing.",
                          "run `python -m fsot_data fetch`, or set FSOT_SOURCES to a folder laid out like ../shared/data.") from error
    except (EOFError, OSError, UnicodeDecodeError, gzip.BadGzipFile, zlib.error,
            pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DataProblem(file, f"the {what} cannot be read ({type(error).__name__}: {error}); it is truncated or corrupt.",
                          FETCH_AGAIN) from error
    if _ends_mid_row(Path(path)):
        raise DataProblem(file, f"the {what} ends in the middle of a row: the file is truncated.", FETCH_AGAIN)
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataProblem(file, f"required columns are missing from the {what}: {', '.join(missing)}.",
                          f"check the file is the {what} named in fsot_data/sources.toml, or fetch it again.")
    return frame


def _ends_mid_row(path: Path) -> bool:
    """A plain CSV that was cut off usually lacks its final newline (gzip files report truncation themselves)."""
    if path.suffix == ".gz":
        return False
    with open(path, "rb") as stream:
        stream.seek(0, 2)
        if stream.tell() == 0:
            return False
        stream.seek(-1, 2)
        return stream.read(1) not in (b"\n", b"\r")
