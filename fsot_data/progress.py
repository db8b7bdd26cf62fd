"""Is the gap closing? The framework's 17 outcome measures from adoption (October 2021) to the latest
figures, the borough's deprivation over three IoD editions, and the priority areas against the rest of the
borough: everything the progress page and the annual progress report show. Pure data layer (no Streamlit).

The measures and what measures them are declared in outcomes_framework.toml; the verdict rule is
`gap_verdict`, written once here and quoted by the page and the report (VERDICT_RULE).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from datafiles.errors import DataProblem
from fsot_data.editions import EDITIONS
from fsot_data.gaps import rest_of_borough
from fsot_data.measures import rank_areas, summarise, summarise_by

FRAMEWORK_FILE = Path(__file__).with_name("outcomes_framework.toml")
KINDS = {"indicator": "Indicator", "proxy": "Proxy", "not_measured": "Not measured today"}
CLOSING, WIDENING, NO_CLEAR_CHANGE, NOT_MEASURED = "closing", "widening", "no clear change", "not measured"
VERDICTS = (CLOSING, WIDENING, NO_CLEAR_CHANGE, NOT_MEASURED)
MATERIAL_SHARE = 0.05  # without intervals, a gap must move by 5% of the comparator's baseline value to count
_JUDGED = {"worse": "worse than", "similar": "similar to", "better": "better than"}
_FIELDS = {"domain", "measure", "kind", "indicator", "sex", "baseline_period", "baseline_note", "note", "would_be_measured_by"}

VERDICT_RULE = (
    "The gap is the borough's shortfall against the comparator (England; the UK where a source has no England row), "
    "signed by the indicator's polarity so that a positive gap means worse than the comparator. Closing means the "
    "shortfall fell (or a lead grew) between the baseline and the latest period; widening that it rose (or a lead "
    "shrank). Where the figures have 95% confidence intervals (or a Fingertips significance flag), each period is "
    "first judged as Fingertips does, the interval against the comparator's value (better, similar or worse), and "
    "a change counts only if that judgement moved: a gap that stays 'similar' or stays 'worse' is no clear change. "
    f"Without intervals, a change counts only if the gap moved by at least {MATERIAL_SHARE:.0%} of the comparator's "
    "baseline value (a stated rule of thumb, not a significance test). 'Worse than England and worsening' flags a "
    "measure that is worse than the comparator in the latest period and whose gap is widening.")


@dataclass(frozen=True)
class Measure:
    """One of the framework's outcome measures and what measures it today (see outcomes_framework.toml)."""
    key: str
    domain: str
    measure: str
    kind: str
    indicator: str | None
    sex: str | None
    baseline_period: str | None
    baseline_note: str
    note: str
    would_be_measured_by: str


def _problem(problem: str, fix: str) -> DataProblem:
    return DataProblem(str(FRAMEWORK_FILE), problem, fix)


def load_outcomes_framework(path: Path = FRAMEWORK_FILE) -> list[Measure]:
    """The measures in file order; DataProblem naming the file for bad TOML, unknown fields or kinds, or a
    measured entry without an indicator and baseline period."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataProblem(str(path), f"the outcomes framework cannot be read ({error}).", "fix the TOML syntax.") from error
    measures = []
    for key, entry in raw.get("measures", {}).items():
        unknown = sorted(set(entry) - _FIELDS)
        if unknown:
            raise DataProblem(str(path), f"measure '{key}' has unknown field(s) {unknown}.", f"use only {sorted(_FIELDS)}.")
        kind = entry.get("kind")
        if kind not in KINDS:
            raise DataProblem(str(path), f"measure '{key}' has kind {kind!r}.", f"kind must be one of {list(KINDS)}.")
        needed = ["domain", "measure"] + (["indicator", "baseline_period"] if kind != "not_measured" else [])
        needed += ["would_be_measured_by"] if kind != "indicator" else []
        missing = [f for f in needed if not entry.get(f)]
        if missing:
            raise DataProblem(str(path), f"measure '{key}' ({kind}) lacks {', '.join(missing)}.", "add the missing field(s).")
        if kind == "not_measured" and entry.get("indicator"):
            raise DataProblem(str(path), f"measure '{key}' is not_measured but names an indicator.",
                              "make it a proxy, or remove the indicator.")
        measures.append(Measure(key, entry["domain"], entry["measure"], kind, entry.get("indicator"), entry.get("sex"),
                                entry.get("baseline_period"), entry.get("baseline_note", ""), entry.get("note", ""),
                                entry.get("would_be_measured_by", "")))
    if not measures:
        raise DataProblem(str(path), "lists no measures.", "add [measures.<key>] tables.")
    return measures


def check_framework(measures: list[Measure], compared: pd.DataFrame) -> None:
    """Every indicator, sex and baseline period named in the framework has a borough figure in `compared` (the
    built indicators through compare_to_england); otherwise a DataProblem naming the measure (an id mistyped or
    dropped from a source)."""
    for m in (m for m in measures if m.indicator):
        rows = compared[compared["indicator_id"].eq(m.indicator)]
        if rows.empty:
            raise _problem(f"measure '{m.key}' names indicator {m.indicator!r}, which has no figures for the borough "
                           "in the indicator files.", "use an indicator_id from the indicator CSVs (see crosswalk.toml).")
        if m.sex and not rows["sex"].eq(m.sex).any():
            raise _problem(f"measure '{m.key}': indicator {m.indicator!r} has no {m.sex!r} series.",
                           f"use one of {sorted(set(rows['sex']))}.")
        if not rows["period"].eq(m.baseline_period).any():
            raise _problem(f"measure '{m.key}': baseline period {m.baseline_period!r} is not a period of {m.indicator!r}.",
                           f"use one of {list(dict.fromkeys(rows.sort_values('period_sort')['period']))}.")


def shortfall(gap: float, polarity: str) -> float:
    """Borough minus comparator, signed so that positive means worse than the comparator."""
    return -gap if polarity == "higher_is_better" else gap


def gap_change(baseline: pd.Series, latest: pd.Series) -> float:
    """The change in the shortfall from baseline to latest: positive = the borough lost ground on its comparator."""
    return shortfall(latest["gap"], latest["polarity"]) - shortfall(baseline["gap"], baseline["polarity"])


def gap_verdict(baseline: pd.Series, latest: pd.Series) -> tuple[str, str]:
    """(verdict, basis) for one measure from its baseline and latest rows of compare_to_england.

    Why two rules: OHID Fingertips judges a figure against its comparator by whether the 95% interval
    includes the comparator's value, so where intervals (or Fingertips' own flag) exist, a gap has changed only
    when that judgement moved (worse -> similar -> better, or back). Point estimates without intervals carry
    no measure of noise, so a change must be material: at least MATERIAL_SHARE of the comparator's baseline
    value. Polarity decides direction through `shortfall`. See VERDICT_RULE for the words shown to users.
    """
    if baseline["polarity"] == "no_judgement":
        return NOT_MEASURED, "the indicator has no polarity: a gap cannot be judged closing or widening"
    change = gap_change(baseline, latest)
    tested = [not str(row["basis"]).startswith("point estimates") for row in (baseline, latest)]
    if all(tested):
        order = {"worse": 0, "similar": 1, "better": 2}
        before, after = order[baseline["better_or_worse"]], order[latest["better_or_worse"]]
        if before == after:
            return NO_CLEAR_CHANGE, f"{_JUDGED[baseline['better_or_worse']]} the comparator at both periods (95% intervals)"
        return (CLOSING if after > before else WIDENING), (f"from {_JUDGED[baseline['better_or_worse']]} to "
                                                            f"{_JUDGED[latest['better_or_worse']]} the comparator (95% intervals)")
    threshold = MATERIAL_SHARE * abs(baseline["comparator_value"])
    if abs(change) < threshold:
        return NO_CLEAR_CHANGE, f"no intervals: gap moved {abs(change):.3g}, under the {threshold:.3g} threshold"
    return ((WIDENING if change > 0 else CLOSING),
            f"no intervals: gap moved {abs(change):.3g}, over the {threshold:.3g} threshold")


def _series(compared: pd.DataFrame, m: Measure) -> pd.DataFrame:
    """The measure's borough series against its comparator, one row per period (oldest first)."""
    rows = compared[compared["indicator_id"].eq(m.indicator)]
    if m.sex:
        rows = rows[rows["sex"].eq(m.sex)]
    if rows["category"].nunique() > 1:
        rows = rows[rows["category"].eq("")]
    return rows[rows["comparator_value"].notna()].reset_index(drop=True)


def measure_progress(measures: list[Measure], compared: pd.DataFrame) -> pd.DataFrame:
    """From `compared` (indicators.compare_to_england for the borough, every indicator), one row per measure:
    indicator, baseline and latest value, comparator and gap at both, the change in the gap, the verdict and its
    basis, and the 'worse than England and worsening' flag. Gaps are borough minus comparator as published;
    gap_change is in the shortfall's sign (positive = the borough lost ground)."""
    check_framework(measures, compared)
    out = []
    for m in measures:
        row = {"key": m.key, "domain": m.domain, "measure": m.measure, "kind": m.kind, "kind_label": KINDS[m.kind],
               "indicator_id": m.indicator or "", "note": m.note, "baseline_note": m.baseline_note,
               "would_be_measured_by": m.would_be_measured_by, "worse_and_worsening": False}
        if m.indicator is None:
            out.append({**row, "verdict": NOT_MEASURED,
                        "basis": f"no source today; would be measured by: {m.would_be_measured_by}"})
            continue
        series = _series(compared, m)
        base = series[series["period"].eq(m.baseline_period)]
        if base.empty:
            out.append({**row, "indicator": m.indicator, "verdict": NOT_MEASURED,
                        "basis": f"no comparator figure for the baseline period {m.baseline_period}"})
            continue
        first = series.iloc[0]
        row.update(indicator=first["display_name"], unit=first["display_unit"], polarity=first["polarity"],
                   comparator=first["comparator_name"], source_id=first["source_id"], n_periods=len(series))
        base, last = base.iloc[0], series.iloc[-1]
        row.update(baseline_period=base["period"], baseline_value=base["value"], baseline_comparator=base["comparator_value"],
                   baseline_gap=base["gap"], baseline_judgement=base["better_or_worse"],
                   latest_period=last["period"], latest_value=last["value"], latest_comparator=last["comparator_value"],
                   latest_gap=last["gap"], latest_judgement=last["better_or_worse"])
        if last["period_sort"] <= base["period_sort"]:
            out.append({**row, "verdict": NOT_MEASURED,
                        "basis": f"only one period ({base['period']}) in the source: no change to judge"})
            continue
        verdict, basis = gap_verdict(base, last)
        row["gap_change"] = gap_change(base, last)
        row["worse_and_worsening"] = verdict == WIDENING and last["better_or_worse"] == "worse"
        out.append({**row, "verdict": verdict, "basis": basis})
    return pd.DataFrame(out)


def verdict_counts(progress: pd.DataFrame) -> dict[str, int]:
    """How many measures have each verdict, in VERDICTS order."""
    counts = progress["verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in VERDICTS}


def gap_series(measures: list[Measure], compared: pd.DataFrame) -> pd.DataFrame:
    """The gap over time (as shortfall: positive = worse than the comparator) for each measured measure with
    more than one period; the baseline period is marked. Columns: measure, indicator, period, period_sort,
    value, comparator, comparator_value, gap, shortfall, baseline, unit."""
    parts = []
    for m in (m for m in measures if m.indicator):
        series = _series(compared, m)
        if len(series) < 2:
            continue
        parts.append(pd.DataFrame({
            "measure": m.measure, "indicator": series["display_name"], "period": series["period"],
            "period_sort": series["period_sort"], "value": series["value"], "comparator": series["comparator_name"],
            "comparator_value": series["comparator_value"], "gap": series["gap"],
            "shortfall": [shortfall(g, p) for g, p in zip(series["gap"], series["polarity"], strict=True)],
            "baseline": series["period"].eq(m.baseline_period), "unit": series["display_unit"]}))
    return pd.concat(parts, ignore_index=True)


# --- deprivation over three editions ------------------------------------------------------------------

DEPRIVATION_CAVEAT = (
    "The three editions are not strictly comparable: each ranks LSOAs against each other at the time, with "
    "different data years (IoD2015 mostly 2012/13, IoD2019 mostly 2015/16, IoD2025 mostly 2021-23), changed "
    "indicators, 2011 LSOAs (120 in the borough) in 2015 and 2019 but 2021 LSOAs (124) in 2025, and different "
    "numbers of districts (326 in 2015, 317 in 2019, 296 in 2025). A change of rank says how the borough moved "
    "relative to other districts, not that deprivation rose or fell.")


def district_imd_summary(lsoas: pd.DataFrame, lad_code: str, n_national: int) -> dict:
    """One district's IMD summary as File 10 computes it, from every English LSOA (lad_code, imd_rank, imd_decile,
    imd_score, population): fsot_data.measures for every district, then ranked among them (1 = most deprived)."""
    ranked = rank_areas(summarise_by(lsoas, "lad_code", "imd", n_national))
    return {**ranked.loc[lad_code].to_dict(), "n_districts": len(ranked)}


def deprivation_editions(summaries: dict[str, pd.DataFrame], iod2015: pd.DataFrame, population_2015: pd.DataFrame,
                         lad_code: str) -> pd.DataFrame:
    """The borough's IMD summary in IoD2015, IoD2019 and IoD2025: rank of average score (1 = most deprived),
    average score, proportion of LSOAs in England's most deprived 10% and its rank, with the number of districts.

    IoD2019 and IoD2025 are MHCLG's published File 10 figures. IoD2015's File 10 is not among the sources, so its
    row is DERIVED by district_imd_summary from the IoD2015 LSOA scores, ranks and deciles for all 326 districts
    of 2013, weighted by the mid-2015 populations published with IoD2019 (IoD2015 itself used mid-2012, which
    the sources lack): a close stand-in for the published figure, not the figure itself.
    """
    rows = []
    for edition in ("2019", "2025"):
        table = summaries[edition]
        imd = table[table["index"].eq("imd")]
        mine = dict(zip(*imd[imd["lad_code"].eq(lad_code)][["measure", "value"]].to_numpy().T, strict=True))
        rows.append({"edition": f"IoD{edition}", "rank_of_average_score": mine["rank_of_average_score"],
                     "average_score": mine["average_score"], "prop_most_deprived_10pct": mine["proportion_10pct"],
                     "rank_of_prop_most_deprived_10pct": mine["rank_of_proportion_10pct"],
                     "n_districts": imd["lad_code"].nunique(), "how": "published (MHCLG File 10)",
                     "source_id": f"iod{edition}_lad_summaries"})
    frame = iod2015.merge(population_2015[["lsoa_code", "population"]], on="lsoa_code", how="left", validate="one_to_one")
    mine = district_imd_summary(frame, lad_code, len(iod2015))  # the national table: every English LSOA of 2011
    rows.insert(0, {"edition": "IoD2015", "rank_of_average_score": mine["rank_of_average_score"],
                    "average_score": mine["average_score"], "prop_most_deprived_10pct": mine["prop_most_deprived_10pct"],
                    "rank_of_prop_most_deprived_10pct": mine["rank_of_prop_most_deprived_10pct"],
                    "n_districts": mine["n_districts"],
                    "how": f"derived from LSOAs (fsot_data.measures, {mine['weighting']} by mid-2015 population)",
                    "source_id": "iod2015_imd"})
    out = pd.DataFrame(rows)
    for col in ("rank_of_average_score", "rank_of_prop_most_deprived_10pct", "n_districts"):
        out[col] = out[col].astype(int)
    return out


# --- priority areas against the rest of the borough ----------------------------------------------------

def priority_against_rest(lsoas: pd.DataFrame, areas, edition: str) -> pd.DataFrame:
    """Each priority area against the rest of the borough (its LSOAs not in the area), both summarised by
    fsot_data.measures in the same way: share of LSOAs in England's most deprived 10% and average IMD score,
    with the gaps (area minus rest: positive = the area is more deprived). The rest is gaps.rest_of_borough."""
    rows = []
    for area in areas:
        codes = area.lsoas[edition]
        mine, rest = (summarise(frame, "imd", EDITIONS[edition].n_lsoas_england)
                      for frame in (lsoas[lsoas["lsoa_code"].isin(codes)], rest_of_borough(lsoas, codes)))
        rows.append({"area": area.name, "n_lsoas": mine["n_lsoas"], "rest_n_lsoas": rest["n_lsoas"],
                     "prop_most_deprived_10pct": mine["prop_most_deprived_10pct"],
                     "rest_prop_most_deprived_10pct": rest["prop_most_deprived_10pct"],
                     "average_score": mine["average_score"], "rest_average_score": rest["average_score"],
                     "weighting": mine["weighting"]})
    out = pd.DataFrame(rows)
    out["gap_prop_most_deprived_10pct"] = out["prop_most_deprived_10pct"] - out["rest_prop_most_deprived_10pct"]
    out["gap_average_score"] = out["average_score"] - out["rest_average_score"]
    return out
