"""A totals row under an account table: labelled figures, each coloured by its sign, in one line that wraps when
the panel beside the ticket is narrow. Used by positions (realised, unrealised, M2M, P&L) and holdings."""

from __future__ import annotations

import html
from decimal import Decimal

from PySide6.QtWidgets import QLabel, QWidget

from kiteticket.domain.money import format_inr
from kiteticket.ui.portfolio.positions_model import pnl_colour

# label, amount, whether its sign is coloured (P&L) or not (a value), and what follows the amount ("(+1.5%)")
Figure = tuple[str, Decimal, bool, str]


class TotalsBar(QLabel):
    """Signals: QLabel's own. ``show_figures`` replaces the whole line; ``show_text`` says why there is none."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setStyleSheet("padding:2px 4px;")
        self.plain = ""  # the line without markup, for tests and the accessibility name

    def show_figures(self, figures: list[Figure]) -> None:
        parts, plain = [], []
        for label, amount, coloured, after in figures:
            text = format_inr(amount, signed=coloured)
            colour = pnl_colour(amount) if coloured else None
            style = f" style='color:{colour.name()}'" if colour is not None else ""
            tail = f" {html.escape(after)}" if after else ""
            # A figure never breaks across lines; the line wraps between figures when the panel is narrow.
            # Qt breaks lines after a "+" or "-" even inside <nobr>: a word joiner keeps the sign with the amount.
            joined = f"{text[:1]}\u2060{text[1:]}" if text[:1] in "+-" else text
            parts.append(f"<nobr>{html.escape(label)}&nbsp;<b{style}>{joined}</b>{tail.replace(' ', '&nbsp;')}</nobr>")
            plain.append(f"{label} {text}{' ' + after if after else ''}")
        self._set(" &nbsp;· ".join(parts), " · ".join(plain))

    def show_text(self, text: str) -> None:
        self._set(html.escape(text), text)

    def _set(self, rich: str, plain: str) -> None:
        self.plain = plain
        self.setAccessibleName(plain)
        self.setText(rich)
