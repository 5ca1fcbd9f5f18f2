"""An independent count of each TikTok creator's commenters, straight from Apify's raw files.

Nothing of Parley's importers, analysis or storage is used: the files are read with `json`, the
creator is the `@handle` in the video URL, an author is a row's `uid`, and the creator's own
uids are those of rows whose `uniqueId` is the handle. bench/creators.py checks Parley's
`/v1/creators` against these counts.
"""

from __future__ import annotations

import json
import re
import tarfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import zstandard

_HANDLE = re.compile(r"tiktok\.com/@([\w.\-]+)/video/(\d+)")


@dataclass(frozen=True, slots=True)
class RawCreator:
    handle: str
    posts: int  # videos named by a comment row or an error row ({url, input, error})
    comments: int
    commenters: int  # distinct uids but the creator's own
    returning: int  # commenters under >= 2 of the posts
    core: int  # commenters under >= 3
    own_comments: int  # rows written by the creator
    commented_posts: int  # posts under which the creator commented

    @property
    def returning_share(self) -> float | None:
        if self.posts < 2 or not self.commenters:
            return None
        return self.returning / self.commenters


def raw_files(source: Path) -> Iterator[tuple[str, bytes]]:
    """(name, content) of every .json file in a directory or a .tar.zst / .tar archive."""
    if source.is_dir():
        for path in sorted(source.rglob("*.json")):
            yield path.name, path.read_bytes()
        return
    with source.open("rb") as handle:
        stream: IO[bytes] = handle
        if source.name.endswith(".zst"):
            stream = zstandard.ZstdDecompressor().stream_reader(handle)
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for member in archive:
                if member.isfile() and member.name.endswith(".json"):
                    content = archive.extractfile(member)
                    if content is not None:
                        yield member.name, content.read()


def count_creators(files: Iterable[tuple[str, bytes]]) -> dict[str, RawCreator]:
    """Each creator's counts over the comment rows of `files` (Apify JSON arrays); a comment id
    met again under the same video counts once, as the first copy."""
    seen: set[tuple[str, str]] = set()
    videos: dict[str, set[str]] = defaultdict(set)
    posts_of: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    rows_of: dict[str, Counter[str]] = defaultdict(Counter)
    own_ids: dict[str, set[str]] = defaultdict(set)
    own_videos: dict[str, set[str]] = defaultdict(set)
    comments: Counter[str] = Counter()
    for row in _rows(files):
        url = row.get("videoWebUrl") or row.get("submittedVideoUrl") or row.get("url")
        match = _HANDLE.search(str(url))
        if match is None:
            continue
        handle, video = match.group(1).casefold(), match.group(2)
        videos[handle].add(video)  # an error row names a post that could not be scraped
        if not row.get("cid") or (video, str(row["cid"])) in seen:
            continue
        seen.add((video, str(row["cid"])))
        comments[handle] += 1
        uid = str(row.get("uid") or "")
        if uid:
            posts_of[handle][uid].add(video)
            rows_of[handle][uid] += 1
            if str(row.get("uniqueId") or "").casefold() == handle:
                own_ids[handle].add(uid)
                own_videos[handle].add(video)
    creators = {}
    for handle, their_videos in videos.items():
        others = [len(v) for uid, v in posts_of[handle].items() if uid not in own_ids[handle]]
        creators[handle] = RawCreator(
            handle=handle,
            posts=len(their_videos),
            comments=comments[handle],
            commenters=len(others),
            returning=sum(n >= 2 for n in others),
            core=sum(n >= 3 for n in others),
            own_comments=sum(rows_of[handle][uid] for uid in own_ids[handle]),
            commented_posts=len(own_videos[handle]),
        )
    return creators


def _rows(files: Iterable[tuple[str, bytes]]) -> Iterator[dict[str, object]]:
    for _name, content in files:
        rows = json.loads(content) if content.strip() else []
        yield from (
            row for row in (rows if isinstance(rows, list) else []) if isinstance(row, dict)
        )


def main(source: str) -> None:
    """Print each creator's counts as JSON Lines."""
    for creator in sorted(count_creators(raw_files(Path(source))).values(), key=lambda c: c.handle):
        print(json.dumps({name: getattr(creator, name) for name in RawCreator.__slots__}))


if __name__ == "__main__":
    import sys

    main(sys.argv[1])
