"""What a running linkage keeps in memory of the text it read (names, bios, addresses), so
that reading an account's versions again is quick, and forgetting it: the app runs for hours,
and "Forget everything about these accounts" leaves none of their words behind in it."""

from __future__ import annotations


def forget_read_text() -> None:
    """Empty every in-memory store of the engine's of what was read from profiles (the
    report's own, :func:`reports.text.forget_read`, is emptied by whoever wrote reports)."""
    from linkage import urls
    from linkage.signals import bio, names_features, names_forms

    bio.forget_read()
    names_features.forget_read()
    names_forms.forget_read()
    urls.forget_read()
