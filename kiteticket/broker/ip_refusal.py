"""Recognising Kite's refusal of an order write that came from an address not registered for the API key.

What is known (kite-api-facts.md §5): since 1 April 2026 Kite rejects every order request (place, modify, cancel)
from an IP that is not in the "IP Whitelist" of the user's developer profile; reads work from anywhere. What is
NOT CONFIRMED: the error type, the HTTP status and the wording of that rejection. So the match is conservative and
needs all three to fit:

* the error type is one Kite uses for "you may not do this" or "bad request" (Permission, Input, Order, General;
  never TokenException, which means the session died, nor Network or Data, which say nothing was decided);
* the HTTP status is 400, 401 or 403 (a 5xx says nothing about whether the order went through);
* the wording names an IP address and says it is not registered, not whitelisted or not allowed.

The paper exchange's own refusal (paper/static_ip.py: 403 PermissionException) fits these patterns. When Kite's
real wording is seen, add it to ``_WORDING`` here: this is the one place the patterns live.
"""

from __future__ import annotations

import re

from kiteconnect import exceptions as kite_errors

# GeneralException is also where the SDK puts error types it does not know (MarginException, UserException...).
_TYPES: tuple[type[Exception], ...] = (
    kite_errors.PermissionException,
    kite_errors.InputException,
    kite_errors.OrderException,
    kite_errors.GeneralException,
)
_STATUSES = frozenset({400, 401, 403})
# "IP", "IP address", "IPs", "static IP" as a word, so "zip" or "tip" never match.
_NAMES_AN_IP = re.compile(r"\bips?\b|\bip[- ]?address", re.IGNORECASE)
_WORDING = re.compile(
    r"not\s+(?:registered|whitelisted|white-listed|allowed|permitted|authori[sz]ed)|unregistered|"
    r"whitelist|white list",
    re.IGNORECASE,
)


def is_ip_refusal(error: Exception) -> bool:
    """Whether ``error`` (a kiteconnect exception) is Kite refusing a request for the address it came from."""
    if not isinstance(error, _TYPES):
        return False
    code = int(getattr(error, "code", 0) or 0)
    message = str(getattr(error, "message", "") or error)
    return code in _STATUSES and bool(_NAMES_AN_IP.search(message)) and bool(_WORDING.search(message))
