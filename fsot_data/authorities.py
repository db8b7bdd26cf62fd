"""Which local authority: the 2025 district, its IoD2019 predecessors, its region, and places like it.

IoD2025 is published for the 296 local authority districts of 2024 and IoD2019 for the 317 of 2019.
Between them, districts merged (e.g. Cumbria's six into Cumberland and Westmorland and Furness,
North Yorkshire's seven into one), and a few boundaries moved a little (e.g. Gateshead and
Northumberland). The predecessors of a 2025 district are the 2019 districts most of whose LSOAs
(2011) lie in it, by the ONS LSOA 2011-to-2021 lookup: whole districts that merged, not a district
that only lost a few LSOAs to a neighbour. Its IoD2019 figures are those of its predecessors.
"""

from __future__ import annotations

import pandas as pd


def predecessors(national_2019: pd.DataFrame, national_2025: pd.DataFrame, bridge: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """2025 district code -> the 2019 district codes it succeeds (see the module docstring for the rule)."""
    pairs = (bridge[["lsoa11_code", "lsoa21_code"]]
             .merge(national_2019[["lsoa_code", "lad_code"]].rename(columns={"lsoa_code": "lsoa11_code", "lad_code": "lad19"}),
                    on="lsoa11_code")
             .merge(national_2025[["lsoa_code", "lad_code"]].rename(columns={"lsoa_code": "lsoa21_code", "lad_code": "lad25"}),
                    on="lsoa21_code")
             .drop_duplicates(["lsoa11_code", "lad25"]))
    counts = pairs.groupby(["lad19", "lad25"]).size().rename("n").reset_index()
    successor = counts.sort_values(["lad19", "n"], ascending=[True, False]).drop_duplicates("lad19")
    return {str(lad25): tuple(sorted(map(str, group["lad19"]))) for lad25, group in successor.groupby("lad25")}
