"""Folium maps that load nothing from the internet.

Why: folium 0.20's ``folium.Map`` links Leaflet, jQuery, Bootstrap, Font
Awesome, Leaflet.awesome-markers, glyphicons and a rotate stylesheet from
public CDNs (jsdelivr, cdnjs, code.jquery.com, netdna), and shows
OpenStreetMap tiles. On a council network with no (or filtered) internet the
map would stay blank. ``offline_map()`` builds a ``folium.Map`` whose
``default_js``/``default_css`` point at copies served by the app itself
(``static/vendor/``, filled by ``npm ci`` + ``python scripts/vendor_assets.py``,
served by Streamlit at ``/app/static/vendor/...`` because
``server.enableStaticServing = true``), and shows no basemap unless
``FSOT_TILE_URL`` is set.

How it reaches the browser: ``st_folium`` (streamlit-folium 0.27.4) strips the
``<script src>``/``<link>`` tags from folium's header and instead walks the map's
elements, collecting each element's ``default_js``/``default_css`` (deduplicated,
in order); its component iframe then loads them one by one. The iframe is served
by the same Streamlit server, so the root-relative URL ``/app/static/vendor/...``
resolves there. If one script fails to load, the whole map fails to draw.

Only Leaflet is kept:

* Leaflet (JS + CSS; the CSS loads ``images/*.png`` for layer control and the
  default marker icon).
* Dropped: jQuery. Folium's own templates call ``$`` only for ``folium.Popup``
  (any popup with HTML content), ``GeoJson(embed=False)`` and ``Map`` when
  objects must stay in front; the app's maps use none of these, and the iframe
  loads its scripts one after another, so each script left out draws the map
  sooner. ``external_assets`` flags a map that would need it.
* Dropped: Bootstrap JS/CSS (folium's templates do not use it), glyphicons,
  Font Awesome, Leaflet.awesome-markers and its rotate CSS. These are needed only
  by ``folium.Icon`` (coloured pin markers). Use ``folium.CircleMarker``,
  ``folium.Marker`` with Leaflet's default icon, or ``folium.DivIcon`` instead.

``external_assets(m)`` lists anything on a built map that would still be
fetched from the internet, or that cannot work offline. Examples: a
``folium.Icon``, any ``folium.plugins`` class (they all link CDNs), or a branca
colormap added to the map (st_folium then injects d3 from d3js.org and cdnjs,
whatever the map says). ``assert_offline(m)`` raises ``ValueError`` if the list
is not empty; call it in tests, or before ``st_folium``. Draw legends with
Streamlit instead of a branca colormap on the map.

Pure module: imports folium/branca only, never Streamlit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import branca.colormap
import folium
import folium.elements
import folium.plugins
from branca.element import MacroElement
from folium.template import Template

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = PROJECT_ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"

#: Where Streamlit serves ``static/`` when ``server.enableStaticServing = true``.
#: If the app is deployed under ``server.baseUrlPath = "x"``, pass
#: ``url_prefix="/x/app/static/vendor"`` to ``offline_map``.
STATIC_URL_PREFIX = "/app/static"
VENDOR_URL_PREFIX = f"{STATIC_URL_PREFIX}/vendor"

# (folium resource name, path under static/vendor/). The names are folium's own
# ("leaflet", "leaflet_css"), so anything that looks them up still works.
VENDOR_JS: tuple[tuple[str, str], ...] = (("leaflet", "leaflet/leaflet.js"),)
VENDOR_CSS: tuple[tuple[str, str], ...] = (("leaflet_css", "leaflet/leaflet.css"),)
#: Files not linked from the map HTML but fetched by the linked ones
#: (leaflet.css -> images/). A test checks these exist too.
VENDOR_SUPPORT_FILES: tuple[str, ...] = (
    "leaflet/images/layers.png",
    "leaflet/images/layers-2x.png",
    "leaflet/images/marker-icon.png",
    "leaflet/images/marker-icon-2x.png",
    "leaflet/images/marker-shadow.png",
)

#: Every URL a map links, in load order (scripts, then stylesheets).
ASSET_URLS: tuple[str, ...] = tuple(f"{VENDOR_URL_PREFIX}/{rel}" for _, rel in (*VENDOR_JS, *VENDOR_CSS))
#: Every file under static/vendor/ the browser may request.
ASSET_FILES: tuple[Path, ...] = tuple(
    VENDOR_DIR / rel
    for rel in (*(r for _, r in VENDOR_JS), *(r for _, r in VENDOR_CSS), *VENDOR_SUPPORT_FILES)
)

TILE_URL_ENV = "FSOT_TILE_URL"
TILE_ATTRIBUTION_ENV = "FSOT_TILE_ATTRIBUTION"

# What st_folium 0.27.4 adds for any branca ColorMap on the map (hard-coded there).
_ST_FOLIUM_COLORMAP_JS = (
    "https://d3js.org/d3.v4.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js",
)


def vendor_js(url_prefix: str = VENDOR_URL_PREFIX) -> list[tuple[str, str]]:
    """``default_js`` entries pointing at the vendored scripts."""
    return [(name, f"{url_prefix}/{rel}") for name, rel in VENDOR_JS]


def vendor_css(url_prefix: str = VENDOR_URL_PREFIX) -> list[tuple[str, str]]:
    """``default_css`` entries pointing at the vendored stylesheets."""
    return [(name, f"{url_prefix}/{rel}") for name, rel in VENDOR_CSS]


def static_path_for_url(url: str) -> Path:
    """Map a ``/app/static/...`` URL to the file Streamlit would serve for it."""
    if not url.startswith(STATIC_URL_PREFIX + "/"):
        raise ValueError(f"{url!r} is not under {STATIC_URL_PREFIX}/")
    return STATIC_DIR / url[len(STATIC_URL_PREFIX) + 1 :].split("?", 1)[0]


def missing_asset_files() -> list[Path]:
    """Vendored files that are not there yet (run npm ci + scripts/vendor_assets.py)."""
    return [p for p in ASSET_FILES if not p.is_file()]


def tile_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``tiles``/``attr`` for folium.Map from FSOT_TILE_URL / FSOT_TILE_ATTRIBUTION.

    No FSOT_TILE_URL (or an empty one) means no basemap: ``{"tiles": None}``.
    """
    env = os.environ if environ is None else environ
    url = env.get(TILE_URL_ENV, "").strip()
    if not url:
        return {"tiles": None}
    attribution = env.get(TILE_ATTRIBUTION_ENV, "").strip()
    if not attribution:
        raise ValueError(
            f"{TILE_URL_ENV} is set but {TILE_ATTRIBUTION_ENV} is empty: tile providers "
            "require attribution (e.g. '© OpenStreetMap contributors' or "
            "'Contains OS data © Crown copyright and database right 2026')."
        )
    return {"tiles": url, "attr": attribution}


class LeafletImagePath(MacroElement):
    """Sets ``L.Icon.Default.imagePath`` to the vendored images folder.

    Needed because st_folium appends the leaflet.css <link> after loading the
    scripts and runs the map script at once, before the stylesheet has loaded.
    Leaflet's auto-detection then falls back to ``<link href> minus
    "/leaflet.css"`` and requests ``.../vendor/leafletmarker-icon.png`` (no
    slash: 404, broken default marker). Seen in headless Chromium. This runs in
    the map's script section, which st_folium keeps (inline header scripts are
    inserted via innerHTML and never run).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.image_path|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, image_path: str):
        super().__init__()
        self._name = "LeafletImagePath"
        self.image_path = image_path


def offline_map(*, url_prefix: str = VENDOR_URL_PREFIX, **folium_kwargs: Any) -> folium.Map:
    """A ``folium.Map`` that loads Leaflet from the app, not a CDN.

    ``folium_kwargs`` go to ``folium.Map`` unchanged. If neither ``tiles`` nor
    ``attr`` is given, the basemap comes from :func:`tile_settings`: none by
    default, or FSOT_TILE_URL with FSOT_TILE_ATTRIBUTION.
    """
    if "tiles" not in folium_kwargs and "attr" not in folium_kwargs:
        folium_kwargs.update(tile_settings())
    m = folium.Map(**folium_kwargs)
    # Instance attributes shadow folium.Map's class-level lists. Never call
    # m.add_js_link(): it mutates the shared class list in place.
    m.default_js = vendor_js(url_prefix)
    m.default_css = vendor_css(url_prefix)
    # First child, so it runs before any marker is created.
    m.add_child(LeafletImagePath(f"{url_prefix}/leaflet/images/"))
    return m


def _walk(element: Any) -> Iterator[Any]:
    # Same traversal as streamlit_folium.st_folium's link collection.
    yield element
    if isinstance(element, folium.plugins.DualMap):
        yield from _walk(element.m1)
        yield from _walk(element.m2)
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _is_external(url: str) -> bool:
    return url.lower().startswith(("http:", "https:", "//"))


def _needs_jquery(element: Any) -> bool:
    """Whether folium's template for this element calls jQuery's ``$``."""
    return (isinstance(element, folium.Popup)
            or (isinstance(element, folium.GeoJson) and not element.embed)
            or (isinstance(element, folium.Map) and bool(element.objects_to_stay_in_front)))


def external_assets(m: folium.Map) -> list[str]:
    """What on this map would need the internet, or a script the map does not link (empty list = fine offline)."""
    problems: list[str] = []
    for element in _walk(m):
        kind = type(element).__name__
        if _needs_jquery(element):
            problems.append(f"{kind}: folium's template calls jQuery, which the app does not serve; use a tooltip, "
                            "not a popup, and embedded GeoJSON")
        if isinstance(element, branca.colormap.ColorMap):
            problems += [f"{kind}: st_folium injects {u}" for u in _ST_FOLIUM_COLORMAP_JS]
        if isinstance(element, folium.Icon):
            problems.append(
                f"{kind}: needs Leaflet.awesome-markers + Font Awesome, not vendored; "
                "use CircleMarker, DivIcon or Marker's default icon"
            )
        if isinstance(element, folium.elements.JSCSSMixin):
            for _, url in [*element.default_js, *element.default_css]:
                if _is_external(url):
                    problems.append(f"{kind}: {url}")
    return list(dict.fromkeys(problems))


def assert_offline(m: folium.Map) -> None:
    """Raise ValueError listing anything on ``m`` that would be fetched from the internet."""
    problems = external_assets(m)
    if problems:
        raise ValueError(
            "This map would load resources from the internet (see views/offline_map.py):\n  "
            + "\n  ".join(problems)
        )
