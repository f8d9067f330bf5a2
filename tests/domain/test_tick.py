from __future__ import annotations

from decimal import Decimal

import pytest

from kiteticket.domain.quote import DepthLevel, Quote
from kiteticket.domain.tick import Tick, TickMode, depth_of, price_divisor, quote_with_tick


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


def _quote() -> Quote:
    level = DepthLevel(Decimal(99), 10, 1)
    return Quote("NSE:INFY", Decimal(100), Decimal(1), Decimal(98), Decimal(101), Decimal(97), Decimal(99), 500,
                 Decimal(80), Decimal(120), (level,), (level,))  # fmt: skip


def test_a_full_tick_updates_the_quote_but_keeps_its_circuits() -> None:
    bid = DepthLevel(Decimal("104.95"), 7, 2)
    tick = Tick(408065, Decimal(105), open=Decimal(98), high=Decimal(106), low=Decimal(97), close=Decimal(99),
                volume=900, depth=depth_of((bid,)))  # fmt: skip
    quote = quote_with_tick(_quote(), tick)
    assert (quote.last_price, quote.net_change, quote.high, quote.volume, quote.bids) == (
        Decimal(105), Decimal(6), Decimal(106), 900, (bid,),
    )  # fmt: skip
    assert (quote.lower_circuit, quote.upper_circuit) == (Decimal(80), Decimal(120))


def test_an_ltp_tick_moves_only_the_price_and_a_quote_tick_keeps_the_depth() -> None:
    original = _quote()
    ltp = quote_with_tick(original, Tick(408065, Decimal(102), mode=TickMode.LTP))
    assert (ltp.last_price, ltp.net_change, ltp.volume, ltp.bids) == (Decimal(102), Decimal(3), 500, original.bids)
    quoted = quote_with_tick(original, Tick(408065, Decimal(102), mode=TickMode.QUOTE, close=Decimal(99)))
    assert quoted.bids == original.bids
