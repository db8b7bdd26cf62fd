"""The annual progress report Cabinet receives, built from fsot_data.progress: the scorecard of the framework's
17 outcome measures, the gaps that closed and widened, deprivation over three IoD editions, the priority areas
against the rest of the borough, caveats and sources. One self-contained HTML document (printed to PDF by
views/pdf.py, so the two never differ), a presentation slide, and the scorecard table the progress page shows.

All text from the data is HTML-escaped. Pure module: no Streamlit.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass
from datetime import date

import altair as alt
import pandas as pd

from fsot_data import progress
from fsot_data.datasets import source_lines
from fsot_data.indicators import compare_to_england
from views import export, palettes
from views.slides import Slide, _theme

VERDICT_COLOURS = {progress.CLOSING: "#1A7F37", progress.WIDENING: "#B42318", progress.NO_CLEAR_CHANGE: "#6B7280",
                   progress.NOT_MEASURED: "#D1D5DB"}
VERDICT_SHAPES = {progress.CLOSING: "triangle-down", progress.WIDENING: "triangle-up", progress.NO_CLEAR_CHANGE: "square",
                  progress.NOT_MEASURED: "circle"}
REPORT_EDITION = "2025"  # priority areas are compared on IoD2025 (2021 LSOAs)
CAVEATS = (
    ("Baselines are the latest figures published by October 2021.", "Where a source starts later, its first period "
     "stands in and the scorecard says so; such a change is measured from after the framework began."),
    ("Proxies are not the measures.", "Where no source measures what the framework names, the scorecard says so, or "
     "labels the nearest proxy; a proxy's verdict speaks for the proxy only."),
    ("Comparators.", "England throughout, except child poverty, compared with the UK because DWP publishes no England figure."),
    ("Deprivation is relative.", progress.DEPRIVATION_CAVEAT),
    ("Priority areas are best-fit inferences.", "Their LSOA lists are the nearest statistical fit from public records; "
     "IoD2025 has no population denominators here, so area and rest-of-borough averages are unweighted means of LSOA scores."),
)


@dataclass(frozen=True)
class ProgressReport:
    place: str
    scorecard: pd.DataFrame     # fsot_data.progress.measure_progress
    counts: dict[str, int]
    deprivation: pd.DataFrame   # fsot_data.progress.deprivation_editions
    priority: pd.DataFrame      # fsot_data.progress.priority_against_rest
    source_ids: tuple[str, ...]
    built: str


def build_report(data) -> ProgressReport:
    """The report's content from a fsot_data.datasets.Datasets."""
    compared = compare_to_england(data.indicators(), data.lad_code)
    scorecard = progress.measure_progress(progress.load_outcomes_framework(), compared)
    deprivation = progress.deprivation_editions({k: data.lad_summaries(k) for k in ("2019", "2025")}, data.iod2015(),
                                                data.national("2019"), data.lad_code)
    priority = progress.priority_against_rest(data.lsoas(REPORT_EDITION), data.priority_areas(), REPORT_EDITION)
    indicator_sources = sorted(set(scorecard["source_id"].dropna()) - {""}) if "source_id" in scorecard else []
    sources = (*indicator_sources, "iod2015_imd", "iod2019_lsoa", "iod2019_lad_summaries", "iod2025_lad_summaries",
               "iod2025_lsoa")
    return ProgressReport(data.lad_name, scorecard, progress.verdict_counts(scorecard), deprivation, priority, sources,
                          date.today().isoformat())


# --- formatting ---------------------------------------------------------------------------------------

def number(value) -> str:
    """A figure as shown: thousands with commas, tens to one decimal, smaller to two (trailing zeros dropped)."""
    if value is None or pd.isna(value):
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    text = f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "-0.0") else text


def signed(value) -> str:
    return "" if value is None or pd.isna(value) else ("+" if value > 0.0005 else "") + number(value)


def verdict_text(row) -> str:
    flag = " (worse than England and worsening)" if row.get("worse_and_worsening") else ""
    return f"{row['verdict']}{flag}"


def scorecard_table(scorecard: pd.DataFrame) -> pd.DataFrame:
    """One row per measure, every column text, as the page and the report show it."""
    rows = []
    for _, r in scorecard.iterrows():
        measured = pd.notna(r.get("baseline_period"))
        rows.append({
            "Domain": r["domain"], "Measure": r["measure"],
            "Indicator": f"{r['kind_label']}: {r['indicator']}" if r["kind"] != "not_measured" else r["kind_label"],
            "Baseline (period)": f"{number(r['baseline_value'])} ({r['baseline_period']})" if measured else "",
            "Latest (period)": f"{number(r['latest_value'])} ({r['latest_period']})" if measured else "",
            "Comparator at baseline / latest": (f"{r['comparator']}: {number(r['baseline_comparator'])} / "
                                                f"{number(r['latest_comparator'])}") if measured else "",
            "Gap at baseline / latest": f"{signed(r['baseline_gap'])} / {signed(r['latest_gap'])}" if measured else "",
            "Change in gap (+ = lost ground)": signed(r.get("gap_change")),
            "Verdict": verdict_text(r), "Why": r["basis"],
            "Unit": r.get("unit", "") if measured else "",
        })
    return pd.DataFrame(rows)


def scorecard_figures(scorecard: pd.DataFrame) -> pd.DataFrame:
    """The scorecard for analysis: one row per measure, every figure a number (units vary by measure, so each row
    names its own), the periods, the verdict and why; empty where a measure has no figure."""
    return pd.DataFrame({
        "Domain": scorecard["domain"], "Measure": scorecard["measure"], "Kind": scorecard["kind_label"],
        "Indicator": scorecard["indicator"], "Unit": scorecard["unit"], "Comparator": scorecard["comparator"],
        "Baseline period": scorecard["baseline_period"], "Baseline value": scorecard["baseline_value"],
        "Baseline comparator value": scorecard["baseline_comparator"],
        "Baseline gap (borough minus comparator)": scorecard["baseline_gap"],
        "Latest period": scorecard["latest_period"], "Latest value": scorecard["latest_value"],
        "Latest comparator value": scorecard["latest_comparator"],
        "Latest gap (borough minus comparator)": scorecard["latest_gap"],
        "Change in gap (+ = lost ground)": scorecard["gap_change"],
        "Period": scorecard["baseline_period"].str.cat(scorecard["latest_period"], sep=" to "),
        "Verdict": scorecard["verdict"], "Worse than England and worsening": scorecard["worse_and_worsening"],
        "Why": scorecard["basis"]})


def scorecard_csv(scorecard: pd.DataFrame) -> bytes:
    """scorecard_figures as an analysis-ready CSV whose every row names its own measure's source (the measures come
    from different sources); a measure no source measures has its source columns empty and says why."""
    sources = [(sid,) if isinstance(sid, str) and sid else () for sid in scorecard["source_id"]]
    return export.csv_bytes(scorecard_figures(scorecard), (), row_source_ids=sources)


def file_name(report: ProgressReport, what: str, extension: str) -> str:
    """The name of a report download, with the place and the day it was built, so two authorities' files differ."""
    return export.download_name("progress", what, report.place, report.built, extension=extension)


def compact_scorecard(scorecard: pd.DataFrame) -> pd.DataFrame:
    """Four columns that read on a phone: the measure, its indicator, the gap at baseline and latest, the verdict."""
    full = scorecard_table(scorecard)
    gaps = [f"{r['comparator']}: {signed(r['baseline_gap'])} ({r['baseline_period']}) to "
            f"{signed(r['latest_gap'])} ({r['latest_period']})" if pd.notna(r.get("baseline_period")) else ""
            for _, r in scorecard.iterrows()]
    return pd.DataFrame({"Measure": full["Measure"], "Indicator": full["Indicator"],
                         "Gap (borough minus comparator), baseline to latest": gaps, "Verdict": full["Verdict"]})


# --- the slide -----------------------------------------------------------------------------------------

def progress_slide(report: ProgressReport) -> Slide:
    """Presentation mode: four columns (closing, widening, no clear change, not measured) listing the measures with
    that verdict, each marked by the verdict's colour and shape, so the slide fits a 720-pixel-high projector."""
    line_px = 20
    card = report.scorecard.assign(label=[
        "\n".join(textwrap.wrap(m, 26) + (["(worse than England", "and worsening)"] if flag else []))
        for m, flag in zip(report.scorecard["measure"], report.scorecard["worse_and_worsening"], strict=True)])
    card["lines"] = card["label"].str.count("\n") + 1
    card["top"] = card.groupby("verdict")["lines"].cumsum() - card["lines"] + 0.7 * card.groupby("verdict").cumcount()
    height = line_px * float((card["top"] + card["lines"]).max())
    columns = []
    for verdict in progress.VERDICTS:
        rows = card.loc[card["verdict"].eq(verdict), ["top", "label"]]
        base = alt.Chart(rows if len(rows) else pd.DataFrame({"top": [0.0], "label": ["(none)"]})).encode(
            y=alt.Y("top:Q", axis=None, scale=alt.Scale(domain=[0, height / line_px], range=[0, height])))
        marks = ([base.mark_point(shape=VERDICT_SHAPES[verdict], size=200, filled=True, opacity=1, color=VERDICT_COLOURS[verdict],
                                  stroke=palettes.TEXT, strokeWidth=0.6, yOffset=9).encode(x=alt.value(8))] if len(rows) else [])
        text = base.mark_text(align="left", baseline="top", fontSize=15, lineBreak="\n", lineHeight=line_px,
                              color=palettes.TEXT).encode(x=alt.value(22), text="label:N")
        colour = palettes.MUTED_TEXT if verdict == progress.NOT_MEASURED else VERDICT_COLOURS[verdict]
        columns.append(alt.layer(*marks, text).properties(
            width=200, height=height, title=alt.Title(f"{verdict.capitalize()} ({len(rows)})", color=colour, fontSize=20)))
    counts = report.counts
    title = (f"Since 2021, {counts[progress.CLOSING]} of the framework's 17 gaps closed and {counts[progress.WIDENING]} widened; "
             f"{counts[progress.NO_CLEAR_CHANGE]} show no clear change and {counts[progress.NOT_MEASURED]} are not measured")
    description = (f"{title}. " + "; ".join(f"{r['measure']}: {verdict_text(r)}" for _, r in report.scorecard.iterrows()) + ".")
    table = scorecard_table(report.scorecard)[["Measure", "Indicator", "Baseline (period)", "Latest (period)", "Verdict"]]
    return Slide("progress", "Progress", title,
                 f"{report.place} against England: baseline (latest published by October 2021) to the latest figures",
                 _theme(alt.hconcat(*columns, spacing=16), description), table, description, report.source_ids,
                 (progress.VERDICT_RULE,))


# --- the HTML report -----------------------------------------------------------------------------------

STYLE = f"""
@page {{ size: A4 portrait; margin: 10mm; }}
* {{ box-sizing: border-box; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: {palettes.TEXT}; font-size: 8.6pt;
       line-height: 1.3; background: white; }}
main {{ max-width: 190mm; margin: 0 auto; }}
h1 {{ font-size: 17pt; margin: 0; }}
h2 {{ font-size: 11pt; margin: 4mm 0 1mm; border-bottom: 1.5px solid {palettes.BOROUGH}; padding-bottom: .4mm; }}
.kicker, .meta, .small {{ color: {palettes.MUTED_TEXT}; margin: 0; font-size: 8pt; }}
table {{ border-collapse: collapse; width: 100%; font-size: 7.4pt; }}
th, td {{ text-align: left; vertical-align: top; padding: .5mm 1mm; border-bottom: 1px solid #D1D5DB; }}
th {{ background: {palettes.CONTEXT_FILL}; }}
tr {{ break-inside: avoid; }}
.verdict {{ font-weight: 700; }}
table.scorecard {{ table-layout: fixed; }} .scorecard .small {{ font-size: 6.6pt; }}
.sources, .caveats {{ font-size: 7pt; color: {palettes.MUTED_TEXT}; }}
@media screen {{ main {{ padding: 4mm 6mm; }} }}
"""


def _e(value) -> str:
    return html.escape(str(value))


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th scope='col'>{_e(c)}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _scorecard(scorecard: pd.DataFrame) -> str:
    """The scorecard for print: the page's columns, with the unit under the indicator and the reason under the verdict."""
    shown = scorecard_table(scorecard)
    widths = (14, 20, 10, 10, 12, 10, 7, 17)
    columns = ["Measure", "Indicator", "Baseline (period)", "Latest (period)", "Comparator at baseline / latest",
               "Gap at baseline / latest", "Change in gap (+ = lost ground)", "Verdict"]
    head = "".join(f"<th scope='col' style='width:{w}%'>{_e(c)}</th>" for c, w in zip(columns, widths, strict=True))
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(row[c])}</td>" for c in columns[:1])
        + f"<td>{_e(row['Indicator'])}<br><span class='small'>{_e(row['Unit'])}</span></td>"
        + "".join(f"<td>{_e(row[c])}</td>" for c in columns[2:-1])
        + f"<td><span class='verdict'>{_e(row['Verdict'])}</span><br><span class='small'>{_e(row['Why'])}</span></td></tr>"
        for _, row in shown.iterrows())
    return f"<table class='scorecard'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _changed(report: ProgressReport, verdict: str) -> str:
    rows = report.scorecard[report.scorecard["verdict"].eq(verdict)]
    if rows.empty:
        return f"<p>No measure's gap {_e(verdict.replace('ing', 'ed'))}.</p>"
    items = "".join(
        f"<li><strong>{_e(r['measure'])}</strong> ({_e(r['kind_label'].lower())}: {_e(r['indicator'])}): gap to "
        f"{_e(r['comparator'])} {_e(signed(r['baseline_gap']))} in {_e(r['baseline_period'])}, {_e(signed(r['latest_gap']))} in "
        f"{_e(r['latest_period'])} ({_e(r['unit'])}); {_e(r['basis'])}"
        f"{'. Worse than England and worsening.' if r['worse_and_worsening'] else ''}</li>" for _, r in rows.iterrows())
    return f"<ul>{items}</ul>"


def deprivation_table(deprivation: pd.DataFrame) -> pd.DataFrame:
    """The three editions as shown: ranks 'of' the number of districts, proportion as a percentage."""
    def of_districts(column: str) -> list[str]:
        return [f"{r} of {n}" for r, n in zip(deprivation[column], deprivation["n_districts"], strict=True)]
    return pd.DataFrame({
        "Edition": deprivation["edition"],
        "Rank of average score (1 = most deprived)": of_districts("rank_of_average_score"),
        "Average score": deprivation["average_score"].map(lambda v: f"{v:.2f}"),
        "LSOAs in England's most deprived 10%": deprivation["prop_most_deprived_10pct"].map(lambda v: f"{v:.1%}"),
        "Rank of that proportion": of_districts("rank_of_prop_most_deprived_10pct"),
        "How": deprivation["how"]})


def priority_table(priority: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Priority area": priority["area"],
        "LSOAs (area / rest)": [f"{a} / {b}" for a, b in zip(priority["n_lsoas"], priority["rest_n_lsoas"], strict=True)],
        "In England's most deprived 10%: area / rest of borough": [
            f"{a:.0%} / {b:.0%}" for a, b in zip(priority["prop_most_deprived_10pct"],
                                                 priority["rest_prop_most_deprived_10pct"], strict=True)],
        "Gap (points)": priority["gap_prop_most_deprived_10pct"].map(lambda v: f"{100 * v:+.0f}"),
        "Average IMD score: area / rest of borough": [
            f"{a:.1f} / {b:.1f}" for a, b in zip(priority["average_score"], priority["rest_average_score"], strict=True)],
        "Gap": priority["gap_average_score"].map(lambda v: f"{v:+.1f}")})


def report_html(report: ProgressReport) -> str:
    """The whole report as one HTML document (A4 print rules inline)."""
    counts = report.counts
    summary = (f"Of the framework's 17 outcome measures, {counts[progress.CLOSING]} gap closed, {counts[progress.WIDENING]} "
               f"widened, {counts[progress.NO_CLEAR_CHANGE]} show no clear change and {counts[progress.NOT_MEASURED]} "
               "cannot be measured today.")
    flagged = report.scorecard[report.scorecard["worse_and_worsening"]]
    flagged_text = ("Worse than England and worsening: " + "; ".join(flagged["measure"]) + ".") if len(flagged) else \
        "No measure is both worse than England and worsening."
    sources = "".join(f"<li>{_e(line)}</li>" for line in source_lines(*report.source_ids))
    caveats = "".join(f"<li><strong>{_e(h)}</strong> {_e(b)}</li>" for h, b in CAVEATS)
    return f"""<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A Fairer {_e(report.place)}: annual progress report</title><style>{STYLE}</style></head>
<body><main>
<header><p class="kicker">A Fairer {_e(report.place)}: annual progress report to Cabinet</p>
<h1>Is the gap closing?</h1>
<p class="meta">{_e(report.place)} against England, from the framework's adoption (October 2021) to the latest published figures \
· built {_e(report.built)}</p></header>
<section aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2><p>{_e(summary)} {_e(flagged_text)}</p>
<p class="small">How verdicts are decided: {_e(progress.VERDICT_RULE)}</p></section>
<section aria-labelledby="h-scorecard"><h2 id="h-scorecard">Scorecard</h2>{_scorecard(report.scorecard)}</section>
<section aria-labelledby="h-closed"><h2 id="h-closed">Gaps that closed</h2>{_changed(report, progress.CLOSING)}</section>
<section aria-labelledby="h-widened"><h2 id="h-widened">Gaps that widened</h2>{_changed(report, progress.WIDENING)}</section>
<section aria-labelledby="h-deprivation"><h2 id="h-deprivation">Deprivation change</h2>{_table(deprivation_table(report.deprivation))}
<p class="small">{_e(progress.DEPRIVATION_CAVEAT)}</p></section>
<section aria-labelledby="h-priority"><h2 id="h-priority">Priority areas against the rest of the borough</h2>
{_table(priority_table(report.priority))}
<p class="small">IoD2025, 2021 LSOAs. Each area against the borough's other LSOAs, both summarised with fsot_data.measures
({_e(report.priority['weighting'].iloc[0])}); gaps are area minus rest of borough (positive = more deprived).</p></section>
<section class="caveats" aria-labelledby="h-caveats"><h2 id="h-caveats">Caveats</h2><ul>{caveats}</ul></section>
<section class="sources" aria-labelledby="h-sources"><h2 id="h-sources">Sources</h2><ul>{sources}</ul></section>
</main></body></html>
"""
