"""The first-run setup dialog: what it asks, what it refuses, and that the secret is never shown."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from kiteticket.domain.credentials import DEFAULT_REDIRECT_URL, Credentials
from kiteticket.ui.session.setup_dialog import SetupDialog


def ok_button(dialog: SetupDialog) -> QDialogButtonBox:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    return box.button(QDialogButtonBox.StandardButton.Ok)  # type: ignore[return-value]


def test_it_offers_the_default_redirect_url_and_explains_where_the_keys_are(qtbot: QtBot) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    assert dialog.redirect_url.text() == DEFAULT_REDIRECT_URL == "http://127.0.0.1:5010/"
    explanation = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "developers.kite.trade" in explanation
    assert "Redirect URL" in explanation
    assert "keyring" in explanation


def test_it_explains_the_static_ip_rule_before_it_bites(qtbot: QtBot) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    explanation = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for words in ("static IP", "Profile → <b>IP Whitelist</b>", "up to two", "once a week", "Settings ▸ Network"):
        assert words in explanation
    assert "prices work from any address" in explanation


def test_the_secret_is_typed_blind(qtbot: QtBot) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    assert dialog.api_secret.echoMode() is QLineEdit.EchoMode.Password


@pytest.mark.parametrize(
    ("key", "secret", "url", "problem"),
    [
        ("", "s", DEFAULT_REDIRECT_URL, "API key"),
        ("k", "", DEFAULT_REDIRECT_URL, "API secret"),
        ("k", "s", "https://127.0.0.1:5010/", "plain http"),
        ("k", "s", "http://example.com:5010/", "this computer"),
    ],
)
def test_incomplete_or_unsafe_answers_cannot_be_accepted(
    qtbot: QtBot, key: str, secret: str, url: str, problem: str
) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.api_key.setText(key)
    dialog.api_secret.setText(secret)
    dialog.redirect_url.setText(url)
    assert problem in dialog.problem.text()
    assert not ok_button(dialog).isEnabled()


def test_good_answers_become_credentials(qtbot: QtBot) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.api_key.setText(" key ")
    dialog.api_secret.setText("secret")
    dialog.redirect_url.setText("http://localhost:7000/kite")
    assert ok_button(dialog).isEnabled()
    assert dialog.problem.text() == ""
    assert dialog.answers() == Credentials("key", "secret", redirect_url="http://localhost:7000/kite")


def test_stored_values_are_offered_and_the_session_only_note_is_shown(qtbot: QtBot) -> None:
    dialog = SetupDialog(None, Credentials("k1", "s1", redirect_url="http://127.0.0.1:6000/"), note="memory only")
    qtbot.addWidget(dialog)
    assert (dialog.api_key.text(), dialog.redirect_url.text()) == ("k1", "http://127.0.0.1:6000/")
    note = dialog.findChild(QLabel, "storage_note")
    assert note is not None
    assert note.text() == "memory only"
