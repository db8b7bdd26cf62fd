"""Presentation slides: the four headline pictures, each an Altair chart that exports to PNG.

Why Altair and not folium for the map: vl-convert turns an Altair chart into a PNG with no browser
and no internet, so the map a presenter downloads is the map on screen, title and sources included.

Each slide carries a one-line headline written from the data, a subtitle naming the edition and
geography, a text alternative (a table, and a description screen readers get as the chart's ARIA
label) and the source ids for its footer. Pure module: no Streamlit.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field

import altair as alt
import geopandas as gpd
import pandas as pd

from fsot_data.area_figures import LINE_BREAK, index_shares, priority_mix
from fsot_data.datasets import source_lines
from fsot_data.edition_change import ENTERED, LEFT, NEITHER, NEWER, NOT_COMPARABLE, OLDER, STAYED, decile1_change
from fsot_data.editions import DEFAULT_EDITION, EDITIONS, Edition
from fsot_data.gaps import headline_comparisons
from views import export, palettes

WIDTH = 880
FOOTER_WRAP = 170  # characters per footer line at FOOTER_SIZE on a slide-wide PNG
FOOTER_SIZE = 11
MOST_DEPRIVED = "In England's most deprived 10%"
OTHERS = "Not in the most deprived 10%"
# Letters on the map mark the LSOAs that changed, so change never rests on hue alone (stayed and neither
# differ strongly in lightness already).
CHANGE_LETTERS = {ENTERED: "E", LEFT: "L"}


@dataclass(frozen=True)
class Slide:
    key: str
    nav_label: str           # short name for the slide picker (and the URL)
    title: str               # the headline, written from the data
    subtitle: str            # edition, geography, measure
    chart: alt.TopLevelMixin
    table: pd.DataFrame      # the text alternative: every number the chart shows
    description: str         # one paragraph for screen readers (the chart's ARIA label)
    source_ids: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


def _theme(chart: alt.TopLevelMixin, description: str,
           shapes: dict[str, gpd.GeoDataFrame] | None = None) -> alt.TopLevelMixin:
    """Large type for a projector, one font, and the description as the chart's accessible name; `shapes`
    become the named datasets the chart's geoshape layers read (see _features)."""
    themed = (chart.properties(description=description)
              .configure(font=palettes.FONT)
              .configure_axis(labelFontSize=16, titleFontSize=17, labelColor=palettes.TEXT, titleColor=palettes.TEXT,
                              labelLimit=360)
              .configure_legend(labelFontSize=15, titleFontSize=16, labelLimit=360, titleLimit=600, orient="bottom",
                                direction="horizontal", symbolStrokeColor=palettes.SHAPE_OUTLINE, symbolStrokeWidth=1)
              .configure_header(labelFontSize=16, titleFontSize=17)
              .configure_title(fontSize=18, anchor="start", color=palettes.TEXT)
              .configure_view(stroke=None))
    if shapes:
        themed.datasets = {name: json.loads(frame.to_json(drop_id=True))["features"] for name, frame in shapes.items()}
    return themed


def _features(name: str) -> alt.NamedData:
    """A named dataset of GeoJSON features (fields under `properties.`), attached last by _theme.

    Why GeoJSON: Streamlit passes it to Vega-Lite as it is, where a GeoDataFrame would be flattened to a
    table and lose its geometry. Why named and attached last: Altair deep-copies inline data on every
    chart method, which made a map slide take seconds to build.
    """
    return alt.NamedData(name=name)


# --- 1. the map of the 10% most deprived ------------------------------------------------------------

def _possessive(place: str) -> str:
    return place + ("'" if place.endswith("s") else "'s")


def _marker_layers(points: pd.DataFrame, text: str, size: int = 460, font_size: int = 14) -> list[alt.Chart]:
    """White discs with dark rims and a label inside: map keys that read in greyscale and over any fill."""
    base = alt.Chart(points).encode(longitude="lon:Q", latitude="lat:Q")
    return [base.mark_circle(size=size, color="white", stroke=palettes.TEXT, strokeWidth=1.5, opacity=1),
            base.mark_text(fontSize=font_size, fontWeight="bold", color=palettes.TEXT).encode(text=f"{text}:N")]


def _key_list(rows: pd.DataFrame, title: str, height: int) -> alt.Chart:
    """A numbered key beside a map, one line per row of `rows` (columns: number, line)."""
    base = alt.Chart(rows).encode(y=alt.Y("number:O", axis=None))
    return alt.layer(
        base.mark_circle(size=420, color="white", stroke=palettes.TEXT, strokeWidth=1.5, opacity=1).encode(x=alt.value(12)),
        base.mark_text(fontSize=13, fontWeight="bold", color=palettes.TEXT).encode(x=alt.value(12), text="number:N"),
        base.mark_text(align="left", fontSize=15, color=palettes.TEXT).encode(x=alt.value(32), text="line:N"),
    ).properties(width=300, height=min(height, 34 * len(rows)), title=title)


def most_deprived_map_slide(lsoas: pd.DataFrame, lsoa_shapes: gpd.GeoDataFrame, ward_shapes: gpd.GeoDataFrame,
                            edition: Edition, place: str) -> Slide:
    """LSOAs in England's most deprived 10% (IMD decile 1) with ward outlines; a numbered key marks where each
    ward's most deprived LSOAs are and how many it has."""
    table = lsoas[["lsoa_code", "lsoa_name", "ward_name", "imd_decile", "imd_rank"]]
    shapes = lsoa_shapes.rename(columns={"code": "lsoa_code"})[["lsoa_code", "geometry"]].merge(
        table, on="lsoa_code", how="inner", validate="one_to_one")
    shapes["band"] = [MOST_DEPRIVED if d == 1 else OTHERS for d in shapes["imd_decile"]]
    n, k = len(shapes), int((shapes["imd_decile"] == 1).sum())
    most = shapes[shapes["imd_decile"] == 1]
    by_ward = (shapes.assign(most=shapes["imd_decile"].eq(1)).groupby("ward_name", as_index=False)
               .agg(most_deprived=("most", "sum"), lsoas=("lsoa_code", "size")))
    by_ward = (by_ward[by_ward["most_deprived"] > 0].sort_values(["most_deprived", "ward_name"], ascending=[False, True])
               .reset_index(drop=True))
    by_ward["number"] = range(1, len(by_ward) + 1)
    where = most.dissolve(by="ward_name").geometry.representative_point()
    by_ward["lon"] = by_ward["ward_name"].map(where.x)
    by_ward["lat"] = by_ward["ward_name"].map(where.y)
    by_ward["line"] = [f"{w}: {m} of {t}" for w, m, t in zip(by_ward["ward_name"], by_ward["most_deprived"], by_ward["lsoas"], strict=True)]

    fill = alt.Chart(_features("lsoas")).mark_geoshape(stroke=palettes.LSOA_LINE, strokeWidth=0.6).encode(
        color=alt.Color("properties.band:N", title=None,
                        scale=alt.Scale(domain=[MOST_DEPRIVED, OTHERS], range=[palettes.HIGHLIGHT, palettes.NOT_HIGHLIGHTED])),
        tooltip=[alt.Tooltip("properties.lsoa_name:N", title="LSOA"),
                 alt.Tooltip("properties.ward_name:N", title="Ward (best fit)"),
                 alt.Tooltip("properties.imd_decile:Q", title="IMD decile"),
                 alt.Tooltip("properties.imd_rank:Q", title="IMD rank", format=",")])
    outline = alt.Chart(_features("wards")).mark_geoshape(
        fill=None, stroke=palettes.WARD_LINE, strokeWidth=1.2)
    mapped = (alt.layer(fill, outline, *_marker_layers(by_ward, "number")).properties(width=560, height=560)
              .project(type="mercator"))
    key = _key_list(by_ward, "Wards (best fit): LSOAs in the 10%, of all", 560)
    description = (f"Map of {_possessive(place)} {n} neighbourhoods (LSOAs, {edition.lsoa_vintage} boundaries). {k} are in "
                   f"England's most deprived 10% on the {edition.label} Index of Multiple Deprivation. Numbered markers show "
                   "the wards they lie in: " + "; ".join(by_ward["line"]) + ".")
    return Slide(
        key="map", nav_label="Most deprived 10%",
        title=f"{k} of {_possessive(place)} {n} neighbourhoods are among the 10% most deprived in England",
        subtitle=(f"{edition.label} Index of Multiple Deprivation, LSOA {edition.lsoa_vintage} boundaries. Outlines: "
                  f"{edition.ward_set_label}; each LSOA is counted in its best-fit ward."),
        chart=_theme(alt.hconcat(mapped, key, spacing=24), description,
                     {"lsoas": shapes.drop(columns="lsoa_code"), "wards": ward_shapes[["name", "geometry"]]}),
        table=by_ward[["number", "ward_name", "most_deprived", "lsoas"]].rename(columns={
            "number": "Map marker", "ward_name": "Ward (best fit)",
            "most_deprived": "LSOAs in England's most deprived 10%", "lsoas": "LSOAs in ward"}),
        description=description,
        source_ids=(edition.lsoa_source, edition.boundaries_source, edition.wards_source, edition.ward_lookup_source),
        notes=("Deprivation is relative: the most deprived 10% are the 10% of LSOAs in England ranked most deprived.",),
    )


# --- 2. borough against England, by domain -----------------------------------------------------------

def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


JUDGEMENT_SHAPES = {"better": "triangle-up", "similar": "square", "worse": "triangle-down",
                    "not judged": "circle", "no comparison": "circle"}


def domains_slide(lsoas: pd.DataFrame, edition: Edition, comparisons: pd.DataFrame, place: str) -> Slide:
    shares = index_shares(lsoas, edition)
    shares["label"] = [f"{s:.0%} ({k} of {n})"
                       for s, k, n in zip(shares["share"], shares["n_most_deprived"], shares["n_lsoas"], strict=True)]
    order = shares["index"].tolist()
    base = alt.Chart(shares).encode(y=alt.Y("index:N", sort=order, title=None))
    bars = base.mark_bar(color=palettes.BOROUGH).encode(
        x=alt.X("share:Q", title="Share of the borough's LSOAs in the most deprived 10%", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, float(shares["share"].max()) * 1.45])),  # room for the value labels
        tooltip=[alt.Tooltip("index:N", title="Index"), alt.Tooltip("label:N", title="In most deprived 10%")])
    values = base.mark_text(align="left", dx=6, fontSize=15, color=palettes.TEXT).encode(x="share:Q", text="label:N")
    england = alt.Chart(pd.DataFrame({"x": [0.10], "label": ["England: 10%"]}))
    rule = england.mark_rule(color=palettes.ENGLAND, strokeDash=[6, 4], strokeWidth=2).encode(x="x:Q")
    rule_label = england.mark_text(align="left", dx=4, dy=-8, fontSize=14, color=palettes.MUTED_TEXT).encode(
        x="x:Q", y=alt.value(0), text="label:N")
    left = alt.layer(bars, values, rule, rule_label).properties(
        width=300, height=360, title=f"Deprivation, {edition.label}: the borough against England's 10%")

    uk = {c: "" if c == "England" else f" ({c})" for c in comparisons["comparator"].unique()}
    table = comparisons.assign(
        row=range(len(comparisons)),
        heading=[f"{d}: {j.capitalize()}, {_number(v)} v {_number(c)}{uk[comp]} ({p})" for d, j, v, c, comp, p in
                 zip(comparisons["domain"], comparisons["judgement"], comparisons["value"],
                     comparisons["comparator_value"], comparisons["comparator"], comparisons["period"], strict=True)],
        detail=[f"{i} ({u})" for i, u in zip(comparisons["indicator"], comparisons["unit"], strict=True)])
    rows = alt.Chart(table).encode(y=alt.Y("row:O", axis=None))
    symbol = rows.mark_point(filled=True, size=200, yOffset=-9).encode(
        x=alt.value(8),
        shape=alt.Shape("judgement:N", scale=alt.Scale(domain=list(JUDGEMENT_SHAPES), range=list(JUDGEMENT_SHAPES.values())), legend=None),
        color=alt.Color("judgement:N", scale=alt.Scale(domain=list(palettes.JUDGEMENT_COLOURS),
                                                       range=list(palettes.JUDGEMENT_COLOURS.values())), legend=None))
    heading = rows.mark_text(align="left", fontSize=15, fontWeight="bold", color=palettes.TEXT, dy=-9).encode(
        x=alt.value(22), text="heading:N")
    detail = rows.mark_text(align="left", fontSize=13, color=palettes.TEXT, dy=10, limit=560).encode(
        x=alt.value(22), text="detail:N")
    right = alt.layer(symbol, heading, detail).properties(
        width=560, height=max(48 * len(table), 60),
        title=f"Headline outcomes: {place} v England (latest period)")

    worst = shares.sort_values("share", ascending=False).iloc[0]
    worse = int((comparisons["judgement"] == "worse").sum())
    description = (f"Bar chart: share of {_possessive(place)} LSOAs in England's most deprived 10% by {edition.label} index, against "
                   f"10% for England as a whole. "
                   + "; ".join(f"{index} {label}" for index, label in zip(shares["index"], shares["label"], strict=True))
                   + f". Beside it, {len(comparisons)} headline outcome indicators against England: {worse} worse, "
                   + f"{int((comparisons['judgement'] == 'similar').sum())} similar, "
                     f"{int((comparisons['judgement'] == 'better').sum())} better.")
    chart = _theme(alt.hconcat(left, right, spacing=28), description)
    out = shares[["index", "n_most_deprived", "n_lsoas", "share"]].rename(columns={
        "index": "Index", "n_most_deprived": "LSOAs in England's most deprived 10%", "n_lsoas": "LSOAs", "share": "Share"})
    return Slide(
        key="domains", nav_label="Borough and England",
        title=(f"On {worst['index'].split(' (')[0]}, {worst['share']:.0%} of {_possessive(place)} neighbourhoods are in "
               f"England's most deprived 10%; {worse} of {len(comparisons)} headline outcomes are worse than England"),
        subtitle=(f"Left: {edition.label}, LSOA {edition.lsoa_vintage}; England has 10% by definition. Right: each framework "
                  "domain's headline indicator, latest period; better, similar or worse judged by 95% confidence "
                  "intervals where published, else Fingertips' significance test or the point estimates."),
        chart=chart, table=out, description=description,
        source_ids=(edition.lsoa_source, *dict.fromkeys(comparisons["source_id"])),
        notes=("Child poverty is compared with the UK: its source has no England figure.",)
        if (comparisons["comparator"] != "England").any() else (),
    )


# --- 3. the three priority areas ---------------------------------------------------------------------

def priority_areas_slide(lsoas: pd.DataFrame, areas, edition: Edition, place: str) -> Slide:
    mix = priority_mix(lsoas, areas, edition, place)
    order = mix.drop_duplicates("label")["label"].tolist()
    deciles = list(palettes.DECILE_COLOURS)
    base = alt.Chart(mix).encode(y=alt.Y("label:N", sort=order, title=None,
                                         axis=alt.Axis(labelExpr=f"split(datum.value, '{LINE_BREAK}')", labelLimit=0)))
    bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
        x=alt.X("start:Q", title="Share of the area's LSOAs", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        x2="end:Q",
        color=alt.Color("decile:O", title="National IMD decile (1 = most deprived 10%)",
                        scale=alt.Scale(domain=deciles, range=list(palettes.DECILE_COLOURS.values()))),
        tooltip=[alt.Tooltip("area:N", title="Area"), alt.Tooltip("decile:O", title="IMD decile"),
                 alt.Tooltip("n:Q", title="LSOAs")])
    counts = base.mark_text(fontSize=15, fontWeight="bold").encode(
        x="mid:Q", text="n:Q",
        color=alt.Color("decile:O", scale=alt.Scale(domain=deciles, range=list(palettes.DECILE_TEXT.values())), legend=None))
    description = ("Stacked bars of each area's LSOAs by national IMD decile, " + edition.label + ". "
                   + "; ".join(f"{a}: " + ", ".join(f"decile {d}: {n}" for d, n in zip(g["decile"], g["n"], strict=True))
                               for a, g in mix.groupby("area", sort=False)) + ".")
    summary = mix.drop_duplicates("area")
    areas_only = summary.iloc[:-1]
    share = areas_only["n_most_deprived"].sum() / areas_only["n_lsoas"].sum()
    chart = _theme(alt.layer(bars, counts).resolve_scale(color="independent")
                   .properties(width=WIDTH - 260, height=90 * len(summary)), description)
    table = (mix.pivot_table(index="area", columns="decile", values="n", sort=False, fill_value=0)
             .reindex(columns=deciles, fill_value=0).astype(int))
    table.columns = [f"Decile {d}" for d in deciles]
    rest = summary.set_index("area")
    table = table.assign(**{"Rest of borough LSOAs": rest["rest_n_lsoas"].where(rest["rest_n_most_deprived"].notna()),
                            "Rest of borough LSOAs in decile 1": rest["rest_n_most_deprived"],
                            "Gap to rest of borough (points)": rest["gap_to_rest_points"].round(1)})
    return Slide(
        key="priority", nav_label="Priority areas",
        title=(f"The three priority areas: {areas_only['n_most_deprived'].sum()} of their {areas_only['n_lsoas'].sum()} "
               f"neighbourhoods ({share:.0%}) are in England's most deprived 10%"),
        subtitle=(f"{edition.label} Index of Multiple Deprivation by LSOA {edition.lsoa_vintage}. Beside each name: LSOAs in "
                  "England's most deprived 10% of the area's total, and of the rest of the borough (its other LSOAs), "
                  "with the gap; in the bars, LSOAs per decile. Area boundaries are best-fit LSOA lists inferred "
                  "from public records."),
        chart=chart, table=table.rename_axis("Area").reset_index(), description=description,
        source_ids=(edition.lsoa_source,),
        notes=("Priority areas follow streets, not LSOAs: their LSOA lists (fsot_data/priority_areas.toml) are "
               "best-fit inferences.",),
    )


# --- 4. change between the two editions (2019 to 2025) ------------------------------------------------

def change_slide(lsoas_older: pd.DataFrame, lsoas_newer: pd.DataFrame, bridge: pd.DataFrame,
                 lsoa_shapes_newer: gpd.GeoDataFrame, place: str) -> Slide:
    """Each newer-edition LSOA by how it moved in or out of England's most deprived 10% (edition_change's rule)."""
    changes = decile1_change(lsoas_older, lsoas_newer, bridge).rename(columns={"status": "change"})
    counts = changes["change"].value_counts()
    categories = [STAYED, ENTERED, LEFT, NEITHER] + ([NOT_COMPARABLE] if counts.get(NOT_COMPARABLE, 0) else [])
    colours = palettes.CHANGE_COLOURS
    period = f"{OLDER.key} to {NEWER.key}"
    tally = pd.DataFrame({"change": categories, "n": [int(counts.get(c, 0)) for c in categories]})
    scale = alt.Scale(domain=categories, range=[colours[c] for c in categories])
    tally["bar_label"] = [f"{c} ({CHANGE_LETTERS[c]})" if c in CHANGE_LETTERS else c for c in categories]
    shapes = lsoa_shapes_newer.rename(columns={"code": "lsoa_code"})[["lsoa_code", "geometry"]].merge(changes, on="lsoa_code")
    shown = alt.Chart(_features("change")).mark_geoshape(
        stroke=palettes.SHAPE_OUTLINE, strokeWidth=0.5).encode(
        color=alt.Color("properties.change:N", scale=scale, legend=None),
        tooltip=[alt.Tooltip("properties.lsoa_name:N", title="LSOA 2021"),
                 alt.Tooltip("properties.ward_name:N", title="Ward (best fit)"),
                 alt.Tooltip("properties.change:N", title=period)])
    changed = shapes[shapes["change"].isin(CHANGE_LETTERS)]
    points = changed.geometry.representative_point()
    letters = pd.DataFrame({"letter": changed["change"].map(CHANGE_LETTERS).to_numpy(), "lon": points.x, "lat": points.y})
    mapped = alt.layer(shown, *_marker_layers(letters, "letter", size=200, font_size=11)).properties(
        width=520, height=520).project(type="mercator")
    bar_base = alt.Chart(tally).encode(y=alt.Y("bar_label:N", sort=tally["bar_label"].tolist(), title=None))
    bars = bar_base.mark_bar(stroke=palettes.SHAPE_OUTLINE, strokeWidth=0.5).encode(
        x=alt.X("n:Q", title="LSOAs (2021 boundaries)"), color=alt.Color("change:N", scale=scale, legend=None))
    numbers = bar_base.mark_text(align="left", dx=6, fontSize=16, fontWeight="bold", color=palettes.TEXT).encode(x="n:Q", text="n:Q")
    chart_parts = alt.hconcat(mapped, alt.layer(bars, numbers).properties(width=300, height=260), spacing=30)
    stayed, entered, left = (int(counts.get(c, 0)) for c in (STAYED, ENTERED, LEFT))
    description = (f"Map and bar chart of {_possessive(place)} {len(changes)} LSOAs (2021 boundaries) by change in the most deprived "
                   f"10% from {OLDER.label} to {NEWER.label}: "
                   + "; ".join(f"{c}: {n}" for c, n in zip(tally["change"], tally["n"], strict=True)) + ".")
    return Slide(
        key="change", nav_label=period,
        title=f"From {period}, {stayed} neighbourhoods stayed in England's most deprived 10%, {entered} entered and {left} left",
        subtitle=(f"{OLDER.label} (LSOA 2011) set against {NEWER.label} (LSOA 2021) through the ONS LSOA 2011 to 2021 lookup; "
                  f"a split LSOA's parts each keep their 2011 parent's {OLDER.key} status, a merged one has a status only where "
                  "its parents agree. Letters on the map: E entered, L left."),
        chart=_theme(chart_parts, description, {"change": shapes[["lsoa_name", "ward_name", "change", "geometry"]]}),
        table=tally.rename(columns={"change": period, "n": "LSOAs (2021 boundaries)"}),
        description=description,
        source_ids=(OLDER.lsoa_source, NEWER.lsoa_source, "lsoa11_lsoa21_lookup", NEWER.boundaries_source),
        notes=(f"Editions are not strictly comparable: {NEWER.label} uses newer data, some changed indicators and new "
               "boundaries, and ranks are relative, so an LSOA can move without changing itself.",),
    )


# --- all four, and export -----------------------------------------------------------------------------

def build_slides(data, crosswalk: dict) -> list[Slide]:
    """The headline slides from a fsot_data.datasets.Datasets (the latest edition unless the slide compares); the
    priority-areas slide only for an authority with priority areas."""
    latest = EDITIONS[DEFAULT_EDITION]
    lsoas = data.lsoas(latest.key)
    place = data.lad_name
    areas = data.priority_areas()
    return [
        most_deprived_map_slide(lsoas, data.lsoa_shapes(latest.key), data.ward_shapes(latest.key), latest, place),
        domains_slide(lsoas, latest, headline_comparisons(data.indicators(), crosswalk, data.lad_code), place),
        *([priority_areas_slide(lsoas, areas, latest, place)] if areas else []),
        change_slide(data.lsoas(OLDER.key), data.lsoas(NEWER.key), data.bridge(), data.lsoa_shapes(NEWER.key), place),
    ]


def footer_lines(slide: Slide) -> list[str]:
    """Notes, then source citations and licence lines, wrapped to the PNG's width."""
    return export.wrap([*slide.notes, *source_lines(*slide.source_ids)], FOOTER_WRAP)


def export_chart(slide: Slide) -> alt.TopLevelMixin:
    """The slide as it is exported: headline and subtitle above the chart, sources and licence below."""
    body = slide.chart.copy(deep=False)  # top-level attributes only are changed below
    config, datasets = body.config, body.datasets
    body.config = body.datasets = alt.Undefined
    titled = alt.vconcat(body, title=alt.Title(textwrap.wrap(slide.title, 95), subtitle=textwrap.wrap(slide.subtitle, 150),
                                               fontSize=24, subtitleFontSize=15, subtitleColor=palettes.MUTED_TEXT, offset=16))
    framed = export.with_footer(titled, footer_lines(slide), font_size=FOOTER_SIZE, padding=24)
    framed.config, framed.datasets = config, datasets
    return framed


def slide_png(slide: Slide) -> bytes:
    """The exported slide as a PNG of exactly export.SLIDE_SIZE (1920 x 1080), the projector's frame."""
    return export.png_of_size(export_chart(slide))


def slide_svg(slide: Slide) -> str:
    """The slide's chart as SVG for the screen, drawn by the renderer that draws the PNG: it scales to any
    window with its text (a viewBox), where an interactive chart keeps its pixel size and is cut off on a
    small projector."""
    return export.svg(slide.chart)
