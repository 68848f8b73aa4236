"""Fetching, parsing and checking pages of the shop's sites, safely and politely."""
