"""The mouse wheel scrolls past the ticket's number fields and choices; it changes one only while it has the focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiteticket.domain.enums import OrderType
from kiteticket.ui.ticket import OrderTicket
from kiteticket.ui.ticket.inputs import GuardedComboBox, GuardedDoubleSpinBox, GuardedSpinBox
from tests.ui.active_window import show_active

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

DOWN, UP = -120, 120


def wheel(widget: QWidget, delta: int) -> None:
    """A turn of the wheel over the middle of `widget`, through the window system as a real mouse's comes."""
    window = widget.window()
    at = widget.mapTo(window, widget.rect().center())
    handle = window.windowHandle()
    assert handle is not None, "the widget must be shown"
    QTest.wheelEvent(handle, QPointF(at), QPoint(0, delta))


@pytest.fixture
def scrolled(qtbot: QtBot, ticket: OrderTicket) -> QScrollArea:
    """The ticket in a scroll area too short for it, as in a small window."""
    area = QScrollArea()
    qtbot.addWidget(area)
    area.setWidgetResizable(True)
    area.setWidget(ticket)
    area.resize(ticket.sizeHint().width() + 40, 260)  # the quantity in view, the bottom not
    show_active(qtbot, area)
    area.setFocus()
    assert area.verticalScrollBar().maximum() > 0
    return area


def test_the_wheel_over_an_unfocused_quantity_scrolls_the_ticket(
    qtbot: QtBot, ticket: OrderTicket, scrolled: QScrollArea
) -> None:
    quantity = ticket.inputs.quantity
    wheel(quantity, DOWN)
    assert quantity.value() == 1
    assert not quantity.hasFocus()  # the wheel does not take the focus either
    assert scrolled.verticalScrollBar().value() > 0  # the event went on to the scroll area


def test_the_wheel_over_an_unfocused_order_type_leaves_it(ticket: OrderTicket, scrolled: QScrollArea) -> None:
    wheel(ticket.inputs.order_type, DOWN)
    assert ticket.inputs.order_type.currentData() == OrderType.LIMIT
    assert scrolled.verticalScrollBar().value() > 0


def test_the_wheel_changes_a_focused_quantity(qtbot: QtBot, ticket: OrderTicket, scrolled: QScrollArea) -> None:
    quantity = ticket.inputs.quantity
    quantity.setFocus()
    qtbot.waitUntil(quantity.hasFocus)
    wheel(quantity, UP)
    assert quantity.value() == 2
    assert scrolled.verticalScrollBar().value() == 0


def test_every_number_field_and_choice_of_the_ticket_is_guarded(ticket: OrderTicket) -> None:
    guarded = ticket.findChildren(QAbstractSpinBox) + ticket.findChildren(QComboBox)
    assert len(guarded) == 13  # 8 number fields, 5 choices
    for widget in guarded:
        assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus, widget.objectName()
        assert isinstance(widget, (GuardedSpinBox, GuardedDoubleSpinBox, GuardedComboBox)), widget.objectName()


def test_a_guarded_spin_box_works_in_any_window(qtbot: QtBot) -> None:
    """For other dialogs (the modify dialog) to use."""
    dialog = QWidget()
    qtbot.addWidget(dialog)
    column = QVBoxLayout(dialog)
    line, spin = QLineEdit(), GuardedSpinBox()
    column.addWidget(line)
    column.addWidget(spin)
    dialog.show()
    qtbot.waitExposed(dialog)
    line.setFocus()
    wheel(spin, UP)
    assert spin.value() == 0
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
    spin.setFocus()
    wheel(spin, UP)
    assert spin.value() == 1
