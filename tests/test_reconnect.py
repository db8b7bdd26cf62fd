"""Telling a reconnected session from a new one by the WebSocket handshake (ui/reconnect.py)."""

from ui.reconnect import came_back_without_its_session


def test_only_a_handshake_naming_a_previous_session_is_a_reconnect():
    # Sec-WebSocket-Protocol as Streamlit 1.67's front end sends it: "streamlit", the XSRF token, then the id of the
    # session it had (web/server/starlette/starlette_websocket.py, _parse_subprotocols, reads the same positions).
    assert came_back_without_its_session("streamlit, 2|ab12|cd34|1796115509, 7f3e9c1a-5b2d-4e8f-9a61-0c2b3d4e5f60")
    assert not came_back_without_its_session("streamlit, 2|ab12|cd34|1796115509")  # a first visit or a reload
    assert not came_back_without_its_session("streamlit, , ")                        # positions kept, all empty
    assert not came_back_without_its_session("streamlit")
    assert not came_back_without_its_session(None)                                   # no handshake (AppTest)
