"""Setting the scene: warehouses, items and stock, the shop's pages, and a campaign draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from scripts.demo import output
from scripts.demo.api import Services
from scripts.demo.site import DemoSite

WAREHOUSES = {"BER-1": ("Berlin", "DE"), "HAM-1": ("Hamburg", "DE")}
SAFETY_STOCK = 5
LOW_STOCK_THRESHOLD = 10
DISCOUNT_PCT = 20


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    received: dict[str, int]
    expected_units: int


@dataclass
class Scenario:
    """Everything this run created; SKUs and names carry the run id, so runs never collide."""

    run: str
    site: DemoSite
    products: list[Product]
    campaign_name: str
    landing_slug: str
    page_ids: dict[str, str] = field(default_factory=dict)
    campaign_id: str = ""

    @property
    def skus(self) -> list[str]:
        return [product.sku for product in self.products]

    @property
    def short(self) -> Product:
        """The product with too little stock for the campaign."""
        return self.products[2]

    @property
    def broken(self) -> Product:
        """The product whose page shows a broken image."""
        return self.products[1]

    @property
    def landing_url(self) -> str:
        return f"{self.site.url}/campaigns/{self.landing_slug}"

    def product_url(self, sku: str) -> str:
        return f"{self.site.url}/products/{sku}"

    def page_name(self, url: str) -> str:
        return url.removeprefix(self.site.url) or "/"


def new_scenario(run: str, site: DemoSite) -> Scenario:
    return Scenario(
        run=run, site=site, campaign_name=f"Spring running week {run}",
        landing_slug=f"spring-running-{run.lower()}",
        products=[
            Product(f"TRAIL-SHOE-{run}", "Trail running shoe", {"BER-1": 120, "HAM-1": 80}, 100),
            Product(f"RAIN-JACKET-{run}", "Packable rain jacket", {"BER-1": 150}, 80),
            Product(f"WATER-BOTTLE-{run}", "Insulated water bottle", {"HAM-1": 25}, 60),
        ],
    )


async def stock_of(services: Services, skus: list[str]) -> dict[str, dict[str, Any]]:
    found = await services.call("inventory", "GET", "/v1/stock", "storefront",
                                params={"skus": ",".join(skus)})
    return {item["sku"]: item for item in found["items"]}


async def receive(services: Services, sku: str, warehouse: str, units: int, reference: str) -> int:
    """A goods receipt; the SKU's total available afterwards."""
    await services.call("inventory", "POST", "/v1/stock/movements", "inventory", json={
        "sku": sku, "warehouse": warehouse, "delta": units, "reason": "receipt", "reference": reference,
    })
    return int((await stock_of(services, [sku]))[sku]["available"])


async def set_the_scene(services: Services, scenario: Scenario) -> None:
    output.section("Setting the scene", "A small shop: two warehouses, three products, five web pages "
                "and a spring campaign that marketing wants to launch.")
    await _stock_the_warehouses(services, scenario)
    await _register_pages(services, scenario)
    await _draft_campaign(services, scenario)


async def _stock_the_warehouses(services: Services, scenario: Scenario) -> None:
    for code, (city, country) in WAREHOUSES.items():
        await services.call("inventory", "PUT", f"/v1/warehouses/{code}", "inventory",
                            json={"name": city, "country": country})
    for product in scenario.products:
        await services.call("inventory", "PUT", f"/v1/items/{product.sku}", "inventory", json={
            "name": product.name, "low_stock_threshold": LOW_STOCK_THRESHOLD, "safety_stock": SAFETY_STOCK,
        })
        for warehouse, units in product.received.items():
            await receive(services, product.sku, warehouse, units, f"PO-{scenario.run}-{warehouse}")
    stock = await stock_of(services, scenario.skus)
    output.team("Inventory", f"Warehouses {' and '.join(WAREHOUSES)}; items received (safety stock "
                f"{SAFETY_STOCK} each, low-stock alert at {LOW_STOCK_THRESHOLD}):")
    output.table(["SKU", "item", "per warehouse", "available"], [
        (p.sku, p.name, ", ".join(f"{w['warehouse']} {w['available']}" for w in stock[p.sku]["warehouses"]),
         stock[p.sku]["available"]) for p in scenario.products
    ])


async def _register_pages(services: Services, scenario: Scenario) -> None:
    scenario.site.break_image(scenario.broken.sku)
    pages: list[tuple[str, str, str | None, str]] = [
        (scenario.product_url(p.sku), "product", p.sku, p.name) for p in scenario.products
    ]
    pages += [(scenario.landing_url, "landing", None, scenario.campaign_name),
              (f"{scenario.site.url}/checkout", "checkout", None, "Checkout")]
    for url, kind, sku, title in pages:
        page = await services.call("content", "PUT", "/v1/pages", "content",
                                   json={"url": url, "kind": kind, "sku": sku, "title": title})
        scenario.page_ids[url] = page["id"]
    crawl = await services.call("content", "POST", "/v1/crawls", "content",
                                json={"page_ids": list(scenario.page_ids.values())})

    async def finished() -> dict[str, Any] | None:
        progress = await services.call("content", "GET", f"/v1/crawls/{crawl['id']}", "content")
        return progress if progress["status"] in ("completed", "failed") else None

    await services.until("the content crawl of the demo site", finished)
    output.team("Content", f"The demo shop site runs at {scenario.site.url} (the photo on the "
                f"{scenario.broken.sku} page is broken on purpose). The content team registers its "
                "pages and crawls them:")
    rows = []
    for url, page_id in scenario.page_ids.items():
        page = await services.call("content", "GET", f"/v1/pages/{page_id}", "content")
        issues = ", ".join(issue["code"].replace("_", " ") for issue in page["issues"]) or "-"
        rows.append((scenario.page_name(url), page["kind"], page["health"], issues))
    output.table(["page", "kind", "health", "issues"], rows)


async def _draft_campaign(services: Services, scenario: Scenario) -> None:
    starts_at = datetime.now(UTC).replace(second=0, microsecond=0)
    campaign = await services.call("marketing", "POST", "/v1/campaigns", "marketing", json={
        "name": scenario.campaign_name, "channels": ["email", "social", "web"],
        "starts_at": starts_at.isoformat(), "ends_at": (starts_at + timedelta(days=7)).isoformat(),
        "landing_url": scenario.landing_url, "uplift": 2.0,
        "items": [{"sku": p.sku, "expected_units": p.expected_units, "discount_pct": DISCOUNT_PCT}
                  for p in scenario.products],
    })
    scenario.campaign_id = campaign["id"]
    output.team("Marketing", f"Campaign “{campaign['name']}” drafted: {DISCOUNT_PCT} % off, on email, "
                "social and web, "
                f"{output.moment(campaign['starts_at'])} to {output.moment(campaign['ends_at'])}, "
                f"landing page {scenario.page_name(scenario.landing_url)}. Units it expects to sell:")
    output.table(["SKU", "expected units"], [(p.sku, p.expected_units) for p in scenario.products])


async def forget_pages(services: Services, scenario: Scenario) -> None:
    """The site stops with the demo: its pages leave the registry rather than be reported broken later."""
    for page_id in scenario.page_ids.values():
        await services.call("content", "DELETE", f"/v1/pages/{page_id}", "content")
