"""The mutual funds window: the order form on the left; MF orders, SIPs and holdings on the right, each with what
can be done to the selected row (cancel an order; modify or cancel a SIP; redeem or buy more of a holding)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiteticket.domain.mf_draft import MfMode
from kiteticket.domain.mutual_funds import MfHolding, MfOrder, MfScheme, MfSip
from kiteticket.ui.keyed_model import KeyedRole
from kiteticket.ui.mf.models import MfHoldingsModel, MfOrdersModel, MfSipsModel
from kiteticket.ui.mf.order_form import MfOrderForm
from kiteticket.ui.mf.sip_dialog import SipModifyDialog
from kiteticket.ui.portfolio.tables import DenseTable

T = TypeVar("T")
REFRESH_MS = 30_000


class MfWindow(QDialog):
    """Signals: ``cancel_order_requested(str)`` (an order id), ``cancel_sip_requested(str)`` (a SIP id),
    ``sip_change_requested(MfSipChange)`` and ``refresh_requested()`` (the Refresh button, and every
    ``REFRESH_MS`` while the window is open: orders settle when their NAV is published, with no push to say so)."""

    cancel_order_requested = Signal(str)
    cancel_sip_requested = Signal(str)
    sip_change_requested = Signal(object)
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mf_window")
        self.setWindowTitle("Mutual funds")
        self.resize(1240, 600)  # inside 1366×768 with room for the frame and the taskbar
        self.form = MfOrderForm()
        self.orders = MfOrdersModel(self)
        self.sips = MfSipsModel(self)
        self.holdings = MfHoldingsModel(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mf_tabs")
        self.orders_view = self._table(self.orders, "mf_orders")
        self.sips_view = self._table(self.sips, "mf_sips")
        self.holdings_view = self._table(self.holdings, "mf_holdings")
        self.buttons: dict[str, QPushButton] = {}
        self._schemes: dict[str, MfScheme] = {}
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh_requested)
        self._build()

    def _build(self) -> None:
        pages = (
            (self.orders_view, "Orders", (("cancel_order", "Cancel order", self._on_cancel_order_clicked),)),
            (self.sips_view, "SIPs", (("modify_sip", "Modify SIP…", self._on_modify_sip_clicked),
                                      ("cancel_sip", "Cancel SIP", self._on_cancel_sip_clicked))),
            (self.holdings_view, "Holdings", (("redeem", "Redeem…", self._on_redeem_clicked),
                                              ("buy_more", "Buy more…", self._on_buy_more_clicked))),
        )  # fmt: skip
        for view, title, actions in pages:
            self.tabs.addTab(self._page(view, actions), title)
        refresh = QPushButton("Refresh")
        refresh.setObjectName("mf_refresh")
        refresh.clicked.connect(self.refresh_requested)
        self.tabs.setCornerWidget(refresh)
        split = QSplitter()
        split.addWidget(self.form)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def _table(self, model: QAbstractItemModel, name: str) -> DenseTable:
        view = DenseTable()
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        return view

    def _page(self, view: DenseTable, actions: tuple[tuple[str, str, Callable[[], None]], ...]) -> QWidget:
        page = QWidget()
        bar = QHBoxLayout()
        bar.addStretch(1)
        for name, text, slot in actions:
            button = QPushButton(text)
            button.setObjectName(f"mf_{name}")
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[name] = button
        layout = QVBoxLayout(page)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(view, 1)
        layout.addLayout(bar)
        return page

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.refresh_timer.stop()  # nothing is read for a window nobody sees
        super().hideEvent(event)

    def set_schemes(self, schemes: tuple[MfScheme, ...]) -> None:
        self._schemes = {scheme.tradingsymbol: scheme for scheme in schemes}
        self.form.set_schemes(schemes)

    # -- the selected rows ----------------------------------------------------------------------------------------
    @staticmethod
    def _selected(view: DenseTable, kind: type[T]) -> T | None:
        """The row selected in ``view``, if one is."""
        selection = view.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        row = rows[0].data(KeyedRole.ROW) if rows else None
        return row if isinstance(row, kind) else None

    @Slot()
    def _on_cancel_order_clicked(self) -> None:
        order = self._selected(self.orders_view, MfOrder)
        if order is not None and order.cancellable:
            self.cancel_order_requested.emit(order.order_id)
        else:
            self.form.set_result("Select an open order to cancel (an order can be cancelled until its NAV).", ok=False)

    @Slot()
    def _on_cancel_sip_clicked(self) -> None:
        sip = self._selected(self.sips_view, MfSip)
        if sip is not None and sip.changeable:
            self.cancel_sip_requested.emit(sip.sip_id)
        else:
            self.form.set_result("Select an active or paused SIP to cancel.", ok=False)

    @Slot()
    def _on_modify_sip_clicked(self) -> None:
        sip = self._selected(self.sips_view, MfSip)
        if sip is None or not sip.changeable:
            self.form.set_result("Select an active or paused SIP to modify.", ok=False)
            return
        dialog = SipModifyDialog(sip, self._schemes.get(sip.tradingsymbol), self)
        dialog.accepted.connect(self._on_sip_dialog_accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    @Slot()
    def _on_sip_dialog_accepted(self) -> None:
        dialog = self.sender()
        if isinstance(dialog, SipModifyDialog):
            self.sip_change_requested.emit(dialog.change())

    @Slot()
    def _on_redeem_clicked(self) -> None:
        self._prefill_from_holding(MfMode.SELL)

    @Slot()
    def _on_buy_more_clicked(self) -> None:
        self._prefill_from_holding(MfMode.BUY)

    def _prefill_from_holding(self, mode: MfMode) -> None:
        holding = self._selected(self.holdings_view, MfHolding)
        if holding is None:
            self.form.set_result("Select a holding first.", ok=False)
            return
        self.form.set_mode(mode)
        self.form.choose_fund(holding.tradingsymbol)
        (self.form.units if mode is MfMode.SELL else self.form.amount).setFocus()
