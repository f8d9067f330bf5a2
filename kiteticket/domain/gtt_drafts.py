"""Where a GTT starts: the order in the ticket, a position or holding to protect, or a GTT being modified.

Each gives a draft the dialog shows and the user edits; nothing here is sent.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from kiteticket.domain.enums import Exchange, Product, TransactionType
from kiteticket.domain.gtt import GttType
from kiteticket.domain.gtt_row import GttOrderLine, GttRow
from kiteticket.domain.gtt_rules import GttDraft, GttField, products_for
from kiteticket.domain.holding import Holding
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.portfolio_rows import Position
from kiteticket.domain.position_actions import position_actions
from kiteticket.domain.prices import as_decimal, round_to_tick

SUGGESTED_DISTANCE = Decimal("0.05")  # a new OCO starts with its triggers 5% either side of the last price
SUGGESTED_SLIPPAGE_TICKS = 20  # a stop-loss's limit price starts this far past its trigger, so it fills in a fall
OCO_FIELDS = (GttField.STOPLOSS_TRIGGER, GttField.STOPLOSS_PRICE, GttField.TARGET_TRIGGER, GttField.TARGET_PRICE)


def _grid(instrument: Instrument | None) -> dict[str, Any]:
    if instrument is None:
        return {}
    return {"tick": as_decimal(instrument.tick_size), "lot_size": max(instrument.lot_size, 1)}


def _product(exchange: Exchange, wanted: object) -> Product:
    allowed = products_for(exchange)
    return next((product for product in allowed if product.value == str(wanted)), allowed[0])


def from_order(request: OrderRequest, last_price: Decimal | None, instrument: Instrument | None) -> GttDraft:
    """The ticket's order as a single GTT: its trigger (or else its limit price) as the trigger, its limit price as
    the GTT's. An intraday product becomes the delivery one, the only kind a GTT can carry."""
    price = request.price if request.price and request.price > 0 else None
    trigger = request.trigger_price if request.trigger_price and request.trigger_price > 0 else price
    return GttDraft(
        type=GttType.SINGLE,
        exchange=request.exchange,
        tradingsymbol=request.tradingsymbol,
        transaction_type=request.transaction_type,
        product=_product(request.exchange, request.product),
        quantity=request.quantity,
        last_price=last_price,
        trigger=trigger,
        price=price or trigger,
        **_grid(instrument),
    )


def protecting(position: Position, instrument: Instrument | None) -> GttDraft | None:
    """An OCO that exits an open CNC or NRML position: SELL for a long one, BUY for a short one, with a stop-loss and
    a target suggested either side of the last price. None where ``position_actions`` offers no GTT (an intraday
    or cover position, a sale from holdings, a flat row); its reason says why."""
    if not position_actions(position).gtt.allowed:
        return None
    side = TransactionType.SELL if position.quantity > 0 else TransactionType.BUY
    return _exit_oco(
        position.exchange, position.tradingsymbol, side,
        product=position.product, quantity=abs(position.quantity), last=position.last_price, instrument=instrument,
    )  # fmt: skip


def protecting_holding(holding: Holding, instrument: Instrument | None) -> GttDraft | None:
    """An OCO that sells what of ``holding`` is still sellable (CNC); None when nothing is."""
    if holding.sellable <= 0:
        return None
    return _exit_oco(
        holding.exchange, holding.tradingsymbol, TransactionType.SELL,
        product=Product.CNC.value, quantity=holding.sellable, last=holding.last_price, instrument=instrument,
    )  # fmt: skip


def _exit_oco(
    exchange_name: str, symbol: str, side: TransactionType, *,
    product: str, quantity: int, last: Decimal, instrument: Instrument | None,
) -> GttDraft | None:  # fmt: skip
    try:
        exchange = Exchange(exchange_name)
    except ValueError:
        return None
    draft = GttDraft(
        type=GttType.OCO,
        exchange=exchange,
        tradingsymbol=symbol,
        transaction_type=side,
        product=_product(exchange, product),
        quantity=quantity,
        last_price=last if last > 0 else None,
        **_grid(instrument),
    )
    return with_suggested_oco(draft)


def from_gtt(row: GttRow, last_price: Decimal | None, instrument: Instrument | None) -> GttDraft | None:
    """A listed GTT, to modify: its OCO legs back on the stop-loss and target fields (for a SELL the lower trigger
    is the stop-loss; for a BUY the upper one). None for an OCO whose legs differ in side, quantity or product (made
    elsewhere): the dialog edits both legs with one of each, which would rewrite the other leg unseen."""
    if row.type is None or not row.orders:
        return None
    first = row.orders[0]
    try:
        exchange, side = Exchange(row.exchange), TransactionType(first.transaction_type)
    except ValueError:
        return None
    draft = GttDraft(
        type=row.type,
        exchange=exchange,
        tradingsymbol=row.tradingsymbol,
        transaction_type=side,
        product=_product(exchange, first.product),
        quantity=first.quantity,
        last_price=last_price if last_price is not None else row.last_price,
        **_grid(instrument),
    )
    if row.type is GttType.SINGLE:
        return replace(draft, trigger=first.trigger, price=first.price)
    if len(row.orders) < 2 or not _legs_agree(row.orders[0], row.orders[1]):
        return None
    low, high = sorted(row.orders[:2], key=lambda leg: leg.trigger or Decimal(0))
    stop, target = (low, high) if side is TransactionType.SELL else (high, low)
    return replace(
        draft,
        stoploss_trigger=stop.trigger,
        stoploss_price=stop.price,
        target_trigger=target.trigger,
        target_price=target.price,
    )


def _legs_agree(first: GttOrderLine, second: GttOrderLine) -> bool:
    return (first.transaction_type, first.quantity, first.product) == (
        second.transaction_type, second.quantity, second.product
    )  # fmt: skip


def with_suggested_oco(draft: GttDraft) -> GttDraft:
    """An OCO draft whose empty stop-loss and target are filled 5% either side of the last price (the user edits
    them): the stop-loss's limit a few ticks past its trigger, so it still fills in a fast fall (or rise)."""
    last = draft.last_price
    if last is None or last <= 0:
        return draft
    tick = draft.tick if draft.tick > 0 else Decimal("0.05")
    selling = draft.transaction_type is TransactionType.SELL
    step = last * SUGGESTED_DISTANCE
    stop = round_to_tick(last - step if selling else last + step, tick)
    target = round_to_tick(last + step if selling else last - step, tick)
    slip = tick * SUGGESTED_SLIPPAGE_TICKS
    return replace(
        draft,
        stoploss_trigger=draft.stoploss_trigger or stop,
        stoploss_price=draft.stoploss_price or (stop - slip if selling else stop + slip),
        target_trigger=draft.target_trigger or target,
        target_price=draft.target_price or target,
    )
