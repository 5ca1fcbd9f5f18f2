"""Canonical upload bodies for API tests, drawn as trees in the docstrings that use them."""

from __future__ import annotations

from typing import Any


def comment(
    comment_id: str, reply_to: str | None, author: str | None, minute: int, text: str = "text"
) -> dict[str, Any]:
    return {
        "id": comment_id,
        "reply_to": reply_to,
        "author": author,
        "text": text,
        "created_at": f"2024-05-01T10:{minute:02d}:00Z",
    }


def dialogue_thread(external_id: str = "v1", platform: str = "youtube") -> dict[str, Any]:
    """post (creator "cr")
    ├── a  ann      top-level
    │   └── b  bob  reply to a
    │       └── c  ann  reply to b   (ann ← bob ← ann: a back-and-forth of 3 turns)
    └── d  dan      top-level, unanswered
    """
    return {
        "platform": platform,
        "external_id": external_id,
        "creator": "cr",
        "title": "a post",
        "comments": [
            comment("a", None, "ann", 0),
            comment("b", "a", "bob", 1),
            comment("c", "b", "ann", 2),
            comment("d", None, "dan", 3),
        ],
    }


def flat_thread(external_id: str, comments: int, platform: str = "tiktok") -> dict[str, Any]:
    """`comments` top-level comments by distinct authors, no replies."""
    return {
        "platform": platform,
        "external_id": external_id,
        "comments": [comment(f"c{i}", None, f"user{i}", i % 60) for i in range(comments)],
    }
