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

from fsot_data.area_figures import ProfileArea, domain_profile, key_indicators, ordinal
from fsot_data.datasets import source_lines
from fsot_data.editions import cited_sources
from views import palettes

# The caveats every profile (and the About page) states.
CAVEATS: tuple[tuple[str, str], ...] = (
    ("Deprivation is relative.", "Ranks and deciles compare each LSOA with every other in England in the same "
     "edition; a better decile can mean other places got worse."),
    ("LSOAs do not nest in wards.", "Ward figures count each LSOA (about 1,500 people) whole in the one ward it "
     "mostly falls in."),
    ("Editions are not strictly comparable.", "IoD2019 and IoD2025 differ in data years, indicators, methods and "
     "boundaries (2011 and 2021 LSOAs)."),
    ("Ward figures are best-fit.", "Each LSOA is counted in one ward: the official ONS lookup where it names the wards "
     "of the boundaries shown, otherwise a derived lookup with a confidence per LSOA."),
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

def _share_or_none(share: float) -> str:
    return "none" if np.isnan(share) else f"{share:.0%}"


def summary_sentences(area: ProfileArea, area_lsoas: pd.DataFrame, domains: pd.DataFrame, place: str) -> tuple[str, ...]:
    """Plain-English findings, each computed from the figures in the profile."""
    edition = area.edition
    n = len(area_lsoas)
    imd = domains.set_index("key").loc["imd"]
    has = f"{area.name} is one neighbourhood (an LSOA" if n == 1 else f"{area.name} has {n} neighbourhoods (LSOAs"
    has += f", {edition.lsoa_vintage} boundaries)"
    label = f"the {edition.label} Index of Multiple Deprivation"
    others = (f"{_share_or_none(imd['rest_share'])} of LSOAs in the rest of {place} "
              f"and {imd['borough_share']:.0%} across the borough")
    if n == 1:
        status = "is" if imd["n_most_deprived"] else "is not"
        sentences = [f"{has} and {status} among the 10% most deprived in England on {label} ({others} are)."]
    elif imd["n_most_deprived"]:
        sentences = [f"{has}; {imd['n_most_deprived']} of them ({imd['share']:.0%}) are among the 10% most deprived in "
                     f"England on {label}, against {others}."]
    else:
        sentences = [f"{has}; none is among the 10% most deprived in England on {label} ({others} are)."]
    by_domain = domains[domains["key"] != "imd"].sort_values(["share", "mean_decile"], ascending=[False, True])
    worst, best = by_domain.iloc[0], by_domain.iloc[-1]
    if worst["n_most_deprived"]:
        sentences.append(f"It is most deprived on {worst['index']}: {worst['n_most_deprived']} of {n} "
                         f"in England's most deprived 10% for that domain (rest of the borough: {_share_or_none(worst['rest_share'])}).")
    else:
        sentences.append(f"No neighbourhood is in England's most deprived 10% on any single domain; its lowest "
                         f"deciles are on {worst['index']} (average decile {worst['mean_decile']:.1f}).")
    low, high = min(best["deciles"]), max(best["deciles"])
    spread = f"its decile is {low}" if low == high else f"its deciles run from {low} to {high}"
    sentences.append(f"It is least deprived on {best['index']}, where {spread} (10 = least deprived).")
    most = area_lsoas.sort_values("imd_rank").iloc[0]
    sentences.append(f"Its most deprived neighbourhood, {most['lsoa_name']}, ranks {ordinal(int(most['imd_rank']))} "
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
           '<rect width="100%" height="100%" fill="white"/>']
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
    lsoas = area_lsoas[["lsoa_code", "lsoa_name", "ward_name", "imd_decile", "imd_rank", "ward_fit"]].reset_index(drop=True)
    source_ids = cited_sources((edition.lsoa_source, edition.boundaries_source, edition.wards_source, edition.ward_lookup_source,
                                *dict.fromkeys(s for s in table["source_id"] if s not in (edition.lsoa_source,))), lsoas.columns)
    return AreaProfile(
        area=area, place=place, lsoas=lsoas,
        domains=domains, indicators=table, sentences=summary_sentences(area, area_lsoas, domains, place),
        map_svg=area_map_svg(area, area_lsoas, lsoa_shapes, ward_shapes), source_ids=source_ids,
        built=(built or date.today()).strftime("%-d %B %Y"))


def decile_runs(deciles) -> str:
    """A sorted list of deciles as runs, "1 ×6, 3, 4 ×2, 7": one line per domain row, so the profile's findings fit
    its first A4 page (the full list wrapped each row onto two or three lines)."""
    values = [int(d) for d in deciles]
    runs = [(d, values.count(d)) for d in sorted(set(values))]
    return ", ".join(f"{d} ×{n}" if n > 1 else str(d) for d, n in runs)


TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True,
                        trim_blocks=True, lstrip_blocks=True)
TEMPLATES.filters["decile_runs"] = decile_runs


def profile_html(profile: AreaProfile, own: pd.DataFrame | None = None) -> str:
    """The whole profile as one HTML document (A4 print rules inline), from templates/area_profile.html; `own`
    adds the user's own indicators (ui.own_data.profile_table), labelled as not published statistics.

    Jinja2 escapes every value from the data; the map is marked safe because area_map_svg escapes its own text."""
    area = profile.area
    legend = [(d, palettes.DECILE_COLOURS[d], palettes.DECILE_TEXT[d]) for d in palettes.DECILE_COLOURS]
    colours = {"text": palettes.TEXT, "muted": palettes.MUTED_TEXT, "borough": palettes.BOROUGH, "highlight": palettes.HIGHLIGHT,
               "outline": palettes.SHAPE_OUTLINE, "context": palettes.CONTEXT_FILL}
    own_rows = [] if own is None or own.empty else own.to_dict("records")
    return TEMPLATES.get_template("area_profile.html").render(
        area=area, edition=area.edition, place=profile.place, built=profile.built, sentences=profile.sentences,
        indicators=profile.indicators.itertuples(), lsoas=profile.lsoas.itertuples(), domains=profile.domains.itertuples(),
        ward_column=area.kind != "ward",  # a ward's LSOAs all have it as their ward; only the fit differs
        map_svg=Markup(profile.map_svg), legend=legend, colours=colours, caveats=CAVEATS,
        sources=source_lines(*profile.source_ids), own_rows=own_rows,
        own_sources=list(dict.fromkeys(row["Source"] for row in own_rows)))
