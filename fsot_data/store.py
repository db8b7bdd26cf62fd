"""Read the built tables. The app reads only these, never the raw sources."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq

from datafiles.errors import DataProblem
from fsot_data.config import authority_dir

REBUILD = "run `python -m fsot_data build` (the README's run command does this for you)."


def read_artefact(path: Path) -> pd.DataFrame | gpd.GeoDataFrame:
    """A built table: GeoParquet comes back as a GeoDataFrame, plain Parquet as a DataFrame."""
    path = Path(path)
    if not path.is_file():
        raise DataProblem(str(path), "this built table is missing; the data has not been built yet.", REBUILD)
    try:
        metadata = pq.read_schema(path).metadata or {}
        if b"geo" in metadata:
            return gpd.read_parquet(path)
        return pd.read_parquet(path)
    except DataProblem:
        raise
    except Exception as error:  # pyarrow raises ArrowInvalid/OSError for damaged files
        raise DataProblem(str(path), f"this built table is damaged ({type(error).__name__}).",
                          "run `python -m fsot_data build`: it rebuilds damaged tables.") from error


def load(name: str, out_dir: Path | None = None) -> pd.DataFrame | gpd.GeoDataFrame:
    return read_artefact(Path(out_dir or authority_dir()) / f"{name}.parquet")
