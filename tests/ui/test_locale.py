"""Whatever the system's locale, the app reads and writes numbers with a decimal point (review finding: on a
German system "1.000" was a thousand to Qt and one to the ticket)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDoubleSpinBox

from kiteticket.ui.assembly import application


@pytest.fixture
def german_system() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


@pytest.mark.usefixtures("german_system")
def test_the_app_uses_a_decimal_point_on_a_decimal_comma_system() -> None:
    assert QDoubleSpinBox().locale().decimalPoint() == ","
    application([])
    price = QDoubleSpinBox()
    price.setRange(0, 100_000)
    price.setDecimals(2)
    price.setValue(1601.25)
    assert price.text() == "1601.25"
    assert price.locale().decimalPoint() == "."
