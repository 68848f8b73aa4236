"""Queries of the board's database; never commits, never publishes."""
