"""Settings of the inventory service (environment prefix `INVENTORY_`)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INVENTORY_")

    service_name: str = "inventory"
    database_url: str = Field(
        "sqlite+aiosqlite:///.data/inventory.db",
        description="SQLAlchemy async URL of this service's own database (SQLite file or postgresql+asyncpg://).",
    )
    port: int = Field(8002, ge=1, le=65535, description="HTTP port of the service.")
    reservation_sweep_seconds: float = Field(
        5.0, gt=0, le=3600, description="How often expired reservations are looked for and released."
    )
    reservation_sweep_batch: int = Field(
        200, ge=1, le=10_000, description="At most this many expired reservations released per sweep."
    )
    delay_sweep_seconds: float = Field(
        15.0, gt=0, le=3600, description="How often fulfilments are checked for delays."
    )
    delay_sweep_batch: int = Field(
        500, ge=1, le=10_000, description="At most this many fulfilments checked for delays per sweep."
    )
    stalled_scan_hours: float = Field(
        72.0, gt=0, le=24 * 365,
        description="A shipped parcel without a carrier scan for this long is delayed (`no_carrier_scan`).",
    )
    stock_read_pool_size: int = Field(
        10, ge=1, le=200, description="Connections of the PostgreSQL pool serving stock reads."
    )
