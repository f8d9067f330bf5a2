"""The message center: one box per title while it is open, batches in one message, passing trouble in the
status bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.ui import messages as messages_module
from kiteticket.ui.messages import MORE_BEHIND_DETAILS, SHOWN_PARAGRAPHS, MessageCenter

# The offscreen platform cannot pass a shown window's size hints to a window system; a real display can.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

TOKEN_EXPIRED = BrokerError(ErrorKind.TOKEN, "Your session has expired.")
TIMED_OUT = BrokerError(ErrorKind.TIMEOUT, "Kite did not answer.")


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    main = QMainWindow()
    qtbot.addWidget(main)
    return main


@pytest.fixture
def messages(window: QMainWindow) -> MessageCenter:
    center = MessageCenter(window)
    center.attach(window, window.statusBar())
    return center


def boxes(window: QMainWindow) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_the_same_message_while_its_box_is_open_is_one_box(
    qtbot: QtBot, window: QMainWindow, messages: MessageCenter
) -> None:
    for _ in range(3):
        messages.error("Cancel 1", "Your session has expired.")
    messages.error("Cancel 2", "Your session has expired.")  # another title says something else: its own box
    qtbot.waitUntil(lambda: len(messages.shown) == 2)
    QApplication.processEvents()  # every queued copy has been delivered by now

    assert messages.shown == [("Cancel 1", "Your session has expired."), ("Cancel 2", "Your session has expired.")]
    assert len(boxes(window)) == 2


def test_messages_under_one_title_join_its_open_box(qtbot: QtBot, window: QMainWindow, messages: MessageCenter) -> None:
    title = "Order from an unconfirmed placement"
    for text in ("drill1 was not placed.", "drill2 was not placed.", "drill1 was not placed."):
        messages.error(title, text)
    qtbot.waitUntil(lambda: len(messages.shown) == 2)
    QApplication.processEvents()  # every queued message has been delivered by now

    [box] = boxes(window)
    assert box.text() == "drill1 was not placed.\n\ndrill2 was not placed."
    assert messages.shown == [(title, "drill1 was not placed."), (title, "drill2 was not placed.")]


def test_a_box_shows_its_first_messages_and_keeps_the_rest_behind_details(
    qtbot: QtBot, window: QMainWindow, messages: MessageCenter
) -> None:
    title = "Order from an unconfirmed placement"
    texts = [f"drill{number} was not placed." for number in range(SHOWN_PARAGRAPHS + 3)]
    for text in texts:
        messages.error(title, text)
    qtbot.waitUntil(lambda: len(messages.shown) == len(texts))

    [box] = boxes(window)
    shown = "\n\n".join(texts[:SHOWN_PARAGRAPHS])
    assert box.text() == f"{shown}\n\n{MORE_BEHIND_DETAILS}"
    assert box.detailedText() == "\n\n".join(texts[SHOWN_PARAGRAPHS:]), "nothing is lost"
    messages.error(title, texts[-1])  # said already: nothing new
    messages.error(title, texts[0])
    QApplication.processEvents()
    assert len(messages.shown) == len(texts)


def test_a_message_is_shown_as_plain_text(qtbot: QtBot, window: QMainWindow, messages: MessageCenter) -> None:
    messages.error("Kite answered", "<html><body><h1>502 Bad Gateway</h1></body></html>")
    qtbot.waitUntil(lambda: len(boxes(window)) == 1)
    [box] = boxes(window)
    assert box.textFormat() is Qt.TextFormat.PlainText


def test_the_message_shows_again_once_its_box_is_closed(
    qtbot: QtBot, window: QMainWindow, messages: MessageCenter
) -> None:
    messages.error("Cancel 1", "Your session has expired.")
    qtbot.waitUntil(lambda: len(boxes(window)) == 1)
    boxes(window)[0].close()

    messages.error("Cancel 1", "Your session has expired.")

    qtbot.waitUntil(lambda: len(messages.shown) == 2)
    assert len(boxes(window)) == 1


def test_messages_before_the_window_are_kept_once(qtbot: QtBot, window: QMainWindow) -> None:
    early = MessageCenter(window)
    early.error("Settings", "Could not read them.")
    early.error("Settings", "Could not read them.")
    qtbot.waitUntil(lambda: len(early._pending) == 2)  # the queue before attach() is what is tested

    early.attach(window, window.statusBar())

    assert early.shown == [("Settings", "Could not read them.")]


def test_a_batch_of_failures_is_one_box_with_each_reason_once(qtbot: QtBot, messages: MessageCenter) -> None:
    messages.broker_errors("Cancel orders", "3 of 5 cancellations failed", [TOKEN_EXPIRED, TOKEN_EXPIRED, TIMED_OUT])

    qtbot.waitUntil(lambda: messages.shown != [])
    text = f"3 of 5 cancellations failed: {TOKEN_EXPIRED.user_message} {TIMED_OUT.user_message}"
    assert messages.shown == [("Cancel orders", text)]


def test_a_batch_of_passing_trouble_goes_to_the_status_bar(window: QMainWindow, messages: MessageCenter) -> None:
    messages.broker_errors("Cancel orders", "2 of 2 cancellations failed", [TIMED_OUT, TIMED_OUT])

    assert window.statusBar().currentMessage() == f"2 of 2 cancellations failed: {TIMED_OUT.user_message}"
    assert messages.shown == []


def test_messages_raised_together_fill_their_box_once(
    qtbot: QtBot, window: QMainWindow, messages: MessageCenter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A poll after a new login settles a dozen placements at once: one box, laid out once, not twelve times (each
    re-layout of a word-wrapped box was milliseconds of the GUI thread; twelve in a row were the drill's longest
    stall)."""
    fills: list[int] = []
    real_fill = messages_module._fill

    def counting_fill(box: QMessageBox, paragraphs: list[str], added: int) -> None:
        fills.append(added)
        real_fill(box, paragraphs, added)

    monkeypatch.setattr(messages_module, "_fill", counting_fill)
    title = "Order from an unconfirmed placement"
    texts = [f"drill{number} was not placed." for number in range(12)]
    for text in texts:
        messages.error(title, text)  # from a pool thread or the GUI thread alike: queued
    qtbot.waitUntil(lambda: len(messages.shown) == len(texts))
    assert fills == [12]
    [box] = boxes(window)
    assert box.detailedText() == "\n\n".join(texts[SHOWN_PARAGRAPHS:])
    messages.error(title, "drill12 was not placed.")  # one more later: appended behind the details
    qtbot.waitUntil(lambda: len(messages.shown) == len(texts) + 1)
    assert fills == [12, 1]
    assert box.detailedText().endswith("drill12 was not placed.")
