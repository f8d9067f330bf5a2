"""The words for an order before it goes: the ticket's header and the confirmation that states the whole order.

Both are built from the same ``Draft``/``Submission`` whose request is sent, so the header, the question and the
request cannot disagree.
"""

from __future__ import annotations

from decimal import Decimal

from kiteticket.domain import lots
from kiteticket.domain.draft import Draft, Submission
from kiteticket.domain.enums import Validity, Variety
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.margin_preview import MarginPreview
from kiteticket.domain.money import format_inr
from kiteticket.domain.order import AUTO_MARKET_PROTECTION, OrderRequest
from kiteticket.domain.prices import as_decimal, price_places

DEFAULT_TICK = Decimal("0.05")


def header_title(draft: Draft) -> str:
    """ "BUY INFY ×50", "SELL NIFTY26DECFUT ×2 lots (130 qty)"; no count while the quantity is not entered."""
    request, instrument = draft.request, draft.instrument
    symbol = instrument.tradingsymbol if instrument else ""
    title = f"{request.transaction_type} {symbol}".strip()
    if instrument is not None and request.quantity > 0:
        title += f"  ×{lots.describe_quantity(request.quantity, instrument)}"
    return title


def rupees(price: Decimal | None, instrument: Instrument | None) -> str:
    """A price in ₹ with the instrument's decimals (four for currency pairs)."""
    tick = as_decimal(instrument.tick_size) if instrument and instrument.tick_size > 0 else DEFAULT_TICK
    return format_inr(price or 0, places=max(price_places(tick), 2))


def order_value(submission: Submission) -> Decimal | None:
    """Quantity × price × multiplier, at the last price for a market order; None when neither is known."""
    request = submission.request
    price = request.price if request.order_type.needs_price else None
    price = price or request.trigger_price or submission.last_price
    if price is None:
        return None
    return price * request.quantity * lots.multiplier(submission.instrument)


def confirmation_text(submission: Submission) -> str:
    """Every parameter the request carries, one line each, in the words the ticket uses; then value and margin."""
    return "\n".join(line for line in _lines(submission) if line)


def _lines(submission: Submission) -> tuple[str, ...]:
    request, instrument = submission.request, submission.instrument
    return (
        f"{request.transaction_type} {lots.describe_quantity(request.quantity, instrument)} "
        f"{request.tradingsymbol} on {request.exchange}",
        f"{request.variety.label} · {request.product} · {_type_and_prices(request, instrument)}",
        f"Validity {_validity(request)}",
        f"Disclosed quantity {request.disclosed_quantity:,}" if request.disclosed_quantity else "",
        _iceberg(request),
        f"Market protection {_protection(request.market_protection)}" if request.market_protection else "",
        f"Auction number {request.auction_number}" if request.auction_number else "",
        "Autoslice above the freeze quantity" if request.autoslice else "",
        _value(submission),
        *_margin(submission.margin),
        f"Tag {request.tag}" if request.tag else "",
    )


def _type_and_prices(request: OrderRequest, instrument: Instrument | None) -> str:
    text = str(request.order_type)
    if request.order_type.needs_price and request.price is not None:
        text += f" at {rupees(request.price, instrument)}"
    if request.trigger_price is not None:
        text += f", trigger {rupees(request.trigger_price, instrument)}"
    return text


def _validity(request: OrderRequest) -> str:
    if request.validity is Validity.TTL:
        minutes = request.validity_ttl or 0
        return f"{minutes} minute{'' if minutes == 1 else 's'} (TTL)"
    return str(request.validity)


def _iceberg(request: OrderRequest) -> str:
    if request.variety is not Variety.ICEBERG or not request.iceberg_legs:
        return ""
    return f"Iceberg {request.iceberg_legs} legs × {request.iceberg_quantity or 0:,} qty"


def _protection(protection: int | Decimal | None) -> str:
    return "Auto" if protection == AUTO_MARKET_PROTECTION else f"{protection}%"


def _margin(preview: MarginPreview | None) -> tuple[str, ...]:
    if preview is None:
        return ()
    available = f" (available {format_inr(preview.available)})" if preview.available is not None else ""
    return (f"Margin {format_inr(preview.estimate.required)}{available}", preview.shortfall_text())


def _value(submission: Submission) -> str:
    value = order_value(submission)
    if value is None:
        return ""
    request = submission.request
    if not request.order_type.executes_at_market:
        return f"Value {format_inr(value)}"
    basis = "the trigger price" if request.trigger_price is not None else "the last price"
    return f"Value ≈ {format_inr(value)} at {basis}"
