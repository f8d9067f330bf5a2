"""One function per Kite route: read the request, ask the core, return the ``data`` of the envelope.

They run under the core's lock, after authentication (see server.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from kiteticket.paper import margin_api
from kiteticket.paper.bodies import parse_json
from kiteticket.paper.core import Core
from kiteticket.paper.envelope import success_raw
from kiteticket.paper.errors import input_error

Handler = Callable[..., Any]
CSV = "text/csv"


def login(core: Core, request: Request) -> Response:
    location = core.sessions.login_redirect(request.args.get("api_key", ""), request.args.get("redirect_params"))
    return redirect(location, 302)


def session_create(core: Core, request: Request) -> Any:
    form = request.form
    return core.sessions.create(form.get("api_key", ""), form.get("request_token", ""), form.get("checksum", ""))


def session_delete(core: Core, request: Request) -> Any:
    return core.sessions.logout(request.args.get("api_key", ""), request.args.get("access_token", ""))


def profile(core: Core, request: Request) -> Any:
    return core.sessions.profile()


def margins(core: Core, request: Request) -> Any:
    return {segment: core.engine.segment_funds(segment) for segment in ("equity", "commodity")}


def margins_segment(core: Core, request: Request, segment: str) -> Any:
    if segment not in ("equity", "commodity"):
        raise input_error("Invalid segment.")
    return core.engine.segment_funds(segment)


def instruments(core: Core, request: Request) -> Response:
    return Response(core.instruments_csv, content_type=CSV)


def instruments_exchange(core: Core, request: Request, exchange: str) -> Response:
    text = core.csv_by_exchange.get(exchange.upper())
    if text is None:
        raise input_error("Invalid exchange.")
    return Response(text, content_type=CSV)


def trigger_range(core: Core, request: Request, transaction_type: str) -> Any:
    return core.quotes.trigger_range(transaction_type, request.args.getlist("i"))


def quote(core: Core, request: Request) -> Any:
    return core.quotes.quote(request.args.getlist("i"))


def ltp(core: Core, request: Request) -> Any:
    return core.quotes.ltp(request.args.getlist("i"))


def ohlc(core: Core, request: Request) -> Any:
    return core.quotes.ohlc(request.args.getlist("i"))


def orders(core: Core, request: Request) -> Response:
    return success_raw(core.book.orders_json())


def _order_form(request: Request) -> dict[str, str]:
    """The order form, the first value of each field as ``request.form.to_dict()`` gives it. A urlencoded body (what
    the SDKs send) is read straight from its bytes: werkzeug's form machinery cost more than the rest of reading
    an order. Like werkzeug, a body that is not UTF-8 reads as an empty form."""
    if request.mimetype != "application/x-www-form-urlencoded":
        return request.form.to_dict()
    try:
        pairs = parse_qsl(request.get_data().decode(), keep_blank_values=True, errors="werkzeug.url_quote")
    except ValueError:
        return {}
    form: dict[str, str] = {}
    for name, value in pairs:
        form.setdefault(name, value)
    return form


def place(core: Core, request: Request, variety: str) -> Any:
    return core.engine.place(variety, _order_form(request))


def modify(core: Core, request: Request, variety: str, order_id: str) -> Any:
    return core.engine.modify(variety, order_id, _order_form(request))


def cancel(core: Core, request: Request, variety: str, order_id: str) -> Any:
    return core.engine.cancel(variety, order_id, request.args.get("parent_order_id") or None)


def order_history(core: Core, request: Request, order_id: str) -> Response:
    if core.book.get(order_id) is None:
        raise input_error("Invalid `order_id`.")
    return success_raw(b"[" + ",".join(core.book.history(order_id)).encode() + b"]")


def order_trades(core: Core, request: Request, order_id: str) -> Any:
    if core.book.get(order_id) is None:
        raise input_error("Invalid `order_id`.")
    return [trade.to_kite() for trade in core.book.trades_by_order.get(order_id, [])]


def trades(core: Core, request: Request) -> Any:
    return [trade.to_kite() for trade in core.book.trades]


def positions(core: Core, request: Request) -> Any:
    return core.positions()


def holdings(core: Core, request: Request) -> Any:
    return core.holdings()


def _json_body(request: Request) -> Any:
    return parse_json(request.get_data())


def order_margins(core: Core, request: Request) -> Any:
    return margin_api.order_margins(core.engine, _json_body(request))


def basket_margins(core: Core, request: Request) -> Any:
    return margin_api.basket_margins(core.engine, _json_body(request))


def charges(core: Core, request: Request) -> Any:
    return margin_api.contract_note(core.engine, _json_body(request))


HANDLERS: dict[str, Handler] = {
    "login": login,
    "session_create": session_create,
    "session_delete": session_delete,
    "profile": profile,
    "margins": margins,
    "margins_segment": margins_segment,
    "instruments": instruments,
    "instruments_exchange": instruments_exchange,
    "trigger_range": trigger_range,
    "quote": quote,
    "ltp": ltp,
    "ohlc": ohlc,
    "orders": orders,
    "place": place,
    "modify": modify,
    "cancel": cancel,
    "order_history": order_history,
    "order_trades": order_trades,
    "trades": trades,
    "positions": positions,
    "holdings": holdings,
    "order_margins": order_margins,
    "basket_margins": basket_margins,
    "charges": charges,
}
