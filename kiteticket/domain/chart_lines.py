"""The price lines the chart draws over the candles: the user's working orders on the instrument, and the average
price of its open positions, each with the label a trader reads beside the line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.portfolio_rows import Position
from kiteticket.domain.prices import as_decimal, format_price


class LineKind(StrEnum):
    BUY = "buy"  # a working buy order's limit price
    SELL = "sell"
    TRIGGER = "trigger"  # a stop-loss order's trigger price, either side
    AVERAGE = "average"  # a position's average price


@dataclass(frozen=True, slots=True)
class PriceLine:
    key: str  # what the line stands for ("order 2512…:price", "average NSE:INFY:MIS"): lines are kept by it
    price: Decimal
    kind: LineKind
    label: str


def order_lines(
    rows: Iterable[OrderRow], instrument_key: str, tick: Decimal = Decimal("0.05")
) -> tuple[PriceLine, ...]:
    """A line at the limit price and one at the trigger price of every working order on ``instrument_key``;
    a market order has neither, a stop-loss market order only its trigger."""
    lines: list[PriceLine] = []
    for row in rows:
        if row.instrument_key != instrument_key or not row.status_info.is_open:
            continue
        side = row.transaction_type.upper()
        what = f"{side} {row.pending_quantity or row.quantity} {row.order_type}"
        if row.price:
            price = as_decimal(row.price)
            kind = LineKind.BUY if side == "BUY" else LineKind.SELL
            lines.append(PriceLine(f"{row.order_id}:price", price, kind, f"{what} @ {format_price(price, tick)}"))
        if row.trigger_price:
            trigger = as_decimal(row.trigger_price)
            label = f"{what} trigger {format_price(trigger, tick)}"
            lines.append(PriceLine(f"{row.order_id}:trigger", trigger, LineKind.TRIGGER, label))
    return tuple(lines)


def average_lines(
    positions: Iterable[Position], instrument_key: str, tick: Decimal = Decimal("0.05")
) -> tuple[PriceLine, ...]:
    """The average price of each open position on ``instrument_key`` (one per product: MIS and NRML of the same
    future are two positions, each with its own average)."""
    lines = []
    for position in positions:
        key, quantity, average, product = (
            position.instrument_key, position.quantity, position.average_price, position.product
        )  # fmt: skip
        if key != instrument_key or not quantity or not average:
            continue
        label = f"Avg {product} {quantity:+d} @ {format_price(average, tick)}"
        lines.append(PriceLine(f"average {key}:{product}", average, LineKind.AVERAGE, label))
    return tuple(lines)
