"""Candidates for the next priority areas: groups of adjacent LSOAs in England's most deprived 10% (or 20%).

The 2022/23 action plan asks to "identify and prioritise next 3" priority areas. A priority area is a place
(streets people recognise), so a candidate is a group of neighbourhoods that touch, not a scatter of LSOAs:
- adjacency: two LSOAs are adjacent when their boundaries run together for at least MIN_SHARED_BOUNDARY_M.
  The boundaries are ONS's generalised (20 m) clipped ones, whose shared edges coincide but can leave
  slivers, so each boundary is widened by ADJACENCY_TOLERANCE_M first; a corner contact alone (a shared
  length under MIN_SHARED_BOUNDARY_M) does not count. Measured in metres on the British National Grid.
- a candidate is a connected group (a connected component of that adjacency) of the borough's LSOAs in
  England's most deprived 10% (IMD decile 1) or, chosen, 20% (deciles 1-2); a lone LSOA is a group of one.
- RANKING_RULE orders them. Each is summarised with fsot_data.measures (File 10's definitions) and set
  against the rest of the borough (fsot_data.gaps.rest_of_borough), as every area is.
Pure data code: no Streamlit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd

from fsot_data.datasets import PriorityArea
from fsot_data.editions import EDITIONS
from fsot_data.gaps import CUSTOM, Area, rest_of_borough
from fsot_data.indices import INDEX_BY_KEY, REQUIRED_INDEX_KEYS
from fsot_data.measures import summarise_by

ADJACENCY_TOLERANCE_M = 2.0
MIN_SHARED_BOUNDARY_M = 20.0  # the generalisation's own tolerance: shorter contacts are corners, not shared edges
BRITISH_NATIONAL_GRID = "EPSG:27700"
DEPTHS = {10: (1,), 20: (1, 2)}  # most deprived x% of LSOAs in England -> national IMD deciles
KIND = "Candidate priority area"
RANKING_RULE = ("Ranked by the number of its LSOAs in England's most deprived 10%, then by its number of LSOAs, then by "
                "its average IMD score (higher first): the largest concentrations of the most deprived neighbourhoods "
                "come first, since an area-based approach reaches most people there.")
GROUP = "candidate"
REST_SUFFIX = ":rest"


def adjacency(shapes: gpd.GeoDataFrame) -> dict[str, frozenset[str]]:
    """Each LSOA code -> the codes of the LSOAs that share a boundary with it (see the module's rule)."""
    projected = shapes[["code", "geometry"]].to_crs(BRITISH_NATIONAL_GRID).reset_index(drop=True)
    edges = projected.geometry.boundary
    widened = edges.buffer(ADJACENCY_TOLERANCE_M)
    codes = projected["code"].astype(str).tolist()
    neighbours: dict[str, set[str]] = {code: set() for code in codes}
    for i, j in zip(*widened.sindex.query(widened, predicate="intersects"), strict=True):
        if i < j and edges.iloc[i].intersection(widened.iloc[j]).length >= MIN_SHARED_BOUNDARY_M:
            neighbours[codes[i]].add(codes[j])
            neighbours[codes[j]].add(codes[i])
    return {code: frozenset(near) for code, near in neighbours.items()}


def adjacent_groups(codes: Sequence[str], neighbours: dict[str, frozenset[str]]) -> list[tuple[str, ...]]:
    """The connected groups of `codes` (adjacent within the set), each sorted, in the order first met."""
    wanted, seen, groups = set(codes), set(), []
    for start in codes:
        if start in seen:
            continue
        group, stack = [], [start]
        seen.add(start)
        while stack:
            code = stack.pop()
            group.append(code)
            for near in neighbours.get(code, ()):
                if near in wanted and near not in seen:
                    seen.add(near)
                    stack.append(near)
        groups.append(tuple(sorted(group)))
    return groups


def find_candidates(lsoas: pd.DataFrame, shapes: gpd.GeoDataFrame, priority_areas: Sequence[PriorityArea],
                    edition: str, depth: int = 10, neighbours: dict[str, frozenset[str]] | None = None) -> pd.DataFrame:
    """The candidate neighbourhoods of one edition, ranked by RANKING_RULE: one row per candidate.

    Columns: rank, key, name, lsoa_codes (tuple), n_lsoas, population (NaN where the edition has none), wards
    (best-fit wards with their LSOA counts), n_most_deprived_10pct, prop_most_deprived_10pct, average_score,
    weighting, most_deprived_rank (best national IMD rank), overlaps (names of priority areas sharing LSOAs), new.
    """
    if depth not in DEPTHS:
        raise ValueError(f"depth must be one of {sorted(DEPTHS)} (% most deprived in England), not {depth!r}.")
    neighbours = adjacency(shapes) if neighbours is None else neighbours
    deprived = lsoas[lsoas["imd_decile"].isin(DEPTHS[depth])].sort_values("imd_rank")
    groups = adjacent_groups(list(deprived["lsoa_code"]), neighbours)
    if not groups:
        return pd.DataFrame(columns=["rank", "key", "name", "lsoa_codes", "n_lsoas", "population", "wards",
                                     "n_most_deprived_10pct", "prop_most_deprived_10pct", "average_score", "weighting",
                                     "most_deprived_rank", "overlaps", "new"])
    members = pd.concat([lsoas[lsoas["lsoa_code"].isin(g)].assign(**{GROUP: n}) for n, g in enumerate(groups)],
                        ignore_index=True)
    summary = summarise_by(members, GROUP, "imd", EDITIONS[edition].n_lsoas_england)
    priority_lsoas = {p.name: set(p.lsoas[edition]) for p in priority_areas}
    rows = []
    for n, codes in enumerate(groups):
        mine = members[members[GROUP].eq(n)]
        wards = mine["ward_name"].value_counts(sort=False).sort_values(ascending=False, kind="mergesort")
        overlaps = [name for name, their in priority_lsoas.items() if their & set(codes)]
        population = mine["population"].sum(min_count=len(mine)) if "population" in mine else np.nan
        rows.append({"lsoa_codes": codes, "n_lsoas": len(codes), "population": population,
                     "wards": ", ".join(f"{w} ({k})" for w, k in wards.items()), "main_wards": tuple(wards.index[:2]),
                     "n_most_deprived_10pct": int(summary.at[n, "n_most_deprived_10pct"]),
                     "prop_most_deprived_10pct": summary.at[n, "prop_most_deprived_10pct"],
                     "average_score": summary.at[n, "average_score"], "weighting": summary.at[n, "weighting"],
                     "most_deprived_rank": int(mine["imd_rank"].min()), "overlaps": ", ".join(overlaps),
                     "new": not overlaps})
    table = pd.DataFrame(rows).sort_values(["n_most_deprived_10pct", "n_lsoas", "average_score", "most_deprived_rank"],
                                           ascending=[False, False, False, True], na_position="last", ignore_index=True)
    table.insert(0, "rank", range(1, len(table) + 1))
    table.insert(1, "key", [f"candidate_{edition}_{depth}_{r}" for r in table["rank"]])
    table.insert(2, "name", [f"Candidate {r}: {' / '.join(w)}" for r, w in zip(table["rank"], table["main_wards"], strict=True)])
    return table.drop(columns="main_wards")


def candidate_areas(candidates: pd.DataFrame) -> list[Area]:
    """The candidates as fsot_data.gaps areas, to compare with the rest of the borough and England."""
    return [Area(row.key, row.name, CUSTOM, tuple(row.lsoa_codes),
                 f"{row.n_lsoas} adjacent LSOAs found by the explorer (best-fit wards: {row.wards}).")
            for row in candidates.itertuples()]


def domain_profile(lsoas: pd.DataFrame, candidates: pd.DataFrame, edition: str) -> pd.DataFrame:
    """Each candidate's LSOAs in England's most deprived 10% on the IMD and each of its seven domains, against
    its rest of the borough summarised the same way (fsot_data.gaps.rest_of_borough). One summarise_by per
    index covers every candidate and every rest at once (a page rerun cannot afford one call per figure).

    Columns: key, index, n_most_deprived_10pct, n_lsoas, share, rest_share, gap_to_rest (shares 0-1; gap =
    candidate - rest), in the candidates' order, then the indices' order.
    """
    parts = []
    for row in candidates.itertuples():
        parts.append(lsoas[lsoas["lsoa_code"].isin(set(row.lsoa_codes))].assign(**{GROUP: row.key}))
        parts.append(rest_of_borough(lsoas, row.lsoa_codes).assign(**{GROUP: f"{row.key}{REST_SUFFIX}"}))
    members = pd.concat(parts, ignore_index=True)
    rows = []
    for index_key in REQUIRED_INDEX_KEYS:
        summary = summarise_by(members, GROUP, index_key, EDITIONS[edition].n_lsoas_england)
        for key in candidates["key"]:
            mine = summary.loc[key]
            rest = summary["prop_most_deprived_10pct"].get(f"{key}{REST_SUFFIX}", np.nan)
            rows.append({"key": key, "index": INDEX_BY_KEY[index_key].label,
                         "n_most_deprived_10pct": int(mine["n_most_deprived_10pct"]), "n_lsoas": int(mine["n_lsoas"]),
                         "share": mine["prop_most_deprived_10pct"], "rest_share": rest,
                         "gap_to_rest": mine["prop_most_deprived_10pct"] - rest})
    order = {key: n for n, key in enumerate(candidates["key"])}
    return pd.DataFrame(rows).sort_values("key", key=lambda k: k.map(order), kind="mergesort", ignore_index=True)


def other_vintage(codes: Sequence[str], bridge: pd.DataFrame, edition: str) -> tuple[str, ...]:
    """The candidate's LSOAs in the other LSOA vintage, through the ONS 2011 -> 2021 lookup (`bridge`:
    lsoa11_code, lsoa21_code). A split 2011 LSOA is listed whole if any of its 2021 parts is in the group."""
    here, there = ("lsoa11_code", "lsoa21_code") if EDITIONS[edition].lsoa_vintage == "2011" else ("lsoa21_code", "lsoa11_code")
    return tuple(sorted(set(bridge.loc[bridge[here].isin(set(codes)), there])))


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes (\\", \\\\, \\n, \\uXXXX) are all valid TOML."""
    return json.dumps(str(text), ensure_ascii=False)


def _toml_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_toml_string(v) for v in values) + "]"


def priority_area_entry(candidate: pd.Series, bridge: pd.DataFrame, edition: str, depth: int, place: str, lad_code: str,
                        source_citation: str, found: date | None = None) -> str:
    """The candidate as a [<LAD code>.<key>] table for fsot_data/priority_areas.toml (both LSOA vintages), which
    fsot_data.datasets.read_priority_areas reads; the council reviews and renames it before use."""
    codes = tuple(candidate["lsoa_codes"])
    vintage = EDITIONS[edition].lsoa_vintage
    other = other_vintage(codes, bridge, edition)
    lists = {"2011": codes, "2021": other} if vintage == "2011" else {"2011": other, "2021": codes}
    key = re.sub(r"[^a-z0-9_]+", "_", str(candidate["key"]).lower()).strip("_")
    label = EDITIONS[edition].label
    rationale = (f"{candidate['n_lsoas']} adjacent LSOAs of {place} in England's most deprived {depth}% on the {label} "
                 f"IMD ({candidate['n_most_deprived_10pct']} in the most deprived 10%), best-fit wards: {candidate['wards']}. "
                 f"Found by the Fairer Stockton-on-Tees explorer (candidates page) on "
                 f"{(found or date.today()).isoformat()}: adjacency on ONS generalised boundaries "
                 f"({ADJACENCY_TOLERANCE_M:g} m tolerance). LSOA {'2021' if vintage == '2011' else '2011'} list through the ONS "
                 "LSOA 2011 to 2021 lookup. A statistical candidate, to be checked against local knowledge.")
    heading = " ".join(str(candidate["name"]).split())  # a comment ends at a line break
    lines = [f"# {heading} ({label}, most deprived {depth}%): paste below the last [{lad_code}.*] table, then review.",
             f"[{lad_code}.{key}]",
             f"name = {_toml_string(candidate['name'])}",
             f"short_name = {_toml_string(str(candidate['name']).split(': ', 1)[-1])}",
             f"kind = {_toml_string(f'{KIND} (explorer, {label}, most deprived {depth}%)')}",
             f"lsoas_2011 = {_toml_list(lists['2011'])}",
             f"lsoas_2021 = {_toml_list(lists['2021'])}",
             f"rationale = {_toml_string(rationale)}",
             f"sources = {_toml_list([source_citation])}"]
    return "\n".join(lines) + "\n"
