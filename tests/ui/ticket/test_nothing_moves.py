"""Nothing moves while typing: a problem appearing under a field takes room kept for it, so neither the ticket nor
anything in it changes place or size (nor, in the window, the order book below it)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiteticket.domain.fields import Field
from kiteticket.ui.ticket import OrderTicket
from tests.ui.ticket.helpers import problem_text

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def places(ticket: OrderTicket) -> dict[str, QRect]:
    """Where the ticket and its parts are, in the ticket's coordinates."""
    parts = {name: ticket.findChild(QWidget, name) for name in ("quantity", "price", "tag", "submit", "result")}
    found = {name: QRect(widget.mapTo(ticket, widget.rect().topLeft()), widget.size())
             for name, widget in parts.items() if widget is not None}  # fmt: skip
    return {"ticket": ticket.geometry(), **found}


def test_a_problem_appearing_while_typing_moves_nothing(qtbot: QtBot, ticket: OrderTicket) -> None:
    ticket.set_instrument("NSE", "INFY")
    ticket.inputs.price.setValue(1600.0)
    ticket.show()
    qtbot.waitExposed(ticket)
    before, hint = places(ticket), ticket.minimumSizeHint()

    qtbot.mouseClick(ticket.inputs.quantity, Qt.MouseButton.LeftButton)
    qtbot.keyClick(ticket.inputs.quantity, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(ticket.inputs.quantity, Qt.Key.Key_Backspace)
    qtbot.keyClicks(ticket.inputs.price, "3")  # 16003: off the circuit band too, a long message
    assert problem_text(ticket, Field.QUANTITY) == "Enter a quantity."
    assert ticket.parts.summary.text()

    assert ticket.minimumSizeHint() == hint
    assert places(ticket) == before
