"""OpenAPI additions FastAPI cannot infer: the upload body and the problem+json schema."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from app.api.schemas import ProblemDetail
from importers.formats.canonical import CanonicalThread

REF = "#/components/schemas/{model}"

UPLOAD_BODY: dict[str, Any] = {
    "required": True,
    "description": (
        "A comment export. Parley's canonical JSON (one thread object or an array of them), "
        "ConvoKit utterances as JSON Lines (one thread per conversation), or any supported "
        "platform export; the format is detected from the structure unless `format` names it. "
        "gzip and zstd bodies are accepted (Content-Encoding or magic bytes)."
    ),
    "content": {
        "application/json": {"schema": {"$ref": REF.format(model="CanonicalThread")}},
        "application/x-ndjson": {
            "schema": {"type": "string", "description": "One JSON object per line."}
        },
        "text/csv": {"schema": {"type": "string"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        "application/octet-stream": {
            "schema": {"type": "string", "format": "binary", "description": "gzip or zstd"}
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
