"""Pure rules of the board: who sees which action, readiness wording, chart and calendar geometry,
overlaps, and the one-line summary of every event in the activity feed."""

from services.board.domain.calendar import (
    CalendarBar,
    CalendarCampaign,
    Overlap,
    calendar_layout,
    overlaps,
)
from services.board.domain.charts import CoverageBar, CoverageChart, coverage_chart, sparkline_points
from services.board.domain.feed import SUMMARY_LENGTH, feed_links, feed_summary
from services.board.domain.orders import JourneyStep, OrderView, order_view
from services.board.domain.rules import (
    CAMPAIGN_ACTIONS,
    CAMPAIGN_ROLES,
    CLOSED_STATUSES,
    FORCE_LAUNCH,
    PRE_LAUNCH_STATUSES,
    READINESS_VALUES,
    Action,
    advertised_at_risk,
    campaign_action,
    campaign_actions,
    readiness_after_risk_cleared,
    readiness_label,
    status_after_readiness,
    web_link,
)
from services.board.domain.wording import as_moment, human_time, relative_time, sentence, when, words

__all__ = [
    "CAMPAIGN_ACTIONS", "CAMPAIGN_ROLES", "CLOSED_STATUSES", "FORCE_LAUNCH", "PRE_LAUNCH_STATUSES",
    "READINESS_VALUES", "SUMMARY_LENGTH", "Action", "CalendarBar", "CalendarCampaign", "CoverageBar",
    "CoverageChart", "JourneyStep", "OrderView", "Overlap", "advertised_at_risk", "as_moment",
    "calendar_layout", "campaign_action", "campaign_actions", "coverage_chart", "feed_links",
    "feed_summary", "human_time", "order_view", "overlaps", "readiness_after_risk_cleared",
    "readiness_label", "relative_time", "sentence", "sparkline_points", "status_after_readiness",
    "web_link", "when", "words",
]
