"""The source registry (sources.toml) as Python objects, plus locating each source on disk.

Every number the app shows traces back to one of these entries: its title, publisher, edition,
geography vintage, licence and attribution text come from here and nowhere else.

A geography source (boundaries, ward lookups, postcodes) may be stored as the publisher's national
file or as a local extract. Which authorities an extract covers is declared once, in the registry's
[extracts] table, by a token in its file name; a path with `{lad}` in it is one authority's own
extract (e.g. one downloaded with a filtered query). Locating a geography source for an authority
picks the first stored file that covers it. Other sources (indices, indicators) are read whole.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from datafiles.errors import DataProblem
from fsot_data.config import sources_dir

REGISTRY_FILE = Path(__file__).with_name("sources.toml")
LOCAL_KINDS = frozenset({"boundaries", "ward_lookup", "postcodes"})  # geography sources, stored per area
_CORE_FIELDS = {"title", "publisher", "edition", "geography", "period", "licence", "attribution",
                "attribution_year", "page_url", "download_url", "paths", "kind"}


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    edition: str
    geography: str
    licence: str
    attribution: str
    page_url: str
    paths: tuple[str, ...]
    kind: str
    download_url: str | None = None
    period: str = ""  # the years the data describe, where one period covers the whole source
    options: dict = field(default_factory=dict)

    @property
    def local(self) -> bool:
        return self.kind in LOCAL_KINDS

    def candidates(self, root: Path | None = None, lad: str | None = None) -> list[Path]:
        """The acceptable files, in order of preference; for a geography source and an authority, those that cover it."""
        base = root or sources_dir()
        if lad is None or not self.local:
            return [base / p for p in self.paths if "{lad}" not in p]
        return [base / p.format(lad=lad) for p in self.paths if covers(p, lad)]

    def download_target(self, root: Path | None = None, lad: str | None = None) -> tuple[str, Path] | None:
        """(URL, file) for the publisher's download, or None: a URL naming `{lad}` fetches that authority's extract."""
        if not self.download_url:
            return None
        per_authority = "{lad}" in self.download_url
        if per_authority and lad is None:
            return None
        wanted = [p for p in self.paths if ("{lad}" in p) == per_authority and _extract_token(p) is None]
        return self.download_url.format(lad=lad), (root or sources_dir()) / wanted[0].format(lad=lad)

    def citation(self) -> str:
        """One line naming the source, for captions and exports."""
        return f"{self.title}. {self.publisher}. {self.edition}. Geography: {self.geography}."

    def provenance(self) -> dict[str, str]:
        """The columns an exported table carries so that each row says where it came from (see PROVENANCE)."""
        return {"Source": self.title, "Publisher": self.publisher, "Source edition": self.edition,
                "Geography and vintage": self.geography, "Period": self.period, "Licence": self.licence,
                "Attribution": self.attribution}


@cache
def _raw() -> dict:
    return tomllib.loads(REGISTRY_FILE.read_text(encoding="utf-8"))


def extracts() -> dict[str, tuple[str, ...]]:
    """File-name token -> the local authority codes an extract with that token holds."""
    return {token: tuple(codes) for token, codes in _raw()["extracts"].items()}


def _extract_token(path: str) -> str | None:
    stem = Path(path).name.split(".")[0]
    return next((token for token in extracts() if stem.endswith(f"_{token}") or f"_{token}_" in stem), None)


def covers(path: str, lad: str) -> bool:
    """Whether a stored file (a registry path) holds this authority: its own extract, an extract listing it, or a national file."""
    if "{lad}" in path:
        return True
    token = _extract_token(path)
    return token is None or lad in extracts()[token]


@cache
def _load() -> tuple[dict[str, Source], dict[str, str]]:
    raw = _raw()
    templates = raw["attribution"]
    sources = {}
    for sid, entry in raw["sources"].items():
        keys = entry["attribution"] if isinstance(entry["attribution"], list) else [entry["attribution"]]
        text = " ".join(templates[key].format(year=entry.get("attribution_year", "")) for key in keys)
        sources[sid] = Source(
            id=sid, title=entry["title"], publisher=entry["publisher"], edition=entry["edition"],
            geography=entry["geography"], licence=entry["licence"], attribution=text,
            page_url=entry["page_url"], paths=tuple(entry["paths"]), kind=entry["kind"],
            download_url=entry.get("download_url"), period=entry.get("period", ""),
            options={k: v for k, v in entry.items() if k not in _CORE_FIELDS},
        )
    return sources, templates


def all_sources() -> dict[str, Source]:
    return _load()[0]


def get(source_id: str) -> Source:
    try:
        return all_sources()[source_id]
    except KeyError:
        raise KeyError(f"unknown source id {source_id!r}; known: {sorted(all_sources())}") from None


def find(source_id: str, root: Path | None = None, lad: str | None = None) -> Path | None:
    """The first of the source's acceptable files (covering `lad`, when given) that exists, or None."""
    return next((path for path in get(source_id).candidates(root, lad) if path.is_file()), None)


def find_national(source_id: str, root: Path | None = None) -> Path | None:
    """The publisher's national file of a source (a path with no extract token), if stored."""
    base = root or sources_dir()
    return next((base / p for p in get(source_id).paths if "{lad}" not in p and _extract_token(p) is None and (base / p).is_file()), None)


def locate(source_id: str, root: Path | None = None, lad: str | None = None) -> Path:
    """The first of the source's acceptable files (covering `lad`, when given) that exists in the sources folder."""
    found = find(source_id, root, lad)
    if found is not None:
        return found
    source = get(source_id)
    base = root or sources_dir()
    looked = [str(path.relative_to(base)) for path in source.candidates(base, lad)]
    raise DataProblem(
        file=str(base / looked[0]) if looked else str(base / source.paths[0]),
        problem=f"the source '{source.title}' is missing{f' for local authority {lad}' if lad else ''} "
                f"(looked for {', '.join(looked) or 'no file covering it'} in {base}).",
        fix=("run `python -m fsot_data fetch`, or set FSOT_SOURCES to a folder laid out like "
             "../shared/data" + (f"; the publisher's page is {source.page_url}" if source.page_url else "")),
    )


#: The provenance columns of every exported table, in order (Source.provenance, plus the extraction date). Attribution
#: is the statement each licence asks a re-user to carry (OGL, the Open Parliament Licence), so a CSV carries it too.
PROVENANCE = ("Source", "Publisher", "Source edition", "Geography and vintage", "Period", "Licence", "Attribution",
              "Date extracted")


def folder_files(source_id: str, root: Path | None = None) -> tuple[Path | None, list[Path]]:
    """An optional folder source (``folder = true``): the folder, or None when it is absent, and its files."""
    folder = get(source_id).candidates(root)[0]
    if not folder.is_dir():
        return None, []
    return folder, sorted(path for path in folder.iterdir() if path.is_file())


def attribution_lines(source_ids) -> list[str]:
    """Distinct attribution statements required by a set of sources, in a stable order."""
    lines: list[str] = []
    for sid in source_ids:
        text = get(sid).attribution
        if text not in lines:
            lines.append(text)
    return lines
