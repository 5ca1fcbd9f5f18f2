"""Matplotlib's SVG made fit to sit inside the report's HTML.

- Its XML prolog, DOCTYPE, <metadata> (which names URLs) and <style> element go: the page's
  Content-Security-Policy lets only the page's own stylesheet apply (app/web_safety.py).
- Its `style="…"` attributes become presentation attributes (fill="…"), which a CSP does not
  govern, so the served report is drawn as the offline file is. The <style> element's two rules
  move onto the root as attributes that every element inherits.
- Ids nothing refers to are dropped and the rest renamed after the chart, so that several
  charts on one page never share an id.
- Coordinates keep one decimal: a tenth of a pixel is below what a screen shows. Groups
  without attributes are unwrapped, shapes with neither fill nor stroke and rotations by 0
  dropped, and the font family every text
  names is said once on the root: the chart is drawn the same, in about half the bytes.
- `xlink:href` becomes SVG 2's `href`, so that no namespace needs declaring.
"""

from __future__ import annotations

import re

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>\s*", re.DOTALL)
_EMPTY_DEFS = re.compile(r"<defs>\s*</defs>\s*")
_STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')
_ROOT = re.compile(r"<svg\b[^>]*>")
_VIEWBOX = re.compile(r'viewBox="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')
_REFERENCE = re.compile(r'(?:href="|url\()#([^")]+)')
_GEOMETRY = re.compile(r'\b(d|x|y|x1|x2|y1|y2|transform|points)="([^"]*)"')
_LONG_DECIMAL = re.compile(r"(\d+\.\d)\d+")
_BLANK_LINES = re.compile(r"\n\s*")
_PATH = re.compile(r'\sd="([^"]*)"')
_STRAIGHT = re.compile(r"[MLz0-9. -]*")
_IMPLIED_LINE = re.compile(r"(?<=\d) L ")
_NO_ROTATION = re.compile(r'\stransform="rotate\(-?0 [^")]*\)"')
_GROUP_TAG = re.compile(r"<g\b[^>]*>|</g>")
_INVISIBLE = re.compile(r'<path d="[^"]*" fill="none"/>\s*|<g/>\s*')  # no fill, no stroke
FONT = "font-family=\"'DejaVu Sans', sans-serif\""  # charts.STYLE's, on every text


def _attributes(style: str) -> str:
    pairs = (part.split(":", 1) for part in style.split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in pairs)


def _rounded(match: re.Match[str]) -> str:
    value = _LONG_DECIMAL.sub(r"\1", match.group(2))
    return f'{match.group(1)}="{value}"'


def _renamed(svg: str, chart_id: str) -> str:
    """Ids nothing refers to dropped, the others named `<chart_id>-<n>`."""
    names = {old: f"{chart_id}-{n}" for n, old in enumerate(dict.fromkeys(_REFERENCE.findall(svg)))}
    svg = _ID.sub(lambda m: f' id="{names[m.group(1)]}"' if m.group(1) in names else "", svg)
    return _REFERENCE.sub(lambda m: m.group(0).replace(m.group(1), names[m.group(1)]), svg)


def _short_path(data: str) -> str:
    """Path data on one line; in a path of straight lines only, a line-to after a point is
    implied (SVG repeats M as L and L as L for further coordinate pairs), so its "L" goes."""
    data = " ".join(data.split())
    if _STRAIGHT.fullmatch(data):
        data = _IMPLIED_LINE.sub(" ", data)
    return data


def _unwrapped(svg: str) -> str:
    """<g> elements without attributes removed, their content kept."""
    kept: list[str] = []
    bare: list[bool] = []  # for each open <g>: whether it is dropped
    position = 0
    for tag in _GROUP_TAG.finditer(svg):
        kept.append(svg[position : tag.start()])
        position = tag.end()
        if tag.group(0).endswith("/>"):  # <g …/>: nothing inside, nothing to balance
            kept.append(tag.group(0))
        elif tag.group(0) == "</g>":
            if not bare.pop():
                kept.append("</g>")
        else:
            bare.append(tag.group(0) == "<g>")
            if not bare[-1]:
                kept.append(tag.group(0))
    kept.append(svg[position:])
    return "".join(kept)


def inline_svg(document: str, chart_id: str, label: str) -> str:
    """`document` as an <svg> element for HTML, its ids prefixed by `chart_id` (letters, digits,
    hyphens), described to screen readers by `label` (already escaped for an attribute)."""
    svg = _PROLOG.sub("", document, count=1)
    svg = _STYLE_ELEMENT.sub("", _METADATA.sub("", svg))
    svg = _EMPTY_DEFS.sub("", svg)
    svg = _STYLE_ATTRIBUTE.sub(lambda m: _attributes(m.group(1)), svg)
    svg = svg.replace("xlink:href=", "href=")
    svg = _renamed(svg, chart_id)
    svg = _GEOMETRY.sub(_rounded, svg)
    svg = _PATH.sub(lambda m: f' d="{_short_path(m.group(1))}"', svg)
    svg = _NO_ROTATION.sub("", _unwrapped(_INVISIBLE.sub("", svg))).replace(f" {FONT}", "")
    root = _ROOT.search(svg)
    box = _VIEWBOX.search(root.group(0)) if root else None
    if root is None or box is None:
        raise ValueError("not an SVG document with a viewBox")
    opening = (
        f'<svg viewBox="{box.group(1)}" role="img" aria-label="{label}" '
        f'stroke-linejoin="round" stroke-linecap="butt" {FONT}>'
    )
    svg = svg[: root.start()] + opening + svg[root.end() :]
    return _BLANK_LINES.sub("\n", svg).strip()
