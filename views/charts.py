"""Altair builders for the gap charts, each returning a ChartSpec: the chart with the table behind it,
its title (measure, edition or period, geography), the sources it cites and its caveats; and the small
offline map on which a user picks LSOAs to compare.

Pure module (no Streamlit). Charts are built from small aggregated frames (one row per area, decile or
period), untitled and unstyled: `titled` adds the spec's title for the screen and views.export adds the
source and licence lines for files, so the screen and the exported image say the same thing.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import altair as alt
import pandas as pd

from fsot_data.datasets import source_lines
from fsot_data.editions import cited_sources
from fsot_data.gaps import AREA, NO_COUNTS, REST, decile_mix_gaps
from views import palettes

BAR_ROW_PX = 26  # height per bar in horizontal bar charts
TITLE_CHARS, SUBTITLE_CHARS = 80, 115  # wrap exported titles to fit a chart 760 px wide (export.EXPORT_WIDTH)
POLARITY_WORDS = {"higher_is_better": "higher is better", "lower_is_better": "lower is better",
                  "no_judgement": "not judged better or worse"}
POLARITY_ARROWS = {"higher_is_better": "↑", "lower_is_better": "↓", "no_judgement": "·"}


@dataclass(frozen=True)
class Reference:
    """A comparator drawn as a line across a chart (the borough, England, a published claim)."""
    label: str
    value: float
    colour: str
    dashed: bool = True


@dataclass(frozen=True)
class ChartSpec:
    """Everything a chart card shows and exports. `key` is unique per page and names the files."""
    key: str
    title: str
    subtitle: tuple[str, ...]
    chart: alt.TopLevelMixin
    table: pd.DataFrame
    source_ids: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    own_sources: tuple[str, ...] = ()  # source lines of a user's own data (fsot_data.own_data), not in the registry
    own_provenance: Mapping[str, str] | None = None  # and its provenance columns, for the CSV (OwnIndicator.provenance)

    @cached_property
    def vega_lite(self) -> dict:
        """The styled Vega-Lite spec for the screen, made once, without its title: the chart card writes the title
        and subtitle above it as page text, which wraps to any width, where Vega cuts a title to the chart's width
        (a phone lost the edition and geography) and, after a resize, narrows the plot to make room for it.
        Exports keep the title inside the image (titled). Not validated here, because Altair's schema validation
        costs 50-100 ms a chart; tests/test_charts.py validates every builder's output."""
        fixed = isinstance(self.chart, alt.FacetChart)  # small multiples keep their panels' widths: "fit" would make them 0
        return styled(self.chart, autosize="pad" if fixed else "fit-x").to_dict(validate=False)

    def source_lines(self) -> list[str]:
        """'Source: ...' lines then the licence attributions, as on screen and in exports (with the neighbourhood
        names' source when the table shows them: editions.cited_sources)."""
        return [f"Source: {line}" for line in self.own_sources] + source_lines(*cited_sources(self.source_ids, self.table.columns))


CONFIG = alt.Config(
    font=palettes.FONT, view=alt.ViewConfig(stroke=None),
    axis=alt.AxisConfig(labelFontSize=12, titleFontSize=12, labelLimit=320, titleColor="#1B1F24",
                        labelColor="#1B1F24", gridColor="#E5E7EB"),
    legend=alt.LegendConfig(orient="bottom", labelFontSize=12, titleFontSize=12, labelLimit=320),
    title=alt.TitleConfig(fontSize=16, subtitleFontSize=12, anchor="start", subtitleColor="#374151", offset=12),
)


def styled(chart: alt.TopLevelMixin, autosize: str = "fit-x") -> alt.TopLevelMixin:
    """The one look for every chart, set on the chart itself so the screen and exports match.

    Autosize "fit-x" stretches a chart to the page's width and keeps its own height; without it
    Streamlit sets "fit", which squashes charts with a band (category) axis into a few pixels.
    A shallow copy: the configure_* methods deep-copy the whole chart each, which costs 10 ms a call.
    """
    out = chart.copy(deep=False)
    out.config = CONFIG
    out.autosize = alt.AutoSizeParams(type=autosize, contains="padding")
    return out


def titled(spec: ChartSpec) -> alt.TopLevelMixin:
    """The spec's chart with its title and subtitle, as exported images carry them (with the source lines below),
    wrapped into lines, since Vega truncates a long title to the chart's width instead of wrapping it."""
    out = spec.chart.copy(deep=False)
    subtitle = [part for line in spec.subtitle for part in textwrap.wrap(line, SUBTITLE_CHARS)]
    out.title = alt.TitleParams(textwrap.wrap(spec.title, TITLE_CHARS), subtitle=subtitle)
    return out


def _values(frame: pd.DataFrame, columns: Sequence[str]) -> alt.Data:
    """Chart data as inline records of just the columns drawn (NaN -> null). Altair's own DataFrame
    sanitising costs about 50 ms a frame, most of a rerun's budget."""
    return alt.Data(values=json.loads(frame[list(dict.fromkeys(columns))].to_json(orient="records")))


def _reference_layers(refs: Sequence[Reference], axis: str) -> list[alt.Chart]:
    """Rules for each reference, each with its label written beside it, so a line never rests on its colour or
    dash alone; axis "x" draws vertical rules, "y" horizontal ones."""
    if not refs:
        return []
    data = alt.Data(values=[{"label": r.label, "value": r.value, "dash": "dashed" if r.dashed else "solid"} for r in refs])
    # No legend: each line carries its label as text, and a legend repeating it ran off a phone's screen.
    colour = alt.Color("label:N", scale=alt.Scale(domain=[r.label for r in refs], range=[r.colour for r in refs]),
                       legend=None)
    dash = alt.StrokeDash("dash:N", scale=alt.Scale(domain=["dashed", "solid"], range=[[6, 4], [1, 0]]), legend=None)
    position = alt.X("value:Q") if axis == "x" else alt.Y("value:Q")
    rule = alt.Chart(data).mark_rule(strokeWidth=2).encode(
        **{axis: position}, color=colour, strokeDash=dash,
        tooltip=[alt.Tooltip("label:N", title="Reference"), alt.Tooltip("value:Q", title="Value", format=",.4~f")])
    # Vertical rules: labels above the plot, stacked; horizontal: beyond the plot's right end, level with the
    # line, wrapped to a narrow column. Both clear of the bars, whatever the data.
    labels = [alt.Chart(alt.Data(values=[{"label": r.label if axis == "x" else "\n".join(textwrap.wrap(r.label, 22)),
                                          "value": r.value}])).mark_text(
        fontSize=11, fontWeight="bold", color=palettes.TEXT, lineBreak="\n",
        **({"align": "left", "baseline": "bottom", "dx": 3, "dy": -4 - 14 * i} if axis == "x"
           else {"align": "left", "baseline": "middle", "dx": 6})).encode(
        **{axis: position, ("y" if axis == "x" else "x"): alt.value(0 if axis == "x" else "width")}, text="label:N")
        for i, r in enumerate(refs)]
    return [rule, *labels]


# --------------------------------------------------------------------------------------------
# Deciles


def _decile_label(decile: int) -> str:
    return {1: "1 most deprived", 10: "10 least deprived"}.get(decile, str(decile))


def decile_share_chart(shares: pd.DataFrame, *, key: str, index_label: str, place: str,
                       source_ids: Sequence[str], notes: Sequence[str] = ()) -> ChartSpec:
    """Borough against England: share of the borough's LSOAs in each national decile, per edition,
    against the flat 10% England has by construction."""
    editions = list(dict.fromkeys(shares["edition"]))
    data = _values(shares, ["edition", "decile", "n_lsoas", "n_borough", "share"])
    bars = alt.Chart(data).mark_bar().encode(
        # the deciles' numbers, with their meaning in the axis title's lines: words under the ten bars overlapped on a phone
        x=alt.X("decile:O", title=["National decile (1 = most deprived 10% of LSOAs", "in England, 10 = least deprived)"],
                axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("edition:N", sort=editions),
        y=alt.Y("share:Q", title="Share of the borough's LSOAs", axis=alt.Axis(format=".0%")),
        color=alt.Color("edition:N", sort=editions, title="Edition",
                        scale=alt.Scale(domain=editions, range=[palettes.EDITION_COLOURS.get(e, palettes.BOROUGH) for e in editions])),
        tooltip=[alt.Tooltip("edition:N", title="Edition"), alt.Tooltip("decile:O", title="Decile"),
                 alt.Tooltip("n_lsoas:Q", title="LSOAs"), alt.Tooltip("n_borough:Q", title="Borough LSOAs"),
                 alt.Tooltip("share:Q", title="Share", format=".1%")])
    rule = _reference_layers([Reference("England: 10% in every decile (by construction)", 0.1, palettes.ENGLAND)], "y")
    chart = alt.layer(bars, *rule).properties(height=320).resolve_scale(color="independent")
    table = shares.assign(share=lambda f: (100 * f["share"]).round(1))[["edition", "decile", "n_lsoas", "n_borough", "share"]]
    table = table.rename(columns={"edition": "Edition", "decile": "National decile (1 = most deprived)",
                                  "n_lsoas": "Borough LSOAs in decile", "n_borough": "Borough LSOAs",
                                  "share": "Share of borough LSOAs (%)"}).assign(**{"England share (%)": 10.0})
    counts = ", ".join(f"{e}: {int(shares.loc[shares['edition'].eq(e) & shares['decile'].eq(1), 'n_lsoas'].sum())} of "
                       f"{int(shares.loc[shares['edition'].eq(e), 'n_borough'].iloc[0])} LSOAs in decile 1" for e in editions)
    return ChartSpec(key, f"{index_label}: LSOAs in {place} by national decile, {' and '.join(editions)}",
                     (f"Share of the borough's LSOAs in each national decile against England's 10% ({counts}).",
                      "IoD2019 on 2011 LSOAs, IoD2025 on 2021 LSOAs."),
                     chart, table, tuple(source_ids), tuple(notes))


MIX_ROW_PX = 70  # a row of decile_mix_chart: the area's name, its bar, its rest's thinner bar, then the gap written
MIX_AREA_PX, MIX_REST_PX = 16, 9
MIX_NAME_Y, MIX_AREA_Y, MIX_REST_Y, MIX_TEXT_Y = -25, -9, 5, 20  # their centres, in px from the row's middle
# The names and figures written inside these plots are clipped to them: text running past the plot's right edge would
# count in autosize "fit-x", which then narrows the plot to make room, down to a sliver after a phone's resize.


def _mix_label(row) -> str:
    """The figures written under an area's pair of bars (short enough for a phone's width)."""
    shares = f"Deciles 1-2: {row.share_1_2:.0%}"
    if row.rest_note:
        return f"{shares}; the whole borough, no rest to compare"
    return f"{shares} vs {row.rest_share_1_2:.0%} rest of borough ({_gap_text(row.gap_1_2, 100, ' pts')})"


def decile_mix_chart(mix: pd.DataFrame, *, key: str, index_label: str, edition_label: str, geography: str,
                     source_ids: Sequence[str], notes: Sequence[str] = ()) -> ChartSpec:
    """Areas against their rest of the borough, the borough and England (fsot_data.gaps.decile_mix): one row per
    area holding its name, its LSOAs by national decile as a 100% bar, its rest of the borough's as a thinner bar
    right under it, and the gap in England's most deprived 20% written under both (gaps.decile_mix_gaps), so the
    pair is read by position, size and figures, not by colour; then one bar each for the borough and England.
    Names are written above the bars, not on an axis beside them, so the bars and figures keep a phone's width."""
    mix_gaps = decile_mix_gaps(mix)
    order = list(dict.fromkeys(mix.sort_values("order")["area"]))
    frame = mix.assign(decile_label=mix["decile"].map(_decile_label))
    labels = [_decile_label(d) for d in range(1, 11)]
    y = alt.Y("area:N", sort=order, title=None, axis=None, scale=alt.Scale(paddingInner=0.02))
    x = alt.X("share:Q", stack="normalize", title="Share of the LSOAs", axis=alt.Axis(format=".0%"))
    colour = alt.Color("decile_label:N", sort=labels, title="National decile", legend=alt.Legend(columns=4),  # fits a phone
                       scale=alt.Scale(domain=labels, range=[palettes.DECILE_COLOURS[d] for d in range(1, 11)]))
    tooltip = [alt.Tooltip("area:N", title="Area"), alt.Tooltip("role:N", title="Figures for"),
               alt.Tooltip("decile:O", title="Decile"), alt.Tooltip("n_lsoas:Q", title="LSOAs"),
               alt.Tooltip("share:Q", title="Share", format=".1%")]
    base = alt.Chart(_values(frame, ["area", "role", "decile", "decile_label", "n_lsoas", "share"]))
    area_bars = base.transform_filter(f"datum.role != '{REST}'").mark_bar(size=MIX_AREA_PX, yOffset=MIX_AREA_Y).encode(
        y=y, x=x, color=colour, order=alt.Order("decile:Q", sort="ascending"), tooltip=tooltip)
    rest_bars = base.transform_filter(f"datum.role == '{REST}'").mark_bar(size=MIX_REST_PX, yOffset=MIX_REST_Y).encode(
        y=y, x=x, color=colour, order=alt.Order("decile:Q", sort="ascending"), tooltip=tooltip)
    names = alt.Chart(alt.Data(values=[{"area": a} for a in order])).mark_text(
        align="left", baseline="middle", dy=MIX_NAME_Y, fontSize=12, fontWeight="bold", color=palettes.TEXT, clip=True).encode(
        y=y, x=alt.datum(0), text="area:N")
    written = mix_gaps.assign(gap_label=[_mix_label(row) for row in mix_gaps.itertuples()])
    gap_text = alt.Chart(_values(written, ["area", "gap_label"])).mark_text(
        align="left", baseline="middle", dy=MIX_TEXT_Y, fontSize=11, color=palettes.TEXT, clip=True).encode(
        y=y, x=alt.datum(0), text="gap_label:N")
    chart = alt.layer(area_bars, rest_bars, names, gap_text).properties(height=MIX_ROW_PX * len(order))
    return ChartSpec(key, f"{index_label}: LSOAs by national decile, each area and its rest of the borough, {edition_label}, "
                          f"{geography}",
                     ("Thick bar: the area; thin bar under it: the rest of the borough (its other LSOAs, counted the same way). "
                      "Under each pair: the share in England's most deprived 20% (deciles 1-2), area and rest, and the gap "
                      "in points (area minus rest; positive = more deprived).",
                      "Decile 1 = the most deprived 10% of LSOAs in England; England has 10% in each decile by construction."),
                     chart, decile_mix_table(mix, mix_gaps), tuple(source_ids), tuple(notes))


def decile_mix_table(mix: pd.DataFrame, mix_gaps: pd.DataFrame) -> pd.DataFrame:
    """decile_mix as a readable table: a row per area, per rest of the borough, the borough and England, with the
    LSOAs in each decile, and on each area's row the shares in deciles 1 and 1-2 against its rest and the gaps."""
    wide = (mix.pivot_table(index=["order", "area", "role", "kind"], columns="decile", values="n_lsoas", aggfunc="sum")
            .reset_index().sort_values("order").drop(columns="order"))
    decile_columns = [f"LSOAs in decile {d}" for d in range(1, 11)]
    wide.columns = ["Area", "Figures for", "Kind", *decile_columns]
    wide.insert(3, "LSOAs", wide[decile_columns].sum(axis=1))
    wide["Figures for"] = wide["Figures for"].replace({AREA: "The area"})
    by_area = mix_gaps.set_index("area")
    on_area = wide["Figures for"].eq("The area")
    for column, name in (("share_1", "Share in decile 1 (%)"), ("rest_share_1", "Rest of borough share in decile 1 (%)"),
                         ("gap_1", "Gap to rest of borough, decile 1 (points)"),
                         ("share_1_2", "Share in deciles 1-2 (%)"), ("rest_share_1_2", "Rest of borough share in deciles 1-2 (%)"),
                         ("gap_1_2", "Gap to rest of borough, deciles 1-2 (points)")):
        wide[name] = (100 * wide["Area"].map(by_area[column])).round(1).where(on_area)
    wide["Rest of borough note"] = wide["Area"].map(by_area["rest_note"]).where(on_area, "")
    return wide


# --------------------------------------------------------------------------------------------
# Bars against reference lines (area measures, ward indicators, claims)


def reference_bar_chart(frame: pd.DataFrame, *, key: str, title: str, subtitle: Sequence[str], value: str,
                        value_title: str, value_format: str, references: Sequence[Reference],
                        table: pd.DataFrame, source_ids: Sequence[str], notes: Sequence[str] = (),
                        category: str = "area", colour_by: str | None = None,
                        colours: dict[str, str] | None = None, tooltip: Sequence[alt.Tooltip] = (),
                        largest_first: bool = True) -> ChartSpec:
    """Horizontal bars (one per `category`, largest first unless told to keep the frame's order) with
    vertical reference lines and value labels."""
    data = frame[frame[value].notna()]
    order = list((data.sort_values(value, ascending=False, kind="mergesort") if largest_first else data)[category])
    if colour_by:  # `colours` maps each value of the column to its colour, in legend order
        colour = alt.Color(f"{colour_by}:N", title=None, legend=alt.Legend(orient="bottom"),
                           scale=alt.Scale(domain=list(colours), range=list(colours.values())))
    else:
        colour = alt.value(palettes.AREA_BAR)
    fields = [category, value, *([colour_by] if colour_by else []), *(t.shorthand.split(":")[0] for t in tooltip)]
    base = alt.Chart(_values(data, fields)).encode(y=alt.Y(f"{category}:N", sort=order, title=None,
                                                           axis=alt.Axis(labelLimit=480)),
                                  x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format)))
    bars = base.mark_bar().encode(color=colour, tooltip=[alt.Tooltip(f"{category}:N", title="Area"),
                                                        alt.Tooltip(f"{value}:Q", title=value_title, format=value_format),
                                                        *tooltip])
    labels = base.mark_text(align="left", dx=4, fontSize=11, color="#1B1F24").encode(
        text=alt.Text(f"{value}:Q", format=value_format))
    chart = alt.layer(bars, labels, *_reference_layers(references, "x")).resolve_scale(color="independent")
    chart = chart.properties(height=BAR_ROW_PX * max(len(data), 1) + 20)
    return ChartSpec(key, title, tuple(subtitle), chart, table, tuple(source_ids), tuple(notes))


class GapMeasure(NamedTuple):
    """Which columns of a gaps frame area_gap_chart draws, and how it writes their gaps."""
    value: str
    rest: str
    england: str
    gap_rest: str
    gap_england: str
    scale: float          # gap x scale is written, in `unit`
    unit: str
    rest_count: str       # the rest's number of small areas, and what they are
    rest_count_title: str
    value_suffix: str = ""


GAP_MEASURES = {  # fsot_data.gaps.area_gaps ("share", "score") and gaps.area_indicator_values ("rate", a % of a population)
    "share": GapMeasure("prop_most_deprived_10pct", "rest_share", "england_share", "share_gap_rest", "share_gap_england",
                        100, " pts", "rest_n_lsoas", "LSOAs in the rest of the borough"),
    "score": GapMeasure("average_score", "rest_score", "england_score", "score_gap_rest", "score_gap_england",
                        1, "", "rest_n_lsoas", "LSOAs in the rest of the borough"),
    "rate": GapMeasure("value", "rest_value", "england_value", "gap_rest", "gap_england",
                       1, " pts", "rest_n_areas", "LSOAs or wards in the rest of the borough", "%"),
}
REST_MARK = "Rest of the borough (tick; same method as the area)"
GAP_ROW_PX, GAP_BAR_PX = 62, 18  # a row of area_gap_chart: the area's name, its bar, and its gaps written under it
GAP_NAME_Y, GAP_BAR_Y, GAP_TEXT_Y = -20, -3, 17  # their centres, in px from the row's middle
NO_ENGLAND = "no England figure"
SHORT_REST_NOTES = {NO_COUNTS: "rest of borough cannot be added up"}  # long notes, as written under a bar (a phone's width)


def _gap_text(gap: float, scale: float, unit: str) -> str:
    return f"{scale * gap:+,.1f}{unit}"


def area_gap_chart(gaps_frame: pd.DataFrame, measure: str, *, key: str, title: str, subtitle: Sequence[str],
                   value_title: str, value_format: str, references: Sequence[Reference], source_ids: Sequence[str],
                   notes: Sequence[str] = (), details: pd.DataFrame | None = None,
                   table: pd.DataFrame | None = None) -> ChartSpec:
    """Areas against the rest of the borough and England (fsot_data.gaps.area_gaps with `rest`, or
    gaps.area_indicator_values' area rows for a "rate"): a bar per area, a tick at its rest of the borough, and
    the two gaps written under it as figures, so no gap is told only by a line's colour. An area with no rest
    (the whole borough, or a rate that cannot be added up) says why in its label instead.
    `details` (readable columns, one row per area, its first column "Area") lead the table behind the chart;
    `table` replaces it (a rate's table, with its comparators' rows)."""
    m = GAP_MEASURES[measure]
    data = gaps_frame[gaps_frame[m.value].notna()].copy()
    data["gap_label"] = [
        f"{format(v, value_format.replace('~', ''))}{m.value_suffix}: "
        + (SHORT_REST_NOTES.get(note, note) if note else f"{_gap_text(gr, m.scale, m.unit)} vs rest of borough")
        + (f", {_gap_text(ge, m.scale, m.unit)} vs England" if pd.notna(ge) else f"; {NO_ENGLAND}")
        for v, gr, ge, note in zip(data[m.value], data[m.gap_rest], data[m.gap_england], data["rest_note"].fillna(""), strict=True)]
    order = list(data.sort_values(m.value, ascending=False, kind="mergesort")["area"])
    top = max([float(data[[m.value, m.rest]].max().max()), *[r.value for r in references], 0.0]) or 1.0
    x = alt.X(f"{m.value}:Q", title=value_title, axis=alt.Axis(format=value_format), scale=alt.Scale(domain=[0, top * 1.05]))
    base = alt.Chart(_values(data, ["area", m.value, m.rest, m.england, m.gap_rest, m.gap_england, "gap_label", m.rest_count]))
    y = alt.Y("area:N", sort=order, title=None, axis=None)  # names are written above the bars: the bars keep a phone's width
    tooltip = [alt.Tooltip("area:N", title="Area"), alt.Tooltip(f"{m.value}:Q", title=value_title, format=value_format),
               alt.Tooltip(f"{m.rest}:Q", title="Rest of the borough", format=value_format),
               alt.Tooltip(f"{m.rest_count}:Q", title=m.rest_count_title),
               alt.Tooltip(f"{m.gap_rest}:Q", title="Gap to the rest of the borough", format=",.3~f"),
               alt.Tooltip(f"{m.gap_england}:Q", title="Gap to England", format=",.3~f")]
    # Each row: the area's name, its bar, then the gaps written under it from the axis (so they fit a phone's width).
    bars = base.mark_bar(color=palettes.AREA_BAR, size=GAP_BAR_PX, yOffset=GAP_BAR_Y).encode(y=y, x=x, tooltip=tooltip)
    ticks = base.transform_filter(f"isValid(datum.{m.rest})").mark_tick(thickness=3, size=GAP_BAR_PX + 4, yOffset=GAP_BAR_Y).encode(
        y=y, x=alt.X(f"{m.rest}:Q"), tooltip=tooltip,
        color=alt.Color("mark:N", title=None, scale=alt.Scale(domain=[REST_MARK], range=[palettes.REST_OF_BOROUGH]),
                        legend=alt.Legend(orient="bottom", symbolType="M0,-1L0,1", symbolStrokeWidth=3,
                                          symbolStrokeColor=palettes.REST_OF_BOROUGH))
    ).transform_calculate(mark=f"'{REST_MARK}'")
    names = base.mark_text(align="left", baseline="middle", dy=GAP_NAME_Y, fontSize=12, fontWeight="bold",
                           color=palettes.TEXT, clip=True).encode(y=y, x=alt.datum(0), text="area:N")
    labels = base.mark_text(align="left", baseline="middle", dy=GAP_TEXT_Y, fontSize=11,
                            color=palettes.TEXT, clip=True).encode(y=y, x=alt.datum(0), text="gap_label:N")
    rest_ticks = [ticks] if data[m.rest].notna().any() else []  # no tick, and no legend for one, where no rest has a figure
    chart = alt.layer(bars, *rest_ticks, *_reference_layers(references, "x"), names, labels).resolve_scale(color="independent")
    chart = chart.properties(height=GAP_ROW_PX * max(len(data), 1))
    if table is None:
        table = area_gap_table(gaps_frame, measure)
        if details is not None:
            table = details.merge(table.drop(columns=["Kind", "LSOAs"]), on="Area", how="left", validate="one_to_one")
    return ChartSpec(key, title, tuple(subtitle), chart, table, tuple(source_ids), tuple(notes))


def area_gap_table(gaps_frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """fsot_data.gaps.area_gaps as a readable table for one measure ("share" or "score"), gaps as figures.

    Shares are shown in % and their gaps in percentage points; scores and their gaps in score points.
    """
    base = gaps_frame[["area", "kind", "n_lsoas"]].rename(columns={"area": "Area", "kind": "Kind", "n_lsoas": "LSOAs"})
    if measure == "share":
        return base.assign(**{
            "LSOAs in the most deprived 10%": gaps_frame["n_most_deprived_10pct"],
            "Share (%)": (100 * gaps_frame["prop_most_deprived_10pct"]).round(1),
            "Borough share (%), published": (100 * gaps_frame["borough_share"]).round(2),
            "Gap to borough (points)": (100 * gaps_frame["share_gap_borough"]).round(1),
            **_rest_columns(gaps_frame, "Rest of borough share (%)", (100 * gaps_frame["rest_share"]).round(1),
                            "Gap to rest of borough (points)", (100 * gaps_frame["share_gap_rest"]).round(1)),
            "Gap to England (points)": (100 * gaps_frame["share_gap_england"]).round(1)})
    return base.assign(**{
        "Average score": gaps_frame["average_score"].round(3), "Weighting": gaps_frame["weighting"],
        "Borough score, published": gaps_frame["borough_score"],
        "Gap to borough": gaps_frame["score_gap_borough"].round(3),
        **_rest_columns(gaps_frame, "Rest of borough score", gaps_frame["rest_score"].round(3),
                        "Gap to rest of borough", gaps_frame["score_gap_rest"].round(3)),
        "England score": gaps_frame["england_score"].round(3), "England weighting": gaps_frame["england_weighting"],
        "Gap to England": gaps_frame["score_gap_england"].round(3)})


def rate_gap_table(values: pd.DataFrame, unit: str) -> pd.DataFrame:
    """fsot_data.gaps.area_indicator_values as a readable table: each area with its rest of the borough and the
    gaps (in the rate's points), then the borough, region and England as published."""
    table = values.assign(gap_rest=values["gap_rest"].round(2), gap_england=values["gap_england"].round(2),
                          rest_n_areas=values["rest_n_areas"].astype("Int64"),
                          value=values["value"].round(2), rest_value=values["rest_value"].round(2))
    return table[["area", "kind", "role", "period", "value", "coverage", "rest_n_areas", "rest_value", "rest_coverage",
                  "gap_rest", "england_value", "gap_england", "rest_note"]].rename(columns={
        "area": "Area", "kind": "Kind", "role": "Role", "period": "Period", "value": unit, "coverage": "How the figure was made",
        "rest_n_areas": "Rest of borough LSOAs or wards", "rest_value": f"Rest of borough, {unit}",
        "rest_coverage": "How the rest of borough figure was made", "gap_rest": "Gap to rest of borough (points)",
        "england_value": f"England, {unit}", "gap_england": "Gap to England (points)", "rest_note": "Rest of borough note"})


def _rest_columns(gaps_frame: pd.DataFrame, value_name: str, values: pd.Series, gap_name: str, gaps: pd.Series) -> dict:
    """area_gap_table's rest-of-borough columns (the same for both measures but the value and the gap)."""
    return {"Rest of borough LSOAs": gaps_frame["rest_n_lsoas"], value_name: values,
            "Rest of borough weighting": gaps_frame["rest_weighting"], gap_name: gaps,
            "Rest of borough note": gaps_frame["rest_note"]}


# --------------------------------------------------------------------------------------------
# Official ranks among districts


def rank_chart(ranks: pd.DataFrame, *, key: str, index_label: str, place: str, source_ids: Sequence[str],
               notes: Sequence[str] = ()) -> ChartSpec:
    """The borough's File 10 ranks among English districts per measure and edition (left = most deprived)."""
    frame = ranks.assign(rank_text=[f"{r} of {n}" for r, n in zip(ranks["rank"], ranks["n_districts"], strict=True)])
    editions = list(dict.fromkeys(frame["edition"]))
    measures = list(dict.fromkeys(frame["measure_label"]))
    scale = alt.Scale(domain=editions, range=[palettes.EDITION_COLOURS.get(e, palettes.BOROUGH) for e in editions])
    base = alt.Chart(_values(frame, ["edition", "measure_label", "rank_share", "rank_text", "value"])).encode(
        y=alt.Y("measure_label:N", sort=measures, title=None),
        yOffset=alt.YOffset("edition:N", sort=editions),
        x=alt.X("rank_share:Q", title="Position among English districts (0% = most deprived, 100% = least)",
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")))
    tooltip = [alt.Tooltip("edition:N", title="Edition"), alt.Tooltip("measure_label:N", title="Measure"),
               alt.Tooltip("rank_text:N", title="Rank (1 = most deprived)"), alt.Tooltip("value:Q", title="Value", format=",.4~f")]
    points = base.mark_circle(size=140, opacity=1).encode(color=alt.Color("edition:N", sort=editions, scale=scale, title="Edition"),
                                                        tooltip=tooltip)
    labels = base.mark_text(align="left", dx=10, fontSize=11, color="#1B1F24").encode(text="rank_text:N")
    chart = alt.layer(points, labels).properties(height=BAR_ROW_PX * 2 * len(measures) + 20)
    table = frame[["edition", "measure_label", "value", "rank", "n_districts"]].rename(columns={
        "edition": "Edition", "measure_label": "Measure", "value": "Published value",
        "rank": "Rank among districts (1 = most deprived)", "n_districts": "Districts ranked"})
    n_text = " and ".join(f"{n} in {e}" for e, n in frame.groupby("edition", sort=False)["n_districts"].first().items())
    return ChartSpec(key, f"{index_label}: rank of {place} among English local authority districts, {' and '.join(editions)}",
                     (f"MHCLG's published local authority summaries (File 10); districts ranked: {n_text}.",),
                     chart, table, tuple(source_ids), tuple(notes))


# --------------------------------------------------------------------------------------------
# Outcome indicators


def trend_chart(trend: pd.DataFrame, *, key: str, indicator_name: str, place: str, source_ids: Sequence[str],
                notes: Sequence[str] = (), references: Sequence[Reference] = ()) -> ChartSpec:
    """Every period of one indicator (fsot_data.gaps.indicator_trend) for the borough, its comparator and
    the region, with the borough's 95% CI where published.

    Lines are coloured by area; when the data has more than one sex, the line dash shows sex. The title
    names the indicator, the periods and the areas; the subtitle the unit, the polarity and the CI.
    """
    periods = list(dict.fromkeys(trend.sort_values("period_sort")["period"]))
    unit = str(trend["display_unit"].iloc[0])
    polarity = str(trend["polarity"].iloc[0])
    comparators = " and ".join(dict.fromkeys(trend.loc[trend["area_role"].ne("Borough"), "area"]))
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    title = f"{indicator_name}: {place}{f' against {comparators}' if comparators else ''}, {span}"
    has_ci = trend["lower_ci"].notna().any()
    subtitle = (f"{unit}; {POLARITY_WORDS[polarity]} {POLARITY_ARROWS[polarity]}.",
                "Shaded band: the borough's 95% confidence interval." if has_ci
                else "No confidence intervals are published in this source.")
    areas = list(dict.fromkeys(trend.sort_values("area_role", key=lambda s: s.map({"Borough": 0, "Comparator": 1, "Region": 2}))["area"]))
    role_colour = {"Borough": palettes.BOROUGH, "Comparator": palettes.ENGLAND, "Region": palettes.REGION}
    colours = [role_colour[trend.loc[trend["area"].eq(a), "area_role"].iloc[0]] for a in areas]
    several_sexes = trend["sex"].nunique() > 1
    x = alt.X("period:N", sort=periods, title="Period", axis=alt.Axis(labelAngle=-40, labelOverlap=True))
    encodings = {"x": x, "y": alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
                 "color": alt.Color("area:N", sort=areas, title=None, scale=alt.Scale(domain=areas, range=colours))}
    if several_sexes:
        encodings["strokeDash"] = alt.StrokeDash("sex:N", title="Sex")
        encodings["detail"] = "sex:N"
    tooltip = [alt.Tooltip("area:N", title="Area"), alt.Tooltip("period:N", title="Period"),
               alt.Tooltip("sex:N", title="Sex"), alt.Tooltip("value:Q", title=unit, format=",.4~f"),
               alt.Tooltip("lower_ci:Q", title="Lower 95% limit", format=",.4~f"),
               alt.Tooltip("upper_ci:Q", title="Upper 95% limit", format=",.4~f"),
               alt.Tooltip("better_or_worse:N", title="Against comparator")]
    data = _values(trend, ["area", "period", "sex", "value", "lower_ci", "upper_ci", "better_or_worse"])
    lines = alt.Chart(data).mark_line(point=True, strokeWidth=2.5).encode(**encodings, tooltip=tooltip)
    layers = [lines]
    ci = trend[trend["lower_ci"].notna() & trend["upper_ci"].notna()]
    if not ci.empty:
        band = alt.Chart(_values(ci, ["period", "sex", "lower_ci", "upper_ci"])).mark_area(opacity=0.18, color=palettes.BOROUGH)
        layers.insert(0, band.encode(x=x, y=alt.Y("lower_ci:Q", title=unit), y2="upper_ci:Q", detail="sex:N"))
    chart = alt.layer(*layers, *_reference_layers(references, "y")).resolve_scale(color="independent")
    chart = chart.properties(height=340)
    table = trend[["area", "sex", "period", "value", "lower_ci", "upper_ci", "better_or_worse", "basis"]].rename(columns={
        "area": "Area", "sex": "Sex", "period": "Period", "value": f"Value ({unit})", "lower_ci": f"Lower 95% limit ({unit})",
        "upper_ci": f"Upper 95% limit ({unit})", "better_or_worse": "Borough against comparator", "basis": "How judged"})
    return ChartSpec(key, title, subtitle, chart, table, tuple(source_ids), tuple(notes))


def england_index_chart(latest: pd.DataFrame, *, key: str, domain: str, place: str, source_ids: Sequence[str],
                        notes: Sequence[str] = ()) -> ChartSpec:
    """Each indicator's latest borough figure as an index (comparator = 100), coloured by better / similar / worse.

    Units differ between indicators, so the index puts them on one axis; the arrow after each name says
    whether higher is better, and the table gives the values in their own units.
    """
    frame = latest[latest["index_vs_comparator"].notna()].copy()
    named_sex = ("men", "women")  # display names such as "Healthy life expectancy, men" already say the sex
    frame["label"] = [f"{n}{'' if s == 'Persons' or n.endswith(named_sex) else f' ({s.lower()})'} {POLARITY_ARROWS[p]} [{per}]"
                      + ("" if c == "England" else f" vs {c}")
                      for n, s, p, per, c in zip(frame["display_name"], frame["sex"], frame["polarity"],
                                                 frame["period"], frame["comparator_name"], strict=True)]
    verdicts = list(palettes.JUDGEMENT_COLOURS)
    data = _values(frame, ["label", "index_vs_comparator", "display_name", "sex", "period", "value", "comparator_value",
                           "display_unit", "better_or_worse", "basis"])
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=list(frame["label"]), title=None, axis=alt.Axis(labelLimit=520)),
        x=alt.X("index_vs_comparator:Q", title="Borough figure as % of the comparator (England = 100)",
                scale=alt.Scale(zero=False)))
    tooltip = [alt.Tooltip("display_name:N", title="Indicator"), alt.Tooltip("sex:N", title="Sex"),
               alt.Tooltip("period:N", title="Period"), alt.Tooltip("value:Q", title=place, format=",.4~f"),
               alt.Tooltip("comparator_value:Q", title="Comparator", format=",.4~f"),
               alt.Tooltip("display_unit:N", title="Unit"), alt.Tooltip("better_or_worse:N", title="Judgement"),
               alt.Tooltip("basis:N", title="How judged")]
    stems = base.mark_rule(strokeWidth=2, color="#CBD5E1").encode(x2=alt.datum(100))
    points = base.mark_circle(size=150, opacity=1).encode(
        color=alt.Color("better_or_worse:N", title="Against the comparator",
                        scale=alt.Scale(domain=verdicts, range=[palettes.JUDGEMENT_COLOURS[v] for v in verdicts])),
        tooltip=tooltip)
    chart = alt.layer(stems, points, *_reference_layers([Reference("England (or UK) = 100", 100, palettes.ENGLAND, dashed=False)], "x"))
    chart = chart.resolve_scale(color="independent").properties(height=BAR_ROW_PX * max(len(frame), 1) + 20)
    table = latest[["display_name", "sex", "period", "value", "lower_ci", "upper_ci", "display_unit", "comparator_name",
                    "comparator_value", "region_value", "gap", "polarity", "better_or_worse", "basis"]].assign(
        polarity=lambda f: f["polarity"].map(POLARITY_WORDS)).rename(columns={
            "display_name": "Indicator", "sex": "Sex", "period": "Period", "value": place, "lower_ci": "Lower 95% limit",
            "upper_ci": "Upper 95% limit", "display_unit": "Unit", "comparator_name": "Comparator",
            "comparator_value": "Comparator value", "region_value": "North East", "gap": "Gap (borough - comparator)",
            "polarity": "Polarity", "better_or_worse": "Judgement", "basis": "How judged"})
    return ChartSpec(key, f"{domain}: {place} against England, latest period of each indicator",
                     ("Borough figure as a % of England's (100 = same as England); ↑ higher is better, ↓ lower is better, · not judged.",
                      "Colour: better, similar or worse than England (95% confidence interval or Fingertips' test where published)."),
                     chart, table, tuple(source_ids), tuple(notes))


# --------------------------------------------------------------------------------------------
# What can be measured


COVERAGE_COLUMNS = {"iod_indices": "IoD indices", "borough_vs_england": "Borough vs England indicators",
                    "with_trend": "…with a trend", "small_area": "Ward or LSOA indicators", "proxies": "Proxies from other domains"}


def coverage_chart(coverage: pd.DataFrame, *, key: str, place: str, source_ids: Sequence[str],
                   notes: Sequence[str] = ()) -> ChartSpec:
    """A grid of the nine domains against the kinds of evidence available, with counts; empty cells are gaps."""
    long = coverage.melt(id_vars=["domain"], value_vars=list(COVERAGE_COLUMNS), var_name="kind", value_name="count")
    long["kind_label"] = long["kind"].map(COVERAGE_COLUMNS)
    long["state"] = ["available" if c > 0 else "none" for c in long["count"]]
    domains = list(coverage["domain"])
    base = alt.Chart(_values(long, ["domain", "kind_label", "count", "state"])).encode(
        y=alt.Y("domain:N", sort=domains, title=None),
        x=alt.X("kind_label:N", sort=list(COVERAGE_COLUMNS.values()), title=None,
                axis=alt.Axis(orient="top", labelAngle=0, labelLimit=150)))
    states = list(palettes.COVERAGE_COLOURS)
    cells = base.mark_rect(stroke="#FFFFFF", strokeWidth=2).encode(
        color=alt.Color("state:N", scale=alt.Scale(domain=states, range=[palettes.COVERAGE_COLOURS[s] for s in states]),
                        legend=None),
        tooltip=[alt.Tooltip("domain:N", title="Domain"), alt.Tooltip("kind_label:N", title="Evidence"),
                 alt.Tooltip("count:Q", title="Count")])
    text = base.mark_text(fontSize=13).encode(
        text="count:Q", color=alt.Color("state:N", scale=alt.Scale(domain=states, range=[palettes.COVERAGE_TEXT[s] for s in states]),
                                        legend=None))
    chart = alt.layer(cells, text).resolve_scale(color="independent").properties(height=BAR_ROW_PX * 1.4 * len(domains))
    table = coverage.rename(columns={"domain": "Domain", **COVERAGE_COLUMNS, "status": "Status",
                                     "measurable_today": "Measurable today", "not_measurable": "Not measurable"})
    return ChartSpec(key, f"What each FSOT domain can be measured with today, {place}",
                     ("Count of IoD indices and curated indicators per domain; a pale cell is a gap in measurement.",),
                     chart, table, tuple(source_ids), tuple(notes))


# --------------------------------------------------------------------------------------------
# Progress since the framework began


def gap_small_multiples(series: pd.DataFrame, *, key: str, place: str, source_ids: Sequence[str],
                        notes: Sequence[str] = ()) -> ChartSpec:
    """One small panel per outcome measure: the borough's gap to its comparator over time, as a shortfall
    (above the zero line = worse than the comparator), with the baseline period marked and labelled."""
    measures = list(dict.fromkeys(series["measure"]))
    data = _values(series, ["measure", "indicator", "period", "period_sort", "value", "comparator", "comparator_value",
                            "shortfall", "baseline", "unit"])
    base = alt.Chart(data).encode(
        x=alt.X("period_sort:Q", title=None, axis=alt.Axis(format="d", tickCount=4, labelAngle=0)),
        y=alt.Y("shortfall:Q", title="Gap (above 0 = worse)", axis=alt.Axis(tickCount=4)),
        tooltip=[alt.Tooltip("indicator:N", title="Indicator"), alt.Tooltip("period:N", title="Period"),
                 alt.Tooltip("value:Q", title=place, format=",.4~f"), alt.Tooltip("comparator:N", title="Comparator"),
                 alt.Tooltip("comparator_value:Q", title="Comparator value", format=",.4~f"),
                 alt.Tooltip("shortfall:Q", title="Gap (positive = worse)", format=",.3~f"),
                 alt.Tooltip("unit:N", title="Unit")])
    line = base.mark_line(color=palettes.BOROUGH, point=alt.OverlayMarkDef(color=palettes.BOROUGH, size=30))
    # aria=False: a decorative line, no data of its own for Vega to describe (axe svg-img-alt otherwise)
    zero = alt.Chart(data).mark_rule(color=palettes.ENGLAND, strokeDash=[4, 3], aria=False).encode(y=alt.datum(0))
    baseline = base.transform_filter("datum.baseline").mark_point(shape="diamond", size=140, filled=True, color=palettes.HIGHLIGHT)
    label = base.transform_filter("datum.baseline").mark_text(dy=-12, fontSize=11, color=palettes.HIGHLIGHT).encode(
        text=alt.value("baseline"))
    chart = (alt.layer(zero, line, baseline, label).properties(width=260, height=130)
             .facet(facet=alt.Facet("measure:N", sort=measures, title=None, header=alt.Header(labelFontSize=12, labelLimit=300)),
                    columns=3)
             .resolve_scale(x="independent", y="independent"))
    table = series.rename(columns={"measure": "Measure", "indicator": "Indicator", "period": "Period", "value": place,
                                   "comparator": "Comparator", "comparator_value": "Comparator value",
                                   "gap": f"Gap ({place} minus comparator)", "shortfall": "Gap (positive = worse)",
                                   "baseline": "Baseline period", "unit": "Unit"}).drop(columns="period_sort")
    years = f"{int(series['period_sort'].min())} to {int(series['period_sort'].max())}"
    return ChartSpec(key, f"{place}: the gap to England in {len(measures)} outcome measures over time, {years}",
                     ("Each panel: the borough's gap to its comparator (England; the UK for child poverty), signed so "
                      "that above the dashed zero line means worse. Diamond: the baseline period (latest published by "
                      "October 2021, or the first available). Each panel has its own scales.",),
                     chart, table, tuple(source_ids), tuple(notes))
