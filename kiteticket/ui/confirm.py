"""Confirmations before orders are sent, modified or cancelled: on by default, each switchable in Settings.

Tests replace ``Confirmation.ask`` with a function instead of clicking a blocking dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from kiteticket.domain.order import OrderRequest
from kiteticket.domain.prices import format_price


class Confirmation:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)  # Enter held down must not confirm by accident
        return box.exec() == QMessageBox.StandardButton.Yes


def describe_order(request: OrderRequest) -> str:
    """One line a trader reads before saying yes: side, quantity, instrument, type, price, product, variety."""
    price = ""
    if request.price is not None and request.order_type.needs_price:
        price = f" at {format_price(request.price)}"
    if request.trigger_price is not None and request.trigger_price > 0:
        price += f", trigger {format_price(request.trigger_price)}"
    return (
        f"{request.transaction_type} {request.quantity} {request.tradingsymbol} ({request.exchange}) "
        f"{request.order_type}{price}, {request.product}, {request.variety.label}, {request.validity.label}"
    )
