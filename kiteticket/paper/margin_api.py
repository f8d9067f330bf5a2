"""POST /margins/orders, /margins/basket and /charges/orders: the account's margin rules and Zerodha's charges
applied to orders that are not placed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kiteticket.domain.enums import Exchange, Product, TransactionType
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.strict_numbers import strict_number
from kiteticket.paper.basket_hedge import Leg, hedged
from kiteticket.paper.charges import charges, empty_charges
from kiteticket.paper.engine import Engine
from kiteticket.paper.errors import input_error
from kiteticket.paper.margins import Margin, multiplier, segment_of

_FIELDS = ("span", "exposure", "option_premium", "var")
# The same sanity bounds as an order form's (domain/order_params.py): anything beyond is a mistake, not an order.
_MAX_QUANTITY = Decimal(1_000_000_000)
_MAX_PRICE = Decimal(100_000_000)


# Kite's own cap on a margin request is NOT CONFIRMED; this one keeps a single request from holding the
# exchange's lock for long (each row is priced under it).
MAX_ORDERS = 1000


def _orders(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, list) or not all(isinstance(item, dict) for item in body):
        raise input_error("Invalid request: send a JSON list of orders.")
    if len(body) > MAX_ORDERS:
        raise input_error(f"Too many orders in one request: at most {MAX_ORDERS}.")
    return body


def _read(
    order: dict[str, Any], engine: Engine, price_key: str
) -> tuple[Instrument, Product, TransactionType, int, Decimal]:
    instrument = engine.instrument(str(order.get("exchange", "")), str(order.get("tradingsymbol", "")))
    try:
        product = Product(str(order.get("product", "")).upper())
        side = TransactionType(str(order.get("transaction_type", "")).upper())
        quantity_value = strict_number(order.get("quantity", 0), Decimal(0), _MAX_QUANTITY)
        price = strict_number(order.get(price_key) or 0, Decimal(0), _MAX_PRICE)
        if quantity_value != quantity_value.to_integral_value():
            raise ValueError("quantity")
        quantity = int(quantity_value)
    except ValueError:
        raise input_error("Invalid order: check product, transaction_type, quantity and price.") from None
    if price <= 0:
        price = engine.market.state(instrument).last_price
    return instrument, product, side, quantity, price


def _leverage(instrument: Instrument, product: Product) -> int:
    return 5 if instrument.exchange.is_equity and product is Product.MIS else 1


def _margin_row(engine: Engine, order: dict[str, Any]) -> dict[str, Any]:
    instrument, product, side, quantity, price = _read(order, engine, "price")
    margin = engine.account.order_margin(instrument, product, side, quantity, price)
    turnover = price * quantity * multiplier(instrument)
    cost = charges(instrument.exchange, product, side, instrument.is_option, turnover)
    return _row(
        kind=segment_of(instrument.exchange),
        symbol=instrument.tradingsymbol,
        exchange=instrument.exchange.value,
        margin=margin,
        leverage=_leverage(instrument, product),
        cost=cost,
    )


def _row(
    *, kind: str, symbol: str, exchange: str, margin: Margin, leverage: int, cost: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": kind,
        "tradingsymbol": symbol,
        "exchange": exchange,
        "span": float(margin.span),
        "exposure": float(margin.exposure),
        "option_premium": float(margin.option_premium),
        "additional": 0,
        "bo": 0,
        "cash": float(margin.delivery),
        "var": float(margin.var),
        "pnl": {"realised": 0, "unrealised": 0},
        "leverage": leverage,
        "charges": cost,
        "total": float(margin.total),
    }


def order_margins(engine: Engine, body: Any) -> list[dict[str, Any]]:
    return [_margin_row(engine, order) for order in _orders(body)]


def basket_margins(engine: Engine, body: Any) -> dict[str, Any]:
    """Kite's basket answer: ``initial`` adds the orders' margins up, ``final`` takes the derivative legs together
    (the paper exchange's stand-in for SPAN's spread benefit: paper/basket_hedge.py)."""
    orders = _orders(body)
    rows = [_margin_row(engine, order) for order in orders]
    legs = [_leg(engine, order) for order in orders]
    initial = Margin()
    for leg in legs:
        initial += leg.margin
    basket_charges = empty_charges()
    for name in ("exchange_turnover_charge", "sebi_turnover_charge", "brokerage", "stamp_duty", "transaction_tax"):
        basket_charges[name] = sum(row["charges"][name] for row in rows)
    basket_charges["gst"] = {
        key: sum(row["charges"]["gst"][key] for row in rows) for key in ("igst", "cgst", "sgst", "total")
    }
    basket_charges["total"] = sum(row["charges"]["total"] for row in rows)
    return {"initial": _summary(initial), "final": _summary(hedged(legs)), "orders": rows, "charges": basket_charges}


def _leg(engine: Engine, order: dict[str, Any]) -> Leg:
    instrument, product, side, quantity, price = _read(order, engine, "price")
    return Leg(
        instrument, side, quantity, price, engine.account.order_margin(instrument, product, side, quantity, price)
    )


def _summary(margin: Margin) -> dict[str, Any]:
    return _row(kind="", symbol="", exchange="", margin=margin, leverage=0, cost=empty_charges())


def contract_note(engine: Engine, body: Any) -> list[dict[str, Any]]:
    notes = []
    for order in _orders(body):
        instrument, product, side, quantity, price = _read(order, engine, "average_price")
        turnover = price * quantity * multiplier(instrument)
        notes.append(
            {
                "transaction_type": side.value,
                "tradingsymbol": instrument.tradingsymbol,
                "exchange": instrument.exchange.value,
                "variety": str(order.get("variety", "regular")),
                "product": product.value,
                "order_type": str(order.get("order_type", "MARKET")),
                "quantity": quantity,
                "price": float(price),
                "charges": charges(Exchange(instrument.exchange), product, side, instrument.is_option, turnover),
            }
        )
    return notes
