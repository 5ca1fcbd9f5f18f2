"""`parley analyze` output: one thread's measurements in the API's shape for a thread
(app.api.schemas.AnalyzedThreadOut, as JSON values), and as a readable table."""

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

from app.api.schemas import (
    AnalyzedThreadOut,
    ExcerptOut,
    ImportReportOut,
    IntegrityOut,
    MetricsOut,
    TopExchangeOut,
    WindowOut,
)
from app.mapping.to_storage import graph_metric_values, metric_columns
from importers.base import ImportedThread
from metrics import DIALOGUE_CATEGORY, DIALOGUE_SCORE
from nlp.analyze import analyze_thread
from nlp.exchanges import find_exchanges
from nlp.pipeline import TextAnalyzer
from nlp.presence import PresenceMetrics
from nlp.results import DialogueScore, ThreadMetrics
from nlp.text_metrics import TextMetrics
from nlp.tree import build_reply_tree

EXCERPT = 80  # characters of each comment shown in an exchange
SUMMARY_WIDTH = 100  # characters; the summary is laid out the same on any terminal
# Metrics fields shown in lines of their own (the score) or not at all (reasons, versions).
SHOWN_APART = frozenset(
    {DIALOGUE_SCORE, DIALOGUE_CATEGORY, "score_components", "score_version", "unavailable"}
)


def thread_output(
    item: ImportedThread, analyzer: TextAnalyzer | None, exchanges: int
) -> dict[str, Any]:
    """One imported thread as the API answers a thread (AnalyzedThreadOut), as JSON values."""
    thread = item.thread
    analysis = analyze_thread(thread, analyzer)
    texts = {comment.id: comment.text for comment in thread.comments}
    found = find_exchanges(build_reply_tree(thread))
    measured = AnalyzedThreadOut(
        platform=thread.platform.value,
        external_id=thread.external_id,
        url=thread.url,
        title=thread.title,
        creator=thread.creator,
        creator_handle=thread.creator_handle,
        collected_at=thread.collected_at,
        tags=sorted(set(thread.tags)),
        source_format=thread.source_format,
        first_comment_at=min(
            (c.created_at for c in thread.comments if c.created_at is not None), default=None
        ),
        metrics=_metrics(analysis.metrics, analysis.text, analysis.score, analysis.presence),
        integrity=IntegrityOut.model_validate(asdict(analysis.integrity)),
        import_report=ImportReportOut.model_validate(asdict(item.report)),
        windows=[
            WindowOut(size=w.size, metrics=_metrics(w.metrics, w.text, w.score, w.presence))
            for w in analysis.windows
        ],
        platform_metrics=None
        if analysis.platform_metrics is None
        else MetricsOut.model_validate(graph_metric_values(analysis.platform_metrics)),
        exchanges_found=len(found),
        top_exchanges=[
            TopExchangeOut(
                turns=exchange.turns,
                authors=list(exchange.authors),
                opens_with_post=exchange.opens_with_post,
                comments=[
                    ExcerptOut(id=cid, text=texts[cid][:EXCERPT]) for cid in exchange.comment_ids
                ],
            )
            for exchange in found[:exchanges]
        ],
    )
    return measured.model_dump(mode="json")


def _metrics(
    metrics: ThreadMetrics,
    text: TextMetrics | None,
    score: DialogueScore | None,
    presence: PresenceMetrics | None,
) -> MetricsOut:
    """One measurement as the API shows it: the columns it would be stored as."""
    return MetricsOut.model_validate(metric_columns(metrics, text, score, presence))


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
    scores = [
        r["metrics"][DIALOGUE_SCORE] for r in results if r["metrics"][DIALOGUE_SCORE] is not None
    ]
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
        lines += _score_lines(result["metrics"])
        lines += _value_lines(result["metrics"])
        repairs = {k: v for k, v in result["integrity"].items() if v}
        lines.append(f"  {'integrity':<26} {json.dumps(repairs)}")
        lines.append(f"  exchanges: {result['exchanges_found']} found")
        for exchange in result["top_exchanges"]:
            lines.append(f"    {exchange['turns']} turns, {' ↔ '.join(exchange['authors'])}")
            lines += [f"      {c['id']}: {c['text']}" for c in exchange["comments"]]
        lines.append("")
    return "\n".join(lines).rstrip()


def _score_lines(metrics: dict[str, Any]) -> list[str]:
    if metrics[DIALOGUE_SCORE] is None:
        return []
    lines = [
        f"  {DIALOGUE_SCORE:<26} {metrics[DIALOGUE_SCORE]:.1f}  ({metrics[DIALOGUE_CATEGORY]})"
    ]
    for component in metrics["score_components"]:
        value = "null" if component["value"] is None else f"{component['value']:.3f}"
        lines.append(
            f"    {component['name']:<24} value {value:>6}  weight {component['weight']:.3f}"
            f"  → {component['contribution']:.2f}"
        )
    return lines


def _value_lines(metrics: dict[str, Any]) -> list[str]:
    """Each metric with its value or why it is null; the score has its own lines."""
    unavailable: dict[str, str] = metrics["unavailable"]
    lines = []
    for name, value in metrics.items():
        if name in SHOWN_APART:
            continue
        shown = f"null ({unavailable.get(name, 'not computable')})" if value is None else value
        lines.append(f"  {name:<26} {_number(shown)}")
    return lines


def _number(value: object) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)
