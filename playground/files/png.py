"""Sample pictures in and out: 8-bit grayscale PNGs, written and read with Pillow.

Samples are stored as PNG so any image viewer, torchvision's ImageFolder or Keras can open
them. Writing is 8-bit gray, atomically (a crash never leaves half a file), optionally with
text chunks (the name of a sample's strokes file). Reading accepts any PNG a user is likely to
drop in (every colour type, bit depth and filter, interlaced too), reduced to one gray channel
with alpha composited over black (bright ink on a dark field, as MNIST). The size guards of
`playground.files.picture` run first; anything unusable fails with a PNGError saying why.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, PngImagePlugin

from playground.files.atomic import atomic_write
from playground.files.picture import PictureError, decode, read_bytes

MAX_FILE_BYTES = 8 * 2**20  # bigger files are refused before they are read
MAX_PIXELS = 16 * 2**20  # and so are images larger than 4096 x 4096 once decompressed


class PNGError(Exception):
    """The file is not a PNG that can be read; the message says why."""


def write_png(path: Path, image: np.ndarray, text: dict[str, str] | None = None) -> None:
    """Write a 2-D uint8 array (or floats in [0, 1]) as an 8-bit grayscale PNG, atomically;
    `text` becomes tEXt chunks (key -> value) that other programs ignore."""
    image = np.asarray(image)
    if image.ndim != 2 or image.size == 0:
        raise ValueError(f"write_png needs a non-empty 2-D image, got shape {image.shape}")
    if image.dtype.kind == "f":
        if not np.isfinite(image).all():
            raise ValueError("write_png: image contains NaN or infinity")
        image = np.round(np.clip(image, 0.0, 1.0) * 255).astype(np.uint8)
    elif image.dtype != np.uint8:
        raise ValueError(f"write_png needs uint8 or float pixels, got {image.dtype}")
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(image), "L").save(
        buffer, "PNG", pnginfo=info, optimize=True
    )
    with atomic_write(Path(path)) as handle:
        handle.write(buffer.getvalue())


def read_png(path: Path) -> np.ndarray:
    """Read any PNG as uint8 (h, w) gray, alpha composited over black."""
    return read_png_text(path)[0]


def read_png_text(path: Path) -> tuple[np.ndarray, dict[str, str]]:
    """Read any PNG as in `read_png`, with its text chunks (key -> value).

    OSError (missing, unreadable, a pipe) passes through; anything else wrong is a PNGError."""
    try:
        picture = decode(read_bytes(Path(path), MAX_FILE_BYTES), MAX_PIXELS, ("PNG",))
    except PictureError as error:
        raise PNGError(str(error)) from None
    text = {k: v for k, v in picture.info.items() if isinstance(k, str) and isinstance(v, str)}
    return to_gray(picture), text


def to_gray(picture: Image.Image) -> np.ndarray:
    """uint8 gray of any Pillow image: Rec. 601 luma, transparency composited over black."""
    if picture.mode == "L" and "transparency" not in picture.info:
        return np.asarray(picture, np.uint8).copy()
    if picture.mode in ("I", "I;16", "I;16B") and "transparency" not in picture.info:
        wide = np.asarray(picture).astype(np.int64)
        return ((wide * 255 + 32767) // 65535).clip(0, 255).astype(np.uint8)
    rgba = np.asarray(picture.convert("RGBA")).astype(np.int64)
    gray = (rgba[..., :3] @ np.array([299, 587, 114]) + 500) // 1000
    return ((gray * rgba[..., 3] + 127) // 255).astype(np.uint8)
