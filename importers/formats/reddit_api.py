"""Reddit API JSON: `GET /comments/<post>` listing pairs, plus `/api/morechildren` responses.

`GET /comments/<post>` answers `[post listing, comment listing]`; each t1 nests its replies in
`replies` ("" or a Listing). Where Reddit did not send every comment it leaves `kind: "more"`
stubs naming the missing ids, which `/api/morechildren` answers with
`{"json": {"data": {"things": [...]}}}`.
An upload is one listing pair, or a JSON array mixing listing pairs and morechildren bodies (the
responses of one crawl, e.g. what PRAW's `replace_more` fetched).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from importers.base import ImportedThread, ImportFormat, ImportOptions, InvalidInput, Location
from importers.payload import Payload
from importers.toolkit.detection import sniff_document
from importers.toolkit.problems import Problems
from importers.toolkit.reddit import RedditThreads, link_of, read_comment, read_post, without_prefix


def _is_listing(value: object, kinds: frozenset[str]) -> bool:
    if not isinstance(value, dict) or value.get("kind") != "Listing":
        return False
    data = value.get("data")
    children = data.get("children") if isinstance(data, dict) else None
    return isinstance(children, list) and all(
        isinstance(child, dict) and child.get("kind") in kinds for child in children
    )


def _is_listing_pair(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and _is_listing(value[0], frozenset({"t3"}))
        and _is_listing(value[1], frozenset({"t1", "more"}))
    )


def _morechildren_things(value: object) -> list[Any] | None:
    body = value.get("json") if isinstance(value, dict) else None
    data = body.get("data") if isinstance(body, dict) else None
    things = data.get("things") if isinstance(data, dict) else None
    return things if isinstance(things, list) else None


def _responses(document: object) -> list[Any] | None:
    """The API responses in the upload, or None when it is not this format."""
    if _is_listing_pair(document):
        assert isinstance(document, list)
        return [document]
    if not isinstance(document, list) or not document:
        return None
    if all(_is_listing_pair(item) or _morechildren_things(item) is not None for item in document):
        return document
    return None


def _detect(payload: Payload) -> bool:
    return _responses(sniff_document(payload)) is not None


@dataclass
class _Crawl:
    """Everything read from the responses, grouped by post."""

    problems: Problems
    threads: RedditThreads = field(default_factory=RedditThreads)
    # (post id or None when unknown, parent fullname, ids the stub stands for)
    stubs: list[tuple[str | None, str, list[str]]] = field(default_factory=list)
    api_errors: list[str] = field(default_factory=list)

    def read_children(self, children: list[Any], post_id: str | None, loc: Location) -> None:
        for child in children:
            kind = child.get("kind") if isinstance(child, dict) else None
            data = child.get("data") if isinstance(child, dict) else None
            if not isinstance(data, dict):
                self.problems.add(loc, "a listing child has no `data` object")
            elif kind == "t1":
                self.read_t1(data, loc)
            elif kind == "more":
                ids = [i for i in data.get("children") or [] if isinstance(i, str)]
                self.stubs.append((post_id, str(data.get("parent_id", "")), ids))
            else:
                self.problems.add(loc, f"a comment listing holds a {kind!r} thing, not t1 or more")

    def read_t1(self, data: dict[str, Any], loc: Location) -> None:
        comment = read_comment(data, (*loc, "comment", str(data.get("id"))), self.problems)
        if comment is None:
            return
        self.threads.add_comment(link_of(data), comment)
        replies = data.get("replies")
        if isinstance(replies, dict):
            listing = replies.get("data")
            children = listing.get("children") if isinstance(listing, dict) else None
            self.read_children(children if isinstance(children, list) else [], link_of(data), loc)
        elif replies not in ("", None):
            self.problems.add(
                (*loc, "comment", comment.id, "replies"),
                f'comment {comment.id!r}: replies must be "" or a Listing',
            )

    def read_response(self, index: int, response: Any) -> None:
        loc: Location = ("body", index)
        if isinstance(response, list):  # a [post listing, comment listing] pair
            post_id = None
            for child in response[0]["data"]["children"]:
                post = read_post(child["data"]) if isinstance(child.get("data"), dict) else None
                if post is None:
                    self.problems.add(loc, "the post listing holds a t3 without data or id")
                    continue
                post_id = post.id
                self.threads.add_post(post)
            self.read_children(response[1]["data"]["children"], post_id, loc)
            return
        errors = response["json"].get("errors")
        if errors:
            self.api_errors.append(f"response {index}: {errors}")
        self.read_children(_morechildren_things(response) or [], None, loc)

    def count_missing(self) -> None:
        """Charge each "more" stub's ids that never arrived to its post's thread."""
        drafts = self.threads.drafts
        comment_posts = {c.id: post for post, draft in drafts.items() for c in draft.comments}
        answered = {c.reply_to for draft in drafts.values() for c in draft.comments}
        counted: set[str] = set()
        for post_id, parent, ids in self.stubs:
            parent_id = without_prefix(parent)
            owner = post_id or (parent_id if parent.startswith("t3_") else None)
            owner = owner or comment_posts.get(parent_id) or next(iter(drafts), None)
            if owner is None:
                continue
            thread = self.threads.draft(owner)
            if ids:
                missing = {i for i in ids if i not in comment_posts and i not in counted}
                counted |= missing
                thread.missing_comments += len(missing)
            elif parent_id not in answered:
                # An empty stub is "continue this thread": Reddit does not say how many.
                thread.limits.append(
                    f"a 'continue this thread' link under {parent} was not followed: "
                    "deeper replies are missing (count unknown)"
                )


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    responses = _responses(payload.json())  # the registry reports malformed JSON by line
    if responses is None:
        raise InvalidInput(
            "not Reddit API JSON: expected [post listing, comment listing] or an array of such "
            "pairs and /api/morechildren responses"
        )
    crawl = _Crawl(Problems("Reddit API"))
    for index, response in enumerate(responses):
        crawl.read_response(index, response)
    crawl.problems.raise_if_any()
    crawl.count_missing()
    for draft in crawl.threads.drafts.values():
        if draft.missing_comments:
            draft.limits.append(
                f"'more' stubs name {draft.missing_comments} comments that are not in the "
                "upload (not fetched with /api/morechildren, or deleted before they were)"
            )
        draft.limits.extend(f"morechildren reported errors: {e}" for e in crawl.api_errors)
    return crawl.threads.finish(options, FORMAT.name)


FORMAT = ImportFormat(
    name="reddit_api",
    description=(
        "Reddit API JSON: the [post listing, comment listing] pair of GET /comments/<post>, or "
        "an array mixing such pairs and /api/morechildren responses"
    ),
    detect=_detect,
    parse=_parse,
)
