"""Copy the map's front-end files from node_modules/ into static/vendor/.

Why: the council network may have no internet access, so the app must not
load Leaflet & co. from public CDNs (folium's default). The exact versions are
pinned in package.json / package-lock.json at the project root; `npm ci`
installs them into node_modules/, and this script copies the files the maps
need into static/vendor/ (git-ignored), which Streamlit serves at
/app/static/vendor/... when `server.enableStaticServing = true`.

Set-up, from the project root:

    npm ci
    python scripts/vendor_assets.py

Pure Python (standard library only), no Streamlit. Idempotent: files already
identical are left alone; files no longer listed are not deleted (run with
--clean to rebuild static/vendor/ from scratch).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = PROJECT_ROOT / "node_modules"
VENDOR_DIR = PROJECT_ROOT / "static" / "vendor"

# npm package -> {destination under static/vendor/: source under node_modules/<package>/}.
# views/offline_map.py links a subset of these destinations; the rest are files
# those link to in turn (Leaflet's CSS loads images/*.png), source maps, and
# licence texts (Leaflet's BSD-2 licence requires the notice to travel with it).
MANIFEST: dict[str, dict[str, str]] = {
    "leaflet": {
        "leaflet/leaflet.js": "dist/leaflet.js",
        "leaflet/leaflet.js.map": "dist/leaflet.js.map",
        "leaflet/leaflet.css": "dist/leaflet.css",
        "leaflet/images/layers.png": "dist/images/layers.png",
        "leaflet/images/layers-2x.png": "dist/images/layers-2x.png",
        "leaflet/images/marker-icon.png": "dist/images/marker-icon.png",
        "leaflet/images/marker-icon-2x.png": "dist/images/marker-icon-2x.png",
        "leaflet/images/marker-shadow.png": "dist/images/marker-shadow.png",
        "leaflet/LICENSE": "LICENSE",
    },
}


class VendorError(RuntimeError):
    """Raised when node_modules is missing or does not match package-lock.json."""


def _locked_versions(project_root: Path) -> dict[str, str]:
    lock = project_root / "package-lock.json"
    data = json.loads(lock.read_text(encoding="utf-8"))
    packages = data.get("packages", {})
    return {
        name: packages.get(f"node_modules/{name}", {}).get("version", "")
        for name in MANIFEST
    }


def _check_node_modules(node_modules: Path, project_root: Path) -> None:
    if not node_modules.is_dir():
        raise VendorError(
            f"{node_modules} does not exist. Run `npm ci` in {project_root} first "
            "(it installs the exact versions in package-lock.json), then re-run "
            "`python scripts/vendor_assets.py`."
        )
    locked = _locked_versions(project_root)
    for package, want in locked.items():
        pkg_json = node_modules / package / "package.json"
        if not pkg_json.is_file():
            raise VendorError(
                f"{pkg_json} is missing: node_modules is incomplete. "
                f"Run `npm ci` in {project_root}."
            )
        have = json.loads(pkg_json.read_text(encoding="utf-8")).get("version")
        if want and have != want:
            raise VendorError(
                f"node_modules has {package} {have} but package-lock.json pins {want}. "
                f"Run `npm ci` in {project_root}."
            )


def vendor(
    node_modules: Path = NODE_MODULES,
    dest: Path = VENDOR_DIR,
    *,
    project_root: Path = PROJECT_ROOT,
    clean: bool = False,
) -> list[Path]:
    """Copy every MANIFEST file into ``dest``; return the paths written or kept."""
    _check_node_modules(node_modules, project_root)
    if clean and dest.exists():
        shutil.rmtree(dest)
    written: list[Path] = []
    for package, files in MANIFEST.items():
        for rel_dest, rel_src in files.items():
            src = node_modules / package / rel_src
            if not src.is_file():
                raise VendorError(
                    f"{src} not found; the {package} package layout changed or "
                    f"node_modules is incomplete. Run `npm ci` in {project_root}."
                )
            target = dest / rel_dest
            target.parent.mkdir(parents=True, exist_ok=True)
            if not (target.is_file() and filecmp.cmp(src, target, shallow=False)):
                shutil.copyfile(src, target)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clean", action="store_true", help="delete static/vendor/ first")
    args = parser.parse_args(argv)
    try:
        paths = vendor(clean=args.clean)
    except VendorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{len(paths)} files in {VENDOR_DIR.relative_to(PROJECT_ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
