"""Sources and caveats: every source the app reads, with its edition, geography, licence and link."""

import pandas as pd
import streamlit as st

from fsot_data import registry
from fsot_data.editions import EDITIONS
from fsot_data.store import REBUILD
from ui.data import datasets
from views.area_profile import CAVEATS

st.title("Sources and caveats")
st.markdown("Every figure in this explorer comes from one of the sources below. Files marked *assembled* "
            "or *derived* were put together from official component files where the official file could "
            "not be obtained; their values are official, and the app reads the official file when present.")

data = datasets()
built = data.manifest().get("artefacts", {})
if not built:
    st.warning(f"No build record was found in `{data.out_dir}`: the data has not been built, or the record "
               f"(manifest.json) is damaged, so row counts are not shown. How to fix: {REBUILD}", icon=":material/warning:")
rows = []
for source in registry.all_sources().values():
    used = [name for name, entry in built.items() if source.id in entry.get("sources", [])]
    rows.append({"Source": source.title, "Publisher": source.publisher, "Edition": source.edition,
                 "Geography": source.geography, "Licence": source.licence, "Link": source.page_url,
                 "Rows built": sum(built[name].get("rows", 0) for name in used) or None})
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
             column_config={"Link": st.column_config.LinkColumn("Link")})

absent = {key: data.absent_columns(key) for key in sorted(EDITIONS)}
st.subheader("What the deprivation sources here do not contain")
for key, columns in absent.items():
    if columns:
        st.markdown(f"- **IoD{key}**: {', '.join(columns)}. Views that need these say so where they appear.")

st.subheader("Caveats that apply throughout")
st.markdown("\n".join(f"- **{head}** {body}" for head, body in CAVEATS))
st.subheader("Attribution")
for line in registry.attribution_lines(registry.all_sources()):
    st.markdown(f"- {line}")
