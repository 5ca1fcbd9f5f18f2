"""youtube_discussion_tree XML (quimpm library): `<arg>` comments linked by `<pair>` child→parent.

    <entailment-corpus><argument-list>
      <arg id author author_id score>text</arg> …
    </argument-list><argument-pairs>
      <pair id><t id=CHILD/><h id=PARENT/></pair> …
    </argument-pairs></entailment-corpus>

The arg whose id has 11 characters is the video itself (text = transcript, author = its channel,
whose `author_id` is the creator and their handle); every other arg is a comment. The pairs are
the library's own reconstruction of who answered whom (from @mentions and its conflict rules),
not YouTube's two-level structure, so they are kept as given. The file has no timestamps.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from importers.base import ImportedThread, ImportFormat, ImportOptions
from importers.payload import Payload, PayloadError
from importers.toolkit.creators import account_handle, unidentified
from importers.toolkit.drafts import ThreadDraft
from importers.toolkit.identity import fallback_external_id
from importers.toolkit.problems import Problems, refusal
from importers.toolkit.reports import finish_drafts
from importers.toolkit.youtube import reply_parent, video_url
from nlp.thread import Comment, Platform

VIDEO_ID_LENGTH = 11
ROOT_TAG = "entailment-corpus"

TREE_LIMIT = (
    "reply targets are the youtube_discussion_tree library's own reconstruction "
    "(from @mentions and its conflict rules), not YouTube's two-level structure"
)
NO_TIME_LIMIT = "the XML has no timestamps: comment order is the file order"
SCORE_LIMIT = "like_count is the library's `score` attribute"
NO_VIDEO_OWNER = "no 11-character video arg with an author_id (the video's channel)"

_ROOT_OPENING = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?<entailment-corpus[\s>]")
# Entity declarations can expand into gigabytes (billion laughs); the library never writes them.
_DECLARATION = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _detect(payload: Payload) -> bool:
    try:  # JSON, told apart without decoding the text, is no XML
        opening = None if payload.opens_like_json() else _ROOT_OPENING.match(payload.text[:1024])
        return opening is not None
    except PayloadError:
        return False


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    root = _read_xml(payload.text)
    args = root.findall("./argument-list/arg")
    videos = [arg for arg in args if len(arg.get("id", "")) == VIDEO_ID_LENGTH]
    if len(videos) > 1:
        ids = ", ".join(repr(video.get("id")) for video in videos)
        msg = f"several args have an 11-character (video) id: {ids}"
        raise refusal(("argument-list", "arg", "id"), msg)
    video = videos[0] if videos else None
    video_id = video.get("id") if video is not None else None
    comment_args = [arg for arg in args if arg is not video]
    problems = Problems(FORMAT.name)
    parents = _parents(root, {arg.get("id", "") for arg in comment_args}, problems)
    fallback = fallback_external_id(payload.filename)
    draft = ThreadDraft(
        options.external_id or video_id or fallback.value,
        url=video_url(video_id) if video_id else None,
        creator=video.get("author_id") if video is not None else None,
        rows_read=len(comment_args),
        limits=[TREE_LIMIT, NO_TIME_LIMIT, SCORE_LIMIT],
    )
    for position, arg in enumerate(comment_args, start=1):
        comment_id = arg.get("id")
        if not comment_id:
            msg = f"arg {position} in argument-list has no id"
            problems.add(("argument-list", "arg", position, "id"), msg)
            continue
        parent = parents.get(comment_id)
        draft.add(
            Comment(
                id=comment_id,
                reply_to=None if parent == video_id else parent,
                author=arg.get("author_id") or None,
                text=(arg.text or "").strip(),
                author_name=arg.get("author") or None,
                like_count=_score(arg, comment_id, problems),
                # the pairs decide reply_to; YouTube's own (flat) parent is in the id
                platform_reply_to=reply_parent(comment_id),
            )
        )
    problems.raise_if_any()
    unpaired = sum(comment.id not in parents for comment in draft.comments)
    if unpaired:
        draft.limits.append(f"comments without a <pair>, kept as top-level: {unpaired}")
    orphans = draft.orphan_replies()
    if orphans:
        draft.limits.append(f"comments whose parent is not in the file: {orphans}")
    if not (options.external_id or video_id):
        draft.limits.append(f"no 11-character video arg; {fallback.limit('video')}")
    draft.creator_handle = account_handle(Platform.YOUTUBE, draft.creator)
    if draft.creator_handle is None:
        draft.limit(unidentified(NO_VIDEO_OWNER))
    return finish_drafts([draft], options, FORMAT.name, Platform.YOUTUBE, count_received=True)


def _read_xml(text: str) -> ET.Element:
    declaration = _DECLARATION.search(text)
    if declaration:
        line = text.count("\n", 0, declaration.start()) + 1
        msg = "DOCTYPE/ENTITY declarations are not accepted (entity expansion)"
        raise refusal(("body", "line", line), msg)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line, column = exc.position
        msg = f"malformed XML at line {line}, column {column}: {exc}"
        raise refusal(("body", "line", line), msg) from None
    if root.tag != ROOT_TAG:
        msg = f"the root element is <{root.tag}>, not <{ROOT_TAG}>"
        raise refusal(("body",), msg)
    return root


def _parents(root: ET.Element, comment_ids: set[str], problems: Problems) -> dict[str, str]:
    """Child comment id -> parent id (the video id for top-level comments), from the pairs."""
    parents: dict[str, str] = {}
    for position, pair in enumerate(root.findall("./argument-pairs/pair"), start=1):
        name = f"pair {pair.get('id') or position}"
        loc = ("argument-pairs", "pair", pair.get("id") or position)
        child, parent = pair.find("t"), pair.find("h")
        child_id = child.get("id") if child is not None else None
        parent_id = parent.get("id") if parent is not None else None
        if not child_id or not parent_id:
            problems.add(loc, f"{name}: needs <t id=…/> and <h id=…/>")
        elif child_id not in comment_ids:
            problems.add((*loc, "t"), f"{name}: <t> names no comment: {child_id!r}")
        elif parents.setdefault(child_id, parent_id) != parent_id:
            msg = f"{name}: comment {child_id!r} already has parent {parents[child_id]!r}"
            problems.add((*loc, "h"), msg)
    return parents


def _score(arg: ET.Element, comment_id: str, problems: Problems) -> int | None:
    score = arg.get("score")
    if score is None or score == "":
        return None
    if not score.isdigit():
        msg = f"comment {comment_id!r}: score {score!r} is not a whole number"
        problems.add(("arg", comment_id, "score"), msg)
        return None
    return int(score)


FORMAT = ImportFormat(
    name="youtube_discussion_tree",
    description=(
        "youtube_discussion_tree XML (<entailment-corpus> with <arg> comments and <pair> "
        "child/parent links); the 11-character arg is the video"
    ),
    detect=_detect,
    parse=_parse,
)
