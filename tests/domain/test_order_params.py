"""Kite's form-encoded parameters read into requests, as the paper exchange receives them from the SDK."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kiteticket.domain.enums import Exchange, OrderType, Validity, Variety
from kiteticket.domain.fields import Field
from kiteticket.domain.order import ModifyRequest, OrderRequest
from kiteticket.domain.order_params import parse_modify_params, parse_place_params
from tests.factories import limit_buy


def form_of(request: OrderRequest) -> dict[str, str]:
    """What the SDK sends: every set parameter, form-encoded as str()."""
    params = request.to_kite_params()
    params.pop("variety")
    return {key: str(value).lower() if isinstance(value, bool) else str(value) for key, value in params.items()}


def test_round_trip_of_every_parameter() -> None:
    request = limit_buy(
        variety=Variety.ICEBERG, validity=Validity.TTL, validity_ttl=5, iceberg_legs=4, iceberg_quantity=3,
        disclosed_quantity=2, market_protection=-1, tag="abc123", trigger_price=Decimal("1599.95"),
    )  # fmt: skip
    assert parse_place_params("iceberg", form_of(request)) == request


def test_autoslice_and_auction_round_trip() -> None:
    request = limit_buy(autoslice=True, auction_number="22")
    assert parse_place_params("regular", form_of(request)) == request


def test_unreadable_and_missing_values_are_reported_by_field() -> None:
    problems = parse_place_params("regular", {"exchange": "NYSE", "quantity": "ten", "price": "abc"})
    assert isinstance(problems, tuple)
    fields = {problem.field for problem in problems}
    assert {Field.EXCHANGE, Field.QUANTITY, Field.PRICE, Field.TRADINGSYMBOL, Field.PRODUCT} <= fields
    assert any(problem.message == "Invalid `quantity`." for problem in problems)


def test_unknown_variety() -> None:
    assert parse_place_params("bo", {}) == parse_modify_params("bo", "1", {})


def test_variety_in_the_url_is_case_insensitive() -> None:
    request = parse_place_params("CO", form_of(limit_buy(variety=Variety.CO)))
    assert isinstance(request, OrderRequest)
    assert request.variety is Variety.CO


def test_modify_reads_only_what_was_sent() -> None:
    modify = parse_modify_params("regular", "151220000000000", {"price": "1601.5", "order_type": "SL"})
    assert modify == ModifyRequest(
        order_id="151220000000000", variety=Variety.REGULAR, price=Decimal("1601.5"), order_type=OrderType.SL
    )
    merged = modify.apply_to(limit_buy(exchange=Exchange.NSE))
    assert (merged.price, merged.order_type, merged.quantity) == (Decimal("1601.5"), OrderType.SL, 10)


_NUMERIC = ["quantity", "price", "trigger_price", "validity_ttl", "disclosed_quantity", "iceberg_legs",
            "iceberg_quantity", "market_protection"]  # fmt: skip
_TEXTS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["1E+400000", "inf", "NaN", "1_0", "١٢", "-1", "-0.5", "100.01", "1e2", "0"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


@given(st.dictionaries(st.sampled_from(_NUMERIC), _TEXTS, min_size=1))
def test_whatever_is_read_is_finite_and_in_range(form: dict[str, str]) -> None:
    base = {"exchange": "NSE", "tradingsymbol": "INFY", "transaction_type": "BUY", "quantity": "1",
            "product": "CNC", "order_type": "LIMIT"}  # fmt: skip
    parsed = parse_place_params("regular", {**base, **form})
    if isinstance(parsed, tuple):
        named = {f"{word} `{name}`." for name in _NUMERIC for word in ("Invalid", "Missing")}
        assert {problem.message for problem in parsed} <= named
        return
    for value in (parsed.price, parsed.trigger_price):
        assert value is None or (value.is_finite() and 0 <= value <= 100_000_000)
    for count in (parsed.quantity, parsed.disclosed_quantity, parsed.iceberg_quantity):
        assert count is None or 0 <= count <= 1_000_000_000
    protection = parsed.market_protection
    assert protection is None or protection == -1 or 0 <= protection <= 100
