"""Verdicts on the framework's headline claims: a label and one sentence why, worked out from official data.

Two kinds of claim appear in the framework and its press: a count or size ("nine wards", "21 years") and a
league position ("no borough has a higher gap"). Each has one rule here, so the Headline claims page, its
tests and any report word the same evidence the same way. Pure Python: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

SUPPORTED = "Supported"
PARTLY_SUPPORTED = "Partly supported"
NOT_SUPPORTED = "Not supported by official data"
NOT_REPRODUCIBLE = "Not reproducible from official data"
VERDICTS = (SUPPORTED, PARTLY_SUPPORTED, NOT_SUPPORTED, NOT_REPRODUCIBLE)
#: The edition a framework claim is judged on: the framework (2021) predates IoD2025, so IoD2019, on the 26
#: wards of the time, is the edition its figures can have come from.
FRAMEWORK_EDITION = "2019"


@dataclass(frozen=True)
class Verdict:
    label: str   # one of VERDICTS
    reason: str  # one sentence, with the figures behind the label


def _figure(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def count_verdict(claimed: float, recomputed: Mapping[str, float], what: str,
                  nearest: tuple[str, float] | None = None) -> Verdict:
    """A claimed count or size against the same quantity recomputed from official data by each defensible method
    (method -> figure). `what` names the quantity with its unit ("wards of the 26"), `nearest` the closest
    official measure of something else, for when nothing measures the claim itself.

    The rule, and why: a claim is *supported* when every method gives the claimed figure, since it then does not
    hang on a choice the claim leaves unstated; *partly supported* when the methods disagree and the claim lies
    within their range, since it is true by some reasonable reading but the claim does not say which; *not
    supported* when it lies outside every method's figure; and *not reproducible* when no official figure
    measures what the claim measures, which says nothing either way about the claim's truth.
    """
    if not recomputed:
        tail = f"; the nearest official measure, {nearest[0]}, is {_figure(nearest[1])}" if nearest else ""
        return Verdict(NOT_REPRODUCIBLE, f"No official figure measures {what}, so {_figure(claimed)} cannot be "
                                         f"recomputed{tail}.")
    low, high = min(recomputed.values()), max(recomputed.values())
    if low == high == claimed:
        return Verdict(SUPPORTED, f"Every way of counting official data gives {_figure(claimed)} {what}.")
    methods = "; ".join(f"{_figure(v)} {how}" for how, v in sorted(recomputed.items(), key=lambda item: item[1]))
    if low <= claimed <= high:
        return Verdict(PARTLY_SUPPORTED, f"Official data gives {_figure(low)} to {_figure(high)} {what} depending on "
                                         f"how they are counted ({methods}), and the claim does not say how.")
    return Verdict(NOT_SUPPORTED, f"Official data gives {_figure(low)} to {_figure(high)} {what} ({methods}), "
                                  f"never {_figure(claimed)}.")


def top_rank_verdict(ranks: pd.DataFrame, period: str, what: str) -> Verdict:
    """A claim that the borough is first in England ("no borough has a higher gap") against its ranks among
    districts (columns period, period_sort, rank, n_districts; several rows a period, e.g. one per sex, take
    the best), judged at `period`, the latest data when the claim was made.

    The rule, and why: *supported* when the borough ranks first at that period; *partly supported* when it
    ranked first in an earlier period but not then, since the claim was true once and stated as if still
    true; *not supported* when it never ranked first.
    """
    best = ranks.groupby(["period", "period_sort"], as_index=False).agg(rank=("rank", "min"), n=("n_districts", "max"))
    best = best.sort_values("period_sort")
    at = best[best["period"].eq(period)]
    if at.empty:
        return Verdict(NOT_REPRODUCIBLE, f"Official data has no ranking of {what} for {period}.")
    rank, n = int(at["rank"].iloc[0]), int(at["n"].iloc[0])
    first = best.loc[best["rank"].eq(1) & best["period_sort"].lt(at["period_sort"].iloc[0]), "period"].tolist()
    if rank == 1:
        return Verdict(SUPPORTED, f"In {period} the borough had the largest {what} of {n} districts in England.")
    if first:
        span = first[0] if len(first) == 1 else f"{len(first)} periods between {first[0]} and {first[-1]}"
        return Verdict(PARTLY_SUPPORTED, f"The borough had the largest {what} in England in {span}, but in {period} "
                                         f"it ranks {rank} of {n}.")
    return Verdict(NOT_SUPPORTED, f"The borough never had the largest {what} in England; in {period} it ranks {rank} of {n}.")
