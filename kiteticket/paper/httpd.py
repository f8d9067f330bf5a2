"""A small threaded HTTP/1.1 server with keep-alive for the WSGI app.

werkzeug's development server closes every connection ("Connection: close"), which would make each SDK call
open a new TCP connection; this server keeps the SDK's requests.Session connection alive, as Kite's servers do.
It also knows how to *reset* a connection (for the injected faults), and closes every open connection on
shutdown so that no handler thread outlives the server.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.client import HTTPException, LineTooLong
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BufferedIOBase
from typing import Any
from urllib.parse import unquote_to_bytes

from kiteticket.paper.config import WEBSOCKET_PATH
from kiteticket.paper.envelope import JSON, error_json
from kiteticket.paper.errors import KiteError
from kiteticket.paper.http_headers import parse_headers
from kiteticket.paper.request_body import DRAIN_BYTES, Body, declared_length
from kiteticket.paper.server import RESET_FLAG, WSGIApp

log = logging.getLogger(__name__)
# The ticker's connection handler: (socket, its buffered reader, the upgrade request as received).
WebSocketHandler = Callable[[socket.socket, BufferedIOBase, bytes], None]
_IDLE_SECONDS = 30  # a keep-alive connection idle this long is closed, like any server's idle timeout


class _NoHeaders:
    """A stream holding only the blank line that ends a header block, for http.server to read its headers from
    while the real ones are read by http_headers.py."""

    @staticmethod
    def readline(_limit: int = -1) -> bytes:
        return b"\r\n"


_NO_HEADERS: Any = _NoHeaders()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes: without this, 40 ms delayed ACKs
    server: PaperHTTPServer
    timeout = _IDLE_SECONDS

    def parse_request(self) -> bool:
        """http.server's own checks of the request line, then the headers read by http_headers.py rather than the
        email package (a fifth of serving an order), and http.server's handling of Connection and Expect."""
        stream, self.rfile = self.rfile, _NO_HEADERS  # http.server's header parse then reads an empty block
        try:
            if not super().parse_request():
                return False
        finally:
            self.rfile = stream
        try:
            self.headers = parse_headers(self.rfile)
        except LineTooLong as exc:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long", str(exc))
            return False
        except HTTPException as exc:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers", str(exc))
            return False
        return self._connection_and_expect()

    def _connection_and_expect(self) -> bool:
        """What http.server decides from these two headers once it has read them (the same steps, in its order)."""
        connection = self.headers.get("Connection", "").lower()
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive" and self.protocol_version >= "HTTP/1.1":
            self.close_connection = False
        expect = self.headers.get("Expect", "").lower()
        if expect == "100-continue" and self.protocol_version >= "HTTP/1.1" and self.request_version >= "HTTP/1.1":
            return self.handle_expect_100()
        return True

    # http.server dispatches on these names; any other method reaches send_error(501), answered as 405 below.
    def do_GET(self) -> None:
        if self._is_websocket_upgrade() and self.server.websocket is not None:
            self.close_connection = True  # whatever the outcome, this connection is not HTTP any more
            self.server.websocket(self.connection, self.rfile, self._raw_request())
            return
        self._run()

    def _is_websocket_upgrade(self) -> bool:
        return self.path.partition("?")[0].rstrip("/") == WEBSOCKET_PATH and "websocket" in (
            self.headers.get("Upgrade", "").lower()
        )

    def _raw_request(self) -> bytes:
        """The request as it came, for a protocol library that parses the upgrade itself."""
        lines = [self.requestline, *(f"{name}: {value}" for name, value in self.headers.items())]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def do_POST(self) -> None:
        self._run()

    def do_PUT(self) -> None:
        self._run()

    def do_DELETE(self) -> None:
        self._run()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s - %s", self.address_string(), format % args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Whatever http.server refuses (a bad request line, an unknown method, huge headers) is answered with
        Kite's JSON envelope, not its HTML page: the SDK crashes on anything but JSON (facts §4)."""
        if code == HTTPStatus.NOT_IMPLEMENTED:  # an unknown method: Kite's servers answer 405
            code, message = HTTPStatus.METHOD_NOT_ALLOWED, "Method not allowed"
        kind = "InputException" if 400 <= code < 500 and code != HTTPStatus.METHOD_NOT_ALLOWED else "GeneralException"
        self._answer_early(KiteError(message or HTTPStatus(code).phrase, kind, code))

    def _answer_early(self, exc: KiteError) -> None:
        """An error answered before the application runs; the connection is closed after it, since the body
        (if any) was not read and the next request on it could not be framed."""
        payload = error_json(exc)
        self.close_connection = True
        # http.server leaves an unreadable request line as HTTP/0.9, which has no headers: answer in 1.1 anyway.
        self.request_version = self.protocol_version
        self.send_response(exc.status)
        self.send_header("Content-Type", JSON)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        if getattr(self, "command", "") != "HEAD":
            self.wfile.write(payload)

    def _run(self) -> None:
        length = self._body_length()
        if length is None:
            return
        body = Body(self.rfile, length)
        environ = self._environ(body, length)
        status_headers: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            status_headers[:] = [status, headers]

        chunks = self.server.app(environ, start_response)
        payload = b"".join(chunks)
        if environ.get(RESET_FLAG):
            self.server.mark_reset(self.connection)
            self.close_connection = True
            return
        status, headers = status_headers
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason)
        for name, value in headers:
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        self._skip_unread(body)

    def _skip_unread(self, body: Body) -> None:
        """After the answer: the body the application did not read (a refused request's form) is skipped so
        the next request on the connection frames; a large one is not worth reading, the connection closes."""
        if body.remaining > DRAIN_BYTES:
            self.close_connection = True
        else:
            body.discard()

    def _body_length(self) -> int | None:
        """The declared body length, checked before a byte of the body is read; None when already answered."""
        length = declared_length(self.headers)
        if isinstance(length, KiteError):
            self._answer_early(length)
            return None
        return length

    def _environ(self, body: Body, length: int) -> dict[str, Any]:
        path, _, query = self.path.partition("?")
        host, port = self.server.server_address[:2]
        environ: dict[str, Any] = {
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(length),
            "SERVER_NAME": str(host),
            "SERVER_PORT": str(port),
            "SERVER_PROTOCOL": self.request_version,
            "REMOTE_ADDR": self.client_address[0],
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": body,
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in self.headers.items():
            key = "HTTP_" + name.upper().replace("-", "_")
            if key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                environ[key] = value
        return environ


class PaperHTTPServer(ThreadingHTTPServer):
    # Non-daemon handler threads: socketserver only tracks (and server_close() only joins) those. stop() first
    # shuts every open connection down, so the join is quick.
    daemon_threads = False
    block_on_close = True
    request_queue_size = 128  # the listen backlog; socketserver's default of 5 refuses bursts of new clients

    def __init__(self, address: tuple[str, int], app: WSGIApp, websocket: WebSocketHandler | None = None) -> None:
        self.app = app
        self.websocket = websocket
        self._connections: set[socket.socket] = set()
        self._resets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-answer (a restart, a closed app) is normal here: one debug line, not the
        traceback socketserver would print to stderr."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            log.debug("paper exchange: %s went away: %s", client_address, error)
        else:
            log.error("paper exchange: error while serving %s", client_address, exc_info=True)

    def mark_reset(self, connection: socket.socket) -> None:
        # Linger 0: closing sends a TCP RST instead of a FIN, which is what a dropped connection looks like.
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with self._lock:
            self._resets.add(connection)

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._connections.discard(request)
            reset = request in self._resets
            self._resets.discard(request)
        if reset:
            request.close()  # no shutdown(SHUT_WR) first: that would send a FIN before the RST
        else:
            super().shutdown_request(request)

    def close_connections(self) -> None:
        """Wake every handler blocked on an idle keep-alive connection, so server_close() can join them."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by its handler
                connection.shutdown(socket.SHUT_RDWR)


def make_server(host: str, port: int, app: WSGIApp, websocket: WebSocketHandler | None = None) -> PaperHTTPServer:
    return PaperHTTPServer((host, port), app, websocket)
