"""Campaign rules: the status machine, readiness verdicts and the live-campaign guard (pure)."""

from services.marketing.domain.campaign import Campaign, Item
from services.marketing.domain.guard import (
    AUTO_PAUSE_REASON,
    PAGE_BROKEN,
    SKU_DEPLETED,
    Risk,
    affected_skus,
    broken_page_risk,
    depletion_risk,
    page_concerns_campaign,
    recovery,
    should_auto_pause,
)
from services.marketing.domain.moments import rfc3339, with_zulu
from services.marketing.domain.pages import describe_issues, describe_page
from services.marketing.domain.promotions import PROMOTED, Promotion, next_change, shown_at
from services.marketing.domain.readiness import (
    CHECK_SOURCES,
    CheckAnswer,
    Verdict,
    content_answer,
    evaluate_readiness,
    inventory_answer,
    timed_out_answer,
)
from services.marketing.domain.status import (
    ACTIVE,
    EDITABLE,
    FINAL,
    GUARDED,
    PRE_LAUNCH,
    LaunchDecision,
    Status,
    decide_launch,
    decide_start,
    transition,
)

__all__ = [
    "ACTIVE",
    "AUTO_PAUSE_REASON",
    "CHECK_SOURCES",
    "EDITABLE",
    "FINAL",
    "GUARDED",
    "PAGE_BROKEN",
    "PRE_LAUNCH",
    "PROMOTED",
    "SKU_DEPLETED",
    "Campaign",
    "CheckAnswer",
    "Item",
    "LaunchDecision",
    "Promotion",
    "Risk",
    "Status",
    "Verdict",
    "affected_skus",
    "broken_page_risk",
    "content_answer",
    "decide_launch",
    "decide_start",
    "depletion_risk",
    "describe_issues",
    "describe_page",
    "evaluate_readiness",
    "inventory_answer",
    "next_change",
    "page_concerns_campaign",
    "recovery",
    "rfc3339",
    "should_auto_pause",
    "shown_at",
    "timed_out_answer",
    "transition",
    "with_zulu",
]
