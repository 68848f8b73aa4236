"""Autogenerate a migration for one service against a scratch SQLite database.

Usage: python -m scripts.new_migration <service> "message"
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from shared.migrate import alembic_config


def main(service: str, message: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'scratch.db'}"
        config = alembic_config(service, url)
        command.upgrade(config, "head")
        command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
