"""Make sure every registered source is in the sources folder: found locally, or downloaded.

A source already present (any of its acceptable file names) is left alone. A missing one is
downloaded from the publisher's URL in the registry, with a progress bar, to a temporary file that
is renamed into place only when complete. Sources with no direct download URL (ONS portal pages)
are reported with the page to get them from.
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
from fsot_data.config import sources_dir

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
          report: Callable[[str], None] = print) -> list[FetchResult]:
    """Ensure each source is present; download what is missing and downloadable."""
    base = root or sources_dir()
    results = []
    for source in sources if sources is not None else registry.all_sources().values():
        present = next((path for path in source.candidates(base) if path.is_file()), None)
        if present is not None:
            results.append(FetchResult(source.id, "present", present))
        elif source.download_url:
            target = source.candidates(base)[0]
            report(f"  downloading {source.id} from {source.download_url}")
            results.append(FetchResult(source.id, "downloaded", download(source.download_url, target, progress)))
        else:
            results.append(FetchResult(source.id, "manual", source.candidates(base)[0],
                                       f"no direct download: get it from {source.page_url} and save it as {source.candidates(base)[0]}"))
        report(f"  {results[-1].status:<10} {source.id:<30} {results[-1].detail or results[-1].path}")
    return results
