"""The basket's orders table, with the keys a trader uses on a list: Delete removes, Enter edits, Alt+↑/↓ moves."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView


class BasketTable(QTableView):
    """The orders table, with the keys a trader uses on a list.

    Signals:
        remove_pressed(int), edit_pressed(int): the current row.
        move_pressed(int, int): the current row and -1 (up) or +1 (down).
    """

    remove_pressed = Signal(int)
    edit_pressed = Signal(int)
    move_pressed = Signal(int, int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentIndex().row()
        key, alt = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if row < 0:
            super().keyPressEvent(event)
        elif key == Qt.Key.Key_Delete:
            self.remove_pressed.emit(row)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit_pressed.emit(row)
        elif alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_pressed.emit(row, -1 if key == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)
