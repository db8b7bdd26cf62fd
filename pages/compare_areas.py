"""Compare areas: wards, the priority areas, the borough's most and least deprived fifths, or a set of
LSOAs you choose, each against the borough and England, for each FSOT outcome domain.

Reads top to bottom: the link's state, the choice of edition and areas, the choice of domain and index,
then the deprivation charts and the domain's small-area indicators. Cached tables and callbacks: ui/compare_areas.py.
"""

import streamlit as st
from streamlit_folium import st_folium

from fsot_data import gaps
from fsot_data.editions import DEFAULT_EDITION, EDITIONS, Edition
from fsot_data.indicators import load_crosswalk
from fsot_data.indices import INDEX_BY_KEY
from fsot_data.url_state import Param
from ui import compare_areas as ui
from ui import own_data
from ui.chart_card import cached_spec, chart_card
from ui.data import datasets, guarded
from ui.url_state import url_state
from views import charts, maps, palettes
from views.charts import Reference

KINDS = {"wards": "Wards", "priority": "Priority areas", "fifths": "Most and least deprived fifths",
         "custom": "Your own selection of LSOAs"}
ROLE_COLOURS = {"Borough": palettes.BOROUGH, "Region": palettes.REGION, "England": palettes.ENGLAND}
REST_SUBTITLE = ("Bar: the area. Black tick: the rest of the borough (its other LSOAs, summarised the same way). Under each "
                 "bar, the gaps = area minus the rest of the borough and area minus England; positive = more deprived.")


def read_link(data, domains) -> None:
    """The page's state from the URL; a link may hold every LSOA of the borough's larger edition."""
    url_state("compare", [
        Param("edition", "edition", {key: edition.label for key, edition in EDITIONS.items()}, DEFAULT_EDITION),
        Param("kind", "kind of area", KINDS, "wards"),
        Param("wards", "ward", lambda state: ui.ward_labels(state["edition"]), (), multi=True),
        Param("lsoa", "LSOA", lambda state: ui.lsoa_labels(state["edition"]), (), multi=True,
              max_values=max(len(guarded(data.lsoas, key)) for key in EDITIONS)),
        Param("domain", "outcome domain", {d: d for d in domains.index}, domains.index[0]),
        Param("index", "IoD index", lambda state: ui.index_labels(state["domain"])),
    ])


def choose_edition_and_kind() -> tuple[str, str]:
    left, right = st.columns(2)
    edition_key = left.radio("Edition", list(EDITIONS), format_func=lambda k: EDITIONS[k].label, horizontal=True,
                             key="edition", bind="query-params", on_change=ui.edition_changed)
    kind = right.radio("Compare", list(KINDS), format_func=KINDS.__getitem__, key="kind", horizontal=True,
                       bind="query-params")
    return edition_key, kind


def choose_own_lsoas(data, edition_key: str) -> list[gaps.Area]:
    """A multiselect of the edition's LSOAs, and optionally a map on which a click adds or removes one."""
    lsoas = guarded(data.lsoas, edition_key)
    labels = ui.lsoa_labels(edition_key)
    pick_key, map_key = "lsoa", f"cmp_map_{edition_key}"
    codes = st.multiselect("Your LSOAs (type a name, code or ward, or click them on the map)", list(labels),
                           format_func=labels.__getitem__, key=pick_key, bind="query-params")
    if st.toggle("Pick LSOAs on a map", key=f"cmp_show_map_{edition_key}",
                 help="Click an LSOA to add it to your selection; click it again to remove it."):
        # Built afresh on every run: st_folium adds to a map's HTML as it renders it, so a map cannot be cached.
        known = frozenset(lsoas["lsoa_code"])
        st_folium(maps.lsoa_picker_map(guarded(data.lsoa_shapes, edition_key), lsoas, codes), key=map_key,
                  height=560, use_container_width=True, returned_objects=["last_active_drawing"],
                  on_change=lambda: ui.toggle_clicked_lsoa(map_key, pick_key, known))
    return [gaps.custom_area(lsoas, codes)] if codes else []


def choose_areas(data, edition: Edition, kind: str) -> list[gaps.Area]:
    choices = guarded(ui.area_choices, str(data.out_dir), edition.key)
    if kind == "wards":
        by_label = {a.label: a for a in choices["wards"]}
        picked = st.multiselect(f"Wards ({edition.ward_set_label}; best-fit)", list(by_label), default=list(by_label),
                                key="wards", bind="query-params")
        return [by_label[label] for label in picked]
    if kind == "priority":
        if not choices["priority"]:
            st.info(f"No priority areas are recorded for {data.lad_name}: add them to fsot_data/priority_areas.toml under "
                    f"[{data.lad_code}.<key>].", icon=":material/info:")
            return []
        st.caption("Priority areas are best-fit LSOA sets inferred from public records, not official boundaries: "
                   + " ".join(f"**{a.label}**: {a.caveat}" for a in choices["priority"]))
        return choices["priority"]
    if kind == "fifths":
        st.caption(choices["fifths"][0].caveat)
        return choices["fifths"]
    return choose_own_lsoas(data, edition.key)


def choose_domain_and_index(domains) -> tuple[str, str, str]:
    """(domain, index key, index label); a domain no IoD index measures is offered the IMD."""
    domain = st.selectbox("Outcome domain", list(domains.index), key="domain", bind="query-params",
                          on_change=ui.domain_changed)
    if not domains.loc[domain, "iod_indices"]:
        st.caption(f"No IoD index measures {domain}; the Index of Multiple Deprivation is offered as the cross-cutting summary.")
    indices = ui.index_labels(domain)
    index_key = st.selectbox("IoD index", list(indices), format_func=indices.__getitem__, key="index", bind="query-params")
    return domain, index_key, indices[index_key]


def show_deprivation(edition: Edition, index_key: str, index_label: str, areas: list[gaps.Area], geography: str,
                     place: str) -> None:
    """The areas' decile mix, their share in England's most deprived 10% and their average score, with the gaps."""
    sources = (edition.lsoa_source, edition.summaries_source)
    area_notes = tuple(dict.fromkeys(a.caveat for a in areas))
    result = guarded(ui.comparison, str(datasets().out_dir), edition.key, index_key, tuple(areas))
    borough, england_figures, gap_table = result["borough"], result["england"], result["gaps"]
    chart_card(cached_spec(charts.decile_mix_chart, result["mix"],
                           key="cmp_deciles", index_label=index_label, edition_label=edition.label, geography=geography,
                           source_ids=sources[:1], notes=area_notes))

    share_refs = [Reference(f"{place} (published)", borough["proportion_10pct"], palettes.BOROUGH)] \
        if "proportion_10pct" in borough else []
    share_refs.append(Reference("England: 10% by construction", england_figures["prop_most_deprived_10pct"], palettes.ENGLAND))
    if gap_table["rest_note"].ne("").any():
        st.info(f"{', '.join(gap_table.loc[gap_table['rest_note'].ne(''), 'area'])}: {gaps.NO_REST}, so only the gap to "
                "England is given.", icon=":material/info:")
    chart_card(cached_spec(
        charts.area_gap_chart, gap_table, "share", key="cmp_share",
        title=f"{index_label}: share of LSOAs in England's most deprived 10%, {edition.label}, {geography}",
        subtitle=(REST_SUBTITLE, "Gaps in percentage points. Lines: the borough (MHCLG's published figure) and England "
                                 "(10% by construction)."),
        value_title="Share of the area's LSOAs in the most deprived 10%", value_format=".0%", references=share_refs,
        source_ids=sources, notes=area_notes))

    if not gap_table["average_score"].notna().any():
        st.info(f"The {edition.label} source here has no {index_label} scores, so no average score can be shown "
                f"(see Sources and caveats). The shares above use ranks and deciles, which it has.", icon=":material/info:")
        return
    score_refs = [Reference(f"England ({england_figures['weighting_label']})", england_figures["average_score"],
                            palettes.ENGLAND)]
    if "average_score" in borough:
        score_refs.insert(0, Reference(f"{place} (published, population-weighted)", borough["average_score"], palettes.BOROUGH))
    chart_card(cached_spec(
        charts.area_gap_chart, gap_table, "score", key="cmp_score",
        title=f"{index_label}: average score, {edition.label}, {geography}",
        subtitle=(REST_SUBTITLE, f"Area and rest-of-borough figures are {gap_table['weighting'].iloc[0]}. Higher = more deprived."),
        value_title=f"Average {INDEX_BY_KEY[index_key].score_meaning} ({gap_table['weighting_label'].iloc[0]})",
        value_format=",.3~f", references=score_refs, source_ids=sources,
        notes=(*area_notes, *[n for n in result["summaries"]["notes"] if n])))


RATE_SUBTITLE = ("Bar: the area. Black tick: the rest of the borough, its counts added up the same way. Under each bar, "
                 "the gaps = area minus the rest of the borough and area minus England, in points of the rate.")


def show_small_area_indicators(domain: str, kind: str, areas: list[gaps.Area], crosswalk: dict, edition_key: str) -> None:
    """Each ward or LSOA rate of the domain for the areas and their rest of the borough, against the borough,
    North East and England, with the gaps as figures."""
    st.subheader(f"Ward and neighbourhood indicators: {domain}")
    measured = guarded(ui.rate_values, str(datasets().out_dir), edition_key, domain, tuple(areas))
    if not measured:
        st.info(f"No ward or LSOA rate is published for {domain}. Counts without population denominators (such as "
                "insolvencies or Housing Benefit claimants) are not compared between areas.", icon=":material/info:")
    area_notes = tuple(dict.fromkeys(a.caveat for a in areas))
    for rate, values in measured:
        name, unit, indicator_id = rate["display_name"], rate["display_unit"], rate["indicator_id"]
        shown = values[values["role"].eq(gaps.AREA) & values["value"].notna()]
        if shown.empty:
            st.info(f"**{name}**: {values['coverage'].iloc[0]}.", icon=":material/info:")
            continue
        if shown["rest_note"].eq(gaps.NO_COUNTS).any():
            st.info(f"**{name}**: {gaps.NO_COUNTS}. The bars are the published ward figures.", icon=":material/info:")
        if shown["rest_note"].eq(gaps.NO_REST).any():
            st.info(f"**{name}**, {', '.join(shown.loc[shown['rest_note'].eq(gaps.NO_REST), 'area'])}: {gaps.NO_REST}.",
                    icon=":material/info:")
        refs = [Reference(r.area, r.value, ROLE_COLOURS[r.role]) for r in values[values["role"].ne(gaps.AREA)].itertuples()]
        chart_card(cached_spec(
            charts.area_gap_chart, shown, "rate", key=f"cmp_rate_{indicator_id}",
            title=f"{name}: {KINDS[kind].lower()} and the rest of the borough, {values['period'].iloc[0]}",
            subtitle=(f"{unit}; {charts.POLARITY_WORDS[rate['polarity']]}.", RATE_SUBTITLE,
                      "Lines: the borough, North East and England as published."),
            value_title=unit, value_format=",.1f", references=refs, table=charts.rate_gap_table(values, unit),
            source_ids=(rate["source_id"],), notes=(*gaps.indicator_notes(crosswalk, indicator_id), *area_notes,
                                                    *dict.fromkeys(c for c in shown["rest_coverage"] if "denominators" in c))))


data = datasets()
place = data.lad_name
crosswalk = guarded(load_crosswalk)
domains = guarded(ui.domain_table)
read_link(data, domains)

st.title("Compare areas")
st.markdown(f"The framework's second aim is to close the gaps between {place}'s most deprived places and the "
            "rest of the borough. Choose the areas, the edition and the outcome domain: each area is set "
            "against the rest of the borough (its LSOAs not in the area, summarised the same way), the whole "
            "borough and England, with the gaps as figures.")
edition_key, kind = choose_edition_and_kind()
edition = EDITIONS[edition_key]
areas = choose_areas(data, edition, kind)
if not areas:
    st.info("Choose at least one area to compare.", icon=":material/touch_app:")
    st.stop()
domain, index_key, index_label = choose_domain_and_index(domains)
show_deprivation(edition, index_key, index_label, areas, f"{KINDS[kind].lower()} in {place}, LSOA {edition.lsoa_vintage}",
                 place)
show_small_area_indicators(domain, kind, areas, crosswalk, edition_key)
own_data.compare_section(edition_key, areas, KINDS[kind])
