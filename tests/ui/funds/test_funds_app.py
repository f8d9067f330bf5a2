"""The funds strip in the running paper app: available, used and total per segment as /user/margins has them, read
again after a fill, and a failed read said in the user's words while the last figures stay."""

from __future__ import annotations

from kiteticket.domain.enums import Product
from kiteticket.domain.money import format_inr
from kiteticket.domain.prices import as_decimal
from kiteticket.ui.funds.panel import FundsPanel
from tests.ui.app.helpers import WAIT_MS, Order, PaperApp


def panel(app: PaperApp) -> FundsPanel:
    found = app.window.findChild(FundsPanel, "funds_panel")
    assert found is not None
    return found


def kite_figures(app: PaperApp, segment: str) -> tuple[str, str, str]:
    """Available, used and total as another client reads them from the exchange, in the one money format."""
    raw = app.read_elsewhere(lambda kite: kite.margins(segment))
    available, used = as_decimal(raw["net"]), as_decimal(raw["utilised"]["debits"])
    return format_inr(available), format_inr(used), format_inr(available + used)


def shown(app: PaperApp, segment: str) -> tuple[str, str, str]:
    strip = panel(app)
    return strip.figure(segment, "available"), strip.figure(segment, "used"), strip.figure(segment, "total")


def test_both_segments_are_in_view_from_the_start(paper_app: PaperApp) -> None:
    strip = panel(paper_app)
    paper_app.qtbot.waitUntil(lambda: strip.funds is not None, timeout=WAIT_MS)
    assert strip.isVisible()
    assert shown(paper_app, "equity") == kite_figures(paper_app, "equity")
    assert shown(paper_app, "commodity") == kite_figures(paper_app, "commodity")
    assert not strip.problem.isVisible()


def test_a_fill_reads_the_funds_again(paper_app: PaperApp) -> None:
    strip = panel(paper_app)
    paper_app.qtbot.waitUntil(lambda: strip.funds is not None, timeout=WAIT_MS)
    before = shown(paper_app, "equity")
    paper_app.show_instrument("INFY", "1600")

    order_id = paper_app.place(Order(product=Product.CNC, price="1601.00", quantity=5))
    paper_app.wait_for_status(order_id, "COMPLETE")

    after = kite_figures(paper_app, "equity")
    assert after != before  # the buy used funds
    paper_app.qtbot.waitUntil(lambda: shown(paper_app, "equity") == after, timeout=WAIT_MS)


def test_a_failed_read_keeps_the_figures_and_says_why(paper_app: PaperApp) -> None:
    strip = panel(paper_app)
    paper_app.qtbot.waitUntil(lambda: strip.funds is not None, timeout=WAIT_MS)
    figures = shown(paper_app, "equity")
    # Every read of /user/margins fails until the faults are cleared: the ticket's margin preview reads it too, and
    # a one-request fault it took first left the funds' own read unharmed (a flaky test).
    paper_app.admin("faults", {"kind": "http_5xx", "path": "/user/margins", "status": 503, "count": 1000})

    paper_app.shell.funds.refresh()

    paper_app.qtbot.waitUntil(strip.problem.isVisible, timeout=WAIT_MS)
    assert strip.problem.text().startswith("Funds not updated: ")
    assert "Exception" not in strip.problem.text()  # Kite's words, not a class name
    assert shown(paper_app, "equity") == figures
    paper_app.admin("faults", {"clear": True})
    paper_app.shell.funds.refresh()  # Kite answers again: the next read clears the problem
    paper_app.qtbot.waitUntil(lambda: not strip.problem.isVisible(), timeout=WAIT_MS)
