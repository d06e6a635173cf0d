"""Read a picture file (a photo, a scan, a drawing from another program) as a grayscale image.

pygame decodes the file, so no imaging library is needed and it works without a window. It lives
outside `data/` because `data/` never imports pygame.

A small file can unpack into a huge picture, so two guards run before anything is decoded: files
over MAX_BYTES are refused, and the width and height are read from the file's own header and
pictures over MAX_PIXELS are refused. That header check is why only PNG, JPEG, GIF and BMP are
accepted: for them the size is known before decoding.

Transparent pixels are painted with the picture's background. When the border is mostly opaque
the background is the border's typical brightness (a white card with rounded transparent corners
stays a white card). When the border is transparent, the transparency *is* the background, and
it is given the brightness opposite to the ink, so a black digit on a transparent field reads as
black on white and a white one as white on black. Deciding which side is ink, and inverting a
light background, is `fit_image`'s job.
"""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path

import numpy as np
import pygame

from playground.data.preprocess import fit_image
from playground.data.user_file import open_regular

MAX_BYTES = 20 * 2**20
MAX_PIXELS = 40_000_000
FORMATS = "PNG, JPEG, GIF or BMP"
# ITU-R BT.601 weights: how bright red, green and blue look to a person
LUMA = np.array([0.299, 0.587, 0.114], np.float32) / np.float32(255)
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class ImageFileError(ValueError):
    """A picture file that cannot be used; the one-line message names the file and says why."""


def read_gray(path: Path) -> np.ndarray:
    """The picture in `path` as (height, width) float32 brightness in [0, 1]."""
    data = _read_bytes(path)
    try:
        kind, width, height = _header_size(data)
    except (ValueError, struct.error, IndexError):
        raise ImageFileError(f"{path}: not a readable {FORMATS} image") from None
    if width * height > MAX_PIXELS:
        raise ImageFileError(
            f"{path}: {width}x{height} pixels is too large; the limit is "
            f"{MAX_PIXELS // 1_000_000} megapixels"
        )
    try:
        surface = pygame.image.load(io.BytesIO(data), f"picture.{kind}")
    except pygame.error as error:
        raise ImageFileError(f"{path}: not a readable {kind.upper()} image ({error})") from None
    width, height = surface.get_size()
    if width * height == 0:
        raise ImageFileError(f"{path}: the picture has no pixels")
    rgba = np.frombuffer(pygame.image.tobytes(surface, "RGBA"), np.uint8).reshape(height, width, 4)
    brightness = rgba[..., :3] @ LUMA
    if not (rgba[..., 3] == 255).all():
        alpha = rgba[..., 3] * np.float32(1 / 255)
        background = _background(brightness, alpha)
        brightness = brightness * alpha + np.float32(background) * (1 - alpha)
    return np.clip(brightness, 0.0, 1.0, out=brightness)


def canvas_image(path: Path) -> np.ndarray:
    """The picture in `path` made into a (28, 28) canvas image, ink bright, centred."""
    return fit_image(read_gray(path))


def _read_bytes(path: Path) -> bytes:
    try:
        with open_regular(path) as handle:  # a pipe dropped by mistake must not freeze the app
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                raise ImageFileError(
                    f"{path}: the file is {size / 2**20:.0f} MB; pictures over "
                    f"{MAX_BYTES >> 20} MB are refused"
                )
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise ImageFileError(f"{path}: cannot read it ({error.strerror or error})") from None


def _header_size(data: bytes) -> tuple[str, int, int]:
    """(format, width, height) from the file header, before any pixel is decoded."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return "png", width, height
    if data.startswith(b"\xff\xd8"):
        return ("jpg", *_jpeg_size(data))
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return ("gif", *_gif_size(data))
    if data.startswith(b"BM"):
        if struct.unpack("<I", data[14:18])[0] == 12:  # the old OS/2 header: 16-bit sizes
            width, height = struct.unpack("<HH", data[18:22])
        else:
            width, height = struct.unpack("<ii", data[18:26])  # height < 0 means top-down
        return "bmp", abs(width), abs(height)
    raise ValueError("unknown format")


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """Walk the JPEG segments up to the frame header, which holds the size."""
    pos = 2
    while True:
        if data[pos] != 0xFF:
            raise ValueError("not a JPEG segment")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
        elif marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        elif marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            pos += 2
        else:
            pos += 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]


def _gif_size(data: bytes) -> tuple[int, int]:
    """The size of the first image (the one decoded), which may exceed the logical screen."""
    flags = data[10]
    pos = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)  # skip the colour table
    while data[pos] == 0x21:  # extension blocks: introducer, label, sub-blocks up to a 0
        pos += 2
        while data[pos]:
            pos += data[pos] + 1
        pos += 1
    if data[pos] != 0x2C:
        raise ValueError("no image in the GIF")
    width, height = struct.unpack("<HH", data[pos + 5 : pos + 9])
    return width, height


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
