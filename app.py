"""Fairer Stockton-on-Tees explorer: the router. Pages live in pages/, one feature each.

The authority picker (when the deployment serves several) comes first, so every page reads the chosen
authority's tables; pages that belong to a framework (its headline claims) are routed only for its authority.
"""

from pathlib import Path

import streamlit as st

from datafiles.errors import DataProblem
from ui.data import authority_picker, current_authority, datasets, served_authorities, show_problem
from ui.page import sidebar_navigation
from ui.reconnect import rerun_after_reconnecting, tell_if_session_was_lost

authority_picker()
framework = datasets().framework()
title = (f"{framework.name.removeprefix('A ')} explorer" if framework
         else f"{served_authorities()[current_authority()]} inequalities explorer")
st.set_page_config(page_title=title, page_icon=str(Path(__file__).parent / "static" / "favicon.png"), layout="wide")

PRESENTATION = st.Page("pages/presentation.py", title="Presentation mode", icon=":material/slideshow:", url_path="present")
PAGES = {
    "Explore": [
        st.Page("pages/home.py", title="Overview", icon=":material/home:", default=True),
        st.Page("pages/deprivation_map.py", title="Deprivation map", icon=":material/map:", url_path="map"),
    ],
    "Gaps": [
        st.Page("pages/borough_vs_england.py", title="Borough against England", icon=":material/compare_arrows:",
                url_path="borough-vs-england"),
        st.Page("pages/compare_areas.py", title="Compare areas", icon=":material/stacked_bar_chart:", url_path="compare-areas"),
        *([st.Page("pages/headline_claims.py", title="Headline claims checked", icon=":material/fact_check:", url_path="claims")]
          if framework and framework.claims_checked else []),
        st.Page("pages/next_priority_areas.py", title="Next priority areas", icon=":material/add_location:", url_path="candidates"),
        *([st.Page("pages/progress.py", title="Is the gap closing?", icon=":material/trending_down:", url_path="progress")]
          if framework else []),  # the framework's own outcome measures and report to Cabinet
    ],
    "Share and present": [
        st.Page("pages/area_profile.py", title="Area profile", icon=":material/description:", url_path="profile"),
        PRESENTATION,
    ],
    "Your data": [
        st.Page("pages/own_data.py", title="Bring your own data", icon=":material/upload_file:", url_path="own-data"),
    ],
    "About": [
        st.Page("pages/about.py", title="About the framework" if framework else "About this explorer", icon=":material/info:",
                url_path="about"),
        st.Page("pages/sources.py", title="Sources and caveats", icon=":material/menu_book:", url_path="sources"),
    ],
}

tell_if_session_was_lost()  # a browser moved to another process behind the balancer is told its view was reset
try:
    # Routing only: the menu is drawn by sidebar_navigation (why: its docstring). Presentation mode gets no
    # sidebar at all, so Streamlit draws no sidebar toggle over the slides.
    page = st.navigation(PAGES, position="hidden")
    if page is not PRESENTATION:
        sidebar_navigation(PAGES)
    page.run()
except DataProblem as problem:  # any page, any table: the same clear message, never a traceback
    show_problem(problem)
rerun_after_reconnecting()  # ... and a page idle when its connection came back runs again at once
