"""Settings of the marketing service (environment prefix `MARKETING_`)."""

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MARKETING_")

    service_name: str = "marketing"
    database_url: str = "sqlite+aiosqlite:///.data/marketing.db"
    port: int = 8001
