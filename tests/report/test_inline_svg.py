"""Matplotlib's SVG made fit for the page: nothing that loads, no style attributes (the CSP
would ignore them), ids owned by the chart, a tenth of a point kept."""

from __future__ import annotations

import pytest

from report.inline_svg import inline_svg

# The shape of what matplotlib writes, cut down by hand.
DOCUMENT = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="648pt" height="216pt"
 viewBox="0 0 648 216" xmlns="http://www.w3.org/2000/svg" version="1.1">
 <metadata><rdf:RDF><dc:title>Matplotlib, https://matplotlib.org/</dc:title></rdf:RDF></metadata>
 <defs>
  <style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>
 </defs>
 <g id="figure_1">
  <g id="patch_1">
   <path d="M 0 216 
L 648 216 
z
" style="fill: #ffffff"/>
  </g>
  <path d="M 0 0 L 1 1" style="fill: none"/>
  <g/>
  <defs>
   <path id="m24e4fdaa7c" d="M 0 0 
L 0 3.5 
" style="stroke: #000000; stroke-width: 0.8"/>
  </defs>
  <g clip-path="url(#p0d1e2f)">
   <use xlink:href="#m24e4fdaa7c" x="91.348404" y="192.24"/>
  </g>
  <text style="font-size: 10px; font-family: 'DejaVu Sans', sans-serif; text-anchor: middle"
 x="91.348404" y="206.837656" transform="rotate(-0 91.348404 206.837656)">0.125</text>
 </g>
 <defs><clipPath id="p0d1e2f"><rect x="81" y="25.92" width="228.27" height="166.32"/>
 </clipPath></defs>
</svg>
"""  # noqa: W291 - matplotlib's paths end their lines with a space


def test_what_loads_or_needs_a_stylesheet_is_gone() -> None:
    svg = inline_svg(DOCUMENT, "c0", "a &amp; b")
    assert svg.startswith('<svg viewBox="0 0 648 216" role="img" aria-label="a &amp; b" ')
    assert 'stroke-linejoin="round" stroke-linecap="butt"' in svg.split(">", 1)[0]
    for gone in ("<?xml", "DOCTYPE", "metadata", "<style", "style=", "http", "xlink", "<g/>"):
        assert gone not in svg, gone
    assert '<path d="M 0 216 648 216 z" fill="#ffffff"/>' in svg  # one line, L implied
    assert '<path d="M 0 0 L 1 1" fill="none"/>' not in svg  # neither fill nor stroke


def test_ids_are_the_charts_and_references_follow() -> None:
    svg = inline_svg(DOCUMENT, "c0", "x")
    # referenced: the clip path (first, as url(#…)) and the tick mark; the groups' ids dropped
    assert 'id="figure_1"' not in svg
    assert 'clip-path="url(#c0-0)"' in svg
    assert '<clipPath id="c0-0">' in svg
    assert '<use href="#c0-1" x="91.3" y="192.2"/>' in svg
    assert '<path id="c0-1" d="M 0 0 0 3.5" stroke="#000000" stroke-width="0.8"/>' in svg


def test_text_keeps_its_digits_and_loses_what_the_root_says() -> None:
    svg = inline_svg(DOCUMENT, "c0", "x")
    # the label 0.125 is text, not a coordinate: not rounded; the font is said on the root
    spaced = " ".join(svg.split())  # the fixture breaks the <text> tag's line
    assert '<text font-size="10px" text-anchor="middle" x="91.3" y="206.8">0.125</text>' in spaced
    assert "font-family=\"'DejaVu Sans', sans-serif\">" in svg.split("\n", 1)[0]


def test_a_line_to_is_implied_only_in_straight_paths() -> None:
    curved = DOCUMENT.replace(
        'd="M 0 0 L 1 1" style="fill: none"', 'd="M 0 0 C 1 1 2 2 3 3 L 4 4" style="fill: red"'
    )
    svg = inline_svg(curved, "c0", "x")
    assert 'd="M 0 0 C 1 1 2 2 3 3 L 4 4" fill="red"' in svg  # after a curve, "L" is needed


def test_bare_groups_are_unwrapped_and_the_rest_balanced() -> None:
    svg = inline_svg(DOCUMENT, "c0", "x")
    assert svg.count("<g") == svg.count("</g>") == 1  # only the clip-path group is left


def test_a_document_without_a_view_box_is_refused() -> None:
    with pytest.raises(ValueError, match="viewBox"):
        inline_svg('<svg width="1"></svg>', "c", "x")
