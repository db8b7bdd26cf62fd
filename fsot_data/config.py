"""Where sources and built tables live, from environment variables with project-local defaults.

FSOT_SOURCES   folder laid out like ../shared/data (CI points it there); default ./sources
FSOT_BUILD     folder for app-ready Parquet/GeoParquet tables; default ./build
FSOT_LAD       local authority to build for; default E06000004 (Stockton-on-Tees)
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


def lad_code() -> str:
    return os.environ.get("FSOT_LAD", DEFAULT_LAD_CODE)
