"""JSON request bodies (the margin calculators and the admin API), read strictly.

A body is already capped in size by the HTTP server; here its numbers are capped in length (``1E+400000`` and a
4,000-digit integer are refused before Python builds them), NaN and Infinity are refused, and so is nesting
deeper than any real body needs (Python's parser would recurse on it until RecursionError).
"""

from __future__ import annotations

import json
from typing import Any

from kiteticket.domain.strict_numbers import MAX_TEXT_LENGTH
from kiteticket.paper.errors import input_error

MAX_DEPTH = 8  # a basket is a list of flat objects: depth 2; the admin bodies are flat objects


def parse_json(data: bytes, default: Any = None) -> Any:
    """The body as JSON (``default`` when empty), or a 400 InputException saying why not."""
    if not data.strip():
        return default
    try:
        value = json.loads(data, parse_int=_integer, parse_float=_float, parse_constant=_constant)
    except (ValueError, RecursionError):
        raise input_error("Invalid JSON in the request body.") from None
    if _depth(value) > MAX_DEPTH:
        raise input_error("Invalid JSON in the request body: it nests too deeply.")
    return value


def _integer(text: str) -> int:
    if len(text) > MAX_TEXT_LENGTH:
        raise ValueError("number too long")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_TEXT_LENGTH:
        raise ValueError("number too long")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("number out of range")
    return value


def _constant(text: str) -> Any:
    raise ValueError(f"{text} is not a number")


def _depth(value: Any) -> int:
    """How deep containers nest in ``value``, without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                children = item.values() if isinstance(item, dict) else item
                pending.extend((child, level + 1) for child in children)
    return deepest
