"""The one rule table: for a variety, exchange, order type and validity, what may be chosen and which fields count.

The ticket only applies what this module says (enables, disables, marks required); the paper exchange validates
with the same table through ``validation.validate``. Where kite-api-facts.md marks a rule NOT CONFIRMED the table
takes the strictest plausible reading and says so next to the entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.fields import Field


@dataclass(frozen=True, slots=True)
class FieldState:
    enabled: bool
    required: bool = False
    editable: bool = True  # False: shown but computed by the ticket (the iceberg leg quantity)


OFF = FieldState(enabled=False)
OPTIONAL = FieldState(enabled=True)
REQUIRED = FieldState(enabled=True, required=True)
DERIVED = FieldState(enabled=True, required=True, editable=False)

ALL_EXCHANGES = frozenset(Exchange)
ALL_ORDER_TYPES = tuple(OrderType)
BOTH_SIDES = (TransactionType.BUY, TransactionType.SELL)


@dataclass(frozen=True, slots=True)
class VarietyRule:
    exchanges: frozenset[Exchange]
    order_types: tuple[OrderType, ...]
    validities: tuple[Validity, ...]
    products: tuple[Product, ...]
    transaction_types: tuple[TransactionType, ...] = BOTH_SIDES


VARIETY_RULES: Mapping[Variety, VarietyRule] = MappingProxyType(
    {
        Variety.REGULAR: VarietyRule(ALL_EXCHANGES, ALL_ORDER_TYPES, tuple(Validity), tuple(Product)),
        # Minute validity does not work outside the normal session (Z6b), and Zerodha lists AMO for CNC/MIS/NRML only.
        Variety.AMO: VarietyRule(
            ALL_EXCHANGES, ALL_ORDER_TYPES, (Validity.DAY, Validity.IOC), (Product.CNC, Product.MIS, Product.NRML)
        ),
        # A cover order's entry is MARKET or LIMIT, sent with product MIS; its stop leg is SL-M (facts §1.2).
        Variety.CO: VarietyRule(ALL_EXCHANGES, (OrderType.MARKET, OrderType.LIMIT), (Validity.DAY,), (Product.MIS,)),
        # Iceberg: NSE equity, F&O, currency and BSE equity only (Z6b). IOC would cancel the later legs, so DAY or TTL.
        Variety.ICEBERG: VarietyRule(
            frozenset({Exchange.NSE, Exchange.BSE, Exchange.NFO, Exchange.CDS}),
            ALL_ORDER_TYPES,
            (Validity.DAY, Validity.TTL),
            (Product.CNC, Product.MIS, Product.NRML, Product.MTF),
        ),
        # Auction: selling holdings into the exchange's auction, a LIMIT CNC SELL as in the mock (facts §1).
        Variety.AUCTION: VarietyRule(
            frozenset({Exchange.NSE, Exchange.BSE}),
            (OrderType.LIMIT,),
            (Validity.DAY,),
            (Product.CNC,),
            (TransactionType.SELL,),
        ),
    }
)

# Products by market: CNC and MTF hold equity; NRML carries derivatives overnight; MIS is intraday everywhere.
EQUITY_PRODUCTS = frozenset({Product.CNC, Product.MIS, Product.MTF})
DERIVATIVE_PRODUCTS = frozenset({Product.MIS, Product.NRML})

# MCX does not support IOC in the algo segment since April 2026 (facts §5).
EXCHANGE_EXCLUDED_VALIDITIES: Mapping[Exchange, frozenset[Validity]] = MappingProxyType(
    {
        Exchange.MCX: frozenset({Validity.IOC}),
    }
)

# BSE takes no MARKET or SL-M legs in an iceberg (Z6b).
EXCLUDED_ORDER_TYPES: Mapping[tuple[Variety, Exchange], frozenset[OrderType]] = MappingProxyType(
    {
        (Variety.ICEBERG, Exchange.BSE): frozenset({OrderType.MARKET, OrderType.SLM}),
    }
)

# "A stop-loss order is valid for the day only" (Z5): the strictest reading allows stops no IOC or minutes.
STOP_VALIDITIES = frozenset({Validity.DAY})

ALWAYS_REQUIRED = (
    Field.EXCHANGE,
    Field.TRADINGSYMBOL,
    Field.TRANSACTION_TYPE,
    Field.VARIETY,
    Field.PRODUCT,
    Field.ORDER_TYPE,
    Field.QUANTITY,
    Field.VALIDITY,
)


@dataclass(frozen=True, slots=True)
class TicketRules:
    """What may be chosen and how each field behaves, for one combination of the four deciding choices."""

    products: tuple[Product, ...]
    order_types: tuple[OrderType, ...]
    validities: tuple[Validity, ...]
    transaction_types: tuple[TransactionType, ...]
    fields: Mapping[Field, FieldState]

    def state(self, field: Field) -> FieldState:
        return self.fields[field]

    def enabled(self, field: Field) -> bool:
        return self.fields[field].enabled


def varieties_for(exchange: Exchange) -> tuple[Variety, ...]:
    return tuple(variety for variety, rule in VARIETY_RULES.items() if exchange in rule.exchanges)


def ticket_rules(variety: Variety, exchange: Exchange, order_type: OrderType, validity: Validity) -> TicketRules:
    rule = VARIETY_RULES[variety]
    return TicketRules(
        products=_products(rule, exchange),
        order_types=_order_types(rule, variety, exchange),
        validities=_validities(rule, exchange, order_type),
        transaction_types=rule.transaction_types,
        fields=MappingProxyType(_field_states(variety, exchange, order_type, validity)),
    )


def _products(rule: VarietyRule, exchange: Exchange) -> tuple[Product, ...]:
    market = EQUITY_PRODUCTS if exchange.is_equity else DERIVATIVE_PRODUCTS
    return tuple(product for product in rule.products if product in market)


def _order_types(rule: VarietyRule, variety: Variety, exchange: Exchange) -> tuple[OrderType, ...]:
    excluded = EXCLUDED_ORDER_TYPES.get((variety, exchange), frozenset())
    return tuple(order_type for order_type in rule.order_types if order_type not in excluded)


def _validities(rule: VarietyRule, exchange: Exchange, order_type: OrderType) -> tuple[Validity, ...]:
    excluded = EXCHANGE_EXCLUDED_VALIDITIES.get(exchange, frozenset())
    allowed = tuple(validity for validity in rule.validities if validity not in excluded)
    if order_type.needs_trigger:
        allowed = tuple(validity for validity in allowed if validity in STOP_VALIDITIES)
    return allowed


def _field_states(
    variety: Variety, exchange: Exchange, order_type: OrderType, validity: Validity
) -> dict[Field, FieldState]:
    states = dict.fromkeys(ALWAYS_REQUIRED, REQUIRED)
    is_cover = variety is Variety.CO
    states[Field.PRICE] = REQUIRED if order_type.needs_price else OFF
    # A cover order's trigger is the stop of its second (SL-M) leg, whatever the entry type.
    states[Field.TRIGGER_PRICE] = REQUIRED if order_type.needs_trigger or is_cover else OFF
    states[Field.VALIDITY_TTL] = REQUIRED if validity is Validity.TTL else OFF
    states[Field.DISCLOSED_QUANTITY] = OPTIONAL if _discloses(variety, exchange, validity) else OFF
    states[Field.ICEBERG_LEGS] = REQUIRED if variety is Variety.ICEBERG else OFF
    states[Field.ICEBERG_QUANTITY] = DERIVED if variety is Variety.ICEBERG else OFF
    states[Field.MARKET_PROTECTION] = REQUIRED if order_type.executes_at_market else OFF
    states[Field.TAG] = OPTIONAL
    states[Field.AUCTION_NUMBER] = REQUIRED if variety is Variety.AUCTION else OFF
    states[Field.AUTOSLICE] = OPTIONAL if variety is Variety.REGULAR else OFF
    return states


def _discloses(variety: Variety, exchange: Exchange, validity: Validity) -> bool:
    """Disclosed quantity is for equity (docs), never with IOC; an iceberg or CO already decides what shows."""
    return exchange.is_equity and validity is not Validity.IOC and variety in (Variety.REGULAR, Variety.AMO)


@dataclass(frozen=True, slots=True)
class Choice:
    """The four choices that decide the rules, plus the product, as the ticket holds them."""

    variety: Variety
    exchange: Exchange
    product: Product
    order_type: OrderType
    validity: Validity


def normalise(choice: Choice) -> Choice:
    """The nearest allowed choice: each choice the rules no longer allow falls back to the first allowed one.

    A variety the exchange does not offer falls back to regular. The ticket calls this after every change of
    variety, exchange or order type, so the combo boxes never show a combination Kite would refuse.
    """
    variety = choice.variety if choice.exchange in VARIETY_RULES[choice.variety].exchanges else Variety.REGULAR
    rules = ticket_rules(variety, choice.exchange, choice.order_type, choice.validity)
    order_type = choice.order_type if choice.order_type in rules.order_types else rules.order_types[0]
    rules = ticket_rules(variety, choice.exchange, order_type, choice.validity)
    validity = choice.validity if choice.validity in rules.validities else rules.validities[0]
    product = choice.product if choice.product in rules.products else rules.products[0]
    return Choice(variety, choice.exchange, product, order_type, validity)


def iceberg_leg_quantity(quantity: int, legs: int, lot_size: int) -> int:
    """Kite's iceberg_quantity: the lots shared out over the legs, the first legs taking the odd lot
    (31 lots in 2 legs: 16 lots a leg, facts §1)."""
    lot = max(lot_size, 1)
    lots = quantity // lot
    return -(-lots // legs) * lot if legs > 0 else 0
