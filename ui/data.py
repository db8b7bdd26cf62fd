"""Cached access to the data layer for the authority on screen, and the one way a data problem is shown to a user.

A deployment serves the authorities FSOT_LAD lists, each built in its own folder; the authority on
screen is the picker's (part of the shareable link, ?la=<name>), else the first listed. Every cache of
built tables is keyed by that folder, so one authority's tables never reach another's pages.
"""

from __future__ import annotations

import logging

import streamlit as st

from datafiles.errors import DataProblem
from fsot_data.build import read_manifest
from fsot_data.config import authority_dir, lad_codes
from fsot_data.datasets import Datasets
from fsot_data.url_state import Param

AUTHORITY_KEY = "la"  # the picker's key and query parameter

log = logging.getLogger("fsot")


@st.cache_resource(show_spinner="Loading the data…")
def _datasets(folder: str) -> Datasets:
    return Datasets(folder)


@st.cache_resource(show_spinner=False, ttl=60)
def served_authorities() -> dict[str, str]:
    """Code -> name of each authority this deployment serves (FSOT_LAD), from its build's manifest."""
    return {code: read_manifest(authority_dir(code)).get("lad_name", code) for code in lad_codes()}


def authority_param() -> Param:
    """The authority in a shared link: one of those served, the first by default."""
    served = served_authorities()
    return Param(AUTHORITY_KEY, "local authority", served, default=next(iter(served)))


def current_authority() -> str:
    chosen = st.session_state.get(AUTHORITY_KEY)
    return chosen if chosen in served_authorities() else lad_codes()[0]


def authority_picker() -> None:
    """A sidebar choice of authority, bound to the link, when the deployment serves more than one."""
    served = served_authorities()
    if len(served) > 1:
        st.sidebar.selectbox("Local authority", options=list(served), format_func=served.get, key=AUTHORITY_KEY,
                             bind="query-params")


def datasets() -> Datasets:
    """The shared, lazily loaded tables of the authority on screen (one instance per build folder, across all sessions)."""
    return _datasets(str(authority_dir(current_authority())))


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
