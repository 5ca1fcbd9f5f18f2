"""Parley's own JSON format: one thread object, or an array of them, validated with pydantic.

The models are public because the HTTP layer reuses them to document the request body. A
thread's `creator_handle` is normalised like every importer's; when absent, it is what the
thread's url, creator and comments imply (`importers.toolkit.creators.with_named_creator`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from importers.base import ImportedThread, ImportFormat, ImportOptions, Problem
from importers.payload import Payload
from importers.timeparse import TimestampError, parse_timestamp
from importers.toolkit.creators import unidentified, with_named_creator
from importers.toolkit.detection import sniff_document
from importers.toolkit.drafts import ThreadDraft
from importers.toolkit.identity import platform_override
from importers.toolkit.problems import Problems
from importers.toolkit.records import read_document
from importers.toolkit.reports import finish_drafts
from importers.toolkit.values import as_id, link_problem, refuse_boolean
from nlp.thread import Comment, Platform, Thread

NO_HANDLE = unidentified("no creator_handle was sent, nor do the url or creator imply it")


def _number_to_text(value: object) -> object:
    # Platforms hand out numeric ids (TikTok uids, Facebook ids); JSON writers keep them as numbers.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _to_time(value: object) -> datetime | None:
    try:
        return parse_timestamp(value)
    except TimestampError:
        raise PydanticCustomError("timestamp", "is not an ISO-8601 time or unix seconds") from None


def _web_link(value: str | None) -> str | None:
    # The caller writes this field: a link that is not http(s) is refused like any other bad
    # value, where other formats (exports the caller cannot edit) leave it out and report it.
    problem = None if value is None else link_problem(value)
    if problem is not None:
        raise PydanticCustomError("link", "it {problem}", {"problem": problem})
    return value


Identifier = Annotated[
    str,
    BeforeValidator(_number_to_text),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
]
OptionalIdentifier = Annotated[
    str | None,
    BeforeValidator(_number_to_text),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}),
]
Timestamp = Annotated[
    datetime | None,
    BeforeValidator(_to_time),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "number"}, {"type": "null"}]}
    ),
]


class CanonicalComment(BaseModel):
    """One comment. Unknown fields are ignored (and named in the import report's `limits`)."""

    model_config = ConfigDict(extra="ignore")

    id: Identifier = Field(description="Unique within the thread.", examples=["c2"])
    # Required (though nullable) so that a misnamed parent field ("parent_id") cannot silently
    # turn every reply into a top-level comment.
    reply_to: OptionalIdentifier = Field(
        description="Id of the comment this one answers; null for a top-level comment.",
        examples=["c1", None],
    )
    author: OptionalIdentifier = Field(
        description='Stable author id; null, "" or "[deleted]" when unknown.',
        examples=["u42", None],
    )
    author_name: str | None = Field(
        default=None, description="Display name, when it differs from the id.", examples=["Ada"]
    )
    text: str = Field(description="The comment's text.", examples=["@ada fair point, but…"])
    created_at: Timestamp = Field(
        default=None,
        description="ISO-8601 time (no zone means UTC) or unix seconds; null when unknown.",
        examples=["2024-05-01T12:30:00Z", 1714566600],
    )
    like_count: Annotated[int | None, BeforeValidator(refuse_boolean)] = Field(
        default=None, ge=0, examples=[3]
    )


class CanonicalThread(BaseModel):
    """One post and the comments under it, in input order."""

    model_config = ConfigDict(extra="ignore")

    platform: Platform = Field(description="Where the thread was collected.", examples=["youtube"])
    external_id: Identifier = Field(
        description="The post's id on its platform.", examples=["dQw4w9WgXcQ"]
    )
    url: Annotated[str | None, AfterValidator(_web_link)] = Field(
        default=None,
        description="The post's http or https link; any other scheme is refused.",
        examples=["https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    )
    title: str | None = Field(default=None, description="The post's title or caption.")
    creator: OptionalIdentifier = Field(
        default=None, description="Author id of the post's owner, when known.", examples=["u1"]
    )
    creator_handle: OptionalIdentifier = Field(
        default=None,
        description="The post owner's account, shared by all their threads: the @handle on "
        'TikTok, Instagram, X or Reddit (no "@", case ignored), the channel id on YouTube, the '
        "page on Facebook. When absent: a TikTok url's @handle, or the creator's id or comments "
        "where they give it; else the import report says so. Without `creator`, the commenter "
        "whose id or name is this handle is the creator.",
        examples=["bakerbee", "UC-owner"],
    )
    collected_at: Timestamp = Field(default=None, description="When the comments were fetched.")
    tags: list[str] = Field(default_factory=list, description="Free labels for grouping threads.")
    comments: list[CanonicalComment] = Field(description="Every comment, in any order.")


_COMMENT_FIELDS = frozenset(CanonicalComment.model_fields)
_THREAD_FIELDS = frozenset(CanonicalThread.model_fields)
_THREAD_ADAPTER = TypeAdapter(CanonicalThread)


def _detect(payload: Payload) -> bool:
    document = sniff_document(payload)
    first = document[0] if isinstance(document, list) and document else document
    return isinstance(first, dict) and "external_id" in first and "comments" in first


def _post_key(item: Any) -> str | None:
    """An array item is one thread, named by its platform and external_id."""
    if not isinstance(item, dict):
        return None
    platform, external_id = as_id(item.get("platform")), as_id(item.get("external_id"))
    return None if platform is None or external_id is None else f"{platform}/{external_id}"


def _parse(payload: Payload, options: ImportOptions) -> list[ImportedThread]:
    document = read_document(payload)
    if isinstance(document, list):
        items: list[tuple[tuple[int, ...], Any]] = [((i,), item) for i, item in enumerate(document)]
    else:
        items = [((), document)]
    problems = Problems("canonical")
    requested = platform_override(options)
    drafts: list[ThreadDraft] = []
    for prefix, raw in items:
        try:
            model = _THREAD_ADAPTER.validate_python(raw)
        except ValidationError as exc:
            problems.extend(_problem(prefix, error, raw) for error in exc.errors())
            continue
        drafts.append(_to_draft(model, raw, requested or model.platform))
    problems.raise_if_any()
    # Each thread names itself: the request's external_id does not apply.
    return finish_drafts(drafts, options, FORMAT.name, rename_by_request=False)


def _to_draft(model: CanonicalThread, raw: Any, platform: Platform) -> ThreadDraft:
    comments = [
        Comment(
            id=c.id,
            reply_to=c.reply_to,
            author=c.author,
            text=c.text,
            created_at=c.created_at,
            author_name=c.author_name,
            like_count=c.like_count,
        )
        for c in model.comments
    ]
    stated = Thread(platform, model.external_id, tuple(comments), model.url, creator=model.creator)
    owner = with_named_creator(stated, model.creator_handle)
    return ThreadDraft(
        model.external_id,
        platform=model.platform,
        url=model.url,
        title=model.title,
        creator=owner.creator,
        creator_handle=owner.creator_handle,
        collected_at=model.collected_at,
        tags=tuple(model.tags),
        comments=comments,
        rows_read=len(comments),
        limits=[*_ignored_fields(raw), *([] if owner.creator_handle else [NO_HANDLE])],
    )


def _ignored_fields(raw: dict[str, Any]) -> tuple[str, ...]:
    """Say which unknown fields were dropped, so a misspelt field does not vanish unnoticed."""
    thread_extra = set(raw) - _THREAD_FIELDS
    comment_extra = {key for c in raw["comments"] for key in c} - _COMMENT_FIELDS
    limits = []
    if thread_extra:
        limits.append(f"ignored unknown thread fields: {', '.join(sorted(thread_extra))}")
    if comment_extra:
        limits.append(f"ignored unknown comment fields: {', '.join(sorted(comment_extra))}")
    return tuple(limits)


def _problem(prefix: tuple[int, ...], error: ErrorDetails, raw: Any) -> Problem:
    loc = error["loc"]
    subject = f"thread {prefix[0]}: " if prefix else ""
    field = _dotted(loc) or "the thread"
    if len(loc) >= 2 and loc[0] == "comments" and isinstance(loc[1], int):
        subject += _comment_name(raw, loc[1])
        field = _dotted(loc[2:]) or "the comment"
    return Problem(prefix + tuple(loc), subject + _describe(field, error))


def _comment_name(raw: Any, index: int) -> str:
    comment = raw["comments"][index]
    ident = comment.get("id") if isinstance(comment, dict) else None
    if isinstance(ident, str | int) and not isinstance(ident, bool):
        return f"comment {str(ident)!r}: "
    return f"comments[{index}]: "


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


_EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "a whole number",
    "list_type": "a list",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "dict_type": "an object",
    "enum": "one of " + ", ".join(p.value for p in Platform),
}


def _describe(field: str, error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return f"{field} is missing"
    if kind in _EXPECTED:
        return f"{field} must be {_EXPECTED[kind]}, not {_json_type(error['input'])}"
    if kind == "timestamp":
        return f"{field} {error['msg']}: {error['input']!r}"
    return f"{field}: {error['msg']}"


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else "a string"
    return {int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


FORMAT = ImportFormat(
    name="canonical",
    description=(
        "Parley's canonical JSON: an object {platform, external_id, comments: [{id, reply_to, "
        "author, text, created_at?}]} or an array of such objects"
    ),
    detect=_detect,
    parse=_parse,
    post_key=_post_key,
)
