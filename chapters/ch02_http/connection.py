"""The sans-IO HTTP/1.1 connection, server side (RFC 9112).

"Sans-IO" means this object never touches a socket. You hand it the bytes you received
(:meth:`Connection.receive_data`) and ask for events (:meth:`Connection.next_event`); you
hand it events to send (:meth:`Connection.send`) and it gives you the bytes to write. The
same object therefore drives a threaded server (chapters 02 and 03), an asyncio server
(chapter 04) and a test that feeds it bytes one at a time: h11 works the same way.

A server's loop, in full::

    conn = Connection()
    while True:
        event = conn.next_event()
        if event is NEED_DATA:
            conn.receive_data(sock.recv(65536))    # b"" means the client closed
        elif isinstance(event, Request):
            ...                                    # read Data events up to EndOfMessage,
            sock.sendall(conn.send(Response(...)))  # then answer: Response, Data, EndOfMessage
        elif event is ConnectionClosed() or conn.our_state is MUST_CLOSE:
            break
"""

from __future__ import annotations

from chapters.ch02_http import framing
from chapters.ch02_http.errors import LocalProtocolError, RemoteProtocolError
from chapters.ch02_http.events import (
    NEED_DATA,
    PAUSED,
    ConnectionClosed,
    Data,
    EndOfMessage,
    Event,
    InformationalResponse,
    Request,
    Response,
    Sentinel,
)
from chapters.ch02_http.head import HEAD_END, LEADING_EMPTY_LINES, parse_request_head
from chapters.ch02_http.readers import ChunkedReader, ContentLengthReader
from chapters.ch02_http.state import (
    CLOSED,
    DONE,
    ERROR,
    IDLE,
    MUST_CLOSE,
    SEND_BODY,
    ConnectionState,
    State,
)
from chapters.ch02_http.writers import BodyWriter

DEFAULT_MAX_HEADER_SIZE = 64 * 1024
DEFAULT_MAX_BODY_SIZE = 16 * 1024 * 1024


class Connection:
    """One HTTP/1.1 connection seen from the server: bytes in, events out, events in, bytes out.

    ``max_header_size`` bounds the request head (431 beyond it); ``max_body_size`` bounds a
    request body (413 beyond it; ``None`` for no limit).
    """

    def __init__(
        self,
        *,
        max_header_size: int = DEFAULT_MAX_HEADER_SIZE,
        max_body_size: int | None = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        self.max_header_size = max_header_size
        self.max_body_size = max_body_size
        self._state = ConnectionState()
        self._buffer = bytearray()
        self._closed = False  # the client closed its side: no more bytes will come
        self._head_search_from = 0
        self._reader: ChunkedReader | ContentLengthReader | None = None
        self._writer: BodyWriter | None = None
        self._request_method: bytes | None = None
        self._client_version: bytes | None = None
        self._waiting_for_100 = False

    # -- what a server reads off the connection ---------------------------------------

    @property
    def their_state(self) -> State:
        """The client's state (see :mod:`chapters.ch02_http.state`)."""
        return self._state.client

    @property
    def our_state(self) -> State:
        """The server's state. ``MUST_CLOSE`` means: close the socket now."""
        return self._state.server

    @property
    def keep_alive(self) -> bool:
        return self._state.keep_alive

    @property
    def they_are_waiting_for_100_continue(self) -> bool:
        """The client sent ``Expect: 100-continue`` and waits for our go before its body.

        Send ``InformationalResponse(status_code=100)`` when you want the body, or answer
        with a final response (say 413) if you don't.
        """
        return self._waiting_for_100

    @property
    def trailing_data(self) -> tuple[bytes, bool]:
        """Bytes received but not parsed yet, and whether the client has closed."""
        return bytes(self._buffer), self._closed

    # -- receiving -----------------------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Add bytes read from the socket. ``b""`` says the client closed its side."""
        if data:
            if self._closed:
                raise RuntimeError("received data after the end of the stream")
            self._buffer += data
        else:
            self._closed = True

    def next_event(self) -> Event | Sentinel:
        """Return the next event, or ``NEED_DATA`` / ``PAUSED`` (see :class:`Sentinel`)."""
        if self._state.client is ERROR:
            raise RemoteProtocolError("can't read from a client in state ERROR")
        try:
            event = self._next_event()
        except RemoteProtocolError:
            self._state.client_error()
            raise
        if not isinstance(event, Sentinel):
            self._state.client_event(type(event))
        return event

    def _next_event(self) -> Event | Sentinel:
        state = self._state.client
        if state is IDLE:
            return self._read_head()
        if state is DONE or (state is MUST_CLOSE and self._state.server in (IDLE, SEND_BODY)):
            return PAUSED  # answer this request before anything else is read
        if state is MUST_CLOSE or state is CLOSED:
            self._buffer.clear()  # anything after "Connection: close" is ignored
            return ConnectionClosed() if self._closed else NEED_DATA
        assert self._reader is not None  # state is SEND_BODY
        event = self._reader.read(self._buffer)
        if event is None:
            return self._reader.read_eof() if self._closed else NEED_DATA
        self._waiting_for_100 = False  # the body is arriving (or was empty): no more waiting
        return event

    def _read_head(self) -> Request | ConnectionClosed | Sentinel:
        buffer = self._buffer
        if buffer[:1] in (b"\r", b"\n"):
            # RFC 9112 §2.2: ignore empty lines before the request line (old clients send
            # an extra CRLF after a POST body).
            empty_lines = LEADING_EMPTY_LINES.match(buffer)
            if empty_lines:
                del buffer[: empty_lines.end()]
        match = HEAD_END.search(buffer, self._head_search_from)
        if match is None:
            return self._incomplete_head()
        if match.start() > self.max_header_size:
            raise self._head_too_large()
        head = bytes(buffer[: match.start() + 1])  # up to and with the last line's "\n"
        del buffer[: match.end()]
        self._head_search_from = 0
        request = parse_request_head(head)
        self._start_cycle(request)
        return request

    def _incomplete_head(self) -> ConnectionClosed | Sentinel:
        buffer = self._buffer
        # No empty line yet, so the head's end can start 2 bytes from the end at the
        # earliest: only beyond that is the head surely too large. (Checking len(buffer)
        # would refuse, when cut just before its last byte, a head that fits exactly.)
        if len(buffer) - 2 > self.max_header_size:
            raise self._head_too_large()
        if self._closed:
            if buffer:
                raise RemoteProtocolError("connection closed in the middle of the request head")
            return ConnectionClosed()
        # The empty line can't start earlier than 2 bytes from the end: don't search again.
        self._head_search_from = max(0, len(buffer) - 2)
        return NEED_DATA

    def _head_too_large(self) -> RemoteProtocolError:
        """414 if the request line alone is over the limit, else 431.

        Decided from the first ``max_header_size`` bytes only, so that the answer is the
        same whether the head arrived whole or cut anywhere by TCP.
        """
        if self._buffer.find(b"\n", 0, self.max_header_size) == -1:
            return RemoteProtocolError("request line too long", status_hint=414)
        return RemoteProtocolError("request header section too large", status_hint=431)

    def check_request(self, request: Request) -> None:
        """A hook for limits of your own: called with every request head, before its body.

        Raise :class:`RemoteProtocolError` (with a ``status_hint``) to refuse the request;
        the client is then in state ERROR, as for any bad bytes. The default accepts all.
        """

    def _start_cycle(self, request: Request) -> None:
        fields = framing.framing_fields(request.headers)
        version = request.http_version
        framing.check_host(fields, version)
        self.check_request(request)
        self._reader = framing.request_body_reader(fields, version, self.max_body_size)
        self._request_method = request.method
        self._client_version = version
        self._waiting_for_100 = framing.client_expects_100_continue(fields, version)
        if not framing.client_wants_keep_alive(fields, version):
            self._state.disable_keep_alive()

    # -- sending -------------------------------------------------------------------------

    def send(self, event: Event) -> bytes:
        """Return the bytes that put ``event`` on the wire (write them to the socket)."""
        event_type = type(event)
        next_state = self._state.check_server_event(event_type)  # raises if out of order
        try:
            data = self._serialize(event)
        except LocalProtocolError:
            if event_type not in (Response, InformationalResponse):
                self._state.server_error()  # part of a response is out: it can't be fixed
            raise  # a refused head sent nothing: the caller may still send another (a 500)
        self._state.move_server(next_state)
        return data

    def _serialize(self, event: Event) -> bytes:
        if type(event) is Response:
            return self._send_response(event)
        if type(event) is InformationalResponse:
            return self._send_informational(event)
        if type(event) is Data:
            assert self._writer is not None
            return self._writer.write(event.data)
        if type(event) is EndOfMessage:
            assert self._writer is not None
            data = self._writer.end(event.headers)
            self._writer = None
            # The response is complete: forget its request, so that an error response to
            # a next request that can't be parsed is not framed for this one (a HEAD would
            # drop its body).
            self._request_method = self._client_version = None
            if self._state.client not in (DONE, MUST_CLOSE, CLOSED):
                # We answered before the whole request arrived (an early 413, say): where
                # its body ends is unknown, so the connection can't be reused.
                self._state.disable_keep_alive()
            return data
        return b""  # ConnectionClosed: nothing to write, just close the socket

    def _send_response(self, response: Response) -> bytes:
        framing.check_response_headers(response.headers)
        self._waiting_for_100 = False
        writer, headers, keep_alive = framing.response_writer(
            response,
            request_method=self._request_method,
            client_version=self._client_version,
            keep_alive=self._state.keep_alive,
        )
        self._writer = writer
        if not keep_alive:
            self._state.disable_keep_alive()
        return framing.serialize_head(framing.status_line(response.status_code, response.reason), headers)

    def _send_informational(self, response: InformationalResponse) -> bytes:
        if self._client_version == b"1.0":
            raise LocalProtocolError("an HTTP/1.0 client can't receive a 1xx response")
        framing.check_response_headers(response.headers)
        if response.status_code == 100:
            self._waiting_for_100 = False
        return framing.serialize_head(framing.status_line(response.status_code, response.reason), response.headers)
