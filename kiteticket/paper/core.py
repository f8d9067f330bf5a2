"""Everything one paper exchange holds, wired together, and the lock that keeps it consistent.

The HTTP handlers and the market ticker both work through this object under ``lock``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from kiteticket.domain.instruments import InstrumentMaster
from kiteticket.paper import static_ip
from kiteticket.paper.account import Account
from kiteticket.paper.auth import Sessions
from kiteticket.paper.book import OrderBook
from kiteticket.paper.clock import ExchangeClock, parse_mode
from kiteticket.paper.config import PaperConfig
from kiteticket.paper.engine import Engine
from kiteticket.paper.faults import Fault, Faults
from kiteticket.paper.market import Market
from kiteticket.paper.quotes import Quotes, instrument_csv_by_exchange
from kiteticket.paper.ratelimit import RateLimiter
from kiteticket.paper.sample_derivatives import sample_master_csv
from kiteticket.paper.services import Services
from kiteticket.paper.store import Store

# A fresh account holds a little of these, so CNC sells and /portfolio/holdings work from the start.
SEED_HOLDINGS = (("NSE", "INFY"), ("NSE", "SBIN"), ("BSE", "RELIANCE"))


class Core:
    def __init__(self, config: PaperConfig) -> None:
        self.config = config
        self.lock = threading.RLock()
        self.clock = ExchangeClock(parse_mode(config.market))
        self.store = Store(config.db_path)
        if config.reset:
            self.store.reset()
        self.instruments_csv = sample_master_csv(self.clock.now().date())
        self.master = InstrumentMaster.from_csv(self.instruments_csv)
        self.csv_by_exchange = instrument_csv_by_exchange(self.instruments_csv)
        self.market = Market(config.seed, self.clock.stamp)
        self.market.restore(self.store.get("market", {}))
        fresh = self.store.get("account") is None
        self.account = Account(self.store, config.opening_cash, config.user_id)
        if fresh:
            self._seed()
        self.book = OrderBook(self.store)
        self.engine = Engine(self.master, self.book, self.market, self.account, self.clock)
        self.sessions = Sessions(config, self.clock, self.store)
        self.quotes = Quotes(self.master, self.market, self.clock.stamp)
        self.limiter = RateLimiter(config.rate_limit)
        self.registered_ips = static_ip.RegisteredIps(config.registered_ips)
        self.faults = Faults()
        # The exchange's ticker takes its own faults (ws_close, ws_stall, ws_delay); none without a ticker.
        self.ticker_fault: Callable[[Fault], None] = lambda _fault: None
        self.engine.life.on_extra_order = lambda: self.limiter.count_order(self.clock.today())
        self.services = Services(self)
        self.roll_day()
        self.commit()

    def _seed(self) -> None:
        found = (self.master.get(exchange, symbol) for exchange, symbol in SEED_HOLDINGS)
        self.account.seed_holdings([instrument for instrument in found if instrument], self.clock.today())

    def roll_day(self) -> None:
        """Kite's order book shows the current day: when the exchange clock passes midnight, start a new one."""
        today = self.clock.today()
        if self.book.day != today:
            self.engine.bell.ring(day_ends=bool(self.book.day))  # the day's sessions end in the day's book
            self.account.roll_to(today, self.engine.prices, self.master.get)
            if self.book.day:
                self.market.new_day()
            self.engine.funds.clear()
            self.book.roll_to(today)

    def commit(self) -> None:
        """Write what this request changed, in one SQLite transaction."""
        self.book.flush()
        if self.account.dirty:
            self.account.save()
        if self.market.dirty:
            self.store.put("market", self.market.save())
        self.store.commit()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One request, all or nothing: committed to SQLite when the block ends, and when it raises (a refusal
        or a fault), every change it made, in memory and in SQLite, is undone. A 500 then hides nothing: the
        book a client reads afterwards is the book before the request."""
        with self.lock:
            try:
                yield
                self.commit()
            except BaseException:
                self.rollback()
                raise

    def rollback(self) -> None:
        if not (self.store.pending or self.book.changed or self.account.dirty):
            return  # a refusal before any change (the usual case): nothing to undo, and no reload of the book
        self.store.rollback()
        self.account.reload()
        self.market.reload(self.store.get("market", {}))
        self.engine.funds.clear()
        self.book.reload()
        self.services.reload()  # GTTs, fund orders and SIPs: back to what SQLite holds

    def tick(self) -> None:
        """One beat of the market: prices move, resting orders on them are matched, timers fire."""
        with self.transaction():
            self.roll_day()
            self.engine.tick()

    def reset(self) -> None:
        """A fresh account: no orders, trades or positions; the market restarts from its seed. Sessions stay
        valid, so an app that asks for a reset keeps working without logging in again."""
        with self.transaction():
            self.store.reset()
            self.account.reset()
            self._seed()
            self.market.reset()
            self.sessions.persist()
            self.engine.funds.clear()
            self.book.load(self.clock.today())
            self.account.day = self.clock.today()
            self.limiter.reset()
            self.faults.clear()
            self.services.reset()

    def positions(self) -> dict[str, Any]:
        net, day = [], []
        for position in self.account.positions.values():
            instrument = self.master.get(position.exchange, position.tradingsymbol)
            if instrument is None:
                continue
            last, close = self.engine.prices(instrument)
            net.append(position.to_kite(last, close, day_only=False))
            if position.day_buy_quantity or position.day_sell_quantity:
                day.append(position.to_kite(last, close, day_only=True))
        return {"net": net, "day": day}

    def holdings(self) -> list[dict[str, Any]]:
        rows = []
        for holding in self.account.holdings.values():
            instrument = self.master.get(holding.exchange, holding.tradingsymbol)
            if instrument is None:
                continue
            last, close = self.engine.prices(instrument)
            sold = self.account.net_quantity(instrument, "CNC")
            rows.append(holding.to_kite(last, close, used=max(-sold, 0)))
        return rows

    def close(self) -> None:
        self.services.close()
        with self.lock:
            self.commit()
            self.store.close()
