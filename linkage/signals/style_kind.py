"""The kind of writing a sample is (commit messages, replies, chat, articles), as a few
comparable numbers: the style signal compares writing of one kind with impostors of that kind,
and weighs pairs across kinds apart."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from linkage.signals.style_features import MAX_WORDS, clean

_CODE = re.compile(
    r"`[^`]+`|\b\w+\(\)|\b[a-z]+_[a-z_]+\b|\b[a-z]+[A-Z]\w*\b|--[a-z][\w-]*|\b[\w-]+/[\w./-]+\b|\b\w+\.(?:c|h|py|js|sh|rs|go|md|txt)\b"
)
_MARKUP = re.compile(r"(?:^|\s)[@#]\w+|<url>|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_CHATTY = re.compile(
    r"\b(?:i|i'm|im|me|my|you|your|lol|haha|thanks|thx|yeah|yes|no|omg|wow|ok|okay)\b",
    re.IGNORECASE,
)
_TALK = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|me|my|you|your|you're|you've|you'd|you'll|thanks|thank|thx"
    r"|cheers)\b|\?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Kind:
    """What sort of writing a sample is, as a few comparable numbers."""

    post_words: float  # log2 of the median number of words per post
    code: float  # code-like tokens per word (identifiers, paths, options)
    markup: float  # mentions, hashtags, links and emoji per word
    chatty: float  # first/second person and chat words per word
    #: how much the writing addresses someone: "I", "you", thanks and questions per word
    #: (replies and reviews talk to a reader; commit messages and changelogs describe)
    talk: float = 0.0
    #: how many posts the writing comes from (up to the words read)
    posts: int = 0

    def distance(self, other: Kind) -> float:
        """How different two kinds are: below 2 for one kind of writing, 4 or more for clearly
        different kinds (chat replies against long messages)."""
        return math.sqrt(
            ((self.post_words - other.post_words) / 2.5) ** 2
            + ((self.code - other.code) / 0.15) ** 2
            + ((self.markup - other.markup) / 0.06) ** 2
            + ((self.chatty - other.chatty) / 0.08) ** 2
        )


def kind_of(posts: Iterable[str]) -> Kind:
    lengths: list[int] = []
    words = code = markup = chatty = talk = 0
    for post in posts:
        text = clean(post)
        count = len(text.split())
        if not count:
            continue
        lengths.append(count)
        words += count
        code += len(_CODE.findall(text))
        markup += len(_MARKUP.findall(text))
        chatty += len(_CHATTY.findall(text))
        talk += len(_TALK.findall(text))
        if words > MAX_WORDS:
            break
    if not words:
        return Kind(0.0, 0.0, 0.0, 0.0)
    lengths.sort()
    median = lengths[len(lengths) // 2]
    return Kind(
        math.log2(max(median, 1)),
        code / words,
        markup / words,
        chatty / words,
        talk / words,
        len(lengths),
    )
