"""A GTT's quantity in lots for derivatives, units for shares: the field's count, the units beside it, the words."""

from __future__ import annotations

import pytest

from kiteticket.domain import gtt_lots
from kiteticket.domain.enums import Exchange


@pytest.mark.parametrize("exchange", [Exchange.NFO, Exchange.BFO, Exchange.MCX, Exchange.CDS, "NFO"])
def test_derivatives_count_in_lots(exchange: Exchange | str) -> None:
    assert gtt_lots.in_lots(exchange)
    assert gtt_lots.to_count(130, exchange, 65) == 2
    assert gtt_lots.to_units(3, exchange, 65) == 195
    assert gtt_lots.caption(exchange) == "Lots"
    assert gtt_lots.units_hint(2, exchange, 65) == "= 130 qty"
    assert gtt_lots.quantity_words(130, exchange, 65) == "2 lots (130 qty)"
    assert gtt_lots.quantity_words(65, exchange, 65) == "1 lot (65 qty)"


@pytest.mark.parametrize("exchange", [Exchange.NSE, Exchange.BSE, "XYZ"])
def test_shares_and_unknown_exchanges_count_in_units(exchange: Exchange | str) -> None:
    assert not gtt_lots.in_lots(exchange)
    assert (gtt_lots.to_count(130, exchange, 1), gtt_lots.to_units(130, exchange, 1)) == (130, 130)
    assert gtt_lots.caption(exchange) == "Quantity"
    assert gtt_lots.units_hint(130, exchange, 1) == ""
    assert gtt_lots.quantity_words(1500, exchange, 1) == "1,500"
    assert gtt_lots.part_lot_note(7, exchange, 1) == ""


def test_a_part_lot_is_said_in_units_and_what_the_gtt_leaves_out() -> None:
    assert gtt_lots.quantity_words(140, Exchange.NFO, 65) == "140 qty"
    assert gtt_lots.quantity_words(130, Exchange.NFO, 0) == "130 qty"  # lot size not known
    assert gtt_lots.to_count(140, Exchange.NFO, 65) == 2
    assert gtt_lots.part_lot_note(140, Exchange.NFO, 65) == (
        "140 qty is not whole lots of 65: the GTT covers 130 qty, not the other 10."
    )
    assert gtt_lots.part_lot_note(130, Exchange.NFO, 65) == ""
