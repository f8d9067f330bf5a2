"""An order write Kite refuses for the address it came from is recognised, conservatively, shown in the user's
words and settled as "not placed"; look-alikes are not. The SDK's exception types are built as the SDK raises them
(nothing is mocked), and the refusal itself comes from a paper exchange that registers another address."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from kiteconnect import exceptions as kite

from kiteticket.broker.errors import PROXY_UNREACHABLE, translate
from kiteticket.broker.guarded import GuardedGateway
from kiteticket.broker.ip_refusal import is_ip_refusal
from kiteticket.broker.journal import Journal
from kiteticket.domain.audit import PlacementState
from kiteticket.domain.enums import Variety
from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.network import IP_REFUSAL_MESSAGE
from kiteticket.domain.order import ModifyRequest
from kiteticket.paper.exchange import PaperExchange
from tests.broker.test_gateway_paper import INFY, connect
from tests.paper.conftest import config
from tests.paper.helpers import set_price


@pytest.mark.parametrize(
    "error",
    [
        kite.PermissionException("Order requests are not allowed from IP 49.36.1.2. Register your static IP.", 403),
        kite.InputException("Your IP address is not whitelisted for order placement.", 400),
        kite.GeneralException("Orders from unregistered IPs are not allowed", 403),
        kite.OrderException("IP 1.2.3.4 not registered for this api_key", 400),
    ],
    ids=["permission-403", "input-400", "general-403", "order-400"],
)
def test_plausible_wordings_of_the_refusal_are_recognised(error: Exception) -> None:
    assert is_ip_refusal(error)
    written = translate(error, write=True)
    assert written.kind is ErrorKind.IP_NOT_REGISTERED
    assert not written.outcome_unknown, "refused before anything was done: a definite non-placement"
    assert written.user_message == IP_REFUSAL_MESSAGE


@pytest.mark.parametrize(
    "error",
    [
        # the session died: that is the token's business, whatever the words
        kite.TokenException("Token invalid for IP 1.2.3.4; not allowed", 403),
        # a 5xx decides nothing about the order
        kite.GeneralException("IP not whitelisted at the gateway", 502),
        kite.NetworkException("Requests from this IP are not allowed right now", 503),
        # the right status and type, but no IP named
        kite.PermissionException("Insufficient permission for that call.", 403),
        kite.InputException("Market orders without market protection are not allowed via API.", 400),
        # an IP-ish word that is not "IP"
        kite.InputException("Tip: trigger price not allowed above the limit price", 400),
    ],
    ids=["token", "general-502", "network-503", "permission", "market-protection", "tip"],
)
def test_look_alikes_are_not_taken_for_the_refusal(error: Exception) -> None:
    assert not is_ip_refusal(error)
    assert translate(error, write=True).kind is not ErrorKind.IP_NOT_REGISTERED


def test_a_proxy_that_cannot_be_reached_sent_nothing() -> None:
    """A real refusal from a proxy port nobody listens on: urllib3's cause shows no connection was made."""
    try:
        requests.post("http://127.0.0.1:9/orders/regular", proxies={"http": "http://127.0.0.1:1"}, timeout=5)
    except requests.exceptions.ProxyError as unreachable:
        error = translate(unreachable, write=True)
    else:  # pragma: no cover - nothing listens on port 1
        pytest.fail("a proxy on port 1 answered")
    assert error.kind is ErrorKind.NETWORK
    assert not error.outcome_unknown
    assert error.message == PROXY_UNREACHABLE


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    # The registered address is one this test never sends from: every order write it makes is refused.
    with PaperExchange(config(registered_ips=("192.0.2.10",))) as running:
        set_price(running, "INFY", 1600.0)
        yield running


def test_the_paper_exchanges_refusal_is_recognised_for_place_modify_and_cancel(exchange: PaperExchange) -> None:
    gateway = connect(exchange)
    for write in (
        lambda: gateway.place(INFY),
        lambda: gateway.modify(ModifyRequest(order_id="1", variety=Variety.REGULAR, price=Decimal("1505"))),
        lambda: gateway.cancel(Variety.REGULAR, "1"),
    ):
        with pytest.raises(BrokerError) as refused:
            write()
        assert refused.value.kind is ErrorKind.IP_NOT_REGISTERED
        assert not refused.value.outcome_unknown
    assert gateway.orders_raw() == [], "reads still work from this address, and nothing was placed"


def test_the_journal_records_a_definite_non_placement(exchange: PaperExchange, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        guarded = GuardedGateway(connect(exchange), journal)
        with pytest.raises(BrokerError):
            guarded.place(INFY)
        (record,) = journal.placements()
        assert record.tag == INFY.tag
        assert record.state is PlacementState.NOT_PLACED
        assert journal.open_placements() == ()
    finally:
        journal.close()
