"""OpenAPI additions FastAPI cannot infer (the upload body, the problem+json schema) and the
documentation pages, served with their scripts and styles from Parley itself.

The pages come from `fastapi-offline` (github.com/turettn/fastapi_offline): a thin wrapper,
kept in step with FastAPI's releases since 2020 and depending on FastAPI alone, that ships
Swagger UI's and ReDoc's built files inside the wheel and builds the very pages FastAPI builds,
pointed at those files. The alternatives package Swagger UI only (`swagger-ui-bundle`, last
released 2023, or `swagger-ui-py`, which brings its own page templates) and would leave ReDoc
on the CDN. Upgrading the UIs is a version bump of that one dependency.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from app.api.schemas import ProblemDetail
from app.api.threads.upload import BINARY_TYPES, JSON_TYPES, MULTIPART, TEXT_TYPES
from importers.formats.canonical import CanonicalThread

REF = "#/components/schemas/{model}"

# Where the documentation pages and their files are served (app/main.py builds the app with
# them; app/web_safety.py gives each page its Content-Security-Policy).
DOCS_PATH = "/docs"
OAUTH2_REDIRECT_PATH = "/docs/oauth2-redirect"  # FastAPI's default, kept by fastapi-offline
REDOC_PATH = "/redoc"
DOCS_ASSETS_PATH = "/docs-assets"

BINARY = {"type": "string", "format": "binary"}
UPLOAD_BODY: dict[str, Any] = {
    "required": True,
    "description": (
        "A comment export. Parley's canonical JSON (one thread object or an array of them), "
        "ConvoKit utterances as JSON Lines (one thread per conversation), or any supported "
        "platform export; the format is detected from the structure unless `format` names it "
        "(a declared JSON type that the content contradicts, e.g. JSON Lines sent as "
        "application/json, is sniffed). gzip and zstd bodies are accepted (Content-Encoding or "
        "magic bytes), and .zip, .tar, .tar.gz and .tar.zst archives, whose files are imported "
        "one by one (folders, macOS/Windows metadata, hidden files, pictures and documents are "
        "skipped, and each thread's `import_report.limits` says which). A multipart upload may "
        "hold several `file` parts; every thread's `import_report.source_file` names its file. "
        "The size limit applies to the request as it streams and to the decompressed bytes as "
        "they are produced (413); a body that keeps arriving too slowly is cut off (408). "
        "A client that sends only JSON, multipart or binary bodies (as generated clients do) "
        "sends any other export as application/octet-stream: its format is detected from the "
        "content, or named by `format` (docs/client.md)."
    ),
    # Built from app/api/threads/upload.py's media types, which the upload check accepts: the
    # spec and the check cannot drift apart.
    "content": {
        **{json: {"schema": {"$ref": REF.format(model="CanonicalThread")}} for json in JSON_TYPES},
        **{
            media: {"schema": {"type": "string", "description": carries}}
            for media, carries in TEXT_TYPES.items()
        },
        MULTIPART: {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {
                        "type": "array",
                        "items": BINARY,
                        "description": "One or more files (exports or archives of exports).",
                    }
                },
                "required": ["file"],
            }
        },
        **{
            media: {"schema": {**BINARY, "description": carries}}
            for media, carries in BINARY_TYPES.items()
        },
    },
}


def _component_schemas(*models: type[BaseModel]) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for model in models:
        schema = model.model_json_schema(ref_template=REF)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


def install_openapi(app: FastAPI) -> None:
    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            components = spec.setdefault("components", {}).setdefault("schemas", {})
            components.update(_component_schemas(CanonicalThread, ProblemDetail))
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]
