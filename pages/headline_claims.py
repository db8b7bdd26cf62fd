"""The framework's headline claims, each opening with its verdict (fsot_data.verdicts) and one sentence why,
then the evidence: recomputed from the data where the data allows, set beside the published-claims check,
and stated plainly where they cannot be reproduced."""

import pandas as pd
import streamlit as st

from fsot_data import claims as claims_check
from fsot_data import gaps, verdicts
from fsot_data.claims import claim_figures
from fsot_data.editions import DEFAULT_EDITION, EDITIONS
from fsot_data.indicators import compare_to_england, role
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
    compared = compare_to_england(indicators, data.lad_code, role("life_expectancy_gap"))
    return {"trend": gaps.sii_trend(compared, "Male"),
            "ranks": {sex: gaps.sii_ranks(indicators, data.lad_code, sex) for sex in ("Male", "Female")}}


@st.cache_resource(show_spinner=False)
def ward_counts(build: str) -> dict:
    """Ways of counting the borough's wards in England's most deprived 10%, per edition (made once per build)."""
    data = datasets()
    return claims_check.ward_counts({k: data.lsoas(k) for k in EDITIONS}, {k: data.national(k) for k in EDITIONS},
                                    {k: data.lad_summaries(k) for k in EDITIONS}, data.lad_code)


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
nine, gap = guarded(claim_figures)["NINE_WARDS_10PCT"], guarded(claim_figures)["LE_GAP_21Y"]

st.title("The framework's headline claims, checked")
st.markdown("Each claim is recomputed from the data where the data allows, set beside the published-claims check "
            "(`published_claims_check.csv`), and stated plainly where it cannot be reproduced.")

# --- Nine wards --------------------------------------------------------------------------------
st.header(f"“{claim_text['NINE_WARDS_10PCT']}”")
ranked = claims_check.ranked_ward_counts(claims)
framework = counts[verdicts.FRAMEWORK_EDITION]
ward_methods = {"with at least one LSOA in England's 10%": framework["with_decile_1"]}
if verdicts.FRAMEWORK_EDITION in ranked:
    ward_methods["ranked among all English wards"] = ranked[verdicts.FRAMEWORK_EDITION]
verdict_first(verdicts.count_verdict(nine.value, ward_methods, f"of the {framework['n_wards']} wards"), "NINE_WARDS_10PCT")
methods = claims_check.ward_count_methods(counts, ranked)
chart_card(cached_spec(
    charts.reference_bar_chart, methods, key="claims_wards",
    title=f"How many wards in {place} are in England's most deprived 10%? IMD, IoD2019 and IoD2025, best-fit wards",
    subtitle=(f"Three ways of counting, per edition, against the claim of {nine.words}.",),
    value="wards", value_title="Wards", value_format=",.0f", category="method", largest_first=False, colour_by="edition",
    colours={e.label: palettes.EDITION_COLOURS[e.label] for e in EDITIONS.values()},
    references=[Reference(f"The claim: {nine.words}", nine.value, palettes.CLAIM_LINE, dashed=False)],
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
st.markdown(claims_check.ward_claim_finding(counts, ranked, nine))
with st.expander("The published-claims check for this claim"):
    evidence_table("NINE_WARDS_10PCT")

# --- 21 years ----------------------------------------------------------------------------------
st.header(f"“{claim_text['LE_GAP_21Y']}”")
trend = le_gap["trend"]
latest_row = trend[trend["area_role"].eq(gaps.BOROUGH)].iloc[-1]
verdict_first(verdicts.count_verdict(
    gap.value, {}, "a gap in life expectancy between the borough's wards (years)",
    nearest=(f"the slope index of inequality for men in {latest_row['period']} (years)", latest_row["value"])), "LE_GAP_21Y")
england_row = trend[trend["area_role"].eq("Comparator") & trend["period"].eq(latest_row["period"])]
male_ranks = le_gap["ranks"]["Male"].iloc[-1]
metric_a, metric_b, metric_c = st.columns(3)
metric_a.metric(f"Slope index of inequality, men, {latest_row['period']}", f"{latest_row['value']:.1f} years")
if len(england_row):
    metric_b.metric(f"England, {latest_row['period']}", f"{england_row['value'].iloc[0]:.1f} years")
metric_c.metric("Rank among English districts (1 = largest gap)", f"{male_ranks['rank']} of {male_ranks['n_districts']}")
chart_card(cached_spec(
    charts.trend_chart, trend, key="claims_sii", indicator_name="Slope index of inequality in male life expectancy",
    place=place, source_ids=("indicators_fingertips_health", CLAIMS_SOURCE),
    references=[Reference(f"The claim: {gap.words}", gap.value, palettes.CLAIM_LINE, dashed=False)],
    notes=("The SII is the modelled gap in life expectancy between the most and least deprived ends of the "
           "borough's deprivation scale, not the gap between two wards.",)))
st.markdown(claims_check.life_expectancy_finding(trend, gaps.claim_evidence(claims, "LE_GAP_21Y"), gap))
with st.expander("The published-claims check for this claim"):
    evidence_table("LE_GAP_21Y")

# --- LSOAs in the national 10% -------------------------------------------------------------------
st.header(f"{place}'s LSOAs in England's most deprived 10%")
columns = st.columns(len(EDITIONS))
for column, (key, edition) in zip(columns, EDITIONS.items(), strict=True):
    c = counts[key]
    column.metric(f"{edition.label} (LSOA {edition.lsoa_vintage})", f"{c['n_decile_1']} of {c['n_lsoas']}",
                  help="LSOAs in national IMD decile 1; File 10 publishes the same as a proportion.")
st.markdown(claims_check.lsoa_share_finding(counts))

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
