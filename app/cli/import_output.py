"""What `parley import` shows: a progress bar on stderr while the job runs (on a terminal), and
the summary of the finished job: a table, the refused units and the skipped files."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from types import TracebackType

from rich import box
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn
from rich.table import Table

from app.api.imports.schemas import ImportJobOut
from app.api.schemas import ProblemDetail

OUTCOMES = ("created", "merged", "replaced", "refused")  # of a job's results
LISTED = 20  # refused units and skipped files shown; the rest are counted
SUMMARY_WIDTH = 100


class JobBar:
    """The bar of bytes sent, then of bytes the job has read, with comments stored, their rate
    and the time left; nothing at all when not `shown`."""

    def __init__(self, shown: bool) -> None:
        self.progress: Progress | None = None
        if shown:
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(bar_width=20),
                DownloadColumn(),
                TextColumn("{task.fields[counts]}"),
                TextColumn("{task.fields[left]}"),
                console=Console(stderr=True),
            )
        self.sending_task: TaskID | None = None
        self.job_task: TaskID | None = None

    def __enter__(self) -> JobBar:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.progress is not None:
            self.progress.stop()

    def sending(self, total: int, *, remote: bool) -> Callable[[int], None]:
        """What to call with the size of every read of the files while they are sent (to the
        server) or stored (as the job's files)."""
        progress = self.progress
        if progress is None:
            return lambda _count: None
        what = "uploading" if remote else "storing the files"
        task = progress.add_task(what, total=total, counts="", left="")
        self.sending_task = task
        return lambda count: progress.advance(task, count)

    def show(self, job: ImportJobOut) -> None:
        if self.progress is None:
            return
        if self.sending_task is not None:
            self.progress.update(self.sending_task, visible=False)
        if self.job_task is None:  # drawn once it has its numbers
            self.job_task = self.progress.add_task("", total=None, visible=False)
        done = job.progress
        rate = "" if done.comments_per_second is None else f", {done.comments_per_second:,.0f}/s"
        left = done.estimated_seconds_left
        self.progress.update(
            self.job_task,
            description=f"job {job.id} {job.status}",
            total=done.bytes_total or None,
            completed=done.bytes_read,
            counts=f"{done.comments_stored:,} comments{rate}",
            left="" if left is None else f"{_duration(left)} left",
            visible=True,
        )

    def note(self, text: str) -> None:
        """A line on stderr, above the bar when there is one."""
        if self.progress is None:
            print(text, file=sys.stderr, flush=True)
        else:
            self.progress.console.print(text, highlight=False, markup=False)


def outcome_counts(job: ImportJobOut) -> dict[str, int]:
    """Threads by outcome, and units refused, as the job's progress counts them."""
    done = job.progress
    return {
        "created": done.threads_created,
        "merged": done.threads_merged,
        "replaced": done.threads_replaced,
        "refused": done.units_refused,
    }


def summary(job: ImportJobOut, files: int, results: dict[str, int]) -> str:
    """The table of the finished job, then its refused units and skipped files."""
    done = job.progress
    table = Table(title=f"import job {job.id}", box=box.SQUARE, show_header=False)
    table.title_justify = "left"
    table.add_column("what", no_wrap=True)
    table.add_column("value")
    stored = ", ".join(f"{kind} {results[kind]:,}" for kind in OUTCOMES if kind != "refused")
    rate = done.comments_per_second
    asked_to_stop = job.cancel_requested and job.status != "cancelled"
    rows = [
        ("status", job.status + (" (cancel requested)" if asked_to_stop else "")),
        ("files", f"{files:,} sent, {len(job.skipped_files):,} skipped"),
        ("threads stored", f"{done.threads_stored:,} ({stored})"),
        ("units refused", f"{done.units_refused:,}"),
        ("comments stored", f"{done.comments_stored:,}"),
        ("comments/s", "–" if rate is None else f"{rate:,.1f}"),
        ("elapsed", _duration(done.seconds_running)),
    ]
    for row in rows:
        table.add_row(*row)
    text = io.StringIO()
    Console(file=text, width=SUMMARY_WIDTH, color_system=None).print(table)
    lines = [line.rstrip() for line in text.getvalue().splitlines()]
    if done.units_refused:
        lines += ["", f"refused ({done.units_refused:,}):"]
        for refused in job.refused[:LISTED]:
            lines += _refusal_lines(refused.source, refused.problem)
        lines += _rest(done.units_refused - min(len(job.refused), LISTED), job.results)
    if job.skipped_files:
        lines += ["", f"skipped files ({len(job.skipped_files):,}):"]
        lines += [f"  {s.file}: {s.reason}" for s in job.skipped_files[:LISTED]]
        lines += _rest(len(job.skipped_files) - LISTED, None)
    return "\n".join(lines)


def problem_lines(problem: ProblemDetail) -> list[str]:
    """A problem's title and detail, then each error's place (`body.line.2`) and message."""
    lines = [f"  {problem.title}: {problem.detail}"]
    for error in problem.errors or ():
        lines.append(f"    {'.'.join(str(part) for part in error.loc)}: {error.msg}")
    return lines


def _refusal_lines(source: str | None, problem: ProblemDetail) -> list[str]:
    """The refused unit's source and why, then each error's place and message."""
    detail = problem.detail
    named = source is None or detail.startswith(source)  # the importers name the file mostly
    lines = [f"  {detail}" if named else f"  {source}: {detail}"]
    return lines + problem_lines(problem)[1:]


def _rest(count: int, listed_at: str | None) -> list[str]:
    if count <= 0:
        return []
    where = "" if listed_at is None else f" (every one is listed at {listed_at})"
    return [f"  … and {count:,} more{where}"]


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
