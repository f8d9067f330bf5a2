"""The fault drill, short: the real app places orders through its ticket while the paper exchange drops replies,
answers 5xx, malformed JSON, HTML pages and 429s, restarts mid-poll, lets the access token die, and closes, stalls
and delays the ticker's socket, so order updates are lost while it is down.

Fails on any duplicate order, any order the app's book never showed, any unhandled exception, and any placement
whose outcome stayed unknown or was settled against what the exchange holds. The full drill (200 placements, the
app's own two-minute reconciliation window) is ``python benchmarks/drill.py``; this one cuts the window to seconds,
as the paper exchange shows an order at once.
"""

from __future__ import annotations

import pytest

from benchmarks.drill import DrillConfig, run_drill
from benchmarks.drill_plan import GET_BURSTS, POST_BURSTS, SOCKET_FAULTS
from benchmarks.drill_report import rows, updates_lost, verdict

SHORT = DrillConfig(placements=25, seed=5, reconcile_seconds=8)


@pytest.mark.timeout(300)
@pytest.mark.usefixtures("qtbot")  # the QApplication, and pytest-qt's capture of exceptions and Qt messages
def test_short_drill_sends_nothing_twice_and_loses_nothing() -> None:
    seen = run_drill(SHORT)
    found = verdict(seen)
    table = "\n".join(f"{figure}: {value}" for figure, value, _ in rows(seen))

    assert found.duplicates == 0, table
    assert found.lost == 0, table
    assert found.unhandled == 0, table + "\n" + "\n".join(seen.uncaught)
    assert found.unresolved == 0, table
    assert found.wrong == 0, table
    assert found.mismatch == 0, table
    assert not seen.refused, "\n".join(seen.refused)
    assert not seen.overridden, "held back with nothing unsettled: " + ", ".join(seen.overridden)
    assert len(seen.sent) == SHORT.placements, table
    assert seen.unknown, table  # the dropped replies did make outcomes unknown
    assert seen.restarted, table
    assert seen.logins >= 2, table  # logged in again by itself after the token died
    kinds = {name.split()[0] for name in seen.faults}
    assert kinds >= {kind for kind, _, _ in (*POST_BURSTS, *GET_BURSTS)} | {"drop_response"}, table
    assert kinds >= {kind for _, kind, _ in SOCKET_FAULTS}, table
    assert seen.heard, table  # the app streamed: order updates reached it while the socket was up...
    assert updates_lost(seen) > 0, table  # ...and some were lost while it was down, yet the book above caught up
