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


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """file name -> a callable giving the bytes, for every download button an AppTest run draws: AppTest keeps no
    media server, so this records what each button registers with Streamlit's media file manager (the callable a
    click runs, or the data itself)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    seen: dict = {}
    deferred, static = MediaFileManager.add_deferred, MediaFileManager.add

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        seen[file_name] = data_callable
        return deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    def record(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if is_for_static_download:
            seen[file_name] = lambda: path_or_data.encode("utf-8") if isinstance(path_or_data, str) else path_or_data
        return static(self, path_or_data, mimetype, coordinates, file_name, is_for_static_download)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    monkeypatch.setattr(MediaFileManager, "add", record)
    return seen
