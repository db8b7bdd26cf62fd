"""Say so when a page came back on a server that did not have its session (streamlit/streamlit#4297).

Behind a balancer, a browser whose app process stopped (a restart, a crash, a deployment) reconnects to another
process, which starts a new session: the page comes back as its link and widgets describe it, but whatever the old
process held for that tab (a postcode found, an area clicked, an upload) is gone. The front end tells the new
process about the lost session: the WebSocket handshake's Sec-WebSocket-Protocol header carries the previous
session's id as its third entry, and is empty there on a first visit or a reload. A reconnect to a process that
still has the session keeps its state, so the notice only ever appears when something was lost.
"""

from __future__ import annotations

import streamlit as st

_SEEN = "_reconnect_session_seen"
NOTICE = ("The connection to the server was lost, so this page was reset to what its address holds: find a postcode "
          "or pick an area again if you had.")


def came_back_without_its_session(protocol_header: str | None) -> bool:
    """True if the handshake names a previous session (the front end reconnecting), given this session is new."""
    entries = [entry.strip() for entry in (protocol_header or "").split(",")]
    return len(entries) >= 3 and bool(entries[2])


def tell_if_session_was_lost() -> None:
    """On a session's first run only: a lasting toast if the browser had a session this process does not know."""
    if st.session_state.get(_SEEN):
        return
    st.session_state[_SEEN] = True
    if came_back_without_its_session(st.context.headers.get("Sec-WebSocket-Protocol")):
        st.toast(NOTICE, icon=":material/sync_problem:", duration="infinite")
