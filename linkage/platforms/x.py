"""X (Twitter): read only from its data-export archive (no collector reads it), so the :data:`X`
platform is of kind ``archive``, with the default handle rule (any name without spaces).
"""

from __future__ import annotations

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform

X = Platform(
    "x",
    "X",
    "archive",
    "an X (Twitter) username",
    hosts=("x.com", "twitter.com"),
    export="x-archive",
    # A username can be changed (Settings > Your account > Account information); protected
    # posts still leave the name, bio, location, website and picture public (X Help, "About
    # public and protected posts"), so hiding an account is deleting it (deactivating it,
    # which deletes it after 30 days).
    allows=Allows(rename=True, delete=True),
)
