"""broker.row_memo: a list reply decoded row by row reads exactly as orjson reads the whole body, whatever changed
between two replies, whatever the rows' strings hold, and whatever shape the reply has."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiteticket.broker.row_memo import RowMemo
from tests.kite_samples import ORDERS, order_row

URL = "http://127.0.0.1:1/orders"


def _body(rows: list[dict[str, Any]]) -> bytes:
    return orjson.dumps({"status": "success", "data": rows})


def _other(value: Any) -> Any:
    """A value of ``value``'s kind that differs from it."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, dict):
        return {**value, "iceberg": {"leg": 1, "legs": 2}}
    if isinstance(value, list):
        return [*value, "x"]
    return "set"  # None


def test_a_reply_reads_as_orjson_reads_it_first_and_again() -> None:
    memo, body = RowMemo(), _body(ORDERS)

    assert memo.loads(URL, body) == orjson.loads(body)
    assert memo.loads(URL, body) == orjson.loads(body)


@pytest.mark.parametrize("key", sorted({key for row in ORDERS for key in row}))
def test_a_row_with_any_key_changed_is_decoded_again(key: str) -> None:
    memo, rows = RowMemo(), [dict(row) for row in ORDERS]
    memo.loads(URL, _body(rows))
    changed = next(row for row in rows if key in row)
    changed[key] = _other(changed[key])

    assert memo.loads(URL, _body(rows)) == orjson.loads(_body(rows))


def test_an_unchanged_row_is_not_decoded_again_and_each_caller_gets_its_own_dict() -> None:
    memo = RowMemo()
    rows = [order_row("1", meta={"iceberg": {"leg": 1}}), order_row("2")]
    first = memo.loads(URL, _body(rows))["data"]
    first[0]["status"] = "CHANGED BY A CALLER"
    rows[1]["status"] = "OPEN"

    second = memo.loads(URL, _body(rows))["data"]

    assert second == rows
    assert second[0] is not first[0]
    assert second[0]["meta"] is first[0]["meta"]  # the same decoded value: the row's bytes were not decoded again
    assert second[1]["meta"] is not first[1]["meta"]


@pytest.mark.parametrize(
    "body",
    [
        b'{"status":"success","data":[]}',
        b'{"status":"success","data":{"order_id":"1"}}',
        b'{"status": "success", "data": [{"order_id": "1"}, {"order_id": "2"}]}',
        b'{"status":"error","message":"No such order","data":null,"error_type":"InputException"}',
        b'{"status":"success","data":[{"order_id":"1"},{"order_id":"1"}]}',
        b'{"status":"success","data":[{"a":[{"b":1},{"c":2}]},{"tag":"},{"}]}',
        b'{"status":"success","data":[{}]}',
        b'{"status":"success","data":[{"order_id":"1"}],"extra":[{"x":1}]}',
    ],
)
def test_other_shapes_and_cuts_inside_rows_read_as_orjson_reads_them(body: bytes) -> None:
    memo = RowMemo()

    assert memo.loads(URL, body) == orjson.loads(body)
    assert memo.loads(URL, body) == orjson.loads(body)


@pytest.mark.parametrize(
    "body",
    [b'{"status":"success","data":[{"order_id":"1"},{"order_id":}]}', b'{"status":"success","data":[{"a"}]}', b""],
)
def test_a_broken_body_raises_as_orjson_raises(body: bytes) -> None:
    memo, good = RowMemo(), b'{"status":"success","data":[{"order_id":"1"}]}'
    with pytest.raises(orjson.JSONDecodeError):
        memo.loads(URL, body)  # a URL not seen before
    memo.loads(URL, good)

    with pytest.raises(orjson.JSONDecodeError):
        memo.loads(URL, body)
    assert memo.loads(URL, good) == orjson.loads(good)


def test_each_url_keeps_its_own_rows_and_old_urls_are_forgotten() -> None:
    memo = RowMemo(replies=2)
    bodies = {f"{URL}/{number}": _body([order_row(str(number))]) for number in range(4)}
    for url, body in bodies.items():
        memo.loads(url, body)

    for url, body in reversed(bodies.items()):
        assert memo.loads(url, body) == orjson.loads(body)


# Text made of the characters that cut and nest JSON, so that cuts fall inside strings and between nested objects.
_text = st.text(alphabet='{}[],:"\\ab', max_size=8)
_value = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=6,
)
_rows = st.lists(st.dictionaries(_text, _value, max_size=4), max_size=5)


@given(_rows, _rows)
def test_any_two_replies_read_as_orjson_reads_them(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> None:
    memo = RowMemo()
    for rows in (first, second, first):
        assert memo.loads(URL, _body(rows)) == orjson.loads(_body(rows))
