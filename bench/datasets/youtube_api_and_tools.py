"""The YouTube datasets from the Data API: python-youtube's API fixtures and quimpm's XML tree.

The python-youtube fixtures are single API responses saved by the SDK's tests. A user would upload
one crawl at a time, so pages of the same crawl are joined into one JSON array of pages:
- commentThreads "all threads related to my channel" + the two comments.list?parentId= pages that
  fetch the replies of one of those threads;
- the two pages of commentThreads?videoId= pagination.
The other commentThreads responses are uploaded as they are. Skipped: comments__comments_single
and comments__comments_multi, comments.list?id= look-ups of top-level comments that carry no
videoId, channelId or parentId: they re-fetch comments already in the by_channel threads and, alone,
name no post to attach to.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from bench.datasets import Dataset, Upload

_CRAWLS: tuple[tuple[str, ...], ...] = (
    (
        "comment_threads__comment_threads_all_to_me.json",
        "comments__comments_by_parent_paged_1.json",
        "comments__comments_by_parent_paged_2.json",
    ),
    (
        "comment_threads__comment_threads_by_video_paged_1.json",
        "comment_threads__comment_threads_by_video_paged_2.json",
    ),
    ("comment_threads__comment_thread_single.json",),
    ("comment_threads__comment_threads_multi.json",),
    ("comment_threads__comment_threads_by_channel.json",),
    ("comment_threads__comment_threads_with_search.json",),
)


def _api_crawls(folder: Path) -> Iterator[Upload]:
    for names in _CRAWLS:
        label = " + ".join(names)
        if len(names) == 1:
            yield Upload(label=label, data=(folder / names[0]).read_bytes(), filename=names[0])
            continue
        pages = [json.loads((folder / name).read_text(encoding="utf-8")) for name in names]
        yield Upload(label=label, data=json.dumps(pages).encode("utf-8"), filename=names[0])


def _xml_file(folder: Path) -> Iterator[Upload]:
    path = folder / "output.xml"
    yield Upload(label=path.name, data=path.read_bytes(), filename=path.name)


DATASETS: list[Dataset] = [
    Dataset("youtube/fixtures-python-youtube-dataapi-v3", "youtube_data_api", _api_crawls),
    Dataset("youtube/youtube-discussion-tree-minecraft-xml", "youtube_discussion_tree", _xml_file),
]
