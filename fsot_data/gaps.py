"""The gaps the framework sets out to close, as tables: the borough against England, and areas of the
borough (wards, priority areas, the most and least deprived fifths, a user's own set of LSOAs) against
the borough and England, for each FSOT outcome domain. Pure data code: no Streamlit, no charts.

Rules kept here so every page shows the same figures:
- The borough's own summary measures (average score, proportion in the most deprived 10%, extent, local
  concentration and their ranks among districts) are MHCLG's published File 10 figures, never recomputed.
- Areas within the borough are summarised with fsot_data.measures (File 10's definitions); IoD2025 has no
  population denominators here, so its area figures are unweighted and `weighting` says so.
- England's decile shares are 10% each by construction; the England row shows the national file's counts.
- Every area is also set against the rest of the borough (rest_of_borough: the borough's LSOAs not in the
  area, summarised by the area's own method), the comparator the framework's aim names.
- Fifths of the borough are quintiles of the borough's own LSOAs ordered by national IMD rank (1 = most
  deprived), so "most deprived fifth" means the borough's most deprived fifth, not a national quintile.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fsot_data.indicators import ENGLAND, NORTH_EAST, UK, compare_to_england, crosswalk_domains, crosswalk_indicators, role
from fsot_data.measures import summarise, summarise_by

WARD = "Ward"
PRIORITY = "Priority area"
FIFTH = "Fifth of the borough"
CUSTOM = "Your selection"
REST = "Rest of the borough"
NO_REST = "the area is the whole borough: there is no rest of the borough to compare it with"
BOROUGH = "Borough"
COUNTRY = "England"
MEASURED, PARTLY_MEASURED, NOT_MEASURED = "Measured", "Partly measured: a gap in measurement", "Not measured: a gap in measurement"

AREA_SUMMARY_MEASURES = ("prop_most_deprived_10pct", "average_score")
# File 10 measures shown for the borough; "proportion_10pct" is File 10's name for prop_most_deprived_10pct.
OFFICIAL_MEASURES = {
    "average_score": "Average score",
    "proportion_10pct": "Proportion of LSOAs in the most deprived 10%",
    "extent": "Extent",
    "local_concentration": "Local concentration",
    "average_rank": "Average rank",
}


@dataclass(frozen=True)
class Area:
    """A named set of the borough's LSOAs (of one edition's vintage) to compare with the borough."""
    key: str
    label: str
    kind: str
    lsoa_codes: tuple[str, ...]
    caveat: str = ""


# --------------------------------------------------------------------------------------------
# Area definitions


def ward_areas(lsoas: pd.DataFrame, ward_set_label: str) -> list[Area]:
    """One area per best-fit ward, in name order; the caveat names the ward set and the fit."""
    fits = lsoas.groupby("ward_code")["ward_fit"].agg(lambda s: ", ".join(f"{n} {fit}" for fit, n in s.value_counts().items()))
    areas = []
    for (code, name), group in lsoas.groupby(["ward_code", "ward_name"], sort=False):
        areas.append(Area(f"ward:{code}", str(name), WARD, tuple(group["lsoa_code"]),
                          f"Best-fit ward ({ward_set_label}): each LSOA counted whole in one ward; LSOA fit: {fits[code]}."))
    return sorted(areas, key=lambda a: a.label)


def priority_area_areas(priority_areas: Iterable, edition: str) -> list[Area]:
    """The framework's priority areas as LSOA sets of the edition's vintage (best-fit inferences)."""
    return [Area(f"priority:{p.key}", p.name, PRIORITY, tuple(p.lsoas[edition]), f"{p.kind}. {p.rationale}")
            for p in priority_areas]


def borough_fifths(lsoas: pd.DataFrame) -> pd.Series:
    """Fifth (1 = most deprived .. 5) of each borough LSOA by national IMD rank, as near-equal counts."""
    order = lsoas["imd_rank"].rank(method="first").astype(int)  # 1 = most deprived in the borough
    return pd.Series(np.ceil(5 * order / len(lsoas)).astype(int), index=lsoas.index, name="fifth")


def fifth_areas(lsoas: pd.DataFrame) -> list[Area]:
    """The borough's most and least deprived fifths of LSOAs (local quintiles of national IMD rank)."""
    fifths = borough_fifths(lsoas)
    caveat = ("The borough's own LSOAs split into five near-equal groups by national IMD rank "
              "(a local quintile, not a national one).")
    return [Area(f"fifth:{q}", label, FIFTH, tuple(lsoas.loc[fifths == q, "lsoa_code"]), caveat)
            for q, label in ((1, "Most deprived fifth of the borough"), (5, "Least deprived fifth of the borough"))]


def custom_area(lsoas: pd.DataFrame, codes: Sequence[str], label: str = CUSTOM) -> Area:
    """A user's set of LSOAs; ValueError with a plain message if it is empty or names LSOAs not in the borough."""
    chosen = list(dict.fromkeys(codes))
    if not chosen:
        raise ValueError("Choose at least one neighbourhood (LSOA) for your selection.")
    unknown = sorted(set(chosen) - set(lsoas["lsoa_code"]))
    if unknown:
        raise ValueError(f"{len(unknown)} of the chosen LSOAs are not among the borough's LSOAs for this edition "
                         f"(e.g. {unknown[0]}); LSOA codes changed in 2021, so choose them again for this edition.")
    return Area("custom", label, CUSTOM, tuple(chosen), f"{len(chosen)} LSOAs chosen by you.")


def members(lsoas: pd.DataFrame, areas: Sequence[Area]) -> pd.DataFrame:
    """One row per (area, LSOA) with the LSOA's columns plus area_key, area_label and area_kind.

    An LSOA appears once for each area it belongs to (a ward and a priority area may share it).
    """
    pairs = pd.DataFrame([(a.key, a.label, a.kind, code) for a in areas for code in a.lsoa_codes],
                         columns=["area_key", "area_label", "area_kind", "lsoa_code"])
    missing = pairs.loc[~pairs["lsoa_code"].isin(lsoas["lsoa_code"])]
    if len(missing):
        first = missing.iloc[0]
        raise ValueError(f"{first['area_label']}: {len(missing)} LSOAs are not in this edition's table (e.g. {first['lsoa_code']}).")
    return pairs.merge(lsoas, on="lsoa_code", how="left", validate="many_to_one")


# --------------------------------------------------------------------------------------------
# Areas against the borough and England


def official_borough(lad_summaries: pd.DataFrame, lad_code: str, index_key: str) -> dict[str, float]:
    """MHCLG's published File 10 measures (and ranks) for the borough and one index: {measure: value}."""
    rows = lad_summaries[lad_summaries["lad_code"].eq(lad_code) & lad_summaries["index"].eq(index_key)]
    return {str(m): float(v) for m, v in zip(rows["measure"], rows["value"], strict=True) if pd.notna(v)}


def borough_comparator(lad_summaries: pd.DataFrame, lad_code: str, lsoas: pd.DataFrame, index_key: str,
                       n_national: int) -> dict[str, float]:
    """The borough as areas are compared with it: File 10's published figures, except the average score,
    which is computed exactly as the areas' are, so a score gap never sets an unweighted area mean (IoD2025
    has no population denominators here) against MHCLG's population-weighted figure. The published score
    stays beside it as `published_average_score`."""
    official = official_borough(lad_summaries, lad_code, index_key)
    same_method = summarise(lsoas, index_key, n_national)
    return {**official, "published_average_score": official.get("average_score", np.nan),
            "average_score": same_method["average_score"], "score_weighting": same_method["weighting"]}


def england_reference(national: pd.DataFrame, index_key: str, n_national: int) -> dict:
    """England's figures for one index from the national LSOA file (proportion in decile 1 is 10% by construction)."""
    return summarise(national, index_key, n_national)


def area_summaries(lsoas: pd.DataFrame, areas: Sequence[Area], index_key: str, n_national: int) -> pd.DataFrame:
    """fsot_data.measures summaries of each area for one index, in the order the areas were given."""
    frame = members(lsoas, areas)
    summary = summarise_by(frame, "area_key", index_key, n_national)
    info = pd.DataFrame([{"area_key": a.key, "area": a.label, "kind": a.kind, "caveat": a.caveat} for a in areas])
    return info.merge(summary.reset_index(), on="area_key", how="left", validate="one_to_one")


def rest_of_borough(lsoas: pd.DataFrame, area_codes: Iterable[str], code_column: str = "lsoa_code") -> pd.DataFrame:
    """The borough's LSOAs that are not in the area (empty when the area is the whole borough); with
    `code_column`, the same for any table of the borough's small areas (its wards' rows in a ward file).

    Why: the framework aims at "closing outcome gaps for disadvantaged communities and deprived areas with the
    rest of the Borough". Set against the whole borough, an area is partly compared with itself, so its gap
    shrinks as the area grows (and is nil for the whole borough); against the rest it is like for like.
    Summarise the result exactly as the area is summarised (fsot_data.measures.summarise_by, same index, same
    n_national and weight column; counts added up for a rate), which rest_summaries, decile_mix and
    area_indicator_values do, so the two figures differ only by their small areas. Every rest of the borough
    in the app is made here: a second way of making one would let two pages disagree.
    """
    return lsoas[~lsoas[code_column].isin(set(area_codes))]


def rest_summaries(lsoas: pd.DataFrame, areas: Sequence[Area], index_key: str, n_national: int) -> pd.DataFrame:
    """summarise_by of each area's rest of the borough for one index: one row per area (column area_key),
    in the areas' order. An area whose rest is empty keeps a row with n_lsoas 0, NaN measures and rest_note."""
    rests = [rest_of_borough(lsoas, a.lsoa_codes).assign(area_key=a.key) for a in areas]
    frame = pd.concat([r for r in rests if len(r)] or [lsoas.iloc[:0].assign(area_key="")], ignore_index=True)
    summary = summarise_by(frame, "area_key", index_key, n_national) if len(frame) else pd.DataFrame()
    out = summary.reindex([a.key for a in areas]).rename_axis("area_key").reset_index()
    out["n_lsoas"] = out["n_lsoas"].fillna(0).astype(int)
    out["rest_note"] = np.where(out["n_lsoas"].eq(0), NO_REST, "")
    return out


def area_gaps(summaries: pd.DataFrame, borough: dict[str, float], england: dict, rest: pd.DataFrame) -> pd.DataFrame:
    """Each area's share in the most deprived 10% and average score, with the gaps to the borough and England.

    Gaps are area minus comparator: positive means the area is MORE deprived (higher share, higher score).
    Shares are proportions (0-1); the borough figures are File 10's, England's are the national file's.
    `rest` (rest_summaries of the same areas and index) gives the rest of the borough: rest_n_lsoas,
    rest_share, rest_score, rest_weighting, share_gap_rest, score_gap_rest and rest_note (why a rest is absent).
    """
    out = summaries[["area_key", "area", "kind", "n_lsoas", "n_most_deprived_10pct", "prop_most_deprived_10pct",
                     "average_score", "weighting", "weighting_label"]].copy()
    borough_share = borough.get("proportion_10pct", np.nan)
    borough_score = borough.get("average_score", np.nan)
    out["borough_share"] = borough_share
    out["england_share"] = england["prop_most_deprived_10pct"]
    out["share_gap_borough"] = out["prop_most_deprived_10pct"] - borough_share
    out["share_gap_england"] = out["prop_most_deprived_10pct"] - england["prop_most_deprived_10pct"]
    out["borough_score"] = borough_score
    out["england_score"] = england["average_score"]
    out["england_weighting"] = england["weighting"]
    out["england_weighting_label"] = england["weighting_label"]
    out["score_gap_borough"] = out["average_score"] - borough_score
    out["score_gap_england"] = out["average_score"] - england["average_score"]
    rest = rest.set_index("area_key").reindex(out["area_key"])
    out["rest_n_lsoas"] = rest["n_lsoas"].to_numpy()
    out["rest_share"] = rest["prop_most_deprived_10pct"].to_numpy()
    out["rest_score"] = rest["average_score"].to_numpy()
    out["rest_weighting"] = rest["weighting"].to_numpy()
    out["share_gap_rest"] = out["prop_most_deprived_10pct"] - out["rest_share"]
    out["score_gap_rest"] = out["average_score"] - out["rest_score"]
    out["rest_note"] = rest["rest_note"].to_numpy()
    return out


AREA = "Area"  # the role of an area's own row in decile_mix and area_indicator_values (beside REST, BOROUGH, COUNTRY)
MOST_DEPRIVED_DECILES = (1, 2)  # decile_mix_gaps' summary: the share in England's most deprived 20% (deciles 1 and 2)


def decile_mix(lsoas: pd.DataFrame, areas: Sequence[Area], national: pd.DataFrame, index_key: str,
               borough_label: str) -> pd.DataFrame:
    """Long table of LSOA counts and shares by national decile: each area followed by its rest of the borough
    (rest_of_borough, counted the same way), then the borough, then England.

    Columns: area (the area a row belongs to; the borough's and England's own names for theirs), role (AREA,
    REST, BOROUGH or COUNTRY), kind, decile (1 = most deprived 10% nationally), n_lsoas, share, order (display
    order). An area that is the whole borough has no REST rows.
    """
    decile_col = f"{index_key}_decile"
    parts = [members(lsoas, areas)[["area_key", decile_col]].assign(role=AREA)]
    parts += [rest_of_borough(lsoas, a.lsoa_codes)[[decile_col]].assign(area_key=a.key, role=REST) for a in areas]
    parts.append(lsoas[[decile_col]].assign(area_key=BOROUGH, role=BOROUGH))
    frame = pd.concat(parts, ignore_index=True)
    counts = frame.groupby(["area_key", "role", decile_col]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=range(1, 11), fill_value=0)
    counts.loc[(COUNTRY, COUNTRY), :] = national[decile_col].value_counts().reindex(range(1, 11), fill_value=0).to_numpy()
    rows = [(a.key, role) for a in areas for role in (AREA, REST)] + [(BOROUGH, BOROUGH), (COUNTRY, COUNTRY)]
    counts = counts.reindex(index=[r for r in rows if r in counts.index])
    labels = {a.key: a.label for a in areas} | {BOROUGH: borough_label, COUNTRY: COUNTRY}
    kinds = {a.key: a.kind for a in areas} | {BOROUGH: BOROUGH, COUNTRY: COUNTRY}
    out = counts.stack().rename("n_lsoas").reset_index().rename(columns={decile_col: "decile"})
    out["n_lsoas"] = out["n_lsoas"].astype(int)
    out["decile"] = out["decile"].astype(int)
    out["share"] = out["n_lsoas"] / out.groupby(["area_key", "role"])["n_lsoas"].transform("sum")
    out["order"] = out.set_index(["area_key", "role"]).index.map({row: i for i, row in enumerate(counts.index)})
    out["area"], out["kind"] = out["area_key"].map(labels), out["area_key"].map(kinds)
    return out[["area", "role", "kind", "decile", "n_lsoas", "share", "order"]].sort_values(["order", "decile"], ignore_index=True)


def decile_mix_gaps(mix: pd.DataFrame) -> pd.DataFrame:
    """Per area of decile_mix: its share in England's most deprived 10% and 20% (MOST_DEPRIVED_DECILES) and its
    rest of the borough's, and the gaps area minus rest in proportions (positive = the area is more deprived).

    Columns: area, n_lsoas, rest_n_lsoas, share_1, rest_share_1, gap_1, share_1_2, rest_share_1_2, gap_1_2,
    rest_note (NO_REST where the area is the whole borough). One row per area, in decile_mix's order.
    """
    def shares(role: str) -> pd.DataFrame:
        rows = mix[mix["role"].eq(role)]
        by_area = rows.groupby("area", sort=False)
        return pd.DataFrame({"n_lsoas": by_area["n_lsoas"].sum(),
                             "share_1": rows[rows["decile"].eq(1)].groupby("area", sort=False)["share"].sum(),
                             "share_1_2": rows[rows["decile"].isin(MOST_DEPRIVED_DECILES)].groupby("area", sort=False)["share"].sum()})
    area, rest = shares(AREA), shares(REST).reindex(shares(AREA).index)
    out = area.assign(rest_n_lsoas=rest["n_lsoas"].fillna(0).astype(int), rest_share_1=rest["share_1"],
                      rest_share_1_2=rest["share_1_2"])
    out["gap_1"] = out["share_1"] - out["rest_share_1"]
    out["gap_1_2"] = out["share_1_2"] - out["rest_share_1_2"]
    out["rest_note"] = np.where(out["rest_n_lsoas"].eq(0), NO_REST, "")
    columns = ["n_lsoas", "rest_n_lsoas", "share_1", "rest_share_1", "gap_1", "share_1_2", "rest_share_1_2", "gap_1_2", "rest_note"]
    return out[columns].rename_axis("area").reset_index()


# --------------------------------------------------------------------------------------------
# The borough against England


def borough_decile_shares(lsoas_by_edition: dict[str, pd.DataFrame], index_key: str) -> pd.DataFrame:
    """Share of the borough's LSOAs in each national decile, per edition, against England's 10%."""
    rows = []
    for edition, lsoas in lsoas_by_edition.items():
        deciles = lsoas[f"{index_key}_decile"]
        if deciles.isna().all():
            continue
        counts = deciles.astype(int).value_counts().reindex(range(1, 11), fill_value=0)
        for decile, n in counts.items():
            rows.append({"edition": f"IoD{edition}", "decile": int(decile), "n_lsoas": int(n),
                         "n_borough": int(counts.sum()), "share": n / counts.sum(), "england_share": 0.1})
    return pd.DataFrame(rows, columns=["edition", "decile", "n_lsoas", "n_borough", "share", "england_share"])


def official_ranks(summaries_by_edition: dict[str, pd.DataFrame], lad_code: str, index_key: str,
                   n_districts: dict[str, int]) -> pd.DataFrame:
    """The borough's File 10 measures and ranks among districts (1 = most deprived), per edition.

    Columns: edition, measure, measure_label, value, rank, n_districts, rank_share (rank / n_districts).
    Measures File 10 does not publish for this index (extent and local concentration exist for the IMD
    only) are left out.
    """
    rows = []
    for edition, summaries in summaries_by_edition.items():
        figures = official_borough(summaries, lad_code, index_key)
        for measure, label in OFFICIAL_MEASURES.items():
            rank = figures.get(f"rank_of_{measure}")
            if rank is None:
                continue
            n = n_districts[edition]
            rows.append({"edition": f"IoD{edition}", "measure": measure, "measure_label": label,
                         "value": figures.get(measure, np.nan), "rank": int(rank), "n_districts": n,
                         "rank_share": rank / n})
    return pd.DataFrame(rows, columns=["edition", "measure", "measure_label", "value", "rank", "n_districts", "rank_share"])


def domain_indicators(compared: pd.DataFrame, crosswalk: dict, domain: str) -> pd.DataFrame:
    """The domain's curated indicators that have a borough figure in compare_to_england's table, headline first."""
    table = crosswalk_indicators(crosswalk)
    table = table[table["domain"].eq(domain) & table["indicator_id"].isin(set(compared["indicator_id"]))]
    return table.sort_values("headline", ascending=False, kind="mergesort").reset_index(drop=True)


def indicator_names(crosswalk: dict) -> dict[str, str]:
    """{indicator_id: display name} for every curated indicator."""
    table = crosswalk_indicators(crosswalk)
    return dict(zip(table["indicator_id"], table["display_name"], strict=True))


def indicator_notes(crosswalk: dict, indicator_id: str) -> tuple[str, ...]:
    """The crosswalk's caveat for one indicator, as a tuple of notes (empty if it has none)."""
    table = crosswalk_indicators(crosswalk).set_index("indicator_id")
    note = table.at[indicator_id, "note"] if indicator_id in table.index else ""
    return (note,) if note else ()


def headline_comparisons(indicators: pd.DataFrame, crosswalk: dict, lad_code: str) -> pd.DataFrame:
    """Each FSOT domain's headline indicator, latest period, against England (the UK where the source has no
    England figure), one row per sex where the source splits by sex; domains with no comparison are left out."""
    headlines = crosswalk_indicators(crosswalk).query("headline").set_index("domain")["indicator_id"]
    present = indicators[indicators["indicator_id"].isin(headlines)]  # one pass over the big table, not nine
    rows = []
    for domain in crosswalk_domains(crosswalk).itertuples():
        headline = headlines.get(domain.domain)
        if headline is None or headline not in set(present["indicator_id"]):
            continue
        compared = compare_to_england(present, lad_code, headline)
        compared = compared[compared["comparator_value"].notna() & compared["category"].eq("")]
        for _, row in compared.groupby("sex", sort=True).tail(1).iterrows():
            name = row["display_name"] + ("" if row["sex"] == "Persons" else f" ({row['sex'].lower()})")
            rows.append({"domain": domain.domain, "indicator": name, "period": row["period"],
                         "value": row["value"], "comparator": row["comparator_name"],
                         "comparator_value": row["comparator_value"], "unit": row["display_unit"],
                         "judgement": row["better_or_worse"], "basis": row["basis"], "source_id": row["source_id"]})
    return pd.DataFrame(rows, columns=["domain", "indicator", "period", "value", "comparator", "comparator_value",
                                       "unit", "judgement", "basis", "source_id"])


def borough_against_england(compared: pd.DataFrame, crosswalk: dict, domain: str) -> pd.DataFrame:
    """Latest borough figure of each of the domain's curated indicators (per sex) against its comparator,
    headline first, from compare_to_england's table.

    Adds index_vs_comparator (borough / comparator x 100, so the comparator is 100). Indicators with no
    comparator figure keep NaN there.
    """
    table = crosswalk_indicators(crosswalk)
    ids = table.loc[table["domain"].eq(domain)].sort_values("headline", ascending=False, kind="mergesort")["indicator_id"]
    rows = compared[compared["indicator_id"].isin(set(ids)) & compared["category"].eq("")]
    out = rows.groupby(["indicator_id", "sex"], sort=False).tail(1)  # compare_to_england sorts periods oldest first
    out = out.assign(_order=out["indicator_id"].map({i: n for n, i in enumerate(ids)}))
    out = out.sort_values(["_order", "sex"], kind="mergesort").drop(columns="_order").reset_index(drop=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["index_vs_comparator"] = 100 * out["value"] / out["comparator_value"]
    return out


def indicator_trend(compared: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """Every period of one indicator for the borough, its comparator and the North East, in long form,
    from compare_to_england's table.

    Columns: period, period_sort, sex, area, area_role (Borough / Comparator / Region), value, lower_ci,
    upper_ci (the borough's 95% limits where published), polarity, display_unit, better_or_worse, basis.
    """
    compared = compared[compared["indicator_id"].eq(indicator_id) & compared["category"].eq("")]
    keep = ["period", "period_sort", "sex", "polarity", "display_unit", "better_or_worse", "basis"]
    borough = compared[[*keep, "area_name", "value", "lower_ci", "upper_ci"]].rename(columns={"area_name": "area"})
    borough["area_role"] = BOROUGH
    comparator = compared[[*keep, "comparator_name", "comparator_value"]].rename(
        columns={"comparator_name": "area", "comparator_value": "value"}).assign(area_role="Comparator")
    region = compared[[*keep, "region_name", "region_value"]].rename(
        columns={"region_name": "area", "region_value": "value"}).assign(area_role="Region")
    long = pd.concat([borough, comparator, region], ignore_index=True)
    long = long[long["value"].notna()]
    # Comparator/region rows keep the borough's verdict columns only on the borough's own row.
    long.loc[long["area_role"].ne(BOROUGH), ["better_or_worse", "basis"]] = ""
    return long.sort_values(["area_role", "sex", "period_sort"], ignore_index=True)


def measurement_coverage(crosswalk: dict, indicators: pd.DataFrame, lad_code: str) -> pd.DataFrame:
    """What each of the nine domains can be measured with today: one row per domain, framework order.

    Columns: domain, status, iod_indices (IoD indices measuring it), borough_vs_england (curated indicators
    with a borough and a comparator figure), with_trend (of those, with 2+ periods), small_area (curated ward
    or LSOA indicators), proxies, measurable_today and not_measurable (the crosswalk's statements).
    Status: MEASURED with an IoD index and a borough-vs-England trend; NOT_MEASURED with no evidence of its
    own at all; PARTLY_MEASURED in between (one survey year, counts without denominators, no small areas).
    """
    table = crosswalk_indicators(crosswalk)
    other_districts = indicators["area_type"].eq("LAD") & indicators["area_code"].ne(lad_code)
    curated = indicators[indicators["indicator_id"].isin(set(table["indicator_id"])) & indicators["value"].notna()
                         & ~other_districts]
    rows = []
    for d in crosswalk_domains(crosswalk).itertuples():
        ids = set(table.loc[table["domain"].eq(d.domain), "indicator_id"])
        data = curated[curated["indicator_id"].isin(ids)]
        borough = data[data["area_code"].eq(lad_code)]
        comparators = set(data.loc[data["area_code"].isin([ENGLAND, UK]), "indicator_id"])
        compared = set(borough["indicator_id"]) & comparators
        periods = borough[borough["indicator_id"].isin(compared)].groupby("indicator_id")["period"].nunique()
        small = set(data.loc[data["area_type"].isin(["Ward", "LSOA"]), "indicator_id"])
        n_iod, with_trend = len(d.iod_indices), int((periods >= 2).sum())
        if n_iod and with_trend:
            status = MEASURED
        elif n_iod or compared or small:
            status = PARTLY_MEASURED
        else:
            status = NOT_MEASURED
        rows.append({"domain": d.domain, "status": status, "iod_indices": n_iod, "borough_vs_england": len(compared),
                     "with_trend": with_trend, "small_area": len(small), "proxies": len(d.proxy_indicators),
                     "measurable_today": d.measurable_today, "not_measurable": d.not_measurable})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Small-area outcome indicators (ward and LSOA files)

RATE_UNIT_PREFIX = "%"


def area_rate_indicators(indicators: pd.DataFrame, crosswalk: dict) -> pd.DataFrame:
    """Curated ward or LSOA indicators that are rates (display unit a %), comparable between areas.

    Counts without denominators (insolvencies, Housing Benefit claimants) are left out on purpose.
    """
    table = crosswalk_indicators(crosswalk)
    small = set(indicators.loc[indicators["area_type"].isin(["Ward", "LSOA"]), "indicator_id"])
    rates = table[table["indicator_id"].isin(small) & table["display_unit"].str.startswith(RATE_UNIT_PREFIX)]
    levels = indicators.loc[indicators["area_type"].isin(["Ward", "LSOA"])].groupby("indicator_id")["area_type"].first()
    return rates.assign(level=rates["indicator_id"].map(levels)).reset_index(drop=True)


def latest_counts(indicators: pd.DataFrame, numerator_id: str, denominator_id: str) -> pd.DataFrame:
    """The numerator and denominator counts of a rate by area code (latest period of each): columns numerator,
    denominator (NaN where an area lacks one), with the period in `attrs["period"]`. Made once, summed many times."""
    parts, period = {}, ""
    for name, indicator_id in (("numerator", numerator_id), ("denominator", denominator_id)):
        rows = indicators.loc[indicators["indicator_id"].eq(indicator_id)]
        if "period_sort" in rows.columns:  # the built table orders periods; keep only the latest
            rows = rows[rows["period_sort"].eq(rows["period_sort"].max())]
        parts[name] = rows.groupby("area_code")["value"].sum()
        period = str(rows["period"].iloc[0]) if len(rows) else period
    table = pd.DataFrame(parts).reindex(columns=["numerator", "denominator"])
    table.attrs["period"] = period
    return table


def sum_counts(counts: pd.DataFrame, area_codes: Iterable[str]) -> tuple[float, float, str, int]:
    """latest_counts added up over a set of LSOAs or wards (or one district): (num, den, period, n_missing).

    The sums are NaN when any area lacks either count (n_missing of them): a rate over part of an area would mislead."""
    wanted = pd.Index(list(dict.fromkeys(area_codes)))
    chosen = counts.reindex(wanted)
    n_missing = int(chosen.isna().any(axis=1).sum())
    if n_missing:
        return np.nan, np.nan, counts.attrs["period"], n_missing
    return float(chosen["numerator"].sum()), float(chosen["denominator"].sum()), counts.attrs["period"], 0


def summed_counts(indicators: pd.DataFrame, numerator_id: str, denominator_id: str,
                  area_codes: Iterable[str]) -> tuple[float, float, str, int]:
    """A rate's counts (latest period) added up over a set of areas: sum_counts of latest_counts."""
    return sum_counts(latest_counts(indicators, numerator_id, denominator_id), area_codes)


NOT_THIS_KIND = "not available for this kind of area"
NO_COUNTS = ("no rest-of-borough figure: the source publishes this rate without the counts behind it (crosswalk.toml gives "
             "no `counts`), so the other wards' rates cannot be added up")


def area_indicator_values(indicators: pd.DataFrame, rate: dict, areas: Sequence[Area], lad_code: str,
                          lsoas: pd.DataFrame) -> pd.DataFrame:
    """One small-area rate indicator for each area and its rest of the borough, with the borough, the North East
    and England (where the source gives them) as published.

    Ward indicators apply to ward areas whose code is in the file (the wards in force until May 2023); their rest
    of the borough is the file's other wards. LSOA indicators are re-aggregated for any set of LSOAs, and its rest
    (the borough's other LSOAs in `lsoas`, the areas' edition), as sum(numerator) / sum(denominator) x 100, only
    when every LSOA has a figure (2011 LSOAs: the IoD2019 vintage). A ward rate with `counts` in crosswalk.toml
    is made the same way for the ward and its rest; one without has no rest (NO_COUNTS), since rates cannot be
    averaged into a rate. Both rests come from rest_of_borough.
    Columns: area, kind, value, period, coverage, role (AREA / Borough / Region / England), and for AREA rows
    rest_value, rest_n_areas, rest_coverage, rest_note (why there is no rest value), england_value, gap_rest
    (area minus rest) and gap_england (area minus England), in the rate's points.
    """
    indicator_id, numerator_id, denominator_id = rate["indicator_id"], rate.get("numerator_id"), rate.get("denominator_id")
    rows_all = indicators[indicators["indicator_id"].eq(indicator_id) & indicators["value"].notna()]
    period = str(rows_all["period"].iloc[0]) if len(rows_all) else ""
    values = rows_all.set_index("area_code")["value"]
    wards = rows_all[rows_all["area_type"].eq("Ward")]
    england_value = float(values[ENGLAND]) if ENGLAND in values.index else np.nan
    counts = latest_counts(indicators, numerator_id, denominator_id) if numerator_id else None
    shortfall = _ward_total_shortfall(counts, wards["area_code"], lad_code) if rate["level"] == "Ward" and numerator_id else ""

    def summed_rate(codes: Sequence[str], what: str) -> tuple[float, str]:
        numerator, denominator, _, n_missing = sum_counts(counts, codes)
        if n_missing:
            return np.nan, f"{n_missing} of {len(codes)} {what} have no figure (the file is on 2011 LSOAs: use IoD2019)"
        return 100 * numerator / denominator, f"added up from the counts of {len(codes)} {what}"

    out = []
    for area in areas:
        value, coverage, rest_value, rest_codes, rest_coverage, rest_note = np.nan, NOT_THIS_KIND, np.nan, [], "", NOT_THIS_KIND
        if rate["level"] == "Ward" and area.kind == WARD:
            code = area.key.split(":", 1)[1]
            if code not in values.index:
                coverage = rest_note = "no figure for this ward (the file covers the wards in force until May 2023)"
            else:
                rest_codes = list(rest_of_borough(wards, [code], code_column="area_code")["area_code"])
                if not numerator_id:
                    value, coverage, rest_note = float(values[code]), "ward figure", NO_COUNTS
                else:
                    (value, coverage), (rest_value, rest_coverage) = summed_rate([code], "ward"), summed_rate(rest_codes, "wards")
                    rest_coverage += shortfall
                    rest_note = "" if rest_codes else NO_REST
        elif rate["level"] == "LSOA":
            value, coverage = summed_rate(area.lsoa_codes, "LSOAs")
            rest_codes = list(rest_of_borough(lsoas, area.lsoa_codes)["lsoa_code"])
            rest_value, rest_coverage = summed_rate(rest_codes, "LSOAs") if rest_codes else (np.nan, "")
            rest_note = NO_REST if not rest_codes else ("" if np.isfinite(rest_value) else rest_coverage)
        out.append({"area": area.label, "kind": area.kind, "value": value, "period": period, "coverage": coverage,
                    "role": AREA, "rest_value": rest_value, "rest_n_areas": len(rest_codes), "rest_coverage": rest_coverage,
                    "rest_note": rest_note, "england_value": england_value,
                    "gap_rest": value - rest_value, "gap_england": value - england_value})
    for code, comparator in ((lad_code, BOROUGH), (NORTH_EAST, "Region"), (ENGLAND, COUNTRY)):
        if code in values.index:
            name = rows_all.loc[rows_all["area_code"].eq(code), "area_name"].iloc[0]
            out.append({"area": str(name), "kind": comparator, "value": float(values[code]), "period": period,
                        "coverage": "published figure", "role": comparator})
    return pd.DataFrame(out)


def _ward_total_shortfall(counts: pd.DataFrame, ward_codes: Iterable[str], lad_code: str) -> str:
    """A caveat when the wards' denominators (latest_counts) do not add up to the borough's published one (more
    than 0.5% apart): a rest of the borough added up from wards then leaves out what no ward holds."""
    _, wards_total, _, _ = sum_counts(counts, ward_codes)
    _, borough_total, _, missing = sum_counts(counts, [lad_code])
    if missing or not np.isfinite(wards_total) or abs(wards_total - borough_total) <= 0.005 * borough_total:
        return ""
    return (f"; the wards' denominators add up to {wards_total:,.0f}, not the borough's published {borough_total:,.0f}, "
            "so the rest covers only what the wards hold")


# --------------------------------------------------------------------------------------------
# The framework's headline claims


def wards_with_decile1(lsoas: pd.DataFrame) -> pd.DataFrame:
    """Per best-fit ward: LSOAs, LSOAs in national IMD decile 1, and whether it has at least one."""
    out = (lsoas.groupby(["ward_code", "ward_name"]).agg(n_lsoas=("lsoa_code", "size"),
                                                         n_decile_1=("imd_decile", lambda s: int((s == 1).sum())))
           .reset_index())
    out["has_decile_1"] = out["n_decile_1"] > 0
    return out.sort_values(["n_decile_1", "ward_name"], ascending=[False, True], ignore_index=True)


def ward_score_proxy(lsoas: pd.DataFrame, national: pd.DataFrame, n_national: int) -> tuple[pd.DataFrame, float]:
    """Each ward's IMD average score against the score of England's 10%-most-deprived LSOA boundary.

    A PROXY for "ward in the national 10% most deprived": the proper test ranks every English ward,
    which needs a national LSOA-to-ward lookup this build does not have. Ward averages are smoother than
    LSOA scores, so this threshold is stricter than a ward ranking's would be and undercounts.
    Returns (table, threshold); the table has ward_code, ward_name, average_score, weighting(_label), in_top_10pct.
    """
    cutoff_rank = n_national // 10
    threshold = float(national.loc[national["imd_rank"].le(cutoff_rank), "imd_score"].min())
    summary = summarise_by(lsoas, "ward_code", "imd", n_national).reset_index()
    names = lsoas.drop_duplicates("ward_code").set_index("ward_code")["ward_name"]
    table = summary[["ward_code", "n_lsoas", "n_most_deprived_10pct", "average_score", "weighting", "weighting_label"]].assign(
        ward_name=lambda f: f["ward_code"].map(names))
    table["in_top_10pct"] = table["average_score"] >= threshold
    return table.sort_values("average_score", ascending=False, ignore_index=True), threshold


def claim_evidence(claims: pd.DataFrame, claim_id: str) -> pd.DataFrame:
    """The published-claims file's evidence rows for one claim (official figures first)."""
    rows = claims[claims["claim_id"].eq(claim_id)]
    official = rows["evidence_type"].str.contains("official|derived", case=False)
    return rows.assign(_o=~official).sort_values("_o", kind="mergesort").drop(columns="_o").reset_index(drop=True)


def sii_trend(compared: pd.DataFrame, sex: str = "Male") -> pd.DataFrame:
    """Slope index of inequality in life expectancy (years), borough and England, every period, one sex."""
    trend = indicator_trend(compared, role("life_expectancy_gap"))
    return trend[trend["sex"].eq(sex)].reset_index(drop=True)


def sii_ranks(indicators: pd.DataFrame, lad_code: str, sex: str = "Male") -> pd.DataFrame:
    """The borough's rank among English local authority districts on the slope index of inequality in life
    expectancy, per period (1 = largest gap; equal values share the best rank), with the largest gap.

    Columns: period, period_sort, sex, value, rank, n_districts, largest_value, largest_area.
    """
    rows = indicators[indicators["indicator_id"].eq(role("life_expectancy_gap")) & indicators["sex"].eq(sex)
                      & indicators["area_type"].eq("LAD") & indicators["value"].notna()].copy()
    rows["rank"] = rows.groupby("period")["value"].rank(ascending=False, method="min").astype(int)
    top = rows.sort_values("value", ascending=False).groupby("period").head(1).set_index("period")
    mine = rows[rows["area_code"].eq(lad_code)].copy()
    mine["n_districts"] = mine["period"].map(rows.groupby("period").size())
    mine["largest_value"] = mine["period"].map(top["value"])
    mine["largest_area"] = mine["period"].map(top["area_name"])
    columns = ["period", "period_sort", "sex", "value", "rank", "n_districts", "largest_value", "largest_area"]
    return mine[columns].sort_values("period_sort", ignore_index=True)
