"""Read a picture file (a photo, a scan, a drawing from another program) as a grayscale image.

Pillow decodes the file (`playground.files.picture`), after its guards: files over MAX_BYTES are
refused unread, and pictures over MAX_PIXELS are refused from the size in their header by
Pillow's decompression-bomb guard set to our limit. PNG, JPEG, GIF and BMP are accepted, and a
photo's EXIF orientation is applied so a phone picture taken sideways reads upright.

Transparent pixels are painted with the picture's background. When the border is mostly opaque
the background is the border's typical brightness (a white card with rounded transparent corners
stays a white card). When the border is transparent, the transparency *is* the background, and
it is given the brightness opposite to the ink, so a black digit on a transparent field reads as
black on white and a white one as white on black. Deciding which side is ink, and inverting a
light background, is `fit_image`'s job.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from playground.core.data.preprocess import fit_image
from playground.files.picture import PictureError, decode, read_bytes

MAX_BYTES = 20 * 2**20
MAX_PIXELS = 40_000_000
FORMATS = "PNG, JPEG, GIF or BMP"
# ITU-R BT.601 weights: how bright red, green and blue look to a person
LUMA = np.array([0.299, 0.587, 0.114], np.float32) / np.float32(255)


class ImageFileError(ValueError):
    """A picture file that cannot be used; the one-line message names the file and says why."""


def read_gray(path: Path) -> np.ndarray:
    """The picture in `path` as (height, width) float32 brightness in [0, 1], upright."""
    try:
        picture = decode(read_bytes(Path(path), MAX_BYTES), MAX_PIXELS)
        rgba = np.asarray(picture.convert("RGBA"))
    except PictureError as error:
        raise ImageFileError(f"{path}: {error}") from None
    except OSError as error:
        raise ImageFileError(f"{path}: cannot read it ({error.strerror or error})") from None
    brightness = rgba[..., :3] @ LUMA
    if not (rgba[..., 3] == 255).all():
        alpha = rgba[..., 3] * np.float32(1 / 255)
        background = _background(brightness, alpha)
        brightness = brightness * alpha + np.float32(background) * (1 - alpha)
    return np.clip(brightness, 0.0, 1.0, out=brightness)


def canvas_image(path: Path) -> np.ndarray:
    """The picture in `path` made into a (28, 28) canvas image, ink bright, centred."""
    return fit_image(read_gray(path))


def _background(brightness: np.ndarray, alpha: np.ndarray) -> float:
    """The brightness that transparent pixels take (see the module docstring)."""
    edges = (np.s_[0, :], np.s_[-1, :], np.s_[:, 0], np.s_[:, -1])
    border = np.concatenate([brightness[e] for e in edges])
    opaque = np.concatenate([alpha[e] for e in edges]) >= 0.5
    if opaque.mean() >= 0.5:
        return float(np.median(border[opaque]))
    weight = float(alpha.sum(dtype=np.float64))
    if weight == 0:
        return 0.0
    ink = float((brightness * alpha).sum(dtype=np.float64)) / weight
    return 1.0 if ink < 0.5 else 0.0
