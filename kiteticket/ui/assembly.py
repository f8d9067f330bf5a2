"""Builds the Qt side of the app from the services the composition root hands over, and wires it.

Start-up order: the window is built at once (so it shows within a fraction of a second); logging in, the
instrument master and the first poll then happen in the background, and the parts that need a session start when
it is there. Closing the window stops every timer and thread, then the services (the embedded paper exchange).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Slot
from PySide6.QtWidgets import QApplication, QFileDialog, QTableView

from kiteticket.domain.account import Profile
from kiteticket.domain.csv_export import to_csv
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.market_clock import IST, MarketClock
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.preferences import Preferences
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.confirm import Confirmation, describe_order
from kiteticket.ui.controllers.book_actions import BookActionsController
from kiteticket.ui.controllers.market_data import MarketDataController
from kiteticket.ui.controllers.placement import PlacementController
from kiteticket.ui.controllers.portfolio import PortfolioController
from kiteticket.ui.controllers.session import SessionController
from kiteticket.ui.main_window import MainWindow
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.order_poller import OrderPollerController
from kiteticket.ui.orderbook_filter import OrderBookFilterProxy
from kiteticket.ui.orderbook_model import OrderBookModel
from kiteticket.ui.orderbook_view import OrderBookView
from kiteticket.ui.positions_model import PositionsModel
from kiteticket.ui.positions_view import PositionsView
from kiteticket.ui.tasks import TaskRunner
from kiteticket.ui.ticket import OrderTicket
from kiteticket.ui.trades_model import TradesModel

ORGANISATION = "kiteticket"


@dataclass(frozen=True, slots=True)
class PaperControls:
    set_market: Callable[[str], None]
    reset: Callable[[], None]


@dataclass(frozen=True, slots=True)
class Services:
    """What the composition root gives the UI. Every callable here blocks and runs in a task, never on the GUI."""

    broker: BrokerPort
    connect: Callable[[], Profile]
    load_master: Callable[[], InstrumentMaster]
    paper: PaperControls | None
    preferences: Preferences
    save_preferences: Callable[[Preferences], None]
    clock: MarketClock
    shutdown: Callable[[], None]
    layout_file: Path  # window geometry, splitters and columns (QSettings, INI)


def application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["kiteticket", *argv])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName("kiteticket")
    return app


def assemble(argv: list[str], services: Services) -> tuple[QApplication, MainWindow]:
    app = application(argv)
    shell = Shell(services)
    shell.setParent(shell.window)  # the shell lives as long as its window
    return app, shell.window


class Shell(QObject):
    """Owns the window's parts and controllers and the order of their start and stop."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self._services = services
        self._preferences = services.preferences
        self._master: InstrumentMaster | None = None
        self.messages = MessageCenter(self)
        self.tasks = TaskRunner(self)
        self._build_parts()
        self._build_controllers()
        self._connect_window()
        self.window.restore_layout(self._layout_settings())
        self.messages.attach(self.window, self.window.statusBar())
        self.session.start()

    def _build_parts(self) -> None:
        self.ticket = OrderTicket(confirm=self._confirm_place, clock=self._services.clock)
        self.book_model = OrderBookModel()
        self.book_proxy = OrderBookFilterProxy()
        self.book_proxy.setSourceModel(self.book_model)
        self.book_view = OrderBookView()
        self.book_view.setModel(self.book_proxy)
        self.book_view.apply_default_widths()
        self.trades_model = TradesModel()
        self.positions_model = PositionsModel()
        self.positions_view = PositionsView(self.positions_model)
        trades_view = QTableView()
        trades_view.setObjectName("Trades")
        trades_view.setModel(self.trades_model)
        trades_view.setSortingEnabled(False)  # the model keeps the newest trade on top
        trades_view.verticalHeader().setVisible(False)
        trades_view.horizontalHeader().setStretchLastSection(True)
        self.window = MainWindow(
            self.ticket,
            self.book_view,
            trades_view,
            self.positions_view,
            preferences=self._preferences,
            paper=self._services.paper is not None,
        )

    def _build_controllers(self) -> None:
        broker = self._services.broker
        self.poller = OrderPollerController(broker.orders_raw, parent=self)
        self.session = SessionController(self._services.connect, self.tasks, self.messages)
        self.placement = PlacementController(self.ticket, broker, self.tasks, self.messages, self.poller.poll_now)
        self.market_data = MarketDataController(self.ticket, broker, self.tasks)
        self.portfolio = PortfolioController(broker, self.tasks, self.trades_model, self.positions_model)
        self.book_actions = BookActionsController(
            self.book_view,
            self.ticket,
            broker,
            self.tasks,
            self.messages,
            preferences=self._preferences_now,
            poll_now=self.poller.poll_now,
            master=self._master_now,
        )

    def _connect_window(self) -> None:
        self.session.connected.connect(self._on_session_connected)
        self.poller.snapshot_ready.connect(self._on_poller_snapshot_ready)
        self.poller.poll_failed.connect(self._on_poller_poll_failed)
        self.placement.order_placed.connect(self._on_placement_order_placed)
        self.positions_view.exit_requested.connect(self.ticket.prefill)
        self.positions_view.add_requested.connect(self.ticket.prefill)
        self.window.status_filter_changed.connect(self.book_proxy.set_status_filter)
        self.window.text_filter_changed.connect(self.book_proxy.set_text_filter)
        self.window.export_requested.connect(self._on_window_export_requested)
        self.window.preferences_changed.connect(self._on_window_preferences_changed)
        self.window.paper_market_requested.connect(self._on_window_paper_market_requested)
        self.window.paper_reset_requested.connect(self._on_window_paper_reset_requested)
        self.window.closing.connect(self._on_window_closing)

    # --- session and polling -----------------------------------------------------------------------------------
    @Slot(object)
    def _on_session_connected(self, profile: Profile) -> None:
        self.window.set_user(profile.user_id)
        self.poller.start()
        self.market_data.start()
        self.portfolio.start()
        self.tasks.read(self._services.load_master, self._on_master_loaded, self._on_master_failed)

    def _on_master_loaded(self, master: object) -> None:
        if isinstance(master, InstrumentMaster):
            self._master = master
            self.ticket.set_master(master)

    def _master_now(self) -> InstrumentMaster | None:
        return self._master

    def _on_master_failed(self, error: BaseException) -> None:
        self.messages.broker_error(error, "Could not load the instrument list")

    @Slot(object)
    def _on_poller_snapshot_ready(self, snapshot: OrderBookSnapshot) -> None:
        changed = self.book_model.apply(snapshot)
        self.placement.reconcile(snapshot)
        self.window.set_refreshed(f"Order book: {datetime.now(IST):%H:%M:%S}")
        self.window.set_connection_trouble("")
        if changed:
            self.portfolio.refresh()
        self.book_actions.on_snapshot(snapshot)

    @Slot(object)
    def _on_poller_poll_failed(self, error: BaseException) -> None:
        message = getattr(error, "user_message", str(error))
        self.window.set_connection_trouble(f"Order book not updating: {message}")

    @Slot(str)
    def _on_placement_order_placed(self, order_id: str) -> None:
        self.book_actions.select_when_shown(order_id)

    # --- confirmations and preferences -------------------------------------------------------------------------
    def _preferences_now(self) -> Preferences:
        return self._preferences

    def _confirm_place(self, request: OrderRequest) -> bool:
        if not self._preferences.confirm_place:
            return True
        return Confirmation.ask(self.window, "Place order?", f"Place this order?\n\n{describe_order(request)}")

    @Slot(object)
    def _on_window_preferences_changed(self, preferences: Preferences) -> None:
        self._preferences = preferences
        self.tasks.read(lambda: self._services.save_preferences(preferences), _ignore, self._on_save_failed)

    def _on_save_failed(self, error: BaseException) -> None:
        self.messages.error("Settings not saved", f"Your settings could not be saved: {error}")

    # --- menus ---------------------------------------------------------------------------------------------------
    @Slot()
    def _on_window_export_requested(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, "Export orders", "orders.csv", "CSV files (*.csv)")
        if path:
            self.export_orders(path)

    def export_orders(self, path: str) -> None:
        header, rows = self.book_model.export_rows()
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.write(to_csv(header, rows))
        self.messages.status(f"Exported {len(rows)} orders to {path}.")

    @Slot(str)
    def _on_window_paper_market_requested(self, mode: str) -> None:
        paper = self._services.paper
        if paper is not None:
            self.tasks.write(lambda: paper.set_market(mode), _ignore, self._on_paper_failed)
            self.messages.status(f"Paper market: {mode}.")

    @Slot()
    def _on_window_paper_reset_requested(self) -> None:
        paper = self._services.paper
        if paper is not None and Confirmation.ask(
            self.window, "Reset paper account?", "Start the paper account afresh? All paper orders and positions go."
        ):
            self.tasks.write(paper.reset, self._on_paper_reset_done, self._on_paper_failed)

    def _on_paper_reset_done(self, _result: object) -> None:
        self.book_model.reset(OrderBookSnapshot.empty())  # an account switch: the one place a reset is right
        self.poller.poll_now()
        self.portfolio.refresh()

    def _on_paper_failed(self, error: BaseException) -> None:
        self.messages.error("Paper exchange", str(error))

    def _layout_settings(self) -> QSettings:
        return QSettings(str(self._services.layout_file), QSettings.Format.IniFormat)

    # --- shutdown ------------------------------------------------------------------------------------------------
    @Slot()
    def _on_window_closing(self) -> None:
        self.window.save_layout(self._layout_settings())
        self.market_data.stop()
        self.portfolio.stop()
        self.poller.stop()
        self.tasks.shutdown()
        self._services.shutdown()


def _ignore(_result: object) -> None:
    """A task whose success needs no action."""
