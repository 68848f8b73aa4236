"""Settings of the coordination board (environment prefix `BOARD_`)."""

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings

# Signs cookies on a developer's machine only; production refuses to start without its own.
DEVELOPMENT_SESSION_SECRET = "board-development-only-session-secret"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BOARD_")

    service_name: str = "board"
    database_url: str = Field(
        "sqlite+aiosqlite:///.data/board.db",
        description="SQLAlchemy async URL of the board's own database (its read model and sessions).",
    )
    port: int = Field(8005, ge=1, le=65535, description="HTTP port of the board.")
    marketing_url: str = Field("http://127.0.0.1:8001", description="Base URL of the marketing service.")
    inventory_url: str = Field("http://127.0.0.1:8002", description="Base URL of the inventory service.")
    support_url: str = Field("http://127.0.0.1:8003", description="Base URL of the support service.")
    content_url: str = Field("http://127.0.0.1:8004", description="Base URL of the content service.")
    session_secret: str = Field(
        "", description="Signs the session cookie; required in production (at least 32 characters).",
    )
    session_hours: float = Field(12.0, gt=0, le=24 * 30, description="How long a sign-in lasts.")
    health_poll_seconds: float = Field(
        5.0, gt=0, le=3600, description="How often the backbone health of every service is read.",
    )
    service_timeout_seconds: float = Field(
        5.0, gt=0, le=60, description="Timeout of the board's calls to the services' APIs.",
    )

    @property
    def signing_secret(self) -> str:
        return self.session_secret or DEVELOPMENT_SESSION_SECRET

    def service_urls(self) -> dict[str, str]:
        return {"marketing": self.marketing_url, "inventory": self.inventory_url,
                "support": self.support_url, "content": self.content_url}

    @model_validator(mode="after")
    def _check_session_secret(self) -> "Settings":
        if self.is_production and len(self.session_secret) < 32:
            raise ValueError("production mode needs BOARD_SESSION_SECRET of at least 32 characters")
        return self
