"""The HTTP API, one package per resource: its routes, schemas, query parameters and service."""
