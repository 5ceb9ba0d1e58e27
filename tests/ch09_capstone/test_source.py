"""The capstone's source: the seed calculator verbatim, and imports that swap cleanly."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from chapters.ch08_openapi import FastAPI
from chapters.ch09_capstone import app
from tests.ch09_capstone.servings import SOURCE, load, to_fastapi

SEED = Path(__file__).parent.parent / "ch06_framework" / "seed_calculator.py"


def framework_imports(source: str) -> dict[str, set[str]]:
    """``{module: names}`` of the ``from ... import`` lines of a source, framework ones only."""
    found: dict[str, set[str]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom) and re.match(
            r"fastapi|pydantic|chapters\.ch08", node.module or ""
        ):
            found.setdefault(node.module or "", set()).update(alias.name for alias in node.names)
    return found


def test_the_seed_calculator_is_there_verbatim_but_for_imports() -> None:
    seed = SEED.read_text()
    assert seed[seed.index("\napp = FastAPI") :].strip() in SOURCE.read_text()
    seed_names = set().union(*framework_imports(seed).values())
    assert seed_names <= framework_imports(SOURCE.read_text())["chapters.ch08_openapi"]


def test_swapping_the_imports_names_only_fastapi_and_pydantic() -> None:
    swapped = to_fastapi(SOURCE.read_text())
    assert "chapters.ch08_openapi" not in swapped
    imports = framework_imports(swapped)
    assert imports["pydantic"] == {"BaseModel", "Field"}
    assert {"FastAPI", "Depends", "HTTPException", "status"} <= imports["fastapi"]
    # Apart from the import lines, not one character differs.
    strip = re.compile(r"^from \S+ import .*$", re.MULTILINE)
    assert strip.sub("", swapped) == strip.sub("", SOURCE.read_text())


def test_the_package_app_is_chapter_08s_and_the_swapped_one_fastapis() -> None:
    import fastapi

    assert isinstance(app, FastAPI)
    assert isinstance(load("fastapi", "swap check").app, fastapi.FastAPI)
    assert not isinstance(load("fastapi", "swap check").app, FastAPI)
