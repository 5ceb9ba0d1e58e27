"""The documentation pages' JavaScript and CSS, served by the application itself: no CDN.

Why: FastAPI's ``/docs`` loads Swagger UI from ``cdn.jsdelivr.net``; on a train, behind a
corporate proxy or in a workshop room with bad Wi-Fi the page stays blank. The files are
ordinary static files, and a pip package already ships them: ``fastapi-offline`` holds
Swagger UI 5 (which renders OpenAPI 3.1; Swagger UI 4 does not) and ReDoc in its
``static/`` folder. That folder is found **without importing** the package (its
``__init__`` imports the real FastAPI, which this framework does not use).

Only the files listed in :data:`ASSETS` are served, each with its media type. Text gets
``charset=utf-8`` (chapter 05's responses add it to every ``text/*`` type): Swagger UI's
bundle holds non-ASCII characters and misparses without it.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from chapters.ch07_dependencies import FastAPIError, FileResponse, HTTPException, Request

__all__ = ["ASSETS", "OfflineAssets", "offline_assets_folder"]

#: The files the pages use, by name, with the media type each is served as.
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}


@functools.cache
def offline_assets_folder() -> Path:
    """The installed ``fastapi_offline/static`` folder; a named error if it is missing."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or not spec.submodule_search_locations:
        raise FastAPIError(
            "the /docs and /redoc pages need the files of the fastapi-offline package:"
            " pip install fastapi-offline (or pass docs_url=None, redoc_url=None)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "static"


class OfflineAssets:
    """``GET <static_url>/<name>`` for each name of :data:`ASSETS`; anything else is a 404.

    ``folder`` defaults to fastapi-offline's; it is looked up on the first request, so an
    application whose docs are disabled never needs the package.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder

    async def serve(self, request: Request) -> FileResponse:
        name = request.path_params["name"]
        if name not in ASSETS:
            raise HTTPException(status_code=404)
        folder = self.folder or offline_assets_folder()
        return FileResponse(folder / name, media_type=ASSETS[name])
