"""Read and write grayscale PNGs with numpy and zlib alone.

Samples are stored as PNG so any image viewer, torchvision's ImageFolder or Keras can open
them; this codec lets the sample store do that without pygame or Pillow, so it works (and is
tested) headless. Writing is the simplest valid PNG: 8-bit gray, no filtering. Reading accepts
every non-interlaced PNG a user is likely to drop in: all colour types and bit depths and all
five filters, reduced to one gray channel with alpha composited over black (bright ink on a
dark field, as MNIST). Anything else fails with a PNGError saying what is wrong.

Row filters Avg and Paeth depend on the pixel to the left and the row above, so they cannot
be undone one row at a time with array operations; instead all pixels on one anti-diagonal
(whose inputs are all finished) are decoded together, h + w - 1 steps for an h x w image.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import numpy as np

from playground.atomic import atomic_write
from playground.data.user_file import open_regular

SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_FILE_BYTES = 8 * 2**20  # bigger files are refused before they are read
LIMIT_TEXT = f"{MAX_FILE_BYTES >> 20} MB limit"
MAX_PIXELS = 16 * 2**20  # and so are images larger than 4096 x 4096 once decompressed
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel
DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}


class PNGError(Exception):
    """The file is not a PNG this codec can read; the message says why."""


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def write_png(path: Path, image: np.ndarray) -> None:
    """Write a 2-D uint8 array (or floats in [0, 1]) as an 8-bit grayscale PNG, atomically."""
    image = np.asarray(image)
    if image.ndim != 2 or image.size == 0:
        raise ValueError(f"write_png needs a non-empty 2-D image, got shape {image.shape}")
    if image.dtype.kind == "f":
        if not np.isfinite(image).all():
            raise ValueError("write_png: image contains NaN or infinity")
        image = np.round(np.clip(image, 0.0, 1.0) * 255)
    elif image.dtype != np.uint8:
        raise ValueError(f"write_png needs uint8 or float pixels, got {image.dtype}")
    height, width = image.shape
    rows = np.zeros((height, width + 1), np.uint8)  # a leading 0 per row: filter type None
    rows[:, 1:] = image
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = SIGNATURE + _chunk(b"IHDR", header)
    data += _chunk(b"IDAT", zlib.compress(rows.tobytes(), 9)) + _chunk(b"IEND", b"")
    with atomic_write(Path(path)) as handle:
        handle.write(data)


def read_png(path: Path) -> np.ndarray:
    """Read any non-interlaced PNG as uint8 (h, w) gray, alpha composited over black."""
    path = Path(path)
    with open_regular(path) as handle:  # OSError (missing, unreadable, a pipe) passes through
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise PNGError(f"file is {size / 2**20:.1f} MB, over the {LIMIT_TEXT}")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise PNGError(f"file is over the {LIMIT_TEXT}")
    return decode_png(data)


def _chunks(data: bytes) -> dict[bytes, bytes]:
    """Check every chunk's length and CRC; return IHDR, PLTE, tRNS and the joined IDAT."""
    if not data.startswith(SIGNATURE):
        raise PNGError("not a PNG (bad signature)")
    found: dict[bytes, bytes] = {}
    idat = []
    pos = len(SIGNATURE)
    while True:
        if pos + 8 > len(data):
            raise PNGError("truncated (no IEND chunk)")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        crc = data[pos + 8 + length : pos + 12 + length]
        if len(crc) < 4:
            raise PNGError(f"truncated inside the {kind!r} chunk")
        if zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            raise PNGError(f"CRC mismatch in the {kind!r} chunk (file damaged)")
        if pos == len(SIGNATURE) and kind != b"IHDR":
            raise PNGError("first chunk is not IHDR")
        pos += 12 + length
        if kind == b"IEND":
            break
        if kind == b"IDAT":
            idat.append(body)
        elif kind in (b"IHDR", b"PLTE", b"tRNS"):
            found[kind] = body
        elif not kind[0] & 0x20:  # an uppercase first letter marks a chunk needed to decode
            raise PNGError(f"unsupported critical chunk {kind!r}")
    if not idat:
        raise PNGError("no image data (IDAT)")
    found[b"IDAT"] = b"".join(idat)
    return found


def decode_png(data: bytes) -> np.ndarray:
    """Decode PNG bytes (see read_png)."""
    chunks = _chunks(data)
    if len(chunks[b"IHDR"]) != 13:
        raise PNGError("IHDR chunk has the wrong length")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", chunks[b"IHDR"]
    )
    if colour not in CHANNELS or depth not in DEPTHS[colour]:
        raise PNGError(f"invalid colour type {colour} with bit depth {depth}")
    if compression or filtering:
        raise PNGError("unknown compression or filter method")
    if interlace:
        raise PNGError("interlaced PNGs are not supported")
    if not 0 < width * height <= MAX_PIXELS:
        raise PNGError(f"{width}x{height} pixels is empty or over the {MAX_PIXELS} limit")
    bits = CHANNELS[colour] * depth
    row_bytes = (width * bits + 7) // 8
    expected = height * (row_bytes + 1)
    try:
        raw = zlib.decompressobj().decompress(chunks[b"IDAT"], expected + 1)
    except zlib.error as exc:
        raise PNGError(f"bad compressed data ({exc})") from None
    if len(raw) != expected:
        raise PNGError(f"image data is {len(raw)} bytes, expected {expected}")
    rows = np.frombuffer(raw, np.uint8).reshape(height, row_bytes + 1)
    if rows[:, 0].max() > 4:
        raise PNGError(f"unknown row filter type {rows[:, 0].max()}")
    pixels = _unfilter(rows[:, 1:], rows[:, 0], max(1, bits // 8))
    samples = _samples(pixels, width, depth, CHANNELS[colour])
    return _to_gray(samples, colour, depth, chunks.get(b"PLTE"), chunks.get(b"tRNS"))


def _unfilter(filtered: np.ndarray, kinds: np.ndarray, bpp: int) -> np.ndarray:
    """Undo the per-row filters (None, Sub, Up, Average, Paeth); bpp is bytes per pixel."""
    if not kinds.any():
        return filtered
    height, row_bytes = filtered.shape
    width = row_bytes // bpp
    src = filtered.reshape(height, width, bpp).astype(np.int16)
    out = np.zeros((height + 1, width + 1, bpp), np.int16)  # a zero row above, zero column left
    kinds = kinds.astype(np.int16)
    for diagonal in range(height + width - 1):
        r = np.arange(max(0, diagonal - width + 1), min(height, diagonal + 1))
        c = diagonal - r
        left, up, up_left = out[r + 1, c], out[r, c + 1], out[r, c]
        guess = left + up - up_left
        to_left, to_up, to_corner = abs(guess - left), abs(guess - up), abs(guess - up_left)
        nearest_up = np.where(to_up <= to_corner, up, up_left)
        paeth = np.where((to_left <= to_up) & (to_left <= to_corner), left, nearest_up)
        kind = kinds[r][:, None]
        predicted = np.select(
            [kind == 1, kind == 2, kind == 3, kind == 4], [left, up, (left + up) >> 1, paeth], 0
        )
        out[r + 1, c + 1] = (src[r, c] + predicted) & 0xFF
    return out[1:, 1:].astype(np.uint8).reshape(height, row_bytes)


def _samples(pixels: np.ndarray, width: int, depth: int, channels: int) -> np.ndarray:
    """Split unfiltered rows into (h, w, channels) integer samples of `depth` bits."""
    height = len(pixels)
    if depth == 16:
        wide = np.ascontiguousarray(pixels).view(">u2")
        return wide.reshape(height, width, channels).astype(np.int64)
    if depth == 8:
        return pixels.reshape(height, width, channels).astype(np.int64)
    bits = np.unpackbits(pixels, axis=1)[:, : width * depth].reshape(height, width, depth)
    weights = 1 << np.arange(depth - 1, -1, -1)
    return (bits.astype(np.int64) @ weights)[:, :, None]


def _luminance(rgb: np.ndarray) -> np.ndarray:
    """Rec. 601 luma of 0..255 RGB, rounded."""
    return (rgb @ np.array([299, 587, 114]) + 500) // 1000


def _to_gray(
    samples: np.ndarray, colour: int, depth: int, palette: bytes | None, trns: bytes | None
) -> np.ndarray:
    """Reduce samples to uint8 gray, compositing any transparency over black."""
    top = (1 << depth) - 1
    alpha = None
    if colour == 3:
        if palette is None or len(palette) % 3 or len(palette) == 0:
            raise PNGError("palette image without a valid PLTE chunk")
        entries = np.frombuffer(palette, np.uint8).reshape(-1, 3).astype(np.int64)
        if samples.max() >= len(entries):
            raise PNGError("pixel refers past the end of the palette")
        opacity = np.full(len(entries), 255, np.int64)
        if trns:
            opacity[: len(trns)] = np.frombuffer(trns[: len(entries)], np.uint8)
        index = samples[:, :, 0]
        gray, alpha = _luminance(entries)[index], opacity[index]
    else:
        colour_samples = samples[:, :, :3] if colour in (2, 6) else samples[:, :, :1]
        if trns and colour in (0, 2):  # one colour, given at the image's depth, is transparent
            if len(trns) != 2 * colour_samples.shape[2]:
                raise PNGError("tRNS chunk has the wrong length")
            key = np.frombuffer(trns, ">u2")
            alpha = np.where((colour_samples == key).all(axis=2), 0, 255)
        scaled = (colour_samples * 255 + top // 2) // top
        gray = _luminance(scaled) if colour in (2, 6) else scaled[:, :, 0]
        if colour in (4, 6):
            alpha = (samples[:, :, -1] * 255 + top // 2) // top
    if alpha is not None:
        gray = (gray * alpha + 127) // 255
    return gray.astype(np.uint8)
