"""Prefill: an order from the book or a position comes back out of the ticket as it went in (but for its tag)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QLabel

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.order import OrderRequest
from kiteticket.ui.ticket import OrderTicket, feedback, form

ORDERS = [
    OrderRequest(
        variety=Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol="INFY", transaction_type=TransactionType.SELL,
        quantity=25, product=Product.MIS, order_type=OrderType.LIMIT, price=Decimal("1601.25"),
        validity=Validity.TTL, validity_ttl=30, disclosed_quantity=5,
    ),
    OrderRequest(
        variety=Variety.REGULAR, exchange=Exchange.NFO, tradingsymbol="NIFTY26DECFUT",
        transaction_type=TransactionType.BUY, quantity=130, product=Product.NRML, order_type=OrderType.SLM,
        trigger_price=Decimal("26100.05"), market_protection=-1, autoslice=True,
    ),
    OrderRequest(
        variety=Variety.ICEBERG, exchange=Exchange.NFO, tradingsymbol="INFY26DECFUT",
        transaction_type=TransactionType.SELL, quantity=4000, product=Product.NRML, order_type=OrderType.SL,
        price=Decimal("1600.0"), trigger_price=Decimal("1600.5"), iceberg_legs=3, iceberg_quantity=1600,
    ),
    OrderRequest(
        variety=Variety.CO, exchange=Exchange.NSE, tradingsymbol="SBIN", transaction_type=TransactionType.BUY,
        quantity=10, product=Product.MIS, order_type=OrderType.MARKET, trigger_price=Decimal("690.05"),
        market_protection=5,
    ),
    OrderRequest(
        variety=Variety.AUCTION, exchange=Exchange.NSE, tradingsymbol="INFY", transaction_type=TransactionType.SELL,
        quantity=3, product=Product.CNC, order_type=OrderType.LIMIT, price=Decimal("1590.00"), auction_number="22",
    ),
    OrderRequest(
        variety=Variety.AMO, exchange=Exchange.CDS, tradingsymbol="USDINR26DECFUT",
        transaction_type=TransactionType.BUY, quantity=2, product=Product.NRML, order_type=OrderType.LIMIT,
        price=Decimal("88.1225"), validity=Validity.IOC,
    ),
]  # fmt: skip


@pytest.mark.parametrize("order", ORDERS, ids=lambda order: f"{order.variety}-{order.tradingsymbol}")
def test_prefill_round_trips(ticket: OrderTicket, order: OrderRequest) -> None:
    ticket.prefill(replace(order, tag="kt0abcde1234"))
    assert ticket.current_request() == order  # the old tag is not reused
    assert ticket.problems() == ()


def test_prefill_keeps_the_users_tag_prefix(ticket: OrderTicket) -> None:
    ticket.inputs.tag.setText("desk")
    ticket.prefill(replace(ORDERS[0], tag="kt0abcde1234"))
    request = ticket.current_request()
    assert request is not None
    assert request.tag == "desk"


def test_a_position_that_is_not_whole_lots_is_said_not_dropped(ticket: OrderTicket) -> None:
    """An exit of 100 NIFTY futures (lot 65, say after a lot-size revision) shows 1 lot and says what is left."""
    exit_order = OrderRequest(
        variety=Variety.REGULAR, exchange=Exchange.NFO, tradingsymbol="NIFTY26DECFUT",
        transaction_type=TransactionType.SELL, quantity=100, product=Product.NRML, order_type=OrderType.MARKET,
        validity=Validity.DAY,
    )  # fmt: skip
    ticket.prefill(exit_order)
    assert ticket.inputs.quantity.text() == "1"
    result = ticket.findChild(QLabel, "result")
    assert result is not None
    assert result.text() == (
        "100 qty is not a whole number of lots (65 each): the ticket holds 1 lot(s) = 65 qty; the other 35 qty "
        "cannot be sent in lots."
    )


@pytest.mark.parametrize("order", ORDERS[:3], ids=lambda order: f"{order.variety}-{order.tradingsymbol}")
def test_a_prefill_checks_the_order_once_not_once_a_field(
    ticket: OrderTicket, order: OrderRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A prefill writes up to a dozen fields; each change used to re-check and re-draw the whole ticket, seven times
    a prefill, in the turn the order is sent from the book. The verdict is drawn once, for the order as filled."""
    verdicts: list[tuple[object, ...]] = []
    shown = feedback.show_verdict

    def counted(*args: object, **kwargs: object) -> None:
        verdicts.append(kwargs["problems"])  # type: ignore[arg-type]
        shown(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(feedback, "show_verdict", counted)
    ticket.prefill(order)
    assert verdicts == [()]
    assert ticket.current_request() == order
    assert ticket.parts.submit.isEnabled()


def test_a_prefill_that_fails_half_way_still_shows_what_the_fields_hold(
    ticket: OrderTicket, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refresh waits for the end of a prefill: one that raises half way must not leave the previous verdict."""
    ticket.prefill(ORDERS[0])
    verdicts: list[object] = []
    shown = feedback.show_verdict

    def counted(*args: object, **kwargs: object) -> None:
        verdicts.append(kwargs["problems"])
        shown(*args, **kwargs)  # type: ignore[arg-type]

    def half_written(inputs: object, request: OrderRequest, instrument: object) -> None:
        ticket.inputs.quantity.clear()  # an emptied quantity: the order can no longer be sent
        raise RuntimeError("half way")

    monkeypatch.setattr(feedback, "show_verdict", counted)
    monkeypatch.setattr(form, "write_request", half_written)
    with pytest.raises(RuntimeError, match="half way"):
        ticket.prefill(ORDERS[1])
    assert len(verdicts) == 1
    assert not ticket.parts.submit.isEnabled()
