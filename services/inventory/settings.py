"""Settings of the inventory service (environment prefix `INVENTORY_`)."""

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INVENTORY_")

    service_name: str = "inventory"
    database_url: str = "sqlite+aiosqlite:///.data/inventory.db"
    port: int = 8002
