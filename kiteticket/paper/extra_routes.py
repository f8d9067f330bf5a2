"""The routes everyday Kite scripts call beyond orders: GTT triggers, historical candles, position conversion,
auctions and mutual funds. Registered in server.py next to the order routes, with the same envelope, lock,
authentication and commit.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from kiteticket.paper import conversion
from kiteticket.paper.core import Core

Handler = Any


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


def historical(core: Core, request: Request, instrument_token: str, interval: str) -> Any:
    return core.services.historical.candles(instrument_token, interval, request.args)


def convert_position(core: Core, request: Request) -> Any:
    return conversion.convert_position(core.engine, request.form.to_dict())


def auctions(core: Core, request: Request) -> Any:
    return core.services.auctions.listed()


RULES = [
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
    "convert_position": convert_position,
    "auctions": auctions,
    "historical": historical,
    "gtt_list": gtt_list,
    "gtt_place": gtt_place,
    "gtt_get": gtt_get,
    "gtt_modify": gtt_modify,
    "gtt_delete": gtt_delete,
}
