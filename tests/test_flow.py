"""Data walks one way through booklet's stages: a module imports only from its own sub-package and
the ones before it in STAGES, so the tree shows the architecture (README, How it works)."""

import ast
from pathlib import Path

from conftest import REPO

STAGES = ["core", "project", "content", "layout", "render", "checks", "fitting", "pipeline", "i18n",
          "preview", "cli", "themes"]
"""booklet's sub-packages in the order data walks through them (cli.py is the command line above
them all; a theme, like any installed package, may use any of them)."""


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "booklet" else None


def _imports(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, module) of every booklet import that runs: type-only imports (under `if
    TYPE_CHECKING:`) name a type for the checker, and are left out."""
    type_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                 and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
                 for n in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def backward_imports(package: Path) -> list[str]:
    rank = {stage: i for i, stage in enumerate(STAGES)}
    found = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).with_suffix("").parts
        own = parts[0]
        if own not in rank:
            continue
        for line, module in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            stage = _stage(module)
            if stage in rank and rank[stage] > rank[own]:
                found.append(f"{path.relative_to(package.parent)}:{line}: {own} imports {module}")
    return found


def test_every_module_belongs_to_a_stage() -> None:
    package = REPO / "booklet"
    tops = {p.relative_to(package).with_suffix("").parts[0] for p in package.rglob("*.py")}
    assert tops - {"__init__"} == set(STAGES)


def test_data_walks_one_way() -> None:
    assert backward_imports(REPO / "booklet") == []


def test_a_backward_import_is_found(tmp_path: Path) -> None:
    package = tmp_path / "booklet"
    (package / "core").mkdir(parents=True)
    (package / "core" / "early.py").write_text("from booklet.pipeline.build import build_all\n"
                                               "from typing import TYPE_CHECKING\n"
                                               "if TYPE_CHECKING:\n"
                                               "    from booklet.content.edition import Edition\n")
    assert backward_imports(package) == ["booklet/core/early.py:1: core imports booklet.pipeline.build"]
