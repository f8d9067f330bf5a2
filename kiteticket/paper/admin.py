"""The loopback-only admin API under /_paper/ (documented in ADMIN.md): prices, clock, the close, faults, reset.

It can move money and break the exchange on purpose, so it is guarded against web pages as well as other hosts:
a browser page cannot reach it cross-origin (an ``Origin`` header is refused, and a form or a "simple" request
cannot send ``application/json``), nor through DNS rebinding (the ``Host`` must name loopback). Each body is
checked whole before anything changes.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime
from decimal import Decimal
from typing import Any

from werkzeug.wrappers import Request, Response

from kiteticket.domain.market_clock import MarketMode
from kiteticket.domain.strict_numbers import strict_number
from kiteticket.paper.bodies import parse_json
from kiteticket.paper.clock import TIMESTAMP_FORMAT, parse_mode
from kiteticket.paper.core import Core
from kiteticket.paper.envelope import success
from kiteticket.paper.errors import KiteError, general_error, input_error
from kiteticket.paper.faults import TICKER_KINDS, parse_faults

_MAX_PRICE = Decimal(100_000_000)  # the order forms' bound (domain/order_params.py)
_YEARS = range(2000, 2100)  # a clock outside these is a typo, and breaks date arithmetic at the edges


def _loopback(address: str | None) -> bool:
    return bool(address) and (address == "::1" or str(address).startswith("127."))


def _loopback_host(host: str) -> bool:
    """``localhost``, ``127.0.0.1:8000``, ``[::1]:8000``…: a name that a rebinding DNS answer cannot fake."""
    name = host[1:].partition("]")[0] if host.startswith("[") else host.partition(":")[0]
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _refuse(message: str) -> KiteError:
    return KiteError(message, "PermissionException", 403)


def _check_caller(request: Request) -> None:
    if not _loopback(request.remote_addr):
        raise _refuse("The paper admin API answers on loopback only.")
    if request.headers.get("Origin") is not None:
        raise _refuse("The paper admin API refuses requests from web pages (an Origin header was sent).")
    if not _loopback_host(request.headers.get("Host", "")):
        raise _refuse("The paper admin API answers only to a loopback Host.")


def handle(core: Core, request: Request) -> Response:
    _check_caller(request)
    action = _ACTIONS.get(request.path)
    if action is None:
        raise general_error("Route not found", 404)
    if request.method != "POST":
        raise general_error("Method not allowed", 405)
    if request.mimetype != "application/json":
        raise KiteError("Send the body as JSON (Content-Type: application/json).", "InputException", 415)
    body = parse_json(request.get_data(), default={})
    with core.transaction():
        return success(action(core, body))


def _object(body: Any, message: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise input_error(message)
    return body


def _price(core: Core, body: Any) -> Any:
    message = "Send JSON with exchange, tradingsymbol and last_price (a price above 0), and optionally bid and ask."
    fields = _object(body, message)
    exchange, symbol = fields.get("exchange"), fields.get("tradingsymbol")
    if not isinstance(exchange, str) or not isinstance(symbol, str):
        raise input_error(message)
    price = _positive(fields, "last_price")
    touch = None
    if "bid" in fields or "ask" in fields:
        touch = _positive(fields, "bid"), _positive(fields, "ask")
        if not touch[0] <= price <= touch[1]:
            raise input_error("The bid must be at or below last_price, and the ask at or above it.")
    state = core.engine.set_price(exchange, symbol, price, touch)
    return {"instrument_token": state.instrument.instrument_token, "last_price": float(state.last_price)}


def _positive(fields: dict[str, Any], name: str) -> Decimal:
    try:
        price = strict_number(fields.get(name), Decimal(0), _MAX_PRICE)
    except ValueError:
        raise input_error(f"Invalid `{name}`.") from None
    if price <= 0:
        raise input_error(f"Invalid `{name}`.")
    return price


def _clock(core: Core, body: Any) -> Any:
    message = "Send JSON with now as 'YYYY-MM-DD HH:MM:SS' (IST) and/or market as open|closed|real."
    fields = _object(body, message)
    try:
        mode = parse_mode(fields["market"]) if "market" in fields else None
        now = fields.get("now")
        if "now" in fields and not (isinstance(now, str) and datetime.strptime(now, TIMESTAMP_FORMAT).year in _YEARS):
            raise ValueError(now)  # null, a number, another format, a year such as 1 or 9999
    except (KeyError, ValueError, TypeError, AttributeError):
        raise input_error(message) from None
    if mode is not None:
        core.clock.set_mode(mode)
    if now is not None:
        core.clock.set_now(now)
    core.roll_day()
    core.engine.sweep()
    return {"now": core.clock.stamp(), "market": core.clock.mode.value}


def _close(core: Core, body: Any) -> Any:
    """The closing bell, now: every exchange stops (prices freeze, AMOs are taken), squares off intraday positions
    and cancels its working orders."""
    _object(body, "Send an empty JSON object: {}.")
    core.clock.set_mode(MarketMode.CLOSED)
    closed = core.engine.bell.close()
    core.engine.sweep()
    return {"market": core.clock.mode.value, "squared_off": closed.squared_off, "cancelled": closed.cancelled}


def _faults(core: Core, body: Any) -> Any:
    if isinstance(body, dict) and body.get("clear") is True:
        core.faults.clear()
    elif isinstance(body, dict) and body.get("release") is True:
        core.faults.release()
    else:
        for fault in parse_faults(body):  # all read first: one bad fault in a list adds none
            if fault.kind in TICKER_KINDS:
                core.ticker_fault(fault)
            else:
                core.faults.add(fault)
    return {"faults": core.faults.describe()}


def _registered_ip(core: Core, body: Any) -> Any:
    addresses = body.get("addresses") if isinstance(body, dict) else body
    if not isinstance(addresses, list):
        raise input_error("Send JSON with addresses, a list of at most two IPs ([] turns the rule off).")
    return {"addresses": core.registered_ips.set(addresses)}


def _reset(core: Core, body: Any) -> Any:
    _object(body, "Send an empty JSON object: {}.")
    core.reset()
    return True


_ACTIONS = {"/_paper/price": _price, "/_paper/clock": _clock, "/_paper/faults": _faults, "/_paper/reset": _reset}
_ACTIONS["/_paper/registered_ip"] = _registered_ip  # the static-IP rule (paper/static_ip.py)
_ACTIONS["/_paper/close"] = _close  # the closing bell (paper/session_bell.py)
