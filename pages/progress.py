"""Is the gap closing? The framework's 17 outcome measures from its adoption (October 2021) to the latest
figures, the gaps over time, deprivation over three IoD editions, and the annual progress report."""

import streamlit as st

from fsot_data import progress
from fsot_data.indicators import compare_to_england
from ui.chart_card import cached_spec, chart_card
from ui.data import datasets, guarded
from ui.page import source_footer
from views import charts
from views.pdf import html_to_pdf, missing_for_pdf
from views.progress_report import build_report, compact_scorecard, deprivation_table, file_name, report_html, scorecard_csv, scorecard_table


@st.cache_resource(show_spinner="Measuring progress since 2021…")
def _report(folder: str):
    """The report's content and its HTML for one build folder (read-only: shared by every session)."""
    data = datasets()
    report = build_report(data)
    series = progress.gap_series(progress.load_outcomes_framework(), compare_to_england(data.indicators(), data.lad_code))
    return report, series, report_html(report)


report, series, document = guarded(_report, str(datasets().out_dir))
place = report.place

st.title("Is the gap closing?")
st.markdown(f"The framework aims at closing the gaps between {place} and the country. For each of the 17 measures "
            "of its outcomes framework this page sets the latest figure published by October 2021, when Cabinet "
            "adopted the framework, beside the latest published today, and says whether the gap with England has "
            "closed, widened or shown no clear change, or why it cannot be measured yet.")

st.header("Scorecard")
counts = report.counts
with st.container(horizontal=True, key="progress_counts"):
    for verdict, n in counts.items():
        st.metric(verdict.capitalize(), n, border=True)
st.caption(f"**How verdicts are decided.** {progress.VERDICT_RULE}")
st.table(compact_scorecard(report.scorecard), border="horizontal")
st.caption("Measures are in the framework's words (fsot_data/outcomes_framework.toml). Where a measure has no source "
           "it is marked not measured with the source that would measure it; a proxy is labelled as one.")
st.subheader("Every figure behind the scorecard")
st.dataframe(scorecard_table(report.scorecard), hide_index=True, width="stretch", key="progress_figures")
st.download_button("Download the scorecard's figures (CSV)", lambda: scorecard_csv(report.scorecard),
                   file_name=file_name(report, "scorecard", "csv"), mime="text/csv", icon=":material/download:",
                   on_click="ignore", key="progress_csv")

st.header("The gaps over time")
# The small multiples keep their panels' widths; on a phone they scroll sideways inside the card instead of being cut off.
st.html("<style>.st-key-card_progress_gaps [data-testid='stFullScreenFrame'] { overflow-x: auto; }</style>")
chart_card(cached_spec(charts.gap_small_multiples, series, key="progress_gaps", place=place,
                       source_ids=tuple(sorted(set(report.scorecard["source_id"].dropna()) - {""})),
                       notes=(progress.VERDICT_RULE,)))

st.header("Deprivation over three editions")
st.table(deprivation_table(report.deprivation), border="horizontal")
st.caption(f"{progress.DEPRIVATION_CAVEAT} IoD2019 and IoD2025: MHCLG's published local authority summaries (File 10). "
           "IoD2015: derived here from the IoD2015 LSOA scores, ranks and deciles with fsot_data.measures, weighted by the "
           "mid-2015 populations published with IoD2019 (IoD2015 used mid-2012), because IoD2015's File 10 is not among the sources.")

st.header("Annual progress report")
st.markdown("The report Cabinet receives: the scorecard, the gaps that closed and widened, deprivation change, the "
            "priority areas against the rest of the borough, caveats and sources. It prints on A4; it is also the "
            "Progress slide in Presentation mode.")
with st.container(horizontal=True, key="progress_downloads"):
    st.download_button("Download report (HTML)", document, file_name=file_name(report, "report", "html"), mime="text/html",
                       icon=":material/download:", on_click="ignore", key="progress_html")
    missing = missing_for_pdf()
    if missing is None:
        st.download_button("Download report (PDF, A4)", lambda: html_to_pdf(document), file_name=file_name(report, "report", "pdf"),
                           mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore", key="progress_pdf")
    else:
        st.caption(f"No PDF download on this server: {missing} The HTML download prints the same report from any browser.")
with st.expander("Preview the report", key="progress_preview"):
    st.iframe(document, alt="Annual progress report")

source_footer(*report.source_ids)
