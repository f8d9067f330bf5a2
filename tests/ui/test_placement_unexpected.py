"""An error that is not one of the broker's settled answers may follow an order Kite took: it is checked by tag,
never reported as "not placed" (which would invite the user to send it again)."""

from __future__ import annotations

from decimal import Decimal

from pytestqt.qtbot import QtBot

from kiteticket.domain.account import PlaceResult
from kiteticket.domain.draft import Submission
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Variety
from kiteticket.domain.order import OrderRequest
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.tasks import TaskRunner
from kiteticket.ui.ticket.placement import PlacementController
from tests.ui.placement_rig import WAIT_MS, FakeTicket

ORDER = OrderRequest(
    variety=Variety.REGULAR, exchange=Exchange.NSE, tradingsymbol="INFY", transaction_type=TransactionType.BUY,
    quantity=1, product=Product.CNC, order_type=OrderType.LIMIT, price=Decimal(1500), tag="odd1",
)  # fmt: skip


class BrokerWithAnUnreadableReply:
    """Our own port, not kiteconnect: its place fails the way a bug reading a reply would, after sending."""

    def place(self, request: OrderRequest) -> PlaceResult:
        raise KeyError("children")


def test_an_unexpected_error_after_sending_is_checked_not_called_not_placed(qtbot: QtBot) -> None:
    ticket = FakeTicket()
    tasks = TaskRunner(ticket)
    polls: list[None] = []
    controller = PlacementController(
        ticket,
        BrokerWithAnUnreadableReply(),
        tasks,
        MessageCenter(ticket),
        lambda: polls.append(None),  # type: ignore[arg-type]
    )
    controller.setParent(ticket)
    with qtbot.waitSignal(controller.outcome_unknown, timeout=WAIT_MS) as unknown:
        ticket.submit_requested.emit(Submission(ORDER))
    assert unknown.args == ["odd1"]
    assert ticket.said[-1][0] == "unknown"
    assert polls, "the order book is polled at once to find the order by its tag"
    assert tasks.shutdown()
    with qtbot.waitSignal(ticket.destroyed, timeout=WAIT_MS):
        ticket.deleteLater()
