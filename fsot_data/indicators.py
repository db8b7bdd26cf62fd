"""Outcome indicators: the tidy indicator CSVs read into one validated table, the FSOT domain
crosswalk (crosswalk.toml), and the look-ups the gap charts need (latest, compare with England,
trend). Pure data code: no Streamlit here.

The indicator sources are the registry entries of kind "indicators" (fsot_data/sources.toml). Each
file has the common long layout described in the sources folder's indicators/PROVENANCE.md.

Conventions of the combined table (read_indicators):
- one row per (indicator_id, area_code, period, sex, category); a blank `sex` in a source means the
  figure is not split by sex and is read as "Persons"; a blank `category` stays "" (no breakdown);
- `value`, `lower_ci`, `upper_ci` are floats, NaN where the source has no figure;
- `period_sort` is the year the period ends (2022 - 24 -> 2024, 2024/25 -> 2025); periods that
  name their end month add (month - 1) / 12 ("quarter ending 2009-03-31" -> 2009.1667,
  "Apr 2022-Mar 2023" -> 2023.1667), so it orders the periods of any one indicator;
- `polarity`, `display_name`, `display_unit` and `headline` come from the crosswalk; indicators it
  does not curate get polarity "no_judgement", their source name and unit, and headline False.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from datafiles.errors import DataProblem
from datafiles.readers import read_csv_text

CROSSWALK_FILE = Path(__file__).with_name("crosswalk.toml")

FSOT_DOMAINS: tuple[str, ...] = (
    "Income", "Wealth", "Power", "Work", "Learning", "Housing and physical environment",
    "Social and cultural networks", "Health", "Access to services",
)
OTHER_DOMAINS: tuple[str, ...] = ("Deprivation (cross-cutting)", "Context")
ALLOWED_DOMAINS: frozenset[str] = frozenset(FSOT_DOMAINS + OTHER_DOMAINS)
POLARITIES: tuple[str, ...] = ("higher_is_better", "lower_is_better", "no_judgement")
GAP_KEYS: tuple[str, ...] = ("jobs", "learning", "housing", "networks", "health", "access")

ENGLAND = "E92000001"
UK = "K02000001"
NORTH_EAST = "E12000001"

REQUIRED_COLUMNS: tuple[str, ...] = (
    "indicator_id", "indicator_name", "domain", "area_code", "area_name", "area_type", "period",
    "value", "unit", "source",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("lower_ci", "upper_ci", "sex", "category", "compared_to_england", "notes")
KEY_COLUMNS: list[str] = ["indicator_id", "area_code", "period", "sex", "category"]
OUTPUT_COLUMNS: tuple[str, ...] = (
    "indicator_id", "indicator_name", "domain", "area_code", "area_name", "area_type", "period",
    "period_sort", "value", "lower_ci", "upper_ci", "unit", "polarity", "sex", "category", "source",
    "source_id", "notes",
    # from the crosswalk, and Fingertips' own significance flag (Better / Similar / Worse)
    "display_name", "display_unit", "headline", "compared_to_england",
)
CLAIMS_COLUMNS: tuple[str, ...] = (
    "claim_id", "claim", "claim_source", "evidence", "evidence_value", "evidence_period",
    "evidence_file_or_url", "evidence_type", "assessment",
)

# --------------------------------------------------------------------------------------------
# Periods

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


def _end_year(start: int, end: str) -> int:
    """Expand a range's end year: (2022, '24') -> 2024, (1999, '01') -> 2001, (2019, '2023') -> 2023."""
    if len(end) == 4:
        year = int(end)
    else:
        year = start // 100 * 100 + int(end)
        if year < start:
            year += 100
    if not start <= year <= start + 20:
        raise ValueError(f"range {start}-{end} does not end within 20 years of its start")
    return year


def _month_point(year: int, month: int) -> float:
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1-12")
    return year + (month - 1) / 12


def period_sort_key(period: str) -> float:
    """The sortable end-year key of a period string; ValueError if the form is not recognised.

    Handles "2023", "2022 - 24", "2019-2023", "2024/25", "2020/21 - 24/25", "2023-10" (a month),
    "2025-04-30" (a date), "quarter ending 2009-03-31", "Apr 2022-Mar 2023", "mid-2020", "IoD2019"
    and any of these followed by a parenthetical, e.g. "2019 (mostly 2015/16 data)".
    """
    text = " ".join(str(period).split())
    text = re.sub(r"\s*\(.*\)$", "", text)  # "2019 (mostly 2015/16 data)" -> "2019"
    low = text.lower()
    if m := re.fullmatch(r"(?:iod|mid-)?(\d{4})", low):
        year = int(m[1])
        return round(year + 5 / 12, 4) if low.startswith("mid-") else float(year)
    if m := re.fullmatch(r"(?:quarter ending )?(\d{4})-(\d{2})-(\d{2})", low):
        return round(_month_point(int(m[1]), int(m[2])), 4)
    if (m := re.fullmatch(r"(\d{4})-(\d{2})", low)) and 1 <= int(m[2]) <= 12:
        return round(_month_point(int(m[1]), int(m[2])), 4)  # a month, e.g. claimant count "2023-10"
    if m := re.fullmatch(r"(\d{4}) ?[-/] ?(\d{2}|\d{4})", low):
        return float(_end_year(int(m[1]), m[2]))
    if m := re.fullmatch(r"(\d{4})/(\d{2}) ?- ?(\d{2})/(\d{2})", low):
        first_end = _end_year(int(m[1]), m[2])
        last_start = _end_year(int(m[1]), m[3])
        return float(max(first_end, _end_year(last_start, m[4])))
    m = re.fullmatch(r"([a-z]{3})[a-z]* (\d{4}) ?- ?([a-z]{3})[a-z]* (\d{4})", low)
    if m and m[1] in _MONTHS and m[3] in _MONTHS:
        return round(_month_point(int(m[4]), _MONTHS[m[3]]), 4)
    raise ValueError(f"unrecognised period {period!r}")


def period_sort_keys(periods: pd.Series) -> tuple[pd.Series, list[str]]:
    """period_sort for a column, parsing each distinct string once; also the unparseable ones."""
    keys: dict[str, float] = {}
    bad: list[str] = []
    for p in pd.unique(periods):
        try:
            keys[p] = period_sort_key(p)
        except ValueError:
            keys[p] = np.nan
            bad.append(p)
    return periods.map(keys).astype("float64"), bad


# --------------------------------------------------------------------------------------------
# The crosswalk


def _indicator_source_ids() -> set[str] | None:
    try:
        from fsot_data import registry
    except ImportError:  # the registry module is optional for the crosswalk's own checks
        return None
    return {sid for sid, s in registry.all_sources().items() if s.kind == "indicators"}


def _iod_keys() -> set[str]:
    from fsot_data.indices import INDEX_BY_KEY
    return set(INDEX_BY_KEY)


def load_crosswalk(path: str | PathLike | None = None) -> dict:
    """Read crosswalk.toml and check its structure; DataProblem naming the file if it is wrong.

    Checks: the nine domains each present once with every field; gaps, IoD keys, polarities and
    registry source ids valid; each IoD index placed somewhere; indicator ids unique; exactly one
    headline per domain that has indicators; proxies name curated indicators of other domains.
    """
    file = Path(path) if path is not None else CROSSWALK_FILE
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataProblem(str(file), f"the crosswalk cannot be read ({type(error).__name__}: {error}).",
                          "restore fsot_data/crosswalk.toml from version control and fix the TOML syntax.") from error
    problems = [*_gap_and_domain_name_problems(raw), *_indicator_and_index_problems(raw), *_proxy_problems(raw),
                *_role_and_count_problems(raw)]
    if problems:
        raise DataProblem(str(file), "the crosswalk is invalid: " + "; ".join(problems) + ".",
                          "edit fsot_data/crosswalk.toml (see the comments at its top).")
    raw["_file"] = str(file)
    return raw


def _gap_and_domain_name_problems(raw: dict) -> list[str]:
    """[gaps] has the six gap keys; the nine FSOT domains are each there once, ordered 1..9."""
    problems = []
    gaps = raw.get("gaps", {})
    if sorted(gaps) != sorted(GAP_KEYS):
        problems.append(f"[gaps] must define exactly {', '.join(GAP_KEYS)} (has {', '.join(sorted(gaps)) or 'none'})")
    domains = raw.get("domains", {})
    names = [d.get("name") for d in domains.values()]
    missing = [n for n in FSOT_DOMAINS if n not in names]
    if missing:
        problems.append(f"domains missing: {', '.join(missing)}")
    extra = [n for n in names if n not in FSOT_DOMAINS]
    if extra:
        problems.append(f"unknown domains: {', '.join(map(str, extra))} (allowed: {', '.join(FSOT_DOMAINS)})")
    if len(set(names)) != len(names):
        problems.append("a domain name appears more than once")
    orders = [d.get("order") for d in domains.values()]
    if sorted(o for o in orders if isinstance(o, int)) != list(range(1, len(domains) + 1)):
        problems.append(f"domain `order` values must be 1..{len(domains)}, each once")
    return problems


def _domain_field_problems(where: str, d: dict, gaps: dict, iod_keys: set[str]) -> list[str]:
    """One domain's statements, gap and IoD index keys."""
    problems = []
    for f in ("name", "description", "gap", "measurable_today", "not_measurable"):
        if not isinstance(d.get(f), str) or not d.get(f).strip():
            problems.append(f"{where} needs a non-empty `{f}`")
    if d.get("gap") not in gaps:
        problems.append(f"{where} gap {d.get('gap')!r} is not one of [gaps]")
    for f in ("iod_indices", "context_iod_indices", "proxy_indicators"):
        if not isinstance(d.get(f, []), list):
            problems.append(f"{where} `{f}` must be a list")
    if "iod_indices" not in d:
        problems.append(f"{where} needs `iod_indices` (an empty list if none measures it, with a `note` saying why)")
    bad = [k for k in list(d.get("iod_indices", [])) + list(d.get("context_iod_indices", [])) if k not in iod_keys]
    if bad:
        problems.append(f"{where} unknown IoD index keys {bad} (known: {', '.join(sorted(iod_keys))})")
    if not d.get("iod_indices") and not d.get("note"):
        problems.append(f"{where} has no IoD index: add a `note` saying why")
    return problems


def _curated_indicator_problems(here: str, spec: dict, source_ids: set[str] | None) -> list[str]:
    """One curated indicator's polarity, names, headline flag and registry source."""
    problems = []
    if spec.get("polarity") not in POLARITIES:
        problems.append(f"{here} polarity {spec.get('polarity')!r} is not one of {', '.join(POLARITIES)}")
    for f in ("display_name", "unit", "source"):
        if not isinstance(spec.get(f), str) or not spec.get(f).strip():
            problems.append(f"{here} needs a non-empty `{f}`")
    if not isinstance(spec.get("headline"), bool):
        problems.append(f"{here} needs `headline = true|false`")
    if source_ids is not None and spec.get("source") not in source_ids:
        problems.append(f"{here} source {spec.get('source')!r} is not an indicator source in sources.toml")
    return problems


def _indicator_and_index_problems(raw: dict) -> list[str]:
    """Every domain's fields and indicators (ids unique, one headline each); every IoD index placed somewhere."""
    problems = []
    gaps, iod_keys, source_ids = raw.get("gaps", {}), _iod_keys(), _indicator_source_ids()
    placed = set(raw.get("iod", {}).get("cross_cutting", []))
    seen_ids: dict[str, str] = {}
    for key, d in raw.get("domains", {}).items():
        where = f"[domains.{key}]"
        problems += _domain_field_problems(where, d, gaps, iod_keys)
        placed.update(list(d.get("iod_indices", [])) + list(d.get("context_iod_indices", [])))
        indicators = d.get("indicators", {})
        headlines = [i for i, spec in indicators.items() if spec.get("headline") is True]
        if indicators and len(headlines) != 1:
            problems.append(f"{where} must have exactly one headline indicator (has {len(headlines)})")
        for ind, spec in indicators.items():
            here = f"{where} indicator {ind!r}"
            if ind in seen_ids:
                problems.append(f"{here} is also listed under {seen_ids[ind]}")
            seen_ids[ind] = d.get("name", key)
            problems += _curated_indicator_problems(here, spec, source_ids)
    unplaced = sorted(iod_keys - placed)
    if unplaced:
        problems.append(f"IoD indices not placed in any domain, context or [iod].cross_cutting: {', '.join(unplaced)}")
    return problems


def _proxy_problems(raw: dict) -> list[str]:
    """A domain's proxies are curated indicators of other domains."""
    home = {ind: d.get("name", key) for key, d in raw.get("domains", {}).items() for ind in d.get("indicators", {})}
    problems = []
    for key, d in raw.get("domains", {}).items():
        for proxy in d.get("proxy_indicators", []):
            if proxy not in home:
                problems.append(f"[domains.{key}] proxy {proxy!r} is not a curated indicator of any domain")
            elif home[proxy] == d.get("name"):
                problems.append(f"[domains.{key}] proxy {proxy!r} already belongs to this domain")
    return problems


def _is_id(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _role_and_count_problems(raw: dict) -> list[str]:
    """[roles] maps names to indicator ids; an indicator's `counts` names a numerator and a denominator id."""
    problems = []
    roles = raw.get("roles")
    if not isinstance(roles, dict) or not all(_is_id(v) for v in roles.values()):
        problems.append("[roles] must map each role name to an indicator id")
    for key, d in raw.get("domains", {}).items():
        for ind, spec in d.get("indicators", {}).items():
            counts = spec.get("counts")
            if counts is not None and not (isinstance(counts, dict) and sorted(counts) == ["denominator", "numerator"]
                                           and all(_is_id(v) for v in counts.values())):
                problems.append(f"[domains.{key}] indicator {ind!r} `counts` needs exactly a numerator and a denominator id")
    return problems


def role(name: str, crosswalk: dict | None = None) -> str:
    """The indicator id that crosswalk.toml's [roles] gives a job ("life_expectancy_gap"), so code names no id."""
    roles = (crosswalk or _default_crosswalk())["roles"]
    if name not in roles:
        raise KeyError(f"crosswalk.toml [roles] has no {name!r} (has {', '.join(sorted(roles))})")
    return roles[name]


def rate_counts(rate_id: str, crosswalk: dict | None = None) -> tuple[str, str]:
    """(numerator id, denominator id) of an LSOA rate that can be added up over LSOAs (its `counts`)."""
    table = crosswalk_indicators(crosswalk or _default_crosswalk()).set_index("indicator_id")
    numerator, denominator = table.at[rate_id, "numerator_id"], table.at[rate_id, "denominator_id"]
    if not numerator:
        raise KeyError(f"indicator {rate_id!r} has no `counts` in crosswalk.toml: it cannot be added up over LSOAs")
    return numerator, denominator


@functools.cache
def _default_crosswalk() -> dict:
    """fsot_data/crosswalk.toml, read and checked once per process (role look-ups happen on every page run)."""
    return load_crosswalk()


def crosswalk_domains(crosswalk: dict) -> pd.DataFrame:
    """One row per FSOT domain, in framework order: key, name, gap (label), IoD indices, statements."""
    rows = []
    for key, d in crosswalk["domains"].items():
        rows.append({
            "domain_key": key, "domain": d["name"], "order": d["order"], "description": d["description"],
            "gap": crosswalk["gaps"][d["gap"]], "iod_indices": list(d.get("iod_indices", [])),
            "context_iod_indices": list(d.get("context_iod_indices", [])),
            "indicators": list(d.get("indicators", {})), "proxy_indicators": list(d.get("proxy_indicators", [])),
            "measurable_today": d["measurable_today"], "not_measurable": d["not_measurable"],
            "note": d.get("note", ""),
        })
    return pd.DataFrame(rows).sort_values("order", ignore_index=True)


def crosswalk_indicators(crosswalk: dict) -> pd.DataFrame:
    """One row per curated indicator: id, domain, display name, polarity, display unit, headline, source id, and
    the numerator and denominator ids of an LSOA rate that adds up ("" for others)."""
    rows = []
    for d in crosswalk["domains"].values():
        for ind, spec in d.get("indicators", {}).items():
            rows.append({
                "indicator_id": ind, "domain": d["name"], "display_name": spec["display_name"],
                "polarity": spec["polarity"], "display_unit": spec["unit"], "headline": spec["headline"],
                "source_id": spec["source"], "domain_override_reason": spec.get("domain_override_reason", ""),
                "note": spec.get("note", ""), "numerator_id": spec.get("counts", {}).get("numerator", ""),
                "denominator_id": spec.get("counts", {}).get("denominator", ""),
            })
    columns = ["indicator_id", "domain", "display_name", "polarity", "display_unit", "headline", "source_id",
               "domain_override_reason", "note", "numerator_id", "denominator_id"]
    return pd.DataFrame(rows, columns=columns)


def check_crosswalk(crosswalk: dict, df: pd.DataFrame) -> None:
    """Check the crosswalk against loaded data: every curated indicator whose source is loaded exists
    in it, and sits in the same domain as its rows unless the crosswalk gives a `domain_override_reason`."""
    file = crosswalk.get("_file", str(CROSSWALK_FILE))
    table = crosswalk_indicators(crosswalk)
    loaded = set(df["source_id"].unique()) - {""}
    problems = []
    present = df.groupby("indicator_id")["domain"].agg(lambda s: sorted(set(s)))
    for row in table.itertuples():
        if row.source_id not in loaded:
            continue
        if row.indicator_id not in present.index:
            problems.append(f"{row.indicator_id!r} (source {row.source_id}) is not in the data")
            continue
        data_domains = present[row.indicator_id]
        if data_domains != [row.domain] and not row.domain_override_reason:
            problems.append(f"{row.indicator_id!r} is under {row.domain!r} in the crosswalk but the data says "
                            f"{' / '.join(data_domains)} (add `domain_override_reason` if the data is wrong)")
    if problems:
        raise DataProblem(file, "the crosswalk does not match the indicator data: " + "; ".join(problems) + ".",
                          "correct the indicator ids or domains in fsot_data/crosswalk.toml, or check the "
                          "indicator files are the editions the crosswalk was written for.")


# --------------------------------------------------------------------------------------------
# Reading


def indicator_paths(root: str | PathLike | None = None) -> dict[str, Path]:
    """{source_id: path} for every registered indicator source (kind "indicators"), located in the
    sources folder (FSOT_SOURCES, or `root`); DataProblem if one is missing."""
    from fsot_data import registry
    base = Path(root) if root is not None else None
    return {sid: registry.locate(sid, base) for sid, s in registry.all_sources().items() if s.kind == "indicators"}


def _source_id_for(path: Path) -> str | None:
    try:
        from fsot_data import registry
    except ImportError:
        return None
    resolved = path.resolve().as_posix()
    for sid, source in registry.all_sources().items():
        if any(resolved.endswith("/" + p) for p in source.paths):
            return sid
    return None


def _as_mapping(paths) -> list[tuple[str | None, Path]]:
    if paths is None:
        return list(indicator_paths().items())
    if isinstance(paths, (str, PathLike)):
        paths = [paths]
    if isinstance(paths, Mapping):
        return [(sid, Path(p)) for sid, p in paths.items()]
    return [(_source_id_for(Path(p)), Path(p)) for p in paths]


def _examples(rows: pd.DataFrame, columns: list[str], n: int = 3) -> str:
    """'line 5: indicator_id=X, value='abc'' for the first n rows (line numbers as in the file)."""
    parts = []
    for index, row in rows.head(n).iterrows():
        fields = ", ".join(f"{c}={row[c]!r}" for c in columns)
        parts.append(f"line {index + 2}: {fields}")
    more = f" (and {len(rows) - n} more)" if len(rows) > n else ""
    return "; ".join(parts) + more


def _read_one(path: Path, source_id: str | None) -> pd.DataFrame:
    file = str(path)
    raw = read_csv_text(path, "indicator file", REQUIRED_COLUMNS, blank_as_missing=False)
    if raw.empty:
        raise DataProblem(file, "the indicator file has no rows.", "fetch a complete copy of the file.")
    df = raw.copy()
    for col in df.columns:
        df[col] = df[col].str.strip()
    for col in OPTIONAL_COLUMNS:
        if col not in df.columns:
            df[col] = ""

    for col in ("value", "lower_ci", "upper_ci"):
        numbers = pd.to_numeric(df[col].replace("", None), errors="coerce")
        bad = numbers.isna() & df[col].ne("")
        if bad.any():
            raise DataProblem(file, f"column '{col}' has {int(bad.sum())} non-numeric value(s): "
                              f"{_examples(df[bad], ['indicator_id', col])}.",
                              f"'{col}' must hold numbers (blank where there is no figure); fetch a clean copy of the file.")
        df[col] = numbers.astype("float64")

    bad = ~df["domain"].isin(ALLOWED_DOMAINS)
    if bad.any():
        unknown = sorted(set(df.loc[bad, "domain"]))
        raise DataProblem(file, f"unknown domain value(s) {unknown} in {int(bad.sum())} row(s): "
                                f"{_examples(df[bad], ['indicator_id', 'domain'])}.",
                          f"domain must be one of: {', '.join(FSOT_DOMAINS + OTHER_DOMAINS)}.")
    for col in ("indicator_id", "area_code", "period"):
        blank = df[col].eq("")
        if blank.any():
            raise DataProblem(file, f"column '{col}' is blank in {int(blank.sum())} row(s): "
                                    f"{_examples(df[blank], ['indicator_id', 'area_code', 'period'])}.",
                              "every row needs an indicator id, an area code and a period.")

    df["sex"] = df["sex"].replace("", "Persons")
    dup = df.duplicated(KEY_COLUMNS, keep=False)
    if dup.any():
        raise DataProblem(file, f"{int(df.duplicated(KEY_COLUMNS).sum())} duplicate row(s) for the same "
                          f"(indicator_id, area_code, period, sex, category): {_examples(df[dup], KEY_COLUMNS)}.",
                          "each indicator may have one row per area, period, sex and category; fetch a clean copy of the file.")

    df["period_sort"], bad_periods = period_sort_keys(df["period"])
    if bad_periods:
        raise DataProblem(file, f"unrecognised period format(s): {', '.join(map(repr, bad_periods[:5]))}.",
                          "extend fsot_data.indicators.period_sort_key to read this form of period.")
    df["source_id"] = source_id or ""
    df["_file"] = file
    return df


def _combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate files; a row repeated identically in two files (Fingertips LE/SII is in both the
    Stockton extract and the all-LA extract) is kept once, from the first file; a conflict is an error."""
    df = pd.concat(frames, ignore_index=True)
    dup = df.duplicated(KEY_COLUMNS, keep=False)
    if not dup.any():
        return df
    repeated = df[dup]
    values = repeated[["value", "lower_ci", "upper_ci"]].round(9).fillna(-np.inf)
    distinct = values.assign(**{c: repeated[c] for c in KEY_COLUMNS}).drop_duplicates()
    conflicts = distinct[distinct.duplicated(KEY_COLUMNS, keep=False)]
    if not conflicts.empty:
        key = conflicts.iloc[0][KEY_COLUMNS]
        rows = repeated[(repeated[KEY_COLUMNS] == key.values).all(axis=1)]
        files = " and ".join(sorted(set(rows["_file"])))
        raise DataProblem(files, f"the files disagree on {len(conflicts.drop_duplicates(KEY_COLUMNS))} figure(s), "
                          f"e.g. {dict(key)}: values {rows['value'].tolist()}.",
                          "use files from the same extract (see indicators/PROVENANCE.md), or drop one of them.")
    return df[~df.duplicated(KEY_COLUMNS, keep="first")].reset_index(drop=True)


def _apply_crosswalk(df: pd.DataFrame, crosswalk: dict) -> pd.DataFrame:
    table = crosswalk_indicators(crosswalk).set_index("indicator_id")
    ids = df["indicator_id"]
    curated = ids.isin(table.index)
    override = table.loc[table["domain_override_reason"].ne(""), "domain"]
    df["domain"] = df["domain"].where(~ids.isin(override.index), ids.map(override))
    df["polarity"] = ids.map(table["polarity"]).where(curated, "no_judgement").astype("str")
    df["display_name"] = ids.map(table["display_name"]).where(curated, df["indicator_name"]).astype("str")
    df["display_unit"] = ids.map(table["display_unit"]).where(curated, df["unit"]).astype("str")
    df["headline"] = ids.map(table["headline"]).where(curated, False).astype("bool")
    return df


def read_indicators(paths=None, crosswalk: dict | None = None) -> pd.DataFrame:
    """Read and validate indicator CSVs into one tidy table (columns OUTPUT_COLUMNS).

    `paths`: {source_id: path}, or paths (the source id is found from the registry by file name),
    or None for every registered indicator source in the sources folder. Raises DataProblem naming
    the file for missing columns, non-numeric values, duplicate rows, unknown domains or unreadable
    periods, and naming crosswalk.toml if the crosswalk does not match the data.
    """
    crosswalk = crosswalk if crosswalk is not None else load_crosswalk()
    items = _as_mapping(paths)
    if not items:
        raise DataProblem("(no files)", "no indicator files were given.",
                          "pass paths, or call read_indicators() with none to read every registered source.")
    df = _combine([_read_one(path, sid) for sid, path in items])
    check_crosswalk(crosswalk, df)
    df = _apply_crosswalk(df, crosswalk)
    return df.loc[:, list(OUTPUT_COLUMNS)].sort_values(
        ["indicator_id", "area_code", "sex", "category", "period_sort"], ignore_index=True)


def read_claims(path: str | PathLike) -> pd.DataFrame:
    """The published-claims check: the council's headline claims against the evidence.

    Adds `claim_text`, the claim with "(as above)" replaced by the claim it refers to, and makes
    `evidence_value` numeric. DataProblem naming the file for missing columns or bad values.
    """
    file = str(path)
    df = read_csv_text(path, "published claims file", CLAIMS_COLUMNS, blank_as_missing=False)
    if df.empty:
        raise DataProblem(file, "the claims file has no rows.", "fetch a complete copy of the file.")
    blank = df["claim_id"].str.strip().eq("")
    if blank.any():
        raise DataProblem(file, f"{int(blank.sum())} row(s) have no claim_id.", "give every row a claim_id.")
    numbers = pd.to_numeric(df["evidence_value"].str.strip().replace("", None), errors="coerce")
    bad = numbers.isna() & df["evidence_value"].str.strip().ne("")
    if bad.any():
        raise DataProblem(file, f"column 'evidence_value' has non-numeric value(s): {_examples(df[bad], ['claim_id', 'evidence_value'])}.",
                          "evidence_value must be a number (blank if none).")
    df["evidence_value"] = numbers.astype("float64")
    first = df.loc[~df["claim"].str.strip().str.lower().eq("(as above)")].drop_duplicates("claim_id").set_index("claim_id")["claim"]
    as_above = df["claim"].str.strip().str.lower().eq("(as above)")
    orphans = as_above & ~df["claim_id"].isin(first.index)
    if orphans.any():
        raise DataProblem(file, f"'(as above)' rows with no earlier claim text: {_examples(df[orphans], ['claim_id'])}.",
                          "give the first row of each claim_id the claim's wording.")
    df["claim_text"] = df["claim"].where(~as_above, df["claim_id"].map(first))
    return df


# --------------------------------------------------------------------------------------------
# Look-ups for the gap charts


def _select(df: pd.DataFrame, indicator_id: str, area_codes=None, sex: str | None = None) -> pd.DataFrame:
    rows = df[df["indicator_id"].eq(indicator_id)]
    if rows.empty:
        raise KeyError(f"indicator {indicator_id!r} is not in the data")
    if area_codes is not None:
        codes = [area_codes] if isinstance(area_codes, str) else list(area_codes)
        rows = rows[rows["area_code"].isin(codes)]
    if sex is not None:
        rows = rows[rows["sex"].eq(sex)]
    return rows


def judge(value: float, lower_ci: float, upper_ci: float, comparator: float, polarity: str,
          flag: str | None = None) -> tuple[str, str]:
    """(better_or_worse, basis) for one figure against its comparator.

    - polarity no_judgement -> "not judged"; a missing figure -> "no comparison";
    - with both confidence limits: "similar" if the 95% CI includes the comparator, else better/worse;
    - without: Fingertips' own significance flag (Better / Similar / Worse) where given;
    - otherwise the point estimates decide (equal -> "similar"), and the basis says so.
    """
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}")
    if polarity == "no_judgement":
        return "not judged", "no polarity: higher is not better or worse"
    if pd.isna(value) or pd.isna(comparator):
        return "no comparison", "no comparator figure for this period"
    higher_good = polarity == "higher_is_better"
    if pd.notna(lower_ci) and pd.notna(upper_ci):
        if lower_ci <= comparator <= upper_ci:
            return "similar", "95% confidence interval includes the comparator"
        better = (value > comparator) == higher_good
        return ("better" if better else "worse"), "95% confidence interval excludes the comparator"
    if flag in ("Better", "Similar", "Worse"):
        return flag.lower(), "Fingertips significance test against England"
    if value == comparator:
        return "similar", "point estimates equal (no confidence interval)"
    better = (value > comparator) == higher_good
    return ("better" if better else "worse"), "point estimates only (no confidence interval)"


#: The columns of compare_to_england's table.
COMPARE_COLUMNS = ["indicator_id", "display_name", "domain", "area_code", "area_name", "period", "period_sort", "sex",
                   "category", "value", "lower_ci", "upper_ci", "display_unit", "polarity", "comparator_code",
                   "comparator_name", "comparator_value", "england_value", "region_code", "region_name", "region_value",
                   "gap", "better_or_worse", "basis", "source_id"]


def compare_to_england(df: pd.DataFrame, lad_code: str, indicator_id: str | None = None, sex: str | None = None,
                       region_code: str = NORTH_EAST) -> pd.DataFrame:
    """The local authority against England for every period it has a figure: every indicator, or one (and one sex).

    The comparator is England, or the UK for an indicator whose source has no England row (e.g. child poverty),
    because a figure is only judged against a total published by the same source. Judgements are judge()'s.
    All indicators are joined in one pass: one merge per indicator cost about 0.1 s, too slow for a page rerun.

    Columns (COMPARE_COLUMNS): period, period_sort, sex, category, value, lower_ci, upper_ci, comparator_code/name,
    comparator_value, england_value (England only), region_name/region_value (North East by default, NaN where the
    source has none), gap (value - comparator_value), better_or_worse (better / worse / similar / not judged /
    no comparison), basis (how it was judged), plus ids, names, units and polarity; sorted by indicator, sex,
    category, then period (oldest first).
    """
    keys = ["indicator_id", "period", "sex", "category"]
    if indicator_id is not None:
        df = _select(df, indicator_id, None, sex)
    rows = df[df["area_code"].isin([lad_code, ENGLAND, UK, region_code])]
    local = rows[rows["area_code"].eq(lad_code) & rows["value"].notna()]

    def figures(code: str, prefix: str) -> pd.DataFrame:
        part = rows[rows["area_code"].eq(code)]
        return part[[*keys, "area_name", "value"]].rename(columns={"area_name": f"{prefix}_name", "value": f"{prefix}_value"})

    with_england = set(rows.loc[rows["area_code"].eq(ENGLAND), "indicator_id"])
    with_uk = set(rows.loc[rows["area_code"].eq(UK), "indicator_id"])
    out = (local.merge(figures(ENGLAND, "england"), on=keys, how="left")
                .merge(figures(UK, "uk"), on=keys, how="left")
                .merge(figures(region_code, "region"), on=keys, how="left"))
    uses_uk = ~out["indicator_id"].isin(with_england) & out["indicator_id"].isin(with_uk)
    out["comparator_code"] = np.where(uses_uk, UK, ENGLAND)
    out["comparator_value"] = out["uk_value"].where(uses_uk, out["england_value"])
    out["comparator_name"] = out["uk_name"].fillna("United Kingdom").where(uses_uk, out["england_name"].fillna("England"))
    out["region_code"] = region_code
    out["gap"] = out["value"] - out["comparator_value"]
    flags = out["compared_to_england"].where(~uses_uk, "")
    verdicts = [judge(v, lo, hi, c, p, f) for v, lo, hi, c, p, f in
                zip(out["value"], out["lower_ci"], out["upper_ci"], out["comparator_value"], out["polarity"], flags, strict=True)]
    out["better_or_worse"] = [v for v, _ in verdicts]
    out["basis"] = [b for _, b in verdicts]
    return out.loc[:, COMPARE_COLUMNS].sort_values(["indicator_id", "sex", "category", "period_sort"], ignore_index=True)
