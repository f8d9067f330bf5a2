"""The tick grid: exact checks and formatting for prices, in Decimal so 0.05 steps never drift."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def as_decimal(value: float | int | str | Decimal) -> Decimal:
    """Decimal from a float via its shortest repr, so 0.05 becomes Decimal('0.05'), not 0.05000000000000000277."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def is_on_tick(price: Decimal, tick: Decimal) -> bool:
    return tick <= 0 or price % tick == 0


def round_to_tick(price: Decimal, tick: Decimal) -> Decimal:
    if tick <= 0:
        return price
    steps = (price / tick).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return steps * tick


def neighbours_on_tick(price: Decimal, tick: Decimal) -> tuple[Decimal, Decimal]:
    """The grid prices just below and just above an off-grid price, to suggest in a message."""
    below = (price // tick) * tick
    return below, below + tick


def price_places(tick: Decimal) -> int:
    """Decimal places a price on this grid needs: two for rupees and paise, four for 0.0025 currency ticks."""
    exponent = tick.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 2
    return max(2, places)


def format_price(price: Decimal | float, tick: Decimal = Decimal("0.05")) -> str:
    places = price_places(tick)
    return f"{as_decimal(price):.{places}f}"
