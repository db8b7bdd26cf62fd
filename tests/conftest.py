"""Shared fixtures: the real sources folder, and a clean Streamlit cache for every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The real sources folder (FSOT_SOURCES; CI points it at ../shared/data). Missing means fail, not skip."""
    folder = Path(os.environ.get("FSOT_SOURCES", Path(__file__).resolve().parent.parent / "sources"))
    if not (folder / "iod").is_dir():
        pytest.fail(f"sources folder {folder} has no iod/ folder: set FSOT_SOURCES to a folder laid out like ../shared/data")
    return folder


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """AppTest runs share the process: start each test with empty st.cache_data / st.cache_resource."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture(scope="module")
def data():
    """The built tables (FSOT_BUILD, made by `python -m fsot_data build` in the set-up), read through Datasets."""
    from fsot_data.datasets import Datasets

    return Datasets()
