"""The deprivation map's view model (no Streamlit): tables, the 2019-to-2025 change, LSOA profiles, ward sentences.

IoD2019 is published on 2011 LSOAs and IoD2025 on 2021 LSOAs, so anything that spans both editions goes
through the ONS LSOA 2011 -> 2021 lookup (data.bridge()): an unchanged LSOA keeps its code, a split 2011
LSOA becomes two or more 2021 LSOAs that each inherit the parent's IoD2019 figures, merged and irregular
changes are flagged. The change status itself is the one rule in fsot_data/edition_change.py. Ranks are
relative to the rest of England in each edition, so a change of status says how an area moved against
everyone else, not that it became poorer or richer.

Pure pandas (no Streamlit): the map page and the tests call these directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from fsot_data.edition_change import ENTERED, LEFT, NEWER, NOT_COMPARABLE, OLDER, STATUSES, STAYED, decile1_change
from fsot_data.editions import EDITIONS, NEIGHBOURHOOD_HEADING, Edition
from fsot_data.indices import INDEX_BY_KEY, INDICES, Index, column

POPULATION_NOT_PUBLISHED = "not published in this source"
NO_DATA = "no data"
#: What tables show in place of a missing value; exports leave these cells empty (views.export).
MISSING_TEXT = (POPULATION_NOT_PUBLISHED, NO_DATA)
POPULATION_PERIOD = "mid-2015"  # the denominators published with IoD2019
#: Highlight bands: "the 10% most deprived" is national decile 1, "the 20% most deprived" deciles 1-2.
BAND_DECILES = {10: 1, 20: 2}
CODE = "LSOA code"
RANK_NOTE = "Rank 1 is the most deprived LSOA in England; decile 1 is the most deprived 10%."
#: Table columns the map's tooltip leaves out (the tooltip travels with every LSOA, so it stays short).
TABLE_ONLY_COLUMNS = ("Ward fit", "2011 LSOA(s)", "Boundary change 2011 to 2021")

#: What the map can show: key -> label for the view picker.
VIEWS: dict[str, str] = {
    "band10": "England's 10% most deprived",
    "band20": "England's 20% most deprived",
    "deciles": "All ten national deciles",
    "change": "Change, IoD2019 to IoD2025",
}
#: The most-deprived band each view counts in tables and sentences (the decile view counts the 10%).
VIEW_BAND = {"band10": 10, "band20": 20, "deciles": 10, "change": 10}

CHANGE_CAVEAT = (
    "Ranks are relative: entering or leaving the 10% most deprived says how a neighbourhood moved against the "
    "rest of England, not that it became poorer or better off. The editions are not strictly comparable "
    "(IoD2019 mostly uses 2015/16 data, IoD2025 mostly 2021-23, with changed indicators). A 2021 LSOA split "
    "from a 2011 LSOA takes its parent's IoD2019 status; one merged from several has a status only where they agree.")


def short_label(index: Index) -> str:
    """'IMD', 'IDACI', 'Income', 'Adult Skills': the name that fits a column header or a sentence."""
    if "(" in index.label and index.level != "sub-domain":
        return index.label.split("(")[1].rstrip(")")
    return index.label.replace(" (sub-domain)", "")


def indices_with_data(*tables: pd.DataFrame) -> list[Index]:
    """Indices with national ranks and deciles in every given edition's table (what a map can show)."""
    return [index for index in INDICES
            if all(table[column(index.key, "rank")].notna().any() and table[column(index.key, "decile")].notna().any()
                   for table in tables)]


def missing_data_notes(lsoas: pd.DataFrame, edition: Edition) -> list[str]:
    """Plain sentences on what this edition's source lacks, so a missing figure is explained where it would be."""
    notes = []
    no_ranks = [short_label(i) for i in INDICES if lsoas[column(i.key, "decile")].isna().all()]
    if no_ranks:
        notes.append(f"The {edition.label} source has no ranks or deciles for {', '.join(no_ranks)}, "
                     "so the map cannot show them.")
    ranked = [i for i in INDICES if short_label(i) not in no_ranks]
    scored = [short_label(i) for i in ranked if lsoas[column(i.key, "score")].notna().any()]
    unscored = [short_label(i) for i in ranked if short_label(i) not in scored]
    if unscored:
        which = f"scores only for the {', '.join(scored)}" if len(scored) < len(unscored) else f"no scores for {', '.join(unscored)}"
        notes.append(f"The {edition.label} source has {which}; national ranks and deciles are there for every "
                     "index offered, and the map uses those.")
    if lsoas["population"].isna().all():
        notes.append(f"Population is not published in the {edition.label} source.")
    return notes


def _population(lsoas: pd.DataFrame) -> tuple[str, pd.Series]:
    if lsoas["population"].isna().all():
        return "Population", pd.Series(POPULATION_NOT_PUBLISHED, index=lsoas.index, dtype="string")
    return f"Population ({POPULATION_PERIOD})", lsoas["population"].round().astype("Int64")


def lsoa_table(lsoas: pd.DataFrame, index_key: str, edition: Edition, band: int) -> pd.DataFrame:
    """One row per LSOA for the chosen index: the map's tooltip and its table alternative, most deprived first.

    Rank 1 is the most deprived LSOA in England, decile 1 the most deprived 10% (RANK_NOTE says so on screen).
    """
    index = INDEX_BY_KEY[index_key]
    name = short_label(index)
    deciles = lsoas[column(index_key, "decile")]
    population_header, population = _population(lsoas)
    table = pd.DataFrame({
        CODE: lsoas["lsoa_code"],
        NEIGHBOURHOOD_HEADING: lsoas["lsoa_name"],
        "Ward (best fit)": lsoas["ward_name"],
        f"{name} rank (of {edition.n_lsoas_england:,})": lsoas[column(index_key, "rank")].astype("Int64"),
        f"{name} decile": deciles.astype("Int64"),
        f"In England's most deprived {band}%": deciles.le(BAND_DECILES[band]).map({True: "yes", False: "no"}).where(
            deciles.notna(), NO_DATA),
        population_header: population,
        "Ward fit": lsoas["ward_fit"],
    })
    return table.sort_values(table.columns[3], na_position="last").reset_index(drop=True)


def tooltip_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if c not in TABLE_ONLY_COLUMNS]


def counterparts(bridge: pd.DataFrame, code: str, to_edition: str) -> list[str]:
    """The LSOA code(s) of the other vintage covering an LSOA: its 2021 children or its 2011 parent(s)."""
    source, target = ("lsoa11_code", "lsoa21_code") if EDITIONS[to_edition].lsoa_vintage == "2021" else ("lsoa21_code", "lsoa11_code")
    return sorted(bridge.loc[bridge[source] == code, target].unique())


def _boundary_note(change: str, parents: tuple[str, ...], older: dict[str, float]) -> str:
    if change == "U":
        return "unchanged"
    if change == "S":
        return f"split from {parents[0]}: its {OLDER.label} figures are the whole 2011 LSOA's"
    if change == "M":
        deciles = ", ".join(f"{p} (decile {older[p]:.0f})" if pd.notna(older.get(p)) else f"{p} (no decile)" for p in parents)
        return f"merged from {deciles}: a status only where they agree"
    return f"irregular change: no like-for-like {OLDER.label} figures"


def change_table(lsoas_older: pd.DataFrame, lsoas_newer: pd.DataFrame, bridge: pd.DataFrame, index_key: str) -> pd.DataFrame:
    """Each newer LSOA's place in England's 10% most deprived in both editions (edition_change's rule), with its
    boundary change; listed by status, then most deprived first."""
    change = decile1_change(lsoas_older, lsoas_newer, bridge, index_key)
    older = dict(zip(lsoas_older["lsoa_code"], lsoas_older[column(index_key, "decile")], strict=True))
    rank_header = f"{NEWER.label} rank (of {NEWER.n_lsoas_england:,})"
    table = pd.DataFrame({
        CODE: change["lsoa_code"], NEIGHBOURHOOD_HEADING: change["lsoa_name"], "Ward (best fit)": change["ward_name"],
        "Change": change["status"],
        f"{OLDER.label} decile": change["decile_older"].astype("Int64"),
        f"{NEWER.label} decile": change["decile_newer"].astype("Int64"),
        rank_header: lsoas_newer[column(index_key, "rank")].to_numpy(),
        "2011 LSOA(s)": [", ".join(p) if isinstance(p, tuple) else "none in the lookup" for p in change["parents"]],
        "Boundary change 2011 to 2021": [_boundary_note(c, p, older) if isinstance(p, tuple) else "not in the ONS lookup"
                                         for c, p in zip(change["boundary_change"], change["parents"], strict=True)],
    }).astype({rank_header: "Int64"})
    order = {status: i for i, status in enumerate(STATUSES)}
    return table.sort_values(["Change", rank_header], key=lambda s: s.map(order) if s.name == "Change" else s,
                             na_position="last").reset_index(drop=True)


def change_summary(table: pd.DataFrame) -> str:
    """'Of the borough's 124 LSOAs (2021 boundaries), 3 entered ..., 21 stayed ..., 4 left ...'."""
    counts = table["Change"].value_counts()
    flagged = int((table["Boundary change 2011 to 2021"] != "unchanged").sum())
    shown = [ENTERED, STAYED, LEFT] + ([NOT_COMPARABLE] if counts.get(NOT_COMPARABLE) else [])
    parts = [f"{int(counts.get(status, 0))} {status[0].lower()}{status[1:]}" for status in shown]
    text = f"Of the borough's {len(table)} LSOAs (2021 boundaries): {'; '.join(parts)}."
    if flagged:
        text += f" {flagged} had a boundary change from 2011 and are flagged (dashed outline on the map)."
    return text


@dataclass(frozen=True)
class ProfileArea:
    """One LSOA of one edition shown in a profile, and how it relates to the LSOA that was picked."""
    edition: str
    code: str
    name: str
    ward: str
    ward_fit: str
    population: str
    relation: str


@dataclass(frozen=True)
class LsoaProfile:
    code: str
    edition: str
    areas: tuple[ProfileArea, ...]
    table: pd.DataFrame  # one row per index; a rank and a decile column per area
    notes: tuple[str, ...]

    def compact(self) -> pd.DataFrame:
        """The table as text for a narrow panel: short index names, one 'rank (decile d)' column per area."""
        short = {index.label: short_label(index) for index in INDICES}
        out = pd.DataFrame({"Index": self.table["Index"].map(short)})
        for rank_column in [c for c in self.table.columns if c.endswith(" rank")]:
            label = rank_column.removesuffix(" rank")
            out[label] = [f"{rank:,} (decile {decile})" if pd.notna(rank) else "no data"
                          for rank, decile in zip(self.table[rank_column], self.table[f"{label} decile"], strict=True)]
        return out


def _area(lsoas: pd.DataFrame, edition: str, code: str, relation: str) -> ProfileArea | None:
    match = lsoas.loc[lsoas["lsoa_code"] == code]
    if match.empty:
        return None
    row = match.iloc[0]
    population = (POPULATION_NOT_PUBLISHED if pd.isna(row["population"])
                  else f"{row['population']:,.0f} ({POPULATION_PERIOD})")
    return ProfileArea(edition, code, str(row["lsoa_name"]), str(row["ward_name"]), str(row["ward_fit"]), population, relation)


def _relation(code: str, other: str, n_other: int, picked_edition: str) -> str:
    if other == code:
        return "same LSOA (boundary unchanged 2011 to 2021)"
    if EDITIONS[picked_edition].lsoa_vintage == "2021":
        return "the 2011 LSOA it was split from" if n_other == 1 else "one of the 2011 LSOAs it was formed from"
    return "one of the 2021 LSOAs it was split into" if n_other > 1 else "the 2021 LSOA that replaced it"


def lsoa_profile(code: str, edition: str, lsoas: Mapping[str, pd.DataFrame], bridge: pd.DataFrame) -> LsoaProfile | None:
    """Every index's rank and decile for one LSOA in both editions (through the bridge); None if unknown."""
    picked = _area(lsoas[edition], edition, code, "the LSOA you picked")
    if picked is None:
        return None
    other_edition = next(key for key in EDITIONS if key != edition)
    others = counterparts(bridge, code, other_edition)
    areas = [picked] + [area for other in others
                        if (area := _area(lsoas[other_edition], other_edition, other,
                                          _relation(code, other, len(others), edition))) is not None]
    areas.sort(key=lambda a: (a.edition, a.code))  # IoD2019 first, reading left to right in time
    per_edition = pd.Series([a.edition for a in areas]).value_counts()
    frames = {key: lsoas[key].set_index("lsoa_code") for key in EDITIONS}
    rows = []
    for index in indices_with_data(*(lsoas[a.edition] for a in areas)) or INDICES:
        row = {"Index": index.label}
        for area in areas:
            label = EDITIONS[area.edition].label + (f" {area.code}" if per_edition[area.edition] > 1 else "")
            for measure in ("rank", "decile"):
                value = frames[area.edition].at[area.code, column(index.key, measure)]
                row[f"{label} {measure}"] = value
        rows.append(row)
    table = pd.DataFrame(rows)
    table = table.astype(dict.fromkeys(table.columns[1:], "Int64"))
    notes = []
    if not any(a.edition == other_edition for a in areas):
        notes.append(f"This LSOA has no {EDITIONS[other_edition].label} counterpart in the ONS 2011-to-2021 lookup.")
    elif any(a.code != code for a in areas):
        notes.append("Its boundary changed between 2011 and 2021, so the two editions describe different areas: "
                     "compare them with care.")
    notes.append(f"{RANK_NOTE} Ranks are relative to the rest of England in each edition.")
    return LsoaProfile(code, edition, tuple(areas), table, tuple(notes))


def ward_lsoas(lsoas: pd.DataFrame, ward_code: str) -> pd.DataFrame:
    return lsoas.loc[lsoas["ward_code"] == ward_code]


def ward_sentence(lsoas: pd.DataFrame, ward_code: str, index_key: str, edition: Edition, band: int) -> str:
    """'4 of 5 neighbourhoods in Newtown are among England's 10% most deprived (IoD2025)'."""
    in_ward = ward_lsoas(lsoas, ward_code)
    if in_ward.empty:
        return f"No neighbourhood (LSOA) is assigned to this ward by the {edition.label} best-fit lookup."
    ward = in_ward["ward_name"].iloc[0]
    n = len(in_ward)
    k = int(in_ward[column(index_key, "decile")].le(BAND_DECILES[band]).sum())
    index = INDEX_BY_KEY[index_key]
    measure = "" if index_key == "imd" else f" on {short_label(index)}"
    among = f"among England's {band}% most deprived{measure} ({edition.label})"
    if n == 1:
        return f"The one neighbourhood in {ward} {'is' if k else 'is not'} {among}."
    if k == 0:
        return f"None of the {n} neighbourhoods in {ward} is {among}."
    if k == n:
        return f"All {n} neighbourhoods in {ward} are {among}."
    return f"{k} of {n} neighbourhoods in {ward} {'is' if k == 1 else 'are'} {among}."


def postcode_lsoa(row: Mapping[str, object], edition: str) -> str:
    """The LSOA a looked-up postcode falls in, in the chosen edition's LSOA vintage."""
    return str(row["lsoa21_code" if EDITIONS[edition].lsoa_vintage == "2021" else "lsoa11_code"])


@dataclass(frozen=True)
class MapView:
    """Everything the map page shows for one choice of view, edition and index."""
    view: str
    edition: str  # the LSOA geography shown: the change view is always on 2021 LSOAs (IoD2025)
    index_key: str
    band: int
    table: pd.DataFrame  # one row per LSOA, CODE first; the tooltip and the table alternative
    values: pd.Series  # per table row: the national decile, or the change status in the change view
    flagged: tuple[str, ...]  # LSOAs whose boundary changed 2011-2021 (change view)
    headline: str
    sources: tuple[str, ...]  # source ids behind what is shown, for the footer and the attribution


def map_view(view: str, edition: str, index_key: str, lsoas: Mapping[str, pd.DataFrame], bridge: pd.DataFrame,
             place: str) -> MapView:
    """The table, colour values and headline for a view; the change view compares both editions."""
    band = VIEW_BAND[view]
    label = short_label(INDEX_BY_KEY[index_key])
    if view == "change":
        table = change_table(lsoas[OLDER.key], lsoas[NEWER.key], bridge, index_key)
        flagged = tuple(table.loc[table["Boundary change 2011 to 2021"] != "unchanged", CODE])
        headline = f"{label}: " + change_summary(table)
        sources = (OLDER.lsoa_source, NEWER.lsoa_source, "lsoa11_lsoa21_lookup", NEWER.boundaries_source,
                   NEWER.wards_source, NEWER.ward_lookup_source)
        return MapView(view, NEWER.key, index_key, band, table, table["Change"], flagged, headline, sources)
    info = EDITIONS[edition]
    table = lsoa_table(lsoas[edition], index_key, info, band)
    deciles = table[table.columns[4]]
    count = int(deciles.le(BAND_DECILES[band]).sum())
    measure = "" if index_key == "imd" else f" on {label}"
    headline = (f"{count} of the {len(table)} neighbourhoods (LSOAs, {info.lsoa_vintage} boundaries) in {place} "
                f"{'is' if count == 1 else 'are'} among England's {band}% most deprived{measure} ({info.label}).")
    sources = (info.lsoa_source, info.boundaries_source, info.wards_source, info.ward_lookup_source)
    return MapView(view, edition, index_key, band, table, deciles, (), headline, sources)
