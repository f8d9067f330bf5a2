"""Sending an order exactly once: a fresh tag, the user's confirmation, and a lock until the outcome is known.

The lock is taken before the confirmation is asked for and released only by the app's answer, so a double click,
a second Ctrl+Enter, or one arriving while the confirmation dialog is open, cannot send the order twice. When the
answer is "not known" (a timeout: the order may be at Kite), no order for the same instrument and side is sent
until the app reports what became of it or the user clears the ticket (Esc): a changed quantity or a depth click
must not be a way round the order book check by tag.
"""

from __future__ import annotations

from collections.abc import Callable

from kiteticket.domain.draft import Draft, Submission
from kiteticket.domain.order import OrderRequest
from kiteticket.domain.tags import new_tag

# Asked with the very value that is then sent: its request, instrument and last price.
Confirm = Callable[[Submission], bool]


Hold = tuple[str, str, str]  # exchange, tradingsymbol, side: what an order of unknown outcome holds back


def _hold(request: OrderRequest) -> Hold:
    return (str(request.exchange), request.tradingsymbol, str(request.transaction_type))


class SendLock:
    """Whether an order is being confirmed or is on its way, the tag of the last one sent, and the instruments and
    sides held back by orders whose outcome is not known."""

    def __init__(self, confirm: Confirm) -> None:
        self._confirm = confirm
        self._confirming = False
        self.busy = False
        self.sent_tag = ""
        self._sent: Hold | None = None
        self._unknown: dict[Hold, str] = {}  # sent, outcome not known: the tag to look for, never a blind resend

    @property
    def locked(self) -> bool:
        return self.busy or self._confirming

    def outcome_unknown(self) -> None:
        if self._sent is not None:
            self._unknown[self._sent] = self.sent_tag

    def outcome_known(self) -> None:
        """The last order's answer came: it releases that order's hold only (a newer order's answer says nothing
        of an older one still being checked)."""
        if self._sent is not None:
            self._unknown.pop(self._sent, None)

    def release(self, tag: str) -> None:
        """The order tagged `tag` was found or ruled out (whether or not it was the last one sent)."""
        self._unknown = {hold: held_tag for hold, held_tag in self._unknown.items() if held_tag != tag}

    def forget_unknown(self) -> None:
        """The user's explicit override (Esc): send anyway."""
        self._unknown.clear()

    def held(self, request: OrderRequest) -> str:
        """Why `request` may not go now ("" when it may): an order for its instrument and side is being checked."""
        tag = self._unknown.get(_hold(request))
        if tag is None:
            return ""
        return (
            f"An order for {request.tradingsymbol} {request.transaction_type} is still being checked (tag {tag}): "
            "wait for its answer or press Esc to send anyway."
        )

    def confirm(self, draft: Draft, prefix: str) -> Submission | None:
        """The draft with a fresh tag if the user confirms it, else None; None too while locked, and while an
        order for the same instrument and side is of unknown outcome."""
        request = draft.request
        if self.locked or self.held(request):
            return None
        submission = draft.submission(new_tag(request.tag or prefix))
        tagged = submission.request
        self._confirming = True
        try:
            confirmed = self._confirm(submission)
        finally:
            self._confirming = False
        if not confirmed:
            return None
        self.busy = True
        self.sent_tag = tagged.tag or ""
        self._sent = _hold(tagged)
        return submission
