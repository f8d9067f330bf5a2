"""GET /portfolio/holdings/auctions and the check on auction orders.

Kite lists the holdings that can be sold in the exchange's auction session, each with the ``auction_number``
an auction order must quote (mock auctions_list.json). On the paper exchange every holding is in the day's
auction; its number is fixed for the day, so a script can read the list and then place against it. An order of
variety ``auction`` must name a number from today's list for that very instrument: anything else is refused
before it reaches the book (the ticket's rules already make it a LIMIT CNC SELL).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kiteticket.domain.enums import Variety
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.order import OrderRequest
from kiteticket.paper.engine import Engine
from kiteticket.paper.errors import input_error

# Holding fields Kite's auction list does not carry (auctions_list.json against holdings.json).
_NOT_LISTED = ("used_quantity", "authorisation", "short_quantity", "mtf")


def auction_number(instrument_token: int, day: date) -> str:
    """A number per holding and day, as the exchange gives each auction its own: stable through the day."""
    return str(10 + (instrument_token * 31 + day.toordinal()) % 9000)


class Auctions:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def listed(self) -> list[dict[str, Any]]:
        today = self._engine.clock.now().date()
        rows = []
        for holding in self._engine.account.holdings.values():
            instrument = self._engine.master.get(holding.exchange, holding.tradingsymbol)
            if instrument is None or holding.quantity <= 0:
                continue
            last, close = self._engine.prices(instrument)
            row = holding.to_kite(last, close, used=0)
            for name in _NOT_LISTED:
                row.pop(name, None)
            row["auction_number"] = auction_number(instrument.instrument_token, today)
            rows.append(row)
        return rows

    def check_order(self, request: OrderRequest, instrument: Instrument) -> None:
        """Refuse an auction order whose instrument is not held or whose number is not today's."""
        if request.variety is not Variety.AUCTION:
            return
        holding = self._engine.account.holdings.get(f"{instrument.exchange}:{instrument.tradingsymbol}")
        if holding is None or holding.quantity <= 0:
            raise input_error(f"{instrument.tradingsymbol} is not in your holdings, so it is not in any auction.")
        expected = auction_number(instrument.instrument_token, self._engine.clock.now().date())
        if request.auction_number != expected:
            raise input_error(
                f"Invalid `auction_number`: {instrument.tradingsymbol} is in auction {expected} today "
                "(GET /portfolio/holdings/auctions lists them)."
            )
