"""Driving the ticket the way a test or script does: through its named inputs and Qt's ordinary API."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from kiteticket.domain.fields import Field
from kiteticket.ui.ticket import OrderTicket

W = TypeVar("W", bound=QWidget)


def named(ticket: OrderTicket, name: str, kind: type[W]) -> W:
    """The ticket's widget called `name`, which must be a `kind`: what a script finds by the contract."""
    widget = ticket.findChild(QWidget, name)
    assert widget is not None, f"the ticket has no widget named {name!r}"
    assert isinstance(widget, kind), f"{name!r} is a {type(widget).__name__}, not a {kind.__name__}"
    return widget


def combo(ticket: OrderTicket, field: Field) -> QComboBox:
    return named(ticket, field.value, QComboBox)


def offered(ticket: OrderTicket, field: Field) -> list[str]:
    box = combo(ticket, field)
    return [box.itemData(row) for row in range(box.count())]


def choose(ticket: OrderTicket, field: Field, value: Enum) -> bool:
    """Pick `value` in the field's combo; False when the combo does not offer it."""
    box = combo(ticket, field)
    row = box.findData(value)
    if row < 0:
        return False
    box.setCurrentIndex(row)
    return True


def problem_text(ticket: OrderTicket, field: Field) -> str:
    label = named(ticket, f"{field.value}_problem", QLabel)
    return label.text() if label.isVisibleTo(ticket) else ""
