"""The instrument master: parsing Kite's dump, lookup, search order and filters, the binary round trip."""

from __future__ import annotations

from array import array
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiteticket.domain.enums import Exchange
from kiteticket.domain.instrument_index import RankIndex, build_sparse, derivative_root
from kiteticket.domain.instruments import Instrument, InstrumentMaster

HEADER = (
    "instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,"
    "instrument_type,segment,exchange\n"
)
DUMP = HEADER + (
    "738561,2885,RELIANCE,RELIANCE INDUSTRIES,1612.4,,0.0,0.05,1,EQ,NSE,NSE\n"
    "128083204,500325,RELIANCE,RELIANCE INDUSTRIES,1612.5,,0.0,0.05,1,EQ,BSE,BSE\n"
    "3102209,12118,RELAXO,RELAXO FOOTWEARS,520.0,,0.0,0.05,1,EQ,NSE,NSE\n"
    "13430274,52462,RELIANCE27JANFUT,RELIANCE,1630.0,2027-01-26,0.0,0.05,500,FUT,NFO-FUT,NFO\n"
    "13429250,52458,RELIANCE26DECFUT,RELIANCE,1622.0,2026-12-29,0.0,0.05,500,FUT,NFO-FUT,NFO\n"
    "13431298,52466,RELIANCE26DEC1600CE,RELIANCE,40.5,2026-12-29,1600.0,0.05,500,CE,NFO-OPT,NFO\n"
    "256265,1001,NIFTY 50,NIFTY 50,26184.35,,0.0,0.0,0,EQ,INDICES,NSE\n"
    "9000002,35156,NIFTY26DECFUT,NIFTY,26343.35,2026-12-29,0.0,0.05,65,FUT,NFO-FUT,NFO\n"
    "9000258,35157,NIFTY26DEC26000CE,NIFTY,604.7,2026-12-29,26000.0,0.05,65,CE,NFO-OPT,NFO\n"
    "9000514,35158,NIFTY26DEC26000PE,NIFTY,263.4,2026-12-29,26000.0,0.05,65,PE,NFO-OPT,NFO\n"
    "9000770,35159,NIFTY26D2226000CE,NIFTY,410.0,2026-12-22,26000.0,0.05,65,CE,NFO-OPT,NFO\n"
    "341249,1333,HDFCBANK,HDFC BANK,1042.8,,0.0,0.05,1,EQ,NSE,NSE\n"
    "519937,2031,M&M,MAHINDRA & MAHINDRA,3812.45,,0.0,0.05,1,EQ,NSE,NSE\n"
    "5421569,21178,CDSL-BE,CENTRAL DEPO SER (I),0.0,,0.0,0.05,1,EQ,NSE,NSE\n"
    "5000007,19531,USDINR26DECFUT,USDINR,90.6625,2026-12-29,0.0,0.0025,1,FUT,CDS-FUT,CDS\n"
    "1000001,3906,INF204K01EY0,NIPPON INDIA FUND,10.0,,0.0,0.001,1,EQ,MF,MF\n"
    "2000012,7812,GUARSEED26DECFUT,GUARSEED,5000.0,2026-12-18,0.0,1.0,5,FUT,NCO-FUT,NCO\n"
)


@pytest.fixture(scope="module")
def master() -> InstrumentMaster:
    return InstrumentMaster.from_csv(DUMP)


def symbols(found: list[Instrument]) -> list[str]:
    return [instrument.key for instrument in found]


def test_rows_of_exchanges_outside_the_enum_are_dropped(master: InstrumentMaster) -> None:
    assert len(master) == 15
    assert {instrument.exchange for instrument in master} == {Exchange.NSE, Exchange.BSE, Exchange.NFO, Exchange.CDS}


def test_get_matches_exchange_and_symbol_exactly(master: InstrumentMaster) -> None:
    nse, bse = master.get(Exchange.NSE, "RELIANCE"), master.get(Exchange.BSE, "RELIANCE")
    assert nse is not None
    assert nse.instrument_token == 738561
    assert bse is not None
    assert bse.instrument_token == 128083204
    assert master.get("NSE", "M&M") is not None  # plain strings work too, symbols keep their '&'
    assert master.get(Exchange.NSE, "reliance") is None  # case as the dump writes it
    assert master.get(Exchange.NFO, "RELIANCE") is None
    assert master.get("MF", "INF204K01EY0") is None


def test_by_token_finds_every_row_and_nothing_else(master: InstrumentMaster) -> None:
    for instrument in master:
        assert master.by_token(instrument.instrument_token) == instrument
    assert master.by_token(1) is None
    assert master.by_token(10**12) is None


def test_instrument_has_the_sdk_types(master: InstrumentMaster) -> None:
    option = master.get(Exchange.NFO, "NIFTY26DEC26000CE")
    assert option == Instrument(
        instrument_token=9000258, exchange_token=35157, tradingsymbol="NIFTY26DEC26000CE", name="NIFTY",
        last_price=604.7, expiry=date(2026, 12, 29), strike=26000.0, tick_size=0.05, lot_size=65,
        instrument_type="CE", segment="NFO-OPT", exchange=Exchange.NFO,
    )  # fmt: skip
    assert option.is_option
    assert not option.is_future
    assert option.is_tradable
    assert option.key == "NFO:NIFTY26DEC26000CE"


def test_index_rows_are_kept_but_not_tradable(master: InstrumentMaster) -> None:
    index = master.get(Exchange.NSE, "NIFTY 50")
    assert index is not None
    assert index.key == "NSE:NIFTY 50"
    assert not index.is_tradable
    assert not index.is_option
    assert not index.is_future


def test_describe_gives_one_line_labels(master: InstrumentMaster) -> None:
    def label(exchange: Exchange, symbol: str) -> str:
        instrument = master.get(exchange, symbol)
        assert instrument is not None
        return instrument.describe()

    assert label(Exchange.NFO, "NIFTY26DEC26000CE") == "NIFTY26DEC26000CE · NIFTY 29 DEC 2026 26000 CE · lot 65 · NFO"
    assert label(Exchange.NFO, "RELIANCE26DECFUT") == "RELIANCE26DECFUT · RELIANCE 29 DEC 2026 FUT · lot 500 · NFO"
    assert label(Exchange.NSE, "RELIANCE") == "RELIANCE · RELIANCE INDUSTRIES · lot 1 · NSE"
    assert label(Exchange.NSE, "NIFTY 50") == "NIFTY 50 · index · NSE"


def test_describe_falls_back_to_the_symbol_when_the_dump_has_no_name() -> None:
    row = "12073986,47164,BANKNIFTY18JAN23500CE,,2528.4,2018-01-25,23500.0,0.05,40,CE,NFO-OPT,NFO\n"
    (option,) = InstrumentMaster.from_csv(HEADER + row)
    assert option.underlying == "BANKNIFTY"
    assert option.describe() == "BANKNIFTY18JAN23500CE · BANKNIFTY 25 JAN 2018 23500 CE · lot 40 · NFO"


@pytest.mark.parametrize(
    ("symbol", "expiry", "root"),
    [
        ("NIFTY26DEC26000CE", date(2026, 12, 29), "NIFTY"),
        ("NIFTY2611326000CE", date(2026, 1, 13), "NIFTY"),  # weekly: year, month character, day
        ("NIFTY26D2226000CE", date(2026, 12, 22), "NIFTY"),
        ("NIFTYNXT5026DECFUT", date(2026, 12, 29), "NIFTYNXT50"),
        ("USDINR26O0790.25PE", date(2026, 10, 7), "USDINR"),
        ("ODDSYMBOL", date(2026, 12, 29), "ODDSYMBOL"),
    ],
)
def test_derivative_root(symbol: str, expiry: date, root: str) -> None:
    assert derivative_root(symbol, expiry) == root


def test_search_puts_shorter_underlyings_equities_and_near_expiries_first(master: InstrumentMaster) -> None:
    assert symbols(master.search("rel")) == [
        "NSE:RELAXO", "NSE:RELIANCE", "BSE:RELIANCE", "NFO:RELIANCE26DECFUT", "NFO:RELIANCE27JANFUT",
        "NFO:RELIANCE26DEC1600CE",
    ]  # fmt: skip


def test_search_keeps_options_after_index_and_futures(master: InstrumentMaster) -> None:
    # A prefix matches every strike of the chain; the index and futures must not drown in them.
    assert symbols(master.search("NIFTY")) == [
        "NFO:NIFTY26DECFUT", "NSE:NIFTY 50", "NFO:NIFTY26D2226000CE", "NFO:NIFTY26DEC26000CE",
        "NFO:NIFTY26DEC26000PE",
    ]  # fmt: skip


def test_search_is_case_insensitive_and_ignores_extra_spaces(master: InstrumentMaster) -> None:
    assert master.search("  nifty   50 ") == master.search("NIFTY 50") != []


def test_search_filters_by_exchange(master: InstrumentMaster) -> None:
    assert symbols(master.search("RELIANCE", exchange=Exchange.BSE)) == ["BSE:RELIANCE"]
    assert symbols(master.search("reliance", exchange=Exchange.NSE)) == ["NSE:RELIANCE"]
    assert master.search("RELIANCE", exchange=Exchange.MCX) == []


def test_search_honours_the_limit(master: InstrumentMaster) -> None:
    assert symbols(master.search("RE", limit=2)) == ["NSE:RELAXO", "NSE:RELIANCE"]
    assert master.search("RE", limit=0) == []


def test_search_by_name_words_after_symbol_matches(master: InstrumentMaster) -> None:
    assert symbols(master.search("hdfc")) == ["NSE:HDFCBANK"]
    assert symbols(master.search("hdfc bank")) == ["NSE:HDFCBANK"]  # every word must start a word of the name
    assert symbols(master.search("industries")) == ["NSE:RELIANCE", "BSE:RELIANCE"]
    assert symbols(master.search("mahindra")) == ["NSE:M&M"]
    assert symbols(master.search("central depo")) == ["NSE:CDSL-BE"]
    assert symbols(master.search("industries", exchange=Exchange.BSE)) == ["BSE:RELIANCE"]
    assert master.search("bank hdfcx") == []


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("nifty dec fut", "NFO:NIFTY26DECFUT"),  # the year left out, as traders say it
        ("NIFTY26DEC FUT", "NFO:NIFTY26DECFUT"),  # the ticket's placeholder example, with its space
        ("nifty 26dec 26000 ce", "NFO:NIFTY26DEC26000CE"),
        ("Nifty Dec 26000 Put", "NFO:NIFTY26DEC26000PE"),
        ("nifty 2026 dec fut", "NFO:NIFTY26DECFUT"),
        ("reliance jan fut", "NFO:RELIANCE27JANFUT"),  # next year's month
        ("reliance 1600 call", "NFO:RELIANCE26DEC1600CE"),  # no month: any expiry
        ("usdinr dec", "CDS:USDINR26DECFUT"),
        ("nifty fut", "NFO:NIFTY26DECFUT"),
    ],
)
def test_search_reads_the_way_traders_type(master: InstrumentMaster, query: str, first: str) -> None:
    assert symbols(master.search(query))[:1] == [first]


def test_a_derivative_reading_keeps_to_the_exchange_and_finds_nothing_made_up(master: InstrumentMaster) -> None:
    assert symbols(master.search("nifty dec fut", exchange=Exchange.NFO)) == ["NFO:NIFTY26DECFUT"]
    assert master.search("nifty dec fut", exchange=Exchange.NSE) == []
    assert master.search("nifty mar fut") == []  # no March contract in the dump
    assert master.search("nifty dec 99999 ce") == []
    december = ["NFO:NIFTY26DECFUT", "NFO:NIFTY26DEC26000CE", "NFO:NIFTY26DEC26000PE"]
    assert symbols(master.search("nifty dec")) == december


def test_search_of_nothing_finds_nothing(master: InstrumentMaster) -> None:
    assert master.search("") == master.search("   ") == master.search("ZZZQ") == master.search("&") == []


def test_bytes_round_trip_keeps_every_row_and_the_search(master: InstrumentMaster) -> None:
    loaded = InstrumentMaster.from_bytes(master.to_bytes())
    assert list(loaded) == list(master)
    for query in ("rel", "NIFTY", "hdfc bank", "M"):
        assert loaded.search(query) == master.search(query)


def test_lowercase_symbols_are_found_exactly_and_by_prefix() -> None:
    loaded = InstrumentMaster.from_bytes(
        InstrumentMaster.from_csv(HEADER + "1,1,abcTest,ABC,1.0,,0.0,0.05,1,EQ,NSE,NSE\n").to_bytes()
    )
    assert loaded.get(Exchange.NSE, "abcTest") is not None
    assert loaded.get(Exchange.NSE, "ABCTEST") is None
    assert symbols(loaded.search("ABCT")) == ["NSE:abcTest"]


def test_an_empty_dump_gives_an_empty_master() -> None:
    empty = InstrumentMaster.from_bytes(InstrumentMaster.from_csv(HEADER).to_bytes())
    assert len(empty) == 0
    assert empty.search("A") == []
    assert empty.by_token(1) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "instrument_token,tradingsymbol\n1,INFY\n",
        HEADER + "abc,1594,INFY,INFOSYS,0.0,,0.0,0.05,1,EQ,NSE,NSE\n",
        HEADER + "408065,1594,INFY,INFOSYS,0.0,31-12-2026,0.0,0.05,1,EQ,NSE,NSE\n",
        HEADER + "408065,1594,INFY\n",
        HEADER + "408065,1594,IN\0FY,INFOSYS,0.0,,0.0,0.05,1,EQ,NSE,NSE\n",
    ],
)
def test_a_text_that_is_not_a_dump_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        InstrumentMaster.from_csv(text)


def test_blank_numbers_read_as_zero_as_in_kites_docs() -> None:
    (infy,) = InstrumentMaster.from_csv(HEADER + "408065,1594,INFY,INFOSYS,0,,,0.05,1,EQ,NSE,NSE\n")
    assert infy.strike == 0.0
    assert infy.last_price == 0.0


# Rows of each kind in Kite's instrument dump (kiteconnect-mocks instruments_all.csv): NSE and BSE equity with and
# without a last price, an '&' and a '-BE' series in the symbol, weekly options with expiry and strike.
DUMP_SAMPLE = HEADER + (
    "3813889,14898,CENTRALBK-BE,CENTRAL BANK OF INDIA,0.0,,0.0,0.05,1,EQ,NSE,NSE\n"
    "4645121,18145,EMMBI-BL,EMMBI INDUSTRIES,0.0,,0.0,0.05,1,EQ,NSE,NSE\n"
    "136483588,533139,FFTF16BGR,FORTIS FIXED TERM FUND - SERIE,0.0,,0.0,0.01,1,EQ,BSE,BSE\n"
    "136484868,533144,COX&KINGS,COX & KINGS,0.0,,0.0,0.05,1,EQ,BSE,BSE\n"
    "12073986,47164,BANKNIFTY18JAN23500CE,,2528.4,2018-01-25,23500.0,0.05,40,CE,NFO-OPT,NFO\n"
    "13693186,53489,ADANIPORTS17DEC490PE,,80.65,2017-12-28,490.0,0.05,2500,PE,NFO-OPT,NFO\n"
    "21227522,82920,INDIACEM17DEC225CE,,0.4,2017-12-28,225.0,0.05,3500,CE,NFO-OPT,NFO\n"
)


def test_kites_dump_parses_like_the_sdk() -> None:
    from kiteconnect import KiteConnect

    sdk_rows = KiteConnect(api_key="x")._parse_instruments(DUMP_SAMPLE.encode())
    master = InstrumentMaster.from_csv(DUMP_SAMPLE)
    assert len(master) == len(sdk_rows) == 7
    for row in sdk_rows:
        instrument = master.by_token(row["instrument_token"])
        assert instrument is not None
        expected = {**row, "expiry": row["expiry"] or None, "exchange_token": int(row["exchange_token"])}
        assert {field: getattr(instrument, field) for field in expected} == expected


# --- the range-minimum index behind the search -----------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_rank_index_top_matches_a_plain_sort(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 300))
    order = data.draw(st.permutations(range(n)))
    ranks = array("i", [0] * n)
    for rank, row in enumerate(order):
        ranks[row] = rank
    cuts = sorted(data.draw(st.lists(st.integers(0, n), min_size=2, max_size=6)))
    ranges = list(zip(cuts[::2], cuts[1::2], strict=False))
    limit = data.draw(st.integers(0, n))
    index = RankIndex(ranks, array("i", order), build_sparse(ranks))
    expected = sorted((row for lo, hi in ranges for row in range(lo, hi)), key=ranks.__getitem__)[:limit]
    assert index.top(ranges, limit) == expected


@settings(max_examples=50, deadline=None)
@given(st.lists(st.from_regex(r"[A-C]{1,4}", fullmatch=True), min_size=1, max_size=40, unique=True),
       st.from_regex(r"[a-c]{1,2}", fullmatch=True))  # fmt: skip
def test_search_returns_exactly_the_prefix_matches(names: list[str], query: str) -> None:
    dump = HEADER + "".join(f"{k + 1},{k + 1},{name},X,1.0,,0.0,0.05,1,EQ,NSE,NSE\n" for k, name in enumerate(names))
    found = InstrumentMaster.from_csv(dump).search(query, limit=100)
    assert sorted(i.tradingsymbol for i in found) == sorted(n for n in names if n.startswith(query.upper()))
    assert [len(i.tradingsymbol) for i in found] == sorted(len(i.tradingsymbol) for i in found)
