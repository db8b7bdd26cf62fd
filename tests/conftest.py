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


@pytest.fixture(scope="module")
def compared(data):
    """Every indicator against its comparator for the borough (indicators.compare_to_england), for the gap tests."""
    from fsot_data.indicators import compare_to_england

    return compare_to_england(data.indicators(), data.lad_code)


TEES_VALLEY = ("E06000001", "E06000002", "E06000003", "E06000004", "E06000005")


@pytest.fixture(scope="session")
def tees_valley_build(tmp_path_factory, sources_dir) -> Path:
    """The five Tees Valley authorities built from the sources, once a session, each into <folder>/<LAD code>
    as `python -m fsot_data build` does with FSOT_LAD listing them (about 15 s an authority)."""
    from fsot_data.build import build_all

    root = tmp_path_factory.mktemp("tees-valley-build")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FSOT_SOURCES", str(sources_dir))
        patch.setenv("FSOT_BUILD", str(root))
        build_all(list(TEES_VALLEY), report=lambda _: None)
    return root
