"""The day's instrument master, kept on disk so the app starts without fetching and parsing the dump again.

Kite rebuilds the dump every morning, so a cache is good for the IST day it was written on only. The caller
passes that day in (the domain has no clock) and does the fetching; this module only reads and writes the file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import date
from pathlib import Path

from kiteticket.domain.instruments import InstrumentMaster

_FILENAME = "instruments.bin"


class InstrumentCache:
    """One file in `directory`: the ISO day it was built on, a newline, then `InstrumentMaster.to_bytes()`."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self.path = directory / _FILENAME

    def load(self, today: date) -> InstrumentMaster | None:
        """The master stored on `today`; None when there is none, it is from another day, or it is damaged."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        stamp = _day_stamp(today)
        if not data.startswith(stamp):
            return None
        try:
            return InstrumentMaster.from_bytes(memoryview(data)[len(stamp) :])
        except ValueError:
            return None

    def store(self, csv_text: str, today: date) -> InstrumentMaster:
        """Parse the dump, keep it as today's, and return it; ValueError when the text is not a dump."""
        master = InstrumentMaster.from_csv(csv_text)
        self._write(_day_stamp(today) + master.to_bytes())
        return master

    def _write(self, data: bytes) -> None:
        # Write beside the target and rename over it, so a crash or a second app instance never sees half a file.
        self._directory.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".instruments-", suffix=".tmp", dir=self._directory)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


def _day_stamp(day: date) -> bytes:
    return day.isoformat().encode() + b"\n"
