"""Settings of the marketing service (environment prefix `MARKETING_`)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MARKETING_")

    service_name: str = "marketing"
    database_url: str = Field(
        "sqlite+aiosqlite:///.data/marketing.db",
        description="SQLAlchemy async URL of this service's own database (SQLite file or postgresql+asyncpg://).",
    )
    port: int = Field(8001, ge=1, le=65535, description="HTTP port of the service.")
    check_timeout_seconds: float = Field(
        600.0, gt=0, le=7 * 24 * 3600,
        description="A launch check unanswered this long counts as at risk ('check timed out').",
    )
    schedule_interval_seconds: float = Field(
        5.0, gt=0, le=3600,
        description="How often the sweepers look for timed-out checks, auto-launches and auto-ends.",
    )
    schedule_batch_size: int = Field(
        100, ge=1, le=10_000, description="Campaigns each sweeper handles per round at most.",
    )
    promotions_read_pool_size: int = Field(
        10, ge=1, le=200, description="Connections of the PostgreSQL pool serving promotion reads.",
    )
