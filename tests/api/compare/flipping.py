"""Stored threads whose group ranking flips when tiny threads count: the measured problem."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.bodies import chain

# Hand-computed from the drawing below; reply_share = replies / comments, (n − 1) / n for a chain.
FLIP_METRIC = "reply_share"
BIG_CHAINS, TINY = 5 / 6, 0.0
EVERY_THREAD = {"youtube": 3 * BIG_CHAINS / 33, "tiktok": 4 / 5}
AT_LEAST_5 = {"youtube": BIG_CHAINS, "tiktok": 4 / 5}


def store_flipping_groups(client: TestClient) -> None:
    """The shape that made Reddit 5th of 6 with every thread and 1st with a minimum of 5:

    youtube:  3 × c0 ← c1 ← … ← c5   (6-comment back-and-forths: reply_share 5/6)
             30 × c0                   (1-comment threads: reply_share 0, crawl leftovers)
    tiktok:   3 × c0 ← c1 ← … ← c4   (5-comment back-and-forths: reply_share 4/5)

    Every thread: youtube 3 × 5/6 / 33 ≈ 0.076, far below tiktok 0.8.
    At least 5 comments: youtube 5/6 ≈ 0.833 is above tiktok 0.8.
    """
    client.post("/v1/threads", json=[chain(f"y{i}", "youtube", 6) for i in range(3)])
    client.post("/v1/threads", json=[chain(f"tiny{i}", "youtube", 1) for i in range(30)])
    client.post("/v1/threads", json=[chain(f"t{i}", "tiktok", 5) for i in range(3)])
