"""The pages' Jinja2 environment: templates in app/web/templates/, every value HTML-escaped
(autoescape on for every template, whatever its name), an unknown name an error rather than
blank output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES_DIR = Path(__file__).parent / "templates"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def number(value: Any, digits: int = 3) -> str:
    """A metric's value for reading: floats rounded, None as an en dash."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 100 else f"{value:.{digits}g}"
    return str(value)


environment.filters["number"] = number


def render(template: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(environment.get_template(template).render(**context))
