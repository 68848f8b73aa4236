"""Settings of the content service (environment prefix `CONTENT_`)."""

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTENT_")

    service_name: str = "content"
    database_url: str = "sqlite+aiosqlite:///.data/content.db"
    port: int = 8004
