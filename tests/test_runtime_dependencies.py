"""`make run` installs only the runtime dependencies: application code must not import a test-only package.

(A render task once imported pypdf, declared for tests only: every document failed on a fresh install.)
"""

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {"tests", "benchmarks", ".venv", "var", "node_modules", "test-artifacts"}


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def runtime_distributions() -> set[str]:
    """The runtime dependencies of pyproject.toml and everything they pull in."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    seen: set[str] = set()
    todo = [_name(r) for r in declared]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        todo += [_name(r) for r in requires if "extra ==" not in r]
    return seen


def imported_top_level_modules() -> dict[str, str]:
    modules: dict[str, str] = {}
    for path in ROOT.rglob("*.py"):
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                modules.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return modules


# Backends a deployment opts into with a runtime extra of pyproject.toml, imported only inside the code
# path that setting turns on (with a clear message when missing): module -> extra.
OPT_IN_BACKENDS = {"pkcs11": "hsm"}


def test_opt_in_backends_are_runtime_extras_of_the_project():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for module, extra in OPT_IN_BACKENDS.items():
        assert extra in extras and extra != "test", module


def test_application_code_imports_only_runtime_dependencies():
    runtime = runtime_distributions()
    providers = metadata.packages_distributions()
    local = {p.name for p in ROOT.iterdir() if p.is_dir()}
    missing = []
    for module, where in sorted(imported_top_level_modules().items()):
        if module in sys.stdlib_module_names or module in local or module in OPT_IN_BACKENDS:
            continue
        distributions = {_name(d) for d in providers.get(module, [])}
        if not distributions & runtime:
            missing.append(f"{module} (imported in {where})")
    assert not missing, f"imported by the application but not a runtime dependency: {missing}"
