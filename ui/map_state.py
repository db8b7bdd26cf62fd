"""The deprivation map page's state: one selected LSOA and one focus, changed only through named operations.

The selected LSOA (outlined, its profile shown) and the focus (what the map zooms to: a ward, or an LSOA) are
each a `Place` that remembers its edition, because an LSOA or ward code belongs to one edition's geography.
The focused ward is also the ward picker's value (bound to the URL as ``ward``); only `focus_ward` and
`clear_focus` write it, so the picker, the link and the zoom always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from fsot_data.editions import CHANGE_EDITIONS, DEFAULT_EDITION

VIEW_KEY = "view"
EDITION_KEY = "edition"
WARD_KEY = "ward"
SELECTED_KEY = "map_selected"
FOCUS_KEY = "map_focus"
NOTICE_KEY = "map_notice"


@dataclass(frozen=True)
class Place:
    kind: str  # "lsoa" or "ward"
    edition: str  # the edition whose geography the code belongs to
    code: str
    via: str = "map"  # how it was chosen: "map", "table", "postcode", "link", "picker"


def edition_on_map(view: str | None, edition: str | None) -> str:
    """The edition whose LSOAs and wards are on the map: the later of the change pair's in the change view."""
    return CHANGE_EDITIONS[-1] if view == "change" else edition or DEFAULT_EDITION


class MapState:
    """Named operations on st.session_state (callbacks run before the page, so they may set the ward picker)."""

    def __init__(self, session=None):
        self._session = st.session_state if session is None else session

    @property
    def edition_on_map(self) -> str:
        return edition_on_map(self._session.get(VIEW_KEY), self._session.get(EDITION_KEY))

    @property
    def started(self) -> bool:
        """False until the first run has read the link (absent, not None: a cleared selection stays cleared)."""
        return SELECTED_KEY in self._session

    @property
    def selected(self) -> Place | None:
        return self._session.get(SELECTED_KEY)

    @property
    def focus(self) -> Place | None:
        return self._session.get(FOCUS_KEY)

    @property
    def focused_ward(self) -> Place | None:
        focus = self.focus
        return focus if focus is not None and focus.kind == "ward" else None

    def select(self, edition: str, code: str, via: str, zoom: bool = False) -> None:
        """Select an LSOA (its profile opens); with ``zoom`` the map also focuses on it (the ward picked stays in
        the picker and the link, its LSOAs listed, so a shared link keeps both)."""
        self._session[SELECTED_KEY] = Place("lsoa", edition, code, via)
        if zoom:
            self._session[FOCUS_KEY] = self._session[SELECTED_KEY]

    def focus_ward(self, edition: str, code: str | None, via: str = "picker") -> None:
        if code is None:
            self.clear_focus()
            return
        self._session[FOCUS_KEY] = Place("ward", edition, code, via)
        self._session[WARD_KEY] = code

    def clear_selection(self) -> None:
        self._session[SELECTED_KEY] = None

    def clear_focus(self) -> None:
        """Back to the whole borough."""
        self._session[FOCUS_KEY] = None
        self._session[WARD_KEY] = None

    def start(self, selected: Place | None, focus: Place | None) -> None:
        """The first run's state, from a link."""
        self._session[SELECTED_KEY] = selected
        if focus is not None and focus.kind == "ward":
            self.focus_ward(focus.edition, focus.code, via="link")
        else:
            self._session[FOCUS_KEY] = focus

    def forget_postcode(self) -> None:
        """A search that found nothing: what the previous postcode selected and zoomed to goes too."""
        if self.selected is not None and self.selected.via == "postcode":
            self.clear_selection()
        if self.focus is not None and self.focus.via == "postcode":
            self.clear_focus()

    def carry_ward(self, edition: str, ward_names: dict[str, dict[str, str]], same_ward) -> None:
        """After an edition switch: the focused ward in ``edition``'s ward set if it has the same ward, else the
        whole borough with a one-line notice. ``ward_names``: edition -> {code: name}."""
        ward = self.focused_ward
        if ward is None or ward.edition == edition:
            return
        name = ward_names[ward.edition].get(ward.code, ward.code)
        code = same_ward(name, ward_names[edition])
        if code is None:
            self.clear_focus()
            self._session[NOTICE_KEY] = f"{name} is not a ward in this edition's ward set, so the map shows the whole borough."
        else:
            self.focus_ward(edition, code, via=ward.via)

    def pop_notice(self) -> str | None:
        return self._session.pop(NOTICE_KEY, None)
