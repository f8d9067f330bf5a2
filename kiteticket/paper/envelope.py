"""Kite's response envelopes: ``{"status": "success", "data": …}`` and the four-key error body, always JSON."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.wrappers import Response

from kiteticket.paper.errors import KiteError

JSON = "application/json"
_COMPACT = json.JSONEncoder(separators=(",", ":"))  # built once: json.dumps with separators builds one per call


def success(data: Any) -> Response:
    return Response(_COMPACT.encode({"status": "success", "data": data}), content_type=JSON)


def success_raw(data: bytes) -> Response:
    """A success envelope around JSON that is already serialised (the cached order book)."""
    return Response(b'{"status":"success","data":' + data + b"}", content_type=JSON)


def error(exc: KiteError) -> Response:
    return Response(error_json(exc), status=exc.status, content_type=JSON)


def error_json(exc: KiteError) -> bytes:
    """The four keys the SDK needs on every error (facts §4: without error_type or message it crashes)."""
    body = {"status": "error", "message": exc.message, "data": None, "error_type": exc.error_type}
    return json.dumps(body).encode()
