"""`parley analyze` output: one thread's measurements as plain data, and as a readable table."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from app.mapping.to_storage import graph_metric_values
from importers.base import ImportedThread
from metrics import DIALOGUE_SCORE
from nlp.analyze import analyze_thread
from nlp.exchanges import find_exchanges
from nlp.pipeline import TextAnalyzer
from nlp.tree import build_reply_tree

EXCERPT = 80  # characters of each comment shown in an exchange


def thread_output(
    item: ImportedThread, analyzer: TextAnalyzer | None, exchanges: int
) -> dict[str, Any]:
    """One imported thread's measurements, integrity, import report and top exchanges."""
    thread = item.thread
    analysis = analyze_thread(thread, analyzer)
    texts = {comment.id: comment.text for comment in thread.comments}
    found = find_exchanges(build_reply_tree(thread))
    return {
        "platform": thread.platform.value,
        "external_id": thread.external_id,
        "score": None if analysis.score is None else asdict(analysis.score),
        "metrics": graph_metric_values(analysis.metrics),
        "text": None if analysis.text is None else asdict(analysis.text),
        "windows": [
            {
                "size": window.size,
                "metrics": graph_metric_values(window.metrics),
                "text": None if window.text is None else asdict(window.text),
                "score": None if window.score is None else asdict(window.score),
            }
            for window in analysis.windows
        ],
        "platform_metrics": None
        if analysis.platform_metrics is None
        else graph_metric_values(analysis.platform_metrics),
        "integrity": asdict(analysis.integrity),
        "import_report": asdict(item.report),
        "exchanges_found": len(found),
        "top_exchanges": [
            {
                "turns": exchange.turns,
                "authors": list(exchange.authors),
                "opens_with_post": exchange.opens_with_post,
                "comments": [
                    {"id": cid, "text": texts[cid][:EXCERPT]} for cid in exchange.comment_ids
                ],
            }
            for exchange in found[:exchanges]
        ],
    }


def render_table(results: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for result in results:
        lines.append(f"{result['platform']}/{result['external_id']}")
        lines += _score_lines(result["score"])
        lines += _value_lines(result["metrics"])
        if result["text"] is not None:
            lines += _value_lines(result["text"])
        repairs = {k: v for k, v in result["integrity"].items() if v}
        lines.append(f"  {'integrity':<26} {json.dumps(repairs)}")
        lines.append(f"  exchanges: {result['exchanges_found']} found")
        for exchange in result["top_exchanges"]:
            lines.append(f"    {exchange['turns']} turns, {' ↔ '.join(exchange['authors'])}")
            lines += [f"      {c['id']}: {c['text']}" for c in exchange["comments"]]
        lines.append("")
    return "\n".join(lines).rstrip()


def _score_lines(score: dict[str, Any] | None) -> list[str]:
    if score is None:
        return []
    lines = [f"  {DIALOGUE_SCORE:<26} {score['score']:.1f}  ({score['category']})"]
    for component in score["components"]:
        value = "null" if component["value"] is None else f"{component['value']:.3f}"
        lines.append(
            f"    {component['name']:<24} value {value:>6}  weight {component['weight']:.3f}"
            f"  → {component['contribution']:.2f}"
        )
    return lines


def _value_lines(values: dict[str, Any]) -> list[str]:
    unavailable: dict[str, str] = values.get("unavailable", {})
    lines = []
    for name, value in values.items():
        if name == "unavailable":
            continue
        shown = f"null ({unavailable.get(name, 'not computable')})" if value is None else value
        lines.append(f"  {name:<26} {_number(shown)}")
    return lines


def _number(value: object) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)
