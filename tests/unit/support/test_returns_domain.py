import pytest

from services.support.domain.returns import InspectedQuantities, check_inspection, next_status
from shared.errors import Conflict


def test_return_moves_through_its_lifecycle_in_order():
    status = "requested"
    for action in ("approve", "receive", "inspect", "restock"):
        status = next_status(status, action)
    assert status == "restocked"
    assert next_status("requested", "reject") == "rejected"


@pytest.mark.parametrize(("current", "action"), [
    ("requested", "receive"), ("approved", "approve"), ("rejected", "approve"),
    ("received", "reject"), ("inspected", "inspect"), ("restocked", "restock"), ("approved", "inspect"),
])
def test_illegal_transition_is_refused_naming_the_current_status(current, action):
    with pytest.raises(Conflict) as refused:
        next_status(current, action)
    assert f"The return is {current}" in refused.value.detail
    assert refused.value.current_status == current


def test_inspection_totals_resellable_and_damaged_units_per_sku():
    totals = check_inspection(
        {"SKU-1": 3, "SKU-2": 1},
        [("SKU-1", 2, "resellable"), ("SKU-1", 1, "damaged"), ("SKU-2", 1, "damaged")],
    )
    assert totals == [InspectedQuantities("SKU-1", 2, 1), InspectedQuantities("SKU-2", 0, 1)]


def test_inspecting_more_units_than_requested_is_refused():
    with pytest.raises(Conflict, match="3 units of SKU-1 were inspected but only 2"):
        check_inspection({"SKU-1": 2}, [("SKU-1", 2, "resellable"), ("SKU-1", 1, "damaged")])


def test_inspecting_a_sku_outside_the_return_is_refused():
    with pytest.raises(Conflict, match="SKU-9 is not part of this return"):
        check_inspection({"SKU-1": 2}, [("SKU-9", 1, "resellable")])
