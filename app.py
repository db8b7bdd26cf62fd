"""Fairer Stockton-on-Tees explorer: the router. Pages live in pages/, one feature each."""

from pathlib import Path

import streamlit as st

from datafiles.errors import DataProblem
from ui.data import show_problem

st.set_page_config(page_title="Fairer Stockton-on-Tees explorer", page_icon=str(Path(__file__).parent / "static" / "favicon.png"), layout="wide")

PAGES = {
    "Explore": [
        st.Page("pages/home.py", title="Overview", icon=":material/home:", default=True),
        st.Page("pages/deprivation_map.py", title="Deprivation map", icon=":material/map:", url_path="map"),
    ],
    "Gaps": [
        st.Page("pages/borough_vs_england.py", title="Borough against England", icon=":material/compare_arrows:", url_path="borough-vs-england"),
        st.Page("pages/compare_areas.py", title="Compare areas", icon=":material/stacked_bar_chart:", url_path="compare-areas"),
        st.Page("pages/headline_claims.py", title="Headline claims checked", icon=":material/fact_check:", url_path="claims"),
    ],
    "Share and present": [
        st.Page("pages/area_profile.py", title="Area profile", icon=":material/description:", url_path="profile"),
        st.Page("pages/presentation.py", title="Presentation mode", icon=":material/slideshow:", url_path="present"),
    ],
    "About": [
        st.Page("pages/about.py", title="About the framework", icon=":material/info:", url_path="about"),
        st.Page("pages/sources.py", title="Sources and caveats", icon=":material/menu_book:", url_path="sources"),
    ],
}

try:
    st.navigation(PAGES).run()
except DataProblem as problem:  # any page, any table: the same clear message, never a traceback
    show_problem(problem)
