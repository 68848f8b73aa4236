"""Pure stock rules: movements, the storefront view, reservation refusals."""

from datetime import UTC, datetime, timedelta

import pytest

from services.inventory import domain
from services.inventory.domain import Level, StockView, WarehouseView
from shared.errors import Conflict

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_a_movement_changes_on_hand_and_reserved():
    assert domain.apply_movement(Level("S", "W", 10, 4), -3, reserved_delta=-3) == Level("S", "W", 7, 1)


def test_stock_never_goes_negative():
    with pytest.raises(Conflict) as refused:
        domain.apply_movement(Level("S", "W", 2, 0), -3)
    assert str(refused.value) == "S has 2 on hand in W; a movement of -3 would make it negative."
    assert refused.value.extensions == {"on_hand": 2, "reserved": 0}


def test_stock_never_goes_below_what_is_reserved():
    with pytest.raises(Conflict) as refused:
        domain.apply_movement(Level("S", "W", 10, 8), -3)
    assert str(refused.value) == (
        "S in W has 10 on hand of which 8 are reserved; at most 2 can leave without a reservation."
    )
    assert refused.value.extensions == {"on_hand": 10, "reserved": 8}


def test_stock_never_passes_what_a_32_bit_column_holds():
    assert domain.apply_movement(Level("S", "W", 0, 0), domain.MAX_ON_HAND).on_hand == 2**31 - 1
    with pytest.raises(Conflict, match="cannot hold more than 2147483647 units"):
        domain.apply_movement(Level("S", "W", 1, 0), domain.MAX_ON_HAND)


def test_the_stock_view_sums_warehouses_and_shows_the_status():
    view = domain.stock_view("S", 5, [Level("S", "A", 10, 6), Level("S", "B", 3, 3)])
    assert view == StockView("S", 13, 9, 4, "low", (WarehouseView("A", 10, 6, 4), WarehouseView("B", 3, 3, 0)))
    assert domain.stock_view("S", 5, []) == StockView("S", 0, 0, 0, "out_of_stock", ())


def test_a_short_reservation_is_refused_naming_every_shortage():
    with pytest.raises(Conflict) as refused:
        domain.allocate_all({"A": 5, "B": 1}, {"A": {"W": 2}})
    assert refused.value.extensions == {"shortages": [
        {"sku": "A", "requested": 5, "available": 2}, {"sku": "B", "requested": 1, "available": 0},
    ]}


def test_only_an_active_unexpired_reservation_can_be_committed():
    domain.ensure_active("active", NOW + timedelta(seconds=1), "commit", NOW)
    domain.ensure_active("active", NOW, "release", NOW)
    with pytest.raises(Conflict) as expired:
        domain.ensure_active("active", NOW, "commit", NOW)
    assert expired.value.current_status == "expired"
    with pytest.raises(Conflict) as closed:
        domain.ensure_active("committed", NOW + timedelta(days=1), "release", NOW)
    assert closed.value.current_status == "committed"
