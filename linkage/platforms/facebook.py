"""Facebook: read only from its data-export archive (no collector reads it), so the :data:`FACEBOOK`
platform is of kind ``archive``, with the default handle rule (any name without spaces).
"""

from __future__ import annotations

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform

FACEBOOK = Platform(
    "facebook",
    "Facebook",
    "archive",
    "a Facebook profile name",
    hosts=("facebook.com", "fb.com"),
    export="facebook-export",
    # A username can be changed (Settings > Personal details); the name, profile picture and
    # cover photo are always public (Facebook Help, "What information is public"), so
    # hiding a profile is deleting it (Settings > Deactivation and deletion).
    allows=Allows(rename=True, delete=True),
)
