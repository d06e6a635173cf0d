"""Open a picture file a user handed over with Pillow, with the size guards in front of it.

A small file can unpack into a huge picture, so two guards run before any pixel is decoded:
files over `max_bytes` are refused unread, and Pillow's decompression-bomb guard, with our own
pixel limit set explicitly (not Pillow's default), refuses pictures with too many pixels from
the size in their header. Phone photos store "turn me" in EXIF rather than turning the pixels,
so the EXIF orientation is applied and the picture comes back upright.

Errors are PictureError with a reason only; callers add the file name the way they name files.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from playground.files.user_file import open_regular

FORMATS = ("PNG", "JPEG", "GIF", "BMP")


class PictureError(ValueError):
    """The file is not a picture that can be used; the message says why (without the path)."""


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refused (PictureError) if it is over `max_bytes`; OSError passes."""
    with open_regular(path) as handle:  # a pipe dropped by mistake must not freeze the app
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise PictureError(
                f"the file is {size / 2**20:.1f} MB, over the {max_bytes >> 20} MB limit"
            )
        data = handle.read(min(size, max_bytes) + 1)  # not a max_bytes buffer per small file
    if len(data) > max_bytes:
        raise PictureError(f"the file is over the {max_bytes >> 20} MB limit")
    return data


def decode(data: bytes, max_pixels: int, formats: tuple[str, ...] = FORMATS) -> Image.Image:
    """Decode picture bytes into a loaded, upright Pillow image (PictureError if unusable)."""
    Image.MAX_IMAGE_PIXELS = max_pixels  # our limit, not Pillow's default
    image = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(formats))
            width, height = image.size
            if width * height > max_pixels:  # the header's size, before decoding
                raise Image.DecompressionBombError(f"{width}x{height}")
            if width * height == 0:
                raise PictureError("the picture has no pixels")
            Image.open(io.BytesIO(data), formats=list(formats)).verify()  # CRCs, truncation
            image.load()
            return ImageOps.exif_transpose(image) or image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        if image is not None:  # refused by our check on the header's size
            size = "{}x{} pixels".format(*image.size)
        else:  # refused by Pillow's guard inside open(), which names the pixel count
            found = re.search(r"\((\d+) pixels\)", str(error))
            size = f"{found.group(1)} pixels" if found else "the picture"
        raise PictureError(
            f"{size} is too large; the limit is {max_pixels / 1_000_000:g} megapixels"
        ) from None
    except UnidentifiedImageError:
        raise PictureError(
            f"not a readable {', '.join(formats)} image (damaged, truncated or not a picture)"
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError) as error:
        if isinstance(error, PictureError):
            raise
        raise PictureError(f"damaged or truncated ({error})") from None
