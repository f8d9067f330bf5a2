"""Kite's list replies decoded row by row, each row that came byte for byte in an earlier reply decoded only once.

``GET /orders`` is fetched every second or so, and at 5,000 orders it is 4 MB of JSON of which a poll typically
changes a handful of rows. Decoding the whole body with orjson was the largest part of a poll cycle (25 ms of the
90 ms bench_app measured); comparing each row's bytes with the last reply's and decoding only the new ones costs a
few milliseconds, and a reply that is byte for byte the last one (most polls) is not even cut.

Why the result is exactly orjson's for the whole body: a compact reply ``{"status":"success","data":[{R1},{R2},…]}``
is cut at every ``},{``. A cut may fall inside a row (in a string, or between two objects nested in the row), so no
cut is trusted: a piece ``Ri`` is used only when ``{Ri}`` is a complete JSON object on its own, either decoded just
now or byte for byte a piece that decoded before. When every piece is, the body is by JSON's grammar the array of
those objects, whatever the cuts were. A piece that is not (a false cut) sends the whole body to orjson, as does any
other shape of reply (an object as ``data``, an empty list, whitespace between tokens).
"""

from __future__ import annotations

import threading
from typing import Any

import orjson

_HEAD = b'{"status":"success","data":[{'
_TAIL = b"}]}"
_CUT = b"},{"
# Replies remembered, most recent last: the polled lists (orders, trades, positions' rows), not every order's
# history ever opened.
_REPLIES = 4

Row = dict[str, Any]


class RowMemo:
    """The last few list replies, by URL: the body, and each row's bytes with the dict they decode to (at 5,000
    orders, 4 MB of body, 4 MB of rows' bytes and 6 MB of dicts whose values the callers' rows share).

    The remembered dicts are never handed out: every caller gets its own shallow copy, so a caller that changes a
    row's keys cannot change what a later reply decodes to. (Nested values, ``meta`` and ``tags``, are shared with
    the copies of earlier replies: rows are read, never written, by whoever reads replies.)

    Thread-safe: the poller and one-shot reads may decode at the same time.
    """

    def __init__(self, replies: int = _REPLIES) -> None:
        self._replies = replies
        self._last: dict[str, tuple[bytes, dict[bytes, Row]]] = {}  # url -> its last body, and that body's rows
        self._lock = threading.Lock()

    def loads(self, url: str, body: bytes) -> Any:
        """What ``orjson.loads(body)`` returns (raising as it does), rows of a known shape reused from before."""
        with self._lock:
            last = self._last.get(url)
        if last is not None and body == last[0]:  # most polls: nothing changed (comparing is cheaper than cutting)
            return _reply(last[1])
        known = last[1] if last is not None else {}
        pieces = _pieces(body)
        if pieces is None:
            return orjson.loads(body)
        decoded = _decode(pieces, known)
        if decoded is None:
            return orjson.loads(body)
        self._remember(url, body, decoded)
        return _reply(decoded)

    def _remember(self, url: str, body: bytes, rows: dict[bytes, Row]) -> None:
        with self._lock:
            self._last.pop(url, None)
            self._last[url] = (body, rows)
            while len(self._last) > self._replies:
                del self._last[next(iter(self._last))]


def _reply(rows: dict[bytes, Row]) -> dict[str, Any]:
    return {"status": "success", "data": [dict(row) for row in rows.values()]}


def _pieces(body: bytes) -> list[bytes] | None:
    if not (body.startswith(_HEAD) and body.endswith(_TAIL)) or len(body) < len(_HEAD) + len(_TAIL):
        return None
    # The whole body is cut, not a slice of it (a copy of 4 MB): neither end holds a cut, so only the first and
    # the last piece lose the envelope.
    pieces = body.split(_CUT)
    pieces[0] = pieces[0][len(_HEAD) :]
    pieces[-1] = pieces[-1][: -len(_TAIL)]
    return pieces


def _decode(pieces: list[bytes], known: dict[bytes, Row]) -> dict[bytes, Row] | None:
    """Each piece with the object ``{piece}`` decodes to, in order; None if one is not a JSON object on its own.

    Keyed by the piece: two rows of one reply that are the same bytes are the same object, so the dict's order and
    length would be wrong. None then too (Kite never repeats an order; the whole body decides).
    """
    rows: dict[bytes, Row] = {}
    for piece in pieces:
        row = known.get(piece)
        if row is None:
            try:
                row = orjson.loads(b"{" + piece + b"}")
            except orjson.JSONDecodeError:
                return None
        rows[piece] = row
    return rows if len(rows) == len(pieces) else None
