"""The Kafka clients take their waiting behaviour from the settings."""

from __future__ import annotations

from shared.kafka import make_consumer
from shared.settings import ServiceSettings


async def test_the_consumer_fetch_wait_comes_from_the_settings() -> None:
    settings = ServiceSettings(service_name="content", consumer_fetch_max_wait_ms=25)
    consumer = make_consumer(settings, ["marketing.events"])
    assert consumer._fetch_max_wait_ms == 25


async def test_by_default_a_fetch_waits_far_less_than_the_client_default() -> None:
    # aiokafka waits 500 ms; the local broker answers a waiting fetch only when that time is up.
    consumer = make_consumer(ServiceSettings(service_name="content"), ["marketing.events"])
    assert consumer._fetch_max_wait_ms <= 100
