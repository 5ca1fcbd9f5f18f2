"""Refusals of a request body: too large, or too slow to arrive (mapped in app/errors.py)."""

from __future__ import annotations


class BodyTooLarge(Exception):
    def __init__(self, limit: int, inflated: bool = False) -> None:
        what = "the upload, decompressed," if inflated else "the request body"
        super().__init__(f"{what} is larger than the limit of {limit} bytes")
        self.limit = limit


class BodyTooSlow(Exception):
    def __init__(self, grace_seconds: float, min_bytes_per_second: int) -> None:
        super().__init__(
            f"the request body arrived slower than {min_bytes_per_second} bytes per second "
            f"after its first {grace_seconds:g} s; send it faster or in smaller requests"
        )
