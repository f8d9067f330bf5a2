"""A tiny threaded proxy on loopback for the static-IP tests: HTTP (CONNECT tunnels and plain forwarding) and
SOCKS5 on the same port (a SOCKS5 client's first byte is 5, an HTTP client's a letter).

Its outgoing connections leave from ``source`` (127.0.0.2 by default; Linux routes all of 127.0.0.0/8 to lo), so a
paper exchange on 127.0.0.1 sees the proxy's address, not the test's, just as Kite sees a proxy's static IP. It
keeps a list of what it carried ("POST /orders/regular", "CONNECT 127.0.0.1:8000"), and asks for credentials
(Basic for HTTP, RFC 1929 for SOCKS5) when given a user and password. One request per forwarded connection
("Connection: close" both ways), which keeps the relaying simple and the client from reusing a connection the proxy
is about to close.
"""

from __future__ import annotations

import base64
import contextlib
import select
import socket
import socketserver
import threading
from urllib.parse import urlsplit

import pytest

HEAD_LIMIT = 64 * 1024


def can_send_from(address: str) -> bool:
    """Whether this machine can use ``address`` as a source: Linux and Windows route all of 127.0.0.0/8 to the
    loopback interface, macOS only 127.0.0.1 unless an alias is added (ifconfig lo0 alias 127.0.0.2)."""
    with socket.socket() as probe:
        try:
            probe.bind((address, 0))
        except OSError:
            return False
    return True


def require_source(address: str) -> None:
    """Skip the test when this machine cannot send from ``address`` (call it in the proxy's fixture)."""
    if not can_send_from(address):
        pytest.skip(f"{address} is not a loopback address here (macOS: ifconfig lo0 alias {address})")


class _Handler(socketserver.BaseRequestHandler):
    server: LoopbackProxy

    def handle(self) -> None:
        if self.request.recv(1, socket.MSG_PEEK) == b"\x05":
            self._socks5()
            return
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

    def _socks5(self) -> None:
        """RFC 1928 CONNECT, with no authentication or RFC 1929 user and password (when the proxy has them)."""
        client = self.request
        _, count = _read_exactly(client, 2)
        offered = _read_exactly(client, count)
        method = 0x02 if self.server.needs_credentials else 0x00
        if method not in offered:
            client.sendall(b"\x05\xff")
            return
        client.sendall(bytes([5, method]))
        if method == 0x02 and not self._socks5_login():
            return
        _, _command, _, kind = _read_exactly(client, 4)
        if kind == 0x03:
            host = _read_exactly(client, _read_exactly(client, 1)[0]).decode()
        else:
            host = socket.inet_ntop(
                socket.AF_INET if kind == 0x01 else socket.AF_INET6, _read_exactly(client, 4 if kind == 0x01 else 16)
            )
        port = int.from_bytes(_read_exactly(client, 2), "big")
        upstream = self.server.connect(host, port)
        self.server.carried(f"SOCKS5 {host}:{port}")
        with upstream:
            client.sendall(b"\x05\x00\x00\x01" + socket.inet_aton("0.0.0.0") + b"\x00\x00")
            _relay(client, upstream)

    def _socks5_login(self) -> bool:
        client = self.request
        _read_exactly(client, 1)  # the sub-negotiation's version
        user = _read_exactly(client, _read_exactly(client, 1)[0]).decode()
        password = _read_exactly(client, _read_exactly(client, 1)[0]).decode()
        good = self.server.accepts(user, password)
        client.sendall(b"\x01\x00" if good else b"\x01\x01")
        return good

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
        self._user, self._password = user, password
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

    @property
    def needs_credentials(self) -> bool:
        return bool(self._user)

    def accepts(self, user: str, password: str) -> bool:
        return (user, password) == (self._user, self._password)

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
