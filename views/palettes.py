"""Every colour scale in the app, and the one chart font, in one place.

Deciles use viridis (colour-blind safe, prints legibly in greyscale), darkest for the most deprived
decile; the "most deprived" highlight uses a dark magenta against pale grey so it reads by lightness
as well as hue. Maps also label deciles in tooltips and tables, so colour is never the only cue.
"""

from __future__ import annotations

from fsot_data import edition_change

# The font of every chart, slide and exported PNG: Liberation Sans ships with Debian (vl-convert renders with it),
# Arial and Helvetica stand in for it on other machines.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"

# Decile 1 (most deprived 10% nationally) .. decile 10 (least deprived): viridis, 10 steps.
DECILE_COLOURS: dict[int, str] = {
    1: "#440154", 2: "#482878", 3: "#3E4989", 4: "#31688E", 5: "#26828E",
    6: "#1F9E89", 7: "#35B779", 8: "#6DCD59", 9: "#B4DE2C", 10: "#FDE725",
}
# Text colour that stays readable on each decile colour (white on dark, near-black on light).
DECILE_TEXT: dict[int, str] = {d: ("#FFFFFF" if d <= 6 else "#1B1F24") for d in DECILE_COLOURS}

HIGHLIGHT = "#9C1D6A"       # LSOAs in the selected most-deprived band
NOT_HIGHLIGHTED = "#E4E7EB"  # every other LSOA
NO_DATA = "#FFFFFF"

# Change between editions (entered / stayed / left the most deprived 10%; fsot_data/edition_change.py).
CHANGE_COLOURS: dict[str, str] = {
    edition_change.ENTERED: "#D55E00",
    edition_change.STAYED: "#440154",
    edition_change.LEFT: "#56B4E9",
    edition_change.NEITHER: "#E4E7EB",
    edition_change.NOT_COMPARABLE: NO_DATA,
}

# Fifths of England's districts on the national context map (1 = most deprived): viridis, darkest most deprived.
FIFTH_COLOURS: dict[int, str] = {1: "#440154", 2: "#3B528B", 3: "#21918C", 4: "#5EC962", 5: "#FDE725"}

# Lines drawn over the LSOA fill.
WARD_LINE = "#1B1F24"
CONSTITUENCY_LINE = "#C2185B"
LSOA_LINE = "#FFFFFF"
SELECTED_LINE = "#FF8C00"

# Series in charts: the borough, comparators, and areas within the borough (Okabe-Ito, colour-blind safe).
BOROUGH = "#005F73"
ENGLAND = "#6B7280"
REGION = "#B08900"
AREA_SERIES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

# Better / similar / worse judgements against England.
JUDGEMENT_COLOURS: dict[str, str] = {
    "better": "#1A7F37", "similar": "#B08900", "worse": "#B42318",
    "not judged": "#6B7280", "no comparison": "#9CA3AF",
}


def decile_colour(decile: float | int | None) -> str:
    """Fill for a national decile; white where the decile is missing."""
    if decile is None or decile != decile:  # NaN check without numpy
        return NO_DATA
    return DECILE_COLOURS.get(int(decile), NO_DATA)


# Gap charts (fsot_data/gaps.py, views/charts.py).
EDITION_COLOURS: dict[str, str] = {"IoD2019": "#94A3B8", "IoD2025": BOROUGH}  # older edition paler
AREA_BAR = "#0072B2"          # areas within the borough compared with the borough and England
CLAIM_LINE = "#B42318"        # a published claim drawn against the data
COVERAGE_COLOURS: dict[str, str] = {"available": "#005F73", "none": "#E4E7EB"}
COVERAGE_TEXT: dict[str, str] = {"available": "#FFFFFF", "none": "#1B1F24"}
EXPORT_FOOTER_TEXT = "#4B5563"  # source and licence lines at the foot of exported charts

# Text and outlines on slides, area profiles and the presentation page (views/slides.py, views/area_profile.py).
TEXT = "#1B1F24"          # 16.6:1 on white
MUTED_TEXT = "#4B5563"    # 7.6:1 on white: subtitles, sources, captions
SHAPE_OUTLINE = "#6B7280"  # 4.8:1: outlines around pale fills so a shape never depends on its fill alone
CONTEXT_FILL = "#F2F5F7"   # neighbouring areas drawn for context on an area's map

# Deprivation map (views/maps.py): the 10-20% band when the 20% most deprived are highlighted (paler than
# HIGHLIGHT, darker than NOT_HIGHLIGHTED, so the three read apart by lightness alone), the dashed outline
# of LSOAs whose boundary changed 2011-2021, the borough edge, and ward labels (dark text, white halo).
HIGHLIGHT_SECOND = "#D98CB8"
FLAGGED_LSOA_LINE = "#1B1F24"
BOROUGH_LINE = "#1B1F24"
MAP_LABEL_TEXT = "#1B1F24"
MAP_LABEL_HALO = "#FFFFFF"
MAP_BACKGROUND = "#FFFFFF"  # behind the borough when there is no basemap


# A user's own indicator in bands within the borough (ui/own_data.py): the decile
# colours for deciles, every other one for quintiles; band 1 (the worst by the user's polarity) darkest.
def band_colours(n_bands: int) -> dict[int, str]:
    step = 10 // n_bands
    return {band: DECILE_COLOURS[1 + (band - 1) * step] for band in range(1, n_bands + 1)}


#: Main roads (OpenStreetMap) drawn over the LSOA fills when zoomed in: dark enough to read on every fill,
#: thinner than ward lines so the two never look alike; their names in a muted italic, place names in capitals.
ROAD_LINE = "#4B5563"
ROAD_CASING = "#FFFFFF"
ROAD_LABEL_TEXT = "#374151"
