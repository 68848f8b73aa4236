"""Event handlers of the support service; `build_handlers` at the bottom lists its subscriptions."""

from services.support.handlers.campaigns import CampaignAdvisories
from services.support.handlers.returns import on_return_processed
from services.support.handlers.signals import (
    on_campaign_live,
    on_page_broken,
    on_page_restored,
    on_stock_depleted,
    on_stock_replenished,
)
from services.support.settings import Settings
from shared.inbox import HandlerTable


def build_handlers(settings: Settings) -> HandlerTable:
    """The subscription table; built by the composition root because advisories need settings."""
    campaign = CampaignAdvisories(settings.contact_rate)
    return {
        "marketing.campaign.launch_requested.v1": [campaign.on_launch_requested],
        "marketing.campaign.readiness_changed.v1": [campaign.on_readiness_changed],
        "marketing.campaign.launched.v1": [campaign.on_launched, on_campaign_live],
        "marketing.campaign.paused.v1": [campaign.on_status_changed],
        "marketing.campaign.resumed.v1": [campaign.on_status_changed, on_campaign_live],
        "marketing.campaign.at_risk.v1": [campaign.on_at_risk],
        "marketing.campaign.risk_cleared.v1": [campaign.on_risk_cleared],
        "marketing.campaign.ended.v1": [campaign.on_status_changed],
        "marketing.campaign.cancelled.v1": [campaign.on_status_changed],
        "inventory.campaign_check.completed.v1": [campaign.on_inventory_check],
        "content.campaign_check.completed.v1": [campaign.on_content_check],
        "inventory.stock.depleted.v1": [on_stock_depleted],
        "inventory.stock.replenished.v1": [on_stock_replenished],
        "content.page.broken.v1": [on_page_broken],
        "content.page.restored.v1": [on_page_restored],
        "inventory.return.processed.v1": [on_return_processed],
    }
