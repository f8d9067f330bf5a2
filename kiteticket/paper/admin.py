"""The loopback-only admin API under /_paper/ (documented in ADMIN.md): prices, clock, faults, reset."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from werkzeug.wrappers import Request, Response

from kiteticket.paper.clock import parse_mode
from kiteticket.paper.core import Core
from kiteticket.paper.envelope import success
from kiteticket.paper.errors import KiteError, general_error, input_error


def _loopback(address: str | None) -> bool:
    return bool(address) and (address == "::1" or str(address).startswith("127."))


def handle(core: Core, request: Request) -> Response:
    if not _loopback(request.remote_addr):
        raise KiteError("The paper admin API answers on loopback only.", "PermissionException", 403)
    action = _ACTIONS.get(request.path)
    if action is None:
        raise general_error("Route not found", 404)
    if request.method != "POST":
        raise general_error("Method not allowed", 405)
    try:
        body = json.loads(request.get_data() or b"{}")
    except ValueError:
        raise input_error("Invalid JSON in the request body.") from None
    with core.transaction():
        return success(action(core, body if body is not None else {}))


def _price(core: Core, body: Any) -> Any:
    try:
        price = Decimal(str(body["last_price"]))
        exchange, symbol = str(body["exchange"]), str(body["tradingsymbol"])
    except (KeyError, TypeError, InvalidOperation):
        raise input_error("Send JSON with exchange, tradingsymbol and last_price.") from None
    if not price.is_finite() or price <= 0:
        raise input_error("Invalid `last_price`.")
    state = core.engine.set_price(exchange, symbol, price)
    return {"instrument_token": state.instrument.instrument_token, "last_price": float(state.last_price)}


def _clock(core: Core, body: Any) -> Any:
    try:
        if "market" in body:
            core.clock.set_mode(parse_mode(str(body["market"])))
        if "now" in body:
            core.clock.set_now(str(body["now"]))
    except (KeyError, ValueError):
        message = "Send JSON with now as 'YYYY-MM-DD HH:MM:SS' (IST) and/or market as open|closed|real."
        raise input_error(message) from None
    core.roll_day()
    core.engine.sweep()
    return {"now": core.clock.stamp(), "market": core.clock.mode.value}


def _faults(core: Core, body: Any) -> Any:
    return {"faults": core.faults.configure(body)}


def _reset(core: Core, body: Any) -> Any:
    core.reset()
    return True


_ACTIONS = {"/_paper/price": _price, "/_paper/clock": _clock, "/_paper/faults": _faults, "/_paper/reset": _reset}
