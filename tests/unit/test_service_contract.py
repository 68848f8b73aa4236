"""The service contract (STYLE.md): every service has the same modules with the same roles."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from shared.http.deps import get_uow

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(p.parent.name for p in (ROOT / "services").glob("*/main.py"))
REQUIRED = ["main", "settings", "api", "api.deps", "schemas", "domain", "service", "handlers",
            "tables", "repository"]
FRAMEWORKS = ("fastapi", "starlette", "sqlalchemy", "aiokafka", "httpx", "asyncpg", "aiosqlite",
              "pydantic_settings", "jinja2")
MAX_LINES = 300


def _modules(service: str, kind: str) -> list[Path]:
    """The files of a module kind: `x.py`, or every file of the package `x/`."""
    base = ROOT / "services" / service
    path = base.joinpath(*kind.split("."))
    if path.with_suffix(".py").exists():
        return [path.with_suffix(".py")]
    return sorted(path.glob("**/*.py")) if path.is_dir() else []


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _calls(path: Path, method: str) -> list[int]:
    return [node.lineno for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == method]


def test_the_five_services_are_there() -> None:
    assert {"marketing", "inventory", "support", "content"} <= set(SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_every_contract_module_exists(service: str) -> None:
    missing = [kind for kind in REQUIRED if not _modules(service, kind)]
    assert not missing, f"services/{service} lacks {missing}"


@pytest.mark.parametrize("service", SERVICES)
def test_routers_handlers_and_role_aliases_have_the_same_names(service: str) -> None:
    api = importlib.import_module(f"services.{service}.api")
    deps = importlib.import_module(f"services.{service}.api.deps")
    handlers = importlib.import_module(f"services.{service}.handlers")
    main = importlib.import_module(f"services.{service}.main")
    assert isinstance(api.ROUTERS, list) and api.ROUTERS
    for alias in ("Reader", "Writer", "ReadUow", "WriteUow"):
        assert hasattr(deps, alias), f"{service}.api.deps has no {alias}"
    assert callable(handlers.handlers), f"{service}.handlers has no handlers(settings) table"
    assert callable(main.create_app)


@pytest.mark.parametrize("service", SERVICES)
def test_only_service_modules_publish_events(service: str) -> None:
    allowed = set(_modules(service, "service"))
    publishing = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / "services" / service).glob("**/*.py")
        if path not in allowed and (lines := _calls(path, "publish"))
    }
    assert not publishing, f"events published outside service: {publishing}"


@pytest.mark.parametrize("service", SERVICES)
def test_repositories_never_commit(service: str) -> None:
    committing = {str(p.relative_to(ROOT)): lines for p in _modules(service, "repository")
                  if (lines := _calls(p, "commit"))}
    assert not committing


@pytest.mark.parametrize("service", SERVICES)
def test_domain_imports_no_framework_and_no_io_module(service: str) -> None:
    io_modules = tuple(f"services.{service}.{m}" for m in
                       ("tables", "repository", "service", "api", "settings", "handlers", "main"))
    for path in _modules(service, "domain"):
        bad = [name for name in _imports(path)
               if name.split(".")[0] in FRAMEWORKS or name.startswith(io_modules)]
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


@pytest.mark.parametrize("service", SERVICES)
def test_routes_and_handlers_reach_data_only_through_service(service: str) -> None:
    data = (f"services.{service}.repository", f"services.{service}.tables")
    for kind in ("api", "handlers"):
        for path in _modules(service, kind):
            bad = [name for name in _imports(path) if name.startswith(data)]
            assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


@pytest.mark.parametrize("service", [*SERVICES, "../shared"])
def test_no_module_is_over_300_lines(service: str) -> None:
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "services" / service).resolve().glob("**/*.py")
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, f"split these into packages: {long}"


def _api_routes(routes: Iterable[Any]) -> Iterator[APIRoute]:
    for route in routes:
        original = getattr(route, "original_router", None)
        if original is not None:  # an included router, kept lazily by FastAPI
            yield from _api_routes(original.routes)
        elif isinstance(route, APIRoute):
            yield route


def _dependency_calls(dependant: Dependant) -> Iterator[object]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _dependency_calls(sub)


@pytest.mark.parametrize("service", SERVICES)
def test_every_get_route_reads_through_a_read_only_unit_of_work(service: str, tmp_path: Path) -> None:
    settings_module = importlib.import_module(f"services.{service}.settings")
    settings = settings_module.Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'contract.db'}", run_background_tasks=False
    )
    app = importlib.import_module(f"services.{service}.main").create_app(settings)
    writing_gets = [route.path for route in _api_routes(app.routes)
                    if "GET" in route.methods and get_uow in set(_dependency_calls(route.dependant))]
    assert not writing_gets, f"GET routes with a write unit of work: {writing_gets}"


@pytest.mark.parametrize("service", SERVICES)
def test_routes_open_no_connection_of_their_own(service: str) -> None:
    opening = {str(p.relative_to(ROOT)): lines for p in _modules(service, "api")
               if (lines := _calls(p, "connect") + _calls(p, "begin"))}
    assert not opening, f"routes must use ReadUow/WriteUow: {opening}"
