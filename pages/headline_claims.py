"""The framework's headline claims, each opening with its verdict (fsot_data.verdicts) and one sentence why,
then the evidence: recomputed from the data where the data allows, set beside the published-claims check,
and stated plainly where they cannot be reproduced."""

import pandas as pd
import streamlit as st

from fsot_data import gaps, verdicts
from fsot_data.editions import DEFAULT_EDITION, EDITIONS
from fsot_data.indicators import compare_to_england
from fsot_data.url_state import Param
from ui.chart_card import cached_spec, chart_card
from ui.data import datasets, guarded
from ui.url_state import url_state
from views import charts, palettes
from views.charts import Reference

CLAIMS_SOURCE = "published_claims"
EVIDENCE_COLUMNS = {"evidence": "Evidence", "evidence_value": "Value", "evidence_period": "Period",
                    "evidence_type": "Kind of evidence", "assessment": "Assessment", "evidence_file_or_url": "Where from"}


@st.cache_resource(show_spinner=False)
def life_expectancy_gap(build: str) -> dict:
    """The slope index of inequality in life expectancy: the borough against England, and its rank among districts."""
    data = datasets()
    indicators = data.indicators()
    compared = compare_to_england(indicators, data.lad_code, gaps.SII)
    return {"trend": gaps.sii_trend(compared, "Male"),
            "ranks": {sex: gaps.sii_ranks(indicators, data.lad_code, sex) for sex in ("Male", "Female")}}


@st.cache_resource(show_spinner=False)
def ward_counts(build: str) -> dict:
    """Ways of counting the borough's wards in England's most deprived 10%, per edition."""
    data = datasets()
    out = {}
    for key, edition in EDITIONS.items():
        lsoas = data.lsoas(key)
        proxy, threshold = gaps.ward_score_proxy(lsoas, data.national(key), edition.n_lsoas_england)
        out[key] = {"with_decile_1": gaps.wards_with_decile1(lsoas), "proxy": proxy, "threshold": threshold,
                    "n_wards": lsoas["ward_code"].nunique(),
                    "n_decile_1": int(lsoas["imd_decile"].eq(1).sum()), "n_lsoas": len(lsoas),
                    "published_share": gaps.official_borough(data.lad_summaries(key), data.lad_code, "imd")["proportion_10pct"]}
    return out


def evidence_table(claim_id: str) -> None:
    """The published-claims check's rows for one claim, official evidence first, every word shown (a static
    table wraps its text, where a data grid would cut the assessments short)."""
    rows = gaps.claim_evidence(claims, claim_id)
    st.table(rows[list(EVIDENCE_COLUMNS)].rename(columns=EVIDENCE_COLUMNS).set_index("Evidence"))


VERDICT_ICONS = {verdicts.SUPPORTED: ":material/check_circle:", verdicts.PARTLY_SUPPORTED: ":material/contrast:",
                 verdicts.NOT_SUPPORTED: ":material/cancel:", verdicts.NOT_REPRODUCIBLE: ":material/help:"}


def verdict_first(verdict: verdicts.Verdict, claim_id: str) -> None:
    """The verdict label and its one-sentence reason: the first thing under each claim."""
    with st.container(border=True, key=f"verdict_{claim_id}"):
        st.markdown(f"{VERDICT_ICONS[verdict.label]} **Verdict: {verdict.label}.** {verdict.reason}")


def official_period(claim_id: str) -> str:
    """The period of the claims check's official figure for a claim: the latest data when the claim was made."""
    rows = gaps.claim_evidence(claims, claim_id)
    return str(rows.loc[rows["evidence_type"].str.startswith("official"), "evidence_period"].iloc[0])


WARD_SETS = {key: f"{edition.label} ({edition.ward_set_label})" for key, edition in EDITIONS.items()}
url_state("claims", [Param("edition", "ward set", WARD_SETS, DEFAULT_EDITION)])
data = datasets()
place = data.lad_name
claims = guarded(data.claims)
counts = guarded(ward_counts, str(data.out_dir))
le_gap = guarded(life_expectancy_gap, str(data.out_dir))
claim_text = claims.drop_duplicates("claim_id").set_index("claim_id")["claim_text"]

st.title("The framework's headline claims, checked")
st.markdown("Each claim is recomputed from the data where the data allows, set beside the published-claims check "
            "(`published_claims_check.csv`), and stated plainly where it cannot be reproduced.")

# --- Nine wards --------------------------------------------------------------------------------
st.header(f"“{claim_text['NINE_WARDS_10PCT']}”")
derived = gaps.claim_evidence(claims, "NINE_WARDS_10PCT")
derived_counts = {key: derived.loc[derived["evidence_period"].eq(EDITIONS[key].label), "evidence_value"] for key in EDITIONS}
framework = counts[verdicts.FRAMEWORK_EDITION]
ward_methods = {"with at least one LSOA in England's 10%": int(framework["with_decile_1"]["has_decile_1"].sum())}
if len(derived_counts[verdicts.FRAMEWORK_EDITION]):
    ward_methods["ranked among all English wards"] = int(derived_counts[verdicts.FRAMEWORK_EDITION].iloc[0])
verdict_first(verdicts.count_verdict(9, ward_methods, f"of the {framework['n_wards']} wards"), "NINE_WARDS_10PCT")
rows = []
for key, edition in EDITIONS.items():
    c = counts[key]
    label = f"{edition.label} ({c['n_wards']} wards)"
    weighting = c["proxy"]["weighting"].iloc[0].split(" (")[0]
    rows += [
        {"method": f"{label}: with at least one LSOA in the national 10%", "wards": int(c["with_decile_1"]["has_decile_1"].sum()),
         "edition": edition.label, "how": "Recomputed here from the LSOA data and the best-fit ward lookup."},
        {"method": f"{label}: average score over the LSOA 10% line (proxy)", "wards": int(c["proxy"]["in_top_10pct"].sum()),
         "edition": edition.label,
         "how": f"Recomputed here: {weighting} ward average IMD score at or above {c['threshold']:.3f}, the score of "
                "England's 10%-most-deprived LSOA boundary. A proxy that undercounts: ward averages are smoother than LSOAs."},
    ]
    if len(derived_counts[key]):
        rows.append({"method": f"{label}: ranked among all English wards (claims check)",
                     "wards": int(derived_counts[key].iloc[0]), "edition": edition.label,
                     "how": "From the published-claims check: a derived national ranking of every English ward; "
                            "this build has no national LSOA-to-ward lookup to repeat it."})
methods = pd.DataFrame(rows)
chart_card(cached_spec(
    charts.reference_bar_chart, methods, key="claims_wards",
    title=f"How many wards in {place} are in England's most deprived 10%? IMD, IoD2019 and IoD2025, best-fit wards",
    subtitle=("Three ways of counting, per edition, against the claim of nine.",),
    value="wards", value_title="Wards", value_format=",.0f", category="method", largest_first=False, colour_by="edition",
    colours={e.label: palettes.EDITION_COLOURS[e.label] for e in EDITIONS.values()},
    references=[Reference("The claim: nine wards", 9, palettes.CLAIM_LINE, dashed=False)],
    table=methods.rename(columns={"method": "Method", "wards": "Wards", "edition": "Edition", "how": "How it was counted"}),
    source_ids=("iod2025_lsoa", "iod2019_lsoa", "lsoa21_ward25_lookup", "lsoa11_ward19_lookup", CLAIMS_SOURCE),
    notes=("Wards are best-fit: each LSOA counted whole in one ward.",
           "The council's own counting method is not published in the material found.")))

edition_key = st.radio("Wards of", list(EDITIONS), format_func=WARD_SETS.__getitem__, horizontal=True, key="edition",
                       bind="query-params")
proxy, threshold = counts[edition_key]["proxy"], counts[edition_key]["threshold"]
proxy = proxy.assign(status=proxy["in_top_10pct"].map({True: "At or above the 10% line", False: "Below the 10% line"}))
weighting = proxy["weighting"].iloc[0]
chart_card(cached_spec(
    charts.reference_bar_chart, proxy, key="claims_ward_scores", category="ward_name",
    title=f"IMD average score of each ward, {EDITIONS[edition_key].label}, {EDITIONS[edition_key].ward_set_label} (best fit)",
    subtitle=(f"Ward scores are {weighting}. The line is the IMD score of the LSOA at England's 10% boundary.",),
    value="average_score", value_title="Average IMD score (higher = more deprived)", value_format=",.1f",
    colour_by="status", colours={"At or above the 10% line": palettes.HIGHLIGHT, "Below the 10% line": palettes.AREA_BAR},
    references=[Reference(f"England's 10%-most-deprived LSOA boundary: {threshold:.1f}", threshold, palettes.ENGLAND)],
    table=proxy[["ward_name", "ward_code", "n_lsoas", "n_most_deprived_10pct", "average_score", "weighting", "status"]].rename(
        columns={"ward_name": "Ward", "ward_code": "Code", "n_lsoas": "LSOAs", "n_most_deprived_10pct": "LSOAs in the national 10%",
                 "average_score": "Average IMD score", "weighting": "Weighting", "status": "Against the line"}),
    source_ids=(EDITIONS[edition_key].lsoa_source, EDITIONS[edition_key].ward_lookup_source),
    notes=("A proxy, not the official method: ranking every English ward needs a national LSOA-to-ward lookup, "
           "which this build does not have.",)))
c19, c25 = counts["2019"], counts["2025"]
ranked = "; ".join(f"{int(derived_counts[k].iloc[0])} of {counts[k]['n_wards']} on {EDITIONS[k].label}"
                   for k in ("2019", "2025") if len(derived_counts[k]))
st.markdown(
    f"**What the data says.** {int(c19['with_decile_1']['has_decile_1'].sum())} of the {c19['n_wards']} wards of the "
    f"time contain at least one LSOA in England's most deprived 10% on IoD2019 "
    f"({int(c25['with_decile_1']['has_decile_1'].sum())} of {c25['n_wards']} on IoD2025). Ranked among all English "
    f"wards, the published-claims check finds {ranked}. “Nine” is of the right order but depends on a method the "
    "framework does not state; since May 2023 the borough has 27 wards, not 26.")
with st.expander("The published-claims check for this claim"):
    evidence_table("NINE_WARDS_10PCT")

# --- 21 years ----------------------------------------------------------------------------------
st.header(f"“{claim_text['LE_GAP_21Y']}”")
trend = le_gap["trend"]
latest_row = trend[trend["area_role"].eq(gaps.BOROUGH)].iloc[-1]
verdict_first(verdicts.count_verdict(
    21, {}, "a gap in life expectancy between the borough's wards (years)",
    nearest=(f"the slope index of inequality for men in {latest_row['period']} (years)", latest_row["value"])), "LE_GAP_21Y")
england_row = trend[trend["area_role"].eq("Comparator") & trend["period"].eq(latest_row["period"])]
male_ranks = le_gap["ranks"]["Male"].iloc[-1]
le_evidence = gaps.claim_evidence(claims, "LE_GAP_21Y")
reported = le_evidence.loc[~le_evidence["evidence_type"].str.startswith("official"), "evidence_value"].dropna()
metric_a, metric_b, metric_c = st.columns(3)
metric_a.metric(f"Slope index of inequality, men, {latest_row['period']}", f"{latest_row['value']:.1f} years")
if len(england_row):
    metric_b.metric(f"England, {latest_row['period']}", f"{england_row['value'].iloc[0]:.1f} years")
metric_c.metric("Rank among English districts (1 = largest gap)", f"{male_ranks['rank']} of {male_ranks['n_districts']}")
chart_card(cached_spec(
    charts.trend_chart, trend, key="claims_sii", indicator_name="Slope index of inequality in male life expectancy",
    place=place, source_ids=("indicators_fingertips_health", CLAIMS_SOURCE),
    references=[Reference("The claim: 21 years", 21, palettes.CLAIM_LINE, dashed=False)],
    notes=("The SII is the modelled gap in life expectancy between the most and least deprived ends of the "
           "borough's deprivation scale, not the gap between two wards.",)))
st.markdown(
    f"**What the data says.** No official ward or neighbourhood life expectancy is available here, so a 21-year gap "
    f"between wards cannot be reproduced. The official measure of the gap within the borough, the slope index of "
    f"inequality, is {latest_row['value']:.1f} years for men in {latest_row['period']}"
    + (f" (England {england_row['value'].iloc[0]:.1f})" if len(england_row) else "")
    + f", and its highest was {trend.loc[trend['area_role'].eq(gaps.BOROUGH), 'value'].max():.1f} years."
    + (f" Ward extremes reported in the press and council reports give {reported.min():.0f} to {reported.max():.0f} "
       f"years, periods and methods not stated{'; none reaches 21' if reported.max() < 21 else ''}." if len(reported) else ""))
with st.expander("The published-claims check for this claim"):
    evidence_table("LE_GAP_21Y")

# --- LSOAs in the national 10% -------------------------------------------------------------------
st.header(f"{place}'s LSOAs in England's most deprived 10%")
columns = st.columns(len(EDITIONS))
for column, (key, edition) in zip(columns, EDITIONS.items()):
    c = counts[key]
    column.metric(f"{edition.label} (LSOA {edition.lsoa_vintage})", f"{c['n_decile_1']} of {c['n_lsoas']}",
                  help="LSOAs in national IMD decile 1; File 10 publishes the same as a proportion.")
st.markdown(
    f"**What the data says.** {c19['n_decile_1']} of {c19['n_lsoas']} LSOAs ({c19['n_decile_1'] / c19['n_lsoas']:.1%}) were "
    f"in England's most deprived 10% on IoD2019 and {c25['n_decile_1']} of {c25['n_lsoas']} "
    f"({c25['n_decile_1'] / c25['n_lsoas']:.1%}) on IoD2025. MHCLG's published proportions (File 10) are "
    + " and ".join(f"{c['published_share']:.2%} ({EDITIONS[k].label})" for k, c in counts.items())
    + ". The two editions use different LSOA boundaries (2011 and 2021).")

# --- Other claims in the check -------------------------------------------------------------------
st.header("Other claims in the published-claims check")
ranks = pd.concat(le_gap["ranks"].values(), ignore_index=True)
for claim_id, sexes in (("NO_HIGHER_GAP", ("Male", "Female")), ("GREATEST_MALE_INEQ_2015", ("Male",))):
    st.subheader(f"“{claim_text[claim_id]}”")
    what = "slope index of inequality in life expectancy" + ("" if len(sexes) > 1 else " for men")
    verdict_first(verdicts.top_rank_verdict(ranks[ranks["sex"].isin(sexes)], official_period(claim_id), what), claim_id)
    evidence_table(claim_id)
first_rank = ranks.loc[ranks["sex"].eq("Male")].iloc[0]
st.markdown(
    f"**Recomputed here** from the all-district life expectancy file: {place} had the largest male gap in England in "
    f"{first_rank['period']} (rank {first_rank['rank']} of {first_rank['n_districts']}); in {male_ranks['period']} it "
    f"ranks {male_ranks['rank']} of {male_ranks['n_districts']} (largest: {male_ranks['largest_area']}, "
    f"{male_ranks['largest_value']:.1f} years).")
st.dataframe(ranks.rename(columns={"period": "Period", "sex": "Sex", "value": "SII (years)", "rank": "Rank (1 = largest gap)",
                                   "n_districts": "Districts", "largest_value": "Largest SII", "largest_area": "Largest in"})
             .drop(columns="period_sort"), hide_index=True, width="stretch")
