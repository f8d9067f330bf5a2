"""One value for the order on the screen: the header, the confirmation and the request are all built from it.

``Draft`` is what the ticket's inputs say right now (with the fields it could not read, so that none of them sends
a value the screen no longer shows); ``Submission`` is the draft the user confirmed, with its fresh tag: what the
ticket hands to the app, so that nothing has to ask the ticket widget again what it meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiteticket.domain.instruments import Instrument
from kiteticket.domain.margin_preview import MarginPreview
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.quote import Quote
from kiteticket.domain.validation import Problem


@dataclass(frozen=True, slots=True)
class Submission:
    """An order the user confirmed: the request as sent, the instrument it is for and its last price then (and the
    margin preview the ticket showed for it, if one had come)."""

    request: OrderRequest
    instrument: Instrument | None = None
    last_price: Decimal | None = None
    margin: MarginPreview | None = None
    quote: Quote | None = None  # its depth tells the precautions whether a limit trades through the market


@dataclass(frozen=True, slots=True)
class Draft:
    """The order as the inputs show it. `unreadable` holds a problem for each field left empty or half-typed: the
    request carries no value for those (0 or None), never the value the field held before."""

    request: OrderRequest
    instrument: Instrument | None = None
    last_price: Decimal | None = None
    unreadable: tuple[Problem, ...] = ()
    margin: MarginPreview | None = None
    quote: Quote | None = None

    def submission(self, tag: str) -> Submission:
        return Submission(self.request.with_tag(tag), self.instrument, self.last_price, self.margin, self.quote)
