"""LinkedIn: read only from its data-export archive (no collector reads it), so the :data:`LINKEDIN`
platform is of kind ``archive``, with the default handle rule (any name without spaces).
"""

from __future__ import annotations

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform

LINKEDIN = Platform(
    "linkedin",
    "LinkedIn",
    "archive",
    "a LinkedIn profile name",
    hosts=("linkedin.com",),
    export="linkedin-export",
    # The public profile address can be changed ("Customize your public profile URL",
    # LinkedIn Help); turning off public visibility still shows the profile to anyone
    # signed in to LinkedIn, so hiding one is closing the account (Settings > Account
    # management > Close account).
    allows=Allows(rename=True, delete=True),
)
