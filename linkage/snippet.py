"""A text shortened for people to read: cut at a word before a limit, with an ellipsis, so a
shortened bio or address never ends mid-word as if that were what it says."""

from __future__ import annotations


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary before ``limit`` characters, with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"
