"""The report's Jinja2 environment: templates shipped in report/templates, autoescaped.

Autoescaping is on for every template whatever its name, so every string the numbers or the
users brought (group names, handles, tags, notes) is escaped where it is shown. The only
markup inserted unescaped is what the report made itself: the charts' SVG (whose text matplotlib
escapes), the stylesheet and the report's own rendered parts, each passed as Markup.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

ENVIRONMENT = Environment(
    loader=PackageLoader("report", "templates"),
    autoescape=True,
    undefined=StrictUndefined,  # a misspelt name fails the render instead of showing nothing
    trim_blocks=True,
    lstrip_blocks=True,
)
# Kept apart so that app/web_safety.py can allow exactly this inline stylesheet by its hash.
STYLESHEET = (files("report") / "templates" / "report.css").read_text(encoding="utf-8")


def render(template: str, **context: Any) -> Markup:
    """A template rendered, as markup that later templates insert unescaped."""
    return Markup(ENVIRONMENT.get_template(template).render(**context))
