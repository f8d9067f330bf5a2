"""Kite's form-encoded parameters read into requests, as the paper exchange receives them from the SDK."""

from __future__ import annotations

from decimal import Decimal

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
