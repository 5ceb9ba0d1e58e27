"""The static files under ``/files/``, served by the real server.

Everything goes over a raw socket, so the target reaches the server exactly as written:
a client library would normalise ``/../`` or refuse a backslash before the server ever saw
them, and then the traversal tests would prove nothing. A secret file sits next to (outside)
the served directory; no response may ever contain it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from chapters.ch02_http.app import make_app
from chapters.ch02_http.server import HTTPServer
from tests.ch02_http.raw_http import HOST, TIMEOUT, RawClient, get, running

SECRET = f"TOP-SECRET-{uuid.uuid4().hex}".encode()
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 600 + os.urandom(50_000)  # > 3 read chunks
HELLO = "héllo, wörld\n".encode()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``<tmp>/site`` is served; ``<tmp>/secret.txt`` and ``<tmp>/outside/`` must stay unreachable."""
    base = tmp_path_factory.mktemp("static")
    (base / "secret.txt").write_bytes(SECRET)
    (base / "outside").mkdir()
    (base / "outside" / "secret2.txt").write_bytes(SECRET)
    site = base / "site"
    site.mkdir()
    files = {
        "hello.txt": HELLO,
        "page.html": b"<!doctype html><title>page</title>",
        "style.css": b"body { color: red }",
        "app.js": b"console.log('hi');",
        "data.json": b'{"a": 1}',
        "image.png": PNG,
        "blob.xyzzy42": b"\x00\x01\x02",
        "<b>&.txt": b"escaped name",
        "a.txt": b"plain a",
    }
    for name, content in files.items():
        (site / name).write_bytes(content)
    (site / "sub").mkdir()
    (site / "sub" / "nested.txt").write_bytes(b"nested")
    (site / "docs").mkdir()
    (site / "docs" / "index.html").write_bytes(b"<h1>docs index</h1>")
    (site / "<script>").mkdir()
    (site / "link_secret").symlink_to(base / "secret.txt")
    (site / "link_outside").symlink_to(base / "outside", target_is_directory=True)
    (site / "alias.txt").symlink_to(site / "hello.txt")  # a link that stays inside is fine
    (site / "loop").symlink_to(site / "loop")
    return site


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[HTTPServer]:
    with running(make_app(site)) as server:
        yield server


def fetch_all(port: int, target: str, method: str = "GET") -> tuple[int, bytes]:
    """Send one request with the target verbatim; return the status and every byte received."""
    with RawClient(port) as client:
        client.send(
            f"{method} {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n".encode(
                "latin-1"
            )
        )
        data = client.read_until_close()
    assert data.startswith(b"HTTP/1.1 "), data[:100]
    return int(data.split(b" ", 2)[1]), data


# -- files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content_types",
    [
        ("hello.txt", {"text/plain; charset=utf-8"}),
        ("page.html", {"text/html; charset=utf-8"}),
        ("style.css", {"text/css; charset=utf-8"}),
        ("app.js", {"text/javascript; charset=utf-8", "application/javascript; charset=utf-8"}),
        ("data.json", {"application/json; charset=utf-8"}),
        ("image.png", {"image/png"}),
        ("blob.xyzzy42", {"application/octet-stream"}),
    ],
)
def test_file_has_its_content_type_and_length(
    server: HTTPServer, site: Path, name: str, content_types: set[str]
) -> None:
    response = get(server.port, f"/files/{name}")
    expected = (site / name).read_bytes()
    assert response.status == 200
    assert response.header("content-type") in content_types
    assert response.header("content-length") == str(len(expected))
    assert response.body == expected


def test_binary_file_is_byte_exact_with_requests(server: HTTPServer) -> None:
    response = requests.get(f"http://{HOST}:{server.port}/files/image.png", timeout=TIMEOUT)
    assert response.status_code == 200
    assert len(response.content) == len(PNG)
    assert response.content == PNG


def test_percent_encoded_name_is_decoded(server: HTTPServer) -> None:
    response = get(server.port, "/files/%3Cb%3E%26.txt")
    assert (response.status, response.body) == (200, b"escaped name")


def test_symlink_that_stays_inside_is_served(server: HTTPServer) -> None:
    response = get(server.port, "/files/alias.txt")
    assert (response.status, response.body) == (200, HELLO)


def test_missing_file_is_404(server: HTTPServer) -> None:
    for target in ("/files/missing.txt", "/files/sub/missing/deeper", "/files/hello.txt/more"):
        response = get(server.port, target)
        assert (response.status, response.body) == (404, b"Not Found\n"), target


@pytest.mark.parametrize(
    "target", ["/files/" + "a" * 300, "/files/" + "a/" * 2100, "/files/loop", "/files/loop/x"]
)
def test_names_the_os_refuses_are_404_not_500(server: HTTPServer, target: str) -> None:
    """A name too long for the file system, a symlink loop: not there, so 404."""
    assert get(server.port, target).status == 404


def test_post_is_405_with_allow(server: HTTPServer) -> None:
    for target in ("/files/hello.txt", "/files/sub/", "/files/missing"):
        with RawClient(server.port) as client:
            client.send(f"POST {target} HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx".encode())
            response = client.read_response()
        assert response.status == 405, target
        assert response.header("allow") == "GET, HEAD"


def test_head_gives_the_headers_without_the_body(server: HTTPServer) -> None:
    with RawClient(server.port) as client:
        # Pipelined: if HEAD sent any body, the next response's status line would not come next.
        client.send(
            b"HEAD /files/image.png HTTP/1.1\r\nHost: t\r\n\r\nGET /files/a.txt HTTP/1.1\r\nHost: t\r\n\r\n"
        )
        head = client.read_response(method=b"HEAD")
        following = client.read_response()
    assert head.status == 200
    assert head.header("content-type") == "image/png"
    assert head.header("content-length") == str(len(PNG))
    assert following.body == b"plain a"


# -- directories ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target, location",
    [("/files/sub", "/files/sub/"), ("/files/sub?x=1", "/files/sub/?x=1"), ("/files", "/files/")],
)
def test_directory_without_trailing_slash_redirects(
    server: HTTPServer, target: str, location: str
) -> None:
    response = get(server.port, target)
    assert response.status == 301
    assert response.header("location") == location
    assert response.body == b""


def test_requests_follows_the_redirect_to_the_listing(server: HTTPServer) -> None:
    response = requests.get(f"http://{HOST}:{server.port}/files/sub", timeout=TIMEOUT)
    assert response.history[0].status_code == 301
    assert response.url.endswith("/files/sub/")
    assert 'href="nested.txt"' in response.text


def test_directory_with_index_html_serves_it(server: HTTPServer) -> None:
    response = get(server.port, "/files/docs/")
    assert response.status == 200
    assert response.header("content-type") == "text/html; charset=utf-8"
    assert response.body == b"<h1>docs index</h1>"


def test_listing_escapes_names(server: HTTPServer) -> None:
    response = get(server.port, "/files/")
    assert response.status == 200
    assert response.header("content-type") == "text/html; charset=utf-8"
    page = response.body.decode()
    assert "<title>Index of /files/</title>" in page
    assert '<a href="%3Cb%3E%26.txt">&lt;b&gt;&amp;.txt</a>' in page
    assert "<b>&" not in page
    assert '<a href="sub/">sub/</a>' in page
    assert '<a href="%3Cscript%3E/">&lt;script&gt;/</a>' in page
    assert "<script>" not in page
    assert page.index("a.txt") < page.index("hello.txt") < page.index("sub/")  # sorted


def test_listing_title_escapes_the_path(server: HTTPServer) -> None:
    response = get(server.port, "/files/%3Cscript%3E/")
    assert response.status == 200
    assert b"Index of /files/&lt;script&gt;/" in response.body
    assert b"<script>" not in response.body


def test_listing_survives_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"latin-1 name")
    (tmp_path / "ok.txt").write_bytes(b"ok")
    with running(make_app(tmp_path)) as server:
        response = get(server.port, "/files/")
    assert response.status == 200
    assert b'href="caf%E9.txt"' in response.body  # the name's real bytes, percent-encoded
    assert b'href="ok.txt"' in response.body


# -- traversal -----------------------------------------------------------------------------

TRAVERSALS = [
    "/files/../secret.txt",
    "/files/..",
    "/files/../",
    "/files/%2e%2e/secret.txt",
    "/files/%2E%2E%2Fsecret.txt",
    "/files/..%2fsecret.txt",
    "/files/.%2e/secret.txt",
    "/files/%2e%2e",
    "/files/sub/../../secret.txt",
    "/files/./../secret.txt",
    "/files/....//secret.txt",
    "/files/%252e%252e/secret.txt",
    "/files//etc/passwd",
    "/files/%2fetc%2fpasswd",
    "/files/..\\secret.txt",
    "/files/%5c..%5csecret.txt",
    "/files/..%5csecret.txt",
    "/files/C:/Windows/win.ini",
    "/files/C:%5cWindows%5cwin.ini",
    "/files/%00",
    "/files/a.txt%00.png",
    "/files/%ff",
    "/files/%ff/../secret.txt",
    "/files/%c0%ae%c0%ae/secret.txt",  # overlong UTF-8 for "..": invalid, refused
    "/files/link_secret",
    "/files/link_outside",
    "/files/link_outside/",
    "/files/link_outside/secret2.txt",
    "/files/link_outside/%2e%2e/secret.txt",
    "/%2e%2e/secret.txt",
    "/files%2f..%2fsecret.txt",
    "http://test/files/../secret.txt",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_traversal_is_refused(server: HTTPServer, target: str) -> None:
    status, data = fetch_all(server.port, target)
    assert status in (400, 404), data[:300]
    assert SECRET not in data
    assert b"secret" not in data.lower()  # not even a listing that names the secret files
    assert b"root:" not in data  # /etc/passwd


def test_secret_content_is_really_there_to_be_found(site: Path) -> None:
    """The traversal tests would pass vacuously if the secrets were not where they aim."""
    assert (site / ".." / "secret.txt").read_bytes() == SECRET
    assert (site / "link_secret").read_bytes() == SECRET
    assert (site / "link_outside" / "secret2.txt").read_bytes() == SECRET
