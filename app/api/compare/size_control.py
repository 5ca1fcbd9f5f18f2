"""The size control that every comparison and metric-sorted listing applies, declared once.

A group's mean is driven as much by how many tiny threads it holds as by its platform: a
thread of one or two comments cannot hold a back-and-forth with a follow-up, and most are
crawl artefacts (Pushshift's month boundaries). Unless told otherwise, comparisons, the report
and listings sorted by a metric therefore keep threads with at least DEFAULT_MIN_COMMENTS
comments, and every response says which control is in force (docs/methodology.md §7).
`min_comments=1` turns the minimum off; `window=10|50` and `stratify=true` are the other controls.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final

from app.api.compare.limits import DEFAULT_MIN_COMMENTS as DEFAULT_MIN_COMMENTS
from db.aggregates import Selection
from stats import stratum_labels

# Comment-count edges of the size strata (stratify=true); the first starts at the minimum.
SIZE_EDGES: Final[tuple[float, ...]] = (1, 10, 50, 200, 1000, math.inf)

WHY_MINIMUM: Final = (
    f"Threads with fewer than {DEFAULT_MIN_COMMENTS} comments can hardly hold a back-and-forth "
    "with a follow-up, and most are crawl artefacts (e.g. Pushshift's month boundaries); left "
    "in, how many of them a group holds decides its mean and can reverse a ranking. "
    "See docs/methodology.md §7."
)
WHY_WINDOW: Final = (
    "Every thread is measured on the same number of comments, so thread size cannot pose as "
    "platform. See docs/methodology.md §7."
)
MIN_COMMENTS_DESCRIPTION: Final = (
    f"Size control: only threads with at least this many comments (default "
    f"{DEFAULT_MIN_COMMENTS}; 1 turns it off). The response's `size_control` states the control "
    "in force."
)
LISTING_MIN_COMMENTS_DESCRIPTION: Final = (
    f"Only threads with at least this many comments. When sorting by a metric the default is "
    f"{DEFAULT_MIN_COMMENTS} (size control; 0 lists every thread); in id order there is no "
    "minimum. The response's `size_control` states the control in force."
)


class ControlKind(StrEnum):
    NONE = "none"  # every thread, whatever its size
    MIN_COMMENTS = "min_comments"  # threads with at least `min_comments` comments
    WINDOW = "window"  # each thread measured on its first `window` comments


@dataclass(frozen=True, slots=True)
class SizeControl:
    """The control in force: a minimum thread size, optionally a window and size strata."""

    min_comments: int  # 0 or 1: no minimum (1 leaves out posts without comments)
    default: bool  # the control Parley applies when none is given
    window: int | None = None
    stratify: bool = False

    @property
    def kind(self) -> ControlKind:
        if self.window is not None:
            return ControlKind.WINDOW
        return ControlKind.MIN_COMMENTS if self.min_comments > 1 else ControlKind.NONE

    @property
    def smallest(self) -> int:
        """The smallest thread size that takes part (a window needs that many comments too)."""
        return max(self.min_comments, self.window or 1)

    @property
    def minimum(self) -> int | None:
        """The filter to apply: None when there is none."""
        return self.min_comments if self.min_comments > 0 else None

    @property
    def why(self) -> str:
        return WHY_WINDOW if self.kind is ControlKind.WINDOW else WHY_MINIMUM

    def statement(self) -> str:
        """What is compared, in a sentence or two, with how to change it."""
        default = " (Parley's default size control)" if self.default else ""
        if self.kind is ControlKind.WINDOW:
            text = (
                f"First-{self.window} window: only threads with at least {self.smallest} comments, "
                f"each measured on its first {self.window} comments in time order{default}."
            )
        elif self.kind is ControlKind.MIN_COMMENTS:
            text = f"Only threads with at least {self.min_comments} comments{default}."
        else:
            which = "every thread" if self.min_comments < 1 else "every thread with a comment"
            text = (
                f"No size control: {which} counts, whatever its size (min_comments="
                f"{self.min_comments}); a mean then depends on how many tiny threads a group holds."
            )
        if self.kind is ControlKind.MIN_COMMENTS:
            text += " min_comments=1 turns the minimum off."
        if self.stratify:
            labels = ", ".join(stratum_labels(size_bins(self.smallest)))
            text += f" Also compared within thread-size bins ({labels} comments)."
        return text


def controlled(selection: Selection, stratify: bool = False) -> tuple[Selection, SizeControl]:
    """The selection with its minimum filled in (None: the default), and the control in force."""
    minimum = DEFAULT_MIN_COMMENTS if selection.min_comments is None else selection.min_comments
    control = SizeControl(
        minimum,
        default=minimum == DEFAULT_MIN_COMMENTS and selection.window is None,
        window=selection.window,
        stratify=stratify,
    )
    return replace(selection, min_comments=control.minimum), control


def listing_control(sort: str, min_comments: int | None) -> SizeControl:
    """A listing in id order has no minimum unless asked; one sorted by a metric, the default."""
    by_metric = sort != "id"
    default_minimum = DEFAULT_MIN_COMMENTS if by_metric else 0
    minimum = default_minimum if min_comments is None else min_comments
    return SizeControl(minimum, default=minimum == default_minimum)


def size_bins(smallest: int) -> tuple[float, ...]:
    """The strata edges, starting at the smallest size that takes part."""
    return (smallest, *(edge for edge in SIZE_EDGES if edge > smallest))
