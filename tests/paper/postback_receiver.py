"""A loopback HTTP server that keeps every postback the paper exchange sends it (the ``receiver`` fixture in
``conftest.py``)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    """A tiny loopback HTTP server that keeps every JSON body POSTed to it."""

    def __init__(self) -> None:
        bodies: list[dict[str, Any]] = []
        self.bodies = bodies
        self.content_types: list[str] = []
        content_types = self.content_types

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                content_types.append(self.headers.get("Content-Type", ""))
                bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the test reads the bodies, not a log."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/postback"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})

    def for_order(self, order_id: str) -> list[str]:
        return [body["status"] for body in self.bodies if body["order_id"] == order_id]
