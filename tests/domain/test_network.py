"""The proxy settings' rules: what is a usable proxy, which requests take it, and what Kite can register."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiteticket.domain.network import (
    ProxyScheme,
    ProxyScope,
    ProxySettings,
    is_order_write,
    registered_ip_problem,
)

GOOD = ProxySettings(enabled=True, scheme=ProxyScheme.HTTP, host="proxy.example.net", port=3128)


@pytest.mark.parametrize(
    ("method", "path", "covered"),
    [
        ("POST", "/orders/regular", True),
        ("PUT", "/orders/regular/2511250001", True),
        ("DELETE", "/orders/co/2511250001", True),
        ("post", "/orders/amo", True),
        ("POST", "/gtt/triggers", True),
        ("DELETE", "/gtt/triggers/123", True),
        ("GET", "/orders", False),
        ("GET", "/orders/2511250001", False),
        ("GET", "/gtt/triggers", False),
        ("POST", "/margins/orders", False),
        ("POST", "/session/token", False),
        ("GET", "/quote", False),
    ],
)
def test_only_order_writes_are_covered_by_the_static_ip_rule(method: str, path: str, covered: bool) -> None:
    assert is_order_write(method, path) is covered


def test_orders_only_sends_writes_through_the_proxy_and_reads_direct() -> None:
    assert GOOD.applies_to("POST", "/orders/regular")
    assert not GOOD.applies_to("GET", "/orders")
    assert not GOOD.applies_to("GET", "/user/profile")


def test_all_calls_send_every_request_through_the_proxy() -> None:
    everything = ProxySettings(enabled=True, host="10.0.0.5", port=8080, scope=ProxyScope.ALL)
    assert everything.applies_to("GET", "/orders")
    assert everything.applies_to("POST", "/orders/regular")


def test_a_proxy_that_is_off_carries_nothing_and_needs_no_address() -> None:
    off = ProxySettings(enabled=False, scope=ProxyScope.ALL)
    assert not off.applies_to("POST", "/orders/regular")
    assert off.problem() == ""


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"host": ""}, "host name or IP"),
        ({"host": "http://proxy.example.net"}, "no http://"),
        ({"host": "proxy.example.net:3128"}, "port in its own box"),
        ({"host": "my proxy"}, "spaces"),
        ({"port": 0}, "1 to 65535"),
        ({"port": 70000}, "1 to 65535"),
        ({"username": "a b"}, "spaces"),
    ],
)
def test_each_problem_is_said_in_the_users_words(changes: dict[str, object], words: str) -> None:
    settings = replace(GOOD, **changes)
    assert words in settings.problem()


def test_good_settings_have_no_problem_and_an_ipv6_host_is_fine() -> None:
    assert GOOD.problem() == ""
    v6 = ProxySettings(enabled=True, host="2001:db8::5", port=1080, scheme=ProxyScheme.SOCKS5)
    assert v6.problem() == ""
    assert v6.address == "[2001:db8::5]:1080"
    assert GOOD.address == "proxy.example.net:3128"


def test_kite_registers_at_most_two_ip_addresses() -> None:
    assert registered_ip_problem(()) == ""
    assert registered_ip_problem(("203.0.113.7", "2001:db8::1")) == ""
    assert "at most 2" in registered_ip_problem(("1.1.1.1", "2.2.2.2", "3.3.3.3"))
    assert "not an IP address" in registered_ip_problem(("home-router",))
