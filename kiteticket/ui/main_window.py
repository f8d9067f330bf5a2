"""The main window: the ticket on the left, the order book above the trades and positions tabs on the right, and
a status bar. It arranges parts built elsewhere and turns menu choices into signals; it decides no rules.

Paper and live can never be confused: in paper mode the title says [PAPER] and an amber band runs across the top;
live, a dark red band says LIVE (not blue: the BUY side is blue, and a live window must not look like a button).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QMargins, QRect, QSettings, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiteticket.preferences import Preferences
from kiteticket.ui.book.filter import StatusFilter
from kiteticket.ui.ticket.precaution_settings import PrecautionSettingsDialog

PAPER_ACCENT = "#ff8f00"
LIVE_ACCENT = "#8b0000"  # dark red: unlike the BUY blue and darker than the SELL red
DEFAULT_SIZE = QSize(1440, 900)
# Room kept for the window manager's title bar and borders: Qt knows them only once the window is shown, and a frame
# taller than the screen hides the title bar (no way to move the window) or the status bar.
FRAME_ALLOWANCE = QMargins(8, 40, 8, 8)
PORTFOLIO_WIDTH = 420  # what the positions beside the ticket would like: instrument, quantity, P&L, LTP, average
MARKET_MODES = (("open", "Market open"), ("closed", "After hours (AMO)"), ("real", "Real IST hours"))


class MainWindow(QMainWindow):
    """The window of the app.

    Signals:
        export_requested(): the user asked to export the order book as CSV.
        audit_requested(): the user asked for the audit log.
        preferences_changed(object): a Preferences object after a change in the Settings menu.
        paper_market_requested(str): "open", "closed" or "real" for the paper exchange's clock.
        paper_reset_requested(): reset the paper account.
        status_filter_changed(object): a StatusFilter for the order book.
        text_filter_changed(str): the order book's search text.
        closing(): the window is closing; stop threads and save the layout.
        default_layout_restored(): the window's own layout is back to default; parts reset theirs.
    """

    export_requested = Signal()
    audit_requested = Signal()
    preferences_changed = Signal(object)
    paper_market_requested = Signal(str)
    paper_reset_requested = Signal()
    status_filter_changed = Signal(object)
    text_filter_changed = Signal(str)
    closing = Signal()
    default_layout_restored = Signal()

    def __init__(
        self,
        ticket: QWidget,
        order_book: QWidget,
        trades: QWidget,
        positions: QWidget,
        *,
        preferences: Preferences,
        paper: bool,
        paper_market: str = "open",
        market_watch: QWidget | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.paper = paper
        self._paper_market = paper_market
        self._preferences = preferences
        self._ticket, self._order_book = ticket, order_book
        self._close_guards: list[Callable[[], bool]] = []
        self._tabs = QTabWidget()
        self._tabs.setObjectName("portfolio_tabs")
        # Positions first: beside the ticket, what is open and its P&L matter more than the list of fills.
        self._tabs.addTab(positions, "Positions")
        self._tabs.addTab(trades, "Trades")
        if market_watch is not None:
            self._tabs.addTab(market_watch, "Market watch")
        self._build_layout()
        self._build_status_bar()
        self._build_menus()
        self._default_state = self.saveState()
        self.set_user("")

    def add_portfolio_tab(self, widget: QWidget, title: str) -> int:
        """A narrow view (a chart, a short list) beside positions, trades and the market watch, right of the ticket.
        Each feature adds its own from the composition root, so the window needs no parameter per view."""
        return self._tabs.addTab(widget, title)

    def add_account_tab(self, widget: QWidget, title: str) -> int:
        """A wide table (holdings, GTT, baskets) in a tab beside the order book, where its columns fit the width
        of the window without scrolling."""
        return self._account_tabs.addTab(widget, title)

    def show_account_tab(self, widget: QWidget) -> None:
        self._account_tabs.setCurrentWidget(widget)

    def add_close_guard(self, may_close: Callable[[], bool]) -> None:
        """``may_close`` is asked before the window closes (it may ask the user); False keeps the window open."""
        self._close_guards.append(may_close)

    def add_account_bar(self, widget: QWidget) -> None:
        """A compact strip above the portfolio tabs (funds): in view whichever of them is shown."""
        self._portfolio_layout.insertWidget(0, widget)

    # --- layout ------------------------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        # The ticket is wide and short: it sits top left with trades and positions beside it, and the order book
        # takes the full width below, where its fourteen columns fit without scrolling.
        self._top = QSplitter(Qt.Orientation.Horizontal)
        self._top.setObjectName("top_splitter")
        self._top.addWidget(self._ticket)
        self._top.addWidget(self._portfolio_panel())
        self._top.setStretchFactor(1, 1)
        self._main = QSplitter(Qt.Orientation.Vertical)
        self._main.setObjectName("main_splitter")
        self._main.addWidget(self._top)
        self._account_tabs = QTabWidget()
        self._account_tabs.setObjectName("account_tabs")
        self._account_tabs.setDocumentMode(True)
        self._book_page = self._book_panel()
        self._account_tabs.addTab(self._book_page, "Orders")
        # The book's filters sit in the tab bar's corner, so the book loses no row to them; they belong to the
        # Orders tab alone and hide with it.
        self._account_tabs.setCornerWidget(self._book_filters(), Qt.Corner.TopRightCorner)
        self._account_tabs.currentChanged.connect(self._on_account_tabs_current_changed)
        self._main.addWidget(self._account_tabs)
        self._main.setStretchFactor(1, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._accent_band())
        layout.addWidget(self._main, 1)
        self.setCentralWidget(central)
        self.fit_to_screen()

    def _portfolio_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 8, 4, 0)  # level with the ticket's header, off the window's edge
        layout.addWidget(self._tabs)
        self._portfolio_layout = layout
        return panel

    def _accent_band(self) -> QLabel:
        text = (
            "PAPER TRADING: orders go to the local paper exchange, not to Kite"
            if self.paper
            else "LIVE: orders go to Kite and trade with real money"
        )
        band = QLabel(text)
        band.setObjectName("mode_band")
        band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        colour = PAPER_ACCENT if self.paper else LIVE_ACCENT
        band.setStyleSheet(f"background:{colour}; color:white; font-weight:bold; padding:4px; letter-spacing:1px;")
        return band

    def _book_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self._order_book, 1)
        return panel

    def _book_filters(self) -> QWidget:
        filters = QWidget()
        bar = QHBoxLayout(filters)
        bar.setContentsMargins(0, 0, 4, 0)
        self._filter_tabs = QTabWidget()
        self._filter_tabs.setDocumentMode(True)
        self._filter_tabs.setObjectName("status_filter")
        for status_filter, label in (
            (StatusFilter.OPEN, "Open"),
            (StatusFilter.EXECUTED, "Executed"),
            (StatusFilter.ALL, "All"),
        ):
            self._filter_tabs.addTab(QWidget(), label)
            self._filter_tabs.tabBar().setTabData(self._filter_tabs.count() - 1, status_filter)
        self._filter_tabs.setCurrentIndex(2)
        self._filter_tabs.setMaximumHeight(self._filter_tabs.tabBar().sizeHint().height())
        self._filter_tabs.currentChanged.connect(self._on_filter_tabs_current_changed)
        bar.addWidget(self._filter_tabs)
        self._search = QLineEdit()
        self._search.setObjectName("order_search")
        self._search.setPlaceholderText("Filter: symbol, tag, order id, status")
        self._search.setClearButtonEnabled(True)
        # Wide enough for its placeholder, which says what can be searched.
        self._search.setMinimumWidth(self._search.fontMetrics().horizontalAdvance(self._search.placeholderText()) + 40)
        self._search.textChanged.connect(self.text_filter_changed)
        bar.addWidget(self._search)
        return filters

    @Slot(int)
    def _on_account_tabs_current_changed(self, _index: int) -> None:
        corner = self._account_tabs.cornerWidget(Qt.Corner.TopRightCorner)
        corner.setVisible(self._account_tabs.currentWidget() is self._book_page)

    @Slot(int)
    def _on_filter_tabs_current_changed(self, index: int) -> None:
        self.status_filter_changed.emit(self._filter_tabs.tabBar().tabData(index))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self._mode_label = QLabel("PAPER" if self.paper else "LIVE")
        colour = PAPER_ACCENT if self.paper else LIVE_ACCENT
        self._mode_label.setStyleSheet(f"color:{colour}; font-weight:bold; padding:0 6px;")
        self._user_label = QLabel()
        self._refresh_label = QLabel("Order book: not loaded yet")
        self._connection_label = QLabel()
        self._connection_label.setObjectName("connection_status")
        self._stream_label = QLabel()
        self._stream_label.setObjectName("stream_status")
        labels = (self._mode_label, self._user_label, self._refresh_label, self._stream_label, self._connection_label)
        for label in labels:
            bar.addPermanentWidget(label)

    # --- menus -------------------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._add_action(file_menu, "Export orders as CSV…", self.export_requested.emit, QKeySequence("Ctrl+E"))
        self._add_action(file_menu, "Audit log…", self.audit_requested.emit)
        file_menu.addSeparator()
        self._add_action(file_menu, "Quit", self.close, QKeySequence(QKeySequence.StandardKey.Quit))
        self.view_menu = view_menu = self.menuBar().addMenu("&View")  # account views add their windows here
        self._add_action(view_menu, "Restore default layout", self.restore_default_layout)
        self.settings_menu = self.menuBar().addMenu("&Settings")  # Settings ▸ Network is added by its controller
        self._build_settings_menu(self.settings_menu)
        if self.paper:
            self._build_paper_menu(self.menuBar().addMenu("&Paper"))

    def _add_action(
        self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: QKeySequence | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_settings_menu(self, menu: QMenu) -> None:
        self._confirm_actions: dict[str, QAction] = {}
        for name, text in (
            ("confirm_place", "Confirm before placing"),
            ("confirm_modify", "Confirm before modifying"),
            ("confirm_cancel", "Confirm before cancelling"),
        ):
            action = QAction(text, self)
            action.setCheckable(True)
            action.setChecked(bool(getattr(self._preferences, name)))
            action.setData(name)
            action.toggled.connect(self._on_confirm_action_toggled)
            menu.addAction(action)
            self._confirm_actions[name] = action
        menu.addSeparator()
        self._add_action(menu, "Precautions…", self._on_precautions_triggered)

    @Slot()
    def _on_precautions_triggered(self) -> None:
        edited = PrecautionSettingsDialog.edit(self, self._preferences)
        if edited is not None and edited != self._preferences:
            self._preferences = edited
            self.preferences_changed.emit(edited)

    @Slot(bool)
    def _on_confirm_action_toggled(self, checked: bool) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self._preferences = self._preferences.changed(**{str(action.data()): checked})
            self.preferences_changed.emit(self._preferences)

    def _build_paper_menu(self, menu: QMenu) -> None:
        group = QActionGroup(self)
        for mode, text in MARKET_MODES:
            action = QAction(text, self)
            action.setCheckable(True)
            action.setChecked(mode == self._paper_market)
            action.setData(mode)
            action.triggered.connect(self._on_market_action_triggered)
            group.addAction(action)
            menu.addAction(action)
        menu.addSeparator()
        self._add_action(menu, "Reset paper account…", self.paper_reset_requested.emit)

    @Slot()
    def _on_market_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.paper_market_requested.emit(str(action.data()))

    # --- status ------------------------------------------------------------------------------------------------
    def set_user(self, user_id: str) -> None:
        self._user_label.setText(f"User: {user_id}" if user_id else "Not logged in")
        mode = " [PAPER]" if self.paper else " [LIVE]"
        self.setWindowTitle(f"kiteticket{mode}" + (f" — {user_id}" if user_id else ""))

    def set_refreshed(self, text: str) -> None:
        self._refresh_label.setText(text)

    def refreshed_text(self) -> str:
        return self._refresh_label.text()

    def set_stream_status(self, text: str, healthy: bool) -> None:
        """The price and order-update stream: live, reconnecting (n), or polling only."""
        self._stream_label.setText(text)
        _restyle(self._stream_label, "" if healthy or not text else "color:#a05a00;")

    def stream_status_text(self) -> str:
        return self._stream_label.text()

    def set_connection_trouble(self, text: str) -> None:
        """One line in the status bar, cut short with "…" past STATUS_TEXT_WIDTH; the tooltip has it all. A message
        of several lines made the status bar taller, and the whole window was laid out and repainted for it each
        time the trouble came or went (30-50 ms on the GUI thread)."""
        label = self._connection_label
        first_line = text.splitlines()[0] if text else ""
        shown = label.fontMetrics().elidedText(first_line, Qt.TextElideMode.ElideRight, STATUS_TEXT_WIDTH)
        label.setText(shown)
        label.setToolTip(text if shown != text else "")
        _restyle(label, "color:#c62828; font-weight:bold;" if text else "")

    # --- layout persistence ------------------------------------------------------------------------------------
    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("layout2/geometry", self.saveGeometry())
        settings.setValue("layout2/state", self.saveState())
        settings.setValue("layout2/main_splitter", self._main.saveState())
        settings.setValue("layout2/top_splitter", self._top.saveState())
        settings.setValue("layout2/status_filter", self._filter_tabs.currentIndex())

    def restore_layout(self, settings: QSettings) -> None:
        """The saved layout; a window saved on a larger screen (or none saved) is fitted to this one."""
        for key, restore in (
            ("layout2/geometry", self.restoreGeometry),
            ("layout2/state", self.restoreState),
            ("layout2/main_splitter", self._main.restoreState),
            ("layout2/top_splitter", self._top.restoreState),
        ):
            value = settings.value(key)
            if isinstance(value, QByteArray):
                restore(value)
        if not self._available().contains(self.geometry().marginsAdded(FRAME_ALLOWANCE)):
            self.fit_to_screen()
        tab = settings.value("layout2/status_filter")
        if tab is not None and str(tab).isdigit() and int(str(tab)) < self._filter_tabs.count():
            self._filter_tabs.setCurrentIndex(int(str(tab)))  # emits status_filter_changed for the book's filter

    def fit_to_screen(self) -> None:
        """The default size, or less on a small screen, centred in the screen's available area (without the
        taskbar or dock)."""
        self.setGeometry(fitted_geometry(self._available(), DEFAULT_SIZE))
        self._default_splits()

    def _default_splits(self) -> None:
        """The ticket as narrow and short as it can be without cutting anything off on a small screen; the
        portfolio beside it and the order book below take the rest."""
        hint, least = self._ticket.sizeHint(), self._ticket.minimumSizeHint()
        ticket_width = max(least.width(), min(hint.width(), self.width() - PORTFOLIO_WIDTH))
        self._top.setSizes([ticket_width, max(self.width() - ticket_width, 200)])
        self._main.setSizes([hint.height(), max(self.height() - hint.height(), 200)])

    def _available(self) -> QRect:
        return self.screen().availableGeometry()

    @Slot()
    def restore_default_layout(self) -> None:
        self.restoreState(self._default_state)
        self.fit_to_screen()
        self.default_layout_restored.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not all(may_close() for may_close in self._close_guards):
            event.ignore()
            return
        self.closing.emit()
        super().closeEvent(event)


def fitted_geometry(available: QRect, preferred: QSize) -> QRect:
    """Where the window goes: ``preferred`` at most, inside ``available`` with room for the frame, centred."""
    room = available.marginsRemoved(FRAME_ALLOWANCE)
    rect = QRect(room.topLeft(), preferred.boundedTo(room.size()))
    rect.moveCenter(room.center())
    return rect


STATUS_TEXT_WIDTH = 560  # pixels: the connection trouble's room in the status bar, at 1366 pixels across


def _restyle(label: QLabel, sheet: str) -> None:
    """Set a status label's style sheet only when it changes: while Kite is unreachable every failed poll says the
    same trouble again, and a style sheet set again, even the same one, re-polishes the label on the GUI thread."""
    if label.styleSheet() != sheet:
        label.setStyleSheet(sheet)
