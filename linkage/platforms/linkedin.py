"""LinkedIn: read only from its data-export archive (no collector reads it), so the :data:`LINKEDIN`
platform is of kind ``archive``, with the default handle rule (any name without spaces).
"""

from __future__ import annotations

from linkage.platforms.base import Platform

LINKEDIN = Platform(
    "linkedin",
    "LinkedIn",
    "archive",
    "a LinkedIn profile name",
    hosts=("linkedin.com",),
    export="linkedin-export",
)
