"""Compare a response with an official Kite mock's schema: the same keys and JSON value types, recursively.

The schemas are the project's own record of the mocks, ``tests/kite_schema.json`` (written by
``tools/kite_schema.py`` from zerodha/kiteconnect-mocks; nothing here reads the mocks themselves).

A mock's list items are merged into one schema (keys seen in any item; keys in every item are required). Where a
mock shows null, any value is accepted; where it shows a value, null is not. Integers and floats are both JSON
numbers (Kite writes 72 and 72.5 for the same field).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, reduce
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "kite_schema.json"


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


@cache
def recorded() -> dict[str, Any]:
    """Every mock's recorded schema, by file name."""
    facts: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return facts


def columns(name: str) -> list[str]:
    """The header of a CSV mock (the instrument dumps)."""
    return list(recorded()[name]["columns"])


def from_json(data: dict[str, Any]) -> Schema:
    return Schema(
        kinds=set(data["kinds"]),
        keys={name: from_json(item) for name, item in data.get("keys", {}).items()},
        required=set(data["required"]) if "required" in data else None,
        items=from_json(data["items"]) if "items" in data else None,
    )


def merge(first: Schema, second: Schema) -> Schema:
    """The schema ``build`` gives for the values of both: merging per-file schemas is building from all values."""
    keys = {name: _merged(first.keys.get(name), second.keys.get(name)) for name in {*first.keys, *second.keys}}
    required = second.required if first.required is None else first.required
    if first.required is not None and second.required is not None:
        required = first.required & second.required
    return Schema(first.kinds | second.kinds, keys, required, _merged_or_none(first.items, second.items))


def _merged(first: Schema | None, second: Schema | None) -> Schema:
    merged = _merged_or_none(first, second)
    assert merged is not None
    return merged


def _merged_or_none(first: Schema | None, second: Schema | None) -> Schema | None:
    if first is None or second is None:
        return first or second
    return merge(first, second)


def mock_schema(*names: str, unwrap_map: bool = False, list_items: bool = False) -> Schema:
    """The schema of one or more mock files' ``data``; ``unwrap_map`` merges the values of an instrument-keyed map
    ({"NSE:INFY": {...}}), ``list_items`` merges the items of data lists from several files."""
    schemas = [from_json(recorded()[name]) for name in names]
    if unwrap_map:
        return reduce(merge, [value for schema in schemas for value in schema.keys.values()])
    if list_items:
        items = reduce(merge, [schema.items for schema in schemas if schema.items is not None])
        return Schema(kinds={"array"}, items=items)
    return reduce(merge, schemas)


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
