"""One realistic example payload per event type (documentation and contract tests)."""

from typing import Any

_CAMPAIGN = "3f0c9a52-8d1e-4c55-9a43-2f6b1e7d9c10"
_REQUEST = "a4b1d2c3-0e9f-4a8b-9c7d-6e5f4a3b2c1d"
_RETURN = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
_PAGE = "9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
_FULFILMENT = "e5f4d3c2-b1a0-4f9e-8d7c-6b5a4f3e2d1c"
_LANDING = "https://shop.example/campaigns/winter-sale"
_PRODUCT = "https://shop.example/products/sku-123"

EXAMPLES: dict[str, dict[str, Any]] = {
    "marketing.campaign.launch_requested.v1": {
        "campaign_id": _CAMPAIGN, "request_id": _REQUEST, "name": "Winter sale",
        "channels": ["email", "social"], "starts_at": "2026-12-05T08:00:00Z",
        "ends_at": "2026-12-12T22:00:00Z", "landing_url": _LANDING, "uplift": 2.0,
        "items": [{"sku": "SKU-123", "expected_units": 400, "discount_pct": 20.0}],
    },
    "marketing.campaign.readiness_changed.v1": {
        "campaign_id": _CAMPAIGN, "request_id": _REQUEST, "readiness": "blocked",
        "reasons": ["SKU-123: stock covers 30% of the expected 400 units"],
    },
    "marketing.campaign.launched.v1": {
        "campaign_id": _CAMPAIGN, "name": "Winter sale", "skus": ["SKU-123"],
        "starts_at": "2026-12-05T08:00:00Z", "ends_at": "2026-12-12T22:00:00Z",
        "landing_url": _LANDING, "forced": False,
    },
    "marketing.campaign.scheduled.v1": {
        "campaign_id": _CAMPAIGN, "name": "Winter sale", "skus": ["SKU-123"],
        "starts_at": "2026-12-05T08:00:00Z", "ends_at": "2026-12-12T22:00:00Z", "forced": False,
    },
    "marketing.campaign.paused.v1": {"campaign_id": _CAMPAIGN, "reason": "all SKUs sold out"},
    "marketing.campaign.resumed.v1": {"campaign_id": _CAMPAIGN, "reason": None},
    "marketing.campaign.at_risk.v1": {
        "campaign_id": _CAMPAIGN, "reasons": ["SKU-123 is sold out"], "skus": ["SKU-123"],
    },
    "marketing.campaign.risk_cleared.v1": {
        "campaign_id": _CAMPAIGN, "cleared": "SKU-123 is sold out in every warehouse", "reasons": [],
        "skus": [],
    },
    "marketing.campaign.ended.v1": {
        "campaign_id": _CAMPAIGN, "skus": ["SKU-123"], "landing_url": _LANDING,
    },
    "marketing.campaign.cancelled.v1": {
        "campaign_id": _CAMPAIGN, "skus": ["SKU-123"], "landing_url": _LANDING,
    },
    "inventory.stock.changed.v1": {
        "sku": "SKU-123", "warehouse": "BER-1", "delta": -2, "reason": "shipment",
        "reference": "order-1001", "on_hand": 18, "reserved": 3, "available": 15,
        "total_available": 42,
    },
    "inventory.stock.low.v1": {"sku": "SKU-123", "total_available": 8, "threshold": 10},
    "inventory.stock.depleted.v1": {"sku": "SKU-123"},
    "inventory.stock.replenished.v1": {"sku": "SKU-123", "total_available": 120, "threshold": 10},
    "inventory.campaign_check.completed.v1": {
        "campaign_id": _CAMPAIGN, "request_id": _REQUEST, "overall": "insufficient",
        "items": [{
            "sku": "SKU-123", "expected_units": 400, "estimated": False, "available": 130,
            "safety_stock": 10, "competing_units": 0, "coverage": 0.3,
            "status": "insufficient", "projected_stockout_at": "2026-12-07T03:00:00Z",
        }],
    },
    "inventory.return.processed.v1": {
        "return_id": _RETURN, "warehouse": "BER-1",
        "lines": [{"sku": "SKU-123", "qty": 2, "disposition": "restocked"},
                  {"sku": "SKU-123", "qty": 1, "disposition": "written_off"}],
    },
    "inventory.return.refused.v1": {
        "return_id": _RETURN, "reasons": ["warehouse NOPE-WH is unknown to inventory"],
    },
    "inventory.warehouse.changed.v1": {"code": "BER-1", "name": "Berlin", "country": "DE"},
    "inventory.fulfilment.status_changed.v1": {
        "fulfilment_id": _FULFILMENT, "order_ref": "order-1001", "warehouse": "BER-1",
        "status": "shipped", "carrier": "DHL", "tracking_number": "00340434161094042557",
        "tracking_url": "https://carrier.example/track/00340434161094042557",
        "ship_by": "2026-12-04T16:00:00Z", "deliver_by": "2026-12-07T18:00:00Z",
        "occurred_at": "2026-12-04T11:20:00Z", "lines": [{"sku": "SKU-123", "qty": 2}],
        "exception_kind": None,
    },
    "inventory.fulfilment.delayed.v1": {
        "fulfilment_id": _FULFILMENT, "order_ref": "order-1001", "warehouse": "BER-1",
        "carrier": "DHL", "reason": "no_carrier_scan", "since": "2026-12-07T11:20:00Z",
    },
    "inventory.fulfilment.delay_cleared.v1": {
        "fulfilment_id": _FULFILMENT, "order_ref": "order-1001", "reason": "no_carrier_scan",
    },
    "support.ticket.opened.v1": {
        "ticket_id": "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a", "channel": "chat",
        "topic": "sizing", "sku": "SKU-123", "order_ref": "order-1001", "campaign_id": None,
    },
    "support.return.requested.v1": {
        "return_id": _RETURN, "order_ref": "order-1001",
        "lines": [{"sku": "SKU-123", "qty": 3, "reason": "damaged", "comment": "The box was crushed."}],
    },
    "support.return.inspected.v1": {
        "return_id": _RETURN, "warehouse": "BER-1",
        "lines": [{"sku": "SKU-123", "qty": 2, "disposition": "resellable"},
                  {"sku": "SKU-123", "qty": 1, "disposition": "damaged"}],
    },
    "support.advisory.published.v1": {
        "advisory_id": "7e6d5c4b-3a2f-4e1d-9c8b-7a6f5e4d3c2b", "kind": "campaign_launch",
        "severity": "critical", "title": "Winter sale: SKU-123 will likely sell out",
        "campaign_id": _CAMPAIGN, "skus": ["SKU-123"],
    },
    "support.feedback.trend_detected.v1": {
        "topic": "sizing", "sku": "SKU-123", "url": None, "ticket_count": 5, "window_days": 7,
        "sample_subjects": ["Does it run small?", "Which size for 180 cm?"],
    },
    "support.return.trend_detected.v1": {
        "sku": "SKU-123", "reason": "damaged", "line_count": 5, "window_days": 7,
        "sample_comments": ["The box was crushed.", "Arrived with a cracked lid."],
    },
    "content.page.broken.v1": {
        "page_id": _PAGE, "url": _PRODUCT, "kind": "product", "sku": "SKU-123",
        "issues": ["broken_image"],
    },
    "content.page.restored.v1": {
        "page_id": _PAGE, "url": _PRODUCT, "kind": "product", "sku": "SKU-123",
    },
    "content.campaign_check.completed.v1": {
        "campaign_id": _CAMPAIGN, "request_id": _REQUEST, "overall": "blocked",
        "pages": [{"url": _LANDING, "kind": "landing", "sku": None, "health": "ok", "issues": []}],
        "missing_product_pages": ["SKU-123"],
    },
}
