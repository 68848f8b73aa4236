"""docker-compose.yml cannot run here; this keeps it honest against the settings the code reads."""

import importlib
from pathlib import Path

import yaml
from pydantic import AliasChoices

from shared.migrate import SERVICES
from shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]


def _env_names(settings_class: type[ServiceSettings]) -> set[str]:
    prefix = settings_class.model_config.get("env_prefix", "")
    names = set()
    for name, field in settings_class.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names.update(str(choice) for choice in alias.choices if str(choice).isupper())
        else:
            names.add(f"{prefix}{name}".upper())
    return names


def _settings_class(service: str) -> type[ServiceSettings]:
    return importlib.import_module(f"services.{service}.settings").Settings


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_every_variable_compose_sets_for_a_service_is_read_by_that_service():
    services = _compose()["services"]
    for name in SERVICES:
        readable = _env_names(_settings_class(name))
        unknown = set(services[name]["environment"]) - readable
        assert not unknown, f"{name}: compose sets variables the code never reads: {unknown}"


def test_migrate_job_sets_every_database_url_and_only_known_variables():
    environment = set(_compose()["services"]["migrate"]["environment"])
    readable = set().union(*(_env_names(_settings_class(s)) for s in SERVICES))
    assert environment - readable == set()
    assert {f"{s.upper()}_DATABASE_URL" for s in SERVICES} <= environment


def test_ports_match_the_settings_and_the_command_and_idempotence_is_on():
    services = _compose()["services"]
    for name in SERVICES:
        definition = services[name]
        default_port = _settings_class(name).model_fields["port"].default
        assert definition["environment"][f"{name.upper()}_PORT"] == str(default_port)
        assert definition["ports"] == [f"{default_port}:{default_port}"]
        command = definition["command"]
        assert command[command.index("--port") + 1] == str(default_port)
        assert f"services.{name}.main:create_app" in command
        assert definition["environment"]["KAFKA_ENABLE_IDEMPOTENCE"] == "true"
        assert definition["environment"]["KAFKA_BROKER_FORGETS_RECORDS"] == "false"
        assert definition["environment"]["APP_ENV"] == "production"
        assert definition["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"


def test_every_service_database_exists_in_the_postgres_init_script():
    script = (ROOT / "deploy" / "create-databases.sql").read_text()
    for name in SERVICES:
        assert f"CREATE DATABASE {name};" in script
