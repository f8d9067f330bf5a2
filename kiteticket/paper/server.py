"""The WSGI application: Kite's routes, authentication, rate limits and injected faults around the handlers.

Whatever happens inside a handler, the client gets one of Kite's envelopes with a JSON content type; an
unexpected exception is logged and answered as 500 GeneralException, never as a traceback page.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from kiteticket.paper import admin, extra_routes, handlers
from kiteticket.paper.core import Core
from kiteticket.paper.envelope import JSON, error, success
from kiteticket.paper.errors import KiteError, general_error
from kiteticket.paper.faults import Fault

log = logging.getLogger(__name__)

RESET_FLAG = "paper.reset_connection"  # tells the HTTP server to reset the connection instead of answering
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_RULES = [
    ("/connect/login", "GET", "login"),
    ("/session/token", "POST", "session_create"),
    ("/session/token", "DELETE", "session_delete"),
    ("/user/profile", "GET", "profile"),
    ("/user/margins", "GET", "margins"),
    ("/user/margins/<segment>", "GET", "margins_segment"),
    ("/instruments", "GET", "instruments"),
    ("/instruments/trigger_range/<transaction_type>", "GET", "trigger_range"),
    ("/instruments/<exchange>", "GET", "instruments_exchange"),
    ("/quote", "GET", "quote"),
    ("/quote/ltp", "GET", "ltp"),
    ("/quote/ohlc", "GET", "ohlc"),
    ("/orders", "GET", "orders"),
    ("/orders/<variety>", "POST", "place"),
    ("/orders/<order_id>", "GET", "order_history"),
    ("/orders/<order_id>/trades", "GET", "order_trades"),
    ("/orders/<variety>/<order_id>", "PUT", "modify"),
    ("/orders/<variety>/<order_id>", "DELETE", "cancel"),
    ("/trades", "GET", "trades"),
    ("/portfolio/positions", "GET", "positions"),
    ("/portfolio/holdings", "GET", "holdings"),
    ("/margins/orders", "POST", "order_margins"),
    ("/margins/basket", "POST", "basket_margins"),
    ("/charges/orders", "POST", "charges"),
    *extra_routes.RULES,
]
_HANDLERS = {**handlers.HANDLERS, **extra_routes.HANDLERS}
_PUBLIC = frozenset({"login", "session_create", "session_delete"})
_URLS = Map(
    [Rule(path, methods=[method], endpoint=endpoint) for path, method, endpoint in _RULES], strict_slashes=False
)


def create_app(core: Core) -> WSGIApp:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            response = _respond(core, Request(environ), environ)
        except Exception:  # even a request werkzeug cannot read gets Kite's envelope
            log.exception("paper exchange: unreadable request")
            response = error(general_error("Something went wrong on the paper exchange. Please try again."))
        return response(environ, start_response)

    return app


def _respond(core: Core, request: Request, environ: dict[str, Any]) -> Response:
    if request.path.startswith("/_paper/"):
        return _guarded(lambda: admin.handle(core, request))
    fault = core.faults.take(request.method, request.path)
    if fault is not None and fault.hold:
        core.faults.wait_released()  # a test acts while this request is surely out, then releases it
    if fault is not None and fault.kind != "drop_response":
        early = _apply_fault(fault, environ)
        if early is not None:
            return early
    response = _guarded(lambda: _dispatch(core, request))
    if fault is not None and fault.kind == "drop_response":
        environ[RESET_FLAG] = True
    return response


def _guarded(run: Callable[[], Response]) -> Response:
    try:
        return run()
    except KiteError as exc:
        return error(exc)
    except NotFound:
        return error(general_error("Route not found", 404))
    except MethodNotAllowed:
        return error(general_error("Method not allowed", 405))
    except HTTPException as exc:  # werkzeug's reading of a bad request (a body cut short): the client's fault
        return error(KiteError(exc.description or "Bad request.", "InputException", exc.code or 400))
    except Exception:
        log.exception("paper exchange: unexpected error")
        return error(general_error("Something went wrong on the paper exchange. Please try again."))


def _dispatch(core: Core, request: Request) -> Response:
    core.registered_ips.check(request.method, request.path, request.remote_addr)  # before the token: NOT CONFIRMED
    endpoint, args = _route(request.method, request.path)
    if endpoint not in _PUBLIC:
        # The token first, as on Kite: a caller without a session gets 403 without touching the account's
        # rate-limit windows, and its body is never read.
        with core.lock:
            core.sessions.authenticate(request.headers.get("Authorization"))
        core.limiter.check(request.method, request.path, core.clock.today())
    handler = _HANDLERS[endpoint]
    request.get_data()  # the body, read now and outside the lock: a slow sender holds up no other request
    with core.transaction():
        core.roll_day()
        result = handler(core, request, **dict(args))
        # Encoded inside the transaction: an answer that cannot be written undoes the request it answers.
        return result if isinstance(result, Response) else success(result)


@lru_cache(maxsize=256)
def _route(method: str, path: str) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """The endpoint and arguments of a route, remembered: a client sends the same few paths again and again, and
    werkzeug's matching, done afresh, was a measurable part of every request. A refusal (NotFound,
    MethodNotAllowed) is raised, so never remembered. The arguments are a tuple, so no caller can change them."""
    endpoint, args = _URLS.bind("paper").match(path, method)
    return str(endpoint), tuple(args.items())


def _apply_fault(fault: Fault, environ: dict[str, Any]) -> Response | None:
    if fault.kind == "latency":
        threading.Event().wait(fault.latency_ms / 1000)
        return None
    if fault.kind == "http_5xx":
        kinds = {502: "DataException", 503: "NetworkException", 504: "NetworkException"}
        exc = KiteError(
            "The paper exchange is unavailable (injected fault).",
            kinds.get(fault.status, "GeneralException"),
            fault.status,
        )
        return error(exc)
    if fault.kind == "malformed_json":
        return Response(b'{"status": "success", "data": {"order_id": ', content_type=JSON)
    if fault.kind == "html_error":
        page = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
        return Response(page, status=502, content_type="text/html")
    environ[RESET_FLAG] = True  # "reset"
    return Response(b"", status=500)
