"""The order book's rows, snapshots and diff: pure Python, no Qt."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiteticket.domain.order_row import COMPARED_FIELDS
from kiteticket.domain.orderbook import (
    IcebergLeg,
    Move,
    OrderBookSnapshot,
    OrderRow,
    changed_fields,
    diff,
    parse_order,
    parse_orders,
)
from kiteticket.domain.status import OrderStatus
from tests.kite_samples import ORDERS


def raw_order(order_id: str, timestamp: str = "2026-11-25 10:00:00", **overrides: Any) -> dict[str, Any]:
    """One /orders row in the shape of kite-mocks/orders.json."""
    row: dict[str, Any] = {
        "placed_by": "AB1234", "order_id": order_id, "exchange_order_id": None, "parent_order_id": None,
        "status": "OPEN", "status_message": None, "status_message_raw": None, "order_timestamp": timestamp,
        "exchange_update_timestamp": timestamp, "exchange_timestamp": timestamp, "variety": "regular",
        "modified": False, "exchange": "NSE", "tradingsymbol": "INFY", "instrument_token": 408065,
        "order_type": "LIMIT", "transaction_type": "BUY", "validity": "DAY", "validity_ttl": 0, "product": "CNC",
        "quantity": 10, "disclosed_quantity": 0, "price": 1500.5, "trigger_price": 0, "average_price": 0,
        "filled_quantity": 0, "pending_quantity": 10, "cancelled_quantity": 0, "market_protection": 0,
        "meta": {}, "tag": None, "guid": "x",
    }  # fmt: skip
    row.update(overrides)
    return row


@pytest.fixture(scope="module")
def mock_orders() -> list[dict[str, Any]]:
    return ORDERS


# -- parsing ----------------------------------------------------------------------------------------------------
def test_parse_mock_orders(mock_orders: list[dict[str, Any]]) -> None:
    rows = {row.order_id: row for row in parse_orders(mock_orders)}

    assert len(rows) == len(mock_orders) == 10
    cancelled = rows["100000000000000"]
    assert (cancelled.status, cancelled.exchange, cancelled.tradingsymbol) == ("CANCELLED", "CDS", "USDINR21JUNFUT")
    assert cancelled.order_timestamp == "2021-05-31 09:18:57"  # kept as text: no dateutil on the hot path
    assert cancelled.status_info.is_terminal
    assert (cancelled.quantity, cancelled.pending_quantity, cancelled.cancelled_quantity) == (1, 1, 1)
    assert rows["300000000000000"].price == 109.4
    assert rows["300000000000000"].validity_ttl is None  # older rows have no validity_ttl


def test_parse_mock_iceberg_rejection(mock_orders: list[dict[str, Any]]) -> None:
    row = {row.order_id: row for row in parse_orders(mock_orders)}["220524001859672"]

    assert row.status_info.status is OrderStatus.REJECTED
    assert row.status_message is not None
    assert row.status_message.startswith("Insufficient funds")
    assert row.exchange_order_id is None
    assert row.iceberg is not None
    assert (row.iceberg.leg, row.iceberg.legs, row.iceberg.total_quantity) == (1, 5, 1000)
    assert (row.tag, row.tags, row.validity, row.validity_ttl) == ("icebergord", ("icebergord",), "TTL", 2)


def test_parse_mock_tags(mock_orders: list[dict[str, Any]]) -> None:
    rows = {row.order_id: row for row in parse_orders(mock_orders)}

    assert rows["9000000000000000"].tags == ("connect test order2", "XXXXX")
    assert rows["1953341975595868160"].tag is None
    assert rows["1953341975595868160"].tags == ("mktp", "mktp:2.00")


def test_every_field_reads_its_own_key() -> None:
    # parse_order passes 29 values by position: this catches any two swapped.
    raw = raw_order(
        "7", parent_order_id="6", exchange_order_id="8", status="OPEN", status_message="m", variety="co",
        exchange="NFO", tradingsymbol="NIFTY26DECFUT", transaction_type="SELL", product="NRML", order_type="SL",
        validity="TTL", validity_ttl=3, quantity=75, filled_quantity=25, pending_quantity=50, cancelled_quantity=1,
        disclosed_quantity=2, price=26_000.5, trigger_price=25_990.5, average_price=26_000.25, tag="t",
        tags=["t", "u"], market_protection=-1, modified=True,
        meta={"iceberg": {"leg": 2, "legs": 3, "leg_quantity": 25, "total_quantity": 75, "remaining_quantity": 50}},
    )  # fmt: skip
    row = parse_order(raw)

    for name in COMPARED_FIELDS:
        if name in raw:
            assert getattr(row, name) == (tuple(raw[name]) if name == "tags" else raw[name]), name
    assert row.iceberg == IcebergLeg(leg=2, legs=3, leg_quantity=25, total_quantity=75, remaining_quantity=50)
    assert row.raw is raw


def test_missing_and_null_keys_parse_to_empty_values() -> None:
    row = parse_order({"order_id": 42, "status": None, "price": None, "tags": None, "meta": None})

    assert row.order_id == "42"
    assert (row.status, row.order_timestamp, row.tradingsymbol) == ("", "", "")
    assert (row.quantity, row.price, row.tags, row.iceberg, row.tag, row.modified) == (0, 0, (), None, None, False)
    assert row.status_info.is_open  # unknown means still in progress: never hide a live order


def test_rows_without_order_id_are_skipped() -> None:
    assert [row.order_id for row in parse_orders([{"status": "OPEN"}, raw_order("1")])] == ["1"]


@pytest.mark.parametrize(
    ("status", "is_open"),
    [("CANCELLED AMO", False), ("REJECTED BY EXCHANGE", False), ("SOMETHING NEW", True), ("OPEN", True)],
)
def test_unknown_statuses(status: str, is_open: bool) -> None:
    row = parse_order(raw_order("1", status=status))

    assert row.status == status
    assert row.status_info.is_open is is_open


def test_equality_ignores_raw_extras() -> None:
    # Fields the book does not show (exchange_update_timestamp) do not make a row "changed".
    first = parse_order(raw_order("1"))
    second = parse_order(raw_order("1", exchange_update_timestamp="2026-11-25 10:00:05"))

    assert first == second


# -- snapshots ---------------------------------------------------------------------------------------------------
def test_snapshot_is_newest_first_then_by_numeric_order_id() -> None:
    snapshot = OrderBookSnapshot.from_raw(
        [
            raw_order("9", "2026-11-25 09:15:00"),
            raw_order("100", "2026-11-25 09:20:00"),
            raw_order("20", "2026-11-25 09:20:00"),
        ]
    )

    assert [row.order_id for row in snapshot.rows] == ["100", "20", "9"]
    assert snapshot.positions == {"100": 0, "20": 1, "9": 2}
    assert snapshot.by_id["9"].order_timestamp == "2026-11-25 09:15:00"


def test_snapshot_knows_whether_any_order_is_open() -> None:
    assert OrderBookSnapshot.from_raw(
        [raw_order("1", status="TRIGGER PENDING"), raw_order("2", status="COMPLETE")]
    ).has_open_orders
    assert OrderBookSnapshot.from_raw([raw_order("1", status="OPEN")]).has_open_orders
    assert not OrderBookSnapshot.from_raw([raw_order("1", status="COMPLETE")]).has_open_orders
    assert not OrderBookSnapshot.empty().has_open_orders


def test_duplicate_order_ids_keep_the_last_row() -> None:
    snapshot = OrderBookSnapshot.from_raw([raw_order("1", status="OPEN"), raw_order("1", status="COMPLETE")])

    assert [row.status for row in snapshot.rows] == ["COMPLETE"]


def test_following_reuses_unchanged_rows_and_attaches_the_diff() -> None:
    raw = [raw_order("1"), raw_order("2", "2026-11-25 10:00:01")]
    first = OrderBookSnapshot.from_raw(raw)
    raw[0] = raw_order("1", status="COMPLETE", filled_quantity=10, pending_quantity=0, average_price=1500.5)

    second = OrderBookSnapshot.following(first, [dict(order) for order in raw])  # a fresh reply, as from HTTP

    assert second.by_id["2"] is first.by_id["2"]
    assert second.base_serial == first.serial
    assert second.changes is not None
    assert [(c.row.order_id, c.fields) for c in second.changes.changed] == [
        ("1", frozenset({"status", "filled_quantity", "pending_quantity", "average_price"}))
    ]


def test_a_dict_changed_in_place_is_still_seen_as_changed() -> None:
    raw = [raw_order("1")]
    first = OrderBookSnapshot.from_raw(raw)
    raw[0]["status"] = "COMPLETE"  # a fetch that hands back its own dicts, updated

    second = OrderBookSnapshot.following(first, raw)

    assert second.by_id["1"].status == "COMPLETE"
    assert second.changes is not None
    assert [change.fields for change in second.changes.changed] == [frozenset({"status"})]


def test_a_poll_that_changes_nothing_keeps_the_book_with_an_empty_diff() -> None:
    raw = [raw_order("1"), raw_order("2", "2026-11-25 10:00:01")]
    first = OrderBookSnapshot.following(OrderBookSnapshot.empty(), raw)

    pushed = OrderBookSnapshot.pushed(first, raw_order("2", "2026-11-25 10:00:01", status="COMPLETE"))
    raw[1] = dict(pushed.by_id["2"].raw)

    second = OrderBookSnapshot.following(pushed, [dict(order) for order in raw])

    assert second.rows is pushed.rows
    assert (second.serial != pushed.serial, second.base_serial, second.from_push) == (True, pushed.serial, False)
    assert second.changes is not None
    assert second.changes.is_empty


def test_a_reply_repeating_one_order_in_place_of_another_removes_that_other() -> None:
    raw = [raw_order("1"), raw_order("2", "2026-11-25 10:00:01")]
    first = OrderBookSnapshot.from_raw(raw)

    second = OrderBookSnapshot.following(first, [dict(raw[0]), dict(raw[0])])

    assert [row.order_id for row in second.rows] == ["1"]
    assert second.changes is not None
    assert second.changes.removed_ids == {"2"}


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + "1"
    if isinstance(value, list):
        return [*value, "x"]
    if isinstance(value, dict):
        return {"iceberg": {"leg": 1, "legs": 2, "leg_quantity": 5, "total_quantity": 10, "remaining_quantity": 5}}
    return "9"  # None


_FULL_ROW = raw_order("1", parent_order_id="0", status_message="m", tag="t", tags=["t"], validity_ttl=1)
# The keys the book shows (``meta`` as ``iceberg``); the others change the raw dict only.
_SHOWN = {*COMPARED_FIELDS, "meta"} - {"iceberg"}


@pytest.mark.parametrize("key", sorted(set(_FULL_ROW) - {"order_id"}))
def test_a_row_with_any_key_changed_is_parsed_again(key: str) -> None:
    first = OrderBookSnapshot.from_raw([_FULL_ROW, raw_order("2")])
    changed = {**_FULL_ROW, key: _changed(_FULL_ROW[key])}

    second = OrderBookSnapshot.following(first, [changed, dict(raw_order("2"))])

    row = second.by_id["1"]
    assert (row, row.raw) == (parse_order(changed), changed)
    assert (row != first.by_id["1"]) == (key in _SHOWN)
    assert second.changes is not None
    assert [change.fields for change in second.changes.changed] == (
        [changed_fields(first.by_id["1"], row)] if row != first.by_id["1"] else []
    )
    assert second.by_id["2"] is first.by_id["2"]


# -- diff ----------------------------------------------------------------------------------------------------------
def test_diff_of_inserts_removes_and_changes() -> None:
    old = OrderBookSnapshot.from_raw([raw_order(str(i), f"2026-11-25 10:00:{i:02}") for i in range(5)])
    new = OrderBookSnapshot.from_raw(
        [raw_order(str(i), f"2026-11-25 10:00:{i:02}") for i in (0, 2, 4)]
        + [raw_order("3", "2026-11-25 10:00:03", status="CANCELLED"), raw_order("9", "2026-11-25 10:00:09")]
    )

    changes = diff(old, new)

    assert changes.removed_ids == {"1"}
    assert changes.removed_ranges == ((3, 3),)  # old rows: 4 3 2 1 0
    assert [(i.position, [r.order_id for r in i.rows]) for i in changes.inserted] == [(0, ["9"])]
    assert [(c.position, c.row.order_id, c.fields) for c in changes.changed] == [(2, "3", frozenset({"status"}))]
    assert not diff(new, new).removed_ranges
    assert diff(new, new).is_empty


def test_a_modified_order_moves_to_the_top() -> None:
    old = OrderBookSnapshot.from_raw([raw_order(str(i), f"2026-11-25 10:00:{i:02}") for i in range(4)])
    new = OrderBookSnapshot.from_raw(
        [raw_order(str(i), f"2026-11-25 10:00:{i:02}") for i in (1, 2, 3)]
        + [raw_order("0", "2026-11-25 10:05:00", price=1501, modified=True)]
    )

    changes = diff(old, new)

    assert (changes.removed_ids, changes.removed_ranges, changes.inserted) == (frozenset(), (), ())
    assert changes.moved == (Move(source=3, destination=0),)
    assert [(c.position, c.row.order_id, c.fields) for c in changes.changed] == [
        (0, "0", frozenset({"order_timestamp", "price", "modified"}))
    ]
    rows = list(old.rows)
    changes.apply_to(rows)
    assert rows == list(new.rows)


def test_diff_of_books_not_sorted_by_time_still_applies() -> None:
    # Snapshots are always sorted by from_rows; the diff must still be right for any order it is given.
    rows = parse_orders([raw_order(str(i)) for i in range(6)])
    old = _unsorted([rows[i] for i in (0, 1, 2, 3, 4, 5)])
    new = _unsorted([rows[i] for i in (4, 0, 1, 5, 2, 3)])

    changes = diff(old, new)
    result = list(old.rows)
    changes.apply_to(result)

    assert result == list(new.rows)
    assert changes.moved == (Move(4, 0), Move(5, 3))  # only 4 and 5 move: the longest run 0 1 2 3 stays
    assert changes.inserted == ()


def _unsorted(rows: list[OrderRow]) -> OrderBookSnapshot:
    return OrderBookSnapshot(
        rows=tuple(rows),
        by_id={row.order_id: row for row in rows},
        positions={row.order_id: index for index, row in enumerate(rows)},
        has_open_orders=True,
    )


_ids = st.integers(min_value=1, max_value=40).map(str)
_books = st.dictionaries(
    _ids,
    st.tuples(st.integers(0, 5), st.sampled_from(["OPEN", "COMPLETE", "CANCELLED"]), st.integers(0, 3)),
    max_size=25,
)


def _snapshot(book: dict[str, tuple[int, str, int]]) -> OrderBookSnapshot:
    return OrderBookSnapshot.from_raw(
        [
            raw_order(order_id, f"2026-11-25 10:00:0{second}", status=status, filled_quantity=filled)
            for order_id, (second, status, filled) in book.items()
        ]
    )


@given(_books, _books)
def test_diff_applied_to_the_old_rows_gives_the_new_rows(old_book: dict[str, Any], new_book: dict[str, Any]) -> None:
    old, new = _snapshot(old_book), _snapshot(new_book)
    changes = diff(old, new)

    rows = list(old.rows)
    changes.apply_to(rows)

    assert rows == list(new.rows)
    assert changes.removed_ids == old.by_id.keys() - new.by_id.keys()
    assert all(move.source != move.destination for move in changes.moved)
    assert len(changes.moved) <= sum(
        1
        for row in new.rows
        if row.order_id in old.by_id and old.by_id[row.order_id].order_timestamp != row.order_timestamp
    )  # only re-stamped orders move
    for change in changes.changed:
        assert change.fields
        assert new.rows[change.position] is change.row


@given(_books, _books)
def test_following_matches_a_fresh_parse(old_book: dict[str, Any], new_book: dict[str, Any]) -> None:
    old = _snapshot(old_book)
    new_raw = [row.raw for row in _snapshot(new_book).rows]

    following = OrderBookSnapshot.following(old, list(reversed(new_raw)))

    assert following.rows == OrderBookSnapshot.from_raw(new_raw).rows
    assert following.changes is not None
    rows = list(old.rows)
    following.changes.apply_to(rows)
    assert tuple(rows) == following.rows


def test_row_is_hashable_and_frozen() -> None:
    row = parse_order(raw_order("1"))

    assert hash(row) == hash(parse_order(raw_order("1")))
    with pytest.raises(AttributeError):
        row.status = "COMPLETE"  # type: ignore[misc]
    assert isinstance(row, OrderRow)
