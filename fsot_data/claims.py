"""The framework's headline claims as figures (claims.toml), and the tables and findings that check them.

Why a file of its own: a claim's number ("nine wards", "21 years") is a fact about the framework, like an
edition or a crosswalk entry, so it lives in one declarative place, not in the page that draws it. No Streamlit.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from datafiles.errors import DataProblem
from fsot_data import gaps
from fsot_data.editions import CHANGE_EDITIONS, EDITIONS

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


# --- the nine-wards claim: ways of counting the borough's wards in England's most deprived 10% ------------

def ward_counts(lsoas: Mapping[str, pd.DataFrame], national: Mapping[str, pd.DataFrame],
                lad_summaries: Mapping[str, pd.DataFrame], lad_code: str) -> dict[str, dict]:
    """Per edition key: wards with a decile-1 LSOA, the ward-score proxy and its threshold, ward and LSOA counts,
    and MHCLG's published share of LSOAs in the 10% (File 10)."""
    out = {}
    for key, edition in EDITIONS.items():
        proxy, threshold = gaps.ward_score_proxy(lsoas[key], national[key], edition.n_lsoas_england)
        out[key] = {"with_decile_1": int(gaps.wards_with_decile1(lsoas[key])["has_decile_1"].sum()),
                    "proxy": proxy, "threshold": threshold, "n_wards": lsoas[key]["ward_code"].nunique(),
                    "n_decile_1": int(lsoas[key]["imd_decile"].eq(1).sum()), "n_lsoas": len(lsoas[key]),
                    "published_share": gaps.official_borough(lad_summaries[key], lad_code, "imd")["proportion_10pct"]}
    return out


def ranked_ward_counts(claims: pd.DataFrame) -> dict[str, int]:
    """Per edition key: the published-claims check's count from a national ranking of every English ward."""
    derived = gaps.claim_evidence(claims, "NINE_WARDS_10PCT")
    values = {key: derived.loc[derived["evidence_period"].eq(edition.label), "evidence_value"]
              for key, edition in EDITIONS.items()}
    return {key: int(found.iloc[0]) for key, found in values.items() if len(found)}


def ward_count_methods(counts: Mapping[str, dict], ranked: Mapping[str, int]) -> pd.DataFrame:
    """One row per way of counting and edition: method, wards, edition, how (the chart and its table)."""
    rows = []
    for key, edition in EDITIONS.items():
        c = counts[key]
        label = f"{edition.label} ({c['n_wards']} wards)"
        rows += [
            {"method": f"{label}: with at least one LSOA in the national 10%", "wards": c["with_decile_1"],
             "edition": edition.label, "how": "Recomputed here from the LSOA data and the best-fit ward lookup."},
            {"method": f"{label}: average score over the LSOA 10% line (proxy)", "wards": int(c["proxy"]["in_top_10pct"].sum()),
             "edition": edition.label,
             "how": f"Recomputed here: {c['proxy']['weighting_label'].iloc[0]} ward average IMD score at or above "
                    f"{c['threshold']:.3f}, the score of England's 10%-most-deprived LSOA boundary. A proxy that "
                    "undercounts: ward averages are smoother than LSOAs."},
        ]
        if key in ranked:
            rows.append({"method": f"{label}: ranked among all English wards (claims check)", "wards": ranked[key],
                         "edition": edition.label,
                         "how": "From the published-claims check: a derived national ranking of every English ward; "
                                "this build has no national LSOA-to-ward lookup to repeat it."})
    return pd.DataFrame(rows)


def ward_claim_finding(counts: Mapping[str, dict], ranked: Mapping[str, int], claim: ClaimFigure) -> str:
    """What the data says about the nine-wards claim, older edition first."""
    older, newer = (EDITIONS[key] for key in CHANGE_EDITIONS)
    c_old, c_new = (counts[key] for key in CHANGE_EDITIONS)
    by_ranking = "; ".join(f"{ranked[k]} of {counts[k]['n_wards']} on {EDITIONS[k].label}" for k in CHANGE_EDITIONS if k in ranked)
    return (f"**What the data says.** {c_old['with_decile_1']} of the {c_old['n_wards']} wards of the time contain at "
            f"least one LSOA in England's most deprived 10% on {older.label} ({c_new['with_decile_1']} of "
            f"{c_new['n_wards']} on {newer.label}). Ranked among all English wards, the published-claims check finds "
            f"{by_ranking}. The claim of {claim.words} is of the right order but depends on a method the framework does "
            f"not state; since May 2023 the borough has {c_new['n_wards']} wards, not {c_old['n_wards']}.")


def lsoa_share_finding(counts: Mapping[str, dict]) -> str:
    """The borough's LSOAs in England's most deprived 10% in each edition, beside File 10's published shares."""
    shares = " and ".join(f"{counts[k]['n_decile_1']} of {counts[k]['n_lsoas']} "
                          f"({counts[k]['n_decile_1'] / counts[k]['n_lsoas']:.1%}) on {EDITIONS[k].label}" for k in CHANGE_EDITIONS)
    published = " and ".join(f"{c['published_share']:.2%} ({EDITIONS[k].label})" for k, c in counts.items())
    vintages = " and ".join(EDITIONS[k].lsoa_vintage for k in CHANGE_EDITIONS)
    return (f"**What the data says.** {shares} were in England's most deprived 10%. MHCLG's published proportions "
            f"(File 10) are {published}. The two editions use different LSOA boundaries ({vintages}).")


# --- the 21-years claim: the slope index of inequality in life expectancy --------------------------------

def life_expectancy_finding(trend: pd.DataFrame, evidence: pd.DataFrame, claim: ClaimFigure) -> str:
    """What the data says about the life-expectancy-gap claim: the latest SII against England, its highest, and the
    ward extremes reported elsewhere (secondary evidence in the claims check)."""
    borough = trend[trend["area_role"].eq(gaps.BOROUGH)]
    latest = borough.iloc[-1]
    england = trend[trend["area_role"].eq("Comparator") & trend["period"].eq(latest["period"])]
    reported = evidence.loc[~evidence["evidence_type"].str.startswith("official"), "evidence_value"].dropna()
    text = (f"**What the data says.** No official ward or neighbourhood life expectancy is available here, so a gap of "
            f"{claim.words} between wards cannot be reproduced. The official measure of the gap within the borough, the "
            f"slope index of inequality, is {latest['value']:.1f} years for men in {latest['period']}"
            + (f" (England {england['value'].iloc[0]:.1f})" if len(england) else "")
            + f", and its highest was {borough['value'].max():.1f} years.")
    if len(reported):
        short = f"; none reaches {claim.value:g}" if reported.max() < claim.value else ""
        text += (f" Ward extremes reported in the press and council reports give {reported.min():.0f} to "
                 f"{reported.max():.0f} years, periods and methods not stated{short}.")
    return text
