"""Where sources and built tables live, from environment variables with project-local defaults.

FSOT_SOURCES   folder laid out like ../shared/data (CI points it there); default ./sources
FSOT_BUILD     folder for app-ready Parquet/GeoParquet tables, one sub-folder per authority; default ./build
FSOT_LAD       local authority district(s) (2024 codes) to build and serve, a comma list; the first is the
               default authority of the app; default E06000004 (Stockton-on-Tees)
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LAD_CODE = "E06000004"


def sources_dir() -> Path:
    return Path(os.environ.get("FSOT_SOURCES", PROJECT_ROOT / "sources")).expanduser().resolve()


def build_dir() -> Path:
    return Path(os.environ.get("FSOT_BUILD", PROJECT_ROOT / "build")).expanduser().resolve()


def lad_codes() -> list[str]:
    """The authorities this deployment serves, in the order given (FSOT_LAD="E06000001,E06000002")."""
    codes = [code.strip().upper() for code in os.environ.get("FSOT_LAD", DEFAULT_LAD_CODE).split(",") if code.strip()]
    return list(dict.fromkeys(codes)) or [DEFAULT_LAD_CODE]


def authority_dir(lad: str | None = None) -> Path:
    """Where one authority's tables are built: its own sub-folder of the build folder, so no table is shared."""
    return build_dir() / (lad or lad_codes()[0])
