"""The life of a Kite access token: it expires at 06:00 IST the morning after login (regulatory, facts §6).

Also the login's own failure types, and the warning shown as the expiry nears.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from kiteticket.domain.errors import BrokerError, ErrorKind
from kiteticket.domain.market_clock import IST

EXPIRY_TIME = time(6, 0)
# Long enough to finish what is under way and log in again before the session ends.
WARN_BEFORE = timedelta(minutes=30)


class LoginCancelledError(BrokerError):
    """The user cancelled the login (or the app closed during it): nothing to report."""

    def __init__(self) -> None:
        super().__init__(ErrorKind.TOKEN, "The login was cancelled.")


def token_expiry(login_time: datetime) -> datetime:
    """06:00 IST after the login; a login between midnight and 06:00 lasts until 06:00 the same morning."""
    moment = login_time.astimezone(IST)
    expiry = datetime.combine(moment.date(), EXPIRY_TIME, IST)
    return expiry if moment < expiry else expiry + timedelta(days=1)


def expiry_warning(now: datetime, expires_at: datetime | None, before: timedelta = WARN_BEFORE) -> str:
    """The status-bar warning once the token is within ``before`` of its expiry, else ""."""
    if expires_at is None:
        return ""
    left = expires_at - now
    if left > before:
        return ""
    at = expires_at.astimezone(IST)
    if left <= timedelta(0):
        return f"Your Kite session ended at {at:%H:%M} IST. Log in again to continue."
    minutes = max(1, int(left.total_seconds() // 60))
    return (
        f"Your Kite session ends at {at:%H:%M} IST (in {minutes} min). "
        "Log in again afterwards (Session menu); what you typed stays in the ticket."
    )
