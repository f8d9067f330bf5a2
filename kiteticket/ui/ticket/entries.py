"""Reading a spin box as the user sees it: its text, not the last valid value Qt keeps behind an emptied field.

Works for any QAbstractSpinBox (QSpinBox, QDoubleSpinBox, a decimal spin box of our own): the text comes from
``text()`` less the ``prefix``/``suffix`` properties, and the special value's text ("Auto", "–") stands for the
value Qt shows it for. ``kiteticket.domain.entry`` decides what the text means.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit

from kiteticket.domain.entry import Entry, EntryKind, read_entry


def line_of(spin: QAbstractSpinBox) -> QLineEdit:
    """The spin box's own line edit: its ``textChanged`` fires for every keystroke, an emptied field included
    (``valueChanged`` does not fire when the text stops being a number)."""
    line = spin.findChild(QLineEdit)
    assert line is not None, "every QAbstractSpinBox has a line edit"
    return line


def shown_text_changed(spin: QAbstractSpinBox) -> tuple[SignalInstance, ...]:
    """The signals that together report every change of what the spin box shows. Qt blocks the line edit's
    signals while ``setValue`` rewrites it (the spin box's own ``textChanged``/``valueChanged`` tells of that),
    and the spin box's signals stay silent while the typed text is empty or not a number (the line edit's tells)."""
    own = getattr(spin, "textChanged", None) or getattr(spin, "valueChanged", None)
    return (line_of(spin).textChanged, *([own] if isinstance(own, SignalInstance) else []))


def connect_shown_text(spin: QAbstractSpinBox, slot: Callable[..., object]) -> None:
    for signal in shown_text_changed(spin):
        signal.connect(slot)


def entry_of(spin: QAbstractSpinBox) -> Entry:
    text = spin.text()
    special = spin.specialValueText()
    if special and text == special:
        return Entry(text, EntryKind.NUMBER, Decimal(str(spin.property("value"))))
    prefix, suffix = str(spin.property("prefix") or ""), str(spin.property("suffix") or "")
    text = text.removeprefix(prefix) if prefix else text
    text = text.removesuffix(suffix) if suffix else text
    # Qt's own validator has the last word too: what it refuses (out of range) is not what will be sent.
    entry = read_entry(text)
    if entry.kind is EntryKind.NUMBER and not spin.hasAcceptableInput():
        return Entry(entry.text, EntryKind.INVALID)
    return entry
