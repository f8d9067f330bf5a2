"""Lots for derivatives, units for equity, and a new instrument never inherits another's quantity."""

from __future__ import annotations

from kiteticket.domain import lots
from kiteticket.domain.instruments import Instrument, InstrumentMaster

CSV = """\
instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange
408065,1594,INFY,INFOSYS,0,,0,0.05,1,EQ,NSE,NSE
9000001,35001,NIFTY26DECFUT,NIFTY,0,2026-12-29,0,0.05,65,FUT,NFO-FUT,NFO
9000005,35005,CRUDEOIL26DECFUT,CRUDEOIL,0,2026-12-18,0,1,1,FUT,MCX-FUT,MCX
"""
MASTER = InstrumentMaster.from_csv(CSV)


def get(exchange: str, symbol: str) -> Instrument:
    instrument = MASTER.get(exchange, symbol)
    assert instrument is not None
    return instrument


INFY, NIFTY, CRUDE = get("NSE", "INFY"), get("NFO", "NIFTY26DECFUT"), get("MCX", "CRUDEOIL26DECFUT")


def test_equity_counts_units_and_derivatives_lots() -> None:
    assert not lots.in_lots(INFY)
    assert lots.in_lots(NIFTY)
    assert lots.to_units(650, INFY) == 650
    assert lots.to_units(2, NIFTY) == 130
    assert lots.to_count(130, NIFTY) == 2
    assert lots.quantity_caption(NIFTY) == "Lots"
    assert lots.quantity_caption(INFY) == "Quantity"


def test_the_units_and_the_multiplier_are_shown_beside_the_lots() -> None:
    assert lots.units_hint(2, NIFTY) == "= 130 qty"
    assert lots.units_hint(3, CRUDE) == "= 3 qty · ×100 each"
    assert lots.units_hint(650, INFY) == ""


def test_header_and_confirmation_words_for_a_quantity() -> None:
    assert lots.describe_quantity(650, INFY) == "650"
    assert lots.describe_quantity(65, NIFTY) == "1 lot (65 qty)"
    assert lots.describe_quantity(130, NIFTY) == "2 lots (130 qty)"
    assert lots.describe_quantity(100, NIFTY) == "100 qty"  # not whole lots: said in units, not rounded


def test_a_new_instrument_starts_at_one_lot_or_its_own_last_quantity() -> None:
    remembered = {INFY.key: 650}
    assert lots.starting_units(NIFTY, remembered) == 65  # never INFY's 650 (= 10 lots)
    assert lots.starting_units(INFY, remembered) == 650
    assert lots.starting_units(INFY, {}) == 1
    assert lots.starting_units(None, remembered) == 1
