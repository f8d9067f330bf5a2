"""KiteGateway: every broker call the app makes, blocking, through the official kiteconnect SDK.

Call it only from worker threads (the SDK blocks up to its 7 s timeout). Reads that feed a one-second poll use the
SDK's own request path (``_get``) without its ``_format_response``, which parses every timestamp with dateutil and
costs about a second at 5,000 orders; the rows stay as Kite sent them and the domain reads them. ``connect`` makes
the SDK's client with its JSON decoded by orjson (``broker.kite_client``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from kiteconnect import KiteConnect

from kiteticket.broker.errors import translate
from kiteticket.broker.kite_client import KiteClient
from kiteticket.broker.login import Session, create_session
from kiteticket.broker.proxy_check import Endpoint, check_route, ticker_endpoint
from kiteticket.broker.proxy_route import ProxyRoute, RoutedSession
from kiteticket.domain.account import PlaceResult, Profile
from kiteticket.domain.basket_margin import BasketMargin, basket_margin_from_kite
from kiteticket.domain.candles import Candle, Interval, candles_from_kite
from kiteticket.domain.enums import Variety
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.funds import Funds, funds_from_kite
from kiteticket.domain.gtt import GttRequest
from kiteticket.domain.margin import MarginEstimate, margin_from_kite
from kiteticket.domain.mf_rules import MfOrderRequest, MfSipChange, MfSipRequest
from kiteticket.domain.mutual_funds import (
    MfHolding,
    MfOrder,
    MfScheme,
    MfSip,
    holdings_from_kite,
    orders_from_kite,
    schemes_from_kite,
    sips_from_kite,
)
from kiteticket.domain.network import CheckResult
from kiteticket.domain.order import ModifyRequest, OrderRequest
from kiteticket.domain.position_conversion import PositionConversion
from kiteticket.domain.prices import as_decimal
from kiteticket.domain.quote import Quote, quote_from_kite

T = TypeVar("T")
RawRow = dict[str, Any]
# Called after every order write: True when Kite refused it for the address it came from, False when it went through.
RouteWatcher = Callable[[bool], None]

# Kite serves at most 500 instruments per /quote request (facts §9).
QUOTE_BATCH = 500


class KiteGateway:
    def __init__(self, kite: KiteConnect) -> None:
        self._kite = kite
        self._route_watchers: list[RouteWatcher] = []

    @classmethod
    def connect(
        cls, api_key: str, access_token: str, root: str | None = None, timeout: int | None = None
    ) -> KiteGateway:
        return cls(KiteClient(api_key=api_key, access_token=access_token, root=root, timeout=timeout))

    @property
    def api_key(self) -> str:
        return str(self._kite.api_key)

    @property
    def access_token(self) -> str:
        """The session's token ("" before a login): the ticker's address carries it too."""
        return str(self._kite.access_token or "")

    def log_in(self, request_token: str, api_secret: str) -> Session:
        """Exchange a login's request_token for an access token, which this gateway then uses."""
        return create_session(self._kite, request_token, api_secret)

    def use_token(self, access_token: str) -> None:
        self._kite.set_access_token(access_token)

    def use_api_key(self, api_key: str) -> None:
        """Live mode: the Kite app's key is known only once read from the keyring or typed in."""
        self._kite.api_key = api_key

    def on_token_rejected(self, watcher: Callable[[], None]) -> None:
        """Call ``watcher`` (on the thread that made the request) whenever the server refuses the access token with
        a 403 TokenException. The SDK keeps one hook: this replaces any set before (LiveSession sets its own)."""
        self._kite.set_session_expiry_hook(watcher)

    def use_route(self, route: ProxyRoute | None) -> None:
        """Rebuild the SDK's HTTP session so that its calls follow ``route`` (None: every call goes direct). The
        token, the api_key and everything above this gateway stay as they are; calls under way finish on the old
        session, whose idle connections are closed."""
        old = self._kite.reqsession
        self._kite.reqsession = RoutedSession(route, self._kite.root)
        old.close()

    @property
    def route(self) -> ProxyRoute | None:
        session = self._kite.reqsession
        return session.route if isinstance(session, RoutedSession) else None

    def check_route(self, route: ProxyRoute | None, ticker: Endpoint | None = None) -> tuple[CheckResult, ...]:
        """Test ``route`` with this session's keys (blocking; see proxy_check). Kite's WebSocket host is derived
        from the API root unless ``ticker`` names another."""
        root = str(self._kite.root)
        endpoint = ticker or ticker_endpoint(root)
        return check_route(self.api_key, str(self._kite.access_token or ""), root, route, endpoint)

    def watch_route(self, watcher: RouteWatcher) -> None:
        """Call ``watcher`` (on the thread that made the call) after each order write; see RouteWatcher."""
        self._route_watchers.append(watcher)

    def profile(self) -> Profile:
        raw = self._read(lambda: self._kite._get("user.profile"))
        return Profile(
            user_id=str(raw.get("user_id", "")),
            user_name=str(raw.get("user_name", "")),
            broker=str(raw.get("broker", "")),
            exchanges=tuple(raw.get("exchanges") or ()),
        )

    def place(self, request: OrderRequest) -> PlaceResult:
        params = request.to_kite_params()
        if params.pop("autoslice", False):
            # The reply is read inside _write: a shape we cannot read after Kite took the order is outcome-unknown.
            return self._order_write(lambda: _autoslice_result(self._kite.place_autoslice_order(**params)))
        return PlaceResult(order_id=str(self._order_write(lambda: self._kite.place_order(**params))))

    def modify(self, modify: ModifyRequest) -> str:
        return str(self._order_write(lambda: self._kite.modify_order(**modify.to_kite_params())))

    def cancel(self, variety: Variety, order_id: str, parent_order_id: str | None = None) -> str:
        return str(self._order_write(lambda: self._kite.cancel_order(variety.value, order_id, parent_order_id)))

    def orders_raw(self) -> list[RawRow]:
        return list(self._read(lambda: self._kite._get("orders")))

    def order_history_raw(self, order_id: str) -> list[RawRow]:
        return list(self._read(lambda: self._kite._get("order.info", url_args={"order_id": order_id})))

    def order_trades_raw(self, order_id: str) -> list[RawRow]:
        return list(self._read(lambda: self._kite._get("order.trades", url_args={"order_id": order_id})))

    def trades_raw(self) -> list[RawRow]:
        return list(self._read(lambda: self._kite._get("trades")))

    def positions_raw(self) -> dict[str, list[RawRow]]:
        return dict(self._read(lambda: self._kite._get("portfolio.positions")))

    def quotes(self, keys: Iterable[str]) -> dict[str, Quote]:
        wanted = list(dict.fromkeys(keys))
        quotes: dict[str, Quote] = {}
        for start in range(0, len(wanted), QUOTE_BATCH):
            raw = self._read(
                partial(self._kite._get, "market.quote", params={"i": wanted[start : start + QUOTE_BATCH]})
            )
            quotes.update({key: quote_from_kite(key, value) for key, value in raw.items()})
        return quotes

    def order_margin(self, request: OrderRequest) -> MarginEstimate:
        params = request.to_kite_params()
        params.pop("autoslice", None)
        # /margins/orders takes a JSON body, which has numbers, not Decimals.
        body = {key: float(value) if isinstance(value, Decimal) else value for key, value in params.items()}
        rows = self._read(lambda: self._kite.order_margins([body]))
        return margin_from_kite(rows[0])

    def available_funds(self, segment: str) -> Decimal:
        """The margin available for new orders in `segment` ("equity", "commodity"): /user/margins' "net"."""
        raw = self._read(lambda: self._kite.margins(segment))
        return as_decimal(raw.get("net") or 0)

    def instruments_csv(self) -> str:
        """The whole day's instrument dump as CSV text (the SDK's instruments() would parse it slowly)."""
        raw = self._read(lambda: self._kite._get("market.instruments.all"))
        return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)

    def logout(self) -> None:
        self._write(self._kite.invalidate_access_token)

    # --- portfolio (holdings, funds, conversion) ---
    def holdings_raw(self) -> list[RawRow]:
        return list(self._read(self._kite.holdings))

    def funds(self) -> Funds:
        """Every segment of /user/margins: available, used and total (domain.funds)."""
        return funds_from_kite(self._read(self._kite.margins))

    def convert_position(self, conversion: PositionConversion) -> bool:
        return bool(self._write(lambda: self._kite.convert_position(**conversion.to_kite_params())))

    # --- chart and mutual funds ---
    def historical_candles(self, token: int, interval: Interval, start: datetime, end: datetime) -> tuple[Candle, ...]:
        """Kite's candles of ``token`` from ``start`` to ``end`` (IST, naive: the SDK formats them as Kite reads)."""
        return self._read(lambda: candles_from_kite(self._kite.historical_data(token, start, end, interval.value)))

    def mf_schemes(self) -> tuple[MfScheme, ...]:
        return self._read(lambda: schemes_from_kite(self._kite.mf_instruments()))

    def mf_orders(self) -> tuple[MfOrder, ...]:
        return self._read(lambda: orders_from_kite(self._kite.mf_orders()))

    def mf_sips(self) -> tuple[MfSip, ...]:
        return self._read(lambda: sips_from_kite(self._kite.mf_sips()))

    def mf_holdings(self) -> tuple[MfHolding, ...]:
        return self._read(lambda: holdings_from_kite(self._kite.mf_holdings()))

    def place_mf_order(self, request: MfOrderRequest) -> str:
        # The reply is read inside _write: one we cannot read after Kite took the order is outcome-unknown.
        return self._write(lambda: str(self._kite.place_mf_order(**request.to_kite_params())["order_id"]))

    def cancel_mf_order(self, order_id: str) -> str:
        return self._write(lambda: str(self._kite.cancel_mf_order(order_id)["order_id"]))

    def place_mf_sip(self, request: MfSipRequest) -> str:
        return self._write(lambda: str(self._kite.place_mf_sip(**request.to_kite_params())["sip_id"]))

    def modify_mf_sip(self, change: MfSipChange) -> str:
        return self._write(lambda: str(self._kite.modify_mf_sip(change.sip_id, **change.to_kite_params())["sip_id"]))

    def cancel_mf_sip(self, sip_id: str) -> str:
        return self._write(lambda: str(self._kite.cancel_mf_sip(sip_id)["sip_id"]))

    def _read(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except Exception as error:
            raise translate(error) from error

    def _write(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except Exception as error:
            raise translate(error, write=True) from error

    def _order_write(self, call: Callable[[], T]) -> T:
        try:
            result = self._write(call)
        except BrokerError as error:
            if error.kind is ErrorKind.IP_NOT_REGISTERED:
                self._tell_route_watchers(refused=True)
            raise
        self._tell_route_watchers(refused=False)
        return result

    def _tell_route_watchers(self, *, refused: bool) -> None:
        for watcher in list(self._route_watchers):
            watcher(refused)

    # --- gtt ---
    # GTT writes are order writes for the static-IP rule (domain.network.is_order_write): a refusal for the address
    # they came from is recognised and reported to the route watchers exactly as an order's is.
    def place_gtt(self, request: GttRequest) -> str:
        return str(self._order_write(lambda: self._kite.place_gtt(**request.to_kite_params()))["trigger_id"])

    def modify_gtt(self, trigger_id: str, request: GttRequest) -> str:
        params = request.to_kite_params()
        return str(self._order_write(lambda: self._kite.modify_gtt(trigger_id, **params))["trigger_id"])

    def delete_gtt(self, trigger_id: str) -> str:
        return str(self._order_write(lambda: self._kite.delete_gtt(trigger_id))["trigger_id"])

    def gtts_raw(self) -> list[RawRow]:
        return list(self._read(self._kite.get_gtts))

    # --- baskets ---
    def basket_margin(self, requests: Sequence[OrderRequest]) -> BasketMargin:
        """The combined margin of ``requests`` placed together (/margins/basket, with the open positions)."""
        bodies = [_margin_body(request) for request in requests]
        raw = self._read(lambda: self._kite.basket_order_margins(bodies, consider_positions=True))
        return basket_margin_from_kite(raw)


def _margin_body(request: OrderRequest) -> dict[str, Any]:
    """An order as /margins/* read it: a JSON body, so numbers rather than Decimals, and no autoslice."""
    params = request.to_kite_params()
    params.pop("autoslice", None)
    params.pop("tag", None)
    return {key: float(value) if isinstance(value, Decimal) else value for key, value in params.items()}


def _autoslice_result(raw: Any) -> PlaceResult:
    """The 2026 shape: {"order_id": parent, "children": [{"order_id"} | {"error": {...}}, ...]} (facts §1.4)."""
    children = raw.get("children") or []
    placed = tuple(str(child["order_id"]) for child in children if child.get("order_id"))
    refused = tuple(str((child.get("error") or {}).get("message", "")) for child in children if child.get("error"))
    return PlaceResult(order_id=str(raw.get("order_id", "")), child_order_ids=placed, child_errors=refused)
