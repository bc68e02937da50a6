"""Forgejo and Gitea servers of anyone's (``forgejo:NAME@HOST``, also ``gitea:NAME@HOST``): a
user's public profile and the writing in their public activity, read as Codeberg's are
(:mod:`collectors.codeberg`: Codeberg runs Forgejo, and Gitea's API is the same), at
``https://HOST/api/v1``. Messages name the server by its host.
"""

from __future__ import annotations

from collectors.codeberg import CodebergCollector


class ForgejoCollector(CodebergCollector):
    platform = "forgejo"


COLLECTOR = ForgejoCollector()
