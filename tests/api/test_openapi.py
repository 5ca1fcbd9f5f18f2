"""The OpenAPI document is valid and describes every operation fully."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from app.main import create_app
from app.security.scopes import MASTER_ONLY, Scope
from app.settings import Settings

OPERATIONS = {
    "create_thread",
    "list_threads",
    "get_thread",
    "list_thread_comments",
    "delete_thread",
    "create_import",
    "list_imports",
    "get_import",
    "list_import_results",
    "cancel_import",
    "health",
    "ready",
    "list_thread_exchanges",
    "list_thread_conversations",
    "list_platforms",
    "list_tags",
    "compare_groups",
    "get_report",
    "list_creators",
    "get_creator",
    "get_thread_network",
    "export_threads",
    "export_comments",
    "export_edges",
}
# Operations answering with files rather than JSON: the media types each documents.
NETWORK_FILES = {"application/graphml+xml", "application/gexf+xml"}
TABLE_FILES = {"text/csv", "application/vnd.apache.parquet"}
FILES = {
    "get_thread_network": NETWORK_FILES,
    "export_threads": TABLE_FILES,
    "export_comments": TABLE_FILES,
    "export_edges": TABLE_FILES,
}


def spec(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        operation["operationId"]: operation
        for path in document["paths"].values()
        for operation in path.values()
    }


def test_spec_validates(client: TestClient) -> None:
    validate(spec(client))


def test_every_operation_has_an_id_a_summary_and_a_typed_success(client: TestClient) -> None:
    found = operations(spec(client))
    assert set(found) == OPERATIONS
    for operation_id, operation in found.items():
        assert operation.get("summary"), operation_id
        success = [code for code in operation["responses"] if code.startswith("2")]
        assert success, operation_id
        if operation_id == "get_report":
            assert "text/html" in operation["responses"][success[0]]["content"]
        elif operation_id in FILES:
            assert set(operation["responses"][success[0]]["content"]) == FILES[operation_id]
        elif operation_id != "delete_thread":
            content = operation["responses"][success[0]]["content"]["application/json"]
            assert "$ref" in content["schema"], operation_id


def test_error_responses_are_documented_as_problem_json(client: TestClient) -> None:
    found = operations(spec(client))
    create = found["create_thread"]["responses"]
    assert {"400", "413", "415", "422"} <= set(create)
    assert "application/problem+json" in create["413"]["content"]
    assert "404" in found["get_thread"]["responses"]


def test_upload_body_documents_canonical_json_and_ndjson(client: TestClient) -> None:
    document = spec(client)
    body = operations(document)["create_thread"]["requestBody"]["content"]
    assert body["application/json"]["schema"]["$ref"].endswith("/CanonicalThread")
    assert "application/x-ndjson" in body
    assert "CanonicalComment" in document["components"]["schemas"]


def test_docs_page_is_served(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "swagger" in response.text.lower()


def test_a_deployed_spec_declares_the_key_scheme_and_each_operation_scope() -> None:
    master = Settings(
        database_url="sqlite://",
        master_key="m" * 32,
        pseudonymise_authors=False,
        preload_text_pipelines=False,
    )
    document = create_app(master).openapi()
    validate(document)
    scheme = document["components"]["securitySchemes"]["ApiKey"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    found = operations(document)
    assert set(found) == OPERATIONS | {"create_key", "list_keys", "revoke_key"}
    scopes = {scope.value for scope in Scope} | {MASTER_ONLY}
    for operation_id, operation in found.items():
        if operation_id in ("health", "ready"):
            assert "security" not in operation
            continue
        scope = operation["x-parley-scope"]
        assert scope in scopes, operation_id
        assert operation["security"] == [{"ApiKey": [] if scope == MASTER_ONLY else [scope]}]
        assert f"`{scope}`" in operation["description"] or scope == MASTER_ONLY
        for status in ("401", "403"):
            refusal = operation["responses"][status]
            assert "application/problem+json" in refusal["content"], (operation_id, status)
            assert "WWW-Authenticate" in refusal["headers"]
    limited = {o for o, operation in found.items() if "429" in operation["responses"]}
    assert limited == {
        "create_thread",
        "delete_thread",
        "create_import",
        "cancel_import",
        "list_thread_exchanges",
        "list_thread_conversations",
        "list_platforms",
        "list_tags",
        "compare_groups",
        "get_report",
        "list_creators",
        "get_creator",
        "get_thread_network",
        "export_threads",
        "export_comments",
        "export_edges",
    }
    assert "Retry-After" in found["create_thread"]["responses"]["429"]["headers"]
