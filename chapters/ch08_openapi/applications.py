"""``FastAPI`` with its own documentation: ``app.openapi()``, ``/openapi.json``, ``/docs``, ``/redoc``.

Why a subclass: routing, validation and dependencies are chapter 07's ``FastAPI``, unchanged. This one adds what FastAPI's ``setup()`` adds, at construction:

* ``app.openapi()``: the document built from ``app.routes`` (:mod:`.document`) on the first
  call and kept in ``app.openapi_schema``, so later calls (and requests) reuse it. As in
  FastAPI, routes added after that first call are not in the cached document;
* ``GET openapi_url`` (``/openapi.json``): that document as JSON;
* ``GET docs_url`` (``/docs``, Swagger UI) and ``GET redoc_url`` (``/redoc``, ReDoc): pages
  that load their scripts from ``GET static_url/<file>`` (``/static-offline-docs/...``),
  served from the installed fastapi-offline package (:mod:`.assets`), never from a CDN.

Each URL can be changed, or turned off with ``None``; without ``openapi_url`` there is no
document to show, so no page either. None of these routes is in the document itself::

    app = FastAPI(title="Shop", version="1.0.0", docs_url="/api-docs", redoc_url=None)
"""

from __future__ import annotations

from typing import Any

from chapters.ch07_dependencies import FastAPI as BaseFastAPI
from chapters.ch07_dependencies import HTMLResponse, JSONResponse, Request
from chapters.ch08_openapi.assets import OfflineAssets
from chapters.ch08_openapi.docs import get_redoc_html, get_swagger_ui_html
from chapters.ch08_openapi.document import get_openapi

__all__ = ["FastAPI"]


class FastAPI(BaseFastAPI):
    """The application, documented: every earlier option, plus the documentation's own."""

    def __init__(
        self,
        *,
        docs_url: str | None = "/docs",
        redoc_url: str | None = "/redoc",
        static_url: str = "/static-offline-docs",
        swagger_ui_parameters: dict[str, Any] | None = None,
        openapi_version: str = "3.1.0",
        servers: list[dict[str, Any]] | None = None,
        terms_of_service: str | None = None,
        contact: dict[str, Any] | None = None,
        license_info: dict[str, Any] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.docs_url, self.redoc_url, self.static_url = docs_url, redoc_url, static_url
        self.swagger_ui_parameters = swagger_ui_parameters
        self.openapi_version, self.servers = openapi_version, list(servers or [])
        self.terms_of_service, self.contact = terms_of_service, contact
        self.license_info = license_info
        self.openapi_schema: dict[str, Any] | None = None
        self.assets = OfflineAssets()
        self.setup()

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI document of this application, built once (then cached)."""
        if self.openapi_schema is None:
            self.openapi_schema = get_openapi(
                title=self.title,
                version=self.version,
                openapi_version=self.openapi_version,
                summary=self.summary,
                description=self.description,
                routes=self.routes,
                tags=self.openapi_tags,
                servers=self.servers,
                terms_of_service=self.terms_of_service,
                contact=self.contact,
                license_info=self.license_info,
            )
        return self.openapi_schema

    def setup(self) -> None:
        """Register the document's route and the pages' routes (hidden from the document)."""
        if self.openapi_url is None:
            return
        self.add_route(self.openapi_url, self.openapi_json, include_in_schema=False)
        if self.docs_url is None and self.redoc_url is None:
            return
        self.add_route(
            f"{self.static_url}/{{name}}",
            self.assets.serve,
            name="static-offline-docs",
            include_in_schema=False,
        )
        if self.docs_url is not None:
            self.add_route(self.docs_url, self.swagger_ui_html, include_in_schema=False)
        if self.redoc_url is not None:
            self.add_route(self.redoc_url, self.redoc_html, include_in_schema=False)

    async def openapi_json(self, request: Request) -> JSONResponse:
        return JSONResponse(self.openapi())

    async def swagger_ui_html(self, request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(
            openapi_url=f"{root}{self.openapi_url}",
            title=f"{self.title} - Swagger UI",
            swagger_js_url=f"{root}{self.static_url}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{self.static_url}/swagger-ui.css",
            swagger_favicon_url=f"{root}{self.static_url}/favicon.png",
            swagger_ui_parameters=self.swagger_ui_parameters,
        )

    async def redoc_html(self, request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_redoc_html(
            openapi_url=f"{root}{self.openapi_url}",
            title=f"{self.title} - ReDoc",
            redoc_js_url=f"{root}{self.static_url}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{self.static_url}/favicon.png",
        )
