"""The fund order form's draft: its problems by mode, and the request it makes once there are none."""

from __future__ import annotations

from decimal import Decimal

from kiteticket.domain.mf_draft import MfDraft, MfMode
from kiteticket.domain.mf_rules import MfField, MfOrderRequest, MfSipRequest
from kiteticket.domain.mutual_funds import SipFrequency
from tests.domain.test_mf_rules import SCHEME


def test_a_purchase_is_by_amount_with_the_minimum_of_a_first_or_an_additional_purchase() -> None:
    first = MfDraft(MfMode.BUY, SCHEME, amount="800")
    assert [problem.field for problem in first.problems()] == [MfField.AMOUNT]
    assert first.order("t1") is None
    more = MfDraft(MfMode.BUY, SCHEME, amount="800", held=True)
    assert more.order("t1") == MfOrderRequest(SCHEME.tradingsymbol, "BUY", amount=Decimal(800), tag="t1")
    assert more.sip("t1") is None  # not a SIP


def test_all_units_redeems_what_can_be_redeemed_whatever_is_typed() -> None:
    draft = MfDraft(MfMode.SELL, SCHEME, units="oops", all_units=True, redeemable=Decimal("12.345"))
    assert draft.problems() == ()
    assert draft.order("t2") == MfOrderRequest(SCHEME.tradingsymbol, "SELL", units=Decimal("12.345"), tag="t2")
    assert MfDraft(MfMode.SELL, SCHEME, units="13", redeemable=Decimal("12.345")).order("t2") is None


def test_a_sip_carries_its_schedule_and_a_weekly_one_no_day() -> None:
    monthly = MfDraft(MfMode.SIP, SCHEME, amount="500", instalments="24", day=5, initial="1000")
    assert monthly.sip("t3") == MfSipRequest(SCHEME.tradingsymbol, Decimal(500), SipFrequency.MONTHLY, 24,
                                             instalment_day=5, initial_amount=Decimal(1000), tag="t3")  # fmt: skip
    weekly = MfDraft(MfMode.SIP, SCHEME, amount="500", until_cancelled=True, frequency=SipFrequency.WEEKLY, day=5)
    assert weekly.sip("t4") == MfSipRequest(SCHEME.tradingsymbol, Decimal(500), SipFrequency.WEEKLY, -1, tag="t4")
    assert MfDraft(MfMode.SIP, None, amount="500").sip("t5") is None
    assert MfDraft(MfMode.SIP, SCHEME, amount="500").order("t6") is None  # not an order
