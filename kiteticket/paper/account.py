"""The paper account: cash per segment, positions, holdings, charges, and the funds check an order must pass.

Margins are recomputed from positions and open orders whenever asked (a paper account holds tens of them, not
thousands), so there is no running "blocked" figure to drift out of step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from kiteticket.domain.enums import Exchange, Product, TransactionType
from kiteticket.domain.instruments import Instrument
from kiteticket.paper.charges import charges
from kiteticket.paper.margins import Margin, margin_for, multiplier, segment_of
from kiteticket.paper.model import PaperOrder
from kiteticket.paper.positions import Holding, Position
from kiteticket.paper.store import Store

SEGMENTS = ("equity", "commodity")
PriceOf = Callable[[Instrument], tuple[Decimal, Decimal]]  # (last, previous close)


class Account:
    def __init__(self, store: Store, opening_cash: Decimal, user_id: str) -> None:
        self._store = store
        self._opening_cash = opening_cash
        self.user_id = user_id
        self.day = ""
        self.opening: dict[str, Decimal] = {}
        self.charges: dict[str, Decimal] = {}
        self.positions: dict[str, Position] = {}
        self.holdings: dict[str, Holding] = {}
        self.dirty = False  # changed since the last save
        self._load()

    def _load(self) -> None:
        state = self._store.get("account")
        if state is None:
            self.reset()
            return
        self.day = state["day"]
        self.opening = {segment: Decimal(value) for segment, value in state["opening"].items()}
        self.charges = {segment: Decimal(value) for segment, value in state["charges"].items()}
        self.positions = {key: Position.from_row(row) for key, row in self._store.get("positions", {}).items()}
        self.holdings = {key: Holding.from_row(row) for key, row in self._store.get("holdings", {}).items()}

    def reload(self) -> None:
        """Back to the saved account: what a failed request changed in memory is dropped."""
        self._load()
        self.dirty = False

    def reset(self) -> None:
        self.day = ""
        # Commodity gets its own pot, as on Zerodha where funds are moved between segments by the user.
        self.opening = {"equity": self._opening_cash, "commodity": self._opening_cash / 2}
        self.charges = dict.fromkeys(SEGMENTS, Decimal(0))
        self.positions, self.holdings = {}, {}
        self.dirty = True

    def seed_holdings(self, instruments: Iterable[Instrument], since: str) -> None:
        """A fresh account starts with a few delivery holdings, so selling CNC works from the first day."""
        for instrument in instruments:
            average = (Decimal(str(instrument.last_price)) * Decimal("0.9")).quantize(Decimal("0.05"))
            holding = Holding(
                instrument.exchange.value,
                instrument.tradingsymbol,
                instrument.instrument_token,
                f"INE{instrument.exchange_token:06d}01",
                10,
                average,
                since,
            )
            self.holdings[holding.key] = holding
        self.dirty = True

    def save(self) -> None:
        self._store.put(
            "account",
            {
                "day": self.day,
                "opening": {segment: str(value) for segment, value in self.opening.items()},
                "charges": {segment: str(value) for segment, value in self.charges.items()},
            },
        )
        self._store.put("positions", {key: position.to_row() for key, position in self.positions.items()})
        self._store.put("holdings", {key: holding.to_row() for key, holding in self.holdings.items()})
        self.dirty = False

    # -- fills --------------------------------------------------------------------------------------------------

    def position(self, instrument: Instrument, product: str) -> Position:
        key = f"{instrument.exchange}:{instrument.tradingsymbol}:{product}"
        position = self.positions.get(key)
        if position is None:
            position = Position(
                instrument.exchange.value,
                instrument.tradingsymbol,
                instrument.instrument_token,
                product,
                multiplier(instrument),
            )
            self.positions[key] = position
        return position

    def record_fill(
        self, instrument: Instrument, order: PaperOrder, quantity: int, price: Decimal, filled_before: Decimal
    ) -> None:
        """A fill of ``quantity`` at ``price``; ``filled_before`` is the order's turnover (price × quantity) before
        it. Zerodha charges per executed order, so a fill costs what the order's charges grow by: a flat ₹20 or
        the ₹20 cap is paid once per order, not once per partial fill."""
        product = "CO" if order.is_cover else order.product
        self.position(instrument, product).add_fill(order.side is TransactionType.BUY, quantity, price)
        units = multiplier(instrument)
        before, after = filled_before * units, (filled_before + price * quantity) * units
        self.charges[segment_of(instrument.exchange)] += self._order_charges(instrument, order, after) - (
            self._order_charges(instrument, order, before) if before else Decimal(0)
        )
        self.dirty = True

    @staticmethod
    def _order_charges(instrument: Instrument, order: PaperOrder, turnover: Decimal) -> Decimal:
        cost = charges(instrument.exchange, Product(order.product), order.side, instrument.is_option, turnover)
        return Decimal(str(cost["total"]))

    # -- margins ------------------------------------------------------------------------------------------------

    def net_quantity(self, instrument: Instrument, product: str) -> int:
        position = self.positions.get(f"{instrument.exchange}:{instrument.tradingsymbol}:{product}")
        return position.quantity if position else 0

    def order_margin(
        self, instrument: Instrument, product: Product, side: TransactionType, quantity: int, price: Decimal
    ) -> Margin:
        """What this order would block: only the part that does not close an existing position counts."""
        net = self.net_quantity(instrument, product.value)
        closing = min(quantity, -net if side is TransactionType.BUY else net) if net else 0
        return margin_for(instrument, product, side, quantity - max(closing, 0), price)

    def sellable(self, instrument: Instrument, pending_sells: int) -> int:
        holding = self.holdings.get(f"{instrument.exchange}:{instrument.tradingsymbol}")
        held = holding.quantity if holding else 0
        return held + self.net_quantity(instrument, Product.CNC.value) - pending_sells

    def funds(
        self,
        segment: str,
        price_of: PriceOf,
        lookup: Callable[[str, str], Instrument | None],
        blocked: Margin,
    ) -> dict[str, Any]:
        """Kite's funds object for a segment; ``blocked`` is what its open orders block."""
        used, realised, unrealised, holding_sales = blocked, Decimal(0), Decimal(0), Decimal(0)
        for position in self.positions.values():
            instrument = lookup(position.exchange, position.tradingsymbol)
            if instrument is None or segment_of(instrument.exchange) != segment:
                continue
            last, _ = price_of(instrument)
            gained, floating = position.pnl(last)
            if position.product in (Product.CNC.value, Product.MTF.value):
                spent = (position.day_buy_value - position.day_sell_value) * position.multiplier
                used += Margin(delivery=max(spent, Decimal(0)))
                holding_sales += max(-spent, Decimal(0))
                continue
            realised += gained
            unrealised += floating
            side = TransactionType.BUY if position.quantity > 0 else TransactionType.SELL
            product = Product.MIS if position.product == "CO" else Product(position.product)
            used += margin_for(instrument, product, side, abs(position.quantity), last)
        return _funds_body(
            opening=self.opening[segment],
            charged=self.charges[segment],
            used=used,
            realised=realised,
            unrealised=unrealised,
            holding_sales=holding_sales,
        )

    def check_message(self, required: Decimal, available: Decimal) -> tuple[str, str]:
        """Kite's rejection texts for a margin shortfall (facts §2, mock orders.json)."""
        message = (
            f"Insufficient funds. Required margin is {required:.2f} but available margin is "
            f"{available:.2f}. Check the orderbook for open orders."
        )
        raw = (
            f"RMS:Margin Exceeds,Required:{required:.2f}, Available:{available:.2f} for entity "
            f"account-{self.user_id} across exchange across segment across product "
        )
        return message, raw

    # -- a new trading day --------------------------------------------------------------------------------------

    def roll_to(self, day: str, price_of: PriceOf, lookup: Callable[[str, str], Instrument | None]) -> None:
        """Yesterday's delivery buys become holdings, NRML carries over, MIS and CO were squared off at the close."""
        if self.day == day:
            return
        if self.day:
            self._carry(day, price_of, lookup)
        self.day = day
        self.charges = dict.fromkeys(SEGMENTS, Decimal(0))
        self.dirty = True

    def _carry(self, day: str, price_of: PriceOf, lookup: Callable[[str, str], Instrument | None]) -> None:
        carried: dict[str, Position] = {}
        for key, position in self.positions.items():
            instrument = lookup(position.exchange, position.tradingsymbol)
            last = price_of(instrument)[0] if instrument else Decimal(0)
            realised, unrealised = position.pnl(last)
            segment = segment_of(Exchange(position.exchange))
            self.opening[segment] += realised - self.charges.get(segment, Decimal(0))
            if position.product == Product.CNC.value:
                self._deliver(position, day)
            elif position.product == Product.NRML.value and position.quantity:
                net = position.quantity
                average = last - unrealised / (net * position.multiplier)
                carried[key] = Position(
                    position.exchange,
                    position.tradingsymbol,
                    position.instrument_token,
                    position.product,
                    position.multiplier,
                    net,
                    average,
                )
            else:
                self.opening[segment] += unrealised  # squared off at the last price
        self.positions = carried

    def _deliver(self, position: Position, day: str) -> None:
        key = f"{position.exchange}:{position.tradingsymbol}"
        holding = self.holdings.get(key)
        bought, sold = position.day_buy_quantity, position.day_sell_quantity
        quantity = (holding.quantity if holding else 0) + bought - sold
        if quantity <= 0:
            self.holdings.pop(key, None)
            return
        cost = (holding.average_price * holding.quantity if holding else Decimal(0)) + position.day_buy_value
        held = (holding.quantity if holding else 0) + bought
        isin = holding.isin if holding else f"INE{position.instrument_token:06d}01"[:12]
        since = holding.since if holding else day
        self.holdings[key] = Holding(
            position.exchange,
            position.tradingsymbol,
            position.instrument_token,
            isin,
            quantity,
            cost / held if held else Decimal(0),
            since,
        )


def _funds_body(
    *,
    opening: Decimal,
    charged: Decimal,
    used: Margin,
    realised: Decimal,
    unrealised: Decimal,
    holding_sales: Decimal,
) -> dict[str, Any]:
    debits = used.total + charged
    net = opening + realised + min(unrealised, Decimal(0)) + holding_sales - debits
    return {
        "enabled": True,
        "net": float(net),
        "available": {
            "adhoc_margin": 0,
            "cash": float(opening),
            "opening_balance": float(opening),
            "live_balance": float(net),
            "collateral": 0,
            "intraday_payin": 0,
        },
        "utilised": {
            "debits": float(debits),
            "exposure": float(used.exposure),
            "m2m_realised": float(realised),
            "m2m_unrealised": float(unrealised),
            "option_premium": float(used.option_premium),
            "payout": 0,
            "span": float(used.span + used.var),
            "holding_sales": float(holding_sales),
            "turnover": 0,
            "liquid_collateral": 0,
            "stock_collateral": 0,
            "delivery": float(used.delivery),
        },
    }
