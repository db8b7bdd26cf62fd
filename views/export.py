"""Files for a ChartSpec: PNG and SVG images (through vl-convert) that carry the chart's title, its
source lines and the licence attribution inside the image, and the CSV of the table behind the chart.

Pure module (no Streamlit). Images are drawn at a fixed width so an export does not depend on the
browser window; the source lines are wrapped to that width.
"""

from __future__ import annotations

import io
import re
import textwrap

import altair as alt
import pandas as pd

from views import palettes
from views.charts import ChartSpec, styled, titled

EXPORT_WIDTH = 760  # px, the plotting width of exported charts
PNG_SCALE = 2       # PNG pixels per CSS pixel, for sharp slides and print
FOOTER_FONT_SIZE = 11
_CHARS_PER_LINE = int(EXPORT_WIDTH / (FOOTER_FONT_SIZE * 0.52))  # Liberation Sans averages ~0.52 em per char


def footer_lines(spec: ChartSpec) -> list[str]:
    """The source and attribution lines as they appear at the foot of an image, wrapped to its width."""
    lines: list[str] = []
    for line in spec.source_lines():
        lines += textwrap.wrap(line, _CHARS_PER_LINE) or [""]
    return lines


def export_chart(spec: ChartSpec, width: int = EXPORT_WIDTH) -> alt.TopLevelMixin:
    """The chart as exported: fixed width, title and subtitle above, sources and licence below."""
    chart = titled(spec)
    if not isinstance(chart, alt.FacetChart):  # small multiples keep their panels' own widths
        chart = chart.properties(width=width)
    footer = alt.TitleParams(footer_lines(spec), orient="bottom", anchor="start", fontSize=FOOTER_FONT_SIZE,
                             fontWeight="normal", color=palettes.EXPORT_FOOTER_TEXT, offset=16, lineHeight=15)
    return styled(alt.vconcat(chart, title=footer).properties(padding=16, background="#FFFFFF"), autosize="pad")


def png_bytes(spec: ChartSpec, scale: int = PNG_SCALE) -> bytes:
    buffer = io.BytesIO()
    export_chart(spec).save(buffer, format="png", scale_factor=scale)
    return buffer.getvalue()


def svg_bytes(spec: ChartSpec) -> bytes:
    buffer = io.StringIO()
    export_chart(spec).save(buffer, format="svg")
    return buffer.getvalue().encode("utf-8")


def csv_bytes(spec: ChartSpec) -> bytes:
    """The table behind the chart as UTF-8 CSV with a byte-order mark, so Excel reads £ and – correctly."""
    return neutralise_formulas(spec.table).to_csv(index=False).encode("utf-8-sig")


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Text starting =, +, -, @ (or a tab/CR) would run as a formula when the CSV is opened in a spreadsheet:
    prefix it with an apostrophe, as OWASP advises. Numbers are left alone."""
    out = table.copy()
    for name in out.columns:
        if out[name].dtype == object or pd.api.types.is_string_dtype(out[name]):
            out[name] = out[name].map(lambda v: f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else v)
    return out


def file_name(spec: ChartSpec, extension: str) -> str:
    """A safe, descriptive file name from the spec's title, e.g. 'imd-stockton-on-tees-lsoas-by-decile.png'."""
    stem = re.sub(r"[^a-z0-9]+", "-", spec.title.lower()).strip("-")[:90].rstrip("-")
    return f"{stem or spec.key}.{extension}"
