"""Test harness: a real broker, real databases, apps served over ASGI, event probes."""
