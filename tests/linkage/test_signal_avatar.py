"""The avatar signal: transformed copies of one picture match, different pictures do not,
default pictures (flagged, known addresses, or drawn as generators draw) give no evidence, and
a picture that only looks generic (a person's own flat logo) gives a little.

Every picture here is made up: fixtures/avatars/ (drawn by make_avatars.py) and copies
transformed in the tests."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

from collectors.avatars import avatar_from_bytes
from linkage.records import Avatar, Profile
from linkage.signals import avatar_image, avatar_look
from linkage.signals.avatar import GENERIC_BITS, AvatarSignal, exact_bits, tables
from linkage.signals.avatar_defaults import default_url

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "avatars"
DEFAULT_LOOKING = [
    "silhouette.png",
    "identicon.png",
    "rotation_identicon.png",
    "egg.png",
]


def drawer():
    """fixtures/avatars/make_avatars.py, the script that draws the fixture pictures."""
    spec = importlib.util.spec_from_file_location("make_avatars", FIXTURES / "make_avatars.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(name: str) -> Image.Image:
    return Image.open(FIXTURES / name).convert("RGB")


def save(image: Image.Image, path: Path, **options) -> str:
    image.save(path, **options)
    return str(path)


def profile(pid: str, **avatar) -> Profile:
    platform, handle = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=handle, avatar=Avatar(**avatar))


def jpeg(image: Image.Image, side: int, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.resize((side, side)).save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def circle_on_white(image: Image.Image) -> Image.Image:
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse([0, 0, image.size[0] - 1, image.size[1] - 1], fill=255)
    out = Image.new("RGB", image.size, (255, 255, 255))
    out.paste(image, mask=mask)
    return out


def crop(image: Image.Image, share: float) -> Image.Image:
    w, h = image.size
    return image.crop((int(w * share), int(h * share), int(w * (1 - share)), int(h * (1 - share))))


TRANSFORMS = {
    "mirror": ImageOps.mirror,
    "grey": lambda im: im.convert("L").convert("RGB"),
    "jpeg96": lambda im: jpeg(im, 96, 70),
    "crop8": lambda im: crop(im, 0.08),
    "circle": circle_on_white,
    "tone": lambda im: ImageEnhance.Contrast(ImageEnhance.Brightness(im).enhance(1.2)).enhance(0.8),
    "large": lambda im: im.resize((460, 460)),
}


def compare(tmp_path: Path, first: Image.Image, second: Image.Image, **kw):
    a = profile("github:a", path=save(first, tmp_path / "a.png"))
    b = profile("reddit:b", path=save(second, tmp_path / "b.png"))
    signal = AvatarSignal()
    signal.prepare([a, b])
    return signal.compare(a, b)


@pytest.mark.parametrize("kind", sorted(TRANSFORMS))
def test_transformed_copies_are_the_same_picture(kind, tmp_path):
    original = load("photo_a.jpg")
    found = compare(tmp_path, original, TRANSFORMS[kind](original))
    assert found is not None and found.match_weight >= 9
    assert "same avatar picture" in found.detail


def test_two_transformed_copies_match_each_other(tmp_path):
    original = load("photo_b.jpg")
    first = circle_on_white(ImageOps.mirror(original))
    second = jpeg(crop(original, 0.06).convert("L").convert("RGB"), 96, 70)
    assert compare(tmp_path, first, second).match_weight >= 9


def test_different_pictures_are_compared_but_give_no_evidence(tmp_path):
    found = compare(tmp_path, load("photo_a.jpg"), load("photo_b.jpg"))
    assert found is not None and found.match_weight == 0
    assert found.detail.startswith("different avatar pictures")


def test_identical_file_is_strongest(tmp_path):
    path = str(FIXTURES / "photo_a.jpg")
    a, b = profile("github:a", path=path), profile("reddit:b", path=path)
    signal = AvatarSignal()
    signal.prepare([a, b])
    found = signal.compare(a, b)
    assert found.match_weight == pytest.approx(exact_bits())
    assert signal.max_bits >= found.match_weight > 12
    assert "same avatar image file" in found.detail


@pytest.mark.parametrize("name", DEFAULT_LOOKING)
def test_default_looking_pictures_give_no_evidence(name, tmp_path):
    picture = load(name)
    both = compare(tmp_path, picture, jpeg(picture, 96, 70))
    assert both is not None and both.match_weight == 0
    assert "default picture" in both.detail
    assert compare(tmp_path, picture, load("photo_a.jpg")) is None


def mark(side: int = 240) -> Image.Image:
    """A made-up personal logo: a black, lopsided animal-like shape on white (flat, two
    colours, not symmetric)."""
    image = Image.new("RGB", (side, side), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    s = side / 240
    draw.ellipse([40 * s, 80 * s, 170 * s, 150 * s], fill=(0, 0, 0))  # body
    draw.polygon([(150 * s, 90 * s), (200 * s, 40 * s), (215 * s, 70 * s)], fill=(0, 0, 0))
    for x in (55, 80, 140, 160):  # legs
        draw.rectangle([x * s, 140 * s, (x + 8) * s, 215 * s], fill=(0, 0, 0))
    draw.line([(40 * s, 100 * s), (10 * s, 170 * s)], fill=(0, 0, 0), width=int(6 * s))
    return image


def checkers(side: int = 240, cells: int = 6) -> Image.Image:
    """A flat pattern symmetric under a half turn only."""
    image = Image.new("RGB", (side, side), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    step = side / cells
    for row in range(cells):
        for col in range(cells):
            if (row + col) % 2:
                draw.rectangle(
                    [col * step, row * step, (col + 1) * step - 1, (row + 1) * step - 1],
                    fill=(0, 0, 0),
                )
    return image


@pytest.mark.parametrize("picture", [load("letter.png"), mark(), checkers()])
def test_generic_looking_personal_pictures_count_for_little(picture, tmp_path):
    """A reused flat logo (initials, a drawn animal, a pattern) is not a platform default:
    it counts for little, not nothing; two different such logos count nothing."""
    look = avatar_look.appearance(picture)
    assert avatar_look.looks_generic(look) is not None
    assert avatar_look.looks_default(look) is None
    for kind in ("jpeg96", "circle", "mirror", "large"):
        found = compare(tmp_path, picture, TRANSFORMS[kind](picture))
        assert found is not None and found.match_weight == pytest.approx(GENERIC_BITS), kind
        assert "counts for little" in found.detail
    assert 0 < GENERIC_BITS < 2
    other = compare(tmp_path, picture, load("silhouette.png"))
    assert other is None  # the silhouette is a default: nothing to compare


def texture(seed: int, side: int = 512) -> Image.Image:
    """A made-up fine texture (grain of pebbles under light falling off to one side)."""
    rng = np.random.default_rng(seed)
    grain = rng.normal(0, 1, (side // 4, side // 4))
    pebbles = np.kron(grain, np.ones((4, 4)))
    light = np.linspace(1.0, 0.8, side)[None, :]
    pixels = np.clip(128 + 45 * pebbles * light, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels).convert("RGB").filter(ImageFilter.GaussianBlur(1))


def test_two_crops_of_one_texture_count_for_little(tmp_path):
    """Different crops of one texture hash alike (the light, not the grain): little evidence."""
    whole = texture(3)
    left, right = whole.crop((0, 0, 300, 300)), whole.crop((200, 200, 500, 500))
    look = avatar_look.appearance(left)
    assert avatar_look.looks_generic(look) == "a fine texture"
    assert avatar_look.looks_default(look) is None
    found = compare(tmp_path, left, right)
    assert found is not None and 0 <= found.match_weight <= GENERIC_BITS


def test_two_letter_avatars_are_not_said_to_be_the_same_picture(tmp_path):
    """Flat drawings hash alike: an R and a P on one colour were "the same avatar picture,
    allowing for resizing …". They count for little, said as what the hashes can tell."""
    letters = drawer().letter
    found = compare(tmp_path, letters("R"), letters("P"))
    assert found is not None and found.match_weight == pytest.approx(GENERIC_BITS)
    assert found.detail.startswith("alike avatar pictures (hash distance ")
    assert "the same" not in found.detail and "counts for little" in found.detail


def test_two_different_generic_logos_give_nothing(tmp_path):
    found = compare(tmp_path, mark(), load("letter.png"))
    assert found is not None and found.match_weight == 0


def test_ten_strangers_with_one_default_picture_are_not_linked(tmp_path):
    path = save(load("silhouette.png"), tmp_path / "default.png")
    people = [profile(f"site{i}:user{i}", path=path) for i in range(10)]
    signal = AvatarSignal()
    signal.prepare(people)
    weights = {signal.compare(a, b).match_weight for a in people for b in people if a is not b}
    assert weights == {0.0}


@pytest.mark.parametrize("name", ["photo_a.jpg", "photo_b.jpg"])
def test_photographs_do_not_look_like_defaults(name):
    for kind in ("mirror", "grey", "jpeg96", "circle"):
        picture = TRANSFORMS[kind](load(name))
        assert avatar_look.looks_generic(avatar_look.appearance(picture)) is None


def test_default_flag_and_addresses(tmp_path):
    photo = str(FIXTURES / "photo_a.jpg")
    flagged = profile("mastodon:a@x.example", path=photo, default=True)
    other = profile("github:b", path=photo)
    signal = AvatarSignal()
    signal.prepare([flagged, other])
    assert signal.compare(flagged, other) is None
    for url in (
        "https://files.example.social/avatars/original/missing.png",
        "https://www.redditstatic.com/avatars/defaults/v2/avatar_default_3.png",
        "https://abs.twimg.com/sticky/default_profile_images/default_profile_400x400.png",
        "https://ui-avatars.com/api/?name=Ada+Example",
        "https://api.dicebear.com/7.x/identicon/svg?seed=ada",
        "https://www.gravatar.com/avatar/00000000000000000000000000000000?d=mp&f=y",
        "https://secure.gravatar.com/avatar/d41d8cd98f00b204e9800998ecf8427e?s=80",
        "https://github.com/identicons/someone.png",
        "https://gitlab.com/assets/no_avatar-849f9c04a3a0d0cea2424ae97b27447dc64a7dbfae83c036c45b403392f0e8ba.png",
        "https://codeberg.org/assets/img/avatar_default.png",
        "https://a.slack-edge.com/80588/img/avatars/ava_0022-512.png",
        "https://avatar.vercel.sh/ada.svg?text=AE",
        "https://initials.me/api/AE",
        "https://api.multiavatar.com/ada.png",
        "https://i.pravatar.cc/300?u=ada",
    ):
        assert default_url(url), url
    for url in (
        "https://avatars.githubusercontent.com/u/583231?v=4",
        "https://www.gravatar.com/avatar/205e460b479e2e5b48aec07710c08d50?d=identicon",
        "https://gitlab.com/uploads/-/system/user/avatar/4100001/avatar.png",
        "https://codeberg.org/avatars/8d0c2a7f4b1e9d3c5a6f7e8b9c0d1e2f",
        "https://files.example.social/accounts/avatars/000/001/original/photo.jpg",
        None,
        "not a url at all",
    ):
        assert default_url(url) is None, url
    by_address = profile(
        "mastodon:c@x.example", url="https://x.example/avatars/original/missing.png", path=photo
    )
    signal.prepare([by_address, other])
    assert signal.compare(by_address, other) is None


def test_missing_corrupt_and_oversized_pictures(tmp_path):
    corrupt = tmp_path / "corrupt.png"
    corrupt.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really a picture" * 10)
    truncated = tmp_path / "truncated.jpg"
    truncated.write_bytes((FIXTURES / "photo_a.jpg").read_bytes()[:300])
    bomb = tmp_path / "bomb.png"
    Image.new("1", (5200, 5200)).save(bomb)  # 27 million pixels: refused by the guard
    good = profile("github:good", path=str(FIXTURES / "photo_a.jpg"))
    broken = [
        profile("reddit:missing", path=str(tmp_path / "nowhere.png")),
        profile("reddit:corrupt", path=str(corrupt)),
        profile("reddit:truncated", path=str(truncated)),
        profile("reddit:bomb", path=str(bomb)),
        profile("reddit:empty"),
        Profile(id="reddit:none", platform="reddit", handle="none"),
    ]
    signal = AvatarSignal()
    signal.prepare([good, *broken])
    for other in broken:
        assert signal.compare(good, other) is None
        assert signal.compare(other, other) is None


def test_records_with_only_the_collectors_hashes(tmp_path):
    def collected(image: Image.Image) -> Avatar:
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        avatar = avatar_from_bytes(buffer.getvalue())
        return Avatar(sha256=avatar.sha256, phash=avatar.phash, dhash=avatar.dhash)

    a_image = load("photo_a.jpg")
    a = Profile(id="x:a", platform="x", handle="a", avatar=collected(a_image))
    same = Profile(id="x:b", platform="x", handle="b", avatar=collected(jpeg(a_image, 128, 75)))
    other = Profile(id="x:c", platform="x", handle="c", avatar=collected(load("photo_b.jpg")))
    signal = AvatarSignal()
    signal.prepare([a, same, other])
    assert signal.compare(a, same).match_weight > 6
    assert signal.compare(a, other).match_weight == 0
    assert "of 128" in signal.compare(a, other).detail


def test_collected_thumbnail_matches_a_local_file(tmp_path):
    buffer = io.BytesIO()
    load("photo_b.jpg").save(buffer, "PNG")
    collected = avatar_from_bytes(buffer.getvalue(), url="https://cdn.example/b.png")
    assert collected.thumbnail
    remote = Profile(id="x:remote", platform="x", handle="remote", avatar=collected)
    local = profile(
        "web:local", path=save(ImageOps.mirror(load("photo_b.jpg")), tmp_path / "m.png")
    )
    signal = AvatarSignal()
    signal.prepare([remote, local])
    assert signal.compare(remote, local).match_weight >= 9


def test_picture_shown_by_many_profiles_of_a_large_input(tmp_path):
    photo_like = drawer().photo_like
    shared = save(load("photo_a.jpg"), tmp_path / "stock.png")
    crowd = [profile(f"forum:shared{i}", path=shared) for i in range(9)]
    others = []
    for i in range(45):
        others.append(
            profile(f"forum:own{i}", path=save(photo_like(100 + i, 96), tmp_path / f"o{i}.png"))
        )
    signal = AvatarSignal()
    signal.prepare(crowd + others)
    found = signal.compare(crowd[0], crowd[1])
    assert found.match_weight == 0 and "shown by 9 accounts" in found.detail
    assert signal.compare(crowd[0], others[0]).match_weight == 0
    small = AvatarSignal()  # a ten-account audit has no crowd to count: the picture counts
    small.prepare(crowd[:3])
    assert small.compare(crowd[0], crowd[1]).match_weight > 12


def test_weight_table_is_monotone_and_bounded():
    data = json.loads(
        (Path(avatar_image.__file__).parents[1] / "data" / "avatar_weights.json").read_text()
    )
    for name in ("variants", "plain"):
        bits = [row["bits"] for row in data[name]]
        assert bits == sorted(bits, reverse=True)
        assert max(bits) <= 12 and min(bits) == 0
        assert all(row["raw_bits"] >= row["bits"] or row["bits"] == 0 for row in data[name])
    variants, plain = tables()
    assert variants.weight(0.0) > variants.weight(0.2) > variants.weight(0.45)
    assert plain.weight(0.0) > plain.weight(0.45)


def test_hash_distance_is_symmetric_and_mirror_blind():
    a = load("photo_a.jpg")
    ha, hm = avatar_image.hash_variants(a), avatar_image.hash_variants(ImageOps.mirror(a))
    hb = avatar_image.hash_variants(load("photo_b.jpg"))
    assert avatar_image.distance(ha, hm) <= 0.03
    assert avatar_image.distance(ha, hb) == avatar_image.distance(hb, ha) > 0.2
    matrix = avatar_image.distance_matrix(np.stack([ha, hm, hb]))
    assert matrix[0, 2] == pytest.approx(avatar_image.distance(ha, hb))
