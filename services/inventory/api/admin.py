"""Campaign stock checks and the stock drift report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.inventory import campaign_checks
from services.inventory.api.common import EngineDep, Reader, StockKeeper
from services.inventory.schemas import VISIBLE_ASCII, CampaignCheck, DriftReport, DriftRow
from services.inventory.tables import movements, reservation_lines, reservations, stock_levels
from shared.errors import NotFound
from shared.http.problems import problem_responses

router = APIRouter(prefix="/v1")

CampaignId = Annotated[
    str, Path(max_length=100, pattern=VISIBLE_ASCII, description="The campaign id.")
]


@router.get(
    "/campaign-checks/{campaign_id}", response_model=CampaignCheck, tags=["campaign checks"],
    summary="Latest stock check of a campaign",
    description="The latest answer to a launch request of this campaign: coverage, status and "
    "projected stock-out per SKU, and the overall verdict. Any authenticated role.",
    responses=problem_responses(401, 404, 422),
)
async def get_campaign_check(campaign_id: CampaignId, engine: EngineDep, _: Reader) -> CampaignCheck:
    async with engine.connect() as connection:
        found = await campaign_checks.latest_check(connection, campaign_id)
    if found is None:
        raise NotFound(f"No stock check of campaign {campaign_id} yet.")
    return CampaignCheck.model_validate(found)


@router.get(
    "/admin/stock-drift", response_model=DriftReport, tags=["admin"], summary="Stock drift report",
    description="Stock levels whose `reserved` differs from the sum of active reservations or whose "
    "`on_hand` differs from the sum of the ledger. Empty in a healthy system. Roles: inventory, admin.",
    responses=problem_responses(401, 403),
)
async def stock_drift(engine: EngineDep, _: StockKeeper) -> DriftReport:
    async with engine.connect() as connection:
        rows = await _drift_rows(connection)
    return DriftReport(items=[DriftRow.model_validate(row) for row in rows])


async def _drift_rows(connection: AsyncConnection) -> list[dict[str, Any]]:
    ledger = (
        select(movements.c.sku, movements.c.warehouse, func.sum(movements.c.delta).label("units"))
        .group_by(movements.c.sku, movements.c.warehouse)
        .subquery()
    )
    held = (
        select(reservation_lines.c.sku, reservation_lines.c.warehouse,
               func.sum(reservation_lines.c.qty).label("units"))
        .select_from(reservation_lines.join(reservations,
                                            reservations.c.id == reservation_lines.c.reservation_id))
        .where(reservations.c.status == "active")
        .group_by(reservation_lines.c.sku, reservation_lines.c.warehouse)
        .subquery()
    )
    ledger_units = func.coalesce(ledger.c.units, 0)
    held_units = func.coalesce(held.c.units, 0)
    statement = (
        select(stock_levels.c.sku, stock_levels.c.warehouse, stock_levels.c.on_hand,
               ledger_units.label("ledger_on_hand"), stock_levels.c.reserved,
               held_units.label("reserved_by_active_reservations"))
        .select_from(
            stock_levels
            .outerjoin(ledger, and_(ledger.c.sku == stock_levels.c.sku,
                                    ledger.c.warehouse == stock_levels.c.warehouse))
            .outerjoin(held, and_(held.c.sku == stock_levels.c.sku,
                                  held.c.warehouse == stock_levels.c.warehouse))
        )
        .where(or_(stock_levels.c.on_hand != ledger_units, stock_levels.c.reserved != held_units))
        .order_by(stock_levels.c.sku, stock_levels.c.warehouse)
    )
    return [dict(row._mapping) for row in (await connection.execute(statement)).all()]
