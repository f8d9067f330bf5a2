"""The header's words: what is being bought or sold, where, and at what price it last traded."""

from __future__ import annotations

from kiteticket.domain.confirmation import header_title
from kiteticket.domain.draft import Draft
from kiteticket.domain.instruments import Instrument, format_expiry, format_strike
from kiteticket.domain.prices import as_decimal, format_price
from kiteticket.domain.quote import Quote
from kiteticket.ui.ticket.layout import TicketLayout


def instrument_line(instrument: Instrument | None) -> str:
    """ "NFO · NIFTY 29 DEC 2026 26000 CE · lot 65 · tick 0.05": enough to tell similar contracts apart."""
    if instrument is None:
        return "Search for an instrument below"
    parts = [instrument.exchange.value]
    if instrument.is_option or instrument.is_future:
        contract = [instrument.underlying, format_expiry(instrument.expiry)]
        contract += [format_strike(instrument.strike), instrument.instrument_type] if instrument.is_option else ["FUT"]
        parts.append(" ".join(contract))
    elif instrument.name and instrument.name != instrument.tradingsymbol:
        parts.append(instrument.name)
    parts += [f"lot {instrument.lot_size}", f"tick {as_decimal(instrument.tick_size)}"]
    return " · ".join(parts)


def describe_header(parts: TicketLayout, draft: Draft, quote: Quote | None) -> None:
    """The title from the draft that is sent ("BUY INFY ×50"), the contract, and the last price."""
    instrument = draft.instrument
    parts.title.setText(header_title(draft))
    parts.subtitle.setText(instrument_line(instrument))
    if quote is None or instrument is None:
        parts.last_price.setText("")
        parts.change.setText("")
        return
    tick = as_decimal(instrument.tick_size) if instrument.tick_size > 0 else as_decimal("0.05")
    parts.last_price.setText(format_price(quote.last_price, tick))
    sign = "+" if quote.net_change > 0 else ""
    parts.change.setText(f"{sign}{format_price(quote.net_change, tick)} ({sign}{quote.change_percent:.2f}%)")
