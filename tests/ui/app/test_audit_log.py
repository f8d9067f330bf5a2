"""The audit log as the user opens it from the File menu: a placement Kite took and then rejected reads "rejected"
with Kite's reason, and the routine polls stay out of sight until asked for."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction

from tests.ui.app.helpers import WAIT_MS, Order, PaperApp


# The dialog is raised to the front, which the offscreen platform cannot do.
@pytest.mark.qt_log_ignore("does not support raise", r"does not support propagateSizeHints\(\)")
def test_a_placement_rejected_after_kite_took_it_reads_rejected_with_kites_words(paper_app: PaperApp) -> None:
    paper_app.show_instrument("MARUTI", "17000")
    order_id = paper_app.place(Order("MARUTI", price="17000.00", quantity=1000))  # far beyond the paper funds
    paper_app.wait_for_status(order_id, "REJECTED")

    [action] = [a for a in paper_app.window.findChildren(QAction) if a.text() == "Audit log…"]
    action.trigger()
    dialog = paper_app.shell.audit_dialog
    assert dialog is not None

    def placement() -> tuple[str, ...] | None:
        return next((row for row in dialog.placements.rows if row[4] == order_id), None)

    paper_app.qtbot.waitUntil(lambda: placement() is not None, timeout=WAIT_MS)
    row = placement()
    assert row is not None
    assert row[3] == "rejected"
    assert row[5].startswith("Placed, then rejected by Kite: Insufficient funds. Required margin is ")
    assert not dialog.routine.isChecked()
    assert {dialog.calls.index(r, 1).data() for r in range(dialog.calls.rowCount())}.isdisjoint({"orders_raw"})
