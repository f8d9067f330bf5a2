"""Every problem with an order request, each on the field it belongs to, in words a trader can act on.

``validate`` never stops at the first problem: the ticket shows each next to its field as the user types. The
checks read what is enabled and required from the rule table, so the ticket and the paper exchange agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from kiteticket.domain import limits
from kiteticket.domain.enums import Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.market import MarketSnapshot
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.prices import as_decimal
from kiteticket.domain.rules import TicketRules, iceberg_leg_quantity, ticket_rules, varieties_for
from kiteticket.domain.validation_prices import check_prices

__all__ = ["MarketSnapshot", "Problem", "problems_by_field", "validate"]


@dataclass(frozen=True, slots=True)
class Problem:
    field: Field
    message: str


@dataclass(frozen=True, slots=True)
class Context:
    request: OrderRequest
    instrument: Instrument | None
    market: MarketSnapshot
    rules: TicketRules

    @property
    def lot_size(self) -> int:
        return max(self.instrument.lot_size, 1) if self.instrument else 1

    @property
    def tick(self) -> Decimal:
        return as_decimal(self.instrument.tick_size) if self.instrument else Decimal(0)


Check = Callable[[Context], Iterable[Problem]]


def validate(
    request: OrderRequest, instrument: Instrument | None, market: MarketSnapshot | None = None
) -> tuple[Problem, ...]:
    rules = ticket_rules(request.variety, request.exchange, request.order_type, request.validity)
    context = Context(request, instrument, market or MarketSnapshot(), rules)
    return tuple(problem for check in _CHECKS for problem in check(context))


def problems_by_field(problems: Iterable[Problem]) -> dict[Field, str]:
    """The first problem of each field: what the ticket shows beside it."""
    shown: dict[Field, str] = {}
    for problem in problems:
        shown.setdefault(problem.field, problem.message)
    return shown


def _check_instrument(context: Context) -> Iterator[Problem]:
    request, instrument = context.request, context.instrument
    if not request.tradingsymbol:
        yield Problem(Field.TRADINGSYMBOL, "Pick an instrument to trade.")
    elif instrument is None:
        yield Problem(
            Field.TRADINGSYMBOL,
            f"{request.instrument_key} was not found: the instrument has either expired or does not exist.",
        )
    elif instrument.exchange != request.exchange:
        yield Problem(
            Field.EXCHANGE, f"{request.tradingsymbol} trades on {instrument.exchange}, not {request.exchange}."
        )
    elif not instrument.is_tradable:
        yield Problem(
            Field.TRADINGSYMBOL, f"{request.tradingsymbol} is an index: trade its futures or options instead."
        )


def _check_choices(context: Context) -> Iterator[Problem]:
    request, rules = context.request, context.rules
    if request.variety not in varieties_for(request.exchange):
        yield Problem(Field.VARIETY, f"{request.variety.label} orders are not available on {request.exchange}.")
        return
    if request.product not in rules.products:
        yield Problem(Field.PRODUCT, _not_allowed("Product", request.product, rules.products, request))
    if request.order_type not in rules.order_types:
        yield Problem(Field.ORDER_TYPE, _not_allowed("Order type", request.order_type, rules.order_types, request))
    if request.validity not in rules.validities:
        yield Problem(Field.VALIDITY, _not_allowed("Validity", request.validity, rules.validities, request))
    if request.transaction_type not in rules.transaction_types:
        yield Problem(Field.TRANSACTION_TYPE, f"{request.variety.label} orders can only be SELL orders.")


def _not_allowed(what: str, value: str, allowed: tuple[str, ...], request: OrderRequest) -> str:
    choices = ", ".join(allowed)
    return f"{what} {value} is not allowed for a {request.variety.label} order on {request.exchange}; use {choices}."


def _check_quantity(context: Context) -> Iterator[Problem]:
    quantity, lot = context.request.quantity, context.lot_size
    if quantity <= 0:
        yield Problem(
            Field.QUANTITY,
            "Quantity must be at least 1." if lot == 1 else f"Quantity must be at least one lot ({lot}).",
        )
    elif quantity % lot:
        lower = quantity - quantity % lot
        options = f"{lower} or {lower + lot}" if lower else f"{lot}"
        yield Problem(Field.QUANTITY, f"Quantity {quantity} is not a multiple of the lot size {lot}: use {options}.")


def _check_disclosed(context: Context) -> Iterator[Problem]:
    request = context.request
    disclosed = request.disclosed_quantity
    if not disclosed:
        return
    if not context.rules.enabled(Field.DISCLOSED_QUANTITY):
        yield Problem(Field.DISCLOSED_QUANTITY, _disclosed_unavailable(request))
    elif disclosed < 0 or disclosed > request.quantity:
        yield Problem(
            Field.DISCLOSED_QUANTITY, f"Disclosed quantity must be between 0 and the quantity {request.quantity}."
        )
    elif disclosed * 100 < request.quantity * limits.DISCLOSED_MIN_FRACTION_PERCENT:
        minimum = -(-request.quantity * limits.DISCLOSED_MIN_FRACTION_PERCENT // 100)
        yield Problem(
            Field.DISCLOSED_QUANTITY,
            f"Disclose at least {limits.DISCLOSED_MIN_FRACTION_PERCENT}% of the quantity ({minimum}), "
            "or leave it empty.",
        )


def _disclosed_unavailable(request: OrderRequest) -> str:
    if not request.exchange.is_equity:
        return "Disclosed quantity is only for equity; leave it empty for derivatives."
    if request.validity.value == "IOC":
        return "Disclosed quantity cannot be used with IOC validity; leave it empty or choose DAY."
    return f"Disclosed quantity cannot be used with {request.variety.label} orders; leave it empty."


def _check_iceberg(context: Context) -> Iterator[Problem]:
    request = context.request
    if request.variety is not Variety.ICEBERG:
        if request.iceberg_legs or request.iceberg_quantity:
            yield Problem(Field.ICEBERG_LEGS, "Iceberg legs are only for iceberg orders; choose the Iceberg variety.")
        return
    legs, lot = request.iceberg_legs, context.lot_size
    lots = request.quantity // lot
    if legs is None or not limits.ICEBERG_MIN_LEGS <= legs <= limits.ICEBERG_MAX_LEGS:
        yield Problem(
            Field.ICEBERG_LEGS, f"Iceberg legs must be between {limits.ICEBERG_MIN_LEGS} and {limits.ICEBERG_MAX_LEGS}."
        )
    elif lots and legs > lots:
        yield Problem(Field.ICEBERG_LEGS, f"{legs} legs need at least {legs * lot} in quantity: one lot a leg.")
    elif request.quantity > 0 and request.iceberg_quantity != iceberg_leg_quantity(request.quantity, legs, lot):
        expected = iceberg_leg_quantity(request.quantity, legs, lot)
        yield Problem(Field.ICEBERG_QUANTITY, f"Each leg must be {expected}: the quantity shared over {legs} legs.")


def _check_protection(context: Context) -> Iterator[Problem]:
    request = context.request
    if not context.rules.enabled(Field.MARKET_PROTECTION):
        return
    protection = request.market_protection
    if protection is None or protection == 0:
        yield Problem(
            Field.MARKET_PROTECTION,
            f"{request.order_type} orders need market protection: choose Auto or a percentage up to 100.",
        )
    elif protection != -1 and not 0 < protection <= limits.MARKET_PROTECTION_MAX:
        yield Problem(Field.MARKET_PROTECTION, "Market protection must be Auto or a percentage above 0, up to 100.")
    elif as_decimal(protection) != as_decimal(protection).quantize(limits.MARKET_PROTECTION_STEP):
        # Kite shows the band with two decimals ("mktp:2.00", mocks): finer than that is not a band it keeps.
        yield Problem(Field.MARKET_PROTECTION, "Market protection takes at most two decimals, such as 1.25.")


def _check_validity_ttl(context: Context) -> Iterator[Problem]:
    ttl = context.request.validity_ttl
    if not context.rules.enabled(Field.VALIDITY_TTL):
        if ttl:
            yield Problem(Field.VALIDITY_TTL, "Minutes are only used with Minutes (TTL) validity.")
    elif ttl is None or not limits.TTL_MIN_MINUTES <= ttl <= limits.TTL_MAX_MINUTES:
        yield Problem(
            Field.VALIDITY_TTL,
            f"Enter how many minutes the order stays: {limits.TTL_MIN_MINUTES} to {limits.TTL_MAX_MINUTES}.",
        )


def _check_tag(context: Context) -> Iterator[Problem]:
    tag = context.request.tag
    if tag is None:
        return
    if len(tag) > limits.TAG_MAX_LENGTH:
        yield Problem(Field.TAG, f"Tag is {len(tag)} characters; Kite allows at most {limits.TAG_MAX_LENGTH}.")
    elif not tag.isascii() or not tag.isalnum():
        # Kite documents tags as alphanumeric; other characters work today but are not promised (F17). This is
        # what the ticket sends; what Kite (and so the paper exchange) accepts is wider: paper/broker_rules.py.
        yield Problem(Field.TAG, "Tag may contain only letters and digits.")


def _check_auction(context: Context) -> Iterator[Problem]:
    number = context.request.auction_number
    if context.request.variety is not Variety.AUCTION:
        return
    if not number or not number.isdigit():
        yield Problem(Field.AUCTION_NUMBER, "Enter the auction number shown against your holding (digits only).")


def _check_autoslice(context: Context) -> Iterator[Problem]:
    if context.request.autoslice and not context.rules.enabled(Field.AUTOSLICE):
        yield Problem(Field.AUTOSLICE, "Autoslice is only for regular orders.")


def _check_prices(context: Context) -> Iterator[Problem]:
    for field, message in check_prices(context.request, context.tick, context.market, context.rules):
        yield Problem(field, message)


_CHECKS: tuple[Check, ...] = (
    _check_instrument,
    _check_choices,
    _check_quantity,
    _check_prices,
    _check_disclosed,
    _check_iceberg,
    _check_protection,
    _check_validity_ttl,
    _check_tag,
    _check_auction,
    _check_autoslice,
)
