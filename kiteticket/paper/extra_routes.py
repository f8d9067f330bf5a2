"""The routes everyday Kite scripts call beyond orders: GTT triggers, historical candles, position conversion,
auctions and mutual funds. Registered in server.py next to the order routes, with the same envelope, lock,
authentication and commit.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from werkzeug.wrappers import Request, Response

from kiteticket.paper import conversion
from kiteticket.paper.core import Core
from kiteticket.paper.envelope import JSON

Handler = Any
log = logging.getLogger(__name__)


def gtt_list(core: Core, request: Request) -> Any:
    return core.services.gtt.list()


def gtt_place(core: Core, request: Request) -> Any:
    return core.services.gtt.place(request.form.to_dict())


def gtt_get(core: Core, request: Request, trigger_id: str) -> Any:
    return core.services.gtt.get(trigger_id)


def gtt_modify(core: Core, request: Request, trigger_id: str) -> Any:
    return core.services.gtt.modify(trigger_id, request.form.to_dict())


def gtt_delete(core: Core, request: Request, trigger_id: str) -> Any:
    return core.services.gtt.delete(trigger_id)


def historical(core: Core, request: Request, instrument_token: str, interval: str) -> Response:
    query = core.services.historical.prepare(instrument_token, interval, request.args)

    def body() -> Iterator[bytes]:  # made while the response is written, after the exchange's lock is released
        try:
            answer: dict[str, Any] = {"status": "success", "data": query.run()}
        except Exception:  # the 200 is on its way: Kite's error body still makes the SDK raise, not parse junk
            log.exception("paper exchange: historical candles failed")
            answer = {"status": "error", "message": "Could not make the candles.", "data": None,
                      "error_type": "GeneralException"}  # fmt: skip
        yield json.dumps(answer, separators=(",", ":")).encode()

    return Response(body(), content_type=JSON)


def convert_position(core: Core, request: Request) -> Any:
    return conversion.convert_position(core.engine, request.form.to_dict())


def auctions(core: Core, request: Request) -> Any:
    return core.services.auctions.listed()


def mf_orders(core: Core, request: Request) -> Any:
    return core.services.mf.orders()


def mf_order(core: Core, request: Request, order_id: str) -> Any:
    return core.services.mf.order(order_id)


def mf_place(core: Core, request: Request) -> Any:
    return core.services.mf.place(request.form.to_dict())


def mf_cancel(core: Core, request: Request, order_id: str) -> Any:
    return core.services.mf.cancel(order_id)


def mf_sips(core: Core, request: Request) -> Any:
    return core.services.sips.list()


def mf_sip(core: Core, request: Request, sip_id: str) -> Any:
    return core.services.sips.get(sip_id)


def mf_sip_place(core: Core, request: Request) -> Any:
    return core.services.sips.place(request.form.to_dict())


def mf_sip_modify(core: Core, request: Request, sip_id: str) -> Any:
    return core.services.sips.modify(sip_id, request.form.to_dict())


def mf_sip_cancel(core: Core, request: Request, sip_id: str) -> Any:
    return core.services.sips.cancel(sip_id)


def mf_holdings(core: Core, request: Request) -> Any:
    return core.services.mf.holdings()


def mf_instruments(core: Core, request: Request) -> Response:
    return Response(core.services.mf.instruments_csv(), content_type="text/csv")


RULES = [
    ("/mf/orders", "GET", "mf_orders"),
    ("/mf/orders", "POST", "mf_place"),
    ("/mf/orders/<order_id>", "GET", "mf_order"),
    ("/mf/orders/<order_id>", "DELETE", "mf_cancel"),
    ("/mf/sips", "GET", "mf_sips"),
    ("/mf/sips", "POST", "mf_sip_place"),
    ("/mf/sips/<sip_id>", "GET", "mf_sip"),
    ("/mf/sips/<sip_id>", "PUT", "mf_sip_modify"),
    ("/mf/sips/<sip_id>", "DELETE", "mf_sip_cancel"),
    ("/mf/holdings", "GET", "mf_holdings"),
    ("/mf/instruments", "GET", "mf_instruments"),
    ("/portfolio/positions", "PUT", "convert_position"),
    ("/portfolio/holdings/auctions", "GET", "auctions"),
    ("/instruments/historical/<instrument_token>/<interval>", "GET", "historical"),
    ("/gtt/triggers", "GET", "gtt_list"),
    ("/gtt/triggers", "POST", "gtt_place"),
    ("/gtt/triggers/<trigger_id>", "GET", "gtt_get"),
    ("/gtt/triggers/<trigger_id>", "PUT", "gtt_modify"),
    ("/gtt/triggers/<trigger_id>", "DELETE", "gtt_delete"),
]
HANDLERS: dict[str, Handler] = {
    "mf_orders": mf_orders,
    "mf_order": mf_order,
    "mf_place": mf_place,
    "mf_cancel": mf_cancel,
    "mf_sips": mf_sips,
    "mf_sip": mf_sip,
    "mf_sip_place": mf_sip_place,
    "mf_sip_modify": mf_sip_modify,
    "mf_sip_cancel": mf_sip_cancel,
    "mf_holdings": mf_holdings,
    "mf_instruments": mf_instruments,
    "convert_position": convert_position,
    "auctions": auctions,
    "historical": historical,
    "gtt_list": gtt_list,
    "gtt_place": gtt_place,
    "gtt_get": gtt_get,
    "gtt_modify": gtt_modify,
    "gtt_delete": gtt_delete,
}
