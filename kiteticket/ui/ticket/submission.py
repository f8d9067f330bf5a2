"""Sending an order exactly once: a fresh tag, the user's confirmation, and a lock until the outcome is known.

The lock is taken before the confirmation is asked for and released only by the app's answer, so a double click,
a second Ctrl+Enter, or one arriving while the confirmation dialog is open, cannot send the order twice. When the
answer is "not known" (a timeout: the order may be at Kite), the same order is refused until the app reports what
became of it or the user clears the ticket: the order book must be checked for its tag first, never a blind resend.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kiteticket.domain.order import OrderRequest
from kiteticket.domain.tags import new_tag

Confirm = Callable[[OrderRequest], bool]


class SendLock:
    """Whether an order is being confirmed or is on its way, and the tag of the last one sent."""

    def __init__(self, confirm: Confirm) -> None:
        self._confirm = confirm
        self._confirming = False
        self.busy = False
        self.sent_tag = ""
        self._sent: OrderRequest | None = None
        self._unknown: OrderRequest | None = None  # sent, outcome not known: never resend it blindly

    @property
    def locked(self) -> bool:
        return self.busy or self._confirming

    def outcome_unknown(self) -> None:
        self._unknown = self._sent

    def outcome_known(self) -> None:
        self._unknown = None

    def awaits_outcome(self, request: OrderRequest) -> bool:
        """Whether this is the order whose outcome is not known (whatever its tag)."""
        return self._unknown is not None and replace(request, tag=None) == self._unknown

    def confirm(self, request: OrderRequest, prefix: str) -> OrderRequest | None:
        """The request with a fresh tag if the user confirms it, else None; None too while locked, and for the
        order whose outcome is not known."""
        if self.locked or self.awaits_outcome(request):
            return None
        tagged = request.with_tag(new_tag(request.tag or prefix))
        self._confirming = True
        try:
            confirmed = self._confirm(tagged)
        finally:
            self._confirming = False
        if not confirmed:
            return None
        self.busy = True
        self.sent_tag = tagged.tag or ""
        self._sent = replace(tagged, tag=None)
        return tagged
