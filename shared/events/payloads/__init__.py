"""Payload (`data`) models of every event type, one module per publishing topic."""
