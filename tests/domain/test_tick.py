from __future__ import annotations

from decimal import Decimal

import pytest

from kiteticket.domain.tick import Tick, price_divisor


def test_change_percent_from_the_previous_close() -> None:
    tick = Tick(instrument_token=408065, last_price=Decimal(110), close=Decimal(100))
    assert tick.change_percent == Decimal(10)
    assert Tick(instrument_token=408065, last_price=Decimal(110)).change_percent == 0


@pytest.mark.parametrize(("segment", "divisor"), [(1, 100), (2, 100), (3, 10_000_000), (6, 10_000), (12, 10_000)])
def test_price_divisor_by_segment(segment: int, divisor: int) -> None:
    assert price_divisor(12345 * 256 + segment) == divisor


def test_indices_are_recognised_by_their_segment() -> None:
    assert Tick(instrument_token=256265, last_price=Decimal(1)).is_index
    assert not Tick(instrument_token=408065, last_price=Decimal(1)).is_index
