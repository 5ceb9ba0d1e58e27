"""The documentation's routes: ``/openapi.json``, ``/docs``, ``/redoc`` and their offline files."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

import chapters.ch07_dependencies as ch07
import chapters.ch08_openapi as ch08
from chapters.ch08_openapi import (
    FastAPI,
    FastAPIError,
    TestClient,
    get_redoc_html,
    get_swagger_ui_html,
)
from chapters.ch08_openapi.assets import ASSETS, offline_assets_folder
from chapters.ch08_openapi.demo import app as demo_app

STATIC = Path(importlib.util.find_spec("fastapi_offline").submodule_search_locations[0]) / "static"  # type: ignore[union-attr,index]


def test_everything_chapter_07_exports_is_exported() -> None:
    assert set(ch07.__all__) <= set(ch08.__all__)
    assert {"get_openapi", "get_swagger_ui_html", "get_redoc_html"} <= set(ch08.__all__)
    assert issubclass(ch08.FastAPI, ch07.FastAPI)
    for name in set(ch07.__all__) - {"FastAPI"}:
        assert getattr(ch08, name) is getattr(ch07, name), name


def test_openapi_json_serves_the_cached_document() -> None:
    client = TestClient(demo_app)
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == demo_app.openapi()


def test_docs_page_loads_swagger_ui_from_our_own_static_route() -> None:
    response = TestClient(demo_app).get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert "<title>Shop - Swagger UI</title>" in page
    assert 'src="/static-offline-docs/swagger-ui-bundle.js"' in page
    assert 'href="/static-offline-docs/swagger-ui.css"' in page
    assert '"url": "/openapi.json"' in page
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page), "nothing from another host"


def test_redoc_page_loads_redoc_from_our_own_static_route() -> None:
    response = TestClient(demo_app).get("/redoc")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert '<redoc spec-url="/openapi.json"></redoc>' in page
    assert 'src="/static-offline-docs/redoc.standalone.js"' in page
    assert "fonts.googleapis.com" not in page


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
        ("swagger-ui.css", "text/css; charset=utf-8"),
        ("redoc.standalone.js", "text/javascript; charset=utf-8"),
        ("favicon.png", "image/png"),
    ],
)
def test_static_files_come_from_the_installed_package(name: str, content_type: str) -> None:
    response = TestClient(demo_app).get(f"/static-offline-docs/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.content == (STATIC / name).read_bytes()


@pytest.mark.parametrize("name", ["core.py", "..%2F__init__.py", "swagger-ui-bundle.js.map"])
def test_only_the_listed_files_are_served(name: str) -> None:
    assert TestClient(demo_app).get(f"/static-offline-docs/{name}").status_code == 404


def test_the_package_folder_is_found_without_importing_it() -> None:
    assert offline_assets_folder() == STATIC
    assert set(ASSETS) <= {path.name for path in STATIC.iterdir()}


def test_urls_are_configurable() -> None:
    app = FastAPI(
        title="Custom",
        openapi_url="/api/schema.json",
        docs_url="/api/docs",
        redoc_url="/api/redoc",
        static_url="/assets",
        swagger_ui_parameters={"deepLinking": False, "docExpansion": "none"},
    )
    client = TestClient(app)
    assert client.get("/api/schema.json").json()["info"]["title"] == "Custom"
    docs = client.get("/api/docs").text
    assert '"url": "/api/schema.json"' in docs and 'src="/assets/swagger-ui-bundle.js"' in docs
    assert '"deepLinking": false' in docs and '"docExpansion": "none"' in docs
    assert 'spec-url="/api/schema.json"' in client.get("/api/redoc").text
    assert client.get("/assets/redoc.standalone.js").status_code == 200
    assert [client.get(url).status_code for url in ("/openapi.json", "/docs", "/redoc")] == [
        404,
        404,
        404,
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"docs_url": None}, {"/openapi.json": 200, "/docs": 404, "/redoc": 200}),
        ({"redoc_url": None}, {"/openapi.json": 200, "/docs": 200, "/redoc": 404}),
        (
            {"docs_url": None, "redoc_url": None},
            {"/openapi.json": 200, "/docs": 404, "/redoc": 404, "/static-offline-docs/favicon.png": 404},
        ),
        ({"openapi_url": None}, {"/openapi.json": 404, "/docs": 404, "/redoc": 404}),
    ],
)  # fmt: skip
def test_each_url_can_be_disabled(options: dict[str, None], expected: dict[str, int]) -> None:
    client = TestClient(FastAPI(**options))
    assert {url: client.get(url).status_code for url in expected} == expected


def test_pages_follow_the_root_path() -> None:
    client = TestClient(demo_app, root_path="/shop")
    docs = client.get("/docs").text
    assert '"url": "/shop/openapi.json"' in docs
    assert 'src="/shop/static-offline-docs/swagger-ui-bundle.js"' in docs


def test_html_is_escaped_where_it_lands() -> None:
    page = get_swagger_ui_html(
        openapi_url="/o.json",
        title="</title><script>alert(1)</script>",
        swagger_js_url="/a.js?x=1&y=2",
        swagger_css_url="/a.css",
        swagger_favicon_url="/f.png",
        swagger_ui_parameters={"note": "</script><script>alert(2)</script>"},
    ).body.decode()
    assert "<script>alert" not in page
    assert 'src="/a.js?x=1&amp;y=2"' in page
    assert "\\u003c/script\\u003e" in page
    redoc = get_redoc_html(
        openapi_url='/o.json" onload="alert(3)',
        title="T",
        redoc_js_url="/r.js",
        redoc_favicon_url="/f",
    ).body.decode()
    assert 'spec-url="/o.json&quot; onload=&quot;alert(3)"' in redoc


def test_a_missing_package_is_a_named_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    offline_assets_folder.cache_clear()
    try:
        app = FastAPI()  # constructing needs no package: the folder is looked up per request
        with pytest.raises(FastAPIError, match="pip install fastapi-offline"):
            TestClient(app).get("/static-offline-docs/favicon.png")
    finally:
        offline_assets_folder.cache_clear()
