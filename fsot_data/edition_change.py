"""The one rule for how a neighbourhood moved between two editions: in or out of England's 10% most deprived.

The older edition of the pair (editions.CHANGE_EDITIONS) is published on 2011 LSOAs and the newer on 2021
LSOAs, so each 2021 LSOA is linked to its 2011 parent(s) through the ONS LSOA 2011 -> 2021 lookup, whose
change indicator (CHGIND, see iod/PROVENANCE.md) says how the boundary changed:

- U, unchanged, and S, split: the 2021 LSOA lies inside one 2011 LSOA, so it takes that parent's status;
- M, merged: the 2021 LSOA is the union of several 2011 LSOAs. It has a status only when every parent was on
  the same side of the 10% line; when they disagree, any single status would claim for part of the area what
  its own figures contradict (a merged LSOA with parents in deciles 1 and 2 did not "stay" in the 10%);
- X, irregular (or a mix of codes, or no link, or a missing decile): no like-for-like comparison.

Ranks are relative to the rest of England in each edition, so a status says how an area moved against
everyone else, not that it became poorer or better off. Pure pandas, no Streamlit.
"""

from __future__ import annotations

import pandas as pd

from fsot_data.editions import CHANGE_EDITIONS, EDITIONS
from fsot_data.indices import column

ENTERED = "Entered the 10% most deprived"
STAYED = "Stayed in the 10% most deprived"
LEFT = "Left the 10% most deprived"
NEITHER = "Not in the 10% most deprived in either"
NOT_COMPARABLE = "No like-for-like comparison"
#: Every status, in the order tables and legends list them.
STATUSES = (ENTERED, STAYED, LEFT, NEITHER, NOT_COMPARABLE)
_STATUS = {(True, True): STAYED, (False, True): ENTERED, (True, False): LEFT, (False, False): NEITHER}
MOST_DEPRIVED_DECILE = 1
#: What the newer edition is compared with, and on whose LSOA geography (the newer one's).
OLDER, NEWER = (EDITIONS[key] for key in CHANGE_EDITIONS)


def boundary_links(bridge: pd.DataFrame) -> pd.DataFrame:
    """Per 2021 LSOA: its 2011 parents (sorted tuple) and one change code, "X" where the lookup mixes codes."""
    parents: dict[str, set[str]] = {}
    codes: dict[str, set[str]] = {}
    for lsoa11, lsoa21, change in bridge[["lsoa11_code", "lsoa21_code", "change"]].itertuples(index=False):
        parents.setdefault(lsoa21, set()).add(lsoa11)
        codes.setdefault(lsoa21, set()).add(change)
    return pd.DataFrame({"parents": [tuple(sorted(p)) for p in parents.values()],
                         "boundary_change": [c.pop() if len(c) == 1 else "X" for c in codes.values()]},
                        index=pd.Index(list(parents), name="lsoa21_code"))


def _older_status(parents: tuple[str, ...] | float, change: str | float, older: dict[str, float]) -> tuple[float, object]:
    """(decile, in the 10% most deprived) of the older edition for one 2021 LSOA, by the rule in the docstring.

    The decile is the parents' common decile (NaN where they differ); the status is pd.NA where not comparable.
    """
    if not isinstance(parents, tuple) or change == "X":
        return float("nan"), pd.NA
    deciles = [older.get(parent, float("nan")) for parent in parents]
    if any(pd.isna(d) for d in deciles):
        return float("nan"), pd.NA
    inside = {d <= MOST_DEPRIVED_DECILE for d in deciles}
    decile = deciles[0] if len(set(deciles)) == 1 else float("nan")
    return decile, (inside.pop() if len(inside) == 1 else pd.NA)


def decile1_change(lsoas_older: pd.DataFrame, lsoas_newer: pd.DataFrame, bridge: pd.DataFrame,
                   index_key: str = "imd") -> pd.DataFrame:
    """One row per newer-edition LSOA: lsoa_code, lsoa_name, ward_name, parents, boundary_change (U/S/M/X),
    decile_older, decile_newer, in_older, in_newer (booleans, NA where unknown) and status (one of STATUSES)."""
    decile = column(index_key, "decile")
    older = dict(zip(lsoas_older["lsoa_code"], lsoas_older[decile], strict=True))
    out = lsoas_newer[["lsoa_code", "lsoa_name", "ward_name"]].join(
        boundary_links(bridge), on="lsoa_code").reset_index(drop=True)
    out["decile_newer"] = lsoas_newer[decile].to_numpy()
    judged = [_older_status(p, c, older) for p, c in zip(out["parents"], out["boundary_change"], strict=True)]
    out["decile_older"] = [d for d, _ in judged]
    out["in_older"] = pd.array([s for _, s in judged], dtype="boolean")
    out["in_newer"] = pd.array(out["decile_newer"].le(MOST_DEPRIVED_DECILE).where(out["decile_newer"].notna()),
                               dtype="boolean")
    out["status"] = [NOT_COMPARABLE if pd.isna(before) or pd.isna(after) else _STATUS[(bool(before), bool(after))]
                     for before, after in zip(out["in_older"], out["in_newer"], strict=True)]
    return out
