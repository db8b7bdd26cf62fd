"""The ground both data packages stand on: the one error type and the one CSV reader.

`fsot_data` (tables, measures) and `geodata` (boundaries, lookups, postcodes) both import this package, and it
imports neither, so imports point one way: fsot_data -> geodata -> datafiles. No Streamlit.
"""
