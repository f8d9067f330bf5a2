"""Driving the Baskets tab of the running app: its buttons and table by name, as a trader clicks and types."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from kiteticket.ui.basket.panel import BasketPanel
from tests.ui.app.helpers import WAIT_MS, PaperApp


def panel(app: PaperApp) -> BasketPanel:
    """The Baskets tab, brought to the front."""
    found = app.shell.basket_panel
    tabs = found.parentWidget()
    while tabs is not None and not hasattr(tabs, "setCurrentWidget"):
        tabs = tabs.parentWidget()
    if tabs is not None:
        tabs.setCurrentWidget(found)  # type: ignore[attr-defined]
    return found


def click(app: PaperApp, name: str) -> None:
    button = panel(app).buttons[name]
    assert isinstance(button, QAbstractButton)
    app.qtbot.waitUntil(button.isEnabled, timeout=WAIT_MS)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def click_row(app: PaperApp, row: int) -> None:
    table = panel(app).table
    rect = table.visualRect(table.model().index(row, 2))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel(app).current_row() == row


def key(app: PaperApp, pressed: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(panel(app).table, pressed, modifiers)


def rows(app: PaperApp) -> list[tuple[str, ...]]:
    """Side, instrument, quantity and order type with its price, of each order in the shown basket, as shown."""
    model = panel(app).model
    return [tuple(str(model.index(row, column).data()) for column in (1, 2, 3, 4)) for row in range(model.rowCount())]
