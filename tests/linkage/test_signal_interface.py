"""Every signal keeps the shared interface: re-preparing a changed profile replaces its features,
an empty profile gives nothing (or a neutral answer), and weights stay within the signal's bound."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from linkage.records import Avatar, Post, Profile
from linkage.signals import default_signals


def picture(tmp_path, name: str, colour: tuple[int, int, int]) -> str:
    image = Image.new("RGB", (64, 64), (250, 250, 250))
    for x in range(8, 56):
        for y in range(8, 40):
            image.putpixel((x, y), colour)
    image.putpixel((20, 50), (10, 10, 10))
    path = tmp_path / name
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def rich(pid: str, tmp_path, **kw) -> Profile:
    platform, handle = pid.split(":", 1)
    posts = [
        Post(
            f"Honestly, a wee bit of rain never stopped a walk; number {i} of many, with tea.",
            f"2026-10-{i + 1:02d}T19:{i:02d}:00Z",
        )
        for i in range(20)
    ]
    values = dict(
        id=pid,
        platform=platform,
        handle=handle,
        url=f"https://{platform}.example/{handle}",
        display_name="Morag Finlay",
        bio="Metadata librarian in Eastfield. Knitting and hill walks.",
        location="Eastfield",
        links=["https://morag.example.org/"],
        avatar=Avatar(path=picture(tmp_path, f"{platform}.png", (30, 120, 90))),
        posts=posts,
    )
    values.update(kw)
    return Profile(**values)


@pytest.mark.parametrize("signal_name", [s.name for s in default_signals()])
def test_reprepare_replaces_features(signal_name, tmp_path):
    a = rich("github:mfinlay", tmp_path)
    b = rich("reddit:mfinlay", tmp_path)
    emptied = Profile(id=a.id, platform=a.platform, handle="zz9plural", url=a.url)
    signal = next(s for s in default_signals() if s.name == signal_name)
    signal.prepare([a, b])
    signal.compare(a, b)
    signal.prepare([emptied])
    again = signal.compare(emptied, b)
    fresh = next(s for s in default_signals() if s.name == signal_name)
    fresh.prepare([emptied, b])
    expected = fresh.compare(emptied, b)
    assert (again is None) == (expected is None)
    if again is not None:
        assert again.match_weight == pytest.approx(expected.match_weight)


@pytest.mark.parametrize("signal_name", [s.name for s in default_signals()])
def test_empty_profiles_and_bounds(signal_name, tmp_path):
    signal = next(s for s in default_signals() if s.name == signal_name)
    empty_a = Profile(id="github:a1", platform="github", handle="a1")
    empty_b = Profile(id="reddit:b2", platform="reddit", handle="b2")
    signal.prepare([empty_a, empty_b])
    found = signal.compare(empty_a, empty_b)
    assert (
        found is None or abs(found.match_weight) <= 3.0
    )  # little to say about near-empty accounts
    a, b = rich("github:mfinlay", tmp_path), rich("reddit:mfinlay", tmp_path)
    signal.prepare([a, b])
    found = signal.compare(a, b)
    if found is not None:
        assert abs(found.match_weight) <= signal.max_bits + 1e-9
        assert found.detail and found.signal == signal.name
