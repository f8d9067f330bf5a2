"""GTT (good till triggered) triggers: kept for a year, watched on every price move, and turned into real
regular orders when the market crosses a trigger.

Statuses (Kite's): ``active`` while waiting; ``triggered`` once the market crossed and the leg's order was placed
(the leg's ``result`` names it); ``rejected`` when the exchange refused to place that order (no order id; the
reason is in ``order_result``); ``expired`` a year after creation by the exchange clock; ``disabled`` when the
contract expired before the trigger was hit; ``deleted`` after DELETE (still readable by id, no longer listed).
``cancelled`` is Kite's status for triggers the broker cancels (corporate actions); the paper market has none.
A trigger is only checked while the instrument's market is open, so it never fires into a closed session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from kiteticket.domain.instruments import Instrument
from kiteticket.paper.broker_rules import tradable_instrument
from kiteticket.paper.clock import TIMESTAMP_FORMAT, ExchangeClock
from kiteticket.paper.engine import Engine
from kiteticket.paper.errors import KiteError, input_error
from kiteticket.paper.gtt_model import Gtt, leg_result, num
from kiteticket.paper.gtt_request import TWO_LEG, GttRequest, check_against_market, parse_gtt
from kiteticket.paper.market import InstrumentMarket
from kiteticket.paper.store import Store

VALID_DAYS = 365  # a GTT lives for one year
_STORE_KEY = "gtt"


class GttBook:
    """Every GTT of the account, persisted as one JSON value; ``on_price`` and ``on_time`` are the engine's
    price and clock hooks."""

    def __init__(self, store: Store, engine: Engine, clock: ExchangeClock, user_id: str) -> None:
        self._store = store
        self._engine = engine
        self._clock = clock
        self._user_id = user_id
        self._triggers: dict[int, Gtt] = {}
        self._watching: dict[int, list[Gtt]] = {}  # instrument_token -> its active triggers
        self._next_id = 1
        self.load()

    def load(self) -> None:
        saved = self._store.get(_STORE_KEY, {"next_id": 1, "triggers": []})
        self._next_id = saved["next_id"]
        self._triggers = {row["id"]: Gtt(**row) for row in saved["triggers"]}
        self._index()
        for gtt in self._active():  # an active trigger's market must move, or it could never fire
            instrument = self._engine.master.by_token(gtt.instrument_token)
            if instrument is not None:
                self._engine.market.state(instrument)

    def _save(self) -> None:
        rows = [asdict(gtt) for gtt in self._triggers.values()]
        self._store.put(_STORE_KEY, {"next_id": self._next_id, "triggers": rows})
        self._index()

    def _index(self) -> None:
        """Active triggers by instrument: every price move of every live instrument asks for its own."""
        self._watching = {}
        for gtt in self._active():
            self._watching.setdefault(gtt.instrument_token, []).append(gtt)

    def _active(self) -> list[Gtt]:
        return [gtt for gtt in self._triggers.values() if gtt.status == "active"]

    # -- the routes ---------------------------------------------------------------------------------------------

    def list(self) -> list[dict[str, Any]]:
        return [gtt.to_kite(self._user_id) for gtt in self._triggers.values() if gtt.status != "deleted"]

    def get(self, trigger_id: str) -> dict[str, Any]:
        return self._find(trigger_id).to_kite(self._user_id)

    def place(self, form: Mapping[str, str]) -> dict[str, Any]:
        request, instrument, last = self._checked(form)
        now = self._clock.now()
        gtt = Gtt(
            id=self._next_id,
            type=request.type,
            created_at=now.strftime(TIMESTAMP_FORMAT),
            updated_at=now.strftime(TIMESTAMP_FORMAT),
            expires_at=(now + timedelta(days=VALID_DAYS)).strftime(TIMESTAMP_FORMAT),
            status="active",
            condition={},
            orders=[],
        )
        self._apply(gtt, request, instrument, last)
        self._next_id += 1
        self._triggers[gtt.id] = gtt
        self._save()
        return {"trigger_id": gtt.id}

    def modify(self, trigger_id: str, form: Mapping[str, str]) -> dict[str, Any]:
        gtt = self._find(trigger_id)
        if gtt.status != "active":
            raise input_error(f"Only an active GTT can be modified; this one is {gtt.status}.")
        request, instrument, last = self._checked(form)
        self._apply(gtt, request, instrument, last)
        gtt.updated_at = self._clock.stamp()
        self._save()
        return {"trigger_id": gtt.id}

    def delete(self, trigger_id: str) -> dict[str, Any]:
        gtt = self._find(trigger_id)
        if gtt.status == "deleted":
            raise input_error("This GTT has already been deleted.")
        gtt.status, gtt.updated_at = "deleted", self._clock.stamp()
        self._save()
        return {"trigger_id": gtt.id}

    def _find(self, trigger_id: str) -> Gtt:
        gtt = self._triggers.get(int(trigger_id)) if trigger_id.isdigit() else None
        if gtt is None:
            raise input_error("Invalid `trigger_id`: no such GTT.")
        return gtt

    def _checked(self, form: Mapping[str, str]) -> tuple[GttRequest, Instrument, Decimal]:
        request = parse_gtt(form)
        instrument = tradable_instrument(self._engine.master, self._clock, request.exchange, request.tradingsymbol)
        last = self._engine.market.state(instrument).last_price
        check_against_market(request, instrument, last)
        return request, instrument, last

    @staticmethod
    def _apply(gtt: Gtt, request: GttRequest, instrument: Instrument, last: Decimal) -> None:
        gtt.type = request.type
        gtt.condition = {
            "exchange": request.exchange,
            "last_price": num(request.last_price),
            "tradingsymbol": request.tradingsymbol,
            "trigger_values": [float(value) for value in request.trigger_values],
            "instrument_token": instrument.instrument_token,
        }
        gtt.orders = [
            {
                "exchange": request.exchange,
                "tradingsymbol": request.tradingsymbol,
                "product": leg.product,
                "order_type": leg.order_type,
                "transaction_type": leg.transaction_type,
                "quantity": leg.quantity,
                "price": num(leg.price),
                "result": None,
            }
            for leg in request.legs
        ]
        # An OCO's lower value is its stop-loss (falls to it), the upper its target (rises to it).
        gtt.rising = [False, True] if request.type == TWO_LEG else [request.trigger_values[0] > last]

    # -- the market and the clock -------------------------------------------------------------------------------

    def on_price(self, state: InstrumentMarket) -> None:
        watching = self._watching.get(state.instrument.instrument_token)
        if not watching or not self._clock.is_open(state.instrument.exchange):
            return
        for gtt in list(watching):  # firing one re-indexes
            leg = gtt.fired_leg(state.last_price)
            if leg is not None:
                self._fire(gtt, leg, state.last_price)

    def on_time(self) -> None:
        now = self._clock.now()
        changed = False
        for gtt in self._active():
            expires = datetime.strptime(gtt.expires_at, TIMESTAMP_FORMAT).replace(tzinfo=now.tzinfo)
            instrument = self._engine.master.by_token(gtt.instrument_token)
            if now >= expires:
                gtt.status = "expired"
            elif instrument is None or (instrument.expiry is not None and instrument.expiry < now.date()):
                gtt.status = "disabled"
            else:
                continue
            gtt.updated_at, changed = self._clock.stamp(), True
        if changed:
            self._save()

    def _fire(self, gtt: Gtt, leg: int, last: Decimal) -> None:
        order = gtt.orders[leg]
        form = {name: str(order[name]) for name in ("exchange", "tradingsymbol", "transaction_type", "quantity",
                                                    "product", "order_type", "price")}  # fmt: skip
        outcome: dict[str, Any] = {"status": "success", "order_id": "", "rejection_reason": ""}
        try:
            outcome["order_id"] = self._engine.place("regular", form)["order_id"]
        except KiteError as refused:
            outcome.update(status="failed", rejection_reason=refused.message)
        stamp = self._clock.stamp()
        order["result"] = leg_result(gtt, order, self._user_id, stamp=stamp, last=last, outcome=outcome)
        gtt.condition["last_price"] = num(last)
        gtt.status = "triggered" if outcome["status"] == "success" else "rejected"
        gtt.updated_at = stamp
        self._save()
