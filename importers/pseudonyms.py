"""Pseudonymised authors: author ids and names replaced by keyed hashes before anything is
analysed or stored.

A pseudonym is HMAC-SHA256 under the deployment's secret key of the value and its platform,
truncated to 80 bits and written as 20 letters a–p (hexadecimal digits spelled as letters): `u_…`
for an author id, `n_…` for a display name. Letters only: the text step's tokenizer splits a
digit followed by a unit ("…6g", "…4km") off a mention, which would change its counts.

The same key gives the same pseudonym in every upload, so threads merge by the same ids, the
same person is the same author across threads, and every metric that compares authors is
unchanged; without the key the original cannot be recovered, nor guessed by hashing candidates.

Ids and names are hashed apart (an id is case-sensitive, a name is not): a name's pseudonym is
that of its `handle_key` (case-folded, without "@"), so "@Zoë", "Zoë" and "zoë" are one `n_…`,
and a mention `@Zoë` in a comment becomes `@n_…`, the display name the mentioned comment shows.
A mention of an author id (TikTok's unique handle, when it is the id) becomes that id's `u_…`.
Only mentions of the thread's own authors and its creator are known; a name written without "@",
or a mention of someone who did not comment, stays as written. Unknown authors (None,
"[deleted]", "[removed]") are left as they are: they name nobody and metrics count them apart.

The post's url, title, external id and the import report's notes are rewritten the same way;
there, an author id written as a whole word (a YouTube channel discussion is keyed by the channel
id) becomes its pseudonym too, and so does every `@handle` inside a link (a TikTok url names the
post's creator, who may not have commented): as a name, unless it is a known author's id.

Reply targets are reconstructed from the original names first (`importers.registry`), so
pseudonymising keeps them. Text metrics are unchanged when the tokenizer reads each mention as
one token; a name of several words, with emoji, or one it splits ("@Creator.Cat" is read as
"@Creator", ".", "Cat") becomes one token, and its other words no longer count.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TypeGuard

from importers.base import ImportedThread
from importers.retarget import LONGEST_NAME, MENTION_SIGNS, handle_key, is_name_char
from nlp.thread import UNKNOWN_AUTHOR_MARKERS, Comment, Thread

ID_PREFIX = "u_"
NAME_PREFIX = "n_"
DIGEST_BYTES = 10  # 80 bits: collisions negligible below 10^11 authors
_AS_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
# A shorter id spelled out in a url or a note is more likely a number or a word than a person.
SHORTEST_BARE_ID = 4
_WORD = re.compile(r"[\w.-]+")
_LINK = re.compile(r"https?://\S+")
_LINK_HANDLE = re.compile(r"[@＠]([\w.-]+)")

Lookup = Callable[[str], str | None]  # a mentioned name as written -> its pseudonym, if known


@dataclass(frozen=True, slots=True)
class Pseudonymiser:
    """Pseudonyms under one deployment key."""

    key: bytes

    def author_id(self, platform: str, value: str) -> str:
        return ID_PREFIX + _digest(self.key, "id", platform, value)

    def author_name(self, platform: str, value: str) -> str:
        return NAME_PREFIX + _digest(self.key, "name", platform, handle_key(value))

    @property
    def key_id(self) -> str:
        """Names the key without revealing it: stored threads say which key made their
        pseudonyms, so an upload is never merged with pseudonyms of another key."""
        return _digest(self.key, "key-id", "", "")


def _digest(key: bytes, kind: str, platform: str, value: str) -> str:
    message = "\x1f".join((kind, platform, value)).encode("utf-8", "surrogatepass")
    digest = hmac.new(key, message, hashlib.sha256).digest()[:DIGEST_BYTES]
    return digest.hex().translate(_AS_LETTERS)


def is_known(value: str | None) -> TypeGuard[str]:
    """Whether the value names someone (None and the unknown-author markers do not)."""
    return value is not None and value.strip() not in UNKNOWN_AUTHOR_MARKERS


def pseudonymised(imported: ImportedThread, pseudonyms: Pseudonymiser) -> ImportedThread:
    """A copy of an imported thread with its authors pseudonymised (see the module docstring)."""
    thread = imported.thread
    platform = thread.platform.value
    ids = {c.author for c in thread.comments if is_known(c.author)}
    if is_known(thread.creator):
        ids.add(thread.creator)
    names = {c.author_name for c in thread.comments if is_known(c.author_name)}
    id_of = {value: pseudonyms.author_id(platform, value) for value in ids}
    name_of = {value: pseudonyms.author_name(platform, value) for value in names}
    # A handle that is both somebody's name and somebody's id is taken as the id.
    by_handle = {handle_key(name): alias for name, alias in name_of.items()}
    by_handle |= {handle_key(value): alias for value, alias in id_of.items()}
    by_handle.pop("", None)

    def mentions(text: str) -> str:
        return rewrite_mentions(text, lambda name: by_handle.get(handle_key(name)))

    def handle_in_link(match: re.Match[str]) -> str:
        handle = match.group(1).rstrip("._-")
        alias = by_handle.get(handle_key(handle)) or pseudonyms.author_name(platform, handle)
        return match.group()[0] + alias + match.group(1)[len(handle) :]

    def scrub(text: str) -> str:
        linked = _LINK.sub(lambda link: _LINK_HANDLE.sub(handle_in_link, link.group()), text)
        return rewrite_ids(mentions(linked), id_of)

    def comment(original: Comment) -> Comment:
        return replace(
            original,
            author=id_of.get(original.author or "", original.author),
            author_name=name_of.get(original.author_name or "", original.author_name),
            text=mentions(original.text),
        )

    report = imported.report
    return ImportedThread(
        replace(
            thread,
            comments=tuple(map(comment, thread.comments)),
            creator=id_of.get(thread.creator or "", thread.creator),
            # Keyed by the handle alone, so one account has one pseudonym in every thread.
            creator_handle=None
            if thread.creator_handle is None
            else pseudonyms.author_name(platform, thread.creator_handle),
            external_id=scrub(thread.external_id),
            url=None if thread.url is None else scrub(thread.url),
            title=None if thread.title is None else scrub(thread.title),
        ),
        replace(
            report,
            limits=tuple(map(scrub, report.limits)),
            source_file=None if report.source_file is None else scrub(report.source_file),
        ),
    )


def with_stored_mentions(upload: Thread, stored: Thread, pseudonyms: Pseudonymiser) -> Thread:
    """The pseudonymised `upload` of a post whose pseudonymised `stored` thread it joins, with
    the mentions of authors only the stored thread holds rewritten too (in comments, and in the
    post's title and url): a name is recognised when its pseudonym is one the stored thread
    shows."""
    platform = upload.platform.value
    shown = set(_aliases(stored.comments)) | {stored.creator}

    def known(name: str) -> str | None:
        for alias in (pseudonyms.author_name(platform, name), pseudonyms.author_id(platform, name)):
            if alias in shown:
                return alias
        return None

    def mentions(text: str | None) -> str | None:
        return None if text is None else rewrite_mentions(text, known)

    return replace(
        upload,
        comments=tuple(replace(c, text=rewrite_mentions(c.text, known)) for c in upload.comments),
        title=mentions(upload.title),
        url=mentions(upload.url),
    )


def _aliases(comments: Iterable[Comment]) -> Iterable[str | None]:
    for comment in comments:
        yield comment.author
        yield comment.author_name


def rewrite_mentions(text: str, lookup: Lookup) -> str:
    """`text` with every `@name` that `lookup` knows written `@pseudonym`; the longest known
    name that ends at a word boundary wins, as in reply-target reconstruction. Nothing else of
    the text changes."""
    if not any(sign in text for sign in MENTION_SIGNS):
        return text
    parts: list[str] = []
    done = 0
    at = 0
    while at < len(text):
        if text[at] not in MENTION_SIGNS:
            at += 1
            continue
        found = _mention_at(text, at + 1, lookup)
        if found is None:
            at += 1
            continue
        end, alias = found
        parts += [text[done : at + 1], alias]
        done = at = end
    return "".join(parts) + text[done:]


def _mention_at(text: str, start: int, lookup: Lookup) -> tuple[int, str] | None:
    """Where the longest known name starting at `start` ends, and its pseudonym."""
    if start == len(text) or text[start].isspace():  # "@ name" is no mention
        return None
    for length in range(min(len(text) - start, LONGEST_NAME), 0, -1):
        end = start + length
        if end < len(text) and is_name_char(text[end]):
            continue
        name = text[start:end].rstrip()
        alias = lookup(name) if name else None
        if alias is not None:
            return start + len(name), alias
    return None


def rewrite_ids(text: str, id_of: dict[str, str]) -> str:
    """`text` with every whole word that is a known author id (of `SHORTEST_BARE_ID` characters
    or more) replaced by its pseudonym; trailing dots and dashes are not part of the word."""

    def swap(match: re.Match[str]) -> str:
        word = match.group()
        core = word.rstrip("._-")
        alias = id_of.get(core) if len(core) >= SHORTEST_BARE_ID else None
        return word if alias is None else alias + word[len(core) :]

    return _WORD.sub(swap, text)
