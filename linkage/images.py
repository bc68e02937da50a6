"""Decoding pictures safely: a size cap on the bytes, a pixel cap on the decoded image; and
the central square of a picture at a given size (:func:`square`).

Pure (no network): the collectors decode the pictures they fetch with it, the picture signal
the thumbnails it compares. Pillow's decompression-bomb warning is turned into a hard error.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000

Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


class ImageError(ValueError):
    """The bytes are not a usable picture."""


def open_image(data: bytes) -> Image.Image:
    """Decode image bytes with the decompression-bomb guard turned into a hard error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageError(f"the picture is implausibly large ({exc})") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ImageError(f"not a picture that can be read ({exc.__class__.__name__})") from None
    return image


def square(image: Image.Image, side: int) -> Image.Image:
    """The central square of ``image``, resized to ``side`` pixels."""
    w, h = image.size
    if w == h == side:
        return image
    s = min(w, h)
    left, top = (w - s) // 2, (h - s) // 2
    box: tuple[int, int, int, int] | None = (left, top, left + s, top + s)
    if s > 4 * side:  # shrink cheaply first (a large photo)
        image = image.reduce(s // (2 * side), box=box)
        box = None
    return image.resize((side, side), Image.Resampling.LANCZOS, box=box)
