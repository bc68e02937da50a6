"""Instagram: read only from its data-export archive (no collector reads it), so the :data:`INSTAGRAM`
platform is of kind ``archive``, with the default handle rule (any name without spaces).
"""

from __future__ import annotations

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform

INSTAGRAM = Platform(
    "instagram",
    "Instagram",
    "archive",
    "an Instagram username",
    hosts=("instagram.com",),
    export="instagram-export",
    # A username can be changed (Edit profile); a private account still shows its name,
    # picture and bio to anyone (Instagram Help, "Private accounts"), so hiding one is
    # deleting it (Accounts Center > Deactivation or deletion).
    allows=Allows(rename=True, delete=True),
)
