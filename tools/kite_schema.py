"""Write tests/kite_schema.json: the keys and JSON value types of every official Kite mock response.

Run by hand when the mocks change (never at test time; the tests read only the JSON this writes):

    python tools/kite_schema.py PATH/TO/kiteconnect-mocks > tests/kite_schema.json

For each ``*.json`` mock it records the schema of the envelope's ``data`` (of the whole file when there is no
envelope): value kinds, object keys, the keys every object has, and one merged schema for list items, exactly
as ``tests/paper/schema.py`` builds and compares them. For each ``*.csv`` mock it records the header's columns.
These are facts about Kite's answers, not copies of the files: no value is kept.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.paper.schema import Schema, build  # the project's own schema builder


def to_json(schema: Schema) -> dict[str, Any]:
    out: dict[str, Any] = {"kinds": sorted(schema.kinds)}
    if schema.required is not None:  # objects were seen (perhaps only empty ones)
        out["keys"] = {name: to_json(item) for name, item in sorted(schema.keys.items())}
        out["required"] = sorted(schema.required or ())
    if schema.items is not None:
        out["items"] = to_json(schema.items)
    return out


def describe(folder: Path) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for path in sorted(folder.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        data = body["data"] if isinstance(body, dict) and "data" in body else body
        facts[path.name] = to_json(build([data]))
    for path in sorted(folder.glob("*.csv")):
        facts[path.name] = {"columns": path.read_text(encoding="utf-8").splitlines()[0].split(",")}
    return facts


if __name__ == "__main__":
    json.dump(describe(Path(sys.argv[1])), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
