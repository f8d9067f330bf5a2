"""Driving the whole app on its embedded paper exchange: the ticket through its named inputs, the order book through
its source model, and the exchange through its loopback admin API (kiteticket/paper/ADMIN.md).

Nothing here mocks kiteconnect or requests: every order goes through the SDK to the paper exchange and comes back
through the order-book poller. Waits are bounded ``qtbot.waitUntil``/``waitSignal`` calls, never sleeps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from kiteconnect import KiteConnect
from kiteconnect.exceptions import NetworkException
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiteticket.domain import lots
from kiteticket.domain.enums import Exchange, OrderType, Product, TransactionType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.instruments import Instrument, InstrumentMaster
from kiteticket.domain.market_clock import IST
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.prices import format_price
from kiteticket.paper.config import PaperConfig
from kiteticket.paper.sample_derivatives import sample_master_csv
from kiteticket.ui.assembly import Shell
from kiteticket.ui.book.model import COLUMNS, OrderBookModel
from kiteticket.ui.display_copy import keyed_row
from kiteticket.ui.main_window import MainWindow
from kiteticket.ui.ticket import OrderTicket
from tests.ui.active_window import activate
from tests.ui.ticket.helpers import choose, named, problem_text

# Generous: two busy cores run the GUI, the poller thread, the task pool and the paper exchange's threads.
WAIT_MS = 10_000
ADMIN_TIMEOUT_SECONDS = 10
# The embedded exchange's credentials (PaperConfig's defaults, which the app starts it with).
PAPER_KEY = PaperConfig().api_key
PAPER_SECRET = PaperConfig().api_secret
STATUS_COLUMN = [column.header for column in COLUMNS].index("Status")
PRICE_COLUMN = [column.header for column in COLUMNS].index("Price")

__all__ = ["WAIT_MS", "Answers", "Order", "PaperApp", "choose", "named", "nearest_nifty", "problem_text"]


@dataclass
class Answers:
    """Stands in for ``Confirmation.ask``: records every question and answers ``answer``."""

    answer: bool = True
    asked: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # each question's text, beside its title in `asked`
    meanwhile: Callable[[], object] | None = None  # what the user does while the question is open

    def ask(self, title: str, text: str = "") -> bool:
        self.asked.append(title)
        self.texts.append(text)
        if self.meanwhile is not None:
            self.meanwhile()
        return self.answer


@dataclass(frozen=True)
class Order:
    """What to type into the ticket. None leaves an input as the ticket set it."""

    tradingsymbol: str = "INFY"
    exchange: Exchange = Exchange.NSE
    side: TransactionType = TransactionType.BUY
    variety: Variety = Variety.REGULAR
    product: Product = Product.CNC
    order_type: OrderType = OrderType.LIMIT
    validity: Validity = Validity.DAY
    quantity: int = 1  # units, as Kite counts them
    price: str | None = None
    trigger_price: str | None = None
    validity_ttl: int | None = None
    iceberg_legs: int | None = None
    market_protection: int | None = None
    auction_number: str | None = None


def nearest_nifty(instrument_type: str) -> Instrument:
    """The nearest-expiry NIFTY contract of this type ("FUT", "CE", "PE") in the paper exchange's master, whose
    symbols follow today's date; options are taken at the strike nearest the future's price."""
    master = InstrumentMaster.from_csv(sample_master_csv(datetime.now(IST).date()))
    nifty = sorted(
        (i for i in master if i.exchange is Exchange.NFO and i.name == "NIFTY" and i.instrument_type == "FUT"),
        key=lambda i: i.expiry or date.max,
    )[0]
    if instrument_type == "FUT":
        return nifty
    kind = instrument_type
    chain = [i for i in master if i.name == "NIFTY" and i.expiry == nifty.expiry and i.instrument_type == kind]
    return min(chain, key=lambda i: abs(i.strike - nifty.last_price))


class PaperApp:
    """The running app (window and Shell) and its paper exchange, with the steps a test takes on them."""

    def __init__(self, qtbot: QtBot, window: MainWindow, shell: Shell, answers: Answers) -> None:
        self.qtbot = qtbot
        self.window = window
        self.shell = shell
        self.answers = answers
        paper = shell.paper
        assert paper is not None, "the app was not started with --paper"
        assert paper.root, "the app does not know its paper exchange's address"
        self.root = paper.root

    @property
    def ticket(self) -> OrderTicket:
        return self.shell.ticket

    @property
    def book(self) -> OrderBookModel:
        return self.shell.book_model

    # -- the paper exchange's admin API -------------------------------------------------------------------------
    def admin(self, action: str, body: dict[str, Any]) -> Any:
        reply = requests.post(f"{self.root}/_paper/{action}", json=body, timeout=ADMIN_TIMEOUT_SECONDS)
        payload = reply.json()
        assert reply.status_code == 200, payload
        return payload["data"]

    def set_price(self, tradingsymbol: str, price: str, exchange: Exchange = Exchange.NSE) -> None:
        """Pin the last price (the random walk leaves it alone from now on) and match resting orders."""
        self.admin("price", {"exchange": exchange.value, "tradingsymbol": tradingsymbol, "last_price": price})

    def other_device(self) -> KiteConnect:
        """A second session on the same account, as Kite web or the mobile app would be: orders it places show up
        in the app's book through the poller, without passing through the ticket."""
        query = {"api_key": PAPER_KEY, "v": "3"}
        reply = requests.get(f"{self.root}/connect/login", params=query, allow_redirects=False, timeout=10)
        token = parse_qs(urlsplit(reply.headers["Location"]).query)["request_token"][0]
        kite = KiteConnect(PAPER_KEY, root=self.root)
        kite.generate_session(token, api_secret=PAPER_SECRET)
        return kite

    def read_elsewhere(self, read: Callable[[KiteConnect], Any]) -> Any:
        """``read`` on another session of the account. It shares Kite's ten reads a second with the app (whose
        views read at start and after each change), so a 429 is waited out as any client of Kite must."""
        kite = self.other_device()
        got: list[Any] = []

        def attempt() -> bool:
            try:
                got.append(read(kite))
            except NetworkException as error:
                if error.code != 429:
                    raise
                return False
            return True

        try:
            self.qtbot.waitUntil(attempt, timeout=WAIT_MS)
        finally:
            kite.reqsession.close()
        return got[0]

    def market_mode(self) -> str:
        return str(self.admin("clock", {})["market"])

    # -- the ticket ---------------------------------------------------------------------------------------------
    def show_instrument(self, tradingsymbol: str, price: str, exchange: Exchange = Exchange.NSE) -> None:
        """Pin the price, pick the instrument and wait until the ticket shows that price as its last price."""
        self.set_price(tradingsymbol, price, exchange)
        self.ticket.set_instrument(exchange, tradingsymbol)
        self.wait_for_last_price(price)

    def wait_for_last_price(self, price: str) -> None:
        label = named(self.ticket, "last_price", QLabel)
        shown = format_price(Decimal(price))
        self.qtbot.waitUntil(lambda: label.text() == shown, timeout=WAIT_MS)

    def enter(self, order: Order) -> None:
        """Type ``order`` into the ticket the way a user would: instrument first, then choices, then values."""
        ticket = self.ticket
        instrument = ticket.instrument()
        if instrument is None or instrument.key != f"{order.exchange}:{order.tradingsymbol}":
            ticket.set_instrument(order.exchange, order.tradingsymbol)
        named(ticket, order.side.value.lower(), QPushButton).setChecked(True)
        for name, value in (
            (Field.VARIETY, order.variety),
            (Field.PRODUCT, order.product),
            (Field.ORDER_TYPE, order.order_type),
            (Field.VALIDITY, order.validity),
        ):
            assert choose(ticket, name, value), f"the ticket does not offer {value} for {name.value}"
        inputs = ticket.inputs
        inputs.quantity.setValue(lots.to_count(order.quantity, ticket.instrument()))  # derivatives: in lots
        for spin, price in ((inputs.price, order.price), (inputs.trigger_price, order.trigger_price)):
            if price is not None:
                spin.setValue(float(price))
        for count, number in (
            (inputs.validity_ttl, order.validity_ttl),
            (inputs.iceberg_legs, order.iceberg_legs),
            (inputs.market_protection, order.market_protection),
        ):
            if number is not None:
                count.setValue(number)
        if order.auction_number is not None:
            inputs.auction_number.setText(order.auction_number)

    def press_in(
        self, widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        """Click into `widget` and press a key there, as a person does: keys go to the focus widget."""
        self.focus(widget)
        QTest.keyClick(widget, key, modifiers)

    def focus(self, widget: QWidget) -> None:
        """Give `widget` the keyboard focus, in the active window, as a click does."""
        activate(self.qtbot, widget, WAIT_MS)
        widget.setFocus(Qt.FocusReason.MouseFocusReason)
        self.qtbot.waitUntil(widget.hasFocus, timeout=WAIT_MS)

    def submit_button(self) -> QWidget:
        return named(self.ticket, "submit", QWidget)

    def click_submit(self) -> None:
        QTest.mouseClick(self.submit_button(), Qt.MouseButton.LeftButton)

    def place(self, order: Order) -> str:
        """Enter ``order``, click the send button, and return the order id the exchange gave it."""
        self.enter(order)
        assert self.ticket.problems() == (), self.ticket.problems()
        assert self.submit_button().isEnabled()
        with self.qtbot.waitSignal(self.shell.placement.order_placed, timeout=WAIT_MS) as placed:
            self.click_submit()
        order_id = str(placed.args[0])
        self.qtbot.waitUntil(lambda: not self.ticket.is_busy(), timeout=WAIT_MS)
        return order_id

    def result_text(self) -> str:
        return named(self.ticket, "result", QLabel).text()

    # -- the order book -----------------------------------------------------------------------------------------
    def row(self, order_id: str) -> OrderRow:
        position = self.book.row_for_order(order_id)
        assert position is not None, f"order {order_id} is not in the order book"
        return self.book.row_at(position)

    def wait_for_order(self, order_id: str) -> OrderRow:
        self.qtbot.waitUntil(lambda: self.book.row_for_order(order_id) is not None, timeout=WAIT_MS)
        return self.row(order_id)

    def wait_for_status(self, order_id: str, status: str) -> OrderRow:
        self.wait_for_order(order_id)

        def shown() -> None:
            assert self.status_cell(order_id) == status

        self.qtbot.waitUntil(shown, timeout=WAIT_MS)
        return self.row(order_id)

    def status_cell(self, order_id: str) -> str:
        return str(self.cell(order_id, STATUS_COLUMN).data())

    def price_cell(self, order_id: str) -> str:
        return str(self.cell(order_id, PRICE_COLUMN).data())

    def cell(self, order_id: str, column: int) -> QModelIndex:
        position = self.book.row_for_order(order_id)
        assert position is not None, f"order {order_id} is not in the order book"
        return self.book.index(position, column)

    def rows_with_id(self, order_id: str) -> int:
        """How many rows of the source model carry this order id (by UserRole): exactly one, always."""
        ids = (self.book.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(self.book.rowCount()))
        return sum(1 for found in ids if found == order_id)

    def children_of(self, parent_order_id: str) -> list[OrderRow]:
        rows = (self.book.row_at(position) for position in range(self.book.rowCount()))
        return [row for row in rows if row.parent_order_id == parent_order_id]

    def visible_order_ids(self) -> set[str]:
        proxy = self.shell.book_proxy
        return {keyed_row(proxy.index(row, 0)).order_id for row in range(proxy.rowCount())}

    def select(self, *order_ids: str) -> None:
        """Select these orders in the view (the first becomes the current row)."""
        view, proxy = self.shell.book_view, self.shell.book_proxy
        view.clearSelection()
        for number, order_id in enumerate(order_ids):
            position = self.book.row_for_order(order_id)
            assert position is not None
            index = proxy.mapFromSource(proxy.sourceModel().index(position, 0))  # the book's display copy
            if number == 0:
                view.setCurrentIndex(index)
            flags = view.selectionModel().SelectionFlag
            view.selectionModel().select(index, flags.Select | flags.Rows)

    def selected_ids(self) -> list[str]:
        return [row.order_id for row in self.shell.book_view.selected_rows()]

    def row_point(self, order_id: str) -> QPoint:
        """The centre of the order's row in the view's viewport (for mouse clicks)."""
        view, proxy = self.shell.book_view, self.shell.book_proxy
        position = self.book.row_for_order(order_id)
        assert position is not None
        index = proxy.mapFromSource(proxy.sourceModel().index(position, 2))
        view.scrollTo(index)
        return view.visualRect(index).center()

    def poll_and_wait(self) -> None:
        """Ask for a poll now and wait for the snapshot it brings (and the one after, to be sure of a fresh read)."""
        for _ in range(2):
            with self.qtbot.waitSignal(self.shell.poller.snapshot_ready, timeout=WAIT_MS):
                self.shell.poller.poll_now()
