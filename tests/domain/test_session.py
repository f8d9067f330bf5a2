from __future__ import annotations

from datetime import datetime

import pytest

from kiteticket.domain.market_clock import IST
from kiteticket.domain.session import token_expiry


@pytest.mark.parametrize(
    ("login", "expiry"),
    [
        ("2026-11-25 09:00", "2026-11-26 06:00"),
        ("2026-11-25 23:59", "2026-11-26 06:00"),
        ("2026-11-26 05:30", "2026-11-26 06:00"),
        ("2026-11-26 06:00", "2026-11-27 06:00"),
    ],
)
def test_tokens_expire_at_six_the_next_morning(login: str, expiry: str) -> None:
    def at(text: str) -> datetime:
        return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=IST)

    assert token_expiry(at(login)) == at(expiry)
