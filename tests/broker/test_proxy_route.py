"""Orders through the user's proxy: against a paper exchange that registers only the proxy's address (127.0.0.2),
order writes succeed once the gateway's session is rebuilt to take the proxy, reads go direct with "orders only",
the password stays in the keyring, and "Test connection" says what it can know. Real SDK, real sockets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from kiteticket.broker.credentials import PROXY_PASSWORD, SERVICE, CredentialStore
from kiteticket.broker.gateway import KiteGateway
from kiteticket.broker.guarded import GuardedGateway
from kiteticket.broker.journal import Journal
from kiteticket.broker.network import NetworkRoute
from kiteticket.broker.proxy_check import Endpoint
from kiteticket.broker.proxy_route import ProxyRoute
from kiteticket.domain.enums import Variety
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.network import ProxyScheme, ProxyScope, ProxySettings
from kiteticket.domain.order import ModifyRequest
from kiteticket.network_file import load_proxy_settings, save_proxy_settings
from kiteticket.paper.exchange import PaperExchange
from tests.broker.test_gateway_paper import INFY, connect, fault
from tests.login_support import free_port
from tests.memory_keyring import MemoryKeyring
from tests.paper.conftest import config
from tests.paper.helpers import set_price
from tests.proxy_server import LoopbackProxy, require_source

REGISTERED = "127.0.0.2"
USER, PASSWORD = "trader", "s3cr:t@pw"  # characters a proxy URL must escape


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with PaperExchange(config(registered_ips=(REGISTERED,))) as running:
        set_price(running, "INFY", 1600.0)
        yield running


@pytest.fixture
def proxy() -> Iterator[LoopbackProxy]:
    require_source(REGISTERED)
    with LoopbackProxy(source=REGISTERED, user=USER, password=PASSWORD) as running:
        yield running


@pytest.fixture
def gateway(exchange: PaperExchange) -> Iterator[KiteGateway]:
    connected = connect(exchange)
    yield connected
    connected.use_route(None)  # closes the session's connections


def settings(proxy: LoopbackProxy, **changes: object) -> ProxySettings:
    base = ProxySettings(enabled=True, scheme=ProxyScheme.HTTP, host="127.0.0.1", port=proxy.port, username=USER)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_orders_only_sends_order_writes_through_the_proxy_and_reads_direct(
    gateway: KiteGateway, proxy: LoopbackProxy
) -> None:
    heard: list[bool] = []
    gateway.watch_route(heard.append)
    with pytest.raises(BrokerError) as refused:
        gateway.place(INFY)
    assert refused.value.kind is ErrorKind.IP_NOT_REGISTERED
    gateway.use_route(ProxyRoute(settings(proxy), PASSWORD))
    order_id = gateway.place(INFY).order_id
    gateway.modify(ModifyRequest(order_id=order_id, variety=Variety.REGULAR, price=Decimal("1505.00")))
    assert [row["order_id"] for row in gateway.orders_raw()] == [order_id]
    gateway.cancel(Variety.REGULAR, order_id)
    assert gateway.profile().user_id
    assert proxy.seen == [
        "POST /orders/regular",
        f"PUT /orders/regular/{order_id}",
        f"DELETE /orders/regular/{order_id}",
    ]
    assert heard == [True, False, False, False], "the refusal, then each write that went through"


def test_all_calls_take_the_proxy_when_the_user_chooses(gateway: KiteGateway, proxy: LoopbackProxy) -> None:
    gateway.use_route(ProxyRoute(settings(proxy, scope=ProxyScope.ALL), PASSWORD))
    gateway.orders_raw()
    gateway.place(INFY)
    assert proxy.seen == ["GET /orders", "POST /orders/regular"]


def test_a_socks5_proxy_carries_the_orders_too(gateway: KiteGateway, proxy: LoopbackProxy) -> None:
    gateway.use_route(ProxyRoute(settings(proxy, scheme=ProxyScheme.SOCKS5), PASSWORD))
    assert gateway.place(INFY).order_id
    assert proxy.seen == [f"SOCKS5 127.0.0.1:{gateway_port(gateway)}"]


def test_a_proxy_that_refuses_the_password_sends_nothing(gateway: KiteGateway, proxy: LoopbackProxy) -> None:
    gateway.use_route(ProxyRoute(settings(proxy), "wrong"))
    with pytest.raises(BrokerError) as failed:
        gateway.place(INFY)
    assert failed.value.kind is ErrorKind.NETWORK
    assert not failed.value.outcome_unknown
    assert "user name or password" in failed.value.message
    assert proxy.seen == []


def test_a_proxy_that_is_not_there_sends_nothing(gateway: KiteGateway) -> None:
    nowhere = ProxySettings(enabled=True, host="127.0.0.1", port=free_port())
    gateway.use_route(ProxyRoute(nowhere))
    with pytest.raises(BrokerError) as failed:
        gateway.place(INFY)
    assert failed.value.kind is ErrorKind.NETWORK
    assert not failed.value.outcome_unknown, "the proxy was never reached, so Kite was not either"
    assert gateway.orders_raw() == []


def test_test_connection_says_what_it_can_know(
    exchange: PaperExchange, gateway: KiteGateway, proxy: LoopbackProxy
) -> None:
    ticker = Endpoint("127.0.0.1", gateway_port(gateway), tls=False)
    api, token, websocket = gateway.check_route(ProxyRoute(settings(proxy), PASSWORD), ticker)
    assert (api.ok, token.ok, websocket.ok) == (True, True, True)
    assert "through the proxy" in api.detail
    assert "PA0001" in token.detail
    assert proxy.seen == ["GET /user/profile", f"CONNECT 127.0.0.1:{gateway_port(gateway)}"]
    # A host that does not speak TLS fails the handshake, which is what the WebSocket check ends with.
    assert gateway.check_route(ProxyRoute(settings(proxy), PASSWORD), replace(ticker, tls=True))[2].ok is False
    # The paper exchange is not Kite: without a WebSocket host to try, that line says it was not checked.
    assert gateway.check_route(ProxyRoute(settings(proxy), PASSWORD))[2].ok is None


def test_test_connection_reports_a_wrong_password_and_a_missing_proxy(
    gateway: KiteGateway, proxy: LoopbackProxy
) -> None:
    ticker = Endpoint("127.0.0.1", gateway_port(gateway), tls=False)
    api, token, websocket = gateway.check_route(ProxyRoute(settings(proxy), "wrong"), ticker)
    assert (api.ok, token.ok, websocket.ok) == (False, None, False)
    assert api.detail == "the proxy refused the user name or password (407)"
    assert "407" in websocket.detail
    nowhere = ProxySettings(enabled=True, host="127.0.0.1", port=free_port())
    api, token, websocket = gateway.check_route(ProxyRoute(nowhere), ticker)
    assert (api.ok, token.ok, websocket.ok) == (False, None, False)
    assert api.detail == "the proxy could not be reached"


def test_applying_settings_keeps_the_password_in_the_keyring_only(
    gateway: KiteGateway, proxy: LoopbackProxy, tmp_path: Path
) -> None:
    keyring = MemoryKeyring()
    store = CredentialStore(keyring)
    file = tmp_path / "network.json"
    network = NetworkRoute(gateway, store, ProxySettings(), lambda chosen: save_proxy_settings(file, chosen))
    network.apply(settings(proxy), PASSWORD)
    assert keyring.entries[(SERVICE, PROXY_PASSWORD)] == PASSWORD
    assert PASSWORD not in file.read_text(encoding="utf-8")
    assert load_proxy_settings(file) == settings(proxy)
    assert network.ticker_proxy() is None, "orders only: the WebSocket goes direct"
    assert gateway.place(INFY).order_id, "the rebuilt session takes the proxy, with the stored password"
    # A second start: the settings from the file, the password from the keyring.
    restarted = NetworkRoute(gateway, store, load_proxy_settings(file), lambda chosen: None)
    gateway.use_route(None)
    restarted.restore()
    assert gateway.place(INFY).order_id
    store.forget()
    assert (SERVICE, PROXY_PASSWORD) not in keyring.entries, "Forget credentials removes the proxy's password too"


def test_unusable_settings_are_refused_before_anything_changes(gateway: KiteGateway, tmp_path: Path) -> None:
    saved: list[ProxySettings] = []
    network = NetworkRoute(gateway, CredentialStore(MemoryKeyring()), ProxySettings(), saved.append)
    with pytest.raises(BrokerError) as refused:
        network.apply(ProxySettings(enabled=True, host="", port=8080), None)
    assert refused.value.kind is ErrorKind.CONFIG
    assert saved == []
    assert network.current() == ProxySettings()


def gateway_port(gateway: KiteGateway) -> int:
    return int(gateway._kite.root.rsplit(":", 1)[1])


def test_the_websocket_takes_the_proxy_only_where_kiteticker_can_use_it(proxy: LoopbackProxy) -> None:
    everything = settings(proxy, scope=ProxyScope.ALL, username="")
    assert ProxyRoute(everything).ticker_proxy() == {"host": "127.0.0.1", "port": proxy.port}
    # Orders only: the WebSocket is not covered by the static-IP rule, so it goes direct.
    assert ProxyRoute(replace(everything, scope=ProxyScope.ORDERS)).ticker_proxy() is None
    # KiteTicker's proxy (autobahn's) has no authentication and no SOCKS.
    assert ProxyRoute(replace(everything, username=USER), PASSWORD).ticker_proxy() is None
    assert ProxyRoute(replace(everything, scheme=ProxyScheme.SOCKS5)).ticker_proxy() is None


def test_test_connection_does_not_take_an_error_page_for_kite(
    exchange: PaperExchange, gateway: KiteGateway, proxy: LoopbackProxy
) -> None:
    fault(exchange, "html_error", "/user/profile", "GET")  # what a proxy's (or a CDN's) own error page looks like
    api, token, _websocket = gateway.check_route(ProxyRoute(settings(proxy), PASSWORD))
    assert (api.ok, token.ok) == (False, None)
    assert api.detail == "the answer through the proxy was not Kite's"


def test_the_guarded_gateway_audits_the_test_and_passes_the_route_on(
    gateway: KiteGateway, proxy: LoopbackProxy, tmp_path: Path
) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        guarded = GuardedGateway(gateway, journal)
        heard: list[bool] = []
        guarded.watch_route(heard.append)
        guarded.use_route(ProxyRoute(settings(proxy), PASSWORD))
        guarded.check_route(ProxyRoute(settings(proxy), PASSWORD))
        assert guarded.place(INFY).order_id
        assert heard == [False]
        (audited,) = [record for record in journal.audit_records() if record.call == "check_route"]
        assert f"127.0.0.1:{proxy.port}" in audited.params
        assert audited.detail == "Kite API: ok, Access token: ok, WebSocket: not checked"
        assert PASSWORD not in audited.params + audited.detail
    finally:
        journal.close()
