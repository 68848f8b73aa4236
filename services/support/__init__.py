"""Support service."""
