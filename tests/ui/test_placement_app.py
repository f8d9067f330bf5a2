"""The journal in the whole app, as ``kiteticket --paper`` builds it: every placement and call is written to the
journal file under the data folder, File → Audit log… shows them, a precaution must be overridden, and placements
a crash left open are looked up by tag on the next start."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiteticket.app import build
from kiteticket.broker.journal import PAPER_JOURNAL_FILE, Journal
from kiteticket.domain.audit import PlacementState
from kiteticket.domain.enums import Exchange
from kiteticket.paper.exchange import PaperExchange
from kiteticket.ui.assembly import Shell
from kiteticket.ui.confirm import Confirmation
from tests.broker.test_gateway_paper import INFY, connect
from tests.paper.conftest import config
from tests.paper.helpers import set_price

WAIT_MS = 10_000
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    titles: list[str] = []
    answers = {"Override precautions?": False}

    def ask(_cls: type[Confirmation], _parent: QWidget | None, title: str, _text: str) -> bool:
        titles.append(title)
        return answers.get(title, True)

    monkeypatch.setattr(Confirmation, "ask", classmethod(ask))
    return titles


def start(qtbot: QtBot, home: Path) -> Shell:
    _app, window = build(["--paper", "--paper-db", str(home / "paper.sqlite3"), "--home", str(home), "--seed", "7"])
    shell = window.findChild(Shell)
    assert isinstance(shell, Shell)
    window.show()
    qtbot.waitUntil(lambda: shell.session.profile is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shell.ticket._state.master is not None, timeout=WAIT_MS)
    return shell


def stop(qtbot: QtBot, shell: Shell) -> None:
    window = shell.window
    window.close()
    assert shell.tasks.shutdown(timeout_ms=WAIT_MS)
    # Delete the window here, on the GUI thread: left to Python's collector, it could be destroyed on whichever
    # pool thread next collects garbage, and Qt widgets destroyed off the GUI thread crash the process.
    with qtbot.waitSignal(window.destroyed, timeout=WAIT_MS):
        window.deleteLater()
    gc.collect()


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path, asked: list[str]) -> Iterator[Shell]:
    running = start(qtbot, tmp_path)
    yield running
    stop(qtbot, running)


def enter_infy(qtbot: QtBot, shell: Shell, price: float) -> None:
    root = shell.paper.root if shell.paper else ""
    body = {"exchange": "NSE", "tradingsymbol": "INFY", "last_price": 1600}
    requests.post(f"{root}/_paper/price", json=body, timeout=10).raise_for_status()
    shell.ticket.set_instrument(Exchange.NSE, "INFY")
    qtbot.waitUntil(lambda: shell.ticket.last_quote() is not None, timeout=WAIT_MS)
    shell.ticket.inputs.quantity.setValue(1)
    shell.ticket.inputs.price.setValue(price)


def test_a_placement_is_journalled_and_the_audit_log_shows_it(
    qtbot: QtBot, shell: Shell, tmp_path: Path, asked: list[str]
) -> None:
    enter_infy(qtbot, shell, 1590.0)
    with qtbot.waitSignal(shell.placement.order_placed, timeout=WAIT_MS) as placed:
        assert shell.ticket.submit()
    assert shell.journal is not None
    shell.journal.flush()  # the journal commits on its own thread: wait for the writes queued so far
    journal = Journal(tmp_path / "data" / PAPER_JOURNAL_FILE)
    [entry] = journal.placements()
    journal.close()
    assert (entry.state, entry.order_id) == (PlacementState.PLACED, placed.args[0])
    assert asked == ["Place order?"]

    [action] = [a for a in shell.window.findChildren(QAction) if a.text() == "Audit log…"]
    action.trigger()
    dialog = shell.audit_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.placements.rowCount() == 1, timeout=WAIT_MS)
    dialog.routine.setChecked(True)  # polls and quotes are hidden until asked for

    def calls() -> set[str]:
        return {dialog.calls.index(row, 1).data() for row in range(dialog.calls.rowCount())}

    qtbot.waitUntil(lambda: {"log_in", "profile", "place", "orders_raw", "quotes"} <= calls(), timeout=WAIT_MS)
    assert dialog.isVisible()
    assert not dialog.isModal()


def test_a_price_far_from_the_market_is_not_sent_unless_overridden(
    qtbot: QtBot, shell: Shell, asked: list[str]
) -> None:
    enter_infy(qtbot, shell, 1750.0)  # a BUY over 9% above the best offer (about 1600): it would trade through
    assert not shell.ticket.submit()
    assert asked == ["Override precautions?"]
    assert not shell.ticket.is_busy()


def test_a_placement_a_crash_left_open_is_found_on_the_next_start(
    qtbot: QtBot, tmp_path: Path, asked: list[str]
) -> None:
    order = replace(INFY, tag="crashed1")
    (tmp_path / "data").mkdir(parents=True)
    journal = Journal(tmp_path / "data" / PAPER_JOURNAL_FILE)
    journal.sending(order)  # the app died after this, while the order was on its way
    journal.close()
    with PaperExchange(config(db_path=str(tmp_path / "paper.sqlite3"))) as exchange:
        set_price(exchange, "INFY", 1600.0)
        order_id = connect(exchange).place(order).order_id  # ...and it did reach the exchange

    shell = start(qtbot, tmp_path)
    try:
        qtbot.waitUntil(lambda: any("crashed1" in text for _, text in shell.messages.shown), timeout=WAIT_MS)
        [(_title, text)] = [shown for shown in shell.messages.shown if "crashed1" in shown[1]]
        assert text.startswith(f"Order {order_id} was placed (found by its tag crashed1)")
        assert shell.placement.unresolved == ()
    finally:
        stop(qtbot, shell)
    reopened = Journal(tmp_path / "data" / PAPER_JOURNAL_FILE)
    entry = reopened.placement("crashed1")
    reopened.close()
    assert entry is not None
    assert (entry.state, entry.order_id) == (PlacementState.PLACED, order_id)
