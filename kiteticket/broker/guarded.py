"""GuardedGateway: the KiteGateway every part of the app uses, with the three guards every call passes.

1. The rate limiter: a call waits (in its worker thread) for a slot of its budget, so Kite never answers 429.
2. The audit trail: method, request, outcome, duration and error of every call go to the journal, secrets redacted.
3. The placement journal: a placement is written down, with its tag and whole request, before it is sent, and its
   outcome after; a reply that was lost leaves it "unknown", to be looked up by tag, never re-sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from kiteticket.broker.gateway import QUOTE_BATCH, KiteGateway, RawRow, RouteWatcher
from kiteticket.broker.journal import Journal
from kiteticket.broker.journal_writer import Call, JournalWriter
from kiteticket.broker.login import Session
from kiteticket.broker.proxy_check import Endpoint
from kiteticket.broker.proxy_route import ProxyRoute
from kiteticket.broker.ratelimit import Budget, RateLimiter
from kiteticket.domain.account import PlaceResult, Profile
from kiteticket.domain.audit import PlacementState
from kiteticket.domain.basket_margin import BasketMargin
from kiteticket.domain.candles import Candle, Interval
from kiteticket.domain.enums import Variety
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.funds import Funds
from kiteticket.domain.gtt import GttRequest
from kiteticket.domain.margin import MarginEstimate
from kiteticket.domain.mf_rules import MfOrderRequest, MfSipChange, MfSipRequest
from kiteticket.domain.mutual_funds import MfHolding, MfOrder, MfScheme, MfSip
from kiteticket.domain.network import CheckResult
from kiteticket.domain.order import ModifyRequest, OrderRequest
from kiteticket.domain.position_conversion import PositionConversion
from kiteticket.domain.quote import Quote
from kiteticket.domain.tags import new_tag

T = TypeVar("T")
Detail = Callable[[Any], str]


def _count(result: Any) -> str:
    return f"{len(result)} rows" if isinstance(result, Sized) else "ok"


class GuardedGateway:
    """Has every method of KiteGateway that the app calls (the UI's BrokerPort and the login's). Thread-safe."""

    def __init__(
        self,
        gateway: KiteGateway,
        journal: Journal,
        limiter: RateLimiter | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._inner = gateway
        self._limiter = limiter or RateLimiter()
        self._clock = clock
        self._secrets: set[str] = set()
        self._writer = JournalWriter(journal, self.known_secrets)

    @property
    def api_key(self) -> str:
        return self._inner.api_key

    @property
    def access_token(self) -> str:
        """The session's token, for the ticker (its address carries it)."""
        return self._inner.access_token

    @property
    def journal(self) -> Journal:
        return self._writer.journal

    @property
    def audit_failures(self) -> int:
        """Journal rows that could not be written (a full disk); calls go on regardless."""
        return self._writer.failures

    # --- session -----------------------------------------------------------------------------------------------
    def log_in(self, request_token: str, api_secret: str) -> Session:
        self._secrets.update((request_token, api_secret))
        params = {"request_token": request_token, "api_secret": api_secret}
        call = Call(Budget.READS, "log_in", "POST /session/token", params)
        op = partial(self._inner.log_in, request_token, api_secret)
        session: Session = self._call(call, op, lambda session: f"user {session.user_id}")
        self._secrets.add(session.access_token)
        return session

    def use_token(self, access_token: str) -> None:
        if access_token:
            self._secrets.add(access_token)
        self._inner.use_token(access_token)

    def use_api_key(self, api_key: str) -> None:
        self._inner.use_api_key(api_key)

    def on_token_rejected(self, watcher: Callable[[], None]) -> None:
        """Call ``watcher`` (from the thread that made the request) whenever Kite refuses the access token."""
        self._inner.on_token_rejected(watcher)

    def logout(self) -> None:
        self._call(Call(Budget.READS, "logout", "DELETE /session/token"), self._inner.logout)

    def profile(self) -> Profile:
        return self._call(Call(Budget.READS, "profile", "GET /user/profile"), self._inner.profile)

    # --- orders ------------------------------------------------------------------------------------------------
    def place(self, request: OrderRequest) -> PlaceResult:
        """Journal, send, journal the outcome. Raises BrokerError as KiteGateway does, and also when the journal
        cannot be written (then nothing was sent: an order that could be lost from view is not sent at all)."""
        tagged = request if request.tag else request.with_tag(new_tag())
        tag = tagged.tag or ""
        call = Call(Budget.ORDERS, "place", f"POST /orders/{tagged.variety}", dict(tagged.to_kite_params()))
        with self._limiter.slot(Budget.ORDERS):
            self._writer.sending(tagged)
            started, begun = self._clock(), time.perf_counter()
            try:
                result = self._inner.place(tagged)
            except BrokerError as error:
                self._writer.settle(tag, _failed_state(error), message=error.message)
                self._finish(call, started, begun, error=error)
                raise
        self._writer.settle(tag, PlacementState.PLACED, result.order_id, _children(result))
        self._finish(call, started, begun, detail=_placed(result))
        return result

    def modify(self, modify: ModifyRequest) -> str:
        target = f"PUT /orders/{modify.variety}/{modify.order_id}"
        call = Call(Budget.ORDERS, "modify", target, dict(modify.to_kite_params()))
        return self._call(call, lambda: self._inner.modify(modify))

    def cancel(self, variety: Variety, order_id: str, parent_order_id: str | None = None) -> str:
        params = {"variety": variety.value, "order_id": order_id, "parent_order_id": parent_order_id or ""}
        call = Call(Budget.ORDERS, "cancel", f"DELETE /orders/{variety}/{order_id}", params)
        return self._call(call, lambda: self._inner.cancel(variety, order_id, parent_order_id))

    # --- reads -------------------------------------------------------------------------------------------------
    def orders_raw(self) -> list[RawRow]:
        return self._call(Call(Budget.READS, "orders_raw", "GET /orders"), self._inner.orders_raw, _count)

    def order_history_raw(self, order_id: str) -> list[RawRow]:
        call = Call(Budget.READS, "order_history_raw", f"GET /orders/{order_id}")
        return self._call(call, lambda: self._inner.order_history_raw(order_id), _count)

    def order_trades_raw(self, order_id: str) -> list[RawRow]:
        call = Call(Budget.READS, "order_trades_raw", f"GET /orders/{order_id}/trades")
        return self._call(call, lambda: self._inner.order_trades_raw(order_id), _count)

    def trades_raw(self) -> list[RawRow]:
        return self._call(Call(Budget.READS, "trades_raw", "GET /trades"), self._inner.trades_raw, _count)

    def positions_raw(self) -> dict[str, list[RawRow]]:
        call = Call(Budget.READS, "positions_raw", "GET /portfolio/positions")
        return self._call(call, self._inner.positions_raw, _count)

    def quotes(self, keys: Iterable[str]) -> dict[str, Quote]:
        """One quote request per batch, each in its own one-a-second slot."""
        wanted = list(dict.fromkeys(keys))
        quotes: dict[str, Quote] = {}
        for start in range(0, len(wanted), QUOTE_BATCH):
            batch = wanted[start : start + QUOTE_BATCH]
            call = Call(Budget.QUOTES, "quotes", "GET /quote", {"i": batch})
            quotes.update(self._call(call, partial(self._inner.quotes, batch), _count))
        return quotes

    def order_margin(self, request: OrderRequest) -> MarginEstimate:
        call = Call(Budget.READS, "order_margin", "POST /margins/orders", dict(request.to_kite_params()))
        return self._call(call, lambda: self._inner.order_margin(request))

    def available_funds(self, segment: str) -> Decimal:
        call = Call(Budget.READS, "available_funds", f"GET /user/margins/{segment}")
        return self._call(call, lambda: self._inner.available_funds(segment))

    def instruments_csv(self) -> str:
        call = Call(Budget.READS, "instruments_csv", "GET /instruments")
        return self._call(call, self._inner.instruments_csv, lambda text: f"{len(text)} bytes")

    # --- the route (Settings ▸ Network; broker/network.py) -------------------------------------------------------
    def use_route(self, route: ProxyRoute | None) -> None:
        self._inner.use_route(route)

    def watch_route(self, watcher: RouteWatcher) -> None:
        self._inner.watch_route(watcher)

    def check_route(self, route: ProxyRoute | None, ticker: Endpoint | None = None) -> tuple[CheckResult, ...]:
        """The connection test, in a read slot and in the audit trail (the proxy's address, never its password)."""
        where = route.settings.address if route is not None else "direct"
        call = Call(Budget.READS, "check_route", "GET /user/profile", {"proxy": where})
        return self._call(call, lambda: self._inner.check_route(route, ticker), _verdicts)

    # --- portfolio (holdings, funds, conversion) ---
    def holdings_raw(self) -> list[RawRow]:
        call = Call(Budget.READS, "holdings_raw", "GET /portfolio/holdings")
        return self._call(call, self._inner.holdings_raw, _count)

    def funds(self) -> Funds:
        return self._call(Call(Budget.READS, "funds", "GET /user/margins"), self._inner.funds, _funds)

    def convert_position(self, conversion: PositionConversion) -> bool:
        """A write, audited like every call; rate limited with "everything else", where Kite counts it (only
        /orders writes have the order budget, facts §5): in the order budget, it came on top of a second's reads."""
        call = Call(Budget.READS, "convert_position", "PUT /portfolio/positions", dict(conversion.to_kite_params()))
        return self._call(call, lambda: self._inner.convert_position(conversion))

    # --- chart and mutual funds ---
    def historical_candles(self, token: int, interval: Interval, start: datetime, end: datetime) -> tuple[Candle, ...]:
        params = {"from": f"{start:%Y-%m-%d %H:%M:%S}", "to": f"{end:%Y-%m-%d %H:%M:%S}"}
        call = Call(Budget.HISTORICAL, "historical_candles", f"GET /instruments/historical/{token}/{interval}", params)
        return self._call(call, lambda: self._inner.historical_candles(token, interval, start, end), _count)

    def mf_schemes(self) -> tuple[MfScheme, ...]:
        return self._call(Call(Budget.READS, "mf_schemes", "GET /mf/instruments"), self._inner.mf_schemes, _count)

    def mf_orders(self) -> tuple[MfOrder, ...]:
        return self._call(Call(Budget.READS, "mf_orders", "GET /mf/orders"), self._inner.mf_orders, _count)

    def mf_sips(self) -> tuple[MfSip, ...]:
        return self._call(Call(Budget.READS, "mf_sips", "GET /mf/sips"), self._inner.mf_sips, _count)

    def mf_holdings(self) -> tuple[MfHolding, ...]:
        return self._call(Call(Budget.READS, "mf_holdings", "GET /mf/holdings"), self._inner.mf_holdings, _count)

    # MF writes are audited with their tag, by which the UI finds an order or SIP whose reply was lost (mf_orders,
    # mf_sips); the placement journal is for exchange orders, which it recovers from /orders. Kite counts /mf/ writes
    # with "all other endpoints" (10/s, facts §5), not with order placement, so they share the reads' budget.
    def place_mf_order(self, request: MfOrderRequest) -> str:
        tagged = request if request.tag else replace(request, tag=new_tag())
        call = Call(Budget.READS, "place_mf_order", "POST /mf/orders", dict(tagged.to_kite_params()))
        return self._call(call, lambda: self._inner.place_mf_order(tagged), lambda order_id: f"order {order_id}")

    def cancel_mf_order(self, order_id: str) -> str:
        call = Call(Budget.READS, "cancel_mf_order", f"DELETE /mf/orders/{order_id}")
        return self._call(call, lambda: self._inner.cancel_mf_order(order_id))

    def place_mf_sip(self, request: MfSipRequest) -> str:
        tagged = request if request.tag else replace(request, tag=new_tag())
        call = Call(Budget.READS, "place_mf_sip", "POST /mf/sips", dict(tagged.to_kite_params()))
        return self._call(call, lambda: self._inner.place_mf_sip(tagged), lambda sip_id: f"sip {sip_id}")

    def modify_mf_sip(self, change: MfSipChange) -> str:
        call = Call(Budget.READS, "modify_mf_sip", f"PUT /mf/sips/{change.sip_id}", dict(change.to_kite_params()))
        return self._call(call, lambda: self._inner.modify_mf_sip(change))

    def cancel_mf_sip(self, sip_id: str) -> str:
        call = Call(Budget.READS, "cancel_mf_sip", f"DELETE /mf/sips/{sip_id}")
        return self._call(call, lambda: self._inner.cancel_mf_sip(sip_id))

    # --- the guards --------------------------------------------------------------------------------------------
    def known_secrets(self) -> set[str]:
        """Every secret value this gateway has seen: what the audit trail and the log file must never show."""
        # The api_key is read each time: in live mode it changes when the user sets up another Kite app.
        return self._secrets | {self._inner.api_key}

    def _call(self, call: Call, op: Callable[[], T], detail: Detail = str) -> T:
        with self._limiter.slot(call.budget):
            started, begun = self._clock(), time.perf_counter()
            try:
                result = op()
            except BrokerError as error:
                self._finish(call, started, begun, error=error)
                raise
        self._finish(call, started, begun, detail=detail(result))
        return result

    def _finish(
        self, call: Call, started: float, begun: float, *, detail: str = "", error: BrokerError | None = None
    ) -> None:
        if error is not None and error.kind is ErrorKind.RATE_LIMIT:
            self._limiter.back_off(call.budget)
        elif error is None:
            self._limiter.succeeded(call.budget)
        self._writer.audit(call, started, (time.perf_counter() - begun) * 1000, detail, error)

    # --- gtt ---
    # GTT writes take a slot of Kite's "all other endpoints" budget, the one reads share (facts §5: only order
    # placement has a budget of its own, and the paper exchange counts /gtt there too), and are audited with their
    # whole request. They are not journalled as placements: a GTT is no order and carries no tag to reconcile by;
    # the order a trigger places later shows in the order book like any other.
    def place_gtt(self, request: GttRequest) -> str:
        call = Call(Budget.READS, "place_gtt", "POST /gtt/triggers", request.to_kite_params())
        return self._call(call, lambda: self._inner.place_gtt(request), lambda trigger: f"GTT {trigger}")

    def modify_gtt(self, trigger_id: str, request: GttRequest) -> str:
        call = Call(Budget.READS, "modify_gtt", f"PUT /gtt/triggers/{trigger_id}", request.to_kite_params())
        return self._call(call, lambda: self._inner.modify_gtt(trigger_id, request), lambda trigger: f"GTT {trigger}")

    def delete_gtt(self, trigger_id: str) -> str:
        call = Call(Budget.READS, "delete_gtt", f"DELETE /gtt/triggers/{trigger_id}", {"trigger_id": trigger_id})
        return self._call(call, lambda: self._inner.delete_gtt(trigger_id), lambda trigger: f"GTT {trigger}")

    def gtts_raw(self) -> list[RawRow]:
        return self._call(Call(Budget.READS, "gtts_raw", "GET /gtt/triggers"), self._inner.gtts_raw, _count)

    # --- baskets ---
    def basket_margin(self, requests: Sequence[OrderRequest]) -> BasketMargin:
        call = Call(Budget.READS, "basket_margin", "POST /margins/basket", {"orders": len(requests)})
        return self._call(call, lambda: self._inner.basket_margin(requests))


def _funds(funds: Funds) -> str:
    return ", ".join(f"{segment.segment} available {segment.available}" for segment in funds.segments) or "no segments"


def _verdicts(results: tuple[CheckResult, ...]) -> str:
    return ", ".join(
        f"{result.what}: {'ok' if result.ok else 'not checked' if result.ok is None else 'failed'}"
        for result in results
    )


def _failed_state(error: BrokerError) -> PlacementState:
    if error.kind is ErrorKind.IP_NOT_REGISTERED:
        return PlacementState.NOT_PLACED  # refused for the address it came from: it never reached the order book
    return PlacementState.UNKNOWN if error.outcome_unknown else PlacementState.REJECTED


def _placed(result: PlaceResult) -> str:
    children = _children(result)
    return f"order {result.order_id}" + (f", {children}" if children else "")


def _children(result: PlaceResult) -> str:
    if not (result.child_order_ids or result.child_errors):
        return ""
    refused = f"; refused: {'; '.join(result.child_errors)}" if result.child_errors else ""
    return f"{len(result.child_order_ids)} slice(s) placed{refused}"


def connect_guarded(api_key: str, root: str | None, journal_path: Path | str) -> GuardedGateway:
    """The app's only gateway, live or paper: a new SDK client behind the rate limiter, the audit log and the
    placement journal. Logins, profile, logout and the instrument download go through it like orders do."""
    return guard(KiteGateway.connect(api_key, "", root=root), journal_path)


def guard(gateway: KiteGateway, journal_path: Path | str) -> GuardedGateway:
    """The gateway the app uses: ``gateway`` behind the rate limiter, journalled to ``journal_path``
    (":memory:" keeps the journal for this run only, as for a paper exchange that lives in memory)."""
    return GuardedGateway(gateway, Journal(journal_path))
