"""Driving the GTT dialog and tab as a person does: keys into named fields, mouse clicks on buttons and rows."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.domain.gtt_rules import GttField
from kiteticket.ui.gtt.controller import GttController
from kiteticket.ui.gtt.dialog import GttDialog
from kiteticket.ui.gtt.tab import GttTab
from tests.ui.app.helpers import WAIT_MS

W = TypeVar("W", bound=QWidget)


def child(parent: QWidget, name: str, kind: type[W]) -> W:
    found = parent.findChild(QWidget, name)
    assert found is not None, f"no widget named {name!r}"
    assert isinstance(found, kind), f"{name!r} is a {type(found).__name__}"
    return found


def retype(qtbot: QtBot, dialog: GttDialog, field: GttField, text: str) -> None:
    """Click into the field, select what it holds and type over it."""
    edit = child(dialog, field.value, QLineEdit)
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def problem(dialog: GttDialog, field: GttField) -> str:
    return child(dialog, f"{field.value}_problem", QLabel).text()


def send_button(dialog: GttDialog) -> QPushButton:
    return child(dialog, "send", QPushButton)


def open_dialog(qtbot: QtBot, controller: GttController) -> GttDialog:
    qtbot.waitUntil(lambda: controller.dialog is not None and controller.dialog.isVisible(), timeout=WAIT_MS)
    dialog = controller.dialog
    assert dialog is not None
    return dialog


def row_point(tab: GttTab, trigger_id: str, column: int = 0) -> QPoint:
    position = tab.model.row_for_key(trigger_id)
    assert position is not None, f"GTT {trigger_id} is not listed"
    index = tab.view.model().index(position, column)  # the view shows a display copy, row for row
    tab.view.scrollTo(index)
    return tab.view.visualRect(index).center()


def cell(tab: GttTab, trigger_id: str, header: str) -> str:
    position = tab.model.row_for_key(trigger_id)
    assert position is not None, f"GTT {trigger_id} is not listed"
    column = [column.header for column in tab.model.columns].index(header)
    return str(tab.model.index(position, column).data())
