"""The life of a Kite access token: it expires at 06:00 IST the morning after login (regulatory, facts §6)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from kiteticket.domain.market_clock import IST

EXPIRY_TIME = time(6, 0)


def token_expiry(login_time: datetime) -> datetime:
    """06:00 IST after the login; a login between midnight and 06:00 lasts until 06:00 the same morning."""
    moment = login_time.astimezone(IST)
    expiry = datetime.combine(moment.date(), EXPIRY_TIME, IST)
    return expiry if moment < expiry else expiry + timedelta(days=1)
