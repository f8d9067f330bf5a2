"""A tiny threaded HTTP proxy on loopback for the static-IP tests: CONNECT tunnels and plain forwarding.

Its outgoing connections leave from ``source`` (127.0.0.2 by default; Linux routes all of 127.0.0.0/8 to lo), so a
paper exchange on 127.0.0.1 sees the proxy's address, not the test's, just as Kite sees a proxy's static IP. It
keeps a list of what it carried ("POST /orders/regular", "CONNECT 127.0.0.1:8000"), and asks for Basic
credentials when given a user and password. One request per forwarded connection ("Connection: close" both ways),
which keeps the relaying simple and the client from reusing a connection the proxy is about to close.
"""

from __future__ import annotations

import base64
import contextlib
import select
import socket
import socketserver
import threading
from urllib.parse import urlsplit

HEAD_LIMIT = 64 * 1024


class _Handler(socketserver.BaseRequestHandler):
    server: LoopbackProxy

    def handle(self) -> None:
        head, rest = _read_head(self.request)
        if not head:
            return
        lines = head.decode("latin-1").split("\r\n")
        method, target, version = lines[0].split(" ", 2)
        headers = [line for line in lines[1:] if line]
        if not self.server.authorised(headers):
            self.request.sendall(
                b'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="t"'
                b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            return
        if method == "CONNECT":
            self._tunnel(target, rest)
        else:
            self._forward(method, target, version, headers, rest)

    def _tunnel(self, target: str, rest: bytes) -> None:
        host, _, port = target.rpartition(":")
        upstream = self.server.connect(host, int(port))
        self.server.carried(f"CONNECT {target}")
        with upstream:
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
            _relay(self.request, upstream)

    def _forward(self, method: str, target: str, version: str, headers: list[str], rest: bytes) -> None:
        url = urlsplit(target)
        path = url.path + (f"?{url.query}" if url.query else "")
        self.server.carried(f"{method} {url.path}")
        kept = [h for h in headers if h.split(":", 1)[0].lower() not in ("connection", "proxy-authorization")]
        request = f"{method} {path} {version}\r\n" + "".join(f"{h}\r\n" for h in kept) + "Connection: close\r\n\r\n"
        length = next((int(h.split(":", 1)[1]) for h in kept if h.lower().startswith("content-length:")), 0)
        body = rest + _read_exactly(self.request, max(length - len(rest), 0))
        with self.server.connect(url.hostname or "", url.port or 80) as upstream:
            upstream.sendall(request.encode("latin-1") + body)
            reply_head, reply_rest = _read_head(upstream)
            reply_lines = [line for line in reply_head.decode("latin-1").split("\r\n") if line]
            reply_lines = [reply_lines[0]] + [h for h in reply_lines[1:] if not h.lower().startswith("connection:")]
            self.request.sendall(("\r\n".join([*reply_lines, "Connection: close"]) + "\r\n\r\n").encode("latin-1"))
            self.request.sendall(reply_rest)
            while chunk := upstream.recv(65536):
                self.request.sendall(chunk)


class LoopbackProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, source: str = "127.0.0.2", user: str = "", password: str = "") -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.source = source
        self._credentials = base64.b64encode(f"{user}:{password}".encode()).decode() if user else ""
        self._lock = threading.Lock()
        self._seen: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def seen(self) -> list[str]:
        with self._lock:
            return list(self._seen)

    def carried(self, what: str) -> None:
        with self._lock:
            self._seen.append(what)

    def authorised(self, headers: list[str]) -> bool:
        if not self._credentials:
            return True
        return f"proxy-authorization: basic {self._credentials}".lower() in (h.lower() for h in headers)

    def connect(self, host: str, port: int) -> socket.socket:
        return socket.create_connection((host, port), timeout=10, source_address=(self.source, 0))

    def __enter__(self) -> LoopbackProxy:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join()


def _read_head(connection: socket.socket) -> tuple[bytes, bytes]:
    data = b""
    while b"\r\n\r\n" not in data and len(data) < HEAD_LIMIT:
        chunk = connection.recv(65536)
        if not chunk:
            return b"", b""
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def _read_exactly(connection: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count and (chunk := connection.recv(count - len(data))):
        data += chunk
    return data


def _relay(client: socket.socket, upstream: socket.socket) -> None:
    """Copy bytes both ways until either side closes."""
    sockets = [client, upstream]
    with contextlib.suppress(OSError):
        while True:
            readable, _, _ = select.select(sockets, [], [], 30)
            if not readable:
                return
            for ready in readable:
                chunk = ready.recv(65536)
                if not chunk:
                    return
                (upstream if ready is client else client).sendall(chunk)
