"""What the app knows of its market-data and order-update stream, as the status bar shows it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class StreamState(StrEnum):
    CONNECTING = "connecting"
    LIVE = "live"
    RECONNECTING = "reconnecting"
    DOWN = "down"  # given up (or refused): the app lives on REST polling alone


@dataclass(frozen=True, slots=True)
class StreamStatus:
    state: StreamState
    attempt: int = 0  # reconnection attempt, while reconnecting
    detail: str = ""  # why it is down, in the user's words

    @property
    def text(self) -> str:
        if self.state is StreamState.LIVE:
            return "Stream: live"
        if self.state is StreamState.RECONNECTING:
            return f"Stream: reconnecting ({self.attempt})"
        if self.state is StreamState.CONNECTING:
            return "Stream: connecting…"
        return "Stream: polling only" + (f" ({self.detail})" if self.detail else "")

    @property
    def healthy(self) -> bool:
        """While the stream is live, the order book's poll is only a slow reconciliation."""
        return self.state is StreamState.LIVE
