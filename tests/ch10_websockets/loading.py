"""Load an app file written for Starlette/FastAPI as written, or with its imports pointed at ours.

``from starlette... import`` and ``from fastapi... import`` lines become
``from tests.ch10_websockets.ours import``; nothing else changes. :mod:`.ours` gathers the
names from chapters 05, 08 and 10, as an application written for chapter 10 would import
them.
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

FOREIGN_IMPORT = re.compile(r"^from (?:fastapi|starlette)(?:\.\w+)* import", flags=re.MULTILINE)
OURS = "from tests.ch10_websockets.ours import"
HERE = Path(__file__).parent


def load(name: str, framework: str) -> types.ModuleType:
    """``tests/ch10_websockets/<name>.py`` as written (``"real"``) or on ours (``"ours"``)."""
    path = HERE / f"{name}.py"
    source = path.read_text()
    if framework == "ours":
        source = FOREIGN_IMPORT.sub(OURS, source)
    module = types.ModuleType(f"tests.ch10_websockets.{name}_{framework}")
    sys.modules[module.__name__] = module  # annotations are resolved through it
    exec(compile(source, str(path), "exec", dont_inherit=True), module.__dict__)  # noqa: S102
    return module
