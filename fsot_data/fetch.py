"""Make sure every registered source is in the sources folder: found locally, or downloaded.

A source already present (any of its acceptable file names) is left alone. A missing one is
downloaded from the publisher's URL in the registry, with a progress bar, to a temporary file that
is renamed into place only when complete. Sources with no direct download URL (ONS portal pages)
are reported with the page to get them from. Geography sources are fetched for each authority the
deployment serves (FSOT_LAD): present when a stored file covers it (e.g. the Tees Valley extract),
otherwise the publisher's national file or, where the registry's URL names `{lad}`, that authority's
extract from a filtered query of the ONS service.
"""

from __future__ import annotations

import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from datafiles.errors import DataProblem
from fsot_data import registry
from fsot_data.config import lad_codes, sources_dir

CHUNK = 1 << 16
TIMEOUT_S = 60


@dataclass(frozen=True)
class FetchResult:
    source_id: str
    status: str  # "present", "downloaded", "manual"
    path: Path
    detail: str = ""


def download(url: str, target: Path, progress: bool = True) -> Path:
    """Stream url to target atomically; raise DataProblem naming the URL when it fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
            total = int(response.headers.get("Content-Length") or 0) or None
            with tqdm(total=total, unit="B", unit_scale=True, desc=target.name, disable=not progress) as bar:
                while chunk := response.read(CHUNK):
                    out.write(chunk)
                    bar.update(len(chunk))
            if total is not None and out.tell() != total:
                raise DataProblem(str(target), f"the download from {url} stopped after {out.tell():,} of {total:,} bytes.",
                                  "run `python -m fsot_data fetch` again.")
        if Path(temporary).stat().st_size == 0:
            raise DataProblem(str(target), f"the download from {url} was empty.", "check the URL in fsot_data/sources.toml.")
        os.replace(temporary, target)
        return target
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise DataProblem(str(target), f"could not download {url} ({error}).",
                          "check the network, or copy the file into the sources folder (FSOT_SOURCES) by hand.") from error
    finally:
        Path(temporary).unlink(missing_ok=True)


def fetch(sources: Iterable[registry.Source] | None = None, root: Path | None = None, progress: bool = True,
          report: Callable[[str], None] = print, lads: list[str] | None = None) -> list[FetchResult]:
    """Ensure each source is present (each geography source for each authority); download what is missing and downloadable."""
    base = root or sources_dir()
    results = []
    for source in sources if sources is not None else registry.all_sources().values():
        for lad in (lads or lad_codes()) if source.local else [None]:
            results.append(_fetch_one(source, base, lad, progress, report))
            report(f"  {results[-1].status:<10} {source.id:<30} {results[-1].detail or results[-1].path}")
    return results


def _fetch_one(source: registry.Source, base: Path, lad: str | None, progress: bool, report: Callable[[str], None]) -> FetchResult:
    candidates = source.candidates(base, lad)
    folder = source.options.get("folder", False)
    present = next((path for path in candidates if (path.is_dir() if folder else path.is_file())), None)
    if present is not None:
        return FetchResult(source.id, "present", present)
    if source.options.get("optional"):
        return FetchResult(source.id, "optional", candidates[0], "absent (optional: none added)")
    target = source.download_target(base, lad)
    if target is not None:
        url, path = target
        report(f"  downloading {source.id}{f' for {lad}' if lad else ''} from {url}")
        return FetchResult(source.id, "downloaded", download(url, path, progress))
    wanted = candidates[0] if candidates else base / source.paths[0]
    return FetchResult(source.id, "manual", wanted, f"no direct download: get it from {source.page_url} and save it as {wanted}")
