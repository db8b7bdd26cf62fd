"""The figures of a one-page area profile (a ward or a priority area), as finished tables for views/area_profile.py.

Why here and not in the view: every figure is a data rule (File 10 shares through fsot_data.measures, ward
positions, LSOA counts added up), so it is written once in the data layer and the view only lays it out.
Pure pandas, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from fsot_data.datasets import PriorityArea
from fsot_data.editions import Edition
from fsot_data.gaps import rest_of_borough, summed_counts
from fsot_data.indicators import rate_counts, role
from fsot_data.indices import INDEX_BY_KEY, REQUIRED_INDEX_KEYS
from fsot_data.measures import summarise


@dataclass(frozen=True)
class ProfileArea:
    """What a profile is about: a ward of the edition's ward set, or a priority area, as LSOAs of that edition."""

    kind: str                    # "ward" or "priority"
    key: str                     # ward code or priority-area key
    name: str
    description: str             # e.g. "Ward (the 27 wards in force since May 2023)"
    edition: Edition
    lsoa_codes: tuple[str, ...]
    how_defined: str             # how its LSOAs were chosen: always best-fit
    references: tuple[str, ...] = ()  # public records behind a priority area


def ward_area(lsoas: pd.DataFrame, ward_code: str, edition: Edition) -> ProfileArea:
    """A ward as the LSOAs whose best-fit ward it is."""
    rows = lsoas[lsoas["ward_code"] == ward_code]
    if rows.empty:
        raise KeyError(f"ward {ward_code!r} has no LSOAs in {edition.label} ({edition.ward_set_label}).")
    fits = rows["ward_fit"].value_counts()
    fit_text = ", ".join(f"{n} {fit}" for fit, n in fits.items())
    how = (f"The {len(rows)} LSOAs whose best-fit ward this is ({fit_text}); "
           + ("ONS best-fit lookup, LSOA 2011 to ward." if edition.key == "2019" else
              f"derived best-fit lookup, LSOA 2021 to {edition.ward_set_label}."))
    return ProfileArea("ward", ward_code, str(rows["ward_name"].iloc[0]), f"Ward ({edition.ward_set_label})", edition,
                       tuple(rows["lsoa_code"]), how)


def priority_area(area: PriorityArea, edition: Edition) -> ProfileArea:
    return ProfileArea("priority", area.key, area.name, area.kind, edition, area.lsoas[edition.key],
                       f"{area.rationale} LSOA list: fsot_data/priority_areas.toml.", area.sources)


def index_shares(lsoas: pd.DataFrame, edition: Edition) -> pd.DataFrame:
    """Share of a set of LSOAs in England's most deprived 10%, for the IMD and each of its seven domains:
    key, index (label), n_most_deprived, n_lsoas, share."""
    rows = []
    for key in REQUIRED_INDEX_KEYS:
        summary = summarise(lsoas, key, edition.n_lsoas_england)
        rows.append({"key": key, "index": INDEX_BY_KEY[key].label, "n_most_deprived": summary["n_most_deprived_10pct"],
                     "n_lsoas": summary["n_lsoas"], "share": summary["prop_most_deprived_10pct"]})
    return pd.DataFrame(rows)


def domain_profile(area_lsoas: pd.DataFrame, borough_lsoas: pd.DataFrame, edition: Edition) -> pd.DataFrame:
    """For the IMD and its seven domains: how many of the area's LSOAs are in England's most deprived 10%,
    against the borough's share and the rest of the borough's (gaps.rest_of_borough; NaN when the area is the
    whole borough), with the area's deciles listed (1 = most deprived)."""
    out = index_shares(area_lsoas, edition)
    out["borough_share"] = index_shares(borough_lsoas, edition)["share"]
    rest = rest_of_borough(borough_lsoas, area_lsoas["lsoa_code"])
    out["rest_share"] = index_shares(rest, edition)["share"] if len(rest) else np.nan
    out["gap_to_rest"] = out["share"] - out["rest_share"]
    out["deciles"] = [sorted(int(d) for d in area_lsoas[f"{key}_decile"]) for key in out["key"]]
    out["mean_decile"] = [float(np.mean(deciles)) for deciles in out["deciles"]]
    return out


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def _latest(indicators: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    rows = indicators[(indicators["indicator_id"] == indicator_id) & indicators["value"].notna()]
    return rows[rows["period_sort"] == rows["period_sort"].max()]


def key_indicators(area: ProfileArea, area_lsoas: pd.DataFrame, borough_lsoas: pd.DataFrame,
                   indicators: pd.DataFrame, lad_code: str, place: str) -> pd.DataFrame:
    """The few figures a councillor asks for first, each with its comparison, period and source.

    Ward statistics (claimants, fuel poverty, population) are published for the 26 wards in force until May
    2023, so they appear for IoD2019 wards; for an IoD2019 priority area, LSOA fuel poverty (2011 LSOAs) adds up.
    """
    edition = area.edition
    rows = []
    imd = summarise(area_lsoas, "imd", edition.n_lsoas_england)
    borough = summarise(borough_lsoas, "imd", edition.n_lsoas_england)
    rows.append({"indicator": "Neighbourhoods in England's most deprived 10% (IMD)",
                 "value": f"{imd['n_most_deprived_10pct']} of {imd['n_lsoas']} ({imd['prop_most_deprived_10pct']:.0%})",
                 "comparison": _rest_comparison(area_lsoas, borough_lsoas, edition, place)
                               + f"; {place}: {borough['n_most_deprived_10pct']} of {borough['n_lsoas']} "
                               f"({borough['prop_most_deprived_10pct']:.0%})",
                 "period": edition.label, "source_id": edition.lsoa_source})
    worst = area_lsoas.sort_values("imd_rank").iloc[0]
    rows.append({"indicator": "Most deprived neighbourhood",
                 "value": f"{worst['lsoa_name'].removeprefix(place).strip()} ({worst['lsoa_code']})",
                 "comparison": f"ranked {ordinal(int(worst['imd_rank']))} most deprived of {edition.n_lsoas_england:,} in England",
                 "period": edition.label, "source_id": edition.lsoa_source})
    if area_lsoas["population"].notna().all() and area.kind != "ward":
        rows.append({"indicator": "Population (IoD denominator)", "value": f"{area_lsoas['population'].sum():,.0f}",
                     "comparison": f"{place}: {borough_lsoas['population'].sum():,.0f}", "period": edition.label,
                     "source_id": edition.lsoa_source})
    for key, what in (("income", "People income-deprived"), ("employment", "Working-age people employment-deprived")):
        scores = area_lsoas[f"{key}_score"]
        if scores.notna().all():
            rows.append({"indicator": f"{what} (mean of LSOA scores)", "value": f"{scores.mean():.0%}",
                         "comparison": f"{place}: {borough_lsoas[f'{key}_score'].mean():.0%}",
                         "period": edition.label, "source_id": edition.lsoa_source})
    if area.kind == "ward":
        rows += _ward_rows(area, indicators, lad_code, place)
    elif edition.lsoa_vintage == "2011":
        rows += _lsoa_fuel_poverty(area, indicators, lad_code, place)
    return pd.DataFrame(rows, columns=["indicator", "value", "comparison", "period", "source_id"])


def _rest_comparison(area_lsoas: pd.DataFrame, borough_lsoas: pd.DataFrame, edition: Edition, place: str) -> str:
    """The rest of the borough's LSOAs in England's most deprived 10% (IMD), and the gap to it, as text."""
    rest = rest_of_borough(borough_lsoas, area_lsoas["lsoa_code"])
    if rest.empty:
        return f"the area is the whole of {place}: no rest of the borough to compare"
    mine, other = (summarise(f, "imd", edition.n_lsoas_england) for f in (area_lsoas, rest))
    gap = 100 * (mine["prop_most_deprived_10pct"] - other["prop_most_deprived_10pct"])
    return (f"rest of {place}: {other['n_most_deprived_10pct']} of {other['n_lsoas']} "
            f"({other['prop_most_deprived_10pct']:.0%}; gap {gap:+.0f} points)")


def _ward_rows(area: ProfileArea, indicators: pd.DataFrame, lad_code: str, place: str) -> list[dict]:
    rows = []
    for indicator_role, label, higher in (("ward_claimants", "Claimants (% of residents aged 16-64)", "highest"),
                                          ("ward_fuel_poverty", "Households in fuel poverty (LILEE, %)", "highest"),
                                          ("ward_population", "Population (ONS estimate)", None)):
        indicator_id = role(indicator_role)
        latest = _latest(indicators, indicator_id)
        wards = latest[latest["area_type"] == "Ward"]
        mine = wards[wards["area_code"] == area.key]
        if mine.empty:
            continue
        value = float(mine["value"].iloc[0])
        lad = latest.loc[latest["area_code"] == lad_code, "value"]
        if higher:
            position = int((wards["value"] > value).sum()) + 1
            comparison = f"{'the' if position == 1 else ordinal(position)} {higher} of {len(wards)} wards" + (
                f"; {place}: {float(lad.iloc[0]):.1f}%" if not lad.empty else "")
            shown = f"{value:.1f}%"
        else:
            comparison, shown = f"{place}: {float(lad.iloc[0]):,.0f}" if not lad.empty else "", f"{value:,.0f}"
        rows.append({"indicator": label,
                     "value": shown, "comparison": comparison, "period": str(mine["period"].iloc[0]),
                     "source_id": str(mine["source_id"].iloc[0])})
    return rows


def _lsoa_fuel_poverty(area: ProfileArea, indicators: pd.DataFrame, lad_code: str, place: str) -> list[dict]:
    fuel_poor, households = rate_counts(role("lsoa_fuel_poverty"))
    poor_n, households_n, period, n_missing = summed_counts(indicators, fuel_poor, households, area.lsoa_codes)
    if n_missing:
        return []
    lad_poor, lad_households, _, lad_missing = summed_counts(indicators, fuel_poor, households, [lad_code])
    comparison = "" if lad_missing else f"{place}: {lad_poor / lad_households:.1%}"
    source_id = indicators.loc[indicators["indicator_id"].eq(fuel_poor), "source_id"].iloc[0]
    return [{"indicator": "Households in fuel poverty (LILEE, %; LSOA estimates added up)",
             "value": f"{poor_n / households_n:.1%} ({poor_n:,.0f} of {households_n:,.0f})",
             "comparison": comparison, "period": period, "source_id": str(source_id)}]


LINE_BREAK = " · "  # where a priority area's label breaks onto its second line on the slide


def priority_mix(lsoas: pd.DataFrame, areas, edition: Edition, place: str) -> pd.DataFrame:
    """IMD decile counts for each priority area and, for reference, the whole borough: one row per area and
    decile present, with the segment's start, end and middle as shares of the area (for stacked bars). Each
    area's label also gives its rest of the borough (gaps.rest_of_borough) and the gap to it in points."""
    n_national = edition.n_lsoas_england
    groups = [(area.name, lsoas[lsoas["lsoa_code"].isin(area.lsoas[edition.key])]) for area in areas]
    groups.append((f"{place} (all)", lsoas))
    rows = []
    for i, (name, frame) in enumerate(groups):
        summary = summarise(frame, "imd", n_national)
        total, k = summary["n_lsoas"], summary["n_most_deprived_10pct"]
        rest = rest_of_borough(lsoas, frame["lsoa_code"])
        label, rest_k, rest_n, gap = f"{name}: {k} of {total}", np.nan, len(rest), np.nan
        if i < len(areas) and rest_n:
            rest_k = summarise(rest, "imd", n_national)["n_most_deprived_10pct"]
            gap = 100 * (k / total - rest_k / rest_n)
            label += f"{LINE_BREAK}rest of borough: {rest_k} of {rest_n}, gap {gap:+.0f} points"
        start = 0.0
        for decile in range(1, 11):
            n = summary[f"n_decile_{decile}"]
            if n:
                rows.append({"area": name, "label": label, "decile": decile,
                             "n": n, "start": start, "end": start + n / total, "mid": start + n / total / 2,
                             "n_lsoas": total, "n_most_deprived": k, "rest_n_lsoas": rest_n,
                             "rest_n_most_deprived": rest_k, "gap_to_rest_points": gap})
                start += n / total
    return pd.DataFrame(rows)
