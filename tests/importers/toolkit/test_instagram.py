"""An Instagram post's owner named in its link."""

from __future__ import annotations

import pytest

from importers.toolkit.instagram import owner_in_url


@pytest.mark.parametrize(
    ("url", "handle"),
    [
        ("https://www.instagram.com/Team.Racing/p/DU-7Au/", "team.racing"),
        ("https://instagram.com/team_racing/reel/XYZ789abc/?igsh=1", "team_racing"),
        ("https://www.instagram.com/teamracing/tv/CODE1/", "teamracing"),
        ("https://www.instagram.com/p/DU-7Au/", None),  # the plain form names nobody
        ("https://www.instagram.com/reel/XYZ789abc/", None),
        ("https://www.instagram.com/teamracing/", None),  # a profile, not a post
        ("https://www.instagram.com/reels/p/CODE1/", None),  # an Instagram path, not an account
        (None, None),
    ],
)
def test_owner_in_url(url: str | None, handle: str | None) -> None:
    assert owner_in_url(url) == handle
