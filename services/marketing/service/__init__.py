"""The use cases of the marketing service; the only modules that publish events."""

from services.marketing.domain import Campaign
from services.marketing.service.campaigns import (
    campaign_out,
    create,
    edit,
    list_campaigns,
    read_campaign,
    readiness_of,
    timeline_of,
)
from services.marketing.service.guard import (
    advisory_published,
    page_broken,
    page_restored,
    stock_depleted,
    stock_low,
    stock_replenished,
)
from services.marketing.service.lifecycle import finish, launch, pause, request_launch, resume
from services.marketing.service.promotions import PromotionReader
from services.marketing.service.readiness import record_check
from services.marketing.service.sweeps import Sweeper, sweepers

__all__ = [
    "Campaign", "PromotionReader", "Sweeper", "advisory_published", "campaign_out", "create", "edit",
    "finish", "launch", "list_campaigns", "page_broken", "page_restored", "pause",
    "read_campaign", "readiness_of", "record_check", "request_launch", "resume", "stock_depleted",
    "stock_low", "stock_replenished", "sweepers", "timeline_of",
]
