"""Warehouses and SKUs support knows from inventory: returns may name only those."""

from __future__ import annotations

from collections.abc import Sequence

from shared.errors import Invalid

# How many known codes a refusal names before "and N more".
KNOWN_SHOWN = 20


def bounded(values: Sequence[str], total: int, limit: int = KNOWN_SHOWN) -> str:
    """'A, B, C' of the first `limit` of `total` values, then 'and N more'; 'none' when empty."""
    shown = ", ".join(values[:limit])
    if not shown:
        return "none"
    more = total - min(len(values), limit)
    return f"{shown} and {more} more" if more > 0 else shown


def refuse_unknown_skus(
    unknown: Sequence[str], line_indexes: Sequence[int], known_first: Sequence[str], known_total: int,
) -> Invalid:
    """A 422 naming the SKUs inventory never announced and (bounded) the ones it did."""
    return Invalid(
        f"Inventory has never announced {bounded(unknown, len(unknown))}, so no return can name "
        f"{'it' if len(unknown) == 1 else 'them'}. Known SKUs: {bounded(known_first, known_total)}.",
        errors=[{"field": f"body.lines.{index}.sku", "message": "unknown SKU", "type": "unknown_sku"}
                for index in line_indexes],
        unknown_skus=list(unknown), known_skus=list(known_first[:KNOWN_SHOWN]), known_sku_count=known_total,
    )


def refuse_unknown_warehouse(code: str, known_first: Sequence[str], known_total: int) -> Invalid:
    """A 422 naming the warehouse inventory never announced and (bounded) the ones it did."""
    return Invalid(
        f"Inventory has never announced warehouse {code}. Known warehouses: "
        f"{bounded(known_first, known_total)}.",
        errors=[{"field": "body.warehouse", "message": "unknown warehouse", "type": "unknown_warehouse"}],
        unknown_warehouse=code, known_warehouses=list(known_first[:KNOWN_SHOWN]),
        known_warehouse_count=known_total,
    )
