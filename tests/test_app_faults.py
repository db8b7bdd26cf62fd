"""Every page of the app on a broken build folder: a clear message with the fix, never an exception.

The faults are those a deployment meets: nothing built yet, an empty folder, every table damaged, a
first build interrupted part-way, and a damaged manifest beside intact tables. Pages are found in
app.py, so a new page is covered as soon as it is routed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from fsot_data.build import ARTEFACTS, MANIFEST
from fsot_data.config import authority_dir

PROJECT_ROOT = Path(__file__).resolve().parent.parent
APP = PROJECT_ROOT / "app.py"
PAGES = re.findall(r'st\.Page\(\s*"(pages/[^"]+\.py)"', APP.read_text(encoding="utf-8"))
# The page the router opens first (its st.Page has default=True): every other page is reached by switching to it.
DEFAULT_PAGE = re.search(r'st\.Page\(\s*"(pages/[^"]+\.py)"[^)]*default=True', APP.read_text(encoding="utf-8"))[1]
# A page that describes the sources rather than shows figures: it must still say when nothing is built.
PAGES_WITHOUT_TABLES = {"pages/sources.py"}
FIRST_ARTEFACTS_BUILT = 5  # where the "interrupted first build" stopped


@pytest.fixture(scope="module")
def real_build() -> Path:
    folder = authority_dir()
    if not (folder / MANIFEST).is_file():
        pytest.fail(f"no build in {folder}: run `python -m fsot_data build` first (scripts/test does).")
    return folder


def _not_built(real: Path, folder: Path) -> Path:
    return folder / "never-built"


def _empty(real: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _tables_damaged(real: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(real / MANIFEST, folder / MANIFEST)
    for table in real.glob("*.parquet"):
        (folder / table.name).write_bytes(b"PAR1 this is not a table")
    return folder


def _interrupted(real: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((real / MANIFEST).read_text(encoding="utf-8"))
    done = [artefact.name for artefact in ARTEFACTS[:FIRST_ARTEFACTS_BUILT]]
    manifest["artefacts"] = {name: manifest["artefacts"][name] for name in done}
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    for name in done:
        shutil.copy2(real / f"{name}.parquet", folder / f"{name}.parquet")
    return folder


def _manifest_damaged(real: Path, folder: Path) -> Path:
    shutil.copytree(real, folder)
    (folder / MANIFEST).write_text("{not json", encoding="utf-8")
    return folder


# fault -> (make the folder, what every data page must show, whether the build record is readable)
FAULTS = {
    "not built": (_not_built, "error", False),
    "empty folder": (_empty, "error", False),
    "every table damaged": (_tables_damaged, "error", True),
    "first build interrupted": (_interrupted, "error or whole page", True),
    "manifest damaged, tables intact": (_manifest_damaged, "whole page", False),
}


def run_page(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    if page != DEFAULT_PAGE:
        at.switch_page(page).run()
    return at


def page_text(at: AppTest) -> str:
    parts = [e.value for kind in (at.title, at.header, at.subheader, at.markdown, at.caption) for e in kind]
    return "\n".join(str(p) for p in parts + [m.label for m in at.metric])


def problem_messages(at: AppTest) -> list[str]:
    return [e.value for e in at.error if "could not be loaded" in e.value]


def test_app_routes_pages():
    assert "pages/home.py" in PAGES and "pages/sources.py" in PAGES
    missing = [page for page in PAGES if not (PROJECT_ROOT / page).is_file()]
    assert not missing, f"app.py routes pages that do not exist: {missing}"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("fault", FAULTS)
def test_a_broken_build_gives_a_clear_message(fault, page, real_build, tmp_path, monkeypatch):
    make, expected, record_readable = FAULTS[fault]
    folder = tmp_path / "build" / real_build.name  # the authority's folder in a build folder
    make(real_build, folder)
    monkeypatch.setenv("FSOT_BUILD", str(tmp_path / "build"))
    at = run_page(page)

    assert not at.exception, f"{page} raised on '{fault}': {[e.message for e in at.exception]}"
    problems = problem_messages(at)
    for message in problems:
        assert f"File: `{folder}" in message and "- Problem: " in message and "- How to fix: " in message, message
    if page in PAGES_WITHOUT_TABLES:
        assert not problems, f"{page} does not need the tables, but said: {problems}"
        if not record_readable:
            assert any("How to fix" in w.value and "python -m fsot_data build" in w.value for w in at.warning), \
                f"{page} does not say the data is not built"
    elif expected == "error":
        assert len(problems) == 1, f"{page} on '{fault}' shows {len(problems)} data problems: {problems}"
    elif expected == "whole page":
        assert not problems and not at.error, f"{page} on '{fault}': {[e.value for e in at.error]}"
    # Without the build record the borough must still be the configured one, not the most common
    # local authority in England's table (Birmingham), which a fallback on the mode would pick.
    assert "Birmingham" not in page_text(at), f"{page} on '{fault}' shows Birmingham's data"
    assert at.title or at.header or at.html or problems, f"{page} on '{fault}' shows nothing"
