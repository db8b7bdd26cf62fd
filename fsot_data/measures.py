"""MHCLG's summary measures of deprivation for any set of LSOAs (a ward, a priority area, a selection, a district).

The definitions are those of the English Indices of Deprivation local authority summaries (IoD2019 and
IoD2025 File 10; research report / technical report), so a set's figures can sit beside the published ones:

- proportion in the most deprived 10% (20%): share of the set's LSOAs in national decile 1 (deciles 1-2);
- average rank: population-weighted mean of LSOA ranks, with ranks REVERSED so that the most deprived
  LSOA in England has rank N (n_national). A HIGHER average rank means MORE deprived, as in File 10;
- average score: population-weighted mean of LSOA scores (higher = more deprived for every index);
- extent: population-weighted share of people living in the nationally most deprived 30% of LSOAs, with
  weight 1 in the most deprived 10 percentiles and a sliding weight from 0.95 (11th percentile) down by
  0.9/19 per percentile to 0.05 (30th percentile), 0 beyond. The percentile of an LSOA of rank r is
  ceil(100 r / N) (1 = most deprived); File 10 is reproduced with this, not with dplyr::ntile;
- local concentration: population-weighted average (reversed) rank of the set's most deprived LSOAs that
  together hold exactly 10% of its population; the LSOA straddling the 10% line counts only with the
  population needed to reach it.

File 10 weights every index by total population except Employment (working-age population), IDACI
(children aged 0-15) and IDAOPI (people aged 60+); see WEIGHT_COLUMNS. When the denominators are missing
(the IoD2025 sources here have none), every weighted measure falls back to equal LSOA weights and the
result says so in its `weighting` field: such figures are NOT the published measures.

"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# The denominator File 10 uses per index; everything else (including sub-domains) uses total population.
WEIGHT_COLUMNS = {
    "employment": "population_working_age",
    "idaci": "population_children",
    "idaopi": "population_older",
}
TOTAL_POPULATION = "population"
_WEIGHT_LABELS = {
    "population": "total population",
    "population_working_age": "working-age population",
    "population_children": "population aged 0-15",
    "population_older": "population aged 60 and over",
}

WEIGHTED = "population-weighted"
UNWEIGHTED = "unweighted"
NO_DENOMINATORS = "no population denominators in this edition's source"
UNWEIGHTED_NO_DENOMINATORS = f"{UNWEIGHTED} ({NO_DENOMINATORS})"

_GROUP = "__group__"


def summarise(lsoas: pd.DataFrame, index_key: str, n_national: int, weight_col: str | None = None) -> dict:
    """Summary measures of one index for one set of LSOAs, as a flat dict (see summarise_by for the keys)."""
    frame = lsoas.assign(**{_GROUP: "all"})
    row = summarise_by(frame, _GROUP, index_key, n_national, weight_col).iloc[0]
    out = {}
    for key, value in row.items():
        if isinstance(value, (np.integer,)):
            value = int(value)
        elif isinstance(value, (np.floating,)):
            value = float(value)
        out[key] = value
    return out


def summarise_by(lsoas: pd.DataFrame, group_col: str, index_key: str, n_national: int,
                 weight_col: str | None = None) -> pd.DataFrame:
    """Summary measures of one index for each group of LSOAs; one row per group, indexed by group.

    Input: one row per LSOA with `{index_key}_rank`, `{index_key}_decile`, optionally `{index_key}_score`
    and population column(s) (NaN where the edition has none). LSOAs whose group is missing are left out.
    `weight_col` overrides the File 10 denominator (WEIGHT_COLUMNS, else "population").

    Columns: index_key, n_lsoas, n_decile_1..n_decile_10, n/prop_most_deprived_10pct, n/prop_most_deprived_20pct,
    average_rank (reversed: N = most deprived), average_score, extent, local_concentration,
    weighting (how the weighted measures were weighted, in words: weighting_label plus its note in brackets),
    weighting_label (WEIGHTED or UNWEIGHTED, short enough for an axis title), weighting_note (why, or "" if
    nothing to add), weight_column (None when unweighted), notes.
    """
    frame = _checked_lsoas(lsoas, group_col, index_key, n_national)
    wanted, fallback_note = _weight_column(frame, index_key, weight_col)
    work = _work_table(frame, group_col, index_key, wanted)
    n_groups = len(work.groups)
    n = np.bincount(work.ids, minlength=n_groups)
    pop_missing = np.bincount(work.ids, np.isnan(work.pop), minlength=n_groups).astype(int)
    score_missing = np.bincount(work.ids, np.isnan(work.score), minlength=n_groups).astype(int)
    weighted = pop_missing == 0
    w = np.where(weighted[work.ids], work.pop, 1.0)  # the population where the whole group has one, else 1 per LSOA
    rr = n_national + 1 - work.rank  # reversed rank: most deprived = N
    deciles = np.bincount(work.ids * 10 + work.decile - 1, minlength=n_groups * 10).reshape(n_groups, 10)

    def group_sum(values: np.ndarray) -> np.ndarray:
        return np.bincount(work.ids, values, minlength=n_groups)

    total_w = group_sum(w)
    n_10pct, n_20pct = deciles[:, 0], deciles[:, 0] + deciles[:, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        average_rank = group_sum(w * rr) / total_w
        average_score = np.where(score_missing == 0, group_sum(w * work.score) / total_w, np.nan)
        extent = group_sum(w * _extent_taper(work.rank, n_national)) / total_w
    labels = [WEIGHTED if ok else UNWEIGHTED for ok in weighted]
    reasons = [fallback_note if ok else NO_DENOMINATORS if missing == size
               else f"population missing for {missing} of {size} LSOAs"
               for ok, missing, size in zip(weighted, pop_missing, n, strict=True)]
    return pd.DataFrame({  # built in one go: adding 26 columns one by one cost more than the sums
        "index_key": index_key, "n_lsoas": n,
        **{f"n_decile_{decile}": deciles[:, decile - 1] for decile in range(1, 11)},
        "n_most_deprived_10pct": n_10pct, "prop_most_deprived_10pct": n_10pct / n,
        "n_most_deprived_20pct": n_20pct, "prop_most_deprived_20pct": n_20pct / n,
        "average_rank": average_rank, "average_score": average_score, "extent": extent,
        "local_concentration": _local_concentration(work.ids, work.rank, w, rr, n),
        "weighting": [f"{label} ({reason})" if reason else label for label, reason in zip(labels, reasons, strict=True)],
        "weighting_label": labels, "weighting_note": reasons,
        "weight_column": [wanted if ok else None for ok in weighted],
        "notes": [_score_note(index_key, missing, size) for missing, size in zip(score_missing, n, strict=True)],
    }, index=work.groups)


def _checked_lsoas(lsoas: pd.DataFrame, group_col: str, index_key: str, n_national: int) -> pd.DataFrame:
    """The LSOAs that have a group, after checking every rank and decile is there and possible for n_national:
    a summary that silently left LSOAs out, or used the wrong edition's N, would be wrong without saying so."""
    rank_col, decile_col = f"{index_key}_rank", f"{index_key}_decile"
    for col in (group_col, rank_col, decile_col):
        if col not in lsoas.columns:
            raise KeyError(f"column {col!r} is missing: summarise needs {group_col!r}, {rank_col!r} and {decile_col!r}.")
    if not isinstance(n_national, (int, np.integer)) or n_national <= 0:
        raise ValueError("n_national must be the number of LSOAs in England (editions.Edition.n_lsoas_england), "
                         f"not {n_national!r}.")
    frame = lsoas[lsoas[group_col].notna()]
    if len(frame) == 0:
        raise ValueError(f"no LSOAs given (or none with a {group_col!r}): a summary needs at least one LSOA.")
    ranks = frame[rank_col].astype("float64")
    deciles = frame[decile_col].astype("float64")
    if ranks.isna().all():
        raise ValueError(f"index {index_key!r} has no ranks in this table (not published in this edition's source).")
    if ranks.isna().any() or deciles.isna().any():
        raise ValueError(f"{int((ranks.isna() | deciles.isna()).sum())} LSOAs have no {index_key} rank or decile; "
                         "summaries would silently leave them out (wrong edition or LSOA vintage?).")
    if (ranks < 1).any() or (ranks > n_national).any() or (ranks % 1 != 0).any():
        raise ValueError(f"{index_key} ranks must be whole numbers from 1 to n_national={n_national:,}; "
                         f"found {ranks.min():,.0f}..{ranks.max():,.0f} (is n_national right for this edition?).")
    if not deciles.isin(range(1, 11)).all():
        raise ValueError(f"{index_key} deciles must be whole numbers from 1 to 10.")
    return frame


@dataclass(frozen=True)
class _Work:
    """The LSOAs as arrays: group number ids (0.. in the order of `groups`, sorted as groupby sorts), rank,
    decile, score and pop (NaN where the table has none). Arrays, not a frame: pandas' per-operation cost was
    most of a ward profile's time (28 summaries of about 25 ms each, for a few dozen LSOAs)."""

    groups: pd.Index
    ids: np.ndarray
    rank: np.ndarray
    decile: np.ndarray
    score: np.ndarray
    pop: np.ndarray


def _work_table(frame: pd.DataFrame, group_col: str, index_key: str, wanted: str | None) -> _Work:
    missing = np.full(len(frame), np.nan)
    score_col = f"{index_key}_score"
    population = frame[wanted].to_numpy(dtype="float64", na_value=np.nan) if wanted is not None else missing
    if (population < 0).any():
        raise ValueError(f"column {wanted!r} has negative populations.")
    ids, groups = pd.factorize(frame[group_col].to_numpy(), sort=True)
    return _Work(
        groups=pd.Index(groups, name=group_col), ids=ids,
        rank=frame[f"{index_key}_rank"].to_numpy(dtype="float64", na_value=np.nan),
        decile=frame[f"{index_key}_decile"].to_numpy(dtype="float64", na_value=np.nan).astype(int),
        score=frame[score_col].to_numpy(dtype="float64", na_value=np.nan) if score_col in frame.columns else missing,
        pop=population)


def _extent_taper(rank: np.ndarray, n_national: int) -> np.ndarray:
    """File 10's extent weight by national percentile: 1 to the 10th, then 0.95 down by 0.9/19 to 0.05 at the 30th."""
    percentile = -(-(rank.astype(np.int64) * 100) // n_national)  # ceil(100 r / N), 1 = most deprived
    return np.select([percentile <= 10, percentile <= 30], [1.0, 0.95 - (percentile - 11) * 0.9 / 19], 0.0)


def _score_note(index_key: str, missing: int, size: int) -> str:
    if missing == size:
        return f"no {index_key} scores in this edition's source: average score not available"
    if missing:
        return f"{missing} of {size} LSOAs have no {index_key} score: average score not available"
    return ""


# The measures File 10 ranks districts on, each with "higher = more deprived".
RANKED_MEASURES = (
    "average_rank",
    "average_score",
    "prop_most_deprived_10pct",
    "prop_most_deprived_20pct",
    "extent",
    "local_concentration",
)


def rank_areas(summary: pd.DataFrame, measures: tuple[str, ...] = RANKED_MEASURES) -> pd.DataFrame:
    """Add `rank_of_<measure>` columns as File 10 ranks districts (to compare with its rank columns): 1 = most
    deprived (highest value); equal values share the lowest rank ("min"), as for the many districts with no
    LSOA in decile 1. Refuses to rank summaries made with different weightings."""
    if "weighting" in summary.columns:
        kinds = summary["weighting"].astype(str).str.startswith(WEIGHTED)
        if kinds.nunique() > 1:
            raise ValueError("cannot rank population-weighted and unweighted summaries together: "
                             f"{sorted(summary['weighting'].astype(str).unique())}.")
    out = summary.copy()
    for measure in measures:
        # Round away float noise so that exactly equal values (e.g. 0 or 1/4 vs 2/8) tie as they do in File 10.
        values = out[measure].astype("float64").round(9)
        out[f"rank_of_{measure}"] = values.rank(ascending=False, method="min", na_option="keep").astype("Int64")
    return out


def _weight_column(frame: pd.DataFrame, index_key: str, weight_col: str | None) -> tuple[str | None, str]:
    """Which column weights this index, and a note when it is not the one File 10 uses."""
    if weight_col is not None:
        if weight_col not in frame.columns:
            raise KeyError(f"weight column {weight_col!r} is missing.")
        return weight_col, ""
    wanted = WEIGHT_COLUMNS.get(index_key, TOTAL_POPULATION)
    if wanted in frame.columns and frame[wanted].notna().any():
        return wanted, ""
    if wanted != TOTAL_POPULATION and TOTAL_POPULATION in frame.columns and frame[TOTAL_POPULATION].notna().any():
        return TOTAL_POPULATION, (f"by total population: the table has no {_WEIGHT_LABELS[wanted]}, "
                                  "which MHCLG's File 10 uses for this index")
    return (TOTAL_POPULATION if TOTAL_POPULATION in frame.columns else None), ""


def _local_concentration(ids: np.ndarray, rank: np.ndarray, w: np.ndarray, rr: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Weighted mean reversed rank of each group's most deprived LSOAs holding exactly 10% of its weight."""
    order = np.lexsort((rank, ids))  # by group, then most deprived first
    out = np.full(len(n), np.nan)
    for group, (weights, reversed_ranks) in enumerate(zip(np.split(w[order], np.cumsum(n)[:-1]),
                                                          np.split(rr[order], np.cumsum(n)[:-1]), strict=True)):
        before = np.cumsum(weights) - weights
        share = np.clip(0.1 * weights.sum() - before, 0.0, weights)  # the straddling LSOA counts only up to the 10% line
        if share.sum() > 0:
            out[group] = (share * reversed_ranks).sum() / share.sum()
    return out
