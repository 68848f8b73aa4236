"""The event catalog is the single source of payload contracts, docs and AsyncAPI."""

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from scripts.gen_event_docs import render
from shared.asyncapi import asyncapi_document
from shared.events import CATALOG, Envelope, new_envelope
from shared.events.catalog import TOPICS

ROOT = Path(__file__).resolve().parents[3]


SPEC = ROOT.parent / "shared" / "SPEC.md"
EVENT_TYPE = re.compile(r"\b(?:marketing|inventory|support|content)\.[a-z_]+\.[a-z_]+\.v\d+\b")


def test_every_event_type_of_the_spec_is_in_the_catalog_with_a_valid_example():
    if not SPEC.exists():
        pytest.skip(f"the product specification is not beside this checkout ({SPEC})")
    named_in_spec = set(EVENT_TYPE.findall(SPEC.read_text()))
    assert len(named_in_spec) > 20
    assert named_in_spec <= set(CATALOG), f"missing from the catalog: {named_in_spec - set(CATALOG)}"
    for spec in CATALOG.values():
        assert spec.type.endswith(".v1")
        assert spec.topic == spec.type.split(".")[0] + ".events"
        spec.model.model_validate(spec.example)


def test_consumers_ignore_unknown_fields_but_reject_missing_ones():
    model = CATALOG["inventory.stock.low.v1"].model
    parsed = model.model_validate({"sku": "A", "total_available": 3, "threshold": 5, "new_field": 1})
    assert not hasattr(parsed, "new_field")
    with pytest.raises(ValidationError):
        model.model_validate({"sku": "A"})


def test_envelope_round_trips_and_ignores_unknown_attributes():
    event = new_envelope(source="/inventory", type="inventory.stock.depleted.v1", subject="A",
                         data={"sku": "A"}, correlation_id="c-1")
    raw = event.to_json().replace(b'"specversion"', b'"extension":"x","specversion"')
    parsed = Envelope.from_json(raw)
    assert parsed == event
    with pytest.raises(ValidationError):
        Envelope.from_json(b'{"specversion": "0.3"}')


def test_committed_events_md_matches_the_catalog():
    committed = (ROOT / "docs" / "events.md").read_text()
    assert committed == render(), "docs/events.md is stale: run `make docs`"


def test_asyncapi_document_declares_every_channel_and_message_with_schema_and_example():
    handled = ["inventory.campaign_check.completed.v1", "content.page.broken.v1"]
    document = asyncapi_document("marketing", "Marketing", "marketing.events", handled)
    assert document["asyncapi"] == "3.0.0"
    assert set(document["channels"]) == {"marketing_events", "inventory_events", "content_events"}
    messages = document["components"]["messages"]
    published = [t for t, s in CATALOG.items() if s.topic == "marketing.events"]
    assert set(messages) == {t.replace(".", "_") for t in [*published, *handled]}
    for message in messages.values():
        assert message["payload"]["properties"]["data"]["properties"]
        example = message["examples"][0]["payload"]
        Envelope.model_validate(example)
        CATALOG[message["name"]].model.model_validate(example["data"])
    assert {op["action"] for op in document["operations"].values()} == {"send", "receive"}
    assert TOPICS == ("marketing.events", "inventory.events", "support.events", "content.events")


def test_committed_settings_docs_and_env_example_match_the_settings_classes():
    from scripts.gen_settings_docs import env_example, settings_md

    assert (ROOT / ".env.example").read_text() == env_example(), ".env.example is stale: run `make docs`"
    assert (ROOT / "docs" / "settings.md").read_text() == settings_md(), "docs/settings.md is stale"
