"""Cached access to the data layer, and the one way a data problem is shown to a user."""

from __future__ import annotations

import logging

import streamlit as st

from datafiles.errors import DataProblem
from fsot_data.config import build_dir
from fsot_data.datasets import Datasets

log = logging.getLogger("fsot")


@st.cache_resource(show_spinner="Loading the data…")
def _datasets(folder: str) -> Datasets:
    return Datasets(folder)


def datasets() -> Datasets:
    """The shared, lazily loaded tables (one instance per build folder, across all sessions)."""
    return _datasets(str(build_dir()))


def show_problem(problem: DataProblem) -> None:
    """A clear, specific message in place of the page, then stop this run (nothing else is lost)."""
    log.error("data problem: %s", problem)
    st.error(f"**The data for this page could not be loaded.**\n\n"
             f"- File: `{problem.file}`\n- Problem: {problem.problem}\n- How to fix: {problem.fix}")
    st.stop()


def guarded(load, *args, **kwargs):
    """Call a data function; on a DataProblem show the message and stop the page."""
    try:
        return load(*args, **kwargs)
    except DataProblem as problem:
        show_problem(problem)
