"""Canonical upload bodies for the API and CLI tests, each drawn or described in its docstring."""

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


def debate() -> dict[str, Any]:
    """post (creator cr)
    ├── a ann ─ b bob ─ c ann ─ d bob      4 turns: ann, bob, ann, bob
    │           └── e cy                    an aside under b
    ├── f cr  ─ g dan ─ h cr               cr, dan, cr (the post is cr's too, so it cannot
    │                                      open this one: cr would follow cr)
    └── i eve                              alone
    Exchanges of ≥ 3 turns: a-b-c-d (4 turns), f-g-h (3 turns).
    """
    return {
        "platform": "reddit",
        "external_id": "debate",
        "creator": "cr",
        "comments": [
            comment("a", None, "ann", 0, "Is remote work more productive?"),
            comment("b", "a", "bob", 1, "Remote work helps focus, studies say"),
            comment("c", "b", "ann", 2, "Which studies on remote work?"),
            comment("d", "c", "bob", 3, "The Stanford studies on remote work"),
            comment("e", "b", "cy", 4, "lol"),
            comment("f", None, "cr", 5, "Thanks all for reading"),
            comment("g", "f", "dan", 6, "Great reading, thanks"),
            comment("h", "g", "cr", 7, "Glad you liked the reading"),
            comment("i", None, "eve", 8, "first"),
        ],
    }


def chain(external_id: str, platform: str, length: int, **extra: Any) -> dict[str, Any]:
    """c0 ← c1 ← … (each replies to the previous one), by alternating authors u0/u1:
    reply_share = (length − 1) / length."""
    comments = [comment(f"c{i}", f"c{i - 1}" if i else None, f"u{i % 2}", i) for i in range(length)]
    return {"platform": platform, "external_id": external_id, "comments": comments, **extra}


# post (creator unknown: a top-level comment replies to nobody)
# ├── b1  B                 A → B, B → A, C → A, A → B again
# │   ├── a1  A
# │   │   ├── b2  B
# │   │   └── c1  C
# │   └── a2  A
AB_BA_CA_AB = {
    "platform": "reddit",
    "external_id": "pairs",
    "comments": [
        comment("b1", None, "B", 0),
        comment("a1", "b1", "A", 1),
        comment("b2", "a1", "B", 2),
        comment("c1", "a1", "C", 3),
        comment("a2", "b1", "A", 4),
    ],
}
