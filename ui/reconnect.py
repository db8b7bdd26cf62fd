"""Say so when a page came back on a server that did not have its session (streamlit/streamlit#4297).

Behind a balancer, a browser whose app process stopped (a restart, a crash, a deployment) reconnects to another
process, which starts a new session: the page comes back as its link and widgets describe it, but whatever the old
process held for that tab (a postcode found, an area clicked, an upload) is gone. The front end tells the new
process about the lost session: the WebSocket handshake's Sec-WebSocket-Protocol header carries the previous
session's id as its third entry, and is empty there on a first visit or a reload. A reconnect to a process that
still has the session keeps its state, so the notice only ever appears when something was lost.

The front end asks for a script run after reconnecting only if a run was under way or the page has a fragment that
reruns on a timer (Streamlit 1.67, App.handleConnectionStateChanged); otherwise an idle page would sit on a new,
empty session, showing what the old one drew, with download links to files that died with it, until the next
click. So every page carries an empty fragment that reruns hourly (a negligible cost): after a reconnect the whole
page runs again at once, on the new process, and says it was reset.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

_SEEN = "_reconnect_session_seen"
NOTICE = "Reconnected to the server: this page was rebuilt from its address. Search again if you had."


def came_back_without_its_session(protocol_header: str | None) -> bool:
    """True if the handshake names a previous session (the front end reconnecting), given this session is new."""
    entries = [entry.strip() for entry in (protocol_header or "").split(",")]
    return len(entries) >= 3 and bool(entries[2])


@st.fragment(run_every=timedelta(hours=1))
def rerun_after_reconnecting() -> None:
    """Call at the end of the page: draws nothing; its timer is what makes the front end rerun the page when its
    connection comes back."""


def tell_if_session_was_lost() -> None:
    """On a session's first run only: a lasting toast if the browser had a session this process does not know."""
    if st.session_state.get(_SEEN):
        return
    st.session_state[_SEEN] = True
    if came_back_without_its_session(st.context.headers.get("Sec-WebSocket-Protocol")):
        st.toast(NOTICE, icon=":material/sync_problem:", duration="infinite")
