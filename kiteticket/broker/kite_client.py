"""The official ``KiteConnect`` with response bodies decoded by orjson.

The order book is fetched every few seconds, and at 5,000 orders ``GET /orders`` is 4 MB of JSON: the standard
library's decoder (plus requests decoding the bytes to text first) was the larger part of a poll. orjson decodes
the bytes directly, in about two thirds of the time on this project's machine (bench_app's poll figures).

Nothing else changes: the SDK's own ``_request`` still sends every call through its ``requests`` session and reads
every reply (status, content type, error envelope, session-expiry hook, exception classes), calling the reply's
``json()`` as before. Only that method is faster, and only when orjson reads the body exactly as requests would:
a UTF-8 body (or one whose charset is unknown) of strict JSON. Anything else (another charset, a NaN, an empty or
broken body) goes to requests' own ``json()``, which then answers or fails exactly as it always did.

Two more savings on a poll of 5,000 orders, each measured with the poll's cycle in bench_app: a list reply's rows
that came byte for byte in the session's last reply from the same URL are not decoded again (``broker.row_memo``),
and the body is read from the socket in one piece rather than in requests' 10 kB chunks (8 ms of CPU to 3 ms).
"""

from __future__ import annotations

from typing import Any

import orjson
import requests
from kiteconnect import KiteConnect

from kiteticket.broker.row_memo import RowMemo

_UTF8 = frozenset({"utf-8", "utf8"})


class JsonResponse(requests.Response):
    """A requests reply whose ``json()`` tries orjson first, with the rows its session remembers (``row_memo``,
    set by the session's hook; None for a reply made some other way), and whose body is read in one piece."""

    row_memo: RowMemo | None = None

    @property
    def content(self) -> bytes:
        # requests' own reading, but one read of the whole body (``iter_content(None)`` reads what the headers
        # announce, or chunk by chunk when they announce none) and the same exceptions for a broken connection.
        if self._content is False and not self._content_consumed and self.status_code != 0 and self.raw is not None:
            self._content = b"".join(self.iter_content(None)) or b""
        return super().content

    def json(self, **kwargs: Any) -> Any:
        encoding = (self.encoding or "utf-8").lower()
        if not kwargs and encoding in _UTF8:
            try:
                return self.row_memo.loads(self.url, self.content) if self.row_memo else orjson.loads(self.content)
            except orjson.JSONDecodeError:
                pass  # not strict UTF-8 JSON: requests' reading decides, as it always did
        return super().json(**kwargs)


class _OrjsonReplies:
    """A session's response hook: each reply becomes a JsonResponse reading with the session's one RowMemo. The
    subclass adds methods and no state of its own but the memo, so the object keeps everything requests put in it
    (body, headers, history, connection)."""

    def __init__(self) -> None:
        self.row_memo = RowMemo()

    def __call__(self, response: requests.Response, *_args: Any, **_kwargs: Any) -> requests.Response:
        if type(response) is requests.Response:
            response.__class__ = JsonResponse
            response.row_memo = self.row_memo  # type: ignore[attr-defined]
        return response


def decode_with_orjson(session: requests.Session) -> requests.Session:
    """Make ``session``'s replies decode their JSON with orjson (idempotent); returns the session."""
    hooks = session.hooks["response"]
    if not any(isinstance(hook, _OrjsonReplies) for hook in hooks):
        hooks.append(_OrjsonReplies())
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
