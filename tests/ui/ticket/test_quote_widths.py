"""The depth panel shows the day's widest numbers whole: six-digit prices (MCX gold, BANKNIFTY) and quantities of
lakhs (NIFTY), in the ticket as it opens, without the user widening anything."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.domain.quote import DepthLevel, Quote
from kiteticket.ui.ticket import OrderTicket

# A shown top-level window on the offscreen platform: its size hints have no window system to go to.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def big_quote(key: str, last: str) -> Quote:
    price, step = Decimal(last), Decimal("1")
    return Quote(
        key=key, last_price=price, net_change=Decimal("-1234.00"), open=price, high=price + 999, low=price - 999,
        close=price + 1234, volume=98_76_54_321, lower_circuit=price - 12_000, upper_circuit=price + 12_000,
        bids=tuple(DepthLevel(price - step * (i + 1), 98_76_543 - i, 9_876 - i) for i in range(5)),
        asks=tuple(DepthLevel(price + step * i, 12_34_567 + i, 1_234 + i) for i in range(5)),
    )  # fmt: skip


def cut_off(panel: QWidget) -> list[str]:
    """Texts wider than the room their label or button gives them."""
    cut = []
    for widget in panel.findChildren(QLabel) + panel.findChildren(QPushButton):
        if not widget.isVisible():
            continue
        text = widget.text()
        room = widget.contentsRect().width() if isinstance(widget, QLabel) else widget.width() - 4
        if widget.fontMetrics().horizontalAdvance(text) > room:
            cut.append(f"{widget.objectName() or 'label'}: {text!r} in {room} px")
    return cut


def test_six_digit_prices_and_lakhs_of_quantity_are_shown_whole(qtbot: QtBot, ticket: OrderTicket) -> None:
    ticket.set_instrument("NFO", "NIFTY26DECFUT")
    ticket.show()
    qtbot.waitExposed(ticket)
    ticket.set_quote(big_quote("NFO:NIFTY26DECFUT", "125999.00"))
    panel = ticket.parts.quote_panel
    qtbot.waitUntil(lambda: panel.findChild(QPushButton, "ask_4").text() == "126003.00")
    assert panel.findChild(QLabel, "volume").text() == "98,76,54,321"
    assert not cut_off(panel), cut_off(panel)
