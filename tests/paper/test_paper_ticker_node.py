"""The npm kiteconnect client's KiteTicker against the paper exchange, through node: the same server serves
Kite's JavaScript users. CI installs the package (``.ci/run``: ``npm install`` in tests/node); elsewhere the test
is skipped when node or the package is missing, and fails in CI if they are."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from kiteconnect import KiteConnect

from kiteticket.paper.exchange import PaperExchange

NODE_DIR = Path(__file__).resolve().parents[1] / "node"
INFY = 408065

# Keys of the npm client's decoded ticks (its parseBinary), as Kite's ticker_quote/full.json describe them.
QUOTE_KEYS = {
    "tradable", "mode", "instrument_token", "last_price", "last_traded_quantity", "average_traded_price",
    "volume_traded", "total_buy_quantity", "total_sell_quantity", "ohlc", "change",
}  # fmt: skip
FULL_KEYS = QUOTE_KEYS | {"last_trade_time", "exchange_timestamp", "oi", "oi_day_high", "oi_day_low", "depth"}


def _node() -> str:
    node = shutil.which("node")
    installed = (NODE_DIR / "node_modules" / "kiteconnect").is_dir()
    if node is None or not installed:
        if os.environ.get("CI"):
            pytest.fail("CI must install node and tests/node's packages (npm install --prefix tests/node)")
        pytest.skip("node or the npm kiteconnect package is not installed (npm install --prefix tests/node)")
    return node


def test_the_npm_kiteticker_decodes_quote_and_full_ticks(streaming: PaperExchange, streaming_kite: KiteConnect) -> None:
    node = _node()
    kite = streaming_kite
    done = subprocess.run(
        [node, str(NODE_DIR / "ticker_check.js"), streaming.ws_url, kite.api_key, kite.access_token, str(INFY)],
        capture_output=True, text=True, timeout=40, cwd=NODE_DIR, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ticks = {tick["mode"]: tick for tick in map(json.loads, done.stdout.splitlines())}
    assert set(ticks["quote"]) == QUOTE_KEYS
    assert set(ticks["full"]) == FULL_KEYS
    full = ticks["full"]
    assert full["instrument_token"] == INFY
    assert len(full["depth"]["buy"]) == len(full["depth"]["sell"]) == 5
    assert full["depth"]["buy"][0]["price"] <= full["last_price"] <= full["depth"]["sell"][0]["price"]
    assert full["ohlc"]["low"] <= full["last_price"] <= full["ohlc"]["high"]
