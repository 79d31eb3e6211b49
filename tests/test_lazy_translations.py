"""Every translatable string evaluated at import time is lazy.

A `gettext` call at module or class level runs once, when the module is imported, in whatever
language is active then: English users would see Chinese, and under gunicorn the first visitor's
language would become everyone's. Such strings must use `gettext_lazy`.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".venv", "node_modules", "var", "tests", "migrations", "benchmarks", "static", "locale", ".git"}
NON_LAZY = {"gettext", "ngettext", "pgettext", "npgettext", "ugettext"}


def project_modules():
    for path in ROOT.rglob("*.py"):
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def non_lazy_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names.update(alias.asname or alias.name for alias in node.names if alias.name in NON_LAZY)
    return names


def import_time_calls(tree: ast.Module, names: set[str]):
    """Calls of `names` outside any function body (module level, class bodies, defaults, decorators)."""
    stack = list(ast.iter_child_nodes(tree))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            stack.extend(node.decorator_list)
            stack.extend(node.args.defaults + [d for d in node.args.kw_defaults if d is not None])
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
            yield node
        stack.extend(ast.iter_child_nodes(node))


def find_import_time_gettext(source: str) -> list[int]:
    tree = ast.parse(source)
    return sorted(call.lineno for call in import_time_calls(tree, non_lazy_names(tree)))


def test_the_scan_catches_a_module_level_gettext():
    source = (
        "from django.utils.translation import gettext as _\n"
        "from django.utils.translation import gettext_lazy\n"
        "LABEL = _('草稿')\n"
        "OK = gettext_lazy('草稿')\n"
        "class A:\n    title = _('标题')\n"
        "def f():\n    return _('运行时翻译没有问题')\n"
    )
    assert find_import_time_gettext(source) == [3, 6]


def test_no_project_module_translates_at_import_time():
    offenders = []
    for path in project_modules():
        for line in find_import_time_gettext(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert not offenders, "gettext at import time (use gettext_lazy):\n" + "\n".join(offenders)
