"""AsyncAPI 3.0 documents and docs/events.md, generated from the event catalog."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shared.events import CATALOG, Envelope
from shared.events.catalog import EventSpec
from shared.events.envelope import CONTENT_TYPE


def _message_name(event_type: str) -> str:
    return event_type.replace(".", "_")


def _channel_name(topic: str) -> str:
    return topic.replace(".", "_")


def _message(spec: EventSpec, components: dict[str, Any]) -> dict[str, Any]:
    data_schema = spec.model.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(data_schema.pop("$defs", {}))
    envelope_schema = Envelope.model_json_schema()
    envelope_schema["properties"]["type"] = {"const": spec.type, "type": "string"}
    envelope_schema["properties"]["data"] = data_schema
    return {
        "name": spec.type,
        "title": spec.type,
        "summary": spec.summary,
        "contentType": CONTENT_TYPE,
        "payload": envelope_schema,
        "examples": [{
            "name": "example",
            "headers": {"content-type": CONTENT_TYPE},
            "payload": {
                "specversion": "1.0", "id": "0b7a4d3e-2f1c-4e5d-8a9b-1c2d3e4f5a6b",
                "source": "/" + spec.topic.split(".")[0], "type": spec.type,
                "subject": "see `subject` of the channel", "time": "2026-11-30T12:00:00Z",
                "datacontenttype": "application/json",
                "correlationid": "b7e2c1d0-aaaa-4bbb-8ccc-123456789abc",
                "data": spec.example,
            },
        }],
    }


def asyncapi_document(
    service: str, title: str, publishes: str, consumes: Iterable[str]
) -> dict[str, Any]:
    """The channels this service sends to (its topic) and receives from (its handler types)."""
    components: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    published = [s for s in CATALOG.values() if s.topic == publishes]
    received = [CATALOG[t] for t in sorted(set(consumes))]
    for action, specs in (("send", published), ("receive", received)):
        for topic in dict.fromkeys(s.topic for s in specs):
            channel = _channel_name(topic)
            channel_specs = [s for s in specs if s.topic == topic]
            channel_messages = channels.setdefault(channel, {
                "address": topic,
                "description": f"Kafka topic `{topic}`; record key = event subject "
                               f"({channel_specs[0].subject}), value = CloudEvents JSON.",
                "messages": {},
            })["messages"]
            for spec in channel_specs:
                name = _message_name(spec.type)
                messages[name] = _message(spec, components)
                channel_messages[name] = {"$ref": f"#/components/messages/{name}"}
            operations[f"{action}_{channel}"] = {
                "action": action,
                "channel": {"$ref": f"#/channels/{channel}"},
                "summary": ("Publishes" if action == "send" else "Consumes") + f" events on {topic}.",
                "messages": [{"$ref": f"#/channels/{channel}/messages/{_message_name(s.type)}"}
                             for s in channel_specs],
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": f"{title} events",
            "version": "1.0.0",
            "description": f"Events the {service} service publishes and consumes. Delivery is "
                           "at-least-once: deduplicate by the CloudEvents `id`.",
        },
        "defaultContentType": CONTENT_TYPE,
        "servers": {"kafka": {"host": "127.0.0.1:9092", "protocol": "kafka"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": components},
    }
