"""A newcomer meets each module name once inside ``intake/`` (issue 12 item 1).

Two ``services.py`` or two ``models.py`` make every import and every search ambiguous, so each
module is named by what it does. Migration files are numbered revisions, not modules one imports.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

INTAKE = Path(__file__).resolve().parents[2] / "intake"


def module_paths_by_name(root: Path) -> dict[str, list[str]]:
    """Every module and package under ``root`` by its last name, migrations left out."""
    found: defaultdict[str, list[str]] = defaultdict(list)
    for path in root.rglob("*.py"):
        relative = path.relative_to(root)
        if "migrations" in relative.parts or "__pycache__" in relative.parts:
            continue
        if path.name == "__init__.py":
            if path.parent != root:
                found[path.parent.name].append(str(relative.parent))
            continue
        found[path.stem].append(str(relative))
    return found


def test_no_two_modules_inside_intake_share_a_name() -> None:
    shared = {name: paths for name, paths in module_paths_by_name(INTAKE).items() if len(paths) > 1}
    assert shared == {}, f"modules sharing a name inside intake/: {shared}"


def test_the_walk_sees_packages_and_modules() -> None:
    names = module_paths_by_name(INTAKE)
    assert names["casework"] == ["casework"]
    assert names["receive"] == ["receive.py"]
