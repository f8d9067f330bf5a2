"""One running kiteticket per profile (data folder), held by an OS lock on a file in it.

Two instances on one data folder each started an exchange on the same paper database and each recovered the
other's open placements from the shared journal: the second told the user "was not placed" about an order that
existed. The lock is the operating system's (``flock`` on Linux and macOS, ``msvcrt.locking`` on Windows), so it
goes with the process, however that ends: a ``kill -9`` leaves no stale lock behind, and no PID guessing is needed.
The PID written into the file is only there to be named in the refusal.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

LOCK_FILE = "kiteticket.lock"


class ProfileInUseError(RuntimeError):
    """Another process holds the profile; ``str()`` says so in one line, in the user's words."""


class ProfileLock:
    """Held from ``acquire`` until ``release`` or the end of the process."""

    def __init__(self, file: IO[str], path: Path) -> None:
        self._file: IO[str] | None = file
        self.path = path

    @classmethod
    def acquire(cls, folder: Path) -> ProfileLock:
        """Take the profile in ``folder``, or raise ProfileInUseError at once (never waits)."""
        path = folder / LOCK_FILE
        file = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for as long as the lock is
        try:
            _lock(file)
        except OSError:
            holder = _holder(path)
            file.close()
            raise ProfileInUseError(
                f"kiteticket is already running on this profile ({folder}{holder}). Switch to that window, or "
                "start this one with --home DIR for a profile of its own."
            ) from None
        file.seek(0)
        file.truncate()
        file.write(f"{os.getpid()}\n")
        file.flush()
        return cls(file, path)

    def release(self) -> None:
        file, self._file = self._file, None
        if file is not None:
            _unlock(file)
            file.close()

    @property
    def held(self) -> bool:
        return self._file is not None


def _lock(file: IO[str]) -> None:
    if sys.platform == "win32":
        file.seek(0)
        msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)  # raises OSError when another process holds it
    else:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(file: IO[str]) -> None:
    if sys.platform == "win32":
        file.seek(0)
        msvcrt.locking(file.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(file.fileno(), fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    """ ", process 1234" from the lock file, when it can be read (Windows keeps a locked byte from readers)."""
    try:
        pid = path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return f", process {pid}" if pid.isdigit() else ""
