"""Borough against England: for each FSOT outcome domain, every measure available today beside England's,
and the domains that cannot be measured yet shown as gaps in measurement."""

import streamlit as st
from streamlit_folium import st_folium

from fsot_data import gaps, national, neighbours, registry
from fsot_data.editions import EDITIONS
from fsot_data.indicators import compare_to_england, crosswalk_domains, load_crosswalk
from fsot_data.indices import INDEX_BY_KEY
from fsot_data.url_state import Param
from ui.chart_card import cached_spec, chart_card
from ui.data import datasets, guarded
from ui.page import source_footer
from ui.url_state import url_state
from views import charts, maps


@st.cache_resource(show_spinner="Comparing the indicators with England…")
def evidence(build: str):
    """The crosswalk, every indicator against England, and what each domain can be measured with (once per build)."""
    data = datasets()
    crosswalk, indicators = load_crosswalk(), data.indicators()
    return (crosswalk, compare_to_england(indicators, data.lad_code, region_code=data.region_code or ""),
            gaps.measurement_coverage(crosswalk, indicators, data.lad_code))


@st.cache_resource(show_spinner="Finding similar authorities…")
def similar_authorities(build: str) -> tuple[object, object, str]:
    """(the nearest districts, the authority against them on each measure, the life-expectancy period); once per build."""
    data = datasets()
    table, period = neighbours.measure_table(data.lad_summaries("2025"), data.indicators())
    near = neighbours.nearest(table, data.lad_code)
    return near, neighbours.against_neighbours(table, data.lad_code, list(near["lad_code"])), period


data = datasets()
place = data.lad_name
crosswalk, compared, coverage = guarded(evidence, str(data.out_dir))
domains = crosswalk_domains(crosswalk).set_index("domain")
coverage = coverage.set_index("domain")
lsoas = {key: guarded(data.lsoas, key) for key in EDITIONS}
summaries = {key: guarded(data.lad_summaries, key) for key in EDITIONS}
INDICATOR_SOURCES = tuple(sorted(set(compared["source_id"]) - {""}))
names = gaps.indicator_names(crosswalk)


def index_choices(domain: str) -> dict[str, str]:
    """The IoD indices shown for a domain (its measures, then context), key -> label."""
    row = domains.loc[domain]
    return {key: INDEX_BY_KEY[key].label for key in [*row["iod_indices"], *row["context_iod_indices"]]}


def proxy_indicators(domain: str) -> list[str]:
    """Indicators of other domains that are the closest evidence for this one."""
    return [i for i in domains.loc[domain, "proxy_indicators"] if i in set(compared["indicator_id"])]


def indicator_choices(domain: str) -> dict[str, str]:
    """The domain's indicators over time, then its proxies, id -> label."""
    proxies = proxy_indicators(domain)
    own = gaps.domain_indicators(compared, crosswalk, domain)["indicator_id"]
    return {**{i: names[i] for i in own}, **{i: f"{names[i]} (proxy from another domain)" for i in proxies}}


def domain_changed() -> None:
    """A new domain starts from its own first index and indicator, not those chosen for another domain.
    (Set, not deleted: a deleted value would be re-read from the link.)"""
    domain = st.session_state["domain"]
    for key, choices in (("index", index_choices(domain)), ("indicator", indicator_choices(domain))):
        if choices:
            st.session_state[key] = next(iter(choices))


PARAMS = [
    Param("domain", "outcome domain", {d: d for d in domains.index}, domains.index[0]),
    Param("index", "IoD index", lambda state: index_choices(state["domain"])),
    Param("indicator", "indicator", lambda state: indicator_choices(state["domain"])),
    Param("national", "national map measure", {k: label for k, (label, _, _) in national.MAP_MEASURES.items()},
          next(iter(national.MAP_MEASURES))),
]
url_state("bve", PARAMS)

st.title(f"{place} against England")
st.markdown(f"The framework's first aim is to close the gaps between {place} and the country. For each of its "
            "nine outcome domains this page puts every measure available today beside England's: the Indices "
            "of Deprivation (IoD2019 and IoD2025) and the published outcome indicators. Domains that no data "
            "measures yet are shown as gaps in measurement, not left out.")

domain = st.selectbox("Outcome domain", list(domains.index), key="domain", bind="query-params",
                      on_change=domain_changed)
row, status = domains.loc[domain], coverage.loc[domain]
st.header(domain)
st.markdown(row["description"])
if status["status"] != gaps.MEASURED:
    st.warning(f"**{status['status']}.** {row['not_measurable']}", icon=":material/help:")
st.markdown(f"**Measurable today:** {row['measurable_today']}")

st.subheader("Deprivation: the Indices of Deprivation")
index_labels = index_choices(domain)
if not index_labels:
    st.info(f"No IoD index measures {domain}. {row['note']}", icon=":material/info:")
else:
    index_key = st.selectbox("IoD index", list(index_labels), format_func=index_labels.__getitem__, key="index",
                             bind="query-params")
    index_label = index_labels[index_key]
    if index_key in row["context_iod_indices"]:
        st.caption(f"{index_label} is shown as context only, not as a measure of {domain}: {row['note']}")
    chart_card(cached_spec(
        charts.decile_share_chart, gaps.borough_decile_shares(lsoas, index_key), key="bve_deciles",
        index_label=index_label, place=place, source_ids=("iod2025_lsoa", "iod2019_lsoa"),
        notes=("Deprivation is relative: a decile says how an LSOA compares with all others in England in that edition.",
               "IoD2019 and IoD2025 differ in indicators, data years and LSOA boundaries, so compare them with care.")))
    ranks = gaps.official_ranks(summaries, data.lad_code, index_key, {k: e.n_lads_england for k, e in EDITIONS.items()})
    if ranks.empty:
        st.info(f"MHCLG publishes no local authority summary (File 10) for {index_label}, so the borough has no "
                "official rank for it.", icon=":material/info:")
    else:
        chart_card(cached_spec(
            charts.rank_chart, ranks, key="bve_ranks", index_label=index_label, place=place,
            source_ids=("iod2025_lad_summaries", "iod2019_lad_summaries"),
            notes=("Official figures from File 10, not recomputed. Average score, extent and local concentration are "
                   "population-weighted by MHCLG.",
                   "Extent and local concentration are published for the IMD only.")))

st.subheader("Against similar authorities")
near, against, le_period = guarded(similar_authorities, str(data.out_dir))
if near.empty:
    st.info(f"{place} has no statistical neighbours here: OHID publishes no life expectancy of its own for it, one of the "
            "eight measures the method uses.", icon=":material/info:")
else:
    st.markdown(f"{place} beside its {len(near)} statistical neighbours: the districts most like it on IoD2025 deprivation "
                f"and life expectancy ({le_period}). Rank 1 is the most deprived, or the shortest life expectancy, of the "
                f"{len(near) + 1}.")
    st.dataframe(against, hide_index=True, width="stretch", key="bve_neighbours",
                 column_config={"measure": "Measure", "value": st.column_config.NumberColumn(place, format="%.3f"),
                                "neighbours_median": st.column_config.NumberColumn("Neighbours' median", format="%.3f"),
                                "neighbours_min": st.column_config.NumberColumn("Lowest", format="%.3f"),
                                "neighbours_max": st.column_config.NumberColumn("Highest", format="%.3f"),
                                "rank": "Rank", "of": "Of"})
    with st.expander(f"How the neighbours were chosen, and who they are ({len(near)})", icon=":material/groups:"):
        st.markdown(neighbours.__doc__.split("\n\n", 1)[1])
        st.dataframe(near[["lad_name", "lad_code", "distance"]], hide_index=True, key="bve_neighbour_list",
                     column_config={"lad_name": "District", "lad_code": "Code",
                                    "distance": st.column_config.NumberColumn("Distance (standardised)", format="%.2f")})
    source_footer("iod2025_lad_summaries", "indicators_le_sii_all_las",
                  note="Derived: z-scores of eight published measures and Euclidean distances between districts (fsot_data/neighbours.py).")

st.subheader(f"Where {place} sits in England")
measure = st.selectbox("Shade England's districts by", list(national.MAP_MEASURES), key="national", bind="query-params",
                       format_func=lambda k: national.MAP_MEASURES[k][0])
districts = guarded(data.national_districts)
if note := data.unavailable("national_districts"):
    st.info(f"The national map is not available. {note}", icon=":material/info:")
else:
    fifths = national.district_fifths(districts, measure)
    label = national.MAP_MEASURES[measure][0]
    st_folium(maps.national_map(districts, fifths, data.lad_code, label,
                                maps.attribution_html(registry.attribution_lines(["iod2025_lad_summaries", "lsoa2021_boundaries"]))),
              key="bve_national_map", height=560, use_container_width=True, returned_objects=[])
    mine = fifths.loc[fifths["code"].eq(data.lad_code)]
    if len(mine):
        st.caption(f"{place} (outlined in orange) ranks {int(mine['rank'].iloc[0])} of {len(fifths)} districts on {label} "
                   f"({national.FIFTHS[int(mine['fifth'].iloc[0]) - 1].lower()}). Darkest: the most deprived fifth of districts by "
                   "the published rank. District shapes are dissolved from the ONS LSOA 2021 boundaries and simplified as "
                   "one coverage (1 km tolerance, coordinates to 0.001°), so shared edges stay shared.")
    with st.expander("The national map as a table", icon=":material/table:"):
        st.dataframe(fifths.assign(fifth=fifths["fifth"].map(lambda f: national.FIFTHS[int(f) - 1] if f == f else "")),
                     hide_index=True, width="stretch", key="bve_national_table",
                     column_config={"code": "Code", "name": "District", "value": label, "rank": "Rank (1 = most deprived)",
                                    "fifth": "Fifth of districts"})
    source_footer("iod2025_lad_summaries", "lsoa2021_boundaries")

st.subheader("Outcome indicators against England")
latest = gaps.borough_against_england(compared, crosswalk, domain)
if latest.empty:
    st.info(f"No published indicator gives {place} and England figures for {domain}.", icon=":material/info:")
else:
    chart_card(cached_spec(charts.england_index_chart, latest, key="bve_latest", domain=domain, place=place,
                           source_ids=tuple(sorted(set(latest["source_id"])))))

indicator_labels = indicator_choices(domain)
if indicator_labels:
    indicator_id = st.selectbox("Indicator over time", list(indicator_labels), format_func=indicator_labels.__getitem__,
                                key="indicator", bind="query-params")
    notes = gaps.indicator_notes(crosswalk, indicator_id)
    if indicator_id in proxy_indicators(domain):
        notes = (f"A proxy: this indicator belongs to another domain and is only the closest evidence for {domain}.", *notes)
    trend = gaps.indicator_trend(compared, indicator_id)
    chart_card(cached_spec(charts.trend_chart, trend, key="bve_trend", indicator_name=names[indicator_id], place=place,
                           source_ids=tuple(sorted(set(compared.loc[compared["indicator_id"].eq(indicator_id), "source_id"]))),
                           notes=notes))

with st.expander("What every domain can be measured with today", icon=":material/grid_on:"):
    chart_card(cached_spec(charts.coverage_chart, coverage.reset_index(), key="bve_coverage", place=place,
                           source_ids=(*INDICATOR_SOURCES, "iod2025_lsoa", "iod2019_lsoa"),
                           notes=("Counts come from the domain crosswalk (fsot_data/crosswalk.toml) and the indicator files.",)))
