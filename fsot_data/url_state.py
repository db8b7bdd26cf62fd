"""Shareable views: check a page's URL query parameters against what the page allows.

A link someone pastes into an email can hold anything: a ward from the other edition, a typo, a
parameter twice, markup, or a megabyte of text. `parse_query` keeps what is valid, replaces the rest
with the page's defaults and says, in a short notice, what it dropped. It never raises on user input,
and notices never repeat raw input beyond a short, sanitised excerpt.

Values are matched in either form: the canonical value (an edition key, a ward code) or the label a
page's widget shows and writes into the URL (Streamlit's `bind="query-params"` stores the label),
ignoring case and extra spaces. Pure Python: no Streamlit here (the glue is ui/url_state.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

MAX_VALUE_CHARS = 120   # longer than any label the app writes; anything longer is not one of ours
MAX_ECHO_CHARS = 40     # how much of a bad value a notice repeats
MAX_NAMES_ECHOED = 5    # unknown parameter names listed in one notice

Choices = Mapping[str, str]  # canonical value -> label


@dataclass(frozen=True)
class Param:
    """One query parameter a page understands.

    name: the parameter (and the bound widget's key). what: how a notice names it ("ward").
    choices: allowed values, canonical -> label; or a function of the values parsed so far (parameters
    are parsed in order, so a ward list can depend on the edition before it). default: the canonical
    value used when the parameter is absent or invalid (a tuple for multi). multi: a list (?lsoa=A&lsoa=B).
    """

    name: str
    what: str
    choices: Choices | Callable[[dict], Choices]
    default: str | tuple[str, ...] | None = None
    multi: bool = False
    max_values: int | None = None

    def allowed(self, state: dict) -> Choices:
        return self.choices(state) if callable(self.choices) else self.choices


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def safe_echo(value: str) -> str:
    """A short excerpt of user input that is safe inside a Markdown code span: letters, digits,
    spaces and , . - ' ( ) & only, at most MAX_ECHO_CHARS characters."""
    kept = re.sub(r"[^\w .,'()&-]", "", str(value), flags=re.UNICODE)
    kept = " ".join(kept.split())
    return kept[:MAX_ECHO_CHARS] + ("…" if len(kept) > MAX_ECHO_CHARS else "")


def _quoted(value: str) -> str:
    echo = safe_echo(value)
    return f"`{echo}`" if echo else "(a value with no letters or digits)"


def _lookup(value: str, allowed: Choices) -> str | None:
    """The canonical value for a canonical value or label, ignoring case and spacing."""
    folded = _fold(value)
    for canonical, label in allowed.items():
        if folded in (_fold(canonical), _fold(label)):
            return canonical
    return None


def _as_lists(raw: Mapping[str, str | Sequence[str]]) -> dict[str, list[str]]:
    return {str(name): [values] if isinstance(values, str) else [str(v) for v in values]
            for name, values in raw.items()}


def parse_query(raw: Mapping[str, str | Sequence[str]], params: Sequence[Param]) -> tuple[dict, list[str]]:
    """(state, notices): a canonical value for every param (its default where the URL gave none or a
    bad one), and one plain-English notice per problem found. `raw` maps each parameter name to its
    values in URL order, as `{k: st.query_params.get_all(k) for k in st.query_params}` gives."""
    given = _as_lists(raw)
    state: dict = {}
    notices: list[str] = []
    known = {p.name for p in params}
    unknown = [name for name in given if name not in known]
    if unknown:
        shown = ", ".join(_quoted(n) for n in unknown[:MAX_NAMES_ECHOED])
        more = f" and {len(unknown) - MAX_NAMES_ECHOED} more" if len(unknown) > MAX_NAMES_ECHOED else ""
        notices.append(f"The link had settings this page does not use ({shown}{more}); they were ignored.")
    for param in params:
        values = [v for v in given.get(param.name, []) if v.strip()]
        if not values:  # the choices are not worked out for a parameter the link leaves out
            state[param.name] = param.default
        elif param.multi:
            state[param.name] = _parse_many(param, values, param.allowed(state), notices)
        else:
            state[param.name] = _parse_one(param, values, param.allowed(state), notices)
    return state, notices


def _parse_one(param: Param, values: list[str], allowed: Choices, notices: list[str]) -> str | None:
    fallback = f"showing {_label(param.default, allowed)} instead" if param.default is not None else "it was ignored"
    if len(values) > 1 and len({_lookup(v, allowed) if len(v) <= MAX_VALUE_CHARS else v for v in values}) > 1:
        notices.append(f"The link gave the {param.what} {len(values)} times; {fallback}.")
        return param.default
    value = values[0]
    if len(value) > MAX_VALUE_CHARS:
        notices.append(f"The {param.what} in the link is too long to be valid ({len(value):,} characters); {fallback}.")
        return param.default
    canonical = _lookup(value, allowed)
    if canonical is None:
        notices.append(f"The {param.what} in the link, {_quoted(value)}, is not one of the {len(allowed)} "
                       f"this page offers; {fallback}.")
        return param.default
    return canonical


def _parse_many(param: Param, values: list[str], allowed: Choices, notices: list[str]) -> tuple[str, ...]:
    chosen: list[str] = []
    bad: list[str] = []
    for value in values:
        canonical = _lookup(value, allowed) if len(value) <= MAX_VALUE_CHARS else None
        if canonical is None:
            bad.append(value)
        elif canonical not in chosen:
            chosen.append(canonical)
    if bad:
        shown = ", ".join(_quoted(v) for v in bad[:MAX_NAMES_ECHOED])
        more = f" and {len(bad) - MAX_NAMES_ECHOED} more" if len(bad) > MAX_NAMES_ECHOED else ""
        notices.append(f"{len(bad)} {param.what} value(s) in the link are not valid here ({shown}{more}) and were left out.")
    if param.max_values is not None and len(chosen) > param.max_values:
        notices.append(f"The link selected {len(chosen)} {param.what} values; only the first {param.max_values} are used.")
        chosen = chosen[:param.max_values]
    if not chosen:
        return tuple(param.default or ())
    return tuple(chosen)


def _label(value, allowed: Choices) -> str:
    return str(allowed.get(value, value))


def to_query(state: Mapping, params: Sequence[Param]) -> dict[str, str | list[str]]:
    """The query parameters that reproduce `state`: labels (what bound widgets write), defaults left
    out so links stay short. For st.page_link(query_params=...) and st.query_params.from_dict."""
    query: dict[str, str | list[str]] = {}
    running: dict = {}
    for param in params:
        value = state.get(param.name, param.default)
        if value != param.default and value is not None and value != ():
            allowed = param.allowed(running)
            query[param.name] = [_label(v, allowed) for v in value] if param.multi else _label(value, allowed)
        running[param.name] = value
    return query
