"""``/docs`` and ``/redoc`` in a real browser, offline: headless Chromium renders every operation.

The demo app runs on chapter 04's server on a free port; Chromium may resolve no host but
127.0.0.1, as a machine without internet. A page passes when the API's title and each
operation of ``app.openapi()`` are on the rendered page, every request it made went to our
server and succeeded, and it reported no problem (no uncaught exception, no
``console.error``, no failed load). The last test shows that a broken page does fail.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from chapters.ch04_asgi import Server
from chapters.ch08_openapi import FastAPI, HTMLResponse
from chapters.ch08_openapi.demo import app as demo_app
from chapters.support import serve_in_background
from tests.ch08_openapi.browser import Chromium, Visit

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="needs Debian's chromium on PATH (.ci/run installs it where it can run apt-get)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    with Chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_in_background(Server(demo_app, "127.0.0.1", 0, access_log=False)) as server:
        yield f"http://127.0.0.1:{server.port}"


def operations() -> list[tuple[str, str, dict[str, str]]]:
    """(method, path, operation) for every operation of the demo's document."""
    paths = demo_app.openapi()["paths"]
    return [(method, path, op) for path, item in paths.items() for method, op in item.items()]


# ReDoc's sidebar footer ("API docs by Redocly") shows a logo whose URL is written into
# redoc.standalone.js; offline the load fails and ReDoc's onError handler removes the image.
# That one decorative request is the only one allowed to leave the machine, and it must fail.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def assert_offline_and_clean(
    visit: Visit, base_url: str, expected: list[str], allowed: tuple[str, ...] = ()
) -> None:
    """No problem reported, nothing fetched from elsewhere, each ``expected`` path a 200."""
    problems = [p for p in visit.problems if not any(url in p for url in allowed)]
    assert problems == []
    network = [url for url in visit.requested if url.startswith(("http:", "https:"))]  # not data:
    elsewhere = [url for url in network if not url.startswith(base_url + "/")]
    assert set(elsewhere) <= set(allowed), "the page tried to reach another host"
    found = {path: visit.statuses.get(base_url + path) for path in expected}
    assert found == dict.fromkeys(expected, 200)


def test_swagger_ui_shows_the_title_and_every_operation(browser: Chromium, base_url: str) -> None:
    count = len(operations())
    visit = browser.open(
        f"{base_url}/docs",
        until=f"document.querySelectorAll('.opblock').length === {count}"
        " && document.readyState === 'complete'",
    )
    title = browser.evaluate("document.querySelector('.info .title').innerText")
    assert title.startswith("Shop")
    rendered = browser.evaluate(
        "[...document.querySelectorAll('.opblock-summary')].map(e => [e.querySelector("
        "'.opblock-summary-method').innerText, e.querySelector('.opblock-summary-path')"
        ".dataset.path, e.querySelector('.opblock-summary-description').innerText])"
    )
    expected = [[method.upper(), path, op["summary"]] for method, path, op in operations()]
    assert sorted(rendered) == sorted(expected)
    assert_offline_and_clean(
        visit,
        base_url,
        ["/docs", "/openapi.json", "/static-offline-docs/swagger-ui-bundle.js",
         "/static-offline-docs/swagger-ui.css"],
    )  # fmt: skip


def test_redoc_shows_the_title_and_every_operation(browser: Chromium, base_url: str) -> None:
    ids = [op["operationId"] for _, _, op in operations()]
    selector = " && ".join(f"document.getElementById('operation/{id_}')" for id_ in ids)
    visit = browser.open(
        f"{base_url}/redoc", until=f"{selector} && document.readyState === 'complete'"
    )
    heading = browser.evaluate("document.querySelector('h1').innerText")
    assert heading.startswith("Shop")
    texts = browser.evaluate(
        f"{json.dumps(ids)}.map(id => document.getElementById('operation/' + id).innerText)"
    )
    for text, (method, path, op) in zip(texts, operations(), strict=True):
        assert op["summary"] in text and path in text and method.upper() in text.upper()
    assert_offline_and_clean(
        visit,
        base_url,
        ["/redoc", "/openapi.json", "/static-offline-docs/redoc.standalone.js"],
        allowed=(REDOC_LOGO,),
    )


def test_screenshot_of_the_docs_is_a_png(browser: Chromium, base_url: str, tmp_path: Path) -> None:
    browser.open(f"{base_url}/docs", until="document.querySelector('.opblock')")
    browser.screenshot(tmp_path / "docs.png")
    png = (tmp_path / "docs.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 1200 and height > 800  # the window is 1280 wide, less a scrollbar


BROKEN_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title>
<link rel="icon" href="data:,"></head><body>
<script src="/missing.js"></script>
<script src="https://cdn.example.com/swagger-ui-bundle.js"></script>
<script>console.error("drawn wrong")</script>
<script>undefinedFunction()</script>
</body></html>"""


def test_a_broken_page_is_reported(browser: Chromium) -> None:
    """The checks above can fail: a 404 script, a CDN script, console.error, an exception."""
    app = FastAPI(openapi_url=None)

    @app.get("/broken", response_class=HTMLResponse)
    def broken() -> HTMLResponse:
        return HTMLResponse(BROKEN_PAGE)

    with serve_in_background(Server(app, "127.0.0.1", 0, access_log=False)) as server:
        base = f"http://127.0.0.1:{server.port}"
        visit = browser.open(f"{base}/broken", until="document.readyState === 'complete'")
    problems = "\n".join(visit.problems)
    assert "404" in problems and "ERR_NAME_NOT_RESOLVED" in problems
    assert "console.error: drawn wrong" in problems
    assert "undefinedFunction is not defined" in problems
    assert "https://cdn.example.com/swagger-ui-bundle.js" in visit.requested
