"""Run a service's Alembic migrations: `python -m shared.migrate <service> [database url]`."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("marketing", "inventory", "support", "content", "board")


def alembic_config(service: str, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("version_locations", str(ROOT / "migrations" / service / "versions"))
    config.set_main_option("path_separator", "os")
    config.set_main_option("service", service)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def settings_url(service: str) -> str:
    module = importlib.import_module(f"services.{service}.settings")
    return str(module.Settings().database_url)


def upgrade(service: str, url: str | None = None) -> None:
    command.upgrade(alembic_config(service, url or settings_url(service)), "head")


def main(argv: list[str]) -> None:
    services = [argv[0]] if argv else list(SERVICES)
    url = argv[1] if len(argv) > 1 else None
    for service in services:
        upgrade(service, url)
        print(f"migrated {service}")


if __name__ == "__main__":
    main(sys.argv[1:])
