"""The framework's headline claims as figures (claims.toml), to be checked against the data.

Why a file of its own: a claim's number ("nine wards", "21 years") is a fact about the framework, like an
edition or a crosswalk entry, so it lives in one declarative place, not in the page that draws it. No Streamlit.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from datafiles.errors import DataProblem

CLAIMS_FILE = Path(__file__).with_name("claims.toml")
FIX = "edit fsot_data/claims.toml (see the comments at its top)."


@dataclass(frozen=True)
class ClaimFigure:
    claim_id: str
    value: float
    unit: str
    words: str  # "nine wards": how a sentence states the claim


def read_claim_figures(path: Path = CLAIMS_FILE) -> dict[str, ClaimFigure]:
    """Every claim's figure by claim_id; DataProblem naming the file and the entry if one is unusable."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataProblem(str(path), f"the claims file cannot be read ({type(error).__name__}: {error}).", FIX) from error
    figures = {}
    for claim_id, entry in raw.get("claims", {}).items():
        value, unit, words = entry.get("value"), entry.get("unit"), entry.get("words")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not all(
                isinstance(text, str) and text.strip() for text in (unit, words)):
            raise DataProblem(str(path), f"[claims.{claim_id}] needs a numeric `value` and non-empty `unit` and `words`.", FIX)
        figures[claim_id] = ClaimFigure(claim_id, value, unit, words)
    return figures


@functools.cache
def claim_figures() -> dict[str, ClaimFigure]:
    """fsot_data/claims.toml, read once per process."""
    return read_claim_figures()
