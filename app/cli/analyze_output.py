"""`parley analyze` output: one thread's measurements as plain data, and as a readable table."""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import asdict
from typing import Any

import numpy as np
from rich import box
from rich.console import Console
from rich.table import Table

from app.mapping.to_storage import graph_metric_values
from importers.base import ImportedThread
from metrics import DIALOGUE_SCORE
from nlp.analyze import analyze_thread
from nlp.exchanges import find_exchanges
from nlp.pipeline import TextAnalyzer
from nlp.tree import build_reply_tree

EXCERPT = 80  # characters of each comment shown in an exchange
SUMMARY_WIDTH = 100  # characters; the summary is laid out the same on any terminal


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
        "creator": thread.creator,
        "creator_handle": thread.creator_handle,
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
    """The summary of every thread, then each thread's details."""
    return summary_table(results) + "\n\n" + details(results)


def summary_table(results: list[dict[str, Any]]) -> str:
    """Threads, comments, formats, the Dialogue Score's median and quartiles, and skipped rows
    of every thread of the input, as a boxed table."""
    formats = Counter(result["import_report"]["format"] for result in results)
    skipped: Counter[str] = Counter()
    for result in results:
        skipped.update(result["import_report"]["skipped"])
    table = Table(title="summary", box=box.SQUARE, show_header=False, title_justify="left")
    table.add_column("what", no_wrap=True)
    table.add_column("value")
    table.add_row("threads", f"{len(results):,}")
    table.add_row("comments", f"{sum(r['metrics']['comments'] for r in results):,}")
    table.add_row("formats", _counts(formats))
    table.add_row(DIALOGUE_SCORE, _score_summary(results))
    reasons = f" ({_counts(skipped)})" if skipped else ""
    table.add_row("skipped rows", f"{skipped.total():,}{reasons}")
    text = io.StringIO()
    Console(file=text, width=SUMMARY_WIDTH, color_system=None).print(table)
    return "\n".join(line.rstrip() for line in text.getvalue().splitlines())


def _counts(counts: Counter[str]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in counts.most_common())


def _score_summary(results: list[dict[str, Any]]) -> str:
    """Median and quartiles (linear interpolation between the nearest ranks) of the scored
    threads; threads without a score are counted, not taken as 0."""
    scores = [r["score"]["score"] for r in results if r["score"] is not None]
    if not scores:
        return f"none of {len(results):,} threads scored"
    low, median, high = np.percentile(scores, [25, 50, 75])
    return (
        f"median {median:.1f}, quartiles {low:.1f}–{high:.1f} "
        f"({len(scores):,} of {len(results):,} threads scored)"
    )


def details(results: list[dict[str, Any]]) -> str:
    """Each thread's scores, metrics, integrity repairs and top exchanges."""
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
