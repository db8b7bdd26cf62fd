"""Shareable views in Streamlit: validate a page's query parameters, say what was dropped, and hand
valid values to the page's URL-bound widgets.

How a page uses it (see pages/area_profile.py):

    state = url_state("profile", PARAMS)              # before the widgets
    edition = st.radio(..., key="edition", bind="query-params")

Widgets bound with `bind="query-params"` (Streamlit >= 1.55) keep the URL in step with what is on
screen and restore it from a pasted link, back and forward included; their key is the parameter name
and their label is what the URL holds. Streamlit silently drops a value that is not one of a widget's
labels, so this glue runs first: it checks the raw parameters (fsot_data.url_state.parse_query), shows
one short notice per problem, and rewrites the URL in the form the widgets read: values given in another
accepted form (a ward code rather than its name, other letter case) as labels, and parameters the page
does not use, or cannot use, removed.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.errors import StreamlitAPIException

from fsot_data.url_state import Param, parse_query, to_query
from ui.data import authority_param

_SHOWN = "_url_state_notices_shown"
_PENDING = "_url_state_pending_notices"
_PAGE = "_url_state_page"  # the page of the last run, to tell arriving at a page (with a link) from a rerun on it


def url_state(page_key: str, params: Sequence[Param]) -> dict:
    """The page's state from the URL (defaults where absent or invalid); call before its widgets.

    A link in any other form than the one the page writes (a ward code, other letter case, a bad or
    unknown parameter) is rewritten to that form and the page run again, its notices kept for that run:
    a bound widget reads only its own labels from the URL and would drop the rest, in whole or in part.
    Notices are for links, so only on arriving at the page: later, Streamlit itself may write a value
    left by another page's widget of the same key, which is tidied away without a word."""
    params = [authority_param(), *params]  # every page keeps the link's authority (the router's picker)
    raw = {name: st.query_params.get_all(name) for name in st.query_params}
    state, notices = parse_query(raw, params)
    arrived = st.session_state.get(_PAGE) != page_key
    st.session_state[_PAGE] = page_key
    if not arrived:  # after the first run on a page the URL is the app's own (its widgets write it): no notices
        notices = []
    if _tidy_url(raw, to_query(state, params)):
        st.session_state[_PENDING] = (page_key, notices)
        st.rerun()
    pending_page, pending = st.session_state.pop(_PENDING, (None, []))
    shown = st.session_state.setdefault(_SHOWN, set())
    for notice in (pending if pending_page == page_key else []) + notices:
        if (page_key, notice) not in shown:
            st.info(notice, icon=":material/link_off:")
            shown.add((page_key, notice))
    return state


def _tidy_url(raw: dict[str, list[str]], wanted: dict[str, str | list[str]]) -> bool:
    """Rewrite the URL as the page writes it: labels for valid values; defaults, invalid values and parameters
    the page does not use left out. True if the URL changed."""
    changed = False
    for name, given in raw.items():
        value = wanted.get(name)
        if given == ([value] if isinstance(value, str) else value):
            continue
        try:
            if value is None:
                del st.query_params[name]
            else:
                st.query_params[name] = value
            changed = True
        except (KeyError, StreamlitAPIException):  # bound to another page's widget: Streamlit clears it
            pass
    return changed
