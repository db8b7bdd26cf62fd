"""The geography layer: boundaries, LSOA-to-ward and LSOA 2011-to-2021 lookups, postcodes. No Streamlit."""
