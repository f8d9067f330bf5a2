"""The paper exchange in a process of its own, for ``kiteticket --paper``.

In the app's process the exchange's threads (its HTTP handlers, the market's price beats, the ticker's encoding)
took the GIL from the GUI thread: Qt takes the GIL afresh for every call into Python while it paints, and the
fault drill's longest GUI stalls were a quarter spent waiting for it. In a process of its own the exchange is what
Kite is to the live app, a server on the other end of a socket, and a crash on either side leaves the other
standing.

The port is chosen here, so the root URL is known at once and the window is built while the exchange starts; the
first request waits for it (``wait_ready``). The child stops when its standard input closes: when this process
stops it, and when this process dies without a word (``kiteticket-paper --until-stdin-closes``).
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO

READY_SECONDS = 30  # a cold start on a slow laptop (imports from a cold disk) is a few seconds
STOP_SECONDS = 10  # it closes its sessions and database first
ROOT_LINE = "root: "


class PaperExchangeError(RuntimeError):
    """The exchange's process ended or did not answer in time; the message says what it printed."""


def free_loopback_port() -> int:
    """A port nobody listens on now (the child binds it a moment later; nothing else on loopback races for it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PaperProcess:
    """One exchange process at a time: ``start``, ``wait_ready``, ``restart`` (same port and database), ``stop``."""

    def __init__(self, arguments: Sequence[str], log_file: Path) -> None:
        self._arguments = list(arguments)  # kiteticket-paper's own, without --port
        self._log_file = log_file  # its standard error: its warnings and a crash's traceback
        self.port = free_loopback_port()
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._failure = ""

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, reset: bool = False) -> str:
        command = [sys.executable, "-m", "kiteticket.paper.cli", "--until-stdin-closes", "--port", str(self.port)]
        command += [*self._arguments, *(["--reset"] if reset else [])]
        self._ready.clear()
        self._failure = ""
        with open(self._log_file, "a", encoding="utf-8") as errors:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
                encoding="utf-8",
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console window on Windows
            )
        assert self._process.stdout is not None
        self._reader = threading.Thread(target=self._read_output, args=(self._process.stdout,), daemon=True)
        self._reader.start()
        return self.root_url

    def wait_ready(self, seconds: float = READY_SECONDS) -> None:
        """Returns once the exchange answers on its port; raises PaperExchangeError if it ended or never did."""
        if not self._ready.wait(seconds):
            raise PaperExchangeError(f"the paper exchange did not start within {seconds:.0f} s")
        if self._failure:
            raise PaperExchangeError(self._failure)

    def restart(self) -> None:
        """Stop it and start it again on the same port and database file, as after a crash of the server: the
        app's connections break, its orders and sessions are kept on disk, and the same root URL answers again."""
        with self._lock:
            self._stop()
            self.start()
        self.wait_ready()

    def stop(self) -> None:
        with self._lock:
            self._stop()

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            if process.stdin is not None:
                process.stdin.close()  # its lifeline: it stops by itself
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if self._reader is not None:
            self._reader.join(STOP_SECONDS)  # its output ends with the process; the reader closes the pipe

    def _read_output(self, output: IO[str]) -> None:
        """Its labelled lines: ready at "root: …"; then read to the end, so a chatty child never fills the pipe."""
        with output:
            for line in output:
                if line.startswith(ROOT_LINE):
                    self._ready.set()
        if not self._ready.is_set():
            self._failure = f"the paper exchange stopped before it started (its errors: {self._log_file})"
            self._ready.set()
