"""What only the broker knows, in Kite's words: unknown or expired instruments, market protection, the cover
order's stop band. The ticket's own rules come from kiteticket.domain.validation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kiteticket.domain.enums import Exchange
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import Instrument, InstrumentMaster
from kiteticket.domain.limits import TAG_MAX_LENGTH
from kiteticket.domain.status import OrderStatus
from kiteticket.domain.validation import Problem
from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.errors import KiteError, input_error
from kiteticket.paper.market import InstrumentMarket

UNKNOWN_INSTRUMENT = "The instrument you are placing an order for has either expired or does not exist"
# Since April 2026 (F2, F3); HTTP code and error_type NOT CONFIRMED, so 400 InputException like other bad input.
PROTECTION_REQUIRED = (
    "Market orders without market protection are not allowed via API. Please set market "
    "protection or use a Limit order."
)
# "The stop loss trigger price is beyond the allowed range of 9.9%." (2019, F29): the cover-order stop band.
COVER_STOP_BAND = Decimal("9.9")

FINAL = frozenset({OrderStatus.COMPLETE.value, OrderStatus.CANCELLED.value, OrderStatus.REJECTED.value})
ACTIONABLE = frozenset({OrderStatus.OPEN.value, OrderStatus.TRIGGER_PENDING.value, OrderStatus.AMO_REQ_RECEIVED.value})


def tradable_instrument(
    master: InstrumentMaster, clock: ExchangeClock, exchange: str, tradingsymbol: str
) -> Instrument:
    instrument = master.get(exchange, tradingsymbol) if exchange in Exchange.__members__ else None
    if instrument is None or (instrument.expiry is not None and instrument.expiry < clock.now().date()):
        raise input_error(UNKNOWN_INSTRUMENT)
    return instrument


def check_cover_stop(stop: Decimal, state: InstrumentMarket) -> None:
    last = state.last_price
    if last and abs(stop - last) * 100 > last * COVER_STOP_BAND:
        raise input_error(f"The stop loss trigger price is beyond the allowed range of {COVER_STOP_BAND}%.")


# Kite's own texts for problems the ticket's rules also find (facts §1): used verbatim where they are known.
ICEBERG_QUANTITY_TEXT = "Invalid `iceberg_quantity`."  # F14: a leg that is not quantity / legs
TRIGGER_TICK_TEXT = "16316 : The trigger price is not a multiple of tick size"  # F25, F46


def check_tag(tag: str | None) -> None:
    """Kite's tag rule, wider than the ticket's (domain/validation.py keeps its own tags alphanumeric). The docs
    say "alphanumeric", but the evidence says more is taken: Kite's own mock order book carries the tag
    "connect test order1" (spaces; kiteconnect-mocks orders.json), and staff say other characters are accepted
    today, '@' whitelisted, and a tag over 20 characters is rejected, not cut (F17, F2). So printable ASCII up to
    20 characters is accepted; control characters and non-ASCII text, for which there is no evidence, are not."""
    if tag is None:
        return
    if len(tag) > TAG_MAX_LENGTH:
        raise input_error(f"Tag is {len(tag)} characters; Kite allows at most {TAG_MAX_LENGTH}.")
    if not all(" " <= character <= "~" for character in tag):
        raise input_error("Tag may contain only letters, digits, spaces and ASCII punctuation.")


def kite_words(problem: Problem) -> str:
    """What Kite answers for ``problem`` where its wording is known; the ticket's explanation otherwise."""
    if problem.field is Field.ICEBERG_QUANTITY:
        return ICEBERG_QUANTITY_TEXT
    if problem.field is Field.TRIGGER_PRICE and "multiple of the tick size" in problem.message:
        return TRIGGER_TICK_TEXT
    return problem.message


def first_problem(parsed: Any) -> Any:
    """The parsed request, or a 400 with the first problem found while reading it."""
    if isinstance(parsed, tuple):
        raise input_error(parsed[0].message) if parsed else KiteError("Invalid request.")
    return parsed
