"""The instrument master: Kite's daily instruments dump, looked up and searched as the user types.

`InstrumentMaster` keeps the dump in columns (see instrument_table) and builds an `Instrument` only for the rows a
caller asks for, so the full dump of about 150,000 rows loads from the cache in well under a second and stays in a
few tens of megabytes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instrument_build import build_table
from kiteticket.domain.instrument_index import PREFIX_END, RankIndex, derivative_root, month_code, name_words
from kiteticket.domain.instrument_query import derivative_query
from kiteticket.domain.instrument_table import InstrumentTable, decode, encode

_EXCHANGES = tuple(Exchange)


@dataclass(frozen=True, slots=True)
class Instrument:
    """One row of the dump, with the SDK's types (expiry is a date, prices are floats)."""

    instrument_token: int
    exchange_token: int
    tradingsymbol: str
    name: str
    last_price: float
    expiry: date | None
    strike: float
    tick_size: float
    lot_size: int
    instrument_type: str
    segment: str
    exchange: Exchange

    @property
    def is_tradable(self) -> bool:
        """Index rows (segment INDICES, tick 0, lot 0) can be quoted but not ordered."""
        return self.segment != "INDICES" and self.lot_size > 0 and self.tick_size > 0

    @property
    def is_option(self) -> bool:
        return self.instrument_type in ("CE", "PE")

    @property
    def is_future(self) -> bool:
        return self.instrument_type == "FUT"

    @property
    def key(self) -> str:
        """The quote key, as /quote and /quote/ltp take it: NSE:INFY."""
        return f"{self.exchange}:{self.tradingsymbol}"

    @property
    def underlying(self) -> str:
        if not (self.is_option or self.is_future):
            return self.tradingsymbol
        return self.name or derivative_root(self.tradingsymbol, self.expiry)

    def describe(self) -> str:
        """A one-line label: "NIFTY26DEC26000CE · NIFTY 29 DEC 2026 26000 CE · lot 65 · NFO"."""
        if self.is_option or self.is_future:
            parts = [self.underlying, format_expiry(self.expiry)]
            parts += [format_strike(self.strike), self.instrument_type] if self.is_option else ["FUT"]
            return f"{self.tradingsymbol} · {' '.join(parts)} · lot {self.lot_size} · {self.exchange}"
        label = self.tradingsymbol if self.name in ("", self.tradingsymbol) else f"{self.tradingsymbol} · {self.name}"
        return f"{label} · {'index' if self.segment == 'INDICES' else 'lot ' + str(self.lot_size)} · {self.exchange}"


def format_expiry(expiry: date | None) -> str:
    """'29 DEC 2026', independent of the locale (strftime's %b is not)."""
    return f"{expiry.day} {month_code(expiry.month)} {expiry.year}" if expiry else ""


def format_strike(strike: float) -> str:
    """26000.0 -> '26000', 90.25 -> '90.25'."""
    return f"{strike:.4f}".rstrip("0").rstrip(".")


class InstrumentMaster:
    """Every instrument of one day's dump, for exchanges in `Exchange`; index rows are kept for lookup."""

    __slots__ = ("_index", "_table")

    def __init__(self, table: InstrumentTable) -> None:
        self._table = table
        self._index = RankIndex(table.ranks, table.by_rank, table.sparse)

    @classmethod
    def from_csv(cls, text: str) -> InstrumentMaster:
        """Parse Kite's instruments CSV; ValueError when it is not one."""
        return cls(build_table(text))

    @classmethod
    def from_bytes(cls, data: bytes | memoryview) -> InstrumentMaster:
        """Load what to_bytes wrote; ValueError when it is damaged or from another version."""
        return cls(decode(data))

    def to_bytes(self) -> bytes:
        return encode(self._table)

    def __len__(self) -> int:
        return len(self._table.symbols)

    def __iter__(self) -> Iterator[Instrument]:
        return map(self._instrument, range(len(self)))

    def get(self, exchange: Exchange | str, tradingsymbol: str) -> Instrument | None:
        """The instrument with exactly this symbol (case as the dump writes it) on this exchange."""
        lo, hi = self._exchange_rows(exchange)
        keys, symbols = self._table.keys, self._table.symbols
        key = tradingsymbol.upper()
        row = bisect_left(keys, key, lo, hi)
        while row < hi and keys[row] == key:
            if symbols[row] == tradingsymbol:
                return self._instrument(row)
            row += 1
        return None

    def by_token(self, instrument_token: int) -> Instrument | None:
        order, tokens = self._table.token_order, self._table.tokens
        at = bisect_left(order, instrument_token, key=tokens.__getitem__)
        if at < len(order) and tokens[order[at]] == instrument_token:
            return self._instrument(order[at])
        return None

    def search(self, query: str, exchange: Exchange | None = None, limit: int = 20) -> list[Instrument]:
        """Instruments for what the user has typed so far, best first.

        Symbol-prefix matches come first, in the rank order built with the table (see instrument_build): of the text
        as typed, else with its spaces removed ("NIFTY26DEC FUT"), else of the derivative its words describe
        ("nifty dec fut", see instrument_query). Then equities and indices whose name has a word starting with each
        word of the query ("hdfc bank").
        """
        text = " ".join(query.upper().split())
        if not text or limit <= 0:
            return []
        within = self._exchange_rows(exchange) if exchange is not None else None
        # Each exchange's rows are sorted on their own, so a prefix is one run per exchange.
        ranges = [within] if within else [self._exchange_rows(code) for code in _EXCHANGES]
        rows = self._index.top(self._symbol_runs(text, ranges), limit)
        if len(rows) < limit:
            rows += self._name_matches(name_words(text), within, set(rows))[: limit - len(rows)]
        return [self._instrument(row) for row in rows]

    def _symbol_runs(self, text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The runs of rows whose symbol starts as the query reads, for the first reading that finds any."""
        for prefixes in self._readings(text, ranges):
            runs = [self._prefix_rows(prefix, lo, hi) for prefix in prefixes for lo, hi in ranges]
            found = [(lo, hi) for lo, hi in runs if lo < hi]
            if found:
                return found
        return []

    def _readings(self, text: str, ranges: list[tuple[int, int]]) -> Iterator[list[str]]:
        """The symbol prefixes the query may mean, most literal first."""
        yield [text]
        glued = text.replace(" ", "")
        if glued != text:
            yield [glued]
        parts = derivative_query(text)
        if parts is not None:
            yield parts.prefixes(self._years(parts.root, ranges))

    def _years(self, root: str, ranges: list[tuple[int, int]]) -> list[str]:
        """The two-digit years of the expiries listed under this underlying (symbols ROOT + YY…): from the first
        and the last such symbol of each exchange, so two bisections however long the chain is."""
        keys, at = self._table.keys, len(root)
        found: set[str] = set()
        for lo, hi in ranges:
            start, end = self._prefix_rows(root + "0", lo, hi)[0], self._prefix_rows(root + "9", lo, hi)[1]
            years = [key[at : at + 2] for key in (keys[start], keys[end - 1])] if start < end else []
            if len(years) == 2 and all(year.isdigit() for year in years):
                found.update(f"{year:02d}" for year in range(int(years[0]), int(years[1]) + 1))
        return sorted(found)

    def _exchange_rows(self, exchange: Exchange | str) -> tuple[int, int]:
        try:
            code = _EXCHANGES.index(Exchange(exchange))
        except ValueError:
            return (0, 0)
        return (self._table.bounds[code], self._table.bounds[code + 1])

    def _prefix_rows(self, prefix: str, lo: int, hi: int) -> tuple[int, int]:
        keys = self._table.keys
        start = bisect_left(keys, prefix, lo, hi)
        return (start, bisect_left(keys, prefix + PREFIX_END, start, hi))

    def _name_matches(self, words: list[str], within: tuple[int, int] | None, seen: set[int]) -> list[int]:
        """Rows whose name has, for every query word, a word starting with it; set operations run in C."""
        if not words:
            return []
        # Start from the rarest query word ("hdfc bank": HDFC), then keep the rows the others also match.
        spans = sorted(map(self._word_entries, words), key=lambda span: span[1] - span[0])
        rows = set(self._table.word_rows[spans[0][0] : spans[0][1]]) - seen
        for lo, hi in spans[1:]:
            rows.intersection_update(self._table.word_rows[lo:hi])
        if within is not None:
            rows = {row for row in rows if within[0] <= row < within[1]}
        return sorted(rows, key=self._table.ranks.__getitem__)

    def _word_entries(self, prefix: str) -> tuple[int, int]:
        words = self._table.words
        lo = bisect_left(words, prefix)
        return (lo, bisect_left(words, prefix + PREFIX_END, lo))

    def _instrument(self, row: int) -> Instrument:
        t = self._table
        ordinal = t.expiries[row]
        return Instrument(
            instrument_token=t.tokens[row], exchange_token=t.exchange_tokens[row], tradingsymbol=t.symbols[row],
            name=t.names[t.name_ids[row]], last_price=t.last_prices[row],
            expiry=date.fromordinal(ordinal) if ordinal else None, strike=t.strikes[row],
            tick_size=t.tick_sizes[row], lot_size=t.lot_sizes[row], instrument_type=t.types[t.type_ids[row]],
            segment=t.segments[t.segment_ids[row]], exchange=_EXCHANGES[bisect_right(t.bounds, row) - 1],
        )  # fmt: skip
