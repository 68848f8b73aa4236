"""Settings base: one class per service, env prefix per service, shared keys unprefixed."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROLES = ("storefront", "marketing", "inventory", "support", "content", "admin")


def _shared(name: str) -> AliasChoices:
    """A setting every service reads under the same, unprefixed name."""
    return AliasChoices(name, name.lower())


class ServiceSettings(BaseSettings):
    """Settings every service has; subclasses set `service_name` and an env prefix."""

    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", populate_by_name=True, validate_default=True,
        hide_input_in_errors=True,  # a refused setting must not print API keys or database passwords
    )

    service_name: str = "service"
    app_env: Literal["development", "production"] = Field(
        "development", validation_alias=_shared("APP_ENV"),
        description="`development` accepts dev-<role> keys; `production` needs API_KEYS.",
    )
    database_url: str = Field(
        "sqlite+aiosqlite:///.data/service.db",
        description="SQLAlchemy async URL: sqlite+aiosqlite:///file.db or postgresql+asyncpg://...",
    )
    database_pool_size: int = Field(10, ge=1, le=200, description="Connection pool size (PostgreSQL).")
    database_lock_timeout_seconds: float = Field(
        30.0, gt=0, le=600,
        description="Longest wait for a database lock; a request that would wait longer gets a 503.",
    )
    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", validation_alias=_shared("KAFKA_BOOTSTRAP_SERVERS"),
        description="Kafka brokers; when unset, `make run` starts the local broker.",
    )
    kafka_enable_idempotence: bool = Field(
        False, validation_alias=_shared("KAFKA_ENABLE_IDEMPOTENCE"),
        description="Idempotent producer: on for Apache Kafka, off for the local broker (unsupported).",
    )
    kafka_broker_forgets_records: bool = Field(
        True, validation_alias=_shared("KAFKA_BROKER_FORGETS_RECORDS"),
        description="The broker may lose records it acknowledged (the local in-memory broker does on "
        "a restart): the relay recreates topics and sends lost outbox rows again. Off for Apache Kafka.",
    )
    kafka_topic_partitions: int = Field(
        3, ge=1, le=1000, validation_alias=_shared("KAFKA_TOPIC_PARTITIONS"),
        description="Partitions of the topics a service creates.",
    )
    kafka_namespace: str = Field(
        "",
        pattern=r"^[A-Za-z0-9._-]{0,100}$",
        validation_alias=_shared("KAFKA_NAMESPACE"),
        description="Prefix of every topic and consumer group, to share one cluster.",
    )
    api_keys: str = Field(
        "",
        validation_alias=_shared("API_KEYS"),
        description="Comma separated `key:role` pairs.",
    )
    otel_exporter_otlp_endpoint: str = Field(
        "", validation_alias=_shared("OTEL_EXPORTER_OTLP_ENDPOINT"),
        description="OTLP/HTTP endpoint (e.g. http://jaeger:4318) to export trace spans to; unset: "
        "traces are propagated in events but no span leaves the process.",
    )
    log_level: str = Field("INFO", validation_alias=_shared("LOG_LEVEL"), description="Log level.")
    relay_batch_size: int = Field(500, ge=1, le=10_000, description="Outbox rows sent per batch.")
    relay_poll_seconds: float = Field(
        1.0, gt=0, description="Outbox poll interval when no commit woke the relay."
    )
    relay_failover_seconds: float = Field(
        10.0, gt=0, le=600,
        description="With several replicas, a standby relay takes over within this time after the "
        "publishing one died (it asks for the leadership lock this often, five times over).",
    )
    relay_max_backoff_seconds: float = Field(30.0, gt=0, description="Longest wait between relay retries.")
    outbox_retention_hours: float = Field(72.0, gt=0, description="Sent outbox rows are purged after this.")
    consumer_max_attempts: int = Field(
        5, ge=1, le=100, description="Handler attempts before a message is dead-lettered."
    )
    consumer_retry_base_seconds: float = Field(0.2, gt=0, description="First handler retry delay.")
    consumer_max_backoff_seconds: float = Field(30.0, gt=0, description="Longest handler retry delay.")
    consumer_fetch_max_wait_ms: int = Field(
        50, ge=1, le=30_000,
        description="Longest a fetch waits at the broker for new records before asking again: the "
        "delay an event can sit unseen when the broker does not answer a waiting fetch as soon as "
        "records arrive (the local broker does not).",
    )
    idempotency_ttl_hours: float = Field(24.0, gt=0, description="How long Idempotency-Key answers are kept.")
    max_body_bytes: int = Field(1_048_576, ge=1024, description="Larger request bodies get 413.")
    run_background_tasks: bool = Field(
        True, description="Start the outbox relay, the consumer and the sweepers."
    )

    def topic(self, logical: str) -> str:
        """The broker-side name of a logical topic such as `inventory.events`."""
        return self.kafka_namespace + logical

    @property
    def is_production(self) -> bool:
        return self.app_env == "production"

    def parsed_api_keys(self) -> dict[str, str]:
        """API key -> role, from `API_KEYS` (the `dev-<role>` keys in development when unset)."""
        keys = _parse_api_keys(self.api_keys)
        if not self.is_production and not keys:
            keys = {f"dev-{role}": role for role in ROLES}
        return keys

    @model_validator(mode="after")
    def _check_keys(self) -> ServiceSettings:
        _parse_api_keys(self.api_keys)
        if self.is_production:
            keys = self.parsed_api_keys()
            if not keys:
                raise ValueError("production mode needs API_KEYS")
            if any(key.startswith("dev-") for key in keys):
                raise ValueError("production mode refuses dev- API keys")
        return self


def _parse_api_keys(raw: str) -> dict[str, str]:
    """`key:role,key:role` -> {key: role}; a malformed entry or unknown role is an error."""
    keys: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in raw.split(","))):
        key, sep, role = pair.rpartition(":")
        if not sep or not key.strip() or role.strip() not in ROLES:
            raise ValueError(f"API_KEYS entry must be key:role with a role in {ROLES}")
        keys[key.strip()] = role.strip()
    return keys
