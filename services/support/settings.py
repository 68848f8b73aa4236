"""Settings of the support service (environment prefix `SUPPORT_`)."""

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SUPPORT_")

    service_name: str = "support"
    database_url: str = "sqlite+aiosqlite:///.data/support.db"
    port: int = 8003
