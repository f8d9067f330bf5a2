"""Reading the form fields of the newer routes (GTT, position conversion, mutual funds) in Kite's words.

Each reader raises Kite's 400 InputException naming the field ("Missing `amount`.", "Invalid `amount`."), so a
handler validates everything it needs before it changes any state.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from kiteticket.paper.errors import input_error


def text(form: Mapping[str, str], name: str, default: str | None = None) -> str:
    value = (form.get(name) or "").strip()
    if value:
        return value
    if default is not None:
        return default
    raise input_error(f"Missing `{name}`.")


def choice(form: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str | None = None) -> str:
    value = text(form, name, default)
    if value not in allowed:
        raise input_error(f"Invalid `{name}`.")
    return value


def number(form: Mapping[str, str], name: str, default: Decimal | None = None) -> Decimal:
    """A finite decimal number (no NaN, no Infinity)."""
    raw = (form.get(name) or "").strip()
    if not raw:
        if default is not None:
            return default
        raise input_error(f"Missing `{name}`.")
    return as_number(raw, name)


def as_number(value: Any, name: str) -> Decimal:
    if isinstance(value, bool):
        raise input_error(f"Invalid `{name}`.")
    try:
        parsed = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise input_error(f"Invalid `{name}`.") from None
    if not parsed.is_finite():
        raise input_error(f"Invalid `{name}`.")
    return parsed


def whole(form: Mapping[str, str], name: str, default: int | None = None) -> int:
    """A whole number: "5" or "5.0", not "5.5"."""
    value = number(form, name, None if default is None else Decimal(default))
    return as_whole(value, name)


def as_whole(value: Any, name: str) -> int:
    parsed = as_number(value, name)
    if parsed != parsed.to_integral_value():
        raise input_error(f"Invalid `{name}`.")
    return int(parsed)


def json_field(form: Mapping[str, str], name: str) -> Any:
    try:
        return json.loads(text(form, name))
    except ValueError:
        raise input_error(f"Invalid `{name}`: not valid JSON.") from None
