"""Open the real kiteticket window on the paper exchange, wait until it is live, save a screenshot, and quit.

Run under any Qt platform: the Xvfb smoke test runs it with QT_QPA_PLATFORM=xcb on a virtual X display, and the
README's screenshot is made with it:  python tests/ui/window_script.py --out resources/screenshot.png
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from kiteticket.app import build

TIMEOUT_SECONDS = 60


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--symbol", default="INFY")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="kiteticket-window-"))
    app, window = build(["--paper", "--paper-db", ":memory:", "--seed", "7", "--home", str(home)])
    window.show()
    print(f"platform={QGuiApplication.platformName()}", flush=True)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    state = {"typed": False}

    def check() -> None:
        if time.monotonic() > deadline:
            print("window never became ready", file=sys.stderr)
            app.exit(2)
        elif "—" in window.windowTitle() and not state["typed"]:
            _pick_instrument(window, args.symbol)
            state["typed"] = True
        elif state["typed"] and _quote_shown(window):
            window.grab().save(str(args.out))
            print(f"saved={args.out}", flush=True)
            window.close()
            app.exit(0)

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(100)
    return app.exec()


def _pick_instrument(window: QWidget, symbol: str) -> None:
    exchange = window.findChild(QComboBox, "exchange")
    if exchange is not None:
        exchange.setCurrentIndex(max(exchange.findText("NSE"), 0))
    field = window.findChild(QLineEdit, "tradingsymbol")
    if field is not None:
        field.setText(symbol)
        field.editingFinished.emit()


def _quote_shown(window: QWidget) -> bool:
    from PySide6.QtWidgets import QLabel

    label = window.findChild(QLabel, "last_price")
    return label is not None and label.text().replace(".", "", 1).isdigit()


if __name__ == "__main__":
    QApplication.setApplicationName("kiteticket")
    sys.exit(main())
