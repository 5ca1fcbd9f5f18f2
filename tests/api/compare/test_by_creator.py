"""/v1/compare and /v1/report by creator: groups "<platform>/<handle>", threads without a handle
left out and counted, the same statistics and size control as by platform; SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from db.models import ThreadRow
from stats import compare_groups
from tests.api.bodies import chain
from tests.api.problems import assert_problem

# reply_share of a chain of n comments: (n − 1) / n (tests/api/bodies.py).
#
#   thread   platform  comments  reply_share  creator handle
#   a1       tiktok        5        4/5       ann_farm
#   a2       tiktok        6        5/6       ann_farm
#   a3       tiktok        8        7/8       ann_farm
#   a-tiny   tiktok        2        1/2       ann_farm     (below the default minimum of 5)
#   b1       tiktok        5        4/5       bo.b
#   b2       tiktok       10        9/10      bo.b
#   y1       youtube       6        5/6       Ann_Farm     (another account: another platform)
#   n1       tiktok        7        6/7       —            left out
#   n-tiny   tiktok        1        0         —            left out (only with min_comments=1)
#   n2       youtube       6        5/6       —            left out
THREADS = [
    ("a1", "tiktok", 5, "ann_farm"),
    ("a2", "tiktok", 6, "ann_farm"),
    ("a3", "tiktok", 8, "ann_farm"),
    ("a-tiny", "tiktok", 2, "ann_farm"),
    ("b1", "tiktok", 5, "bo.b"),
    ("b2", "tiktok", 10, "bo.b"),
    ("y1", "youtube", 6, "Ann_Farm"),
    ("n1", "tiktok", 7, None),
    ("n-tiny", "tiktok", 1, None),
    ("n2", "youtube", 6, None),
]
ANN, BOB, ANN_YT = "tiktok/ann_farm", "tiktok/bo.b", "youtube/Ann_Farm"
# Under the default size control (at least 5 comments), in thread order.
SHARES = {ANN: [4 / 5, 5 / 6, 7 / 8], BOB: [4 / 5, 9 / 10], ANN_YT: [5 / 6]}
QUICK: dict[str, str | int] = {
    "by": "creator",
    "metric": "reply_share",
    "resamples": 200,
    "seed": 3,
}


@pytest.fixture
def creators(client: TestClient, clean_engine: Engine) -> TestClient:
    for external_id, platform, size, _ in THREADS:
        answer = client.post("/v1/threads", json=chain(external_id, platform, size))
        assert answer.status_code == 201, answer.text
    # Set as an importer stores it (importers.toolkit.creators.account_handle).
    with clean_engine.begin() as connection:
        for external_id, _, _, handle in THREADS:
            connection.execute(
                update(ThreadRow)
                .where(ThreadRow.external_id == external_id)
                .values(creator_handle=handle)
            )
    return client


def test_groups_are_creators_with_their_threads(creators: TestClient) -> None:
    body = creators.get("/v1/compare", params=QUICK).json()
    assert body["by"] == "creator"
    found = {g["group"]: (g["threads"], g["comments"]) for g in body["groups"]}
    assert found == {ANN: (3, 5 + 6 + 8), BOB: (2, 5 + 10), ANN_YT: (1, 6)}
    every = {**QUICK, "min_comments": 1}
    groups = creators.get("/v1/compare", params=every).json()["groups"]
    assert {g["group"]: g["threads"] for g in groups} == {
        ANN: 4,
        BOB: 2,
        ANN_YT: 1,
    }  # a-tiny counts once the minimum is off


def test_statistics_are_those_of_the_creators_values(creators: TestClient) -> None:
    body = creators.get("/v1/compare", params=QUICK).json()
    groups = {g["group"]: g["summary"] for g in body["groups"]}
    assert groups[ANN]["mean"] == pytest.approx(301 / 360)  # (4/5 + 5/6 + 7/8) / 3
    assert groups[ANN]["median"] == pytest.approx(5 / 6)
    assert groups[BOB]["mean"] == pytest.approx(17 / 20)
    pairs = {(p["first"], p["second"]): p for p in body["pairs"]}
    ann_bob = pairs[(ANN, BOB)]
    assert ann_bob["difference"] == pytest.approx(301 / 360 - 17 / 20)  # −1/72
    # 3 × 2 pairs: 4/5 = 4/5 (tie); 5/6 and 7/8 > 4/5; 4/5, 5/6, 7/8 < 9/10 → (2 − 3) / 6
    assert ann_bob["cliffs_delta"] == pytest.approx(-1 / 6)
    # The same values through the statistics every comparison uses give the same answer.
    expected = compare_groups(SHARES, resamples=200, seed=3)
    for pair in expected.pairs:
        shown = pairs[(pair.first, pair.second)]
        assert shown["ci_low"] == pytest.approx(pair.ci_low)
        assert shown["ci_high"] == pytest.approx(pair.ci_high)
        assert shown["p_value"] == pytest.approx(pair.p_value)
        assert shown["holm_p"] == pytest.approx(pair.holm_p)
    for name, summary in expected.groups.items():
        assert (groups[name]["ci_low"], groups[name]["ci_high"]) == pytest.approx(
            (summary.ci_low, summary.ci_high)
        )


def test_threads_without_a_handle_are_counted_in_the_caveats(creators: TestClient) -> None:
    body = creators.get("/v1/compare", params=QUICK).json()
    (note,) = [c for c in body["caveats"] if "no creator handle" in c]
    assert note.startswith("2 threads (tiktok 1, youtube 1) have no creator handle")
    every = creators.get("/v1/compare", params={**QUICK, "min_comments": 1}).json()
    (note,) = [c for c in every["caveats"] if "no creator handle" in c]
    assert note.startswith("3 threads (tiktok 2, youtube 1)")
    by_platform = creators.get("/v1/compare", params={**QUICK, "by": "platform"}).json()
    assert not [c for c in by_platform["caveats"] if "creator handle" in c]


def test_the_overview_by_creator_says_what_it_left_out(creators: TestClient) -> None:
    quick: dict[str, str | int] = {"by": "creator", "resamples": 200}
    body = creators.get("/v1/platforms", params=quick).json()
    assert {g["group"]: g["threads"] for g in body["groups"]} == {ANN: 3, BOB: 2, ANN_YT: 1}
    (note,) = body["notes"]
    assert note.startswith("2 threads (tiktok 1, youtube 1) have no creator handle")
    assert creators.get("/v1/platforms", params={"resamples": 200}).json()["notes"] == []


def test_groups_select_creators_as_importers_spell_them(creators: TestClient) -> None:
    params = {**QUICK, "groups": "tiktok/@Ann_Farm, tiktok/bo.b"}
    body = creators.get("/v1/compare", params=params).json()
    assert [(g["group"], g["threads"]) for g in body["groups"]] == [(ANN, 3), (BOB, 2)]
    # Named creators: the threads without a handle were not asked for, so not "left out".
    assert not [c for c in body["caveats"] if "creator handle" in c]
    # A YouTube channel id keeps its case: youtube/ann_farm is nobody.
    unknown = creators.get("/v1/compare", params={**QUICK, "groups": "youtube/ann_farm"})
    problem = assert_problem(unknown, 422)
    assert "no stored thread has creator 'youtube/ann_farm'" in problem["detail"]
    assert f"{ANN}, {BOB}, {ANN_YT}" in problem["detail"]


def test_report_by_creator(creators: TestClient) -> None:
    answer = creators.get("/v1/report", params={"by": "creator", "resamples": 200})
    assert answer.status_code == 200, answer.text
    page = answer.text
    assert "Threads grouped by creator (every creator)." in page
    for name in (ANN, BOB, ANN_YT):
        assert name in page
    assert "2 threads (tiktok 1, youtube 1) have no creator handle" in page


def test_flattened_replies_are_noted_once_per_platform(creators: TestClient) -> None:
    body = creators.get("/v1/compare", params={**QUICK, "metric": "max_depth"}).json()
    flattening = [c for c in body["caveats"] if "exports file every reply" in c]
    assert [c.split(":")[0] for c in flattening] == [
        "The 2 creators on tiktok",
        "The 1 creator on youtube",
    ]
