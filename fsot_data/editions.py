"""The two editions the explorer compares, and the geographies that belong to each.

IoD2019 is published on 2011 LSOAs and pairs with the 26 wards in force until May 2023 (the official
ONS best-fit lookup); IoD2025 is on 2021 LSOAs and pairs with the 27 wards in force since.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fsot_data import registry


@dataclass(frozen=True)
class Edition:
    key: str
    label: str
    lsoa_vintage: str
    n_lsoas_england: int
    n_lads_england: int
    lsoa_source: str
    summaries_source: str
    boundaries_source: str
    wards_source: str
    ward_lookup_source: str
    ward_set_label: str
    names_source: str  # the House of Commons Library MSOA names of the edition's LSOA vintage

    @property
    def data_period(self) -> str:
        """The years the edition's data describe, as the source registry records them."""
        return registry.get(self.lsoa_source).period


EDITIONS: dict[str, Edition] = {
    "2025": Edition("2025", "IoD2025", "2021", 33_755, 296, "iod2025_lsoa", "iod2025_lad_summaries",
                    "lsoa2021_boundaries", "wards2025_boundaries", "lsoa21_ward25_lookup",
                    "the May 2025 wards", "msoa_names_2021"),
    "2019": Edition("2019", "IoD2019", "2011", 32_844, 317, "iod2019_lsoa", "iod2019_lad_summaries",
                    "lsoa2011_boundaries", "wards2022_boundaries", "lsoa11_ward19_lookup",
                    "the December 2022 wards", "msoa_names_2011"),
}
DEFAULT_EDITION = "2025"
#: The pair the change view compares, older then newer; the change is shown on the newer edition's LSOAs.
CHANGE_EDITIONS = ("2019", "2025")
PCON_SETS = {"2024": ("pcon2024_boundaries", "constituencies from July 2024"),
             "2010": ("pcon2010_boundaries", "constituencies 2010 to July 2024")}

#: The heading tables give an LSOA's readable neighbourhood name ("Stockton-on-Tees 025D, Stockton Town Centre"),
#: and the columns that hold it (Datasets.lsoas' lsoa_name is the name joined with its MSOA's Library name).
NEIGHBOURHOOD_HEADING = "LSOA name"
NEIGHBOURHOOD_COLUMNS = ("lsoa_name", NEIGHBOURHOOD_HEADING)


def cited_sources(source_ids: Iterable[str], columns: Iterable[str] = ()) -> tuple[str, ...]:
    """The sources a table, chart, export or document must cite: `source_ids`, plus the House of Commons Library
    MSOA names whenever it shows neighbourhood names (a column of NEIGHBOURHOOD_COLUMNS).

    Why here and not at each table: the names are joined to every LSOA in Datasets.lsoas, so they travel into
    tables that never read the names file, and they are Parliamentary information under the Open Parliament
    Licence, whose attribution must go wherever they are shown. The names are of the LSOAs the table is on: the
    edition whose LSOA file or boundaries it cites, the newer when it cites both (a change between editions is
    shown on the newer edition's LSOAs); both vintages when it cites neither."""
    ids = tuple(dict.fromkeys(source_ids))
    if not set(NEIGHBOURHOOD_COLUMNS) & set(columns):
        return ids
    on = [e for e in EDITIONS.values() if {e.lsoa_source, e.boundaries_source} & set(ids)]
    names = [max(on, key=lambda e: e.key).names_source] if on else [e.names_source for e in EDITIONS.values()]
    return ids + tuple(n for n in names if n not in ids)
