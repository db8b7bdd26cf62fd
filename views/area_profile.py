"""One-page area profiles for a ward or a priority area: a self-contained HTML document that prints on A4.

Why self-contained: a councillor saves it, emails it or prints it on a council PC with no internet, so
everything (styles, the map as inline SVG, the bars) is inside the one file, and nothing needs scripts.
The PDF is the same HTML printed by headless Chromium (views/pdf.py), so the two never differ.

Accessibility: the map is an SVG with a title and description, every LSOA on it carries its decile as a
number, the bars repeat values given in text beside them, and the LSOA table says everything the map
shows. All text from the data is HTML-escaped. Pure module: no Streamlit.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from shapely.geometry import MultiPolygon, Polygon

from fsot_data.datasets import PriorityArea, source_lines
from fsot_data.editions import Edition
from fsot_data.gaps import summed_lsoa_counts
from fsot_data.indices import INDEX_BY_KEY, REQUIRED_INDEX_KEYS
from fsot_data.measures import summarise
from views import palettes

# The caveats every profile (and the About page) states.
CAVEATS: tuple[tuple[str, str], ...] = (
    ("Deprivation is relative.", "Ranks and deciles compare each LSOA with every other in England in the same "
     "edition; a better decile can mean other places got worse."),
    ("LSOAs do not nest in wards.", "Ward figures count each LSOA (about 1,500 people) whole in the one ward it "
     "mostly falls in."),
    ("Editions are not strictly comparable.", "IoD2019 and IoD2025 differ in data years, indicators, methods and "
     "boundaries (2011 and 2021 LSOAs)."),
    ("Ward figures are best-fit.", "IoD2019 uses the official ONS lookup to the 26 wards in force until May 2023; "
     "IoD2025 a derived lookup, with a confidence per LSOA, to the 27 wards since."),
    ("Priority areas are best-fit inferences.", "They follow streets; their LSOA lists are the nearest statistical "
     "fit from public records, not official definitions."),
)

# Kinds of area a profile covers: key -> the label the page's picker shows (and its URL holds).
PROFILE_KINDS = {"ward": "Ward", "priority": "Priority area"}

# The map's size in CSS px as printed (its column of the A4 page, at most 70 mm tall), so that SVG user units
# are print pixels and the decile numbers print at LABEL_PX (8 pt and over).
MAP_WIDTH = 320
MAP_MAX_HEIGHT = 264
LABEL_PX = 11.5
CLAIMANTS, FUEL_POVERTY_WARD, POPULATION = "CC:rate_16_64", "FP2021:pct", "POP:All_Ages"
FUEL_POOR_LSOA, HOUSEHOLDS_LSOA = "FP2020:fuel_poor_households", "FP2020:households"


@dataclass(frozen=True)
class ProfileArea:
    """What a profile is about: a ward of the edition's ward set, or a priority area, as LSOAs of that edition."""

    kind: str                    # "ward" or "priority"
    key: str                     # ward code or priority-area key
    name: str
    description: str             # e.g. "Ward (the 27 wards in force since May 2023)"
    edition: Edition
    lsoa_codes: tuple[str, ...]
    how_defined: str             # how its LSOAs were chosen: always best-fit
    references: tuple[str, ...] = ()  # public records behind a priority area


def ward_area(lsoas: pd.DataFrame, ward_code: str, edition: Edition) -> ProfileArea:
    """A ward as the LSOAs whose best-fit ward it is."""
    rows = lsoas[lsoas["ward_code"] == ward_code]
    if rows.empty:
        raise KeyError(f"ward {ward_code!r} has no LSOAs in {edition.label} ({edition.ward_set_label}).")
    fits = rows["ward_fit"].value_counts()
    fit_text = ", ".join(f"{n} {fit}" for fit, n in fits.items())
    how = (f"The {len(rows)} LSOAs whose best-fit ward this is ({fit_text}); "
           + ("ONS best-fit lookup, LSOA 2011 to ward." if edition.key == "2019" else
              "derived best-fit lookup by postcode majority, LSOA 2021 to the wards in force since May 2023."))
    return ProfileArea("ward", ward_code, str(rows["ward_name"].iloc[0]), f"Ward ({edition.ward_set_label})", edition,
                       tuple(rows["lsoa_code"]), how)


def priority_area(area: PriorityArea, edition: Edition) -> ProfileArea:
    return ProfileArea("priority", area.key, area.name, area.kind, edition, area.lsoas[edition.key],
                       f"{area.rationale} LSOA list: fsot_data/priority_areas.toml.", area.sources)


@dataclass(frozen=True)
class AreaProfile:
    area: ProfileArea
    place: str
    lsoas: pd.DataFrame        # the area's LSOAs: code, name, ward, IMD decile and rank, fit
    domains: pd.DataFrame      # one row per index: area and borough share in England's most deprived 10%, deciles
    indicators: pd.DataFrame   # indicator, value, comparison, period, source_id
    sentences: tuple[str, ...]
    map_svg: str
    source_ids: tuple[str, ...]
    built: str


# --- figures ------------------------------------------------------------------------------------------

def domain_profile(area_lsoas: pd.DataFrame, borough_lsoas: pd.DataFrame, edition: Edition) -> pd.DataFrame:
    """For the IMD and its seven domains: how many of the area's LSOAs are in England's most deprived 10%,
    against the borough's share, with the area's deciles listed (1 = most deprived)."""
    rows = []
    for key in REQUIRED_INDEX_KEYS:
        area = summarise(area_lsoas, key, edition.n_lsoas_england)
        borough = summarise(borough_lsoas, key, edition.n_lsoas_england)
        deciles = sorted(int(d) for d in area_lsoas[f"{key}_decile"])
        rows.append({"key": key, "index": INDEX_BY_KEY[key].label, "n_most_deprived": area["n_most_deprived_10pct"],
                     "n_lsoas": area["n_lsoas"], "share": area["prop_most_deprived_10pct"],
                     "borough_share": borough["prop_most_deprived_10pct"], "deciles": deciles,
                     "mean_decile": float(np.mean(deciles))})
    return pd.DataFrame(rows)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def _latest(indicators: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    rows = indicators[(indicators["indicator_id"] == indicator_id) & indicators["value"].notna()]
    return rows[rows["period_sort"] == rows["period_sort"].max()]


def key_indicators(area: ProfileArea, area_lsoas: pd.DataFrame, borough_lsoas: pd.DataFrame,
                   indicators: pd.DataFrame, lad_code: str, place: str) -> pd.DataFrame:
    """The few figures a councillor asks for first, each with its comparison, period and source.

    Ward statistics (claimants, fuel poverty, population) are published for the 26 wards in force until May
    2023, so they appear for IoD2019 wards; for an IoD2019 priority area, LSOA fuel poverty (2011 LSOAs) adds up.
    """
    edition = area.edition
    rows = []
    imd = summarise(area_lsoas, "imd", edition.n_lsoas_england)
    borough = summarise(borough_lsoas, "imd", edition.n_lsoas_england)
    rows.append({"indicator": "Neighbourhoods in England's most deprived 10% (IMD)",
                 "value": f"{imd['n_most_deprived_10pct']} of {imd['n_lsoas']} ({imd['prop_most_deprived_10pct']:.0%})",
                 "comparison": f"{place}: {borough['n_most_deprived_10pct']} of {borough['n_lsoas']} "
                               f"({borough['prop_most_deprived_10pct']:.0%})",
                 "period": edition.label, "source_id": edition.lsoa_source})
    worst = area_lsoas.sort_values("imd_rank").iloc[0]
    rows.append({"indicator": "Most deprived neighbourhood",
                 "value": f"{worst['lsoa_name'].removeprefix(place).strip()} ({worst['lsoa_code']})",
                 "comparison": f"ranked {_ordinal(int(worst['imd_rank']))} most deprived of {edition.n_lsoas_england:,} in England",
                 "period": edition.label, "source_id": edition.lsoa_source})
    if area_lsoas["population"].notna().all() and area.kind != "ward":
        rows.append({"indicator": "Population (IoD denominator)", "value": f"{area_lsoas['population'].sum():,.0f}",
                     "comparison": f"{place}: {borough_lsoas['population'].sum():,.0f}", "period": edition.label,
                     "source_id": edition.lsoa_source})
    for key, what in (("income", "People income-deprived"), ("employment", "Working-age people employment-deprived")):
        scores = area_lsoas[f"{key}_score"]
        if scores.notna().all():
            rows.append({"indicator": f"{what} (mean of LSOA scores)", "value": f"{scores.mean():.0%}",
                         "comparison": f"{place}: {borough_lsoas[f'{key}_score'].mean():.0%}",
                         "period": edition.label, "source_id": edition.lsoa_source})
    if area.kind == "ward":
        rows += _ward_rows(area, indicators, lad_code, place)
    elif edition.lsoa_vintage == "2011":
        rows += _lsoa_fuel_poverty(area, indicators, lad_code, place)
    return pd.DataFrame(rows, columns=["indicator", "value", "comparison", "period", "source_id"])


def _ward_rows(area: ProfileArea, indicators: pd.DataFrame, lad_code: str, place: str) -> list[dict]:
    rows = []
    for indicator_id, label, higher in ((CLAIMANTS, "Claimants (% of residents aged 16-64)", "highest"),
                                        (FUEL_POVERTY_WARD, "Households in fuel poverty (LILEE, %)", "highest"),
                                        (POPULATION, "Population (ONS estimate)", None)):
        latest = _latest(indicators, indicator_id)
        wards = latest[latest["area_type"] == "Ward"]
        mine = wards[wards["area_code"] == area.key]
        if mine.empty:
            continue
        value = float(mine["value"].iloc[0])
        lad = latest.loc[latest["area_code"] == lad_code, "value"]
        if higher:
            position = int((wards["value"] > value).sum()) + 1
            comparison = f"{'the' if position == 1 else _ordinal(position)} {higher} of {len(wards)} wards" + (
                f"; {place}: {float(lad.iloc[0]):.1f}%" if not lad.empty else "")
            shown = f"{value:.1f}%"
        else:
            comparison, shown = f"{place}: {float(lad.iloc[0]):,.0f}" if not lad.empty else "", f"{value:,.0f}"
        rows.append({"indicator": label,
                     "value": shown, "comparison": comparison, "period": str(mine["period"].iloc[0]),
                     "source_id": str(mine["source_id"].iloc[0])})
    return rows


def _lsoa_fuel_poverty(area: ProfileArea, indicators: pd.DataFrame, lad_code: str, place: str) -> list[dict]:
    poor_n, households_n, period, n_missing = summed_lsoa_counts(indicators, FUEL_POOR_LSOA, HOUSEHOLDS_LSOA, area.lsoa_codes)
    if n_missing:
        return []
    lad_poor, lad_households, _, lad_missing = summed_lsoa_counts(indicators, FUEL_POOR_LSOA, HOUSEHOLDS_LSOA, [lad_code])
    comparison = "" if lad_missing else f"{place}: {lad_poor / lad_households:.1%}"
    source_id = indicators.loc[indicators["indicator_id"].eq(FUEL_POOR_LSOA), "source_id"].iloc[0]
    return [{"indicator": "Households in fuel poverty (LILEE, %; LSOA estimates added up)",
             "value": f"{poor_n / households_n:.1%} ({poor_n:,.0f} of {households_n:,.0f})",
             "comparison": comparison, "period": period, "source_id": str(source_id)}]


def summary_sentences(area: ProfileArea, area_lsoas: pd.DataFrame, domains: pd.DataFrame, place: str) -> tuple[str, ...]:
    """Plain-English findings, each computed from the figures in the profile."""
    edition = area.edition
    n = len(area_lsoas)
    imd = domains.set_index("key").loc["imd"]
    has = f"{area.name} is one neighbourhood (an LSOA" if n == 1 else f"{area.name} has {n} neighbourhoods (LSOAs"
    has += f", {edition.lsoa_vintage} boundaries)"
    label = f"the {edition.label} Index of Multiple Deprivation"
    if n == 1:
        status = "is" if imd["n_most_deprived"] else "is not"
        sentences = [f"{has} and {status} among the 10% most deprived in England on {label} "
                     f"({imd['borough_share']:.0%} of LSOAs across {place} are)."]
    elif imd["n_most_deprived"]:
        sentences = [f"{has}; {imd['n_most_deprived']} of them ({imd['share']:.0%}) are among the 10% most deprived in "
                     f"England on {label}, against {imd['borough_share']:.0%} of LSOAs across {place}."]
    else:
        sentences = [f"{has}; none is among the 10% most deprived in England on {label} "
                     f"({imd['borough_share']:.0%} of LSOAs across {place} are)."]
    by_domain = domains[domains["key"] != "imd"].sort_values(["share", "mean_decile"], ascending=[False, True])
    worst, best = by_domain.iloc[0], by_domain.iloc[-1]
    if worst["n_most_deprived"]:
        sentences.append(f"It is most deprived on {worst['index']}: {worst['n_most_deprived']} of {n} "
                         f"in England's most deprived 10% for that domain (borough: {worst['borough_share']:.0%}).")
    else:
        sentences.append(f"No neighbourhood is in England's most deprived 10% on any single domain; its lowest "
                         f"deciles are on {worst['index']} (average decile {worst['mean_decile']:.1f}).")
    low, high = min(best["deciles"]), max(best["deciles"])
    spread = f"its decile is {low}" if low == high else f"its deciles run from {low} to {high}"
    sentences.append(f"It is least deprived on {best['index']}, where {spread} (10 = least deprived).")
    most = area_lsoas.sort_values("imd_rank").iloc[0]
    sentences.append(f"Its most deprived neighbourhood, {most['lsoa_name']}, ranks {_ordinal(int(most['imd_rank']))} "
                     f"of {edition.n_lsoas_england:,} in England (decile {int(most['imd_decile'])}).")
    if area.kind == "ward":
        sentences.append("Ward figures are best-fit: each LSOA counts whole in the one ward it mostly falls in.")
    else:
        sentences.append("The area's boundary follows streets; these figures use the best-fit list of LSOAs.")
    return tuple(sentences)


# --- the map ------------------------------------------------------------------------------------------

class _Projection:
    """Longitude/latitude to SVG pixels: equirectangular scaled by cos(latitude), fine at borough scale."""

    def __init__(self, bounds: tuple[float, float, float, float]):
        minx, miny, maxx, maxy = bounds
        self.minx, self.maxy = minx, maxy
        self.kx = np.cos(np.radians((miny + maxy) / 2))
        span_x, span_y = (maxx - minx) * self.kx, maxy - miny
        self.scale = min(MAP_WIDTH / span_x, MAP_MAX_HEIGHT / span_y)
        self.width, self.height = span_x * self.scale, span_y * self.scale

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.minx) * self.kx * self.scale, (self.maxy - y) * self.scale

    def path(self, geometry) -> str:
        polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry] if isinstance(geometry, Polygon) else []
        parts = []
        for polygon in polygons:
            for ring in (polygon.exterior, *polygon.interiors):
                points = " ".join("{:.1f},{:.1f}".format(*self.xy(x, y)) for x, y in ring.coords)
                parts.append(f"M{points}Z")
        return "".join(parts)


def area_map_svg(area: ProfileArea, area_lsoas: pd.DataFrame, lsoa_shapes: gpd.GeoDataFrame,
                 ward_shapes: gpd.GeoDataFrame) -> str:
    """The area's LSOAs filled by national IMD decile and numbered with it, neighbours in pale grey, ward
    outlines dashed, the area's edge in a heavy line; an accessible inline SVG with no external resources."""
    shapes = lsoa_shapes.rename(columns={"code": "lsoa_code"})
    mine = shapes[shapes["lsoa_code"].isin(area.lsoa_codes)].merge(area_lsoas[["lsoa_code", "imd_decile", "lsoa_name"]],
                                                                    on="lsoa_code")
    minx, miny, maxx, maxy = mine.total_bounds
    pad = max(maxx - minx, maxy - miny) * 0.12 + 0.002
    frame = shapely.box(minx - pad, miny - pad, maxx + pad, maxy + pad)
    project = _Projection(frame.bounds)
    context = shapes[shapes.intersects(frame) & ~shapes["lsoa_code"].isin(area.lsoa_codes)]
    wards = ward_shapes[ward_shapes.intersects(frame)]
    edge = mine.geometry.union_all()
    title = f"Map of {area.name}: its {len(mine)} LSOAs by national IMD decile, {area.edition.label}"
    desc = "; ".join(f"{r.lsoa_name} ({r.lsoa_code}): decile {int(r.imd_decile)}"
                     for r in mine.sort_values("imd_decile").itertuples())
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {project.width:.0f} {project.height:.0f}" '
           f'width="{project.width:.0f}" height="{project.height:.0f}" role="img" aria-labelledby="map-title map-desc">',
           f'<title id="map-title">{html.escape(title)}</title><desc id="map-desc">{html.escape(desc)}</desc>',
           f'<rect width="100%" height="100%" fill="white"/>']
    for geometry in context.geometry:
        out.append(f'<path d="{project.path(geometry)}" fill="{palettes.CONTEXT_FILL}" stroke="{palettes.SHAPE_OUTLINE}" '
                   'stroke-width="0.5" fill-rule="evenodd"/>')
    for row in mine.itertuples():
        out.append(f'<path d="{project.path(row.geometry)}" fill="{palettes.decile_colour(row.imd_decile)}" '
                   f'stroke="white" stroke-width="1" fill-rule="evenodd"><title>{html.escape(row.lsoa_name)}: '
                   f'decile {int(row.imd_decile)}</title></path>')
    for geometry in wards.geometry:
        out.append(f'<path d="{project.path(geometry)}" fill="none" stroke="{palettes.WARD_LINE}" stroke-width="1" '
                   'stroke-dasharray="4 3"/>')
    out.append(f'<path d="{project.path(edge)}" fill="none" stroke="{palettes.WARD_LINE}" stroke-width="2.5"/>')
    for row in mine.itertuples():
        point = row.geometry.representative_point()
        x, y = project.xy(point.x, point.y)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{LABEL_PX * 0.8:.1f}" fill="white" stroke="{palettes.TEXT}" stroke-width="1"/>'
                   f'<text x="{x:.1f}" y="{y + LABEL_PX * 0.36:.1f}" text-anchor="middle" font-size="{LABEL_PX}" font-weight="700" '
                   f'fill="{palettes.TEXT}">{int(row.imd_decile)}</text>')
    out.append("</svg>")
    return "".join(out)


# --- assembling and rendering -----------------------------------------------------------------------

def build_profile(area: ProfileArea, borough_lsoas: pd.DataFrame, lsoa_shapes: gpd.GeoDataFrame,
                  ward_shapes: gpd.GeoDataFrame, indicators: pd.DataFrame, lad_code: str, place: str,
                  built: date | None = None) -> AreaProfile:
    area_lsoas = borough_lsoas[borough_lsoas["lsoa_code"].isin(area.lsoa_codes)].sort_values("imd_rank")
    missing = sorted(set(area.lsoa_codes) - set(area_lsoas["lsoa_code"]))
    if missing:
        raise KeyError(f"{area.name}: LSOAs {', '.join(missing)} are not among the borough's {area.edition.label} LSOAs.")
    domains = domain_profile(area_lsoas, borough_lsoas, area.edition)
    table = key_indicators(area, area_lsoas, borough_lsoas, indicators, lad_code, place)
    edition = area.edition
    source_ids = (edition.lsoa_source, edition.boundaries_source, edition.wards_source, edition.ward_lookup_source,
                  *dict.fromkeys(s for s in table["source_id"] if s not in (edition.lsoa_source,)))
    return AreaProfile(
        area=area, place=place,
        lsoas=area_lsoas[["lsoa_code", "lsoa_name", "ward_name", "imd_decile", "imd_rank", "ward_fit"]].reset_index(drop=True),
        domains=domains, indicators=table, sentences=summary_sentences(area, area_lsoas, domains, place),
        map_svg=area_map_svg(area, area_lsoas, lsoa_shapes, ward_shapes), source_ids=source_ids,
        built=(built or date.today()).strftime("%-d %B %Y"))


TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True,
                        trim_blocks=True, lstrip_blocks=True)


def profile_html(profile: AreaProfile) -> str:
    """The whole profile as one HTML document (A4 print rules inline), from templates/area_profile.html.

    Jinja2 escapes every value from the data; the map is marked safe because area_map_svg escapes its own text."""
    area = profile.area
    legend = [(d, palettes.DECILE_COLOURS[d], palettes.DECILE_TEXT[d]) for d in palettes.DECILE_COLOURS]
    colours = {"text": palettes.TEXT, "muted": palettes.MUTED_TEXT, "borough": palettes.BOROUGH, "highlight": palettes.HIGHLIGHT,
               "outline": palettes.SHAPE_OUTLINE, "context": palettes.CONTEXT_FILL}
    return TEMPLATES.get_template("area_profile.html").render(
        area=area, edition=area.edition, place=profile.place, built=profile.built, sentences=profile.sentences,
        indicators=profile.indicators.itertuples(), lsoas=profile.lsoas.itertuples(), domains=profile.domains.itertuples(),
        ward_column=area.kind != "ward",  # a ward's LSOAs all have it as their ward; only the fit differs
        map_svg=Markup(profile.map_svg), legend=legend, colours=colours, caveats=CAVEATS,
        sources=source_lines(*profile.source_ids))
