"""X (Twitter): read only from its data-export archive (no collector reads it), so the :data:`X`
platform is of kind ``archive``, with the default handle rule (any name without spaces).
"""

from __future__ import annotations

from linkage.platforms.base import Platform

X = Platform(
    "x",
    "X",
    "archive",
    "an X (Twitter) username",
    hosts=("x.com", "twitter.com"),
    export="x-archive",
)
