"""Bring your own data: upload a council's own indicator (CSV or Excel, by LSOA, ward or postcode), see what was used
and what was dropped, and find it on the deprivation map, in Compare areas and in area profiles, for this session only."""

import streamlit as st

from fsot_data import own_data as od
from ui import own_data
from views.export import download_name

LAST_KEY = "own_data_last"  # the key of the indicator added last, shown in "What was used"
RAW_KEY = "own_data_raw"    # (upload file_id, RawTable or the reason it cannot be read)

geography = own_data.geography()
place = geography.lad_name

st.title("Bring your own data")
st.markdown(f"Put your own indicator (a local survey, service use by postcode, an extract from the Joint Strategic "
            f"Needs Assessment) on the map of {place}, in Compare areas and in area profiles, beside the published data. "
            "It is always labelled as your own data, not published statistics.")
st.info(own_data.PRIVACY, icon=":material/lock:")
st.caption(f"Limits: {od.LIMITS_TEXT}")

# --- 1. A template ---------------------------------------------------------------------------------
st.subheader("1. Start from a template (optional)")
template_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
template = template_col.radio("Geography", list(od.GEOGRAPHIES), format_func=lambda g: od.GEOGRAPHIES[g].capitalize(),
                              horizontal=True, key="own_template")
button_col.download_button("Download the template (CSV)", od.template_csv(template, geography),
                           file_name=download_name("own data template", place, template, extension="csv"), mime="text/csv",
                           on_click="ignore", icon=":material/download:", key="own_template_csv")
st.caption("A template lists every LSOA or ward of the borough with an empty value column (and an optional denominator). "
           "Postcode files have a row per person, household or event: each row counts 1 (or its count). With a "
           "denominator the figure is a percentage per 2021 LSOA; without one it is per 1,000 residents of the 2011 "
           "LSOA, using the only small-area population here (mid-2015, published with IoD2019).")

# --- 2. The file -----------------------------------------------------------------------------------
st.subheader("2. Upload your file")
upload = st.file_uploader("CSV or Excel file", type=[e.lstrip(".") for e in (*od.TEXT_EXTENSIONS, *od.EXCEL_EXTENSIONS)],
                          max_upload_size=od.MAX_UPLOAD_MB, key="own_upload")
raw = None
if upload is not None:
    if st.session_state.get(RAW_KEY, (None,))[0] != upload.file_id:
        try:
            st.session_state[RAW_KEY] = (upload.file_id, od.read_upload(upload.getvalue(), upload.name))
        except od.UploadProblem as problem:
            st.session_state[RAW_KEY] = (upload.file_id, str(problem))
    raw = st.session_state[RAW_KEY][1]
    if isinstance(raw, str):
        st.error("This file cannot be used:", icon=":material/error:")
        st.text(raw)
        raw = None
    else:
        st.text("\n".join((f"{len(raw.rows):,} rows and {len(raw.columns)} columns.", *raw.notes)))

# --- 3. What it is ---------------------------------------------------------------------------------
if raw is not None:
    st.subheader("3. Say what it is")
    guess = od.guess_columns(raw.columns)
    columns = list(raw.columns)
    suffix = upload.file_id
    with st.form("own_data_form"):
        area_col, value_col, denominator_col = st.columns(3)
        area = area_col.selectbox("Area column (LSOA code, ward code or name, or postcode)", columns,
                                  index=columns.index(guess.area), key=f"own_area_{suffix}")
        value = value_col.selectbox("Value column (for postcodes: a count per row, or none to count rows)", [None, *columns],
                                    index=[None, *columns].index(guess.value), format_func=lambda c: "None" if c is None else c,
                                    key=f"own_value_{suffix}")
        denominator = denominator_col.selectbox("Denominator column (optional: makes a percentage)", [None, *columns],
                                                index=[None, *columns].index(guess.denominator),
                                                format_func=lambda c: "None" if c is None else c, key=f"own_den_{suffix}")
        name_col, unit_col, period_col = st.columns(3)
        name = name_col.text_input("Indicator name", max_chars=od.MAX_NAME_CHARS, key="own_name")
        unit = unit_col.text_input("Unit", max_chars=od.MAX_NAME_CHARS, key="own_unit", placeholder="e.g. % of adults")
        period = period_col.text_input("Period", max_chars=od.MAX_NAME_CHARS, key="own_period", placeholder="e.g. 2024/25")
        domain_col, polarity_col, measure_col = st.columns(3)
        domain = domain_col.selectbox("FSOT outcome domain", own_data.domains(), key="own_domain")
        polarity = polarity_col.radio("Polarity", list(od.POLARITIES), format_func=od.POLARITIES.__getitem__, key="own_polarity")
        measure = measure_col.radio("It is", list(od.MEASURES), format_func=od.MEASURES.__getitem__, key="own_measure")
        source = st.text_input("Source line (who collected it, and how)", max_chars=4 * od.MAX_NAME_CHARS, key="own_source",
                               placeholder="e.g. Stockton-on-Tees Borough Council, residents' survey 2024 (n = 1,203)")
        submitted = st.form_submit_button("Check the file and add the indicator", type="primary")
    if submitted:
        meta = od.Metadata(name.strip(), unit.strip(), period.strip(), domain, polarity, source.strip(), measure)
        problems = meta.problems(own_data.domains())
        for problem in problems:
            st.warning(problem, icon=":material/edit:")
        if not problems:
            try:
                indicator = od.validate(raw, od.Columns(area, value, denominator), meta, geography)
            except od.UploadProblem as problem:
                st.error("Nothing in this file could be used:", icon=":material/error:")
                st.text(str(problem))
            else:
                own_data.session_indicators()[indicator.key] = indicator
                st.session_state[LAST_KEY] = indicator.key

# --- 4. What was used ------------------------------------------------------------------------------
last = own_data.session_indicators().get(st.session_state.get(LAST_KEY))
if last is not None:
    st.subheader("4. What was used")
    st.text(own_data.describe(last))
    dropped = len(last.dropped)
    unit_count = int(last.table["value"].notna().sum())
    noun = od.UNIT_NOUN[last.geography]
    counted = "postcodes counted into " if last.input_geography == "postcode" else ""
    message = (f"Used {last.rows_used:,} of {last.rows_read:,} rows: figures for {unit_count} {noun}s "
               f"({counted}{od.GEOGRAPHIES[last.geography]}).")
    (st.warning if dropped else st.success)(message + (f" {dropped:,} rows were not used: they are listed below." if dropped else ""))
    st.text("\n".join((*last.notes, last.derivation)))
    if dropped:
        st.dataframe(last.dropped, hide_index=True, width="stretch", key="own_dropped")
    n_bands = st.radio("Bands within the borough", list(od.BANDS), format_func=lambda n: f"{od.BANDS[n].capitalize()}s",
                       horizontal=True, key="own_bands")
    own_data.indicator_map(last, n_bands, key="own_preview_map")
    with st.container(horizontal=True):
        st.page_link("pages/deprivation_map.py", label="See it on the deprivation map", icon=":material/map:")
        st.page_link("pages/compare_areas.py", label="Compare areas on it", icon=":material/stacked_bar_chart:")
        st.page_link("pages/area_profile.py", label="Area profiles", icon=":material/description:")

# --- Your indicators -------------------------------------------------------------------------------
st.subheader("Your indicators")
indicators = own_data.all_indicators()
if not indicators:
    st.caption("None yet this session.")
for indicator in indicators:
    text_col, button_col = st.columns([5, 1], vertical_alignment="center")
    text_col.text(own_data.describe(indicator))
    if not indicator.permanent:
        button_col.button("Remove", key=f"own_remove_{indicator.key}", icon=":material/delete:",
                          on_click=own_data.session_indicators().pop, args=(indicator.key, None))
st.caption("An administrator can add an indicator for everyone: put the file and a small metadata file in the "
           "sources folder's local_indicators/ and build again (see the README, 'Local indicators').")
