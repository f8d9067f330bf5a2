"""The paper exchange's spread benefit for /margins/basket: what a basket blocks once its derivative legs are taken
together ("final"), against the sum of the legs alone ("initial").

Kite computes "final" with the exchanges' SPAN over the whole portfolio (facts §10); the paper exchange has no SPAN
files, so it uses a plain stand-in that gives the benefit in the cases traders build baskets for, and never more
margin than the legs alone. Per underlying (exchange and name), each leg counts its notional (strike for options,
price for futures) with the sign of its direction: futures bought and calls bought +, sold −; puts bought −, sold
+. The SPAN and exposure of the group's futures and written options is then charged on the net of those signed
notionals instead of on each leg: a long and a short future net out (a calendar spread), and a written call against a
bought call of a nearby strike leaves only the strikes' difference (a vertical spread). Premiums of bought options
are paid in full, as on Kite.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from kiteticket.domain.enums import TransactionType
from kiteticket.domain.instruments import Instrument
from kiteticket.paper.margins import Margin, as_strike, multiplier


@dataclass(frozen=True, slots=True)
class Leg:
    instrument: Instrument
    side: TransactionType
    quantity: int
    price: Decimal
    margin: Margin  # what the leg blocks alone


def hedged(legs: list[Leg]) -> Margin:
    """The basket's margin with the spread benefit: never more than the legs' margins added up."""
    total = Margin()
    groups: dict[tuple[str, str], list[Leg]] = defaultdict(list)
    for leg in legs:
        if leg.instrument.exchange.is_equity:
            total += leg.margin
        else:
            groups[(leg.instrument.exchange.value, leg.instrument.name)].append(leg)
    for group in groups.values():
        total += _group(group)
    return total


def _group(legs: list[Leg]) -> Margin:
    alone = Margin()
    for leg in legs:
        alone += leg.margin
    if alone.span <= 0:
        return alone  # only bought options: premiums, nothing to offset
    gross = sum((abs(_signed(leg)) for leg in legs if leg.margin.span > 0), Decimal(0))
    net = abs(sum((_signed(leg) for leg in legs), Decimal(0)))
    share = min(net / gross, Decimal(1)) if gross else Decimal(1)
    return Margin(
        span=alone.span * share,
        exposure=alone.exposure * share,
        option_premium=alone.option_premium,
        delivery=alone.delivery,
        var=alone.var,
    )


def _signed(leg: Leg) -> Decimal:
    instrument = leg.instrument
    notional = (as_strike(instrument) or leg.price) * leg.quantity * multiplier(instrument)
    up = leg.side is TransactionType.BUY
    if instrument.instrument_type == "PE":
        up = not up
    return notional if up else -notional
