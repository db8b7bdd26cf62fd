"""Shareable views in Streamlit: validate a page's query parameters, say what was dropped, and hand
valid values to the page's URL-bound widgets.

How a page uses it (see pages/area_profile.py):

    state = url_state("profile", PARAMS)              # before the widgets
    edition = st.radio(..., key="edition", bind="query-params")

Widgets bound with `bind="query-params"` (Streamlit >= 1.55) keep the URL in step with what is on
screen and restore it from a pasted link, back and forward included; their key is the parameter name
and their label is what the URL holds. Streamlit silently drops a value that is not one of a widget's
labels, so this glue runs first: it checks the raw parameters (fsot_data.url_state.parse_query), shows
one short notice per problem, removes parameters the page does not use, and puts values given in
another accepted form (a ward code rather than its name, other letter case) into session state so the
widget starts on them.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.errors import StreamlitAPIException

from fsot_data.url_state import Param, parse_query

_SHOWN = "_url_state_notices_shown"


def url_state(page_key: str, params: Sequence[Param]) -> dict:
    """The page's state from the URL (defaults where absent or invalid); call before its widgets."""
    raw = {name: st.query_params.get_all(name) for name in st.query_params}
    state, notices = parse_query(raw, params)
    for param in params:
        if param.widget and param.name in raw and param.name not in st.session_state and state[param.name] != param.default:
            st.session_state[param.name] = list(state[param.name]) if param.multi else state[param.name]
    known = {param.name for param in params}
    for name in raw:
        if name not in known:
            try:
                del st.query_params[name]
            except (KeyError, StreamlitAPIException):  # bound to another page's widget: Streamlit clears it
                pass
    shown = st.session_state.setdefault(_SHOWN, set())
    for notice in notices:
        if (page_key, notice) not in shown:
            st.info(notice, icon=":material/link_off:")
            shown.add((page_key, notice))
    return state
