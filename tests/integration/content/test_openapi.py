"""The content API documents every route: summary, description, error responses, body examples."""

from services.content.main import create_app
from services.content.settings import Settings


def test_every_content_route_is_documented_with_errors_and_examples(tmp_path):
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'c.db'}",
                              run_background_tasks=False))
    document = app.openapi()
    schemas = document["components"]["schemas"]
    routes = [(path, method, operation) for path, item in document["paths"].items()
              if path.startswith("/v1/") and "/admin/" not in path for method, operation in item.items()]
    assert len(routes) == 13
    for path, method, operation in routes:
        assert operation.get("summary") and operation.get("description"), (method, path)
        assert "401" in operation["responses"], (method, path)
        body = operation.get("requestBody")
        if body:
            reference = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
            assert schemas[reference].get("examples"), (method, path)
        if method in ("put", "post", "patch", "delete"):
            assert "403" in operation["responses"], (method, path)
