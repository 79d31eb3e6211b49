"""One calendar for every period (issue 14): only deadlines' seeding reads the chinese_calendar package;
everything else counts days with deadlines.calendar (the schedule stored in the database)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {Path("deadlines/seeding.py")}
SKIP = {".venv", "node_modules", "tests", "var", ".git"}


def _imports_chinese_calendar(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "chinese_calendar" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "chinese_calendar":
            return True
    return False


def test_nothing_outside_the_calendar_seeding_imports_chinese_calendar():
    offenders = [
        str(path.relative_to(ROOT)) for path in ROOT.rglob("*.py")
        if not SKIP & set(path.relative_to(ROOT).parts) and path.relative_to(ROOT) not in ALLOWED
        and "migrations" not in path.parts and _imports_chinese_calendar(path)
    ]
    assert offenders == []
