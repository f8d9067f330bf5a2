"""The app's log file: rotating, in the platform's log folder, every line scrubbed of secrets, and the place where
faulthandler writes every thread's stack if the process dies of a fatal signal (the crash box promises "details went
to the log"). Installed by the entry point (``app.main``), never at import and never by ``build``, so tests and
scripts that build the app keep their own logging.
"""

from __future__ import annotations

import faulthandler
import logging
import threading
from collections.abc import Callable, Iterable
from logging.handlers import RotatingFileHandler
from pathlib import Path

from kiteticket.domain.redaction import redact_text

LOG_FILE = "kiteticket.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


class LogSecrets:
    """Where the values to scrub come from: sources added as the app is built (the gateway knows the tokens once
    the user logs in), read at each line. Thread-safe: any thread may log."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sources: list[Callable[[], Iterable[str]]] = []

    def add(self, source: Callable[[], Iterable[str]]) -> None:
        with self._lock:
            self._sources.append(source)

    def values(self) -> set[str]:
        with self._lock:
            sources = list(self._sources)
        return {secret for source in sources for secret in source()}


class RedactingFormatter(logging.Formatter):
    """Scrubs the whole formatted line, traceback included: an exception's message may quote a request."""

    def __init__(self, secrets: LogSecrets) -> None:
        super().__init__(FORMAT)
        self._secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        return redact_text(super().format(record), self._secrets.values())


class LogFile(RotatingFileHandler):
    """The rotating log file; faulthandler follows it to the new file at each rotation."""

    def doRollover(self) -> None:  # noqa: N802 - logging's own name
        super().doRollover()
        if self.stream is not None:
            faulthandler.enable(self.stream, all_threads=True)


def install(folder: Path, secrets: LogSecrets) -> LogFile:
    """Log INFO and up from every logger to ``folder/kiteticket.log``, and fatal signals' stacks there too."""
    folder.mkdir(parents=True, exist_ok=True)
    handler = LogFile(folder / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(RedactingFormatter(secrets))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.INFO, logging.INFO))
    if handler.stream is not None:
        faulthandler.enable(handler.stream, all_threads=True)
    return handler


def uninstall(handler: LogFile) -> None:
    faulthandler.disable()
    logging.getLogger().removeHandler(handler)
    handler.close()
