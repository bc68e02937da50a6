"""Fetching and fingerprinting profile pictures, safely.

An avatar is fetched once through the HTTP layer (so it is cached and size-capped), decoded
with Pillow's decompression-bomb guard, and reduced to hashes (SHA-256 of the bytes, pHash
and dHash) and a small embedded thumbnail for the report.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io

from PIL import Image

from collectors.errors import CollectError
from linkage.images import MAX_IMAGE_BYTES, ImageError, open_image
from linkage.records import Avatar

THUMBNAIL_SIZE = 64


def fingerprint(data: bytes, avatar: Avatar) -> Avatar:
    """Fill in the hashes and thumbnail of ``avatar`` from the image bytes."""
    import imagehash

    image = open_image(data)
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    rgb = _flatten(image)
    avatar.sha256 = hashlib.sha256(data).hexdigest()
    avatar.phash = str(imagehash.phash(rgb))
    avatar.dhash = str(imagehash.dhash(rgb))
    avatar.thumbnail = thumbnail(rgb)
    return avatar


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background (transparent pixels would otherwise hash as black)."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def thumbnail(image: Image.Image) -> str:
    """A small JPEG data URI of the picture, for the report."""
    small = image.copy()
    small.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    buffer = io.BytesIO()
    small.save(buffer, format="JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def fetch_avatar(
    http, url: str | None, *, default: bool = False, discovered: bool = False
) -> Avatar | None:
    """Fetch and fingerprint the picture at ``url``; never raises for a bad picture.

    ``default`` marks a platform's default picture (known from its address), which the linker
    treats as no evidence. A picture that cannot be fetched or decoded keeps its ``url`` only.
    """
    if not url:
        return None
    avatar = Avatar(url=url, default=default)
    try:
        response = http.get(url, discovered=discovered, max_bytes=MAX_IMAGE_BYTES)
    except CollectError:
        return avatar
    if response.status != 200 or not response.content:
        return avatar
    with contextlib.suppress(ImageError):
        fingerprint(response.content, avatar)
    return avatar


def avatar_from_bytes(
    data: bytes, *, path: str | None = None, url: str | None = None, default: bool = False
) -> Avatar:
    """Fingerprint a picture read from an archive or a file (importers use this)."""
    avatar = Avatar(url=url, path=path, default=default)
    if len(data) > MAX_IMAGE_BYTES:
        return avatar
    with contextlib.suppress(ImageError):
        fingerprint(data, avatar)
    return avatar
