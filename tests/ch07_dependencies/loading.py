"""Load a file written for FastAPI as written, or with its imports pointed at chapter 07.

The differential tests run one source on both frameworks: ``from fastapi ... import`` and
``from pydantic ... import`` lines become ``from chapters.ch07_dependencies import``, and
nothing else changes.
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

FOREIGN_IMPORT = re.compile(r"^from (?:fastapi|pydantic)(?:\.\w+)* import", flags=re.MULTILINE)
OURS = "from chapters.ch07_dependencies import"


def swap_imports(source: str) -> str:
    return FOREIGN_IMPORT.sub(OURS, source)


def load(path: Path, framework: str) -> types.ModuleType:
    """``path`` as written (``"fastapi"``) or with its imports changed (``"ours"``)."""
    source = path.read_text()
    if framework == "ours":
        source = swap_imports(source)
    module = types.ModuleType(f"tests.ch07_dependencies.{path.stem}_{framework}")
    sys.modules[module.__name__] = module  # pydantic resolves a model's annotations through it
    code = compile(source, str(path), "exec", dont_inherit=True)  # not our __future__ import
    exec(code, module.__dict__)  # noqa: S102  # our own test file
    return module
