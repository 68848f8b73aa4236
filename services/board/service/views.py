"""Reading the pages from the board's own database (the team pages add the services' APIs)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.board import domain
from services.board.repository import campaigns, feed, health, signals
from services.board.repository.rows import CampaignRow
from services.board.schemas import (
    CalendarPage,
    CalendarTick,
    CampaignPage,
    CheckView,
    Demand,
    HealthView,
    Overview,
    Sparkline,
    StockRisk,
    WarehousePage,
)
from shared.errors import NotFound
from shared.uow import UnitOfWork

SERVICES = ("marketing", "inventory", "support", "content", "board")
LIST_LIMIT = 50
FEED_LIMIT = 30
TIMELINE_LIMIT = 100
CALENDAR_DAYS_BEFORE, CALENDAR_DAYS_AFTER = 7, 35


async def stock_risks(uow: UnitOfWork, open_campaigns: list[CampaignRow]) -> list[StockRisk]:
    """Low or sold-out SKUs that upcoming or live campaigns advertise."""
    risky = {row.sku: row for row in await signals.risky_stock(uow, 500)}
    by_id = {c.campaign_id: c for c in open_campaigns}
    rows = domain.advertised_at_risk({sku: row.state for sku, row in risky.items()},
                                     {c.campaign_id: c.skus for c in open_campaigns})
    return [StockRisk(sku, state, risky[sku].total_available, [by_id[cid] for cid in ids])
            for sku, state, ids in rows[:LIST_LIMIT]]


async def overview(uow: UnitOfWork) -> Overview:
    open_campaigns = await campaigns.open_campaigns(uow, LIST_LIMIT)
    readings = await health.readings(uow)
    return Overview(
        seq=await feed.latest_seq(uow),
        campaigns=open_campaigns,
        stock_risks=await stock_risks(uow, open_campaigns),
        broken_pages=await signals.broken_pages(uow, LIST_LIMIT),
        advisories=await signals.current_advisories(uow, datetime.now(UTC), 20),
        delays=await signals.delayed_fulfilments(uow, LIST_LIMIT),
        backbone=[HealthView(name, readings.get(name)) for name in SERVICES],
        activity=await feed.newest(uow, FEED_LIMIT),
    )


async def campaign_page(uow: UnitOfWork, campaign_id: str, role: str) -> CampaignPage:
    campaign = await campaigns.get(uow, campaign_id)
    if campaign is None:
        raise NotFound(f"The board knows no campaign {campaign_id} (yet).")
    answered = await campaigns.checks(uow, campaign_id)
    checks = []
    for team in ("inventory", "content"):
        check = answered.get(team)
        current = check is not None and check.request_id == campaign.request_id
        checks.append(CheckView(team, check if current else None))
    inventory_check = checks[0].check
    coverage = domain.coverage_chart(inventory_check.result.get("items", [])) if inventory_check else None
    return CampaignPage(
        seq=await feed.latest_seq(uow), campaign=campaign, checks=checks, coverage=coverage,
        timeline=await feed.of_campaign(uow, campaign_id, campaign.skus, TIMELINE_LIMIT),
        actions=domain.campaign_actions(role, campaign.status),
    )


async def calendar(uow: UnitOfWork, now: datetime | None = None, width: float = 900.0) -> CalendarPage:
    moment = now or datetime.now(UTC)
    start = (moment - timedelta(days=CALENDAR_DAYS_BEFORE)).replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=CALENDAR_DAYS_BEFORE + CALENDAR_DAYS_AFTER)
    rows = await campaigns.in_window(uow, start, end, 200)
    items = [domain.CalendarCampaign(c.campaign_id, c.name, c.starts_at, c.ends_at, c.readiness, c.status,
                                     tuple(c.skus)) for c in rows]
    bars = domain.calendar_layout(items, start, end, width)
    span = (end - start).total_seconds()
    ticks = [CalendarTick(round(width * day * 86400 / span, 1),
                          _day(start + timedelta(days=day)))
             for day in range(0, CALENDAR_DAYS_BEFORE + CALENDAR_DAYS_AFTER + 1, 7)]
    lanes = max((bar.lane for bar in bars), default=-1) + 1
    now_x = round(width * (moment - start).total_seconds() / span, 1)
    return CalendarPage(await feed.latest_seq(uow), start, end, width, bars, ticks, lanes, now_x)


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%b}"


async def warehouse_page(uow: UnitOfWork) -> WarehousePage:
    open_campaigns = await campaigns.open_campaigns(uow, LIST_LIMIT)
    skus = sorted({sku for c in open_campaigns for sku in c.skus})
    stock = await signals.stock_of(uow, skus[:500])
    demand = [Demand(c, str(item["sku"]), item.get("expected_units"),
                     stock[item["sku"]].total_available if item["sku"] in stock else None)
              for c in open_campaigns for item in c.items][:LIST_LIMIT * 2]
    sparklines = [Sparkline(row, domain.sparkline_points(row.levels))
                  for row in await signals.stock_overview(uow, LIST_LIMIT, 30)]
    return WarehousePage(
        seq=await feed.latest_seq(uow), stock_risks=await stock_risks(uow, open_campaigns), demand=demand,
        delays=await signals.delayed_fulfilments(uow, LIST_LIMIT),
        quality_alerts=await signals.recent_trends(uow, "return", LIST_LIMIT),
        returns=await signals.recent_returns(uow, ("inspected", "processed", "refused"), LIST_LIMIT),
        sparklines=sparklines, warehouses=await signals.warehouse_codes(uow, 100),
    )


async def latest_change(uow: UnitOfWork) -> int:
    """The sequence number of the newest feed line: grows with every event applied."""
    return await feed.latest_seq(uow)
