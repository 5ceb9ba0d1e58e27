"""Checks on the repository itself: the rules every chapter follows."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("ch[0-9][0-9]_*") if p.is_dir())
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def chapter_number(name: str) -> int:
    return int(name[2:4])


def imported_chapters(path: Path) -> set[str]:
    """Names of the chapter packages (``chNN_topic``) that a module imports."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = path.relative_to(ROOT).parent.parts  # ("chapters", "chNN_topic", ...)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = package[: len(package) - node.level + 1]
                modules = [".".join((*base, node.module or ""))]
            else:
                modules = [node.module or ""]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if len(parts) > 1 and parts[0] == "chapters" and re.fullmatch(r"ch\d\d_\w+", parts[1]):
                found.add(parts[1])
    return found


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_chapter_imports_only_lower_or_equal_chapters(chapter: Path) -> None:
    offending = {
        f"{module.relative_to(ROOT)} imports {name}"
        for module in chapter.rglob("*.py")
        for name in imported_chapters(module)
        if chapter_number(name) > chapter_number(chapter.name)
    }
    assert not offending, f"a chapter may import only from chapters numbered <= its own: {sorted(offending)}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_chapter_has_the_standard_anatomy(chapter: Path) -> None:
    number, topic = chapter.name[2:4], chapter.name[5:]
    init = ast.parse((chapter / "__init__.py").read_text())
    has_all = any(
        isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets)
        for node in init.body
    )
    assert has_all, f"{chapter.name}/__init__.py must define __all__ (the chapter's public names)"
    assert (chapter / "__main__.py").is_file(), f"{chapter.name} needs a __main__.py"
    assert (chapter / "README.md").is_file(), f"{chapter.name} needs a README.md"
    assert (ROOT / "tests" / chapter.name).is_dir(), f"tests/{chapter.name}/ is missing"
    assert (ROOT / "notebooks" / f"{number}_{topic}.ipynb").is_file(), f"notebooks/{number}_{topic}.ipynb is missing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = json.loads(path.read_text())
    dirty = [
        index + 1
        for index, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"{path.name}: strip the outputs of cells {dirty} before committing"


def readme_commands() -> list[str]:
    """The shell commands in the README's fenced ``bash`` blocks, one per line."""
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:bash|sh|shell)\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_commands = [c for c in readme_commands() if "venv" in c and "pytest" in c]
    assert len(test_commands) == 1, f"the README must give one set-up-and-test command, found {test_commands}"
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_commands[0] in ci.splitlines(), ".ci/run must run the README's test command verbatim"


def test_readme_has_a_setup_and_notebooks_command() -> None:
    commands = [c for c in readme_commands() if "venv" in c and "requirements.txt" in c and "jupyter lab" in c]
    assert len(commands) == 1, "the README must give one command that sets up and opens the notebooks"


def test_readme_links_point_at_files_that_exist() -> None:
    text = (ROOT / "README.md").read_text()
    targets = re.findall(r"\]\((?!https?://|#)([^)]+)\)", text)
    missing = [t for t in targets if not (ROOT / t.split("#")[0]).exists()]
    assert targets and not missing, f"README links to missing files: {missing}"
