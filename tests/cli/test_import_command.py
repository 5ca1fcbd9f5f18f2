"""`parley import` into a SQLite file, the job run in this process: directories, archives,
refusals, failures, the summary, --json, usage errors, and Ctrl-C cancelling the job."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from app.api.imports.schemas import ImportJobOut
from app.cli.main import main
from db.engine import make_engine, make_session_factory
from db.job_models import ImportJobRow
from tests.api.bodies import dialogue_thread, flat_thread
from tests.cli.import_runs import BROKEN, exports, interrupted, posts, stored, table, write


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'parley.db'}"


def test_a_directory_is_imported_into_the_database(
    tmp_path: Path, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = exports(tmp_path / "exports")
    code = main(["import", str(folder), "--database-url", database, "--tag", "batch"])
    out = capsys.readouterr().out
    assert code == 0, out
    rows = table(out)
    assert rows["status"] == "succeeded"
    assert rows["files"] == "2 sent, 0 skipped"  # the hidden file is not sent
    assert rows["threads stored"] == "2 (created 2, merged 0, replaced 0)"
    assert (rows["units refused"], rows["comments stored"]) == ("0", "7")
    assert stored(database) == {"v1": 4, "t1": 3}


def test_json_is_the_api_job_with_result_counts_and_a_resent_archive_replaces(
    tmp_path: Path, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .tar.gz of v1 (4 comments), t1 (3) and a picture, imported twice."""
    folder = exports(tmp_path / "export")
    write(folder / "cover.png", b"\x89PNG\r\n\x1a\n")
    archive = tmp_path / "exports.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name in ("v1.json", "more/t1.json", "cover.png"):
            tar.add(folder / name, arcname=f"export/{name}")
    command = ["import", str(archive), "--database-url", database, "--json"]
    assert main(command) == 0
    first = json.loads(capsys.readouterr().out)
    assert main([*command, "--on-existing", "replace"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert set(first) == {"job", "results"}
    job = ImportJobOut.model_validate(first["job"])
    assert first["job"] == job.model_dump(mode="json")  # the API's fields, nothing more
    assert job.status == "succeeded"
    assert (job.progress.threads_stored, job.progress.comments_stored) == (2, 7)
    assert job.progress.bytes_total == job.progress.bytes_read == archive.stat().st_size
    assert [s.model_dump() for s in job.skipped_files] == [
        {"file": "exports.tar.gz:export/cover.png", "reason": "not a comment export (.png file)"}
    ]
    assert first["results"] == {"created": 2, "merged": 0, "replaced": 0, "refused": 0}
    assert again["results"] == {"created": 0, "merged": 0, "replaced": 2, "refused": 0}
    assert again["job"]["options"]["on_existing"] == "replace"
    assert stored(database) == {"v1": 4, "t1": 3}


def test_a_refused_file_is_listed_with_its_line_and_the_rest_stored(
    tmp_path: Path, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = exports(tmp_path / "exports")
    write(folder / "broken.json", BROKEN)
    assert main(["import", str(folder), "--database-url", database]) == 1
    out = capsys.readouterr().out
    assert table(out)["units refused"] == "1"
    assert table(out)["threads stored"] == "2 (created 2, merged 0, replaced 0)"
    refused = out.split("refused (1):\n", 1)[1].splitlines()
    assert refused[0].startswith("  broken.json: invalid JSON at line 2, column 18")
    assert refused[1].startswith("    body.line.2: invalid JSON at line 2")
    assert stored(database) == {"v1": 4, "t1": 3}


def test_a_failed_job_prints_its_problem_and_exits_1(
    tmp_path: Path, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = write(tmp_path / "bad.gz", b"\x1f\x8bnot gzip at all")
    assert main(["import", str(damaged), "--database-url", database, "--json"]) == 1
    captured = capsys.readouterr()
    job = json.loads(captured.out)["job"]
    assert job["status"] == "failed"
    assert job["error"]["detail"].startswith("cannot decompress bad.gz")
    assert f"parley import: job {job['id']} failed" in captured.err
    assert f"  {job['error']['title']}: {job['error']['detail']}" in captured.err.splitlines()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["{tmp}/missing.json"], "missing.json: no such file or directory"),
        (["{tmp}/empty"], "empty holds no files to import"),
        (["{tmp}/v1.json", "--no-wait"], "--no-wait needs --server"),
        (["{tmp}/v1.json", "--columns", "id"], "columns: 'id' is not of the form role:column"),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path,
    database: str,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    (tmp_path / "empty").mkdir()
    write(tmp_path / "v1.json", dialogue_thread("v1"))
    named = [argument.format(tmp=tmp_path) for argument in arguments]
    assert main(["import", *named, "--database-url", database]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "parley.db").exists()  # refused before any database is touched


def test_an_empty_file_is_a_usage_error(
    tmp_path: Path, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "v1.json", flat_thread("v1", 1))
    empty = write(tmp_path / "none.json", b"")
    assert main(["import", str(tmp_path), "--database-url", database]) == 2
    assert capsys.readouterr().err == f"parley import: {empty} is empty\n"


def test_ctrl_c_cancels_the_job_and_keeps_what_it_stored(tmp_path: Path, database: str) -> None:
    folder = posts(tmp_path / "posts", 150)

    def running() -> bool:
        if not (tmp_path / "parley.db").exists():
            return False
        engine = make_engine(database)
        try:
            with make_session_factory(engine)() as session:
                job = session.get(ImportJobRow, 1)
                return job is not None and job.units_done >= 1
        except OperationalError:  # its tables are not made yet
            return False
        finally:
            engine.dispose()

    assert interrupted(["import", str(folder), "--database-url", database], running) == 130
    engine = make_engine(database)
    with make_session_factory(engine)() as session:
        job = session.get_one(ImportJobRow, 1)
        assert (job.status, job.cancel_requested) == ("cancelled", True)
        assert 1 <= job.threads_created < 150
    engine.dispose()
    assert len(stored(database)) == job.threads_created
