"""The registry agrees with what computes, scores, documents and lists each metric."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from metrics import METRICS, Group, Role, UnknownMetric, metric, names, sortable
from metrics.docs import METHODOLOGY, metric_table, with_table
from nlp.interaction import AUTHOR_METRICS, InteractionMetrics
from nlp.presence import PresenceMetrics
from nlp.score import WEIGHTS
from nlp.structure import StructureMetrics
from nlp.text_metrics import TextMetrics

ROOT = Path(__file__).resolve().parents[2]
# Fields of the computing dataclasses that are not metrics of their own.
NOT_METRICS = {"unavailable", "languages", "reply_low_content_share"}
COMPUTED_BY = {
    Group.STRUCTURE: StructureMetrics,
    Group.INTERACTION: InteractionMetrics,
    Group.TEXT: TextMetrics,
    Group.PRESENCE: PresenceMetrics,
}


@pytest.mark.parametrize("group", list(COMPUTED_BY))
def test_each_group_is_exactly_what_its_module_computes(group: Group) -> None:
    computed = tuple(f.name for f in fields(COMPUTED_BY[group]) if f.name not in NOT_METRICS)
    assert names(group=group) == computed


@pytest.mark.parametrize("group", list(COMPUTED_BY))
def test_types_and_nullability_match_the_dataclasses(group: Group) -> None:
    for field in fields(COMPUTED_BY[group]):
        if field.name in NOT_METRICS:
            continue
        declared = metric(field.name)
        annotation = str(field.type)
        assert annotation.split(" | ")[0] == declared.type.__name__, field.name
        assert ("None" in annotation) == declared.nullable, field.name


def test_score_components_are_the_weighted_ones() -> None:
    assert set(names(role=Role.SCORE_COMPONENT)) == set(WEIGHTS)


def test_author_based_metrics_are_the_ones_computed_only_with_authors() -> None:
    assert names(role=Role.NEEDS_AUTHORS) == AUTHOR_METRICS


def test_names_are_unique_and_sets_lead_with_the_score() -> None:
    assert len({m.name for m in METRICS}) == len(METRICS)
    assert names(role=Role.HEADLINE)[0] == "dialogue_score"
    assert names(role=Role.REPORT)[0] == "dialogue_score"
    assert set(names(role=Role.REPORT)) <= set(names(role=Role.HEADLINE))
    assert "dialogue_category" not in sortable()
    with pytest.raises(UnknownMetric):
        metric("dialog_score")


def test_methodology_table_is_generated_from_the_registry() -> None:
    document = METHODOLOGY.read_text(encoding="utf-8")
    assert with_table(document) == document, "run `python -m metrics.docs`"
    for m in METRICS:
        assert f"| `{m.name}` |" in metric_table()


def test_readme_lists_every_metric_of_each_group() -> None:
    readme = re.sub(r"\s+", " ", (ROOT / "README.md").read_text(encoding="utf-8"))
    for label, group in (
        ("Structure (metric version 2 = version 1 plus the presence counts)", Group.STRUCTURE),
        ("Interaction", Group.INTERACTION),
        ("Text", Group.TEXT),
        ("Presence (how much dialogue, as counts)", Group.PRESENCE),
    ):
        listed = re.search(rf"{re.escape(label)}: `([^`]*)`", readme)
        assert listed is not None, label
        named = tuple(n.strip() for n in listed.group(1).split(","))
        assert tuple(n for n in named if n != "languages") == names(group=group)


# The product's packages; bench/ scripts may name the metrics they evaluate.
SOURCE_PACKAGES = ("app", "nlp", "db", "importers", "stats", "report", "metrics")
# Plain words that name other things too (a thread's comments, a tree's replies …).
ORDINARY_WORDS = {"comments", "top_level", "replies", "authors"}
# A creator's measures (nlp/community.py) pool a thread metric of the same name over the
# creator's posts (creator_reply_share); the creators API names them as fields and sort keys.
CREATOR_MEASURES = ("nlp/community.py", "app/api/creators/")


def test_each_metric_is_named_in_at_most_three_source_modules() -> None:
    """Computation, registry and score: adding a metric touches no other module."""
    sources = {
        path: path.read_text(encoding="utf-8")
        for package in SOURCE_PACKAGES
        for path in (ROOT / package).rglob("*.py")
    }
    for m in METRICS:
        if m.name in ORDINARY_WORDS:
            continue
        named_in = sorted(
            str(path.relative_to(ROOT))
            for path, text in sources.items()
            if re.search(rf"\b{m.name}\b", text)
        )
        named_in = [path for path in named_in if not path.startswith(CREATOR_MEASURES)]
        assert len(named_in) <= 3, (m.name, named_in)
