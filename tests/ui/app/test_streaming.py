"""The app streams, as `kiteticket --paper` runs it: the official KiteTicker on the paper exchange's /ws feeds the
market watch and the ticket's quote, pushed order updates bring the book up to date, and the status bar says
how the stream is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiteticket.domain.stream import StreamState
from kiteticket.ui.market.watch_model import LTP_COLUMN
from kiteticket.watchlist_store import load_watchlists
from tests.ui.active_window import activate
from tests.ui.app.helpers import WAIT_MS, PaperApp
from tests.ui.ticket.helpers import named


def wait_live(app: PaperApp) -> None:
    stream = app.shell.market.stream
    assert stream is not None
    app.qtbot.waitUntil(lambda: stream.status.state is StreamState.LIVE, timeout=WAIT_MS)
    assert app.window.stream_status_text() == "Stream: live"


def add_to_watch(app: PaperApp, text: str, key: str) -> None:
    """Typed into the watch's search and picked from its list, as a trader adds an instrument."""
    watch = app.shell.market_watch
    tabs = watch.parentWidget()
    while tabs is not None and not hasattr(tabs, "setCurrentWidget"):
        tabs = tabs.parentWidget()
    assert tabs is not None
    tabs.setCurrentWidget(watch)  # type: ignore[attr-defined]
    activate(app.qtbot, watch, WAIT_MS)
    watch.add_box.setFocus()
    app.qtbot.waitUntil(watch.add_box.hasFocus, timeout=WAIT_MS)
    app.qtbot.keyClicks(watch.add_box, text)
    popup = watch.search.completer.popup()
    assert popup is not None
    app.qtbot.waitUntil(popup.isVisible, timeout=WAIT_MS)
    app.qtbot.keyClick(popup, Qt.Key.Key_Down)
    app.qtbot.keyClick(popup, Qt.Key.Key_Return)
    app.qtbot.waitUntil(lambda: watch.model.row_for_key(key) is not None, timeout=WAIT_MS)


@pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise", "does not support grabbing")
def test_the_market_watch_ticks_and_is_saved(paper_app: PaperApp, tmp_path: Path) -> None:
    wait_live(paper_app)
    add_to_watch(paper_app, "SBIN", "NSE:SBIN")
    paper_app.set_price("SBIN", "812.35")
    model = paper_app.shell.market_watch.model
    row = model.row_for_key("NSE:SBIN")
    assert row is not None
    paper_app.qtbot.waitUntil(lambda: model.index(row, LTP_COLUMN).data() == "812.35", timeout=WAIT_MS)
    bid = next(i for i, column in enumerate(model.columns) if column.key == "bid")
    paper_app.qtbot.waitUntil(lambda: bool(model.index(row, bid).data()), timeout=WAIT_MS)  # full mode: depth
    assert load_watchlists(tmp_path / "config" / "watchlists.json").shown.keys == ("NSE:SBIN",)


def test_the_tickets_quote_follows_ticks_without_polling(paper_app: PaperApp) -> None:
    wait_live(paper_app)
    paper_app.qtbot.waitUntil(lambda: paper_app.shell.market_data._quoted == "NSE:INFY", timeout=WAIT_MS)
    label = named(paper_app.ticket, "last_price", QLabel)
    for price in ("1650.05", "1651.10", "1649.95"):
        paper_app.set_price("INFY", price)
        paper_app.qtbot.waitUntil(lambda p=price: label.text() == p, timeout=WAIT_MS)  # type: ignore[misc]
    assert paper_app.shell.market_data._streaming


def test_an_order_from_another_device_is_pushed_into_the_book(paper_app: PaperApp) -> None:
    """Nothing open, so the poll is at its slow idle pace: the pushed update is what fetches the book at once."""
    wait_live(paper_app)
    other = paper_app.other_device()
    order_id = other.place_order(
        variety="regular", exchange="NSE", tradingsymbol="INFY", transaction_type="BUY", quantity=1,
        product="CNC", order_type="LIMIT", price=1400,
    )  # fmt: skip
    paper_app.wait_for_order(str(order_id))
