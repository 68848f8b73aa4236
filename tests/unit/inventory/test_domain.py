"""Pure inventory rules: threshold crossings, allocation, campaign coverage."""

from datetime import UTC, datetime, timedelta

from services.inventory import domain
from services.inventory.domain import AllocatedLine, CampaignWindow, ItemFacts, Shortage

START = datetime(2026, 12, 1, tzinfo=UTC)
TEN_DAYS = CampaignWindow(START, START + timedelta(days=10), uplift=2.0)


def _states(totals: list[int], threshold: int = 10) -> list[str]:
    events, state = [], domain.stock_state(totals[0], threshold)
    for total in totals[1:]:
        new_state = domain.stock_state(total, threshold)
        event = domain.crossing(state, new_state)
        if event:
            events.append(event)
        state = new_state
    return events


def test_low_depleted_and_replenished_fire_once_per_crossing():
    assert _states([50, 12, 10, 8, 3, 0, 0, 4, 9, 11, 40]) == ["low", "depleted", "replenished"]


def test_rising_from_zero_to_below_the_threshold_is_no_event_and_falling_again_is_depleted():
    assert _states([20, 5, 0, 5, 0]) == ["low", "depleted", "depleted"]


def test_dropping_straight_to_zero_is_only_depleted():
    assert _states([20, 0]) == ["depleted"]


def test_stock_status_follows_total_available():
    assert [domain.stock_status(t, 10) for t in (0, 1, 10, 11)] == ["out_of_stock", "low", "low", "in_stock"]


def test_allocation_prefers_the_single_warehouse_with_most_available():
    allocated, shortages = domain.allocate({"A": 5}, {"A": {"W1": 6, "W2": 9}})
    assert (allocated, shortages) == ([AllocatedLine("A", "W2", 5)], [])


def test_allocation_splits_by_most_available_first_when_no_warehouse_can_serve_alone():
    allocated, _ = domain.allocate({"A": 10}, {"A": {"W1": 3, "W2": 6, "W3": 2}})
    assert allocated == [
        AllocatedLine("A", "W2", 6), AllocatedLine("A", "W1", 3), AllocatedLine("A", "W3", 1),
    ]


def test_reservation_is_all_or_nothing_and_lists_every_shortage():
    allocated, shortages = domain.allocate(
        {"A": 1, "B": 5, "C": 2}, {"A": {"W1": 4}, "B": {"W1": 2, "W2": 1}}
    )
    assert allocated == []
    assert shortages == [Shortage("B", 5, 3), Shortage("C", 2, 0)]


def test_a_sku_listed_twice_is_checked_against_its_stock_once():
    requested = domain.merge_lines([("A", 3), ("A", 3)])
    _, shortages = domain.allocate(requested, {"A": {"W1": 5}})
    assert shortages == [Shortage("A", 6, 5)]


def _facts(**overrides):
    values = dict(sku="A", known=True, total_available=100, safety_stock=0, expected_units=50,
                  shipped_last_28_days=0, competing_units=0)
    values.update(overrides)
    return ItemFacts(**values)


def test_given_demand_with_enough_stock_is_ok_without_stockout():
    result = domain.check_item(_facts(), TEN_DAYS)
    assert (result.status, result.coverage, result.estimated, result.projected_stockout_at) == (
        "ok", 2.0, False, None)


def test_estimated_demand_is_shipped_per_day_times_uplift_times_days_rounded_up():
    result = domain.check_item(_facts(expected_units=None, shipped_last_28_days=29), TEN_DAYS)
    assert result.expected_units == 21  # 29 / 28 * 2.0 * 10 = 20.7
    assert result.estimated is True


def test_no_history_and_no_figure_is_unknown_demand():
    result = domain.check_item(_facts(expected_units=None), TEN_DAYS)
    assert result.status == "unknown_demand"


def test_unknown_sku_counts_as_insufficient_overall():
    result = domain.check_item(_facts(known=False), TEN_DAYS)
    assert result.status == "unknown_sku"
    assert domain.overall([domain.check_item(_facts(), TEN_DAYS), result]) == "insufficient"


def test_safety_stock_is_not_usable_for_the_campaign():
    result = domain.check_item(_facts(total_available=100, safety_stock=40, expected_units=100), TEN_DAYS)
    assert (result.coverage, result.status) == (0.6, "at_risk")
    assert result.projected_stockout_at == START + timedelta(days=6)


def test_competing_demand_turns_ok_into_at_risk():
    alone = domain.check_item(_facts(expected_units=80), TEN_DAYS)
    shared = domain.check_item(_facts(expected_units=80, competing_units=60), TEN_DAYS)
    assert (alone.status, shared.status) == ("ok", "at_risk")


def test_coverage_under_half_is_insufficient_and_unknown_demand_is_at_risk_overall():
    short = domain.check_item(_facts(total_available=10), TEN_DAYS)
    unknown = domain.check_item(_facts(expected_units=None), TEN_DAYS)
    assert short.status == "insufficient"
    assert domain.overall([unknown]) == "at_risk"
    assert domain.overall([unknown, short]) == "insufficient"
