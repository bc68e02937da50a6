"""Instagram: read only from its data-export archive (no collector reads it), so the :data:`INSTAGRAM`
platform is of kind ``archive``, with the default handle rule (any name without spaces).
"""

from __future__ import annotations

from linkage.platforms.base import Platform

INSTAGRAM = Platform(
    "instagram",
    "Instagram",
    "archive",
    "an Instagram username",
    hosts=("instagram.com",),
    export="instagram-export",
)
