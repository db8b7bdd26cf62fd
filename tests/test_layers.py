"""Imports point one way: pages/ui -> views -> fsot_data -> geodata -> datafiles, with no Streamlit below ui/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

# package -> the project packages it must never import (a circle or a layer turned upside down)
FORBIDDEN = {
    "datafiles": {"fsot_data", "geodata", "views", "ui", "pages", "streamlit"},
    "geodata": {"fsot_data", "views", "ui", "pages", "streamlit"},
    "fsot_data": {"views", "ui", "pages", "streamlit"},
    "views": {"ui", "pages", "streamlit"},
}


def imported_packages(path: Path) -> set[str]:
    """The top-level package of every import statement in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_point_one_way(package):
    offending = {str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
                 for path in sorted((ROOT / package).glob("*.py"))}
    assert {file: names for file, names in offending.items() if names} == {}
