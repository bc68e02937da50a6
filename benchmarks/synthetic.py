"""Synthetic fictional profiles for speed benchmarks: people with 1–4 accounts each.

Names are made of random syllables (no real person), handles are derived the way people derive
them (reuse, separators, digits, invented), some accounts link to each other or to a personal
site, bios are filled from templates, writing from a small vocabulary, and pictures are given
as hashes (exact copies and near copies across one person's accounts).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from linkage.records import Avatar, Collected, Post, Profile

SYLLABLES = [c + v for c in "bdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")] + [
    "ren",
    "dar",
    "wyn",
    "tor",
    "mel",
    "quo",
    "sil",
    "bran",
    "cor",
    "fen",
]
PLATFORMS = [
    "github",
    "reddit",
    "mastodon",
    "hackernews",
    "bluesky",
    "keybase",
    "devto",
    "lobsters",
]
WORDS = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "it",
    "for",
    "on",
    "that",
    "with",
    "this",
    "was",
    "as",
    "be",
    "at",
    "by",
    "not",
    "we",
    "fix",
    "add",
    "change",
    "update",
    "remove",
    "make",
    "use",
    "test",
    "build",
    "data",
    "file",
    "code",
    "note",
    "new",
    "old",
    "more",
    "less",
    "again",
    "still",
    "really",
    "quite",
    "just",
    "maybe",
    "think",
    "walk",
    "tea",
    "bird",
    "map",
    "train",
    "garden",
    "book",
    "music",
    "river",
    "hill",
    "town",
    "library",
    "council",
    "office",
    "project",
    "release",
]
JOBS = [
    "data analyst",
    "librarian",
    "teacher",
    "nurse",
    "engineer",
    "planner",
    "archivist",
    "designer",
    "paramedic",
    "surveyor",
    "translator",
    "economist",
    "curator",
    "pharmacist",
    "geologist",
    "auditor",
    "midwife",
    "ecologist",
    "statistician",
    "cartographer",
    "radiographer",
    "conservator",
    "hydrologist",
    "actuary",
    "ranger",
    "registrar",
]
TOWNS = [
    stem + suffix
    for stem in (
        "Ash",
        "Brack",
        "Cold",
        "Dun",
        "Elm",
        "Fair",
        "Glen",
        "Hol",
        "Ing",
        "Kel",
        "Lang",
        "Mar",
    )
    for suffix in ("field", "moor", "bridge", "holm", "ford", "wick", "ton")
]
HOBBIES = [
    "knitting",
    "birdwatching",
    "cycling",
    "chess",
    "baking",
    "climbing",
    "synths",
    "gardening",
    "pottery",
    "rowing",
    "astronomy",
    "calligraphy",
    "orienteering",
    "beekeeping",
    "bouldering",
    "fencing",
    "origami",
    "kayaking",
    "woodturning",
    "genealogy",
    "foraging",
    "letterpress",
    "bell-ringing",
    "canoeing",
    "quilting",
    "falconry",
]


BIO_FORMS = [
    "{job} in {town}",
    "{hobby} and {job} stuff",
    "{town} born. {hobby}.",
    "{job}. Views my own.",
    "I like {hobby}",
    "{town}",
]


def _name(rng: random.Random) -> tuple[str, str]:
    first = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    last = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return first, last


def _handle(rng: random.Random, first: str, last: str, base: str | None) -> str:
    f, last_ = first.lower(), last.lower()
    forms = [
        f"{f}{last_}",
        f"{f}.{last_}",
        f"{f}_{last_}",
        f"{f[0]}{last_}",
        f"{f}{rng.randint(1, 99)}",
        f"{last_}{f}",
    ]
    if base is not None and rng.random() < 0.5:
        return base if rng.random() < 0.6 else base + str(rng.randint(1, 9))
    if rng.random() < 0.3:
        return "".join(rng.choice(SYLLABLES) for _ in range(4))  # an invented handle
    return rng.choice(forms)


def _hash(rng: random.Random) -> str:
    return f"{rng.getrandbits(64):016x}"


def _near(rng: random.Random, value: str, flips: int) -> str:
    number = int(value, 16)
    for _ in range(flips):
        number ^= 1 << rng.randrange(64)
    return f"{number:016x}"


def profiles(count: int, seed: int = 1, posts: int = 8) -> Iterator[Profile]:
    """About ``count`` fictional profiles (people with 1–4 accounts each)."""
    rng = random.Random(seed)
    made = 0
    person = 0
    while made < count:
        person += 1
        first, last = _name(rng)
        job, town, hobby = rng.choice(JOBS), rng.choice(TOWNS), rng.choice(HOBBIES)
        site = (
            f"https://{first.lower()}{last.lower()}{person}.example.net/"
            if rng.random() < 0.3
            else None
        )
        picture, picture_d = _hash(rng), _hash(rng)
        base = None
        for k in range(min(rng.randint(1, 4), count - made)):
            platform = PLATFORMS[(person + k) % len(PLATFORMS)]
            handle = _handle(rng, first, last, base)
            base = base or handle
            pid = f"{platform}:{handle}-{person}" if rng.random() < 0.02 else f"{platform}:{handle}"
            links = [site] if site and rng.random() < 0.5 else []
            avatar = None
            if rng.random() < 0.7:
                same = rng.random() < 0.6
                avatar = Avatar(
                    sha256=None,
                    phash=picture if same else _near(rng, picture, rng.randint(0, 6)),
                    dhash=picture_d if same else _near(rng, picture_d, rng.randint(0, 6)),
                )
            text = [
                Post(
                    text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))),
                    created_at=f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
                )
                for _ in range(posts)
            ]
            yield Profile(
                id=f"{pid}#{made}" if made and rng.random() < 0 else pid,
                platform=platform,
                handle=handle,
                url=None,
                persona="personal" if k % 2 else "professional",
                display_name=f"{first} {last}" if rng.random() < 0.6 else None,
                bio=rng.choice(BIO_FORMS).format(job=job, town=town, hobby=hobby)
                if rng.random() < 0.6
                else None,
                links=links,
                avatar=avatar,
                posts=text,
                collected=Collected(collector=platform, at="2026-11-24T00:00:00Z"),
            )
            made += 1


def unique(profiles_: Iterator[Profile]) -> list[Profile]:
    seen: set[str] = set()
    out = []
    for profile in profiles_:
        if profile.id in seen:
            profile.id = f"{profile.id}~{len(out)}"
        seen.add(profile.id)
        out.append(profile)
    return out
