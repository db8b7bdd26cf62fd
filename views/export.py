"""Every file the explorer hands out goes through here: chart and slide images (PNG, SVG) that carry their
title, source lines and licence inside the image, analysis-ready CSVs with provenance columns, and the
names of all downloads.

Pure module (no Streamlit). Chart images are drawn at a fixed width so an export does not depend on the
browser window; slide images are exactly SLIDE_SIZE, the projector's 16:9. Source lines come from
fsot_data.datasets.source_lines, the one wording of every footer.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import altair as alt
import numpy as np
import pandas as pd
import vl_convert
from PIL import Image

from fsot_data import registry
from fsot_data.editions import cited_sources
from fsot_data.map_view_model import MISSING_TEXT
from views import palettes
from views.charts import ChartSpec, styled, titled

EXPORT_WIDTH = 760  # px, the plotting width of exported charts
PNG_SCALE = 2       # PNG pixels per CSS pixel, for sharp slides and print
FOOTER_FONT_SIZE = 11
_CHARS_PER_LINE = int(EXPORT_WIDTH / (FOOTER_FONT_SIZE * 0.52))  # Liberation Sans averages ~0.52 em per char
SLIDE_SIZE = (1920, 1080)  # px: every slide PNG, a full-HD projector frame
VL_VERSION = "_".join(alt.SCHEMA_VERSION.split(".")[:2])  # vl-convert's name for altair's Vega-Lite ("v6_4"), as altair's save uses
#: Decimal places numbers are written with: binary floating-point noise (5.199999999999999) sits near the
#: 15th digit, and no source the explorer reads publishes more than 6 decimals, so 9 removes the noise and
#: keeps every published digit.
CSV_DECIMALS = 9


# --- images ----------------------------------------------------------------------------------------

def wrap(lines: Iterable[str], chars: int) -> list[str]:
    """Lines wrapped to `chars` characters, every word kept (an empty line stays as a blank line)."""
    return [part for line in lines for part in (textwrap.wrap(line, chars) or [""])]


def footer_lines(spec: ChartSpec) -> list[str]:
    """The source and attribution lines as they appear at the foot of an image, wrapped to its width."""
    return wrap(spec.source_lines(), _CHARS_PER_LINE)


def with_footer(chart: alt.TopLevelMixin, lines: Sequence[str], *, font_size: int = FOOTER_FONT_SIZE,
                padding: int = 16) -> alt.VConcatChart:
    """`chart` on a white ground with `lines` (sources, licence, notes) in small type below it: the frame of
    every exported image, so charts and slides carry their sources the same way."""
    footer = alt.TitleParams(list(lines), orient="bottom", anchor="start", fontSize=font_size, fontWeight="normal",
                             color=palettes.EXPORT_FOOTER_TEXT, offset=16, lineHeight=round(font_size * 1.36))
    return alt.vconcat(chart, title=footer).properties(padding=padding, background="#FFFFFF")


def export_chart(spec: ChartSpec, width: int = EXPORT_WIDTH) -> alt.TopLevelMixin:
    """The chart as exported: fixed width, title and subtitle above, sources and licence below."""
    chart = titled(spec)
    if not isinstance(chart, alt.FacetChart):  # small multiples keep their panels' own widths
        chart = chart.properties(width=width)
    return styled(with_footer(chart, footer_lines(spec)), autosize="pad")


def vega_lite(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec for vl-convert, as altair's `save` writes it but faster: not checked against the
    schema again (the tests validate every chart's spec with `to_dict()`), and named datasets that are already
    plain JSON (the slides' GeoJSON features) added as they are, not walked and copied by altair. The two were
    most of a slide's drawing time."""
    datasets = chart.datasets if isinstance(chart.datasets, dict) else {}
    bare = chart.copy(deep=False)
    bare.datasets = alt.Undefined
    spec = bare.to_dict(validate=False, context={"pre_transform": False})
    if datasets:
        spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def png(chart: alt.TopLevelMixin, scale: float = PNG_SCALE) -> bytes:
    """PNG bytes of any Vega-Lite chart, rendered by vl-convert (no browser, no internet)."""
    return vl_convert.vegalite_to_png(vega_lite(chart), vl_version=VL_VERSION, scale=scale)


def png_of_size(chart: alt.TopLevelMixin, size: tuple[int, int] = SLIDE_SIZE) -> bytes:
    """The chart scaled to fit `size` exactly and centred on white: a projector wants one frame size, while
    a chart's natural size follows its content. Rendered at the scale that fits, so text stays sharp."""
    natural = Image.open(io.BytesIO(png(chart, scale=1))).size
    scale = min(size[0] / natural[0], size[1] / natural[1])
    image = Image.open(io.BytesIO(png(chart, scale=scale))).convert("RGB")
    image.thumbnail(size)  # vl-convert rounds up: never a pixel over
    frame = Image.new("RGB", size, "white")
    frame.paste(image, ((size[0] - image.width) // 2, (size[1] - image.height) // 2))
    buffer = io.BytesIO()
    frame.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def png_bytes(spec: ChartSpec, scale: int = PNG_SCALE) -> bytes:
    return png(export_chart(spec), scale)


def svg(chart: alt.TopLevelMixin) -> str:
    """SVG text of any Vega-Lite chart (vl-convert); it has a viewBox, so CSS can scale it to any box."""
    return vl_convert.vegalite_to_svg(vega_lite(chart), vl_version=VL_VERSION)


def svg_bytes(spec: ChartSpec) -> bytes:
    return svg(export_chart(spec)).encode("utf-8")


# --- tables ----------------------------------------------------------------------------------------

def provenance(source_ids: Sequence[str], extracted: date | None = None, own: Mapping[str, str] | None = None) -> dict[str, str]:
    """registry.PROVENANCE for a set of sources: each field of the sources in order, distinct values joined by ' | ',
    so a table drawn from two sources names both. `own` is a source the registry cannot hold (a user's own data,
    OwnIndicator.provenance): its fields come first."""
    fields = ([own] if own else []) + [registry.get(sid).provenance() for sid in source_ids]
    joined = {name: " | ".join(dict.fromkeys(f[name] for f in fields if f.get(name))) for name in registry.PROVENANCE[:-1]}
    return joined | {"Date extracted": (extracted or date.today()).isoformat()}


def analysis_table(table: pd.DataFrame, source_ids: Sequence[str], extracted: date | None = None, *,
                   own: Mapping[str, str] | None = None, row_source_ids: Sequence[Sequence[str]] | None = None) -> pd.DataFrame:
    """The table as an analyst wants it in a CSV: text standing for a missing value (MISSING_TEXT) left empty,
    number columns numeric and free of floating-point noise, text that a spreadsheet would run as a formula
    neutralised, and the provenance columns appended (a column the table already has, such as its own
    Period, is kept instead).

    The sources are `source_ids` with those editions.cited_sources adds for what the table shows (the
    neighbourhood names), and `own`. Where rows come from different sources (the progress scorecard's measures),
    `row_source_ids` gives each row's own, so each row names its source rather than all rows naming every one;
    a row with no source at all has its source columns empty."""
    out = table.replace(list(MISSING_TEXT), pd.NA)
    for name in out.columns:
        column = out[name]
        if not pd.api.types.is_numeric_dtype(column) and column.notna().any():
            numbers = pd.to_numeric(column, errors="coerce")
            if numbers.notna().sum() == column.notna().sum():  # every value is a number written as text
                out[name] = numbers
        if pd.api.types.is_float_dtype(out[name]):
            out[name] = np.round(out[name], CSV_DECIMALS) + 0.0  # + 0.0: noise rounded to -0.0 is written 0.0
    out = neutralise_formulas(out)
    cited = cited_sources(source_ids, table.columns)
    rows = [tuple(ids) for ids in row_source_ids] if row_source_ids is not None else [()] * len(out)
    by_sources = {ids: provenance(tuple(dict.fromkeys((*ids, *cited))), extracted, own) for ids in dict.fromkeys(rows)}
    columns = pd.DataFrame([by_sources[ids] for ids in rows], index=out.index, columns=list(registry.PROVENANCE))
    columns = neutralise_formulas(columns.replace("", pd.NA))  # `own` holds what a user typed
    return pd.concat([out, columns.drop(columns=[c for c in columns if c in out.columns])], axis=1)


def csv_bytes(table: pd.DataFrame, source_ids: Sequence[str], extracted: date | None = None, *,
              own: Mapping[str, str] | None = None, row_source_ids: Sequence[Sequence[str]] | None = None) -> bytes:
    """analysis_table as UTF-8 CSV with a byte-order mark, so Excel reads £ and – correctly; missing values empty."""
    return analysis_table(table, source_ids, extracted, own=own, row_source_ids=row_source_ids).to_csv(index=False).encode("utf-8-sig")


def chart_csv(spec: ChartSpec) -> bytes:
    """The table behind a chart, ready for analysis."""
    return csv_bytes(spec.table, spec.source_ids, own=spec.own_provenance)


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Text starting =, +, -, @ (or a tab/CR) would run as a formula when the CSV is opened in a spreadsheet:
    prefix it with an apostrophe, as OWASP advises. Numbers are left alone."""
    out = table.copy()
    for name in out.columns:
        if out[name].dtype == object or pd.api.types.is_string_dtype(out[name]):
            out[name] = out[name].map(lambda v: f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else v)
    return out


# --- file names ------------------------------------------------------------------------------------

def download_name(*parts: object, extension: str) -> str:
    """The name of every download: 'fsot-' and the parts, each lower-cased with runs of other characters
    turned into one hyphen, joined by hyphens; never cut, so two downloads differ wherever their parts do.
    E.g. download_name("Slide", 4, "change", extension="png") == "fsot-slide-4-change.png"."""
    slugs = [re.sub(r"[^a-z0-9]+", "-", str(part).lower()).strip("-") for part in parts]
    return "-".join(["fsot", *(s for s in slugs if s)]) + f".{extension}"


def chart_file_name(spec: ChartSpec, extension: str) -> str:
    """A chart's files are named from its title (which names measure, edition and geography), else its key."""
    title = re.sub(r"[^a-z0-9]+", "", spec.title.lower())
    return download_name(spec.title if title else spec.key, extension=extension)
