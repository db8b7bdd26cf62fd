"""A browser's Streamlit session without the browser: Streamlit's own WebSocket protocol, for load tests.

A session does what the front end does on the wire: it loads the page over HTTP (so a balancer's affinity cookie
and Streamlit's XSRF cookie are set, as in a browser), opens `/_stcore/stream`, asks for a script run with a
`BackMsg.rerun_script` (page name, query string, widget values) and reads `ForwardMsg`s until the run reports
`script_finished`. It keeps the widgets the server described (label -> id and kind), so a step can change one
by its label, as a person would. Elements are not drawn: the cost measured is the server's, not a browser's.
The message classes are the ones the `streamlit` package ships (streamlit.proto).
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
# Widget kinds (the element's proto field) and the WidgetState field the front end fills for each (Streamlit 1.67).
VALUE_FIELD = {"selectbox": "string_value", "radio": "string_value", "text_input": "string_value",
               "checkbox": "bool_value", "button": "trigger_value", "multiselect": "string_array_value"}


class StepFailed(Exception):
    """A step's reply was not what a working page sends (an exception shown, an element missing, no reply)."""


@dataclass
class Widget:
    kind: str   # the element's field name: selectbox, radio, text_input, button, ...
    id: str
    options: list[str]


@dataclass
class RunReply:
    """What one script run sent back."""

    seconds: float                       # from the request to script_finished
    bytes: int
    elements: list[tuple[str, str]]      # (kind, text: a label, a body or a component name), in arrival order
    exceptions: list[str]
    page_not_found: bool

    def has(self, kind: str, text: str = "") -> bool:
        return any(k == kind and text in t for k, t in self.elements)


@dataclass
class ProtocolSession:
    base_url: str                        # e.g. http://127.0.0.1:8501 (a process, or the balancer)
    page: str = ""                       # url path of the page ("map"); "" for the default page
    query: str = ""
    widgets: dict[str, Widget] = field(default_factory=dict)   # by label
    values: dict[str, WidgetState] = field(default_factory=dict)
    cookies: CookieJar = field(default_factory=CookieJar)
    _socket: object = None

    def _cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.cookies)

    def _load_page_html(self) -> None:
        """GET the page, as a browser does first: the balancer's affinity cookie and Streamlit's XSRF cookie arrive."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.cookies))
        with opener.open(f"{self.base_url}/{self.page}", timeout=60) as response:
            response.read()

    async def open(self, timeout_s: float = 120.0) -> RunReply:
        """Load the page and run it, as opening a link does."""
        await asyncio.to_thread(self._load_page_html)
        parts = urlsplit(self.base_url)
        xsrf = next((c.value for c in self.cookies if c.name == "_streamlit_xsrf"), "")
        self._socket = await connect(
            f"ws://{parts.netloc}/_stcore/stream", subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
            origin=self.base_url, additional_headers={"Cookie": self._cookie_header()}, max_size=None,
            open_timeout=timeout_s, proxy=None, ping_interval=None)  # browsers never ping; the server pings them
        return await self._run(timeout_s)

    async def change(self, label: str, value, timeout_s: float = 120.0) -> RunReply:
        """Set a widget by its label (an option's label for a select or radio) and wait for the rerun."""
        widget = self.widgets.get(label)
        if widget is None:
            raise StepFailed(f"no widget labelled {label!r}; have {sorted(self.widgets)}")
        state = WidgetState(id=widget.id)
        setattr(state, VALUE_FIELD[widget.kind], value)
        self.values[widget.id] = state
        return await self._run(timeout_s, triggers=[state] if widget.kind == "button" else [])

    async def submit_form(self, field_label: str, text: str, button_label: str, timeout_s: float = 120.0) -> RunReply:
        """Type into a form's text field and press its submit button: both values go in one rerun, as in a browser."""
        field_widget, button = self.widgets.get(field_label), self.widgets.get(button_label)
        if field_widget is None or button is None:
            raise StepFailed(f"form widgets {field_label!r} / {button_label!r} not on the page; have {sorted(self.widgets)}")
        self.values[field_widget.id] = WidgetState(id=field_widget.id, string_value=text)
        return await self._run(timeout_s, triggers=[WidgetState(id=button.id, trigger_value=True)])

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def _run(self, timeout_s: float, triggers: list[WidgetState] = ()) -> RunReply:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query
        rerun.page_name = self.page
        rerun.widget_states.widgets.extend([*self.values.values(), *triggers])
        rerun.context_info.timezone = "Europe/London"
        rerun.context_info.locale = "en-GB"
        rerun.context_info.url = f"{self.base_url}/{self.page}"
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        reply = RunReply(0.0, 0, [], [], False)
        try:
            async with asyncio.timeout(timeout_s):
                while True:
                    data = await self._socket.recv()
                    reply.bytes += len(data)
                    forward = ForwardMsg()
                    forward.ParseFromString(data)
                    kind = forward.WhichOneof("type")
                    if kind == "delta":
                        self._read_delta(forward, reply)
                    elif kind == "page_not_found":
                        reply.page_not_found = True
                    elif kind == "page_info_changed":  # the app rewrote the URL (a tidied link): keep it, as the browser does
                        self.query = forward.page_info_changed.query_string
                    elif kind == "script_finished" and forward.script_finished in FINISHED:
                        break
        except TimeoutError as error:
            raise StepFailed(f"no script_finished within {timeout_s:.0f} s") from error
        reply.seconds = time.perf_counter() - started
        return reply

    def _read_delta(self, forward: ForwardMsg, reply: RunReply) -> None:
        delta = forward.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        proto = getattr(element, kind)
        if kind == "exception":
            reply.exceptions.append(f"{proto.type}: {proto.message}")
        text = proto.component_name if kind == "component_instance" else getattr(proto, "label", "") or getattr(proto, "body", "")
        reply.elements.append((kind, text))
        if kind in VALUE_FIELD and getattr(proto, "id", ""):
            self.widgets[proto.label] = Widget(kind, proto.id, list(getattr(proto, "options", [])))
