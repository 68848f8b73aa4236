"""Queries of the inventory service; callers own the transaction (nothing here commits).

Every change of stock first locks the item rows of all SKUs it touches, in sorted SKU order
(`SELECT ... FOR UPDATE` on PostgreSQL; SQLite transactions already hold the write lock), so
concurrent changes of the same SKUs queue instead of losing updates or deadlocking.
"""
