"""The 2026 static-IP rule through the whole app in live mode, pointed at a paper exchange that registers only
127.0.0.2: an order from this computer's address is refused with the rule explained, settled as not placed and sent
once; Settings ▸ Network then routes the orders through a loopback proxy whose connections leave from 127.0.0.2,
and the same order goes through while the order book's polls still go direct. The proxy's password reaches the
keyring and no file. Real SDK, real sockets, real keys typed into the ticket."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.app import build
from kiteticket.broker.credentials import PROXY_PASSWORD, SERVICE
from kiteticket.domain.audit import PlacementState
from kiteticket.domain.enums import Exchange
from kiteticket.domain.network import IP_REFUSAL_MESSAGE, IP_REFUSAL_NOTICE, ProxyScheme, ProxySettings
from kiteticket.network_file import save_proxy_settings
from kiteticket.paper.config import PaperConfig
from kiteticket.paper.exchange import PaperExchange
from kiteticket.ui.assembly import Shell
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.session.controller import State
from kiteticket.ui.session.network_settings import NetworkSettingsDialog
from kiteticket.ui.tasks import TaskRunner
from tests.login_support import API_KEY, API_SECRET, free_port
from tests.memory_keyring import MemoryKeyring
from tests.paper.helpers import logged_in, set_price
from tests.proxy_server import LoopbackProxy, require_source
from tests.ui.active_window import activate
from tests.ui.session.test_session_live import store_session

WAIT_MS = 10_000
REGISTERED = "127.0.0.2"
USER, PASSWORD = "desk", "pr0xy-Pa55-unique-4711"
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)


@pytest.fixture
def exchange() -> Iterator[PaperExchange]:
    config = PaperConfig(
        db_path=":memory:",
        rate_limit=False,
        tick_seconds=0.0,
        seed=7,
        api_key=API_KEY,
        api_secret=API_SECRET,
        redirect_url=f"http://127.0.0.1:{free_port()}/",
        registered_ips=(REGISTERED,),
    )
    with PaperExchange(config) as running:
        set_price(running, "INFY", 1600.0)
        yield running


@pytest.fixture
def proxy() -> Iterator[LoopbackProxy]:
    require_source(REGISTERED)
    with LoopbackProxy(source=REGISTERED, user=USER, password=PASSWORD) as running:
        yield running


@pytest.fixture
def shell(
    qtbot: QtBot, tmp_path: Path, exchange: PaperExchange, keys: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Shell]:
    monkeypatch.setattr(Confirmation, "ask", classmethod(lambda _cls, _parent, _title, _text: True))
    store_session(keys, exchange)
    with running_app(qtbot, tmp_path, exchange) as started:
        yield started


@contextmanager
def running_app(qtbot: QtBot, home: Path, exchange: PaperExchange) -> Iterator[Shell]:
    """``kiteticket --root … --home …`` connected with the stored session, INFY in the ticket."""
    root = exchange.root_url
    _app, window = build(["--root", root, "--login-url", f"{root}/connect/login", "--home", str(home)])
    found = window.findChild(Shell)
    assert isinstance(found, Shell)
    window.show()
    qtbot.waitExposed(window)
    try:
        qtbot.waitUntil(lambda: found.session.state is State.CONNECTED, timeout=WAIT_MS)
        found.ticket.set_instrument(Exchange.NSE, "INFY")
        qtbot.waitUntil(lambda: found.ticket.instrument() is not None, timeout=WAIT_MS)
        yield found
    finally:
        window.close()
        assert found.tasks.shutdown(timeout_ms=WAIT_MS)
        shiboken6.delete(window)
        gc.collect()


def type_order(qtbot: QtBot, shell: Shell, quantity: str, price: str) -> None:
    """A BUY LIMIT CNC order, typed as a person types it."""
    inputs = shell.ticket.inputs
    for box, text in ((inputs.quantity, quantity), (inputs.price, price)):
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(box, text)
    assert shell.ticket.problems() == (), shell.ticket.problems()


def send(qtbot: QtBot, shell: Shell) -> None:
    """Click into the price and press Ctrl+Enter: the keys go to the focus widget of the active window."""
    price = shell.ticket.inputs.price
    activate(qtbot, price, WAIT_MS)
    price.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(price.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(price, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not shell.ticket.is_busy(), timeout=WAIT_MS)


def went_through(text: str) -> bool:
    """The result line once the order is in: "placed", or already its fate when the poll saw it fill first."""
    return "placed" in text or "complete" in text


def result_text(shell: Shell) -> str:
    label = shell.ticket.findChild(QLabel, "result")
    assert label is not None
    return label.text()


def exchange_orders(exchange: PaperExchange) -> list[dict[str, object]]:
    kite = logged_in(exchange)
    try:
        return list(kite.orders())
    finally:
        kite.reqsession.close()


def open_network_settings(
    qtbot: QtBot, shell: Shell, monkeypatch: pytest.MonkeyPatch, answers: object, in_use: ProxySettings
) -> None:
    """Settings ▸ Network…, answered with ``answers`` (the dialog itself is tested in test_network_settings)."""
    seen: list[ProxySettings] = []

    def edit(_cls: type, _parent: QWidget | None, current: ProxySettings, _tasks: TaskRunner, _check: object) -> object:
        seen.append(current)
        return answers

    monkeypatch.setattr(NetworkSettingsDialog, "edit", classmethod(edit))
    action = shell.window.findChild(QAction, "network_action")
    assert action is not None, "Settings ▸ Network… is missing in live mode"
    assert action in shell.window.settings_menu.actions()
    with qtbot.waitSignal(shell.network.applied, timeout=WAIT_MS):
        action.trigger()
    assert seen == [in_use], "the dialog opens on the settings in use"


def test_refused_from_this_address_then_placed_through_the_proxy(
    qtbot: QtBot,
    shell: Shell,
    *,
    exchange: PaperExchange,
    proxy: LoopbackProxy,
    keys: MemoryKeyring,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    type_order(qtbot, shell, "3", "1600")
    send(qtbot, shell)
    assert IP_REFUSAL_MESSAGE in result_text(shell)
    assert shell.placement.unresolved == (), "a refusal is a definite non-placement, never 'outcome unknown'"
    notice = shell.window.findChild(QLabel, "ip_notice")
    assert notice is not None
    qtbot.waitUntil(lambda: notice.isVisible() and notice.text() == IP_REFUSAL_NOTICE, timeout=WAIT_MS)
    assert shell.journal is not None
    (refused,) = shell.journal.placements()
    assert refused.state is PlacementState.NOT_PLACED
    assert exchange_orders(exchange) == []
    places = [record for record in shell.journal.audit_records() if record.call == "place"]
    assert len(places) == 1, "sent once, never retried"

    settings = ProxySettings(enabled=True, scheme=ProxyScheme.HTTP, host="127.0.0.1", port=proxy.port, username=USER)
    open_network_settings(qtbot, shell, monkeypatch, (settings, PASSWORD), in_use=ProxySettings())
    send(qtbot, shell)
    qtbot.waitUntil(lambda: went_through(result_text(shell)), timeout=WAIT_MS)
    (placed,) = exchange_orders(exchange)
    assert placed["tag"] != refused.tag, "a new placement with its own tag, not a re-send of the refused one"
    qtbot.waitUntil(lambda: not notice.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shell.book_model.row_for_order(str(placed["order_id"])) is not None, timeout=WAIT_MS)
    assert proxy.seen == ["POST /orders/regular"], "orders only: the book's polls and quotes went direct"
    states = {record.tag: record.state for record in shell.journal.placements()}
    assert states == {refused.tag: PlacementState.NOT_PLACED, placed["tag"]: PlacementState.PLACED}

    assert keys.entries[(SERVICE, PROXY_PASSWORD)] == PASSWORD
    assert (tmp_path / "config" / "network.json").exists()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), f"the proxy's password reached {path}"
    assert PASSWORD not in caplog.text, "nor any log"

    # Back to direct: the session is rebuilt again, and the order book and the journal keep what they had.
    open_network_settings(qtbot, shell, monkeypatch, (ProxySettings(), ""), in_use=settings)
    with qtbot.waitSignal(shell.poller.snapshot_ready, timeout=WAIT_MS):
        shell.poller.poll_now()
    assert shell.book_model.row_for_order(str(placed["order_id"])) is not None
    assert len(shell.journal.placements()) == 2
    assert (SERVICE, PROXY_PASSWORD) not in keys.entries, "no proxy user, no stored password"


def test_the_stored_route_is_taken_from_the_start(
    qtbot: QtBot,
    tmp_path: Path,
    *,
    exchange: PaperExchange,
    proxy: LoopbackProxy,
    keys: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Confirmation, "ask", classmethod(lambda _cls, _parent, _title, _text: True))
    store_session(keys, exchange)
    settings = ProxySettings(enabled=True, host="127.0.0.1", port=proxy.port, username=USER)
    save_proxy_settings(tmp_path / "config" / "network.json", settings)
    keys.set_password(SERVICE, PROXY_PASSWORD, PASSWORD)
    with running_app(qtbot, tmp_path, exchange) as shell:
        type_order(qtbot, shell, "2", "1600")
        send(qtbot, shell)
        qtbot.waitUntil(lambda: went_through(result_text(shell)), timeout=WAIT_MS)
        assert proxy.seen == ["POST /orders/regular"]
