"""Content service."""
