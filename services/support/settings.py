"""Settings of the support service (environment prefix `SUPPORT_`)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SUPPORT_")

    service_name: str = "support"
    database_url: str = Field(
        "sqlite+aiosqlite:///.data/support.db",
        description="SQLAlchemy async URL of this service's own database (SQLite file or postgresql+asyncpg://).",
    )
    port: int = Field(8003, ge=1, le=65535, description="HTTP port of the service.")
    contact_rate: float = Field(
        0.05, ge=0, le=10,
        description="Extra customer contacts expected per campaign unit sold "
                    "(expected_extra_contacts = ceil(sum of expected units x rate)).",
    )
    trend_threshold: int = Field(
        5, ge=2, le=10_000,
        description="Tickets sharing a topic and a SKU or page URL that make a feedback trend.",
    )
    trend_window_days: int = Field(
        7, ge=1, le=365, description="Days within which those tickets must arrive; one trend per window.",
    )
    trend_sample_size: int = Field(
        5, ge=1, le=50,
        description="How many recent ticket subjects (or return comments) a trend event carries as samples.",
    )
    return_trend_threshold: int = Field(
        5, ge=2, le=10_000,
        description="Returned lines of one SKU sharing a reason (damaged, wrong_item, not_as_described) "
                    "within the trend window that make a return trend; carrier damage counts as damaged.",
    )
    delay_cluster_threshold: int = Field(
        10, ge=1, le=100_000,
        description="Fulfilments of one warehouse, or of one carrier, delayed within 24 hours that make "
                    "a delivery_delay advisory (critical at three times as many).",
    )
    wismo_contact_rate: float = Field(
        0.3, ge=0, le=10,
        description="Extra \"where is my order?\" contacts expected per delayed order "
                    "(expected_extra_contacts = ceil(delayed orders x rate)).",
    )
