"""Print docs/events.md, generated from the event catalog: `make docs` writes it."""

from __future__ import annotations

import json
from typing import Any

from shared.events.catalog import CATALOG, TOPICS

HEADER = """# Event catalog

Generated from `shared/events/catalog.py` by `make docs`; do not edit by hand (a test fails
when this file is out of date).

Every event is a CloudEvents 1.0 event in structured JSON mode (record value content type
`application/cloudevents+json`). The Kafka record key is the event `subject`, so all events of
one aggregate keep their order on one partition. Delivery is at-least-once: deduplicate by `id`.
`correlationid` links every event caused by one user action; `causationid` is the id of the event
(if any) that caused this one. Consumers must ignore unknown fields and unknown types.
"""


def _type_of(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in schema:
        return defs.get(schema["$ref"].split("/")[-1], {}).get("title", "object")
    if "anyOf" in schema:
        return " or ".join(_type_of(option, defs) for option in schema["anyOf"])
    if "enum" in schema:
        return " \\| ".join(f"`{value}`" for value in schema["enum"])
    if schema.get("type") == "array":
        return f"list of {_type_of(schema.get('items', {}), defs)}"
    if schema.get("format") == "date-time":
        return "timestamp (RFC 3339)"
    return str(schema.get("type", "any"))


def _table(schema: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    required = set(schema.get("required", []))
    rows = ["| field | type | required |", "|---|---|---|"]
    for name, prop in schema.get("properties", {}).items():
        rows.append(f"| `{name}` | {_type_of(prop, defs)} | {'yes' if name in required else 'no'} |")
    return rows


def _fields(schema: dict[str, Any]) -> list[str]:
    defs = schema.get("$defs", {})
    rows = _table(schema, defs)
    for definition in defs.values():
        rows.extend(["", f"`{definition.get('title', 'item')}`:", "", *_table(definition, defs)])
    return rows


def render() -> str:
    lines = [HEADER]
    for topic in TOPICS:
        specs = [spec for spec in CATALOG.values() if spec.topic == topic]
        lines.append(f"## Topic `{topic}`\n")
        lines.append(f"Record key: {specs[0].subject}.\n")
        lines.append("| type | meaning |\n|---|---|")
        lines.extend(f"| `{spec.type}` | {spec.summary} |" for spec in specs)
        lines.append("")
        for spec in specs:
            lines.append(f"### `{spec.type}`\n")
            lines.append(f"{spec.summary}\n")
            lines.extend(_fields(spec.model.model_json_schema()))
            lines.append("\nExample `data`:\n")
            lines.append("```json\n" + json.dumps(spec.example, indent=2) + "\n```\n")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
