"""Overview: what the framework is after, the headline deprivation figures, and where to go next."""

import streamlit as st

from fsot_data.editions import EDITIONS
from fsot_data.measures import summarise
from ui.data import datasets, guarded
from ui.page import source_footer

data = datasets()
lsoas = {key: guarded(data.lsoas, key) for key in EDITIONS}
place = data.lad_name
framework = data.framework()

st.title(f"{framework.name}: the data" if framework else f"{place}: deprivation and inequalities, the data")
aim = (f"{framework.council}'s *{framework.name}* framework ({framework.period}) aims to close the gaps "
       "between the borough and England, and between its most deprived places and the rest of the borough. "
       if framework else f"How {place} compares with England, and how its most deprived places compare with the rest of it. ")
st.markdown(aim + "This explorer shows where those gaps are, using the English Indices of Deprivation and published "
            "outcome statistics, with every figure's source, edition and geography stated.")

columns = st.columns(len(EDITIONS))
for column, (key, edition) in zip(columns, EDITIONS.items(), strict=True):
    summary = summarise(lsoas[key], "imd", edition.n_lsoas_england)
    with column:
        # The edition first: a phone cuts a long metric label at its end.
        st.metric(f"{edition.label}: LSOAs in England's most deprived 10%",
                  f"{summary['n_most_deprived_10pct']} of {summary['n_lsoas']}",
                  help=f"LSOAs ({edition.lsoa_vintage} boundaries) in national IMD decile 1, {edition.label}.")
        st.caption(f"{summary['prop_most_deprived_10pct']:.1%} of the borough's LSOAs; "
                   f"{summary['n_most_deprived_20pct']} are in the most deprived 20%.")

st.subheader("Where to go")
# Each link is labelled with its page's title from app.py's navigation (a page link does not wrap, so a phone cut the
# long labels these had), with what the page answers below it.
destinations = [
    ("pages/deprivation_map.py", "Which neighbourhoods are most deprived, by ward, postcode and domain."),
    ("pages/borough_vs_england.py", "The borough against England in each of the framework's nine outcome domains."),
    ("pages/compare_areas.py", "Wards, priority areas and your own selections, each against the rest of the borough and England."),
    *([("pages/progress.py", "The outcomes framework's measures since 2021, and the annual progress report.")]
      if framework else []),
    *([("pages/headline_claims.py", "The framework's headline claims, checked against official data.")]
      if framework and framework.claims_checked else []),
    ("pages/next_priority_areas.py", "Candidate neighbourhoods: adjacent LSOAs in England's most deprived 10% or 20%."),
]
for page, answers in destinations:
    st.page_link(page)
    st.caption(answers)

st.info("Deprivation is relative: a rank says how an area compares with every other area in England at "
        "that time, not how deprived it is in absolute terms. IoD2019 and IoD2025 use different "
        "neighbourhood boundaries (2011 and 2021 LSOAs) and are not strictly comparable.", icon=":material/info:")
source_footer("iod2025_lsoa", "iod2019_lsoa")
