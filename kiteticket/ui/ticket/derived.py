"""What the ticket works out and shows from its inputs: the iceberg leg quantity, lots, tick, header and hints."""

from __future__ import annotations

from kiteticket.domain.enums import Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.market_clock import MarketClock
from kiteticket.domain.quote import Quote
from kiteticket.domain.rules import TicketRules, iceberg_leg_quantity
from kiteticket.ui.ticket import form
from kiteticket.ui.ticket.header import describe_header
from kiteticket.ui.ticket.inputs import TicketInputs
from kiteticket.ui.ticket.layout import TicketLayout


def lots_text(quantity: int, lot: int) -> str:
    """ "2 lots" for derivatives, so a trader sees what 130 NIFTY means; nothing for equity."""
    if lot <= 1:
        return ""
    if quantity % lot:
        return f"lot {lot}"
    lots = quantity // lot
    return f"{lots} lot" if lots == 1 else f"{lots} lots"


def show_derived(
    inputs: TicketInputs, parts: TicketLayout, rules: TicketRules, instrument: Instrument | None, quote: Quote | None
) -> None:
    lot, quantity = form.lot_of(instrument), inputs.quantity.value()
    legs = inputs.iceberg_legs.value()
    derived = rules.enabled(Field.ICEBERG_QUANTITY)
    inputs.iceberg_quantity.setValue(iceberg_leg_quantity(quantity, legs, lot) if derived else 0)
    inputs.hints[Field.QUANTITY].setText(lots_text(quantity, lot))
    inputs.hints[Field.PRICE].setText(f"tick {form.tick_of(instrument)}" if instrument else "")
    describe_header(parts, inputs.side.side(), instrument, quote, quantity)


def show_session_hint(inputs: TicketInputs, parts: TicketLayout, clock: MarketClock) -> None:
    """When AMOs are taken, or that the market is closed for the variety chosen (a hint: Kite decides)."""
    choice = form.current_choice(inputs)
    problem = clock.placement_problem(choice.variety, choice.exchange)
    amo = clock.amo_hint(choice.exchange) if choice.variety is Variety.AMO else ""
    parts.hint.setText(problem or amo)
    parts.hint.setVisible(bool(problem or amo))
