import pytest

from services.support.domain.returns import (
    InspectedQuantities,
    check_inspection,
    next_status,
    refuse_second_open_return,
)
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
    ("needs_attention", "approve"), ("received", "flag"),
])
def test_illegal_transition_is_refused_naming_the_current_status(current, action):
    with pytest.raises(Conflict) as refused:
        next_status(current, action)
    assert f"The return is {current}" in refused.value.detail
    assert refused.value.current_status == current


def test_inspection_totals_resellable_and_damaged_units_per_sku():
    totals = check_inspection(
        {"SKU-1": 3, "SKU-2": 1},
        [("SKU-1", 2, "resellable"), ("SKU-1", 1, "damaged"), ("SKU-2", 1, "damaged")], "received",
    )
    assert totals == [InspectedQuantities("SKU-1", 2, 1), InspectedQuantities("SKU-2", 0, 1)]


def test_inspecting_more_units_than_requested_is_refused():
    with pytest.raises(Conflict, match="3 units of SKU-1 were inspected but only 2") as refused:
        check_inspection({"SKU-1": 2}, [("SKU-1", 2, "resellable"), ("SKU-1", 1, "damaged")], "received")
    assert refused.value.current_status == "received"


def test_inspecting_a_sku_outside_the_return_is_refused():
    with pytest.raises(Conflict, match="SKU-9 is not part of this return") as refused:
        check_inspection({"SKU-1": 2}, [("SKU-9", 1, "resellable")], "needs_attention")
    assert refused.value.current_status == "needs_attention"


def test_a_refused_inspection_can_be_received_or_inspected_again():
    assert next_status("inspected", "flag") == "needs_attention"
    assert next_status("needs_attention", "receive") == "received"
    assert next_status("needs_attention", "inspect") == "inspected"
    with pytest.raises(Conflict, match="only while it is received or needs_attention"):
        next_status("approved", "inspect")
    with pytest.raises(Conflict):
        next_status("needs_attention", "restock")


def test_a_second_open_return_is_refused_naming_the_first():
    with pytest.raises(Conflict, match="Return R-1 of order ORD-9 is already open for SKU-1") as refused:
        refuse_second_open_return("ORD-9", "SKU-1", "R-1", "approved")
    assert refused.value.current_status == "approved"
    assert refused.value.extensions["existing_return_id"] == "R-1"
