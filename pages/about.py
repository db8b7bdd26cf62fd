"""About the framework: what A Fairer Stockton-on-Tees sets out to do, what this app measures for each of its
nine outcome domains (read from the crosswalk, not retyped), the priority areas, the Cabinet timeline and the
caveats that apply to every figure."""

import streamlit as st

from fsot_data.editions import EDITIONS
from fsot_data.indicators import crosswalk_domains, crosswalk_indicators, load_crosswalk
from fsot_data.indices import INDEX_BY_KEY
from ui.data import datasets, guarded
from ui.page import source_footer
from views.area_profile import CAVEATS, PROFILE_KINDS

# The framework's five areas of focus (stockton.gov.uk, "A Fairer Stockton-on-Tees").
AREAS_OF_FOCUS = (
    "Borough-wide fundamental issues",
    "Disadvantaged communities",
    "Deprived neighbourhoods and wards",
    "Marginalised individuals and families",
    "The Council as employer, commissioner and purchaser",
)
# Cabinet decisions on the framework, oldest first.
CABINET_TIMELINE = (
    ("July 2021", "Consultation draft of the A Fairer Stockton-on-Tees framework"),
    ("October 2021", "Final framework (2021 to 2031) agreed"),
    ("April 2022", "Next stages of the framework"),
    ("May 2024", "Progress update, with the anti-poverty plan (Anti-Poverty Strategy 2024 to 2027)"),
)

data = datasets()
crosswalk = guarded(load_crosswalk)
domains = crosswalk_domains(crosswalk)
curated = crosswalk_indicators(crosswalk).set_index("indicator_id")
areas = guarded(data.priority_areas)

framework = data.framework()
if framework:
    st.title("About the framework")
    st.markdown(
        f"*{framework.name}* is {framework.council}'s strategic framework for {framework.period} to "
        "reduce inequality: the gaps between the borough and England, and between the borough's most deprived "
        "places and people and the rest. This explorer puts numbers to those gaps with published statistics.")
    st.header("Five areas of focus")
    st.markdown("\n".join(f"{n}. {area}" for n, area in enumerate(AREAS_OF_FOCUS, start=1)))
else:
    st.title("About this explorer")
    st.markdown(f"This explorer puts numbers to the gaps between {data.lad_name} and England, and between its most deprived "
                "places and the rest, with published statistics. No local framework is recorded for it (fsot_data/frameworks.toml), "
                "so the outcome domains below are the nine of the framework the explorer was first built for.")

st.header("Nine outcome domains, and what this app measures for each")
st.markdown("Each domain below says what it covers, which gap in the framework it speaks to, which Indices of "
            "Deprivation (IoD) measure it, the outcome indicators shown for it and, as plainly, what cannot be "
            "measured with the data available.")
for domain in domains.itertuples():
    with st.expander(f"{domain.order}. {domain.domain}", expanded=domain.order == 1, key=f"about_domain_{domain.domain_key}"):
        st.markdown(f"{domain.description}\n\n**Gap it speaks to:** {domain.gap}")
        iod = [INDEX_BY_KEY[k].label for k in domain.iod_indices]
        context = [INDEX_BY_KEY[k].label for k in domain.context_iod_indices]
        st.markdown("**Indices of Deprivation:** " + ("; ".join(iod) if iod else "none measures this domain")
                    + (f" (shown as context: {'; '.join(context)})" if context else ""))
        headline = [curated.loc[i, "display_name"] for i in domain.indicators if curated.loc[i, "headline"]]
        others = [curated.loc[i, "display_name"] for i in domain.indicators if not curated.loc[i, "headline"]]
        if headline:
            st.markdown(f"**Headline indicator:** {headline[0]}" + (f"  \n**Also shown:** {'; '.join(others)}" if others else ""))
        st.markdown(f"**Measured today:** {domain.measurable_today}\n\n**Not measurable with these data:** {domain.not_measurable}")
        if domain.note:
            st.caption(domain.note)

st.header("Priority areas")
if areas:
    st.markdown("The framework's first priority areas. Their boundaries follow streets, so each is represented by the "
                "best-fit list of neighbourhoods (LSOAs) below, an inference from public records, not an official definition.")
else:
    st.info(f"No priority areas are recorded for {data.lad_name}: add them to fsot_data/priority_areas.toml under "
            f"[{data.lad_code}.<key>] (see the comments at the top of that file).", icon=":material/info:")
for area in areas:
    with st.container(border=True, key=f"about_area_{area.key}"):
        st.subheader(area.name)
        counts = ", ".join(f"{len(area.lsoas[key])} LSOAs ({EDITIONS[key].lsoa_vintage} boundaries)" for key in EDITIONS)
        st.markdown(f"*{area.kind}*: {counts}.\n\n{area.rationale}")
        if area.sources:
            st.markdown("**Sources:**\n" + "\n".join(f"- {source}" for source in area.sources))
        st.page_link("pages/area_profile.py", label=f"Profile of {area.name}", icon=":material/description:",
                     query_params={"kind": PROFILE_KINDS["priority"], "area": area.name})

if framework:
    st.header("Timeline of Cabinet decisions")
    st.table({"When": [when for when, _ in CABINET_TIMELINE], "Decision": [what for _, what in CABINET_TIMELINE]},
             hide_index=True)
    st.caption("Cabinet reports and decision records are published on the council's committee pages.")

st.header("Caveats")
st.markdown("\n".join(f"- **{head}** {body}" for head, body in CAVEATS))
st.page_link("pages/sources.py", label="Every source, with its edition, geography and licence", icon=":material/menu_book:")
source_footer("iod2025_lsoa", "iod2019_lsoa")
