"""Child process for bench_app's start-up figure: prints 'usable' when the window has been shown and the event
loop runs, then (for the app) 'live' once it is logged in and the order book has been polled, then exits."""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(kind: str) -> int:
    from PySide6.QtCore import QTimer  # noqa: PLC0415 - the import is part of what is measured
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: PLC0415

    if kind == "bare":
        app = QApplication(sys.argv)
        window = QMainWindow()
        window.setCentralWidget(QLabel("hello"))
        window.show()
        QTimer.singleShot(0, lambda: (print("usable", flush=True), app.quit()))
        return app.exec()
    from kiteticket.app import build  # noqa: PLC0415

    home = tempfile.mkdtemp(prefix="kiteticket-probe-")
    app, window = build(["--paper", "--paper-db", ":memory:", "--home", home])
    window.show()
    QTimer.singleShot(0, lambda: print("usable", flush=True))
    timer = QTimer()

    def check() -> None:
        if "—" in window.windowTitle() and "not loaded" not in window.refreshed_text():
            print("live", flush=True)
            window.close()
            app.quit()

    timer.timeout.connect(check)
    timer.start(10)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
