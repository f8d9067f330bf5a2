"""What the ticket works out and shows from its inputs: the iceberg leg quantity, the units beside the lots, the
tick, and the session hint."""

from __future__ import annotations

from kiteticket.domain import lots
from kiteticket.domain.enums import Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.market_clock import MarketClock
from kiteticket.domain.rules import TicketRules, iceberg_leg_quantity
from kiteticket.ui.ticket import form
from kiteticket.ui.ticket.entries import entry_of
from kiteticket.ui.ticket.inputs import TicketInputs
from kiteticket.ui.ticket.layout import TicketLayout


def show_derived(inputs: TicketInputs, rules: TicketRules, instrument: Instrument | None) -> None:
    """The iceberg leg quantity and the hints, from the fields' text as shown (an emptied quantity counts 0)."""
    count = entry_of(inputs.quantity).whole or 0
    units, legs = lots.to_units(count, instrument), entry_of(inputs.iceberg_legs).whole or 0
    derived = rules.enabled(Field.ICEBERG_QUANTITY) and legs > 0
    inputs.iceberg_quantity.setValue(iceberg_leg_quantity(units, legs, form.lot_of(instrument)) if derived else 0)
    inputs.hints[Field.QUANTITY].setText(lots.units_hint(count, instrument))
    inputs.hints[Field.PRICE].setText(f"tick {form.tick_of(instrument)}" if instrument else "")


def show_session_hint(inputs: TicketInputs, parts: TicketLayout, clock: MarketClock) -> None:
    """When AMOs are taken, or that the market is closed for the variety chosen (a hint: Kite decides)."""
    choice = form.current_choice(inputs)
    problem = clock.placement_problem(choice.variety, choice.exchange)
    amo = clock.amo_hint(choice.exchange) if choice.variety is Variety.AMO else ""
    parts.hint.setText(problem or amo)
    parts.hint.setVisible(bool(problem or amo))
