"""Checking an answer's keys and value types against a shape written into the test itself.

The shapes are copied by hand from zerodha/kiteconnect-mocks (named beside each one), so the tests hold Kite's
keys and types without reading the mock files at test time. A shape maps each key to the JSON types its value
may have: ``NUM`` (int or float, as Kite writes 72 and 72.5 alike), ``STR``, ``BOOL``, ``NULL``, ``LIST``,
``DICT``, or a nested shape (a dict) for an object.
"""

from __future__ import annotations

from typing import Any

NUM = (int, float)
STR = (str,)
BOOL = (bool,)
NULL = (type(None),)
LIST = (list,)
DICT = (dict,)
Shape = dict[str, Any]


def problems(value: Any, shape: Shape, path: str = "$", *, extra_ok: bool = False) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: {type(value).__name__} where an object is expected"]
    found: list[str] = [f"{path}.{key}: missing" for key in shape if key not in value]
    if not extra_ok:
        found += [f"{path}.{key}: not in Kite's shape" for key in value if key not in shape]
    for key, kinds in shape.items():
        if key not in value:
            continue
        item = value[key]
        if isinstance(kinds, dict):
            found += problems(item, kinds, f"{path}.{key}", extra_ok=extra_ok) if item is not None else []
        elif isinstance(item, bool) and bool not in kinds:
            found.append(f"{path}.{key}: bool where {kinds} is expected")
        elif not isinstance(item, kinds):
            found.append(f"{path}.{key}: {type(item).__name__} where {kinds} is expected")
    return found


def assert_shape(value: Any, shape: Shape, *, extra_ok: bool = False) -> None:
    found = problems(value, shape, extra_ok=extra_ok)
    assert not found, found
