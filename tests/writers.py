"""Fictional writers for tests of the style signal on larger inputs: each has fixed habits
(favourite sentence frames, an opener, an ending, a spelling, a casing) and writes about topics
drawn afresh for every post; each has two accounts."""

from __future__ import annotations

import random
from collections.abc import Sequence

from linkage.records import Post, Profile

NOUNS = [
    "parser",
    "cache",
    "index",
    "buffer",
    "config",
    "option",
    "helper",
    "test",
    "script",
    "message",
    "header",
    "branch",
    "commit",
    "diff",
    "patch",
    "merge",
    "remote",
    "tag",
    "hook",
    "format",
    "path",
    "file",
    "directory",
    "stream",
    "signal",
    "thread",
    "lock",
    "queue",
    "timer",
    "socket",
    "request",
    "response",
    "error",
    "warning",
    "report",
    "table",
    "column",
    "filter",
    "sort",
]
FRAMES = (
    "Teach the {a} to handle an empty {b} without complaining.",
    "When the {a} is missing we used to crash in the {b}; now we return early instead.",
    "It turns out that the {a} never looked at the {b} at all, which is why this broke.",
    "This is a preparatory step for a larger rework of the {a} and the {b}.",
    "Since the {a} may be shared, we copy it before touching the {b}.",
    "There is no reason to keep the {a} around once the {b} has been written.",
    "Instead of parsing the {a} twice, remember the result in the {b}.",
    "The old {a} code path is unused since we switched to the {b}, so drop it.",
    "Let the caller decide whether the {a} should be flushed after the {b}.",
    "Noticed while looking at the {a}: the {b} was leaked on the error path.",
    "Avoid quadratic behaviour in the {a} when the {b} is large.",
    "Document why the {a} has to run before the {b}, as it is not obvious.",
    "We can simplify the {a} considerably now that the {b} is always set.",
    "Add a test for the {a} so that the {b} regression does not come back.",
    "Move the {a} into its own function; the {b} logic stays as it was.",
    "Rename the {a} to match the {b}, which is what everybody calls it anyway.",
)
OPENERS = ("", "So ", "Also, ", "Note that ", "Hmm, ", "In short: ", "FWIW ", "Basically ")
ENDINGS = ("", " Thanks!", " :)", " (hopefully)", " -- fingers crossed", " Cheers.", "!!", " ;-)")
SPELLING = (("colour", "behaviour", "optimise"), ("color", "behavior", "optimize"))


def writer(habits: int, seed: int, sentences: int = 40) -> list[str]:
    """A fictional writer: a few favourite sentence frames, an opener, an ending, a spelling
    and a casing habit, about topics drawn afresh for every post."""
    pick = random.Random(habits)
    frames = pick.sample(FRAMES, 4)
    opener, ending = pick.choice(OPENERS), pick.choice(ENDINGS)
    colour, behaviour, optimise = pick.choice(SPELLING)
    lower = pick.random() < 0.5
    rng = random.Random(seed)
    posts = []
    for _ in range(sentences):
        a, b = rng.sample(NOUNS, 2)
        text = opener + rng.choice(frames).format(a=a, b=b) + ending
        text = text.replace("behaviour", behaviour) + f" No {colour} change; {optimise} later."
        posts.append(text.lower() if lower else text)
    return posts


def account(pid: str, posts: Sequence[str]) -> Profile:
    platform, handle = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=handle, posts=[Post(text=t) for t in posts])


def handle(i: int) -> str:
    rng = random.Random(1000 + i)
    return "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(9))


def writers(count: int, shared_handles: int) -> list[Profile]:
    """``count`` writers with two accounts each; the first ``shared_handles`` use one rare
    handle on both, the others unrelated random handles."""
    profiles = []
    for i in range(count):
        first = handle(i)
        second = first if i < shared_handles else handle(500 + i)
        profiles.append(account(f"github:{first}", writer(i, 2 * i)))
        profiles.append(account(f"reddit:{second}", writer(i, 2 * i + 1)))
    return profiles
