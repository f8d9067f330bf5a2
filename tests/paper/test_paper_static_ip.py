"""The paper exchange plays Kite's 2026 static-IP rule: with registered addresses, order writes (place, modify,
cancel) from any other client address are refused; reads work from anywhere. Driven through the real SDK, direct
from 127.0.0.1 and through a loopback proxy whose connections leave from 127.0.0.2."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from kiteconnect import KiteConnect
from kiteconnect import exceptions as kite_errors

from kiteticket.paper.cli import config_from, parse_args
from kiteticket.paper.exchange import PaperExchange
from kiteticket.paper.static_ip import REFUSAL_STATUS
from tests.paper.conftest import config
from tests.paper.helpers import admin, buy_limit, logged_in, set_price
from tests.proxy_server import LoopbackProxy, require_source

PROXY_SOURCE = "127.0.0.2"


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    with PaperExchange(config(registered_ips=(PROXY_SOURCE,))) as running:
        set_price(running, "INFY", 1600.0)
        yield running


@pytest.fixture
def proxy() -> Iterator[LoopbackProxy]:
    require_source(PROXY_SOURCE)
    with LoopbackProxy(source=PROXY_SOURCE) as running:
        yield running


@pytest.fixture
def direct(exchange: PaperExchange) -> Iterator[KiteConnect]:
    client = logged_in(exchange)
    yield client
    client.reqsession.close()


@pytest.fixture
def proxied(exchange: PaperExchange, direct: KiteConnect, proxy: LoopbackProxy) -> Iterator[KiteConnect]:
    """The same session (api_key and access token) as ``direct``, its requests carried by the proxy."""
    url = f"http://127.0.0.1:{proxy.port}"
    client = KiteConnect(
        exchange.api_key, access_token=direct.access_token, root=exchange.root_url, proxies={"http": url, "https": url}
    )
    yield client
    client.reqsession.close()


def test_a_placement_from_an_unregistered_address_is_refused_as_kite_would(direct: KiteConnect) -> None:
    with pytest.raises(kite_errors.PermissionException) as refused:
        buy_limit(direct, 1500.0)
    assert refused.value.code == REFUSAL_STATUS
    assert "127.0.0.1" in str(refused.value)
    assert "IP Whitelist" in str(refused.value)
    assert direct.orders() == [], "a refused placement never reaches the order book"


def test_reads_work_from_any_address(direct: KiteConnect) -> None:
    assert direct.profile()["user_id"]
    assert direct.orders() == []
    assert direct.positions() == {"net": [], "day": []}
    assert direct.quote(["NSE:INFY"])["NSE:INFY"]["last_price"] == 1600.0
    margins = direct.order_margins(
        [
            {
                "exchange": "NSE",
                "tradingsymbol": "INFY",
                "transaction_type": "BUY",
                "variety": "regular",
                "product": "CNC",
                "order_type": "LIMIT",
                "quantity": 1,
                "price": 1500,
            }
        ]
    )
    assert margins[0]["total"] > 0, "POST /margins/orders is a read: the rule does not cover it"


def test_orders_from_the_registered_address_go_through(
    proxied: KiteConnect, direct: KiteConnect, proxy: LoopbackProxy
) -> None:
    order_id = buy_limit(proxied, 1500.0)
    assert [row["order_id"] for row in direct.orders()] == [order_id]
    assert "POST /orders/regular" in proxy.seen


def test_modify_and_cancel_are_refused_from_an_unregistered_address(proxied: KiteConnect, direct: KiteConnect) -> None:
    order_id = buy_limit(proxied, 1500.0)
    with pytest.raises(kite_errors.PermissionException):
        direct.modify_order("regular", order_id, price=1505)
    with pytest.raises(kite_errors.PermissionException):
        direct.cancel_order("regular", order_id)
    assert direct.order_history(order_id)[-1]["status"] == "OPEN"
    proxied.modify_order("regular", order_id, price=1505)
    proxied.cancel_order("regular", order_id)
    assert direct.order_history(order_id)[-1]["status"] == "CANCELLED"


def test_the_admin_api_sets_and_clears_the_registered_addresses(exchange: PaperExchange, direct: KiteConnect) -> None:
    assert admin(exchange, "registered_ip", {"addresses": ["127.0.0.1", "::1"]}) == {"addresses": ["127.0.0.1", "::1"]}
    assert buy_limit(direct, 1500.0)
    admin(exchange, "registered_ip", {"addresses": ["10.1.2.3"]})
    with pytest.raises(kite_errors.PermissionException):
        buy_limit(direct, 1500.0)
    assert admin(exchange, "registered_ip", {"addresses": []}) == {"addresses": []}
    assert buy_limit(direct, 1500.0), "an empty list turns the rule off"


@pytest.mark.parametrize(
    "body",
    [{"addresses": ["1.2.3.4", "5.6.7.8", "9.9.9.9"]}, {"addresses": ["not-an-ip"]}, {"addresses": "1.2.3.4"}, {}],
    ids=["three", "not-an-ip", "not-a-list", "empty-body"],
)
def test_the_admin_api_refuses_what_kite_would_not_register(exchange: PaperExchange, body: object) -> None:
    reply = requests.post(f"{exchange.root_url}/_paper/registered_ip", json=body, timeout=5)
    assert reply.status_code == 400
    assert reply.json()["error_type"] == "InputException"
    assert admin(exchange, "registered_ip", {"addresses": [PROXY_SOURCE]}) == {"addresses": [PROXY_SOURCE]}


def test_the_command_line_takes_up_to_two_registered_addresses() -> None:
    args = parse_args(["--db", ":memory:", "--registered-ip", "203.0.113.7", "--registered-ip", "2001:db8::1"])
    assert config_from(args).registered_ips == ("203.0.113.7", "2001:db8::1")
    assert config_from(parse_args(["--db", ":memory:"])).registered_ips == (), "off unless asked for"
    with pytest.raises(SystemExit):
        parse_args(["--registered-ip", "1.1.1.1", "--registered-ip", "2.2.2.2", "--registered-ip", "3.3.3.3"])
    with pytest.raises(SystemExit):
        parse_args(["--registered-ip", "my-home"])
