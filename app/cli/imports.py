"""`parley import FILE_OR_DIR…`: import comment exports as one job, on a Parley server
(`--server`) or straight into a database, follow it to its end with a progress bar (on a
terminal), then summarise it: a table, or one JSON object (`--json`).

Exit codes: 0 succeeded with nothing refused; 1 finished with refusals, or failed; 2 a usage
error (nothing to import, bad options, server unreachable or refusing the upload); 130 cancelled
by Ctrl-C (which asks the job to stop and waits for it; a second Ctrl-C leaves at once).

The job's modules (the import-job API, SQLAlchemy, httpx) are imported by the handler: `parley`
starts without them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from app.api.threads.on_existing import OnExisting
from app.cli.import_files import ExportFile, NoFiles, export_files
from app.settings import get_settings
from importers.base import InvalidInput
from nlp.thread import Platform

if TYPE_CHECKING:
    from app.api.imports.schemas import ImportJobOut
    from app.api.schemas import ProblemDetail
    from app.api.threads.params import ImportRequest
    from app.cli.import_output import JobBar
    from app.cli.import_remote import RemoteJob

POLL_SECONDS = 0.5
FINISHED = frozenset({"succeeded", "failed", "cancelled"})
INTERRUPTED = 130
API_KEY_VARIABLE = "PARLEY_API_KEY"
COLUMNS_HELP = (
    "for --format mapped_columns: id:…,parent:…,author:…,text:…,time:… and optionally "
    "thread:…,likes:…,author_name:…,creator:… (the post owner's account)"
)
CREATOR_HELP = (
    "the account owning every post (@handle, channel id, page), overriding the input's; lower "
    "case on TikTok, Instagram, X and Reddit"
)


class FollowedJob(Protocol):
    job_id: int

    def stopped(self) -> str | None: ...
    def poll(self) -> ImportJobOut: ...
    def wait(self, seconds: float) -> None: ...
    def cancel(self) -> None: ...


class JobStalled(Exception):
    """The job stopped unfinished: the thread running it here ended."""


def add_import_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "import",
        help="import comment exports as a job, on a server (--server) or into the database",
    )
    command.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="FILE_OR_DIR",
        help="exports, archives, or directories of them (walked; hidden files left out)",
    )
    command.add_argument("--format", default=None, help="input format (detected if absent)")
    command.add_argument(
        "--platform", choices=[p.value for p in Platform], help="platform, overriding the input's"
    )
    command.add_argument("--external-id", default=None, help="post id for one-thread inputs")
    command.add_argument("--creator", default=None, metavar="HANDLE", help=CREATOR_HELP)
    command.add_argument("--columns", default=None, help=COLUMNS_HELP)
    command.add_argument("--tag", action="append", default=[], help="label (repeatable)")
    command.add_argument(
        "--on-existing",
        choices=[choice.value for choice in OnExisting],
        default=OnExisting.MERGE.value,
        help="what to do with a post already stored (default merge)",
    )
    command.add_argument(
        "--server",
        default=None,
        help="a Parley server's URL; without it the job runs here, into --database-url",
    )
    command.add_argument(
        "--api-key", default=None, help=f"the server's API key (default: ${API_KEY_VARIABLE})"
    )
    command.add_argument(
        "--database-url", default=None, help="without --server (default: PARLEY_DATABASE_URL)"
    )
    command.add_argument(
        "--no-text", action="store_true", help="skip the text signals (structure only, faster)"
    )
    command.add_argument("--json", action="store_true", help="print the job as JSON at the end")
    command.add_argument(
        "--no-wait", action="store_true", help="with --server: print the job and return at once"
    )
    command.set_defaults(handler=_import)


def _import(args: argparse.Namespace) -> int:
    from app.cli.import_output import JobBar, outcome_counts, problem_lines, summary
    from app.cli.import_remote import RemoteJob, ServerRefused, ServerUnreachable

    if args.no_wait and args.server is None:
        return _usage_error("--no-wait needs --server: without it the job runs in this process")
    try:
        files = export_files(args.paths)
        request = _request(args)
    except (NoFiles, InvalidInput, OSError) as exc:
        return _usage_error(str(exc))
    bar = JobBar(sys.stderr.isatty())
    try:
        with bar, _job(args, files, request, bar) as job:
            if isinstance(job, RemoteJob) and args.no_wait:
                return _submitted(job, args.json)
            final, interrupted = _follow(job, bar)
    except (ServerUnreachable, OSError) as exc:  # OSError: a file that went away meanwhile
        return _usage_error(str(exc))
    except ServerRefused as exc:
        return _usage_error(str(exc), exc.problem)
    except JobStalled as exc:
        print(f"parley import: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("parley import: interrupted", file=sys.stderr)
        return INTERRUPTED
    results = outcome_counts(final)
    if args.json:
        print(json.dumps({"job": final.model_dump(mode="json"), "results": results}, indent=2))
    else:
        print(summary(final, len(files), results))
    if final.error is not None:
        print(f"parley import: job {final.id} failed", file=sys.stderr)
        print("\n".join(problem_lines(final.error)), file=sys.stderr)
    return _exit_code(final, interrupted)


def _request(args: argparse.Namespace) -> ImportRequest:
    """The options as the API reads them from its query (the same checks)."""
    from app.api.threads.params import OnExisting, import_request

    return import_request(
        format=args.format,
        platform=None if args.platform is None else Platform(args.platform),
        external_id=args.external_id,
        columns=args.columns,
        tag=args.tag,
        on_existing=OnExisting(args.on_existing),
        creator_handle=args.creator,
    )


def _query(args: argparse.Namespace) -> list[tuple[str, str]]:
    named = {
        "format": args.format,
        "platform": args.platform,
        "external_id": args.external_id,
        "creator_handle": args.creator,
        "columns": args.columns,
        "on_existing": args.on_existing,
    }
    query = [(name, value) for name, value in named.items() if value is not None]
    text = [("text", "false")] if args.no_text else []
    return query + [("tag", tag) for tag in args.tag] + text


def _job(
    args: argparse.Namespace, files: list[ExportFile], request: ImportRequest, bar: JobBar
) -> AbstractContextManager[FollowedJob]:
    from app.cli.import_local import local_job
    from app.cli.import_remote import submit

    sending = bar.sending(sum(file.size for file in files), remote=args.server is not None)
    if args.server is None:
        settings = get_settings()
        if args.database_url is not None:
            settings = settings.model_copy(update={"database_url": args.database_url})
        return local_job(settings, files, request, sending, text=not args.no_text)
    api_key = args.api_key or os.environ.get(API_KEY_VARIABLE) or None
    return submit(args.server, api_key, files, _query(args), sending)


def _follow(job: FollowedJob, bar: JobBar) -> tuple[ImportJobOut, bool]:
    """The job once finished, polled about twice a second, and whether Ctrl-C cancelled it."""
    interrupted = False
    while True:
        try:
            stopped = job.stopped()  # asked first: a job that ends meanwhile is polled finished
            view = job.poll()
            bar.show(view)
            if view.status in FINISHED:
                return view, interrupted
            if stopped is not None:
                raise JobStalled(f"import job {job.job_id} stopped unfinished: {stopped}")
            job.wait(POLL_SECONDS)
        except KeyboardInterrupt:
            if interrupted:
                raise
            interrupted = True
            bar.note(
                f"cancelling import job {job.job_id}: it stops after the thread it is storing "
                "(Ctrl-C again to leave it to stop on its own)"
            )
            job.cancel()


def _submitted(job: RemoteJob, as_json: bool) -> int:
    if as_json:
        body = {"job": job.submitted.model_dump(mode="json"), "location": job.location}
        print(json.dumps(body, indent=2))
    else:
        print(f"import job {job.job_id} {job.submitted.status}: {job.location}")
    return 0


def _exit_code(job: ImportJobOut, interrupted: bool) -> int:
    if job.status == "succeeded":
        return 0 if job.progress.units_refused == 0 else 1
    if job.status == "cancelled" and interrupted:
        return INTERRUPTED
    return 1


def _usage_error(message: str, problem: ProblemDetail | None = None) -> int:
    from app.cli.import_output import problem_lines

    print(f"parley import: {message}", file=sys.stderr)
    if problem is not None:
        print("\n".join(problem_lines(problem)), file=sys.stderr)
    return 2
