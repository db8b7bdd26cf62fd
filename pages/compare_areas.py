"""Compare areas: wards, the priority areas, the borough's most and least deprived fifths, or a set of
LSOAs you choose, each against the borough and England, for each FSOT outcome domain."""

import streamlit as st
from streamlit_folium import st_folium

from fsot_data import gaps
from fsot_data.editions import DEFAULT_EDITION, EDITIONS
from fsot_data.indicators import crosswalk_domains, load_crosswalk
from fsot_data.indices import INDEX_BY_KEY
from fsot_data.url_state import Param
from ui.chart_card import cached_spec, chart_card
from ui.data import datasets, guarded
from ui.url_state import url_state
from views import charts, maps, palettes
from views.charts import Reference

KINDS = {"wards": "Wards", "priority": "Priority areas", "fifths": "Most and least deprived fifths",
         "custom": "Your own selection of LSOAs"}

@st.cache_resource(show_spinner=False)
def area_choices(edition_key: str) -> dict[str, list[gaps.Area]]:
    """The wards, priority areas and fifths of the borough for one edition (made once)."""
    data, edition = datasets(), EDITIONS[edition_key]
    lsoas = data.lsoas(edition_key)
    return {"wards": gaps.ward_areas(lsoas, edition.ward_set_label),
            "priority": gaps.priority_area_areas(data.priority_areas(), edition_key),
            "fifths": gaps.fifth_areas(lsoas)}


@st.cache_resource(show_spinner=False)
def england(edition_key: str, index_key: str) -> dict:
    """England's figures for one index (a summary of 33,000 LSOAs: made once)."""
    return gaps.england_reference(datasets().national(edition_key), index_key, EDITIONS[edition_key].n_lsoas_england)


@st.cache_resource(show_spinner="Summarising the areas…", max_entries=256)
def comparison(edition_key: str, index_key: str, areas: tuple[gaps.Area, ...]) -> dict:
    """Summary measures, gaps and decile mix of the areas for one index (once per distinct choice)."""
    data, edition = datasets(), EDITIONS[edition_key]
    lsoas, national = data.lsoas(edition_key), data.national(edition_key)
    summaries = gaps.area_summaries(lsoas, areas, index_key, edition.n_lsoas_england)
    borough = gaps.borough_comparator(data.lad_summaries(edition_key), data.lad_code, lsoas, index_key, edition.n_lsoas_england)
    england_figures = england(edition_key, index_key)
    return {"summaries": summaries, "borough": borough, "england": england_figures,
            "gaps": gaps.area_gaps(summaries, borough, england_figures),
            "mix": gaps.decile_mix(lsoas, areas, national, index_key, data.lad_name)}


@st.cache_resource(show_spinner=False, max_entries=256)
def rate_values(domain: str, areas: tuple[gaps.Area, ...]) -> list[tuple[dict, object]]:
    """Each ward or LSOA rate indicator of the domain for the areas, with the borough, region and England."""
    data = datasets()
    indicators, crosswalk = data.indicators(), load_crosswalk()
    rates = gaps.area_rate_indicators(indicators, crosswalk)
    return [(rate, gaps.area_indicator_values(indicators, rate, areas, data.lad_code))
            for rate in rates[rates["domain"].eq(domain)].to_dict("records")]


def ward_labels(edition_key: str) -> dict[str, str]:
    """The edition's best-fit wards by name (the name is both the choice and its label)."""
    return {area.label: area.label for area in guarded(area_choices, edition_key)["wards"]}


def lsoa_labels(edition_key: str) -> dict[str, str]:
    """LSOA code -> "name (code), ward" for the edition's LSOAs, as the picker shows them."""
    lsoas = guarded(data.lsoas, edition_key)
    return {row.lsoa_code: f"{row.lsoa_name} ({row.lsoa_code}), {row.ward_name}" for row in lsoas.itertuples()}


def index_labels(domain: str) -> dict[str, str]:
    """The domain's IoD indices, then its context indices, and always the IMD, key -> label."""
    row = domains.loc[domain]
    keys = dict.fromkeys([*row["iod_indices"], *row["context_iod_indices"], "imd"])
    return {key: INDEX_BY_KEY[key].label for key in keys}


def edition_changed() -> None:
    """A new edition starts from its own wards and no LSOAs: names and codes chosen under the other edition
    may be other areas, or none of this one's. (Set, not deleted: a deleted value would be re-read from the link.)"""
    st.session_state["wards"] = list(ward_labels(st.session_state["edition"]))
    st.session_state["lsoa"] = []


def domain_changed() -> None:
    """A new domain starts from its own first index, not the one chosen for another domain."""
    st.session_state["index"] = next(iter(index_labels(st.session_state["domain"])))


data = datasets()
place = data.lad_name
crosswalk = guarded(load_crosswalk)
domains = crosswalk_domains(crosswalk).set_index("domain")
PARAMS = [
    Param("edition", "edition", {key: edition.label for key, edition in EDITIONS.items()}, DEFAULT_EDITION),
    Param("kind", "kind of area", KINDS, "wards"),
    Param("wards", "ward", lambda state: ward_labels(state["edition"]), (), multi=True),
    Param("lsoa", "LSOA", lambda state: lsoa_labels(state["edition"]), (), multi=True,
          max_values=max(len(guarded(data.lsoas, key)) for key in EDITIONS)),  # a link may hold the whole borough
    Param("domain", "outcome domain", {d: d for d in domains.index}, domains.index[0]),
    Param("index", "IoD index", lambda state: index_labels(state["domain"])),
]
url_state("compare", PARAMS)

st.title("Compare areas")
st.markdown(f"The framework's second aim is to close the gaps between {place}'s most deprived places and the "
            "rest of the borough. Choose the areas, the edition and the outcome domain: each area is set "
            "against the borough and England, with the gap as a figure.")

left, right = st.columns(2)
edition_key = left.radio("Edition", list(EDITIONS), format_func=lambda k: EDITIONS[k].label, horizontal=True,
                         key="edition", bind="query-params", on_change=edition_changed)
kind = right.radio("Compare", list(KINDS), format_func=KINDS.__getitem__, key="kind", horizontal=True, bind="query-params")
edition = EDITIONS[edition_key]
lsoas = guarded(data.lsoas, edition_key)


def toggle_clicked_lsoa(map_key: str, pick_key: str) -> None:
    """st_folium callback: a click on an LSOA adds it to the selection, or removes it if already there."""
    clicked = (st.session_state.get(map_key) or {}).get("last_active_drawing") or {}
    code = (clicked.get("properties") or {}).get("code")
    if code in set(lsoas["lsoa_code"]):
        chosen = list(st.session_state.get(pick_key, []))
        st.session_state[pick_key] = [c for c in chosen if c != code] if code in chosen else [*chosen, code]


choices = guarded(area_choices, edition_key)
if kind == "wards":
    by_label = {a.label: a for a in choices["wards"]}
    picked = st.multiselect(f"Wards ({edition.ward_set_label}; best-fit)", list(by_label), default=list(by_label),
                            key="wards", bind="query-params")
    areas = [by_label[label] for label in picked]
elif kind == "priority":
    areas = choices["priority"]
    st.caption("Priority areas are best-fit LSOA sets inferred from public records, not official boundaries: "
               + " ".join(f"**{a.label}**: {a.caveat}" for a in areas))
elif kind == "fifths":
    areas = choices["fifths"]
    st.caption(areas[0].caveat)
else:
    labels = lsoa_labels(edition_key)
    pick_key, map_key = "lsoa", f"cmp_map_{edition_key}"
    codes = st.multiselect("Your LSOAs (type a name, code or ward, or click them on the map)", list(labels),
                           format_func=labels.__getitem__, key=pick_key, bind="query-params")
    if st.toggle("Pick LSOAs on a map", key=f"cmp_show_map_{edition_key}",
                 help="Click an LSOA to add it to your selection; click it again to remove it."):
        # Built afresh on every run: st_folium adds to a map's HTML as it renders it, so a map cannot be cached.
        st_folium(maps.lsoa_picker_map(guarded(data.lsoa_shapes, edition_key), lsoas, codes), key=map_key,
                  height=560, use_container_width=True, returned_objects=["last_active_drawing"],
                  on_change=lambda: toggle_clicked_lsoa(map_key, pick_key))
    areas = [gaps.custom_area(lsoas, codes)] if codes else []

if not areas:
    st.info("Choose at least one area to compare.", icon=":material/touch_app:")
    st.stop()
geography = f"{KINDS[kind].lower()} in {place}, LSOA {edition.lsoa_vintage}"

domain = st.selectbox("Outcome domain", list(domains.index), key="domain", bind="query-params",
                      on_change=domain_changed)
if not domains.loc[domain, "iod_indices"]:
    st.caption(f"No IoD index measures {domain}; the Index of Multiple Deprivation is offered as the cross-cutting summary.")
indices = index_labels(domain)
index_key = st.selectbox("IoD index", list(indices), format_func=indices.__getitem__, key="index", bind="query-params")
index_label = indices[index_key]
sources = (edition.lsoa_source, edition.summaries_source)
area_notes = tuple(dict.fromkeys(a.caveat for a in areas))

result = guarded(comparison, edition_key, index_key, tuple(areas))
borough, england_figures, gap_table = result["borough"], result["england"], result["gaps"]

chart_card(cached_spec(charts.decile_mix_chart, result["mix"],
                       key="cmp_deciles", index_label=index_label, edition_label=edition.label, geography=geography,
                       source_ids=sources[:1], notes=area_notes))

share_refs = [Reference(f"{place} (published)", borough["proportion_10pct"], palettes.BOROUGH)] \
    if "proportion_10pct" in borough else []
share_refs.append(Reference("England: 10% by construction", england_figures["prop_most_deprived_10pct"], palettes.ENGLAND))
chart_card(cached_spec(
    charts.reference_bar_chart, gap_table, key="cmp_share",
    title=f"{index_label}: share of LSOAs in England's most deprived 10%, {edition.label}, {geography}",
    subtitle=("Each area against the borough (MHCLG's published figure) and England (10% by construction).",
              "Gap = area minus comparator, in percentage points; positive = more deprived."),
    value="prop_most_deprived_10pct", value_title="Share of the area's LSOAs in the most deprived 10%",
    value_format=".0%", references=share_refs, table=charts.area_gap_table(gap_table, "share"), source_ids=sources,
    notes=area_notes))

if gap_table["average_score"].notna().any():
    weighting = str(gap_table["weighting"].iloc[0])
    score_refs = [Reference(f"England ({england_figures['weighting_label']})", england_figures["average_score"],
                            palettes.ENGLAND)]
    if "average_score" in borough:
        score_refs.insert(0, Reference(f"{place} (published, population-weighted)", borough["average_score"], palettes.BOROUGH))
    chart_card(cached_spec(
        charts.reference_bar_chart, gap_table, key="cmp_score",
        title=f"{index_label}: average score, {edition.label}, {geography}",
        subtitle=(f"Area figures are {weighting}. Higher = more deprived.",
                  "Gap = area minus comparator; positive = more deprived."),
        value="average_score", value_title=f"Average {INDEX_BY_KEY[index_key].score_meaning} ({gap_table['weighting_label'].iloc[0]})",
        value_format=",.3~f", references=score_refs, table=charts.area_gap_table(gap_table, "score"), source_ids=sources,
        notes=(*area_notes, *[n for n in result["summaries"]["notes"] if n])))
else:
    st.info(f"The {edition.label} source here has no {index_label} scores, so no average score can be shown "
            f"(see Sources and caveats). The shares above use ranks and deciles, which it has.", icon=":material/info:")

st.subheader(f"Ward and neighbourhood indicators: {domain}")
measured = guarded(rate_values, domain, tuple(areas))
if not measured:
    st.info(f"No ward or LSOA rate is published for {domain}. Counts without population denominators (such as "
            "insolvencies or Housing Benefit claimants) are not compared between areas.", icon=":material/info:")
for rate, values in measured:
    name, unit, indicator_id = rate["display_name"], rate["display_unit"], rate["indicator_id"]
    shown = values[values["role"].eq("Area") & values["value"].notna()]
    if shown.empty:
        st.info(f"**{name}**: {values['coverage'].iloc[0]}.", icon=":material/info:")
        continue
    role_colours = {"Borough": palettes.BOROUGH, "Region": palettes.REGION, "England": palettes.ENGLAND}
    refs = [Reference(r.area, r.value, role_colours[r.role]) for r in values[values["role"].ne("Area")].itertuples()]
    chart_card(cached_spec(
        charts.reference_bar_chart, shown, key=f"cmp_rate_{indicator_id}",
        title=f"{name}: {KINDS[kind].lower()}, {values['period'].iloc[0]}",
        subtitle=(f"{unit}; {charts.POLARITY_WORDS[rate['polarity']]}.", "Lines: the borough, North East and England as published."),
        value="value", value_title=unit, value_format=",.1f", references=refs,
        table=values.rename(columns={"area": "Area", "kind": "Kind", "value": unit, "period": "Period",
                                     "coverage": "How the figure was made", "role": "Role"}),
        source_ids=(rate["source_id"],), notes=(*gaps.indicator_notes(crosswalk, indicator_id), *area_notes)))
