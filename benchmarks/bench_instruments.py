"""Instrument master at the real dump's size: parse, cache load, search and memory against the SDK and targets.

Run from the repository root: python benchmarks/bench_instruments.py
It builds a synthetic 150,000-row dump shaped like Kite's (about 10,000 equities and indices; the rest NFO, BFO,
MCX and CDS futures and options over many underlyings and expiries; a few rows of exchanges the ticket drops),
then prints one table. Figures are medians over several runs; nothing here asserts, the targets are printed.
"""

from __future__ import annotations

import csv
import io
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a plain checkout

from kiteconnect import KiteConnect

from kiteticket.broker.instrument_cache import InstrumentCache
from kiteticket.domain.instruments import InstrumentMaster

TOTAL_ROWS = 150_000
TODAY = date(2026, 12, 1)
HEADER = ("instrument_token", "exchange_token", "tradingsymbol", "name", "last_price", "expiry", "strike",
          "tick_size", "lot_size", "instrument_type", "segment", "exchange")  # fmt: skip
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_SYLLABLES = ("AB", "AD", "AL", "AM", "AN", "AR", "BA", "BE", "BH", "CE", "CH", "DE", "DI", "EL", "EN", "FI", "GA",
              "GO", "HI", "IN", "JA", "KA", "KO", "LA", "LI", "MA", "ME", "NA", "NI", "OM", "PA", "PO", "RA", "RE",
              "SA", "SH", "SI", "TA", "TE", "TI", "UN", "VA", "VI", "WE", "ZE")  # fmt: skip
_NAME_WORDS = ("INDUSTRIES", "FINANCE", "BANK", "PHARMA", "TEXTILES", "STEEL", "POWER", "INFRA", "CHEMICALS",
               "MOTORS", "CAPITAL", "ENERGY", "FOODS", "HOLDINGS", "SYSTEMS", "CEMENT", "PAPER", "FUND - SERIE",
               "INDIA", "TECHNOLOGIES", "AGRO", "PORTS", "HOUSING", "MUTUAL FUND", "ETF", "GOLD")  # fmt: skip


class _Dump:
    """Accumulates CSV rows with unique tokens; `seg` is the low byte Kite gives each segment's tokens."""

    def __init__(self) -> None:
        self.rows: list[tuple[object, ...]] = []
        self._next = 1000

    def add(self, seg: int, *fields: object) -> None:
        """fields: tradingsymbol, name, last_price, expiry, strike, tick_size, lot_size, type, segment, exchange."""
        self._next += 1
        self.rows.append((self._next * 256 + seg, self._next, *fields))


def _symbols(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    while len(seen) < count:
        seen.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 5))))
    return sorted(seen)


def _equities(dump: _Dump, rng: random.Random, symbols: list[str]) -> None:
    for symbol in symbols:
        name = f"{symbol[:6]} {rng.choice(_NAME_WORDS)}"
        price = round(rng.uniform(5, 5000), 2)
        for suffix in ("", "-BE") if rng.random() < 0.25 else ("",):
            dump.add(1, symbol + suffix, name, price, "", 0.0, 0.05, 1, "EQ", "NSE", "NSE")
        if rng.random() < 0.8:
            dump.add(4, symbol, name, price, "", 0.0, 0.05, 1, "EQ", "BSE", "BSE")
    for index in range(120):
        dump.add(9, f"NIFTY {symbols[index][:8]}", f"NIFTY {symbols[index][:8]}", 0, "", 0, 0, 0, "EQ",
                 "INDICES", "NSE")  # fmt: skip
    for name in ("NIFTY 50", "NIFTY BANK", "SENSEX"):
        dump.add(9, name, name, 26000, "", 0, 0, 0, "EQ", "INDICES", "BSE" if name == "SENSEX" else "NSE")


def _last_tuesday(year: int, month: int) -> date:
    day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 1) % 7)


def _monthlies(count: int) -> list[date]:
    return [_last_tuesday(TODAY.year + (TODAY.month - 1 + k) // 12, (TODAY.month - 1 + k) % 12 + 1)
            for k in range(count)]  # fmt: skip


def _weeklies(count: int) -> list[date]:
    first = TODAY + timedelta(days=(1 - TODAY.weekday()) % 7 or 7)
    return [first + timedelta(weeks=k) for k in range(count)]


def _code(underlying: str, expiry: date, weekly: bool) -> str:
    month = "123456789OND"[expiry.month - 1]
    tail = f"{month}{expiry.day:02d}" if weekly else _MONTHS[expiry.month - 1]
    return f"{underlying}{expiry.year % 100:02d}{tail}"


def _chain(dump: _Dump, spec: tuple[str, str, int, float, float, int], expiries: list[date], weekly: bool,
           strikes: int) -> None:  # fmt: skip
    underlying, exchange, seg, spot, step, lot = spec
    atm = round(spot / step) * step
    for expiry in expiries:
        code, iso = _code(underlying, expiry, weekly), expiry.isoformat()
        if not weekly:
            dump.add(seg, code + "FUT", underlying, spot, iso, 0.0, 0.05, lot, "FUT", f"{exchange}-FUT", exchange)
        for k in range(-strikes // 2, strikes // 2):
            strike = atm + k * step
            label = f"{strike:g}"
            for kind in ("CE", "PE"):
                premium = round(max(0.05, (spot - strike if kind == "CE" else strike - spot) + step), 2)
                dump.add(seg, f"{code}{label}{kind}", underlying, premium, iso, strike, 0.05, lot, kind,
                         f"{exchange}-OPT", exchange)  # fmt: skip


def _derivatives(dump: _Dump, rng: random.Random, symbols: list[str]) -> None:
    indices = (("NIFTY", "NFO", 2, 26000, 50, 65), ("BANKNIFTY", "NFO", 2, 59000, 100, 30),
               ("FINNIFTY", "NFO", 2, 27500, 50, 60), ("MIDCPNIFTY", "NFO", 2, 13500, 25, 120),
               ("SENSEX", "BFO", 5, 85000, 100, 20), ("BANKEX", "BFO", 5, 66000, 100, 30))  # fmt: skip
    for spec in indices:
        _chain(dump, spec, _monthlies(3), weekly=False, strikes=160)
    for spec in (indices[0], indices[4]):
        _chain(dump, spec, _weeklies(6), weekly=True, strikes=240)
    for underlying in ("CRUDEOIL", "NATURALGAS", "GOLD", "SILVER", "COPPER", "ZINC", "GOLDM", "SILVERM"):
        _chain(dump, (underlying, "MCX", 7, round(rng.uniform(300, 150000)), 50, 1), _monthlies(3), False, 60)
    for underlying in ("USDINR", "EURINR", "GBPINR", "JPYINR"):
        _chain(dump, (underlying, "CDS", 3, 90.0, 0.25, 1), _monthlies(6) + _weeklies(4)[:1], False, 60)
    stocks = iter(symbols[200:])
    while len(dump.rows) < TOTAL_ROWS - 300:
        _chain(dump, (next(stocks), "NFO", 2, round(rng.uniform(100, 5000), 1), 10, 500), _monthlies(3), False, 36)


def _foreign(dump: _Dump, rng: random.Random) -> None:
    # The "all" dump also lists exchanges the ticket cannot trade on; the master drops them.
    while len(dump.rows) < TOTAL_ROWS:
        dump.add(12, f"NCO{rng.randrange(10**6)}", "GUARSEED", 5000, "2026-12-19", 0, 1, 5, "FUT", "NCO-FUT", "NCO")


def make_dump() -> str:
    rng = random.Random(20261201)
    symbols = _symbols(rng, 5200)
    dump = _Dump()
    _equities(dump, rng, symbols)
    _derivatives(dump, rng, symbols)
    _foreign(dump, rng)
    del dump.rows[TOTAL_ROWS:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(dump.rows)
    return out.getvalue()


def make_queries(master: InstrumentMaster, count: int = 200) -> list[str]:
    """What users type: symbol prefixes of every length, derivative stems, name words, single letters, misses."""
    rng = random.Random(7)
    symbols = [instrument.tradingsymbol for instrument in master if instrument.instrument_type == "EQ"]
    fixed = ["NIFTY", "NIFTY2", "NIFTY26DEC", "NIFTY26DEC260", "BANKNIFTY", "BANKNIFTY27JAN", "SENSEX",
             "CRUDEOIL", "USDINR26", "GOLD", "bank", "hdfc bank", "fund serie", "mutual fund", "industries", "zzqx",
             "nifty 50", "nifty dec fut", "NIFTY26DEC FUT", "banknifty 26dec 52000 ce", "banknifty jan fut", "infy",
             "nifty 26000 ce", "zz dec fut"]  # fmt: skip
    queries = fixed + [chr(ord("A") + k) for k in range(26)]
    while len(queries) < count:
        symbol = rng.choice(symbols)
        queries.append(symbol[: rng.randint(1, len(symbol))].lower())
    return queries


def _median_time(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _traced_mb(func: Callable[[], object]) -> float:
    """Memory still held by what func returns, in MB (tracemalloc counts Python allocations)."""
    tracemalloc.start()
    try:
        kept = func()
        current, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del kept
    return current / 1e6


def _search_times(master: InstrumentMaster, queries: list[str]) -> list[tuple[float, str]]:
    """Per query, the median of 5 runs: the search's own cost, not a scheduler hiccup in one run."""
    times = []
    for query in queries:
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            master.search(query)
            runs.append(time.perf_counter() - start)
        times.append((statistics.median(runs), query))
    return times


@dataclass(frozen=True)
class Figures:
    sdk_parse: float  # seconds
    parse: float
    load: float
    search_median: float
    search_worst: float
    worst_query: str
    mb: float
    sdk_mb: float
    file_mb: float
    csv_mb: float


def measure(csv_text: str, cache_dir: Path, runs: int = 3) -> Figures:
    csv_bytes, sdk = csv_text.encode(), KiteConnect(api_key="x")
    cache = InstrumentCache(cache_dir)
    cache.store(csv_text, TODAY)
    master = cache.load(TODAY)
    assert master is not None
    times = _search_times(master, make_queries(master))
    return Figures(
        sdk_parse=_median_time(lambda: sdk._parse_instruments(csv_bytes), runs=runs),
        parse=_median_time(lambda: InstrumentMaster.from_csv(csv_text), runs=runs),
        load=_median_time(lambda: cache.load(TODAY), runs=3 * runs),
        search_median=statistics.median(t for t, _ in times), search_worst=max(times)[0], worst_query=max(times)[1],
        mb=_traced_mb(lambda: cache.load(TODAY)), sdk_mb=_traced_mb(lambda: sdk._parse_instruments(csv_bytes)),
        file_mb=cache.path.stat().st_size / 1e6, csv_mb=len(csv_bytes) / 1e6,
    )  # fmt: skip


def _met(value: float, target: float) -> str:
    return "yes" if value < target else "NO"


def _table(f: Figures) -> list[tuple[str, ...]]:
    sdk = f"SDK _parse_instruments {f.sdk_parse:.2f} s"
    return [
        ("figure", "kiteticket", "baseline", "target", "met"),
        ("parse the CSV (once a day)", f"{f.parse:.2f} s", sdk, "-", ""),
        ("load from cache (each start)", f"{f.load * 1000:.0f} ms", sdk, "< 500 ms", _met(f.load, 0.5)),
        ("cache load / SDK parse", f"{f.load / f.sdk_parse:.1%}", "-", "-", ""),
        ("one search, median of 200", f"{f.search_median * 1000:.3f} ms", "-", "< 5 ms", _met(f.search_median, 0.005)),
        (f"one search, worst ({f.worst_query!r})", f"{f.search_worst * 1000:.3f} ms", "-", "< 5 ms",
         _met(f.search_worst, 0.005)),
        ("memory of loaded master", f"{f.mb:.1f} MB", f"SDK list of dicts {f.sdk_mb:.0f} MB", "< 100 MB",
         _met(f.mb, 100)),
        ("cache file", f"{f.file_mb:.1f} MB", f"CSV {f.csv_mb:.1f} MB", "-", ""),
    ]  # fmt: skip


def main() -> None:
    csv_text = make_dump()
    kept = len(InstrumentMaster.from_csv(csv_text))
    print(f"synthetic dump: {TOTAL_ROWS:,} rows, {kept:,} kept (rows of other exchanges dropped); medians of runs\n")
    with tempfile.TemporaryDirectory() as folder:
        rows = _table(measure(csv_text, Path(folder)))
    widths = [max(len(row[col]) for row in rows) for col in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
