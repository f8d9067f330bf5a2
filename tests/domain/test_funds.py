"""/user/margins read into available, used and total per segment, and the fills that call for a new read."""

from __future__ import annotations

from decimal import Decimal

from kiteticket.domain.funds import filled_total, funds_from_kite
from kiteticket.domain.order_row import parse_order
from tests.kite_samples import MARGINS, order_row


def test_each_segment_has_available_used_and_total() -> None:
    funds = funds_from_kite(MARGINS)
    equity = funds.segment("equity")
    assert equity is not None
    assert (equity.available, equity.used, equity.total) == (
        Decimal("99725.05000000002"), Decimal("145706.55"), Decimal("245431.60000000002")
    )  # fmt: skip
    assert [segment.title for segment in funds.segments] == ["Equity", "Commodity"]


def test_a_segment_left_out_is_not_shown() -> None:
    funds = funds_from_kite({"equity": MARGINS["equity"]})
    assert funds.segment("commodity") is None
    assert funds_from_kite({}).segments == ()


def test_fills_are_counted_over_the_book() -> None:
    rows = [parse_order(order_row("1", filled_quantity=3)), parse_order(order_row("2", filled_quantity=0))]
    assert filled_total(rows) == 3
