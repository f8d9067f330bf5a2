"""Where the GTT feature meets the rest of the window: the order a trigger placed, selected in the order book (its
tab brought forward), and the GTT button beside the ticket's send button."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QLayout, QStackedWidget, QTableView, QTabWidget, QToolButton, QWidget

from kiteticket.ui.book.model import OrderBookModel
from kiteticket.ui.display_copy import keyed_source, view_index

NOT_IN_BOOK = "Order {order_id} is not in today's order book (Kite lists only the day's orders)."
FILTERED = "Order {order_id} is hidden by the order book's filter; choose All above the book to see it."


def select_in_book(view: QTableView, order_id: str) -> str:
    """Make the order current and selected in the book and scroll to it: "" if done, else why not (for the status
    bar). The book's model is reached through its filter proxy and display copy."""
    source = keyed_source(view.model())
    if not isinstance(source, OrderBookModel):
        return NOT_IN_BOOK.format(order_id=order_id)
    position = source.row_for_order(order_id)
    if position is None:
        return NOT_IN_BOOK.format(order_id=order_id)
    index = view_index(view.model(), position)
    if not index.isValid():
        return FILTERED.format(order_id=order_id)
    bring_forward(view)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(index, flags)
    view.scrollTo(index)
    view.setFocus()
    return ""


def bring_forward(widget: QWidget) -> None:
    """Make every tab that holds ``widget`` the current one (the order book and the GTT tab share a tab bar)."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        tabs = parent.parentWidget()
        if isinstance(parent, QStackedWidget) and isinstance(tabs, QTabWidget):
            tabs.setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()


def add_beside(anchor: QWidget, action: QAction, name: str) -> QToolButton:
    """A tool button for ``action`` just before ``anchor`` in the layout that holds it (the ticket's send button),
    so a feature adds its button without the ticket knowing of it."""
    button = QToolButton()
    button.setObjectName(name)
    button.setDefaultAction(action)
    host = anchor.parentWidget()
    layout = _layout_holding(host.layout(), anchor) if host is not None else None
    if layout is None:
        raise LookupError(f"no layout holds {anchor.objectName()}")
    layout.insertWidget(layout.indexOf(anchor), button)
    return button


def _layout_holding(layout: QLayout | None, widget: QWidget) -> QBoxLayout | None:
    if layout is None:
        return None
    if isinstance(layout, QBoxLayout) and layout.indexOf(widget) >= 0:
        return layout
    for number in range(layout.count()):
        item = layout.itemAt(number)
        child = item.layout() if item is not None else None
        found = _layout_holding(child, widget) if child is not None else None
        if found is not None:
            return found
    return None
