"""The source registry (sources.toml) as Python objects, plus locating each source on disk.

Every number the app shows traces back to one of these entries: its title, publisher, edition,
geography vintage, licence and attribution text come from here and nowhere else.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from datafiles.errors import DataProblem
from fsot_data.config import sources_dir

REGISTRY_FILE = Path(__file__).with_name("sources.toml")
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

    def candidates(self, root: Path | None = None) -> list[Path]:
        base = root or sources_dir()
        return [base / p for p in self.paths]

    def citation(self) -> str:
        """One line naming the source, for captions and exports."""
        return f"{self.title}. {self.publisher}. {self.edition}. Geography: {self.geography}."

    def provenance(self) -> dict[str, str]:
        """The columns an exported table carries so that each row says where it came from (see PROVENANCE)."""
        return {"Source": self.title, "Publisher": self.publisher, "Source edition": self.edition,
                "Geography and vintage": self.geography, "Period": self.period, "Licence": self.licence}


@cache
def _load() -> tuple[dict[str, Source], dict[str, str]]:
    raw = tomllib.loads(REGISTRY_FILE.read_text(encoding="utf-8"))
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


def locate(source_id: str, root: Path | None = None) -> Path:
    """The first of the source's acceptable files that exists in the sources folder."""
    source = get(source_id)
    for path in source.candidates(root):
        if path.is_file():
            return path
    base = root or sources_dir()
    raise DataProblem(
        file=str(base / source.paths[0]),
        problem=f"the source '{source.title}' is missing (looked for {', '.join(source.paths)} in {base}).",
        fix=("run `python -m fsot_data fetch`, or set FSOT_SOURCES to a folder laid out like "
             "../shared/data" + (f"; the publisher's page is {source.page_url}" if source.page_url else "")),
    )


#: The provenance columns of every exported table, in order (Source.provenance, plus the extraction date).
PROVENANCE = ("Source", "Publisher", "Source edition", "Geography and vintage", "Period", "Licence", "Date extracted")


def attribution_lines(source_ids) -> list[str]:
    """Distinct attribution statements required by a set of sources, in a stable order."""
    lines: list[str] = []
    for sid in source_ids:
        text = get(sid).attribution
        if text not in lines:
            lines.append(text)
    return lines
