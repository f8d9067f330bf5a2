"""Asking before an order that trips a precaution (too big, far from the market, the same order again) is sent.

A precaution is overridden only by an explicit "Yes": the question goes through ``Confirmation.ask``, whose box
defaults to "No", so Enter held down or a stray keypress cancels. One question lists every precaution the order
trips, so the user weighs them together, and it takes the place of the ordinary "Place order?" confirmation (which
may be switched off; precautions cannot be).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from kiteticket.domain.precautions import Precaution, PrecautionKind
from kiteticket.ui.confirm import Confirmation

OVERRIDE_TITLE = "Override precautions?"
DUPLICATE_TITLE = "Place the same order again?"


def precaution_question(precautions: Sequence[Precaution], order: str) -> tuple[str, str]:
    """The title and text of the question, for the one precaution or the list of them; `order` is the whole order
    as the ordinary confirmation states it (``domain.confirmation.confirmation_text``)."""
    if [p.kind for p in precautions] == [PrecautionKind.DUPLICATE]:
        return DUPLICATE_TITLE, f"{precautions[0].message} Place it again?\n\n{order}"
    listed = "\n".join(f"• {precaution.message}" for precaution in precautions)
    return OVERRIDE_TITLE, f"This order trips your precautions:\n\n{listed}\n\nPlace it anyway?\n\n{order}"


class PrecautionDialog:
    """Tests answer it by replacing ``Confirmation.ask``, as for every other confirmation."""

    @classmethod
    def ask(cls, parent: QWidget | None, precautions: Sequence[Precaution], order: str) -> bool:
        title, text = precaution_question(precautions, order)
        return Confirmation.ask(parent, title, text)
