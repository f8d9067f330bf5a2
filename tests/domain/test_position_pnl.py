from __future__ import annotations

from decimal import Decimal

from kiteticket.domain.position_pnl import repriced

LONG = {"tradingsymbol": "INFY", "quantity": 10, "multiplier": 1, "last_price": 1600.0, "pnl": 250.0, "m2m": 100.0,
        "unrealised": 250.0, "realised": 0}  # fmt: skip


def test_a_long_position_gains_as_the_price_rises() -> None:
    moved = repriced(LONG, Decimal("1605.50"))
    assert (moved["last_price"], moved["pnl"], moved["m2m"], moved["unrealised"]) == (1605.5, 305.0, 155.0, 305.0)
    assert moved["realised"] == 0


def test_a_short_future_loses_by_its_multiplier() -> None:
    short = {"quantity": -2, "multiplier": 100, "last_price": 6000.0, "pnl": 0.0}
    assert repriced(short, Decimal(6001))["pnl"] == -200.0


def test_a_closed_position_is_left_as_it_is() -> None:
    closed = {**LONG, "quantity": 0}
    assert repriced(closed, Decimal(1700)) == closed
