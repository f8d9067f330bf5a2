"""Builds the Qt side of the app from the services the composition root hands over, and wires it.

Start-up order: the window is built at once (so it shows within a fraction of a second); logging in, the
instrument master and the first poll then happen in the background, and the parts that need a session start when
it is there. Closing the window stops every timer and thread, then the services (the paper exchange's process).
"""

from __future__ import annotations

import logging
import sys
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QLocale, QObject, QSettings, QStandardPaths, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from kiteticket.domain.account import Profile
from kiteticket.domain.basket import Baskets, BasketsLoad
from kiteticket.domain.draft import Submission
from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.domain.market_clock import IST, MarketClock, MarketMode
from kiteticket.domain.order_row import OrderRow
from kiteticket.domain.orderbook import OrderBookSnapshot
from kiteticket.domain.prices import as_decimal
from kiteticket.domain.stream import StreamState, StreamStatus
from kiteticket.domain.watchlist import Watchlists
from kiteticket.preferences import Preferences
from kiteticket.ui import gc_guard
from kiteticket.ui.audit_dialog import AuditDialog
from kiteticket.ui.basket.controller import BasketController
from kiteticket.ui.basket.panel import BasketPanel
from kiteticket.ui.book.actions import BookActionsController
from kiteticket.ui.book.filter import OrderBookFilterProxy
from kiteticket.ui.book.model import OrderBookModel
from kiteticket.ui.book.poller import OrderPollerController
from kiteticket.ui.book.view import OrderBookView
from kiteticket.ui.broker_port import BrokerPort
from kiteticket.ui.bulk.controller import BulkController
from kiteticket.ui.confirm import Confirmation
from kiteticket.ui.display_copy import DisplayCopy
from kiteticket.ui.funds.controller import FundsController
from kiteticket.ui.funds.panel import FundsPanel
from kiteticket.ui.gc_guard import GarbageCollector
from kiteticket.ui.gtt.controller import GttController
from kiteticket.ui.gtt.links import add_beside, select_in_book
from kiteticket.ui.gtt.model import GttModel
from kiteticket.ui.gtt.tab import GttTab
from kiteticket.ui.interrupt import InterruptCloser
from kiteticket.ui.journal_port import JournalPort
from kiteticket.ui.lazy_tab import LazyTab
from kiteticket.ui.main_window import MainWindow
from kiteticket.ui.market.market_controller import MarketController
from kiteticket.ui.market.stream_controller import StreamFactory
from kiteticket.ui.market.watch_view import MarketWatch
from kiteticket.ui.messages import MessageCenter
from kiteticket.ui.mf.controller import MfController
from kiteticket.ui.portfolio.controller import PortfolioController
from kiteticket.ui.portfolio.convert import PositionConverter
from kiteticket.ui.portfolio.holdings_model import HoldingsModel
from kiteticket.ui.portfolio.holdings_panel import HoldingsPanel
from kiteticket.ui.portfolio.holdings_view import HoldingsView
from kiteticket.ui.portfolio.positions_model import PositionsModel
from kiteticket.ui.portfolio.positions_panel import PositionsPanel
from kiteticket.ui.portfolio.positions_view import PositionsView
from kiteticket.ui.portfolio.prefill import FreshPrefill, TicketSeam
from kiteticket.ui.portfolio.tables import TradesView
from kiteticket.ui.portfolio.trades_model import TradesModel
from kiteticket.ui.session.controller import SessionController
from kiteticket.ui.session.login_port import LoginServices
from kiteticket.ui.session.network import NetworkController
from kiteticket.ui.session.network_port import NetworkServices, RouteWatch
from kiteticket.ui.tasks import TaskRunner
from kiteticket.ui.ticket import OrderTicket
from kiteticket.ui.ticket.market_data import MarketDataController
from kiteticket.ui.ticket.placement import PlacementController

if TYPE_CHECKING:  # the chart's modules are imported when its tab is first shown (LazyTab)
    from kiteticket.ui.chart.controller import ChartController
    from kiteticket.ui.chart.view import ChartView

ORGANISATION = "kiteticket"
INDIAN_ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.India)
BOOK_HEADER_KEY = "layout2/order_book_header"
LOG_IN_FOR_MASTER = "Log in to load the instrument list; the symbol is checked once it is in."
MASTER_LOADING = "The instrument list is still loading; the symbol is checked once it is in."
LAST_INSTRUMENT_KEY = "ticket/last_instrument"  # "NSE:INFY": the ticket opens on it once the instrument list is in


@dataclass(frozen=True, slots=True)
class PaperControls:
    set_market: Callable[[str], None]
    reset: Callable[[], None]
    root: str = ""  # the paper exchange's root URL; its loopback admin API (paper/ADMIN.md) lives under it
    # Stop the exchange and start it again on the same port and database, as a crash and restart of the
    # server would (blocking; for the reliability drill, benchmarks/drill.py). None when it cannot (in memory).
    restart: Callable[[], None] | None = None


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
    journal: JournalPort | None = None  # the placement journal and audit log (broker.journal.Journal)
    login: LoginServices | None = None  # live mode: setup, browser login, token expiry (None: connect is enough)
    # Without ``login`` (paper): registers a callback for a refused token, after which ``connect`` is run again.
    token_watch: Callable[[Callable[[], None]], None] | None = None
    network: NetworkServices | None = None  # live mode: Settings ▸ Network, the proxy for Kite's API calls
    route_watch: RouteWatch | None = None  # order writes refused for their address, or gone through
    # The session's price and order-update stream (broker.stream.MarketStream on the sink it is given), made after
    # each login since the access token is part of the ticker's address; None: quotes and the book by polling.
    stream: StreamFactory | None = None
    watchlists: Watchlists = field(default_factory=Watchlists)  # the user's, as saved
    save_watchlists: Callable[[Watchlists], None] = lambda _watchlists: None
    baskets: BasketsLoad = field(default_factory=BasketsLoad)  # the user's baskets as saved, or why they are not
    save_baskets: Callable[[Baskets], None] = lambda _baskets: None


log = logging.getLogger(__name__)

# A thread that wants the GIL waits up to the interpreter's switch interval (5 ms by default) for the thread holding
# it, and the GUI thread takes the GIL afresh for every call into Python while Qt paints or dispatches (a model's
# multiData, an event override, a slot): with the poller parsing or the paper exchange answering, one repaint waited
# many times over (the fault drill's GUI stalls were a quarter blocked). 1 ms bounds each wait; the switching it adds
# between busy worker threads costs them little.
SWITCH_INTERVAL_SECONDS = 0.001


def application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["kiteticket", *argv])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName("kiteticket")
    # Numbers as an Indian trader types them, whatever the system's locale: on a decimal-comma system Qt would
    # show 1601,25 and read "1.000" as a thousand, while the ticket reads a point as the decimal point.
    QLocale.setDefault(INDIAN_ENGLISH)
    if app.findChild(GarbageCollector) is None:
        GarbageCollector(app)
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    return app


def assemble(argv: list[str], services: Services) -> tuple[QApplication, MainWindow]:
    app = application(argv)
    shell = Shell(services)
    shell.setParent(shell.window)  # the shell lives as long as its window
    return app, shell.window


def default_export_path(today: datetime | None = None) -> Path:
    """orders-YYYY-MM-DD.csv in the user's documents folder (not wherever the app was started from)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return Path(folder) / f"orders-{(today or datetime.now(IST)):%Y-%m-%d}.csv"


def run(app: QApplication, window: MainWindow) -> int:
    """Show the window and run the event loop, with uncaught errors from any thread shown, not lost.

    The hooks are installed here rather than in ``assemble``, so tests that build the app keep pytest-qt's own.
    """
    shell = window.findChild(Shell)
    if shell is not None:
        shell.messages.install_excepthooks()
    InterruptCloser(window)  # Ctrl+C in the terminal closes the window
    window.show()
    log.info("window open")
    return app.exec()


class Shell(QObject):
    """Owns the window's parts and controllers and the order of their start and stop."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self._services = services
        self._preferences = services.preferences
        self._master: InstrumentMaster | None = None
        self._last_instrument = ""
        self.audit_dialog: AuditDialog | None = None
        # Snapshots in the book, their consequences not yet drawn (see _on_poller_snapshot_ready), oldest first.
        self._unsettled: deque[tuple[OrderBookSnapshot, bool]] = deque()
        self._settle_turn = QTimer(self)
        self._settle_turn.setSingleShot(True)
        self._settle_turn.setInterval(0)
        self._settle_turn.timeout.connect(self._on_settle_turn_timeout)
        self._closed = False
        self.messages = MessageCenter(self)
        self.tasks = TaskRunner(self)
        self._build_parts()
        self._build_controllers()
        self._build_account()
        self._connect_window()
        self._build_gtt()
        self._build_bulk()
        self._build_basket()
        self._build_chart()
        self._build_mf()
        self._restore_layout()
        self.messages.attach(self.window, self.window.statusBar())
        self.session.start()

    def _build_parts(self) -> None:
        self.ticket = OrderTicket(
            confirm=self._confirm_place,
            clock=self._services.clock,
            tag_prefix=self._preferences.tag_prefix,
            default_market_protection=self._preferences.default_market_protection,
        )
        self.ticket.submitting.connect(self._settle_all)
        self.book_model = OrderBookModel()
        self.book_proxy = OrderBookFilterProxy()
        self.book_view = OrderBookView()
        # The view paints a copy of the rows in view (ui.display_copy): painting the model ran Python for every
        # cell, and each call waited for the GIL while the poller or a placement held it (15-40 ms a repaint).
        DisplayCopy(self.book_model, self.book_view, self.book_proxy)
        self.book_view.apply_default_widths()
        self.trades_model = TradesModel()
        self.positions_model = PositionsModel()
        self.holdings_model = HoldingsModel()
        self.positions_view = PositionsView(self.positions_model, tick_size=self._tick_size)
        trades_view = TradesView(self.trades_model)
        self.market_watch = MarketWatch(self._services.watchlists)
        self.window = MainWindow(
            self.ticket,
            self.book_view,
            trades_view,
            PositionsPanel(self.positions_view, self.positions_model),
            preferences=self._preferences,
            paper=self._services.paper is not None,
            paper_market=self._services.clock.mode.value,
            market_watch=self.market_watch,
        )
        if self._services.login is not None:  # live: nothing loads until the user has logged in
            self.ticket.set_master_pending(LOG_IN_FOR_MASTER)
        self.ticket.install_shortcuts(self.window)  # F1/F2, B/S window-wide; Esc and Ctrl+Enter stay in the ticket
        if self._services.paper is not None:
            self.window.setProperty("paper_root", self._services.paper.root)

    def _build_controllers(self) -> None:
        broker = self._services.broker
        self.poller = OrderPollerController(broker.orders_raw, parent=self)
        self.session = SessionController(
            self._services.connect,
            self.tasks,
            self.messages,
            login=self._services.login,
            token_watch=self._services.token_watch,
            window=self.window,
            parent=self,
        )
        self.placement = PlacementController(
            self.ticket, broker, self.tasks, self.messages, self.poller.poll_now, journal=self._services.journal
        )
        self.market_data = MarketDataController(self.ticket, broker, self.tasks)
        self.market = MarketController(
            self.market_watch, self.ticket, self._services.stream, self._services.save_watchlists, parent=self
        )
        self.network = NetworkController(
            self._services.network,
            self._services.route_watch,
            tasks=self.tasks,
            messages=self.messages,
            window=self.window,
            parent=self,
        )
        self.portfolio = PortfolioController(
            broker, self.tasks, self.trades_model, self.positions_model, self.holdings_model
        )
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
        self.session.session_lost.connect(self._on_session_lost)
        if self._services.login is not None:
            self.session.install_menu(self.window.menuBar().addMenu("&Session"))
        self.network.install_menu(self.window.settings_menu)
        self.market.status_changed.connect(self._on_market_status_changed)
        self.market.order_updated.connect(self._on_market_order_updated)
        self.market.ticks_arrived.connect(self.positions_model.apply_ticks)
        for signal in (self.positions_model.rowsInserted, self.positions_model.rowsRemoved):
            signal.connect(self._on_positions_rows_changed)
        self.poller.snapshot_ready.connect(self._on_poller_snapshot_ready)
        self.poller.poll_failed.connect(self._on_poller_poll_failed)
        self.placement.order_placed.connect(self._on_placement_order_placed)
        # An older placement settled after a newer one was sent: its hold on the ticket's symbol and side goes.
        self.placement.outcome_resolved.connect(self.ticket.release_hold)
        self.window.status_filter_changed.connect(self.book_proxy.set_status_filter)
        self.window.text_filter_changed.connect(self.book_proxy.set_text_filter)
        self.window.export_requested.connect(self._on_window_export_requested)
        self.window.audit_requested.connect(self._on_window_audit_requested)
        self.window.preferences_changed.connect(self._on_window_preferences_changed)
        self.window.paper_market_requested.connect(self._on_window_paper_market_requested)
        self.window.paper_reset_requested.connect(self._on_window_paper_reset_requested)
        self.window.closing.connect(self._on_window_closing)
        self.window.default_layout_restored.connect(self._on_window_default_layout_restored)

    # --- the account at a glance: funds, holdings, position conversion -----------------------------------------
    def _build_account(self) -> None:
        broker = self._services.broker
        self.funds = FundsController(broker, self.tasks, FundsPanel(), parent=self)
        self.window.add_account_bar(self.funds.panel)
        self.holdings_view = HoldingsView(self.holdings_model, tick_size=self._tick_size)
        self.window.add_account_tab(HoldingsPanel(self.holdings_view, self.holdings_model), "Holdings")
        self.converter = PositionConverter(broker, self.tasks, self.messages, self._window_now, parent=self)
        # Exit and Add read the account again first: the tables can be a refresh old (ui/portfolio/prefill.py).
        seam = TicketSeam(self.book_actions.prefill_ticket, self.ticket.parts.result.note, self.ticket.is_busy)
        self.prefill = FreshPrefill(broker, self.tasks, self.messages, seam, tick_size=self._tick_size, parent=self)
        self.prefill.watch_positions(self.positions_view, self.positions_model)
        self.prefill.watch_holdings(self.holdings_view, self.holdings_model)
        self.placement.order_refused.connect(self.prefill.ticket_refused)  # an exit above the freeze: sliced
        self.positions_view.convert_requested.connect(self.converter.convert)
        self.converter.converted.connect(self._on_converter_converted)
        self.converter.unsettled.connect(self._on_converter_converted)  # a lost reply: read what it may have changed
        self.market.ticks_arrived.connect(self.holdings_model.apply_ticks)
        for signal in (self.holdings_model.rowsInserted, self.holdings_model.rowsRemoved):
            signal.connect(self._on_positions_rows_changed)

    def _window_now(self) -> QWidget | None:
        return self.window

    @Slot(object)
    def _on_converter_converted(self, _conversion: object) -> None:
        self.portfolio.refresh()
        self.funds.refresh()

    # --- gtt ---
    def _build_gtt(self) -> None:
        """The GTT tab, its controller, the ticket's GTT button, the positions' menu entry and a GTT menu."""
        tab = GttTab(GttModel())
        self.gtt = GttController(
            tab, self._services.broker, self.tasks, self.messages, ticket=self.ticket,
            preferences=self._preferences_now, master=self._master_now,
            show_order=partial(select_in_book, self.book_view), parent=self,
        )  # fmt: skip
        self.window.add_account_tab(tab, "GTT")  # a wide table: beside the order book
        action = QAction("GTT…", self.window)
        action.setObjectName("gtt_from_ticket")
        action.setToolTip("A GTT (good till triggered) with the ticket's instrument, side, quantity and price.")
        action.setShortcut(QKeySequence("Ctrl+G"))
        action.triggered.connect(self.gtt.new_from_ticket)
        add_beside(self.ticket.parts.submit, action, "gtt")
        self.positions_view.gtt_requested.connect(self.gtt.new_for_position)
        self.holdings_view.gtt_requested.connect(self.gtt.new_for_holding)
        menu = self.window.menuBar().addMenu("&GTT")
        menu.addAction(action)
        menu.addAction(tab.refresh_action)
        self.session.connected.connect(self.gtt.listing.start)
        self.session.session_lost.connect(self.gtt.listing.stop)
        self.window.closing.connect(self.gtt.listing.stop)
        self.poller.snapshot_ready.connect(self.gtt.listing.on_snapshot)
        self.book_model.modelReset.connect(self.gtt.listing.refresh)  # an account switch (a paper reset)
        self.market.ticks_arrived.connect(tab.model.apply_ticks)

    # --- bulk actions (Orders menu) -----------------------------------------------------------------------------
    def _build_bulk(self) -> None:
        self.bulk = BulkController(
            self._services.broker,
            self.tasks,
            self.messages,
            self.placement,
            window=self.window,
            shown_orders=self._shown_orders,
            after_run=self._after_bulk_run,
            tag_prefix=lambda: self._preferences.tag_prefix,
            parent=self,
        )
        self.orders_menu = self.window.menuBar().addMenu("&Orders")
        self.bulk.install_menu(self.orders_menu)
        self.window.add_close_guard(self.bulk.may_close)
        self.placement.outcome_resolved.connect(self.bulk.on_placement_resolved)
        self.poller.snapshot_ready.connect(self.bulk.on_snapshot)

    def _shown_orders(self) -> tuple[OrderRow, ...]:
        """The book's rows as its filter shows them, top to bottom."""
        proxy = self.book_proxy
        rows = (proxy.mapToSource(proxy.index(row, 0)).row() for row in range(proxy.rowCount()))
        return tuple(self.book_model.row_at(row) for row in rows)

    def _after_bulk_run(self) -> None:
        self.poller.poll_now()
        self.portfolio.refresh()

    # --- baskets ------------------------------------------------------------------------------------------------
    def _build_basket(self) -> None:
        self.basket_panel = BasketPanel()
        self.basket = BasketController(
            self.basket_panel,
            self.ticket,
            self._services.broker,
            self.tasks,
            self.messages,
            bulk=self.bulk,
            loaded=self._services.baskets,
            save=self._services.save_baskets,
            master=self._master_now,
            preferences=self._preferences_now,
            parent=self,
        )
        self.window.add_account_tab(self.basket_panel, "Baskets")  # a wide table: beside the order book
        self.orders_menu.addSeparator()
        add = QAction("Add ticket's order to basket", self.orders_menu)
        add.setObjectName("add_to_basket")
        add.setShortcut(QKeySequence("Ctrl+B"))
        add.triggered.connect(self.basket.add_from_ticket)
        self.orders_menu.addAction(add)
        self.session.connected.connect(self.basket.refresh_margin)

    # --- chart ---
    def _build_chart(self) -> None:
        """The Chart tab, built when it is first shown: its plotting library takes 0.6 s to import, which start-up
        should not pay for a tab the trader may not open."""
        self.chart: ChartController | None = None
        self.chart_view: ChartView | None = None
        self.window.add_portfolio_tab(LazyTab(self._make_chart), "Chart")

    def _make_chart(self) -> QWidget:
        """The ticket's instrument, its ticks, the working orders and positions as price lines."""
        from kiteticket.ui.chart.controller import ChartController  # noqa: PLC0415  (late on purpose: see above)
        from kiteticket.ui.chart.panel import ChartPanel  # noqa: PLC0415
        from kiteticket.ui.chart.view import ChartView  # noqa: PLC0415

        self.chart_view = view = ChartView()
        self.chart = chart = ChartController(view, self.ticket, self._services.broker, self.tasks, self)
        chart.on_book(self.book_model.snapshot)  # what happened before the tab was first opened
        chart.on_positions(self.positions_model.rows())
        chart.follow_ticket()
        self.session.connected.connect(chart.reload)
        self.market.ticks_arrived.connect(chart.on_ticks)
        self.poller.snapshot_ready.connect(chart.on_book)
        model = self.positions_model
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged, model.modelReset):
            signal.connect(self._on_positions_changed_for_chart)
        return ChartPanel(view)

    @Slot()
    def _on_positions_changed_for_chart(self) -> None:
        if self.chart is not None:
            self.chart.on_positions(self.positions_model.rows())

    # --- mutual funds ---
    def _build_mf(self) -> None:
        """View ▸ Mutual funds…: the fund order form, MF orders, SIPs and holdings in a window of their own."""
        broker, preferences = self._services.broker, self._preferences_now
        self.mf = MfController(self.window, broker, self.tasks, self.messages, preferences=preferences, parent=self)
        action = self.window.view_menu.addAction("Mutual funds…")
        action.setObjectName("mutual_funds_action")
        action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        action.triggered.connect(self.mf.open)

    @property
    def paper(self) -> PaperControls | None:
        """The paper exchange's controls, or None when trading live."""
        return self._services.paper

    @property
    def journal(self) -> JournalPort | None:
        """The placement journal and audit log, or None when the session keeps none."""
        return self._services.journal

    # --- session and polling -----------------------------------------------------------------------------------
    @Slot(object)
    def _on_session_connected(self, profile: Profile) -> None:
        self.window.set_user(profile.user_id)
        self.placement.recover()  # placements a crash left open: looked up in the first polls
        self.poller.start()
        self.market_data.start()
        self.portfolio.start()
        self.funds.start()
        self.market.session_started()
        self.window.set_connection_trouble("")
        if self._master is None:  # a new login after the token expired keeps the master (and the ticket) as they are
            self.ticket.set_master_pending(MASTER_LOADING)
            self.tasks.read(self._services.load_master, self._on_master_loaded, self._on_master_failed)

    @Slot(str)
    def _on_session_lost(self, reason: str) -> None:
        """The token died or was forgotten: stop asking Kite until a new login; the ticket keeps its contents."""
        self.poller.pause()
        self.market_data.stop()
        self.portfolio.stop()
        self.funds.stop()
        self.market.session_ended()
        self.window.set_connection_trouble(reason)

    @Slot(object)
    def _on_market_status_changed(self, status: StreamStatus) -> None:
        self.window.set_stream_status(status.text, status.healthy)
        self.market_data.set_streaming(status.healthy)
        self.poller.set_streaming(status.healthy)
        if status.state is StreamState.LIVE:
            self.poller.poll_now()  # after a (re)connect, updates may have been missed: fetch the book once

    @Slot()
    def _on_positions_rows_changed(self) -> None:
        self.market.set_held(self.positions_model.instrument_tokens() | self.holdings_model.instrument_tokens())

    @Slot(object)
    def _on_market_order_updated(self, payload: object) -> None:
        # Its row changes at once; Kite's advice (facts §12.5) is to treat it as a trigger and fetch the book too.
        if isinstance(payload, dict):
            self.poller.push(payload)

    def _on_master_loaded(self, master: object) -> None:
        if isinstance(master, InstrumentMaster):
            self._master = master
            self.ticket.set_master(master)
            self.market.set_master(master)
            exchange, _, symbol = self._last_instrument.partition(":")
            if symbol and not self.ticket.inputs.tradingsymbol.text() and master.get(exchange, symbol) is not None:
                self.ticket.set_instrument(exchange, symbol)
            gc_guard.settle()  # the master is the largest thing the app keeps: out of the collector's sight

    def _tick_size(self, key: str) -> Decimal | None:
        """The tick of "NSE:INFY" from the instrument master, so Add's price lands on the grid."""
        exchange, _, symbol = key.partition(":")
        instrument = self._master.get(exchange, symbol) if self._master else None
        return as_decimal(instrument.tick_size) if instrument else None

    def _master_now(self) -> InstrumentMaster | None:
        return self._master

    def _on_master_failed(self, error: BaseException) -> None:
        self.messages.broker_error(error, "Could not load the instrument list")

    @Slot(object)
    def _on_poller_snapshot_ready(self, snapshot: OrderBookSnapshot) -> None:
        """The book shows the snapshot now; what follows from it (placements settled, the new order selected, funds
        and positions asked for) on a later turn of the event loop, one snapshot a turn. Together they held the GUI
        thread 40-60 ms in one stretch in the fault drill (rows inserted and copied, the selection's scroll, the
        ticket's answer, with the repaint already due in the same turn); apart, input and timers run in between.
        In order, each snapshot once, never before the book shows it; all of them before a new order is sent."""
        if self._closed:
            return
        self._unsettled.append((snapshot, self.book_model.apply(snapshot)))
        if not self._settle_turn.isActive():  # not start() again: a burst of pushes must not keep it waiting
            self._settle_turn.start()
        self.window.set_refreshed(f"Order book: {datetime.now(IST):%H:%M:%S}")
        self.window.set_connection_trouble("")  # here, not a turn later: a failed poll after this one must show

    @Slot()
    def _on_settle_turn_timeout(self) -> None:
        self._settle_oldest(1)

    @Slot()
    def _settle_all(self) -> None:
        """When the user asks the ticket to send, before it checks anything: the snapshots the book already shows
        are settled first. The placement controller tells the ticket the fate of its latest order (an RMS rejection)
        only until a newer one is sent, a placement the book shows settled must not hold this order back, and the
        ticket's send lock must not hear of an older order's answer once this one is on its way."""
        self._settle_turn.stop()
        self._settle_oldest(len(self._unsettled))

    def _settle_oldest(self, count: int) -> None:
        """Settle the ``count`` oldest snapshots; any left (or left by one that raised) wait for the next turn."""
        try:
            for _ in range(min(count, len(self._unsettled))):
                self._settle(*self._unsettled.popleft())
        finally:
            if self._unsettled:
                self._settle_turn.start()

    def _settle(self, snapshot: OrderBookSnapshot, changed: bool) -> None:
        self.placement.reconcile(snapshot)
        if changed:
            self.portfolio.refresh()
        # Every snapshot, changed or not: after a pushed fill the funds are read at once, maybe before the account
        # shows the fill, and the fetch the push triggers (often the same rows: nothing changes in the book) is
        # what reads them again.
        self.funds.on_snapshot(snapshot)
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

    def _confirm_place(self, submission: Submission) -> bool:
        # The ticket is built before the controllers, so it gets this method and the placement controller decides.
        confirmed = self.placement.confirm(submission, self._preferences, self.window)
        if confirmed:
            # Snapshots that came while the question was open speak of the older orders (the ticket's lock and the
            # placement controller still name the last one sent): told now, before this order takes their place.
            self._settle_all()
        return confirmed

    @Slot(object)
    def _on_window_preferences_changed(self, preferences: Preferences) -> None:
        self._preferences = preferences
        self.ticket.set_defaults(
            tag_prefix=preferences.tag_prefix, market_protection=preferences.default_market_protection
        )
        # A few hundred bytes of JSON, written here on the GUI thread so that saves happen in the order the user
        # made the changes (saves on the task pool could finish in any order and leave an older setting on disk).
        try:
            self._services.save_preferences(preferences)
        except OSError as error:
            self._on_save_failed(error)

    def _on_save_failed(self, error: BaseException) -> None:
        self.messages.error("Settings not saved", f"Your settings could not be saved: {error}")

    # --- menus ---------------------------------------------------------------------------------------------------
    @Slot()
    def _on_window_export_requested(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export orders", str(default_export_path()), "CSV files (*.csv)"
        )
        if path:
            self.export_orders(path)

    def export_orders(self, path: str) -> bool:
        """Write the order book as CSV; a folder that cannot be written to is said in a message, not raised."""
        text = self.book_model.export_csv()
        try:
            with open(path, "w", encoding="utf-8", newline="") as file:
                file.write(text)
        except OSError as error:
            reason = error.strerror or str(error)
            self.messages.error("Orders not exported", f"Could not write {path}: {reason}. Choose another folder.")
            return False
        self.messages.status(f"Exported {self.book_model.rowCount()} orders to {path}.")
        return True

    @Slot()
    def _on_window_audit_requested(self) -> None:
        journal = self._services.journal
        if journal is None:
            self.messages.status("No audit log: this session keeps no journal.")
            return
        if self.audit_dialog is None:
            self.audit_dialog = AuditDialog(journal, self.tasks, self.window, orders=self._orders_by_id)
        self.audit_dialog.show()
        self.audit_dialog.raise_()
        self.audit_dialog.refresh()

    def _orders_by_id(self) -> Mapping[str, OrderRow]:
        return self.book_model.snapshot.by_id

    @Slot(str)
    def _on_window_paper_market_requested(self, mode: str) -> None:
        paper = self._services.paper
        if paper is not None:
            done = partial(self._on_paper_market_set, mode)
            self.tasks.write(lambda: paper.set_market(mode), done, self._on_paper_failed)

    def _on_paper_market_set(self, mode: str, _result: object) -> None:
        # The ticket's session hints read this clock: it must follow the exchange's, or an AMO is said to be
        # refused ("place a regular order") while the paper market is closed, and the reverse once it reopens.
        self._services.clock.mode = MarketMode(mode)
        self.ticket.clock_changed()
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
        self.funds.refresh()

    def _on_paper_failed(self, error: BaseException) -> None:
        self.messages.error("Paper exchange", str(error))

    def _layout_settings(self) -> QSettings:
        return QSettings(str(self._services.layout_file), QSettings.Format.IniFormat)

    def _restore_layout(self) -> None:
        self._default_book_header = self.book_view.header_state()
        settings = self._layout_settings()
        self.window.restore_layout(settings)
        header = settings.value(BOOK_HEADER_KEY)
        if isinstance(header, QByteArray):
            self.book_view.restore_header_state(header)
        self._last_instrument = str(settings.value(LAST_INSTRUMENT_KEY) or "")

    @Slot()
    def _on_window_default_layout_restored(self) -> None:
        self.book_view.restore_header_state(self._default_book_header)

    def _save_layout(self) -> None:
        settings = self._layout_settings()
        self.window.save_layout(settings)
        settings.setValue(BOOK_HEADER_KEY, self.book_view.header_state())
        instrument = self.ticket.instrument()
        if instrument is not None:
            settings.setValue(LAST_INSTRUMENT_KEY, instrument.key)

    # --- shutdown ------------------------------------------------------------------------------------------------
    @Slot()
    def _on_window_closing(self) -> None:
        self._closed = True
        self._settle_turn.stop()
        while self._unsettled:  # a snapshot the book shows settles the placements in it; no reads start now
            self.placement.reconcile(self._unsettled.popleft()[0])
        self._save_layout()
        self.session.stop()
        self.market_data.stop()
        self.market.session_ended()
        self.portfolio.stop()
        self.funds.stop()
        self.poller.stop()
        self.tasks.shutdown()
        self._services.shutdown()
