"""CloudEvents envelope and the catalog of every event type the services exchange."""

from shared.events.catalog import CATALOG, EventSpec, spec_for, topic_of
from shared.events.envelope import Envelope, new_envelope

__all__ = ["CATALOG", "Envelope", "EventSpec", "new_envelope", "spec_for", "topic_of"]
