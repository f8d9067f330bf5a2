"""Exits of a position above the exchange's freeze quantity, in the running app against the paper exchange. Exit all:
Kite refuses the exit as it stands, the exit goes again with autoslice for the same quantity, and the results say
into how many orders Kite sliced it and what became of each; one that would need more than 10 slices is not sent
again. Exit from the positions table: the refused exit comes back in the ticket with autoslice ticked, to send."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from kiteticket.domain.bulk import SLICE_NOTE
from kiteticket.domain.bulk_run import Outcome
from kiteticket.domain.enums import Exchange
from tests.ui.app.helpers import WAIT_MS, PaperApp, named, nearest_nifty
from tests.ui.bulk.helpers import answer_bulk, place_elsewhere, press, progress_dialog

OPTION = nearest_nifty("CE")  # lot 65; the paper exchange's NIFTY freeze is 27 lots (1,755)


def buy_lots(lots: int) -> dict[str, object]:
    return {
        "variety": "regular", "exchange": "NFO", "tradingsymbol": OPTION.tradingsymbol, "transaction_type": "BUY",
        "quantity": lots * OPTION.lot_size, "product": "NRML", "order_type": "MARKET", "market_protection": -1,
    }  # fmt: skip


def held(app: PaperApp) -> int:
    return sum(p.quantity for p in app.shell.positions_model.rows() if p.tradingsymbol == OPTION.tradingsymbol)


def long_option(app: PaperApp, parts: list[int]) -> int:
    """A long NRML position in the option, bought in orders within the freeze, at a pinned premium of ₹10."""
    app.set_price(OPTION.tradingsymbol, "10", Exchange.NFO)
    place_elsewhere(app, [buy_lots(lots) for lots in parts])
    units = sum(parts) * OPTION.lot_size

    wait_for_held(app, units)
    return units


def wait_for_held(app: PaperApp, units: int) -> None:
    def reached() -> bool:
        # The pinned book's depth is finite: an order larger than it rests until the price is pinned (matched) again.
        app.set_price(OPTION.tradingsymbol, "10", Exchange.NFO)
        return held(app) == units

    app.qtbot.waitUntil(reached, timeout=WAIT_MS)


def test_an_exit_above_the_freeze_quantity_is_sliced_by_kite_and_each_slice_reported(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = long_option(paper_app, [20, 20])  # 2,600: above the freeze of 1,755
    answers = answer_bulk(monkeypatch)

    with paper_app.qtbot.waitSignal(paper_app.shell.bulk.run_finished, timeout=WAIT_MS):
        press(paper_app, Qt.Key.Key_E)  # Orders ▸ Exit all positions

    [plan] = answers.plans
    assert plan.confirmation().endswith(SLICE_NOTE)
    assert plan.lines() == (f"1. SELL {units:,} {OPTION.tradingsymbol} (NFO) NRML at market, Auto protection · "
                            f"closes long {units:,}",)  # fmt: skip
    [result] = progress_dialog(paper_app).run.results
    assert result.outcome is Outcome.DONE
    assert result.detail.startswith("above the freeze quantity 1,755, sliced by Kite into 2 orders: 2 placed (")
    wait_for_held(paper_app, 0)  # all of it, and no more
    paper_app.poll_and_wait()
    rows = [paper_app.book.row_at(n) for n in range(paper_app.book.rowCount())]
    sells = sorted(row.quantity for row in rows if row.transaction_type == "SELL" and row.status == "COMPLETE")
    assert sells == [845, 1755]
    journal = paper_app.shell.journal
    assert journal is not None
    assert journal.open_placements() == ()  # both sendings journalled, each under its own tag, and settled


def test_an_exit_kite_cannot_slice_in_ten_is_failed_with_how_to_exit_it(
    paper_app: PaperApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_option(paper_app, [27] * 10 + [1])  # 17,615: eleven slices of the freeze or less
    answer_bulk(monkeypatch)

    with paper_app.qtbot.waitSignal(paper_app.shell.bulk.run_finished, timeout=WAIT_MS):
        press(paper_app, Qt.Key.Key_E)

    [result] = progress_dialog(paper_app).run.results
    assert result.outcome is Outcome.FAILED
    assert "is higher than the maximum quantity of 1755" in result.detail  # Kite's words first
    assert result.detail.endswith("Kite slices an order into at most 10: exit it in parts of up to 17,550.")
    paper_app.poll_and_wait()
    assert held(paper_app) == 17_615  # nothing was sold


def test_a_single_exit_refused_above_the_freeze_comes_back_to_send_sliced(paper_app: PaperApp) -> None:
    units = long_option(paper_app, [20, 20])
    view, model = paper_app.shell.positions_view, paper_app.shell.positions_model
    row = next(n for n, p in enumerate(model.rows()) if p.tradingsymbol == OPTION.tradingsymbol)
    paper_app.qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(row, 0)).center()
    )
    paper_app.qtbot.keyClick(view, Qt.Key.Key_E)
    ticket = paper_app.ticket
    paper_app.qtbot.waitUntil(lambda: getattr(ticket.current_request(), "quantity", 0) == units, timeout=WAIT_MS)
    autoslice = named(ticket, "autoslice", QCheckBox)
    assert not autoslice.isChecked()

    paper_app.click_submit()

    result = named(ticket, "result", QLabel)
    paper_app.qtbot.waitUntil(autoslice.isChecked, timeout=WAIT_MS)
    assert result.text() == (
        f"Kite refused SELL {units:,} {OPTION.tradingsymbol} as above the freeze quantity 1,755; nothing was placed. "
        "The ticket has it again with Above freeze qty ticked, for Kite to slice into 2 orders of up to 1,755: send "
        "it to exit."
    )
    request = ticket.current_request()
    assert request is not None
    assert (request.transaction_type, request.quantity, request.autoslice) == ("SELL", units, True)
    assert held(paper_app) == units  # nothing sold yet

    with paper_app.qtbot.waitSignal(paper_app.shell.placement.order_placed, timeout=WAIT_MS):
        paper_app.click_submit()
    wait_for_held(paper_app, 0)
