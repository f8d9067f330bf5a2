"""The official ``KiteConnect`` with response bodies decoded by orjson.

The order book is fetched every few seconds, and at 5,000 orders ``GET /orders`` is 4 MB of JSON: the standard
library's decoder (plus requests decoding the bytes to text first) was the larger part of a poll. orjson decodes
the bytes directly, in about two thirds of the time on this project's machine (bench_app's poll figures).

Nothing else changes: the SDK's own ``_request`` still sends every call through its ``requests`` session and reads
every reply (status, content type, error envelope, session-expiry hook, exception classes), calling the reply's
``json()`` as before. Only that method is faster, and only when orjson reads the body exactly as requests would:
a UTF-8 body (or one whose charset is unknown) of strict JSON. Anything else (another charset, a NaN, an empty or
broken body) goes to requests' own ``json()``, which then answers or fails exactly as it always did.
"""

from __future__ import annotations

from typing import Any

import orjson
import requests
from kiteconnect import KiteConnect

_UTF8 = frozenset({"utf-8", "utf8"})


class JsonResponse(requests.Response):
    """A requests reply whose ``json()`` tries orjson first."""

    def json(self, **kwargs: Any) -> Any:
        encoding = (self.encoding or "utf-8").lower()
        if not kwargs and encoding in _UTF8:
            try:
                return orjson.loads(self.content)
            except orjson.JSONDecodeError:
                pass  # not strict UTF-8 JSON: requests' reading decides, as it always did
        return super().json(**kwargs)


def _orjson_reply(response: requests.Response, *_args: Any, **_kwargs: Any) -> requests.Response:
    """A session's response hook: the reply becomes a JsonResponse. The subclass adds a method and no state, so
    the object keeps everything requests put in it (body, headers, history, connection)."""
    if type(response) is requests.Response:
        response.__class__ = JsonResponse
    return response


def decode_with_orjson(session: requests.Session) -> requests.Session:
    """Make ``session``'s replies decode their JSON with orjson (idempotent); returns the session."""
    hooks = session.hooks["response"]
    if _orjson_reply not in hooks:
        hooks.append(_orjson_reply)
    return session


class KiteClient(KiteConnect):  # type: ignore[misc]  # the SDK ships no type hints
    """``KiteConnect`` whose replies' JSON is decoded by orjson. Every session it is given gets the hook: its own,
    and any set later (``KiteGateway.use_route`` puts a proxy route's session in its place)."""

    @property
    def reqsession(self) -> requests.Session:
        return self._orjson_session

    @reqsession.setter
    def reqsession(self, session: requests.Session) -> None:
        self._orjson_session = decode_with_orjson(session)
