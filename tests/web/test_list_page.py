"""GET /: the thread list, its filters (platform, tag, min comments), sorting, paging and links."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.api.bodies import chain
from tests.web.page_reading import read_page


@pytest.fixture
def listed(client: TestClient) -> TestClient:
    """Chains c0 ← c1 ← … by alternating authors, reply_share = (n − 1) / n:
    thread 1  youtube  6 comments  tag a     reply_share 5/6
    thread 2  youtube  2 comments  tag b     reply_share 1/2
    thread 3  tiktok   8 comments  tag a     reply_share 7/8
    thread 4  tiktok   5 comments  tags a b  reply_share 4/5
    """
    for name, platform, size, tags in (
        ("y6", "youtube", 6, ["a"]),
        ("y2", "youtube", 2, ["b"]),
        ("t8", "tiktok", 8, ["a"]),
        ("t5", "tiktok", 5, ["a", "b"]),
    ):
        answer = client.post("/v1/threads", json=chain(name, platform, size, tags=tags))
        assert answer.status_code == 201, answer.text
    return client


def listed_ids(client: TestClient, query: str) -> list[int]:
    answer = client.get(f"/?{query}")
    assert answer.status_code == 200, answer.text
    # Each row links its thread twice (id and post): once each here.
    pages = [link for link in read_page(answer.text).links if link.startswith("/threads/")]
    return [int(link.rsplit("/", 1)[1]) for link in dict.fromkeys(pages)]


def test_every_thread_in_id_order_each_linking_its_page(listed: TestClient) -> None:
    ids = listed_ids(listed, "")
    assert ids == sorted(ids)
    assert len(ids) == 4
    assert "/v1/report" in read_page(listed.get("/").text).links


def test_filters_by_platform_tag_and_size(listed: TestClient) -> None:
    every = listed_ids(listed, "")
    y6, y2, t8, t5 = every
    assert listed_ids(listed, "platform=tiktok") == [t8, t5]
    assert listed_ids(listed, "tag=b") == [y2, t5]
    assert listed_ids(listed, "tag=a&tag=b") == [t5]
    assert listed_ids(listed, "min_comments=6") == [y6, t8]
    # A form sends blank fields: blank is no filter.
    assert listed_ids(listed, "platform=&tag=&min_comments=") == every


def test_sorted_by_a_metric_under_the_listings_size_control(listed: TestClient) -> None:
    y6, y2, t8, t5 = listed_ids(listed, "")
    # Sorted by a metric, threads under 5 comments are left out by default (as /v1/threads).
    assert listed_ids(listed, "sort=reply_share&order=desc") == [t8, y6, t5]
    assert listed_ids(listed, "sort=reply_share&order=asc&min_comments=1") == [y2, t5, y6, t8]
    assert "Only threads with at least 5 comments" in listed.get("/?sort=reply_share").text


def test_pages_follow_one_another(listed: TestClient) -> None:
    every = listed_ids(listed, "")
    first = listed.get("/?limit=3")
    following = next(link for link in read_page(first.text).links if "cursor=" in link)
    assert parse_qs(urlsplit(following).query)["limit"] == ["3"]
    assert listed_ids(listed, "limit=3") + listed_ids(listed, urlsplit(following).query) == every
    assert "Last page." in listed.get(following).text


def test_export_links_carry_the_filters(listed: TestClient) -> None:
    links = read_page(listed.get("/?platform=tiktok&tag=a&min_comments=").text).links
    exports = [link for link in links if link.startswith("/v1/exports/")]
    assert "/v1/exports/threads?platform=tiktok&tag=a&format=csv" in exports
    assert len(exports) == 6
    table = listed.get("/v1/exports/threads?platform=tiktok&tag=a&format=csv")
    assert table.status_code == 200
    assert len(table.text.strip().splitlines()) == 1 + 2  # header, t8 and t5


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("platform=myspace", "platform"),
        ("min_comments=-1", "min_comments"),
        ("sort=likes", "sort"),
        ("limit=0", "limit"),
        ("cursor=nonsense", "cursor"),
        ("colour=red", "colour"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client: TestClient, query: str, field: str) -> None:
    answer = client.get(f"/?{query}")
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert field in answer.text
