"""The login flow and sessions: request tokens (single use, short-lived) and access tokens (until 06:00 IST).

Kite's texts: a bad or stale token is 403 TokenException (facts §4, §7). Sessions are kept in SQLite so a
restarted paper exchange still accepts the app's stored access token, as Kite would until 06:00.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from kiteticket.paper.clock import ExchangeClock
from kiteticket.paper.config import PaperConfig
from kiteticket.paper.errors import input_error, token_error
from kiteticket.paper.store import Store

# "A couple of minutes" (F-RT): the exact lifetime is NOT CONFIRMED; two minutes is the strict reading.
REQUEST_TOKEN_SECONDS = 120
EXCHANGES = ["NSE", "NFO", "BFO", "CDS", "BSE", "MCX", "BCD", "MF"]
PRODUCTS = ["CNC", "NRML", "MIS", "BO", "CO"]
ORDER_TYPES = ["MARKET", "LIMIT", "SL", "SL-M"]


class Sessions:
    def __init__(self, config: PaperConfig, clock: ExchangeClock, store: Store) -> None:
        self._config = config
        self._clock = clock
        self._store = store
        self._request_tokens: dict[str, float] = {}
        self._access: dict[str, float] = dict(store.get("sessions", {}))

    def login_redirect(self, api_key: str, redirect_params: str | None) -> str:
        if api_key != self._config.api_key:
            raise input_error("Invalid `api_key`.")
        token = secrets.token_hex(16)
        self._request_tokens[token] = self._clock.now().timestamp() + REQUEST_TOKEN_SECONDS
        query = [("request_token", token), ("action", "login"), ("type", "login"), ("status", "success")]
        if redirect_params:
            query.extend(parse_qsl(redirect_params, keep_blank_values=True))
        parts = urlsplit(self._config.redirect_url)
        joined = "&".join(q for q in (parts.query, urlencode(query)) if q)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, joined, parts.fragment))

    def create(self, api_key: str, request_token: str, checksum: str) -> dict[str, Any]:
        if api_key != self._config.api_key:
            raise token_error("Invalid `api_key`.")
        expected = hashlib.sha256((api_key + request_token + self._config.api_secret).encode()).hexdigest()
        if not hmac.compare_digest(expected, checksum):
            raise token_error("Invalid `checksum`.")
        expires = self._request_tokens.pop(request_token, None)  # single use: gone whatever happens next
        if expires is None or expires < self._clock.now().timestamp():
            raise token_error("Token is invalid or has expired.")
        access_token = secrets.token_hex(16)
        self._access[access_token] = self._clock.next_token_expiry().timestamp()
        self.persist()
        return self._session_body(access_token)

    def authenticate(self, header: str | None) -> None:
        """Accept ``Authorization: token api_key:access_token`` of a live session, or raise 403."""
        scheme, _, credentials = (header or "").partition(" ")
        api_key, _, access_token = credentials.partition(":")
        expires = self._access.get(access_token)
        if scheme.lower() != "token" or api_key != self._config.api_key or expires is None:
            raise token_error()
        if expires <= self._clock.now().timestamp():
            raise token_error()

    def logout(self, api_key: str, access_token: str) -> bool:
        if api_key != self._config.api_key or self._access.pop(access_token, None) is None:
            raise token_error()
        self.persist()
        return True

    def persist(self) -> None:
        now = self._clock.now().timestamp()
        self._access = {token: expiry for token, expiry in self._access.items() if expiry > now}
        self._store.put("sessions", self._access)
        self._store.commit()

    def profile(self) -> dict[str, Any]:
        user_id = self._config.user_id
        return {
            "user_id": user_id,
            "user_type": "individual",
            "email": f"{user_id.lower()}@paper.invalid",
            "user_name": "Paper Trader",
            "user_shortname": "Paper",
            "broker": "ZERODHA",
            "exchanges": list(EXCHANGES),
            "products": list(PRODUCTS),
            "order_types": list(ORDER_TYPES),
            "avatar_url": None,
            "meta": {"demat_consent": "physical"},
        }

    def _session_body(self, access_token: str) -> dict[str, Any]:
        body = self.profile()
        body.update(
            {
                "avatar_url": "",
                "api_key": self._config.api_key,
                "access_token": access_token,
                "public_token": secrets.token_hex(16),
                "enctoken": secrets.token_hex(16),
                "refresh_token": "",
                "silo": "",
                "login_time": self._clock.stamp(),
            }
        )
        return body
