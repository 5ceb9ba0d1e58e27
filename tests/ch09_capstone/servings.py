"""The capstone's source served three ways, for differential tests.

1. as written (chapter 08's names) on our chapter 04 server;
2. as written on uvicorn;
3. with its framework imports pointed at FastAPI and pydantic, on uvicorn: the reference.

Each serving loads the source into a module of its own and points it at a sqlite file of
its own (``app.dependency_overrides[get_database]``, the FastAPI way), so the three start
from the same empty inventory and, sent the same requests in the same order, must end in
the same state.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from chapters.ch09_capstone import main as capstone
from chapters.ch09_capstone.storage import Inventory
from tests.ch04_asgi.servers import Running, running_ours, running_uvicorn

SOURCE = Path(capstone.__file__)
#: ``from chapters.ch08_openapi import NAMES``, on one line or in parentheses.
OUR_IMPORT = re.compile(
    r"^from chapters\.ch08_openapi import (?P<names>\([^)]*\)|.*)$", re.MULTILINE
)
PYDANTIC_NAMES = {"BaseModel", "Field", "ValidationError"}

#: serving -> (framework, server)
SERVINGS = {
    "ours on ch04": ("ours", running_ours),
    "ours on uvicorn": ("ours", running_uvicorn),
    "fastapi on uvicorn": ("fastapi", running_uvicorn),
}
REFERENCE = "fastapi on uvicorn"


def slug(label: str) -> str:
    """``"ours on ch04"`` -> ``"ours_on_ch04"``: for module and file names."""
    return re.sub(r"\W+", "_", label)


def to_fastapi(source: str) -> str:
    """Each chapter 08 import line becomes pydantic's (models) or FastAPI's (the rest)."""

    def swap(match: re.Match[str]) -> str:
        names = set(re.findall(r"\w+", match["names"]))
        module = "pydantic" if names <= PYDANTIC_NAMES else "fastapi"
        return f"from {module} import {match['names']}"

    return OUR_IMPORT.sub(swap, source)


def load(framework: str, label: str) -> types.ModuleType:
    """The capstone source as written (``"ours"``) or with its imports swapped (``"fastapi"``)."""
    source = SOURCE.read_text()
    if framework == "fastapi":
        source = to_fastapi(source)
    module = types.ModuleType(f"tests.ch09_capstone.capstone_{slug(label)}")
    sys.modules[module.__name__] = module  # pydantic resolves annotations through it
    exec(compile(source, str(SOURCE), "exec", dont_inherit=True), module.__dict__)  # noqa: S102
    return module


def returning(database: Inventory) -> Callable[[], Inventory]:
    return lambda: database


@contextmanager
def served(folder: Path) -> Iterator[dict[str, Running]]:
    """The three servings, each on its own database under ``folder``; stopped on exit."""
    with ExitStack() as stack:
        running: dict[str, Running] = {}
        for label, (framework, serve) in SERVINGS.items():
            module = load(framework, label)
            database = Inventory(folder / f"{slug(label)}.db")
            # A closure without parameters: an override's parameters are request parameters.
            module.app.dependency_overrides[module.get_database] = returning(database)
            running[label] = stack.enter_context(serve(module.app))
        yield running
