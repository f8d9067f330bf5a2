"""The parts of the exchange beyond orders: GTT triggers, historical candles, auctions, mutual funds and SIPs,
postbacks; built over the core's engine and store and hooked to its price moves, clock and order changes.

The core builds one ``Services`` after its engine, resets it with the account and closes it on shutdown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiteticket.paper.auctions import Auctions
from kiteticket.paper.gtt import GttBook
from kiteticket.paper.historical import Historical
from kiteticket.paper.mf import MutualFunds
from kiteticket.paper.mf_sips import MfSips
from kiteticket.paper.order_feed import OrderFeed
from kiteticket.paper.postback import Postbacks

if TYPE_CHECKING:
    from kiteticket.paper.core import Core


class Services:
    def __init__(self, core: Core) -> None:
        self.gtt = GttBook(core.store, core.engine, core.clock, core.config.user_id)
        core.engine.price_watchers.append(self.gtt.on_price)
        core.engine.timers.append(self.gtt.on_time)
        self.historical = Historical(core.master, core.market, core.clock)
        core.engine.price_watchers.append(self.historical.recorder.on_price)
        self.auctions = Auctions(core.engine)
        core.engine.place_checks.append(self.auctions.check_order)
        self.mf = MutualFunds(core.store, core.account, core.engine.funds, core.clock, core.market.seed)
        self.sips = MfSips(core.store, self.mf, core.clock)
        core.engine.timers += [self.sips.on_time, self.mf.on_time]  # instalments first, then what is due settles
        self.orders = OrderFeed(core.config.user_id, core.config.api_secret)
        core.book.on_update = self.orders.order_changed
        self.postbacks: Postbacks | None = None
        if core.config.postback_url:
            self.postbacks = Postbacks(core.config.postback_url)
            self.orders.listeners.append(self.postbacks.deliver)

    def reload(self) -> None:
        """What the store holds, after a request's changes were rolled back."""
        self.gtt.load()
        self.mf.load()
        self.sips.load()

    def reset(self) -> None:
        """After the store was wiped: start again from what it now holds (nothing)."""
        self.reload()
        self.historical.recorder.clear()
        self.orders.clear()

    def close(self) -> None:
        """Deliver the postbacks still queued and stop their worker."""
        if self.postbacks is not None:
            self.postbacks.close()
