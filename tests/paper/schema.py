"""Compare a response with a kite-mocks file: the same keys and the same JSON value types, recursively.

A mock's list items are merged into one schema (keys seen in any item; keys in every item are required). Where a
mock shows null, any value is accepted; where it shows a value, null is not. Integers and floats are both JSON
numbers (Kite writes 72 and 72.5 for the same field).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The official mocks sit beside the repository (../shared/kite-mocks), as the project's shared references do.
MOCKS = Path(__file__).resolve().parents[3] / "shared" / "kite-mocks"


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@dataclass
class Schema:
    kinds: set[str] = field(default_factory=set)
    keys: dict[str, Schema] = field(default_factory=dict)
    required: set[str] | None = None
    items: Schema | None = None


def build(values: list[Any]) -> Schema:
    schema = Schema(kinds={kind(value) for value in values})
    objects = [value for value in values if isinstance(value, dict)]
    if objects:
        names = {name for value in objects for name in value}
        schema.keys = {name: build([value[name] for value in objects if name in value]) for name in names}
        schema.required = set.intersection(*(set(value) for value in objects))
    arrays = [item for value in values if isinstance(value, list) for item in value]
    if arrays:
        schema.items = build(arrays)
    return schema


def mock(name: str) -> Any:
    return json.loads((MOCKS / name).read_text())


def mock_schema(*names: str, unwrap_map: bool = False, list_items: bool = False) -> Schema:
    """The schema of one or more mock files' ``data``; ``unwrap_map`` merges the values of an instrument-keyed map
    ({"NSE:INFY": {...}}), ``list_items`` merges the items of data lists from several files."""
    datas = [mock(name)["data"] for name in names]
    if unwrap_map:
        return build([value for data in datas for value in data.values()])
    if list_items:
        return build([[item for data in datas for item in data]])
    return build(datas)


def check(value: Any, schema: Schema, path: str = "$") -> list[str]:
    problems: list[str] = []
    if "null" in schema.kinds or not schema.kinds:
        return problems
    if kind(value) not in schema.kinds:
        return [f"{path}: {kind(value)} where the mock has {sorted(schema.kinds)}"]
    if isinstance(value, dict) and schema.keys:
        extra = set(value) - set(schema.keys)
        missing = (schema.required or set()) - set(value)
        problems += [f"{path}.{name}: not in the mock" for name in sorted(extra)]
        problems += [f"{path}.{name}: missing" for name in sorted(missing)]
        for name, item in value.items():
            if name in schema.keys:
                problems += check(item, schema.keys[name], f"{path}.{name}")
    if isinstance(value, list) and schema.items is not None:
        for index, item in enumerate(value):
            problems += check(item, schema.items, f"{path}[{index}]")
    return problems
