"""`parley` command line: serve the API, migrate the database, manage API keys, analyse a file
offline, rescore stored threads.

`parley analyze` is the command run most often by hand: this module and the parser import only
what it needs. The other commands' modules (FastAPI, SQLAlchemy, the job queue) are imported by
their handlers; tests/cli/test_analyze_startup.py keeps it so.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.api.compare.limits import (
    DEFAULT_MIN_COMMENTS,
    DEFAULT_RESAMPLES,
    MAX_RESAMPLES,
    MIN_RESAMPLES,
)
from app.cli.analyze_output import render_table, thread_output
from app.cli.imports import COLUMNS_HELP, CREATOR_HELP, add_import_command
from app.cli.keys import add_keys_commands
from app.cli.progress import progress_wanted, thread_progress
from app.cli.worker import add_worker_command
from app.settings import Settings, get_settings
from app.text_pipeline import text_analyzer
from db.grouping import GroupBy
from importers.base import ImportOptions, InvalidInput
from importers.payload import Payload, PayloadError, decompress
from importers.registry import import_payload
from nlp.tree import DuplicateCommentId
from nlp.windows import WINDOW_SIZES


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler: Any = args.handler
    return int(handler(args))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="parley", description="Parley dialogue measurement.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="apply migrations, then run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes, each with its own socket on the port (default 1)",
    )
    serve.add_argument(
        "--allow-open",
        action="store_true",
        help="without a master key (development mode), listen on a non-loopback --host anyway",
    )
    serve.set_defaults(handler=_serve)

    database = commands.add_parser("db", help="database maintenance")
    database_commands = database.add_subparsers(required=True, metavar="ACTION")
    upgrade_parser = database_commands.add_parser("upgrade", help="apply all migrations")
    upgrade_parser.set_defaults(handler=_db_upgrade)

    add_keys_commands(commands)

    analyze = commands.add_parser("analyze", help="measure a comment export offline (no database)")
    analyze.add_argument("file", type=Path)
    analyze.add_argument("--format", default=None, help="input format (detected if absent)")
    analyze.add_argument("--platform", default=None, help="platform, overriding the input's")
    analyze.add_argument("--external-id", default=None, help="post id for one-thread inputs")
    analyze.add_argument("--creator", default=None, metavar="HANDLE", help=CREATOR_HELP)
    analyze.add_argument("--columns", default=None, help=COLUMNS_HELP)
    analyze.add_argument("--json", action="store_true", help="print JSON instead of a table")
    analyze.add_argument(
        "--no-text", action="store_true", help="skip the text signals (structure only, faster)"
    )
    analyze.add_argument(
        "--exchanges", type=int, default=3, help="how many top exchanges to show (default 3)"
    )
    analyze.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress on stderr (default: on a terminal, for inputs of 1 MiB or more)",
    )
    analyze.set_defaults(handler=_analyze)

    report = commands.add_parser("report", help="write the HTML comparison report")
    report.add_argument("--out", type=Path, default=Path("parley-report.html"))
    report.add_argument("--by", choices=[g.value for g in GroupBy], default="platform")
    report.add_argument("--groups", default="", help="comma-separated groups (all if empty)")
    report.add_argument("--metrics", default=None)  # None: the report's metrics
    report.add_argument(
        "--min-comments",
        type=int,
        default=None,
        help=f"smallest thread size (default {DEFAULT_MIN_COMMENTS}; 1 turns the control off)",
    )
    report.add_argument("--window", type=int, choices=WINDOW_SIZES, default=None)
    report.add_argument(
        "--resamples",
        type=_resamples,
        default=DEFAULT_RESAMPLES,
        help=f"bootstrap resamples, {MIN_RESAMPLES}-{MAX_RESAMPLES} (default {DEFAULT_RESAMPLES})",
    )
    report.add_argument("--seed", type=int, default=0)
    report.set_defaults(handler=_report)

    again = commands.add_parser(
        "rescore", help="measure stored threads again with the current analysis"
    )
    again.add_argument("--platform", default=None, help="only threads of this platform")
    again.add_argument("--tag", default=None, help="only threads carrying this tag")
    again.add_argument(
        "--only-outdated",
        action="store_true",
        help="only threads measured with an older metric or score version",
    )
    again.add_argument(
        "--batch", type=int, default=100, help="print progress every N threads (default 100)"
    )
    again.set_defaults(handler=_rescore)
    add_worker_command(commands)
    add_import_command(commands)
    return parser


def _resamples(value: str) -> int:
    """--resamples within the API's bounds (argparse's `choices` would list all 4,901)."""
    count = int(value)
    if not MIN_RESAMPLES <= count <= MAX_RESAMPLES:
        raise argparse.ArgumentTypeError(f"must be {MIN_RESAMPLES}-{MAX_RESAMPLES}")
    return count


def _serve(args: argparse.Namespace) -> int:
    from app.cli.serving import serve
    from db.migrate import upgrade

    refusal = open_listen_refusal(get_settings(), args.host, allow_open=args.allow_open)
    if refusal is not None:
        print(f"parley: {refusal}", file=sys.stderr)
        return 2
    upgrade(get_settings().database_url)
    return serve(args.host, args.port, args.workers)


def open_listen_refusal(settings: Settings, host: str, *, allow_open: bool) -> str | None:
    """Why the service may not listen on `host`: open (no master key) on a non-loopback
    address, unless told to; None when it may."""
    from app.web_safety import is_loopback

    if not settings.development_mode or allow_open or settings.allow_open or is_loopback(host):
        return None
    return (
        f"refusing to listen on {host} without a master key: the API would be open to anyone "
        "who can reach it. Set PARLEY_MASTER_KEY (and make API keys with `parley keys "
        "create`), listen on 127.0.0.1, or pass --allow-open (PARLEY_ALLOW_OPEN=true) to serve "
        "openly on purpose"
    )


def _db_upgrade(_args: argparse.Namespace) -> int:
    from db.migrate import upgrade

    upgrade(get_settings().database_url)
    print("database is at the latest migration")
    return 0


def _report(args: argparse.Namespace) -> int:
    from app.api.report.service import REPORT_METRICS, build_report
    from db.aggregates import Selection, UnknownMetric
    from db.engine import make_engine, make_session_factory

    groups = tuple(g.strip() for g in args.groups.split(",") if g.strip())
    selection = Selection(GroupBy(args.by), groups, args.min_comments, args.window)
    metrics = REPORT_METRICS if args.metrics is None else tuple(args.metrics.split(","))
    engine = make_engine(get_settings().database_url)
    try:
        with make_session_factory(engine)() as session:
            page = build_report(session, selection, metrics, args.resamples, args.seed)
    except UnknownMetric as exc:
        print(f"parley: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    args.out.write_text(page, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _rescore(args: argparse.Namespace) -> int:
    from app.api.threads.rescore import RescoreSelection, rescore
    from db.engine import make_engine, make_session_factory

    if args.batch < 1:
        print("parley: --batch must be at least 1", file=sys.stderr)
        return 2
    selection = RescoreSelection(
        platform=args.platform, tag=args.tag, only_outdated=args.only_outdated
    )
    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        summary = rescore(
            make_session_factory(engine),
            text_analyzer(settings),
            selection,
            lambda done, total: print(f"{done}/{total} threads", file=sys.stderr, flush=True),
            args.batch,
        )
    finally:
        engine.dispose()
    print("\n".join(summary.lines()))
    return 0 if summary.ok else 1


def _analyze(args: argparse.Namespace) -> int:
    try:
        shown = progress_wanted(args.progress, args.file.stat().st_size, sys.stderr.isatty())
        with thread_progress(shown, force_terminal=bool(args.progress)) as progress:
            progress.reading(args.file.name)
            payload = Payload(decompress(args.file.read_bytes()), filename=args.file.name)
            column_map: dict[str, str] = {}
            if args.columns:
                from app.api.threads.params import parse_column_map  # imports FastAPI

                column_map = parse_column_map(args.columns)
            options = ImportOptions(
                column_map=column_map,
                platform=args.platform,
                external_id=args.external_id,
                creator_handle=args.creator,
            )
            imported = import_payload(payload, args.format, options)
            analyzer = None if args.no_text else text_analyzer(get_settings())
            progress.measuring(len(imported))
            results = []
            for item in imported:
                results.append(thread_output(item, analyzer, args.exchanges))
                progress.thread_done(len(item.thread.comments))
    except OSError as exc:
        print(f"parley: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except (InvalidInput, PayloadError, DuplicateCommentId) as exc:
        print(f"parley: {args.file}: {exc}", file=sys.stderr)
        for problem in getattr(exc, "problems", ()):
            print(f"  {'.'.join(map(str, problem.loc))}: {problem.msg}", file=sys.stderr)
        return 1
    print(json.dumps(results, indent=2, default=str) if args.json else render_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
