"""importers.toolkit.identity: a thread's platform and external id."""

from __future__ import annotations

import pytest

from importers.base import ImportedThread, ImportOptions, ImportReport, InvalidInput
from importers.toolkit.identity import (
    NO_ID,
    IdSource,
    MissingExternalId,
    apply_external_id,
    external_id_for,
    file_stem,
    platform_override,
    require_external_ids,
)
from nlp.thread import Platform, Thread


def test_platform_override() -> None:
    assert platform_override(ImportOptions()) is None
    assert platform_override(ImportOptions(platform="reddit")) is Platform.REDDIT
    with pytest.raises(InvalidInput) as caught:
        platform_override(ImportOptions(platform="myspace"))
    assert caught.value.problems[0].loc == ("query", "platform")


@pytest.mark.parametrize(
    ("filename", "stem"),
    [
        ("uploads/dQw4w9WgXcQ.json.gz", "dQw4w9WgXcQ"),
        ("C:\\exports\\post_42.csv", "post_42"),
        ("comments", "comments"),
        (".json", None),
        (None, None),
    ],
)
def test_file_stem_is_the_base_name_up_to_its_first_dot(
    filename: str | None, stem: str | None
) -> None:
    assert file_stem(filename) == stem


def test_external_id_prefers_the_request_then_the_input_then_the_file_name() -> None:
    request = external_id_for(ImportOptions(external_id="R"), "IN", "f.csv")
    found = external_id_for(ImportOptions(), "IN", "f.csv")
    named = external_id_for(ImportOptions(), None, "dir/f.csv")
    nothing = external_id_for(ImportOptions(), "", None)
    assert [(i.value, i.source) for i in (request, found, named, nothing)] == [
        ("R", IdSource.REQUEST),
        ("IN", IdSource.INPUT),
        ("f", IdSource.FILE_NAME),
        (NO_ID, IdSource.NOWHERE),
    ]
    # Only a guessed id is a limit worth reporting.
    assert (request.limit(), found.limit()) == (None, None)
    assert (
        named.limit("video")
        == "the input does not name its video: external_id is the file name 'f'"
    )
    assert nothing.limit() == (
        "the input does not name its post and came without a file name: it has no external_id "
        "(pass external_id to set it; uploads are refused without one)"
    )


def _imported(external_id: str) -> ImportedThread:
    thread = Thread(platform=Platform.OTHER, external_id=external_id, comments=())
    return ImportedThread(thread, ImportReport(format="demo", rows_read=0, comments_kept=0))


def test_the_request_external_id_renames_a_single_thread_only() -> None:
    assert apply_external_id([_imported("a")], ImportOptions()) == [_imported("a")]
    [renamed] = apply_external_id([_imported("a")], ImportOptions(external_id="X"))
    assert renamed.thread.external_id == "X"
    with pytest.raises(InvalidInput, match=r"holds 2 videos \(a, b\)") as caught:
        apply_external_id(
            [_imported("a"), _imported("b")], ImportOptions(external_id="X"), "videos"
        )
    assert caught.value.problems[0].loc == ("query", "external_id")


def test_a_thread_nothing_names_is_refused_asking_for_external_id() -> None:
    require_external_ids([_imported("a")])
    with pytest.raises(MissingExternalId) as caught:
        require_external_ids([_imported("a"), _imported(NO_ID)])
    assert caught.value.problems[0].loc == ("query", "external_id")
