"""Which conversions a position offers, the request Kite gets, and what the confirmation says."""

from __future__ import annotations

from kiteticket.domain.enums import Exchange, Product, TransactionType
from kiteticket.domain.portfolio_rows import parse_position
from kiteticket.domain.position_conversion import (
    PositionConversion,
    PositionType,
    conversion_for,
    conversion_summary,
    conversion_targets,
)
from tests.kite_samples import position_row


def test_equity_converts_between_mis_and_cnc_and_derivatives_between_mis_and_nrml() -> None:
    def targets(exchange: str, product: str) -> tuple[Product, ...]:
        return conversion_targets(parse_position(position_row("X", exchange, product, quantity=1)))

    assert targets("NSE", "MIS") == (Product.CNC,)
    assert targets("BSE", "CNC") == (Product.MIS,)
    assert targets("NFO", "MIS") == (Product.NRML,)
    assert targets("MCX", "NRML") == (Product.MIS,)
    assert targets("NSE", "CO") == ()  # a cover order is not converted
    assert targets("NSE", "MTF") == ()
    assert conversion_targets(parse_position(position_row("X", "NSE", "MIS"))) == ()  # flat


def test_todays_long_is_converted_as_a_day_buy() -> None:
    position = parse_position(
        position_row("INFY", "NSE", "MIS", quantity=10, day_buy_quantity=12, day_sell_quantity=2, last_price=1600)
    )
    conversion = conversion_for(position, Product.CNC)
    assert conversion == PositionConversion(
        Exchange.NSE, "INFY", TransactionType.BUY, PositionType.DAY, 10, Product.MIS, Product.CNC
    )
    assert conversion.to_kite_params() == {
        "exchange": "NSE", "tradingsymbol": "INFY", "transaction_type": "BUY", "position_type": "day",
        "quantity": 10, "old_product": "MIS", "new_product": "CNC",
    }  # fmt: skip
    assert conversion_for(position, Product.NRML) is None


def test_a_carried_short_future_is_converted_as_an_overnight_sell() -> None:
    position = parse_position(position_row("NIFTYFUT", "NFO", "NRML", quantity=-75, overnight_quantity=-75))
    conversion = conversion_for(position, Product.MIS)
    assert conversion is not None
    assert (conversion.transaction_type, conversion.position_type, conversion.quantity) == (
        TransactionType.SELL, PositionType.OVERNIGHT, 75
    )  # fmt: skip


def test_the_summary_says_what_changes() -> None:
    position = parse_position(
        position_row("INFY", "NSE", "CNC", quantity=5, day_buy_quantity=5, last_price=1600, multiplier=1)
    )
    conversion = conversion_for(position, Product.MIS)
    assert conversion is not None
    text = conversion_summary(position, conversion)
    assert "Convert 5 of your long INFY (NSE) position, bought today, from CNC to MIS." in text
    assert "squared off automatically" in text
    assert "₹8,000.00" in text
