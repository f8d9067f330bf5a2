"""A basket's orders checked again at placement: the ticket's rules (an order they refuse is never sent) and the
user's precautions (sent only after an explicit override), with each plan item tied to its basket row."""

from __future__ import annotations

from decimal import Decimal

from kiteticket.domain.basket import order_line
from kiteticket.domain.basket_checks import check_orders, override_text, placement_plan, tripped
from kiteticket.domain.bulk import PlaceWrite
from kiteticket.domain.enums import TransactionType
from kiteticket.domain.instruments import Instrument
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.precautions import PrecautionKind, PrecautionLimits
from tests.factories import equity, limit_buy

LISTED = {"NSE:INFY": equity("INFY"), "NSE:SBIN": equity("SBIN")}
LIMITS = PrecautionLimits(max_quantity=100)
ORDERS = (
    limit_buy(),  # fine
    limit_buy(tradingsymbol="GONE"),  # expired or never listed: the ticket would refuse it
    limit_buy(price=Decimal("1600.03")),  # off the 0.05 tick grid
    limit_buy(tradingsymbol="SBIN", quantity=500, price=Decimal("800"), transaction_type=TransactionType.SELL),
)


def listed(order: OrderRequest) -> Instrument | None:
    return LISTED.get(order.instrument_key)


def test_each_order_meets_the_tickets_rules_and_the_precautions_again() -> None:
    checks = check_orders(ORDERS, listed, {}, LIMITS)

    assert [found.row for found in checks] == [0, 1, 2, 3]
    assert checks[0].problems == () and checks[0].precautions == ()  # noqa: PT018 - one order, both halves
    assert "was not found" in checks[1].problems[0]
    assert "tick" in checks[2].problems[0]
    assert [p.kind for p in checks[3].precautions] == [PrecautionKind.MAX_QUANTITY]
    assert tripped(checks) == (checks[3],)
    assert override_text(tripped(checks), order_line).startswith(
        "These orders trip your precautions:\n\n#4 SELL 500 SBIN (NSE) LIMIT at ₹800.00, CNC, Regular\n"
        "   • Quantity 500 is above your maximum of 100 per order."
    )


def test_without_the_override_only_clean_orders_go_and_the_rest_are_listed_as_skipped() -> None:
    placement = placement_plan("Place basket Hedge", check_orders(ORDERS, listed, {}, LIMITS), order_line,
                               override=False)  # fmt: skip
    plan, rows = placement.plan, placement.rows

    assert [item.write for item in plan.items] == [PlaceWrite(ORDERS[0])]
    assert rows == (0,)
    assert [skipped.line.split(" ", 1)[0] for skipped in plan.skipped] == ["#2", "#3", "#4"]
    assert plan.skipped[2].reason.startswith("your precautions: Quantity 500 is above")
    assert [row for row, _ in placement.skipped_rows] == [1, 2, 3]


def test_with_the_override_a_questioned_order_goes_and_results_map_back_to_basket_rows() -> None:
    placement = placement_plan("Place basket Hedge", check_orders(ORDERS, listed, {}, LIMITS), order_line,
                               override=True)  # fmt: skip
    plan, rows = placement.plan, placement.rows

    assert [item.write for item in plan.items] == [PlaceWrite(ORDERS[0]), PlaceWrite(ORDERS[3])]
    assert rows == (0, 3), "the second item's result belongs on the basket's fourth row"
    assert len(plan.skipped) == 2, "the override never sends what the ticket's rules refuse"
