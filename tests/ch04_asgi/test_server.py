"""The chapter 04 server with real clients over 127.0.0.1: ``requests``, ``http.client``, raw sockets.

Every test takes the ``serve`` fixture, so it runs twice: on our server and on uvicorn with
the same raw ASGI app (``tests/ch04_asgi/apps.py``). Where both pass, our server behaves as
the reference does.
"""

from __future__ import annotations

import hashlib
import http.client
import json
from collections.abc import Iterator

import requests

from tests.ch02_http.raw_http import RawClient
from tests.ch04_asgi import apps
from tests.ch04_asgi.servers import HOST, TIMEOUT, ServeFn, running_ours


def digest(data: bytes) -> str:
    """Compare 1 MB bodies by hash: a failure prints two short strings, not a 1 MB diff."""
    return f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}"


def test_get_with_requests(serve: ServeFn) -> None:
    with serve(apps.hello) as server:
        response = requests.get(server.url(), timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.raw.version == 11
    assert response.content == apps.HELLO
    assert response.headers["Content-Length"] == str(len(apps.HELLO))
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_one_hundred_requests_on_one_keep_alive_connection(serve: ServeFn) -> None:
    """The app sees one client address for all 100 requests: one connection, reused."""
    recorder = apps.ConnectionRecorder()
    with serve(recorder) as server:
        client = http.client.HTTPConnection(HOST, server.port, timeout=TIMEOUT)
        try:
            for i in range(1, 101):
                client.request("GET", "/")
                response = client.getresponse()
                assert (response.status, response.read()) == (200, b"request %d" % i)
            local_address = client.sock.getsockname()
        finally:
            client.close()
    assert len(recorder.clients) == 100
    assert set(recorder.clients) == {tuple(local_address)}


def test_chunked_upload(serve: ServeFn) -> None:
    pieces = [b"a" * 10, b"b" * 5000, b"c"]

    def body() -> Iterator[bytes]:  # a generator: requests sends it chunked
        yield from pieces

    with serve(apps.echo) as server:
        response = requests.post(server.url("/echo"), data=body(), timeout=TIMEOUT)
    assert response.request.headers["Transfer-Encoding"] == "chunked"
    assert response.status_code == 200
    assert response.content == b"".join(pieces)


def test_one_megabyte_up_and_back(serve: ServeFn) -> None:
    data = apps.megabyte()
    with serve(apps.echo) as server:
        response = requests.post(server.url("/echo"), data=data, timeout=TIMEOUT)
    assert response.status_code == 200
    assert digest(response.content) == digest(data)
    assert int(response.headers["x-messages"]) >= 1


def test_one_megabyte_download_streamed_in_pieces(serve: ServeFn) -> None:
    with serve(apps.download) as server:
        client = http.client.HTTPConnection(HOST, server.port, timeout=TIMEOUT)
        try:
            client.request("GET", "/download")
            response = client.getresponse()
            body = response.read()
        finally:
            client.close()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert digest(body) == digest(apps.megabyte())


def test_a_streaming_response_arrives_piece_by_piece(serve: ServeFn) -> None:
    """The client reads the first piece while the app still holds the second back."""
    app = apps.Streamer()
    with serve(app) as server, RawClient(server.port) as client:
        client.send(b"GET /stream HTTP/1.1\r\nHost: test\r\n\r\n")
        head = client.read_head()
        assert head.status == 200
        assert head.header("transfer-encoding") == "chunked"
        assert client._take_line() == b"5"  # the first chunk, before the app may go on
        assert client._take(7) == b"first\r\n"
        assert not app.release.is_set()
        app.release.set()
        assert client._take_line() == b"6"
        assert client._take(8) == b"second\r\n"
        assert client._take(5) == b"0\r\n\r\n"


def test_pipelined_requests_are_answered_in_order(serve: ServeFn) -> None:
    with serve(apps.path_echo) as server, RawClient(server.port) as client:
        client.send(b"".join(b"GET /%d HTTP/1.1\r\nHost: test\r\n\r\n" % i for i in range(1, 6)))
        bodies = [client.read_response().body for _ in range(5)]
    assert bodies == [b"/1", b"/2", b"/3", b"/4", b"/5"]


def test_pipelined_posts_with_bodies(serve: ServeFn) -> None:
    requests_ = [b"POST / HTTP/1.1\r\nHost: test\r\nContent-Length: %d\r\n\r\n%s" % (len(b), b) for b in (b"one", b"two!", b"")]
    with serve(apps.echo) as server, RawClient(server.port) as client:
        client.send(b"".join(requests_))
        bodies = [client.read_response().body for _ in range(3)]
    assert bodies == [b"one", b"two!", b""]


# -- 100-continue ---------------------------------------------------------------------------


def nothing_received_yet(client: RawClient) -> bool:
    client.sock.setblocking(False)
    try:
        data = client.sock.recv(1024)
    except BlockingIOError:
        return True
    finally:
        client.sock.settimeout(TIMEOUT)
    client.buffer += data
    return False


def test_100_continue_is_sent_only_when_the_app_asks_for_the_body(serve: ServeFn) -> None:
    app = apps.ContinueApp()
    with serve(app) as server, RawClient(server.port) as client:
        client.send(b"POST /read HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        assert app.entered.wait(TIMEOUT)
        # The app runs but has not called receive(): a "go" now would be a promise the app
        # did not make. (Bytes written before the app started would be here by now.)
        assert nothing_received_yet(client), bytes(client.buffer)
        app.go.set()
        interim = client.read_head()
        assert (interim.status, interim.reason) == (100, b"Continue")
        client.send(b"hello")
        response = client.read_response()
    assert (response.status, response.body) == (200, b"hello")


def test_an_app_that_refuses_without_reading_sends_no_100(serve: ServeFn) -> None:
    app = apps.ContinueApp()
    with serve(app) as server, RawClient(server.port) as client:
        client.send(b"POST /reject HTTP/1.1\r\nHost: test\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n")
        response = client.read_response()
        assert (response.status, response.body) == (413, b"too large")
        assert b" 100 " not in response.head


# -- response framing and HEAD ----------------------------------------------------------------


def test_head_keeps_the_content_length_and_sends_no_body(serve: ServeFn) -> None:
    with serve(apps.hello) as server, RawClient(server.port) as client:
        client.send(b"HEAD / HTTP/1.1\r\nHost: test\r\n\r\n")
        head = client.read_response(method=b"HEAD")
        assert head.status == 200
        assert head.header("content-length") == str(len(apps.HELLO))
        # A body after the head would be read as the start of the next response here.
        client.send(b"GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        following = client.read_response()
        assert (following.status, following.body) == (200, apps.HELLO)
        assert client.read_until_close() == b""


def test_a_response_with_content_length_is_not_chunked(serve: ServeFn) -> None:
    with serve(apps.framing) as server, RawClient(server.port) as client:
        client.send(b"GET /length HTTP/1.1\r\nHost: test\r\n\r\n")
        response = client.read_response()
    assert response.header("content-length") == "13"
    assert response.header("transfer-encoding") is None
    assert response.body == apps.HELLO


def test_a_response_without_content_length_is_chunked(serve: ServeFn) -> None:
    with serve(apps.framing) as server, RawClient(server.port) as client:
        client.send(b"GET /chunks HTTP/1.1\r\nHost: test\r\n\r\n")
        response = client.read_response()
        assert response.header("content-length") is None
        assert response.header("transfer-encoding") == "chunked"
        assert response.body == apps.HELLO
        client.send(b"GET /length HTTP/1.1\r\nHost: test\r\n\r\n")  # the framing ended cleanly
        assert client.read_response().body == apps.HELLO


def test_http_1_0_client_without_content_length_gets_the_body_until_close() -> None:
    """Ours only: uvicorn (httptools) sends chunked to an HTTP/1.0 client, which RFC 9112
    §7.1 forbids ("A server MUST NOT send a response containing Transfer-Encoding unless the
    corresponding request indicates HTTP/1.1")."""
    with running_ours(apps.framing) as server, RawClient(server.port) as client:
        client.send(b"GET /chunks HTTP/1.0\r\n\r\n")
        head = client.read_head()
        assert head.header("transfer-encoding") is None  # a 1.0 client does not know chunked
        assert client.read_until_close() == apps.HELLO


# -- the scope ----------------------------------------------------------------------------------


def test_scope_is_complete(serve: ServeFn) -> None:
    with serve(apps.scope_app) as server, RawClient(server.port) as client:
        client.send(
            b"GET /caf%C3%A9/a%2Fb?x=1&y=%20 HTTP/1.1\r\nHost: test\r\n"
            b"X-Mixed-Case: One\r\nX-Dup: 1\r\nAccept: */*\r\nX-Dup: 2\r\n\r\n"
        )
        response = client.read_response()
        client_address = list(client.sock.getsockname())
    scope = json.loads(response.body)
    assert scope["type"] == "http"
    assert scope["asgi"]["version"] == "3.0"
    assert scope["http_version"] == "1.1"
    assert scope["method"] == "GET"
    assert scope["scheme"] == "http"
    assert scope["path"] == "/café/a/b"  # percent-decoded (UTF-8) ...
    assert scope["raw_path"] == "/caf%C3%A9/a%2Fb"  # ... and as sent
    assert scope["query_string"] == "x=1&y=%20"  # never decoded
    assert scope["root_path"] == ""
    assert scope["headers"] == [  # names lowercased, order and repeats kept
        ["host", "test"],
        ["x-mixed-case", "One"],
        ["x-dup", "1"],
        ["accept", "*/*"],
        ["x-dup", "2"],
    ]
    assert scope["client"] == client_address
    assert scope["server"] == [HOST, server.port]


def test_scope_of_an_http_1_0_post(serve: ServeFn) -> None:
    with serve(apps.scope_app) as server, RawClient(server.port) as client:
        client.send(b"POST /form HTTP/1.0\r\nContent-Length: 0\r\n\r\n")
        scope = json.loads(client.read_response().body)
    assert (scope["method"], scope["http_version"], scope["path"], scope["query_string"]) == ("POST", "1.0", "/form", "")


def test_root_path_prefixes_path_and_raw_path(serve: ServeFn) -> None:
    with serve(apps.scope_app, root_path="/api") as server:
        scope = requests.get(server.url("/items?id=1"), timeout=TIMEOUT).json()
    assert scope["root_path"] == "/api"
    assert scope["path"] == "/api/items"
    assert scope["raw_path"] == "/api/items"
    assert scope["query_string"] == "id=1"
