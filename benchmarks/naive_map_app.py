"""The naive deprivation map the app is measured against (benchmarks only; not part of the app).

What a first attempt looks like: on every rerun, re-read the published IoD2025 CSV and the raw
(unsimplified) LSOA boundaries, join them, and draw them with GeoDataFrame.explore() through
st_folium. Same data and same kind of map as pages/deprivation_map.py, none of its care: no build
step, no caching, no simplification, no slim GeoJSON.

    streamlit run benchmarks/naive_map_app.py   (needs FSOT_SOURCES)
"""

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from fsot_data import registry

DOMAINS = ["Index of Multiple Deprivation (IMD)", "Income", "Employment", "Health Deprivation and Disability",
           "Crime", "Barriers to Housing and Services", "Living Environment"]

st.title("Deprivation map (naive)")
domain = st.selectbox("Domain", DOMAINS, key="naive_domain")
table = pd.read_csv(registry.locate("iod2025_lsoa"))
shapes = gpd.read_file(registry.locate("lsoa2021_boundaries"))
decile = next(c for c in table.columns if c.startswith(domain) and "Decile" in c)
joined = shapes.merge(table, left_on="LSOA21CD", right_on="LSOA code (2021)")
st_folium(joined.explore(column=decile, cmap="viridis", legend=False, tooltip=["LSOA21NM", decile]), key="naive_map", height=600)
