"""One place that decides how a message reaches the user: the status bar for passing trouble, a non-blocking box
for the rest (inline messages next to a field are the ticket's own). Uncaught exceptions from any thread land
here by signal, so an error never kills the window silently, and messages raised before the window exists are
kept and shown once it does (qutebrowser's ``message.flush``)."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Sequence
from types import TracebackType

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QStatusBar, QTextEdit, QWidget

from kiteticket.domain.errors import BrokerError

STATUS_TIMEOUT_MS = 8_000
PARAGRAPH = "\n\n"  # between the messages one box gathers
# A box shows this many of its messages; later ones go behind its "Show Details…" button. A box left open while
# a poll settled placement after placement grew with each one, and re-laying out its word-wrapped text held the
# GUI thread 193 ms once in the fault drill; nobody reads thirty paragraphs in a box either.
SHOWN_PARAGRAPHS = 5
MORE_BEHIND_DETAILS = "More messages like these: Show Details."

log = logging.getLogger(__name__)


class MessageCenter(QObject):
    """Routes messages to the status bar or a non-modal box (one per title while it is open).

    Signals:
        error_raised(str, str): title and text of an error to show; emitted from any thread, shown on the GUI one.
    """

    error_raised = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status_bar: QStatusBar | None = None
        self._window: QWidget | None = None
        self._pending: list[tuple[str, str]] = []
        self._open: dict[str, QMessageBox] = {}  # boxes on screen, by title
        self._said: dict[str, list[str]] = {}  # the messages each open box has gathered, by title
        self.shown: list[tuple[str, str]] = []  # what has been shown in a box: for tests and the audit
        # Raised and not yet shown: every message raised in one turn of the event loop is shown on the next, each
        # box filled once. A poll after a new login settled a dozen placements at once, one message each; shown
        # one by one, each re-laid its box out, the longest GUI stall of every fault drill (52-88 ms).
        self._queued: list[tuple[str, str]] = []
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._on_flush_timeout)
        self.error_raised.connect(self._on_self_error_raised, Qt.ConnectionType.QueuedConnection)

    def attach(self, window: QWidget, status_bar: QStatusBar) -> None:
        self._window, self._status_bar = window, status_bar
        pending, self._pending = self._pending, []
        self._show_all(pending)

    def status(self, text: str, timeout_ms: int = STATUS_TIMEOUT_MS) -> None:
        if self._status_bar is not None:
            self._status_bar.showMessage(text, timeout_ms)

    def broker_error(self, error: BaseException, doing: str) -> None:
        """A failed broker call: passing trouble goes to the status bar, anything else to a box."""
        if _is_transient(error):
            self.status(f"{doing}: {error_text(error)}")
        else:
            self.error(doing, error_text(error))

    def broker_errors(self, title: str, summary: str, errors: Sequence[BaseException]) -> None:
        """Failed calls of one batch in one message, "<summary>: <each different reason once>"; the status bar if
        every one of them is passing trouble, else one box."""
        text = f"{summary}: {' '.join(dict.fromkeys(error_text(error) for error in errors))}"
        if all(_is_transient(error) for error in errors):
            self.status(text)
        else:
            self.error(title, text)

    def error(self, title: str, text: str) -> None:
        self.error_raised.emit(title, text)

    @Slot(str, str)
    def _on_self_error_raised(self, title: str, text: str) -> None:
        if self._window is None:
            self._pending.append((title, text))
            return
        self._queued.append((title, text))
        if not self._flush.isActive():
            self._flush.start()

    @Slot()
    def _on_flush_timeout(self) -> None:
        queued, self._queued = self._queued, []
        self._show_all(queued)

    def _show_all(self, messages: Sequence[tuple[str, str]]) -> None:
        if self._window is None or not shiboken6.isValid(self._window):
            self._pending.extend(messages)  # the window went while they waited: no box may be parented to it
            return
        by_title: dict[str, list[str]] = {}
        for title, text in messages:
            by_title.setdefault(title, []).append(text)
        for title, texts in by_title.items():
            self._box(title, texts)

    def _box(self, title: str, texts: Sequence[str]) -> None:
        # One box per title while it is open. The same message again says nothing new (one box, not one per failed
        # request); another one under that title joins the box as a paragraph of its own: a poll that settles six
        # placements at once opens one box listing them, not six boxes, each of which took the GUI thread 5-10 ms
        # to build and show (such bursts were among the fault drill's longest GUI stalls).
        self._open = {key: box for key, box in self._open.items() if shiboken6.isValid(box) and box.isVisible()}
        box = self._open.get(title)
        said = self._said.setdefault(title, []) if box is not None else []
        new = [text for text in dict.fromkeys(texts) if text not in said]
        if not new:
            return
        self.shown.extend((title, text) for text in new)
        said.extend(new)
        if box is not None:
            _fill(box, said, len(new))
            return
        self._said[title] = said
        box = QMessageBox(QMessageBox.Icon.Warning, title, "", QMessageBox.StandardButton.Ok, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a server's words are never read as HTML
        _fill(box, said, len(new))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()
        self._open[title] = box

    def install_excepthooks(self) -> None:
        """Uncaught exceptions, on the GUI thread or any other, become a box instead of a silent death."""
        sys.excepthook = self._on_uncaught
        threading.excepthook = self._on_thread_uncaught

    def _on_uncaught(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, error, trace))
        sys.stderr.write(text)
        log.error("Uncaught exception", exc_info=(kind, error, trace))  # the log file the box points to
        self.error(
            "Unexpected error", f"{kind.__name__}: {error}\n\nkiteticket keeps running; details went to the log."
        )

    def _on_thread_uncaught(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self._on_uncaught(args.exc_type, args.exc_value, args.exc_traceback)


def _fill(box: QMessageBox, paragraphs: list[str], added: int) -> None:
    """The box's text after `added` messages joined it: its first SHOWN_PARAGRAPHS messages, then a line saying more
    wait behind Show Details. Only the messages that go past them change the box itself (the details' button
    appears); later ones are appended to the details' own text view, as ``setDetailedText`` re-lays the whole box
    out each time (8 ms of CPU each)."""
    if len(paragraphs) <= SHOWN_PARAGRAPHS:
        box.setText(PARAGRAPH.join(paragraphs))
        return
    details = box.findChild(QTextEdit)
    before = len(paragraphs) - added
    if before <= SHOWN_PARAGRAPHS or details is None:
        box.setText(PARAGRAPH.join(paragraphs[:SHOWN_PARAGRAPHS]) + PARAGRAPH + MORE_BEHIND_DETAILS)
        box.setDetailedText(PARAGRAPH.join(paragraphs[SHOWN_PARAGRAPHS:]))
    else:
        for paragraph in paragraphs[before:]:
            details.append(PARAGRAPH.removesuffix("\n") + paragraph)  # append() starts a paragraph of its own


def error_text(error: BaseException) -> str:
    """What the user reads about a failed call: the broker's words, or what kind of surprise it was."""
    if isinstance(error, BrokerError):
        return error.user_message
    return f"Something went wrong ({type(error).__name__}: {error})."


def _is_transient(error: BaseException) -> bool:
    return isinstance(error, BrokerError) and error.is_transient
