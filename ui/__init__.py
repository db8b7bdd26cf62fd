"""Streamlit glue shared by the pages: cached data access, problem messages, source footers."""
