"""What the ticket tells the user: each problem under its field, a one-line summary by the send button, and the
outcome of the last order (placed, rejected, or not known)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from kiteticket.domain.fields import Field
from kiteticket.domain.outcome import Fate
from kiteticket.domain.validation import Problem, problems_by_field
from kiteticket.ui.ticket.style import PLACED_COLOUR, PROBLEM_COLOUR, WARNING_COLOUR


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when its text is wider than the room it has; the tooltip has it all. It is
    one line high with or without text, so that text coming and going never moves what is below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment()), text)


class ReservedLabel(QLabel):
    """A wrapped message in room kept for `lines` lines whether it is shown or not, so that a message coming or going
    moves nothing under the cursor. A longer message still gets the height it needs (nothing is clipped): layouts do
    not pass height-for-width up to a top-level window, so the label asks for it as a minimum height."""

    def __init__(self, name: str, lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self._lines = lines
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        reserved = self.fontMetrics().lineSpacing() * self._lines
        height = max(reserved, self.heightForWidth(self.width()) if self.text() else 0)
        if height != self.minimumHeight():
            self.setMinimumHeight(height)


def show_problems(labels: dict[Field, QLabel], problems: Iterable[Problem]) -> None:
    """Each field's first problem in the red label under it; labels of fields without problems are hidden."""
    shown = problems_by_field(problems)
    for field, label in labels.items():
        message = shown.get(field, "")
        if label.text() != message:
            label.setText(message)
        label.setVisible(bool(message))


def show_verdict(
    labels: dict[Field, QLabel], summary_label: QLabel, submit: QWidget, *,
    problems: tuple[Problem, ...], shown: tuple[Problem, ...], held: str,
) -> None:  # fmt: skip
    """The `shown` problems beside their fields and summed up by the send button, or why the order is `held`
    back; the send button's tooltip lists every problem, shown or not."""
    show_problems(labels, shown)
    _set_text(summary_label, held or summary(shown))
    _set_tooltip(summary_label, held or details(shown))
    _set_tooltip(submit, details(problems) or held or SEND_TIP)


# Each edit of the ticket says its verdict again, mostly unchanged: a setter called with what a widget already
# shows still sends its change event (through every application-wide event filter) and schedules a repaint.
def _set_text(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)


def _set_tooltip(widget: QWidget, text: str) -> None:
    if widget.toolTip() != text:
        widget.setToolTip(text)


def summary(problems: tuple[Problem, ...]) -> str:
    if not problems:
        return ""
    more = len(problems) - 1
    return problems[0].message + (f"  (+{more} more)" if more else "")


def details(problems: tuple[Problem, ...]) -> str:
    """For the send button's tooltip: every problem, with the field it is about."""
    return "\n".join(f"{problem.field.label}: {problem.message}" for problem in problems)


SEND_TIP = "Send the order (Ctrl+Enter)"
_UNKNOWN = "Outcome unknown:"  # how the placement controller starts its message; this line says it already


class ResultLine(QLabel):
    """The outcome of the last order sent from the ticket. It wraps rather than elides: a rejection from Kite
    ("Insufficient funds. Required margin is … but available margin is …") must be readable in full. Two lines are
    kept for it even when empty, so that an ordinary answer does not move the ticket."""

    RESERVED_LINES = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("result")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * self.RESERVED_LINES)
        self._order_id = ""  # the placed order the line is about: only its fate may replace "placed"
        self._settled = False  # placed, rejected or final: a new order may clear it (never "sending" or "unknown")

    def sending(self, tag: str) -> None:
        self._say(f"Placing order (tag {tag})…", "")

    def placed(self, order_id: str) -> None:
        self._say(f"Order {order_id} placed", PLACED_COLOUR)
        self._order_id, self._settled = order_id, True

    def fate(self, fate: Fate) -> None:
        """What became of the order the line says was placed: complete, cancelled (IOC), rejected. A good fate is
        ignored once the line is about something else (a newer order, or cleared for a new one); a bad one is shown
        unless the line is waiting for a newer order's answer, since a rejection after Kite took the order (an RMS
        check, insufficient funds) must not go unseen because the user pressed F1 within the second."""
        waiting = bool(self.text()) and not self._settled  # "Placing order…" or an unknown outcome of a newer one
        if fate.order_id == self._order_id or (not fate.good and not waiting):
            self._say(fate.text, PLACED_COLOUR if fate.good else PROBLEM_COLOUR)
            self._order_id, self._settled = fate.order_id, True

    def new_order(self) -> None:
        """The user started another order: an answer about the last one goes; one still awaited stays."""
        if self._settled:
            self.clear()

    def rejected(self, message: str) -> None:
        """Kite's reason, called a rejection unless the message already says what happened ("Not placed: …")."""
        lowered = message.lower()
        says_it = lowered.startswith("rejected") or "not placed" in lowered
        self._say(message if says_it else f"Rejected: {message}", PROBLEM_COLOUR)
        self._settled = True

    def unknown(self, message: str, tag: str) -> None:
        """Says once that the outcome is not known, and names the tag once: the message's own "Outcome unknown:"
        goes, and the tag is added only when the message does not name it."""
        detail = message.removeprefix(_UNKNOWN).strip()
        text = f"Not known whether the order was placed: {detail}"
        if tag and tag not in detail:
            text += f" Look for tag {tag} in the order book before sending it again."
        self._say(text, WARNING_COLOUR)

    def note(self, text: str) -> None:
        """A warning about the order being prepared (not an answer about one sent); a new order clears it."""
        self._say(text, WARNING_COLOUR)
        self._settled = True

    def clear(self) -> None:
        self._say("", "")

    def _say(self, text: str, colour: str) -> None:
        self._order_id, self._settled = "", False
        self.setText(text)
        _set_tooltip(self, text)
        sheet = f"color: {colour};" if colour else ""
        if self.styleSheet() != sheet:  # a re-polish under the ticket's style sheet: only when it changes
            self.setStyleSheet(sheet)
