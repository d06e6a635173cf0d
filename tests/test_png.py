"""Reading and writing sample PNGs (Pillow), checked against PNGs built byte by byte here."""

import contextlib
import struct
import tracemalloc
import zlib

import numpy as np
import PIL.Image
import pytest

from playground.files.png import PNGError, read_png, read_png_text, write_png

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def filter_rows(rows: list[bytes], bpp: int, kinds: list[int]) -> bytes:
    """Apply PNG row filters the slow, obvious way (the spec's equations, byte by byte)."""
    out, previous = b"", bytes(len(rows[0]))
    for row, kind in zip(rows, kinds, strict=True):
        filtered = bytearray()
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            guess = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
            filtered.append((x - guess) % 256)
        out += bytes([kind]) + bytes(filtered)
        previous = row
    return out


def make_png(width, height, depth, colour, rows, bpp=1, kinds=None, extra=(), interlace=0):
    kinds = kinds or [0] * height
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)
    idat = zlib.compress(filter_rows(rows, bpp, kinds))
    body = [chunk(b"IHDR", header), *extra, chunk(b"IDAT", idat), chunk(b"IEND", b"")]
    return SIGNATURE + b"".join(body)


def save(tmp_path, data: bytes, name="x.png"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


RNG = np.random.default_rng(7)
GRAY = RNG.integers(0, 256, (6, 9), dtype=np.uint8)


def test_write_then_read_returns_the_same_pixels(tmp_path):
    write_png(tmp_path / "a.png", GRAY)
    assert np.array_equal(read_png(tmp_path / "a.png"), GRAY)
    floats = np.linspace(0, 1, 28 * 28).reshape(28, 28)
    write_png(tmp_path / "b.png", floats)
    assert np.array_equal(read_png(tmp_path / "b.png"), np.round(floats * 255).astype(np.uint8))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]  # no temp files


@pytest.mark.parametrize("kind", [0, 1, 2, 3, 4])
def test_every_row_filter_is_undone(tmp_path, kind):
    rgb = RNG.integers(0, 256, (5, 7, 3), dtype=np.uint8)
    rows = [r.tobytes() for r in rgb]
    data = make_png(7, 5, 8, 2, rows, bpp=3, kinds=[kind] * 5)
    expected = (rgb.astype(int) @ [299, 587, 114] + 500) // 1000
    assert np.array_equal(read_png(save(tmp_path, data)), expected)


def test_mixed_filters_on_a_larger_gray_image(tmp_path):
    image = RNG.integers(0, 256, (40, 33), dtype=np.uint8)
    kinds = [int(k) for k in RNG.integers(0, 5, 40)]
    data = make_png(33, 40, 8, 0, [r.tobytes() for r in image], kinds=kinds)
    assert np.array_equal(read_png(save(tmp_path, data)), image)


def test_gray_with_alpha_is_composited_over_black(tmp_path):
    pairs = np.array([[[200, 255], [200, 0], [200, 128]]], np.uint8)
    data = make_png(3, 1, 8, 4, [pairs.tobytes()], bpp=2, kinds=[4])
    assert read_png(save(tmp_path, data)).tolist() == [[200, 0, 100]]


def test_rgba_becomes_luminance_over_black(tmp_path):
    pixels = np.array([[[255, 0, 0, 255], [0, 255, 0, 255], [255, 255, 255, 0]]], np.uint8)
    data = make_png(3, 1, 8, 6, [pixels.tobytes()], bpp=4, kinds=[1])
    assert read_png(save(tmp_path, data)).tolist() == [[76, 150, 0]]


def test_palette_with_transparency(tmp_path):
    palette = chunk(b"PLTE", bytes([0, 0, 0, 255, 255, 255, 0, 0, 255]))
    alpha = chunk(b"tRNS", bytes([255, 255, 0]))
    data = make_png(4, 1, 8, 3, [bytes([1, 0, 2, 1])], extra=[palette, alpha])
    assert read_png(save(tmp_path, data)).tolist() == [[255, 0, 0, 255]]


@pytest.mark.parametrize("depth", [1, 2, 4])
def test_low_bit_depth_gray_is_scaled_to_0_255(tmp_path, depth):
    top = (1 << depth) - 1
    values = [top, 0, top, 1, 0]
    bits = "".join(format(v, f"0{depth}b") for v in values)
    bits += "0" * (-len(bits) % 8)
    row = int(bits, 2).to_bytes(len(bits) // 8, "big")
    data = make_png(5, 1, depth, 0, [row])
    assert read_png(save(tmp_path, data)).tolist() == [[v * 255 // top for v in values]]


def test_sixteen_bit_gray_keeps_the_high_byte_rounded(tmp_path):
    row = struct.pack(">3H", 65535, 0, 32896)
    data = make_png(3, 1, 16, 0, [row], bpp=2, kinds=[3])
    assert read_png(save(tmp_path, data)).tolist() == [[255, 0, 128]]


def test_damaged_crc_is_reported(tmp_path):
    data = bytearray(make_png(9, 6, 8, 0, [r.tobytes() for r in GRAY]))
    data[40] ^= 0xFF  # inside the IDAT body
    with pytest.raises(PNGError, match="damaged"):
        read_png(save(tmp_path, bytes(data)))


@pytest.mark.parametrize("keep", [8, 20, 45, -12])
def test_truncated_files_are_reported(tmp_path, keep):
    data = make_png(9, 6, 8, 0, [r.tobytes() for r in GRAY])
    with pytest.raises(PNGError, match="truncated"):
        read_png(save(tmp_path, data[:keep]))


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"GIF89a not a png at all", "not a readable PNG"),
        (b"", "not a readable PNG"),
    ],
)
def test_other_files_are_refused_with_a_reason(tmp_path, data, reason):
    with pytest.raises(PNGError, match=reason):
        read_png(
            save(tmp_path, data + chunk(b"IDAT", zlib.compress(b"\0\0\0")) + chunk(b"IEND", b""))
        )


def test_bad_zlib_data_is_reported(tmp_path):
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 0, 0, 0, 0))
    data = SIGNATURE + header + chunk(b"IDAT", b"not zlib") + chunk(b"IEND", b"")
    with pytest.raises(PNGError, match="damaged"):
        read_png(save(tmp_path, data))


def test_invalid_depth_for_colour_type_is_refused(tmp_path):
    with pytest.raises(PNGError, match="not a readable PNG"):
        read_png(save(tmp_path, make_png(1, 1, 4, 2, [b"\0"])))


def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.png"
    with open(path, "wb") as handle:  # sparse: 100 MB long, nothing on disk
        handle.truncate(100 * 2**20)
    tracemalloc.start()
    try:
        with pytest.raises(PNGError, match="limit"):
            read_png(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2**20


def test_write_png_rejects_what_it_cannot_store(tmp_path):
    with pytest.raises(ValueError):
        write_png(tmp_path / "x.png", np.zeros((2, 2, 3), np.uint8))
    with pytest.raises(ValueError):
        write_png(tmp_path / "x.png", np.zeros((2, 2), np.int32))
    assert not list(tmp_path.iterdir())


def test_a_transparent_key_colour_turns_black(tmp_path):
    key = chunk(b"tRNS", struct.pack(">H", 90))
    data = make_png(3, 1, 8, 0, [bytes([90, 91, 255])], extra=[key])
    assert read_png(save(tmp_path, data)).tolist() == [[0, 91, 255]]
    bad_key = chunk(b"tRNS", b"\x01")
    with pytest.raises(PNGError, match="tRNS"):
        read_png(save(tmp_path, make_png(1, 1, 8, 0, [b"\x05"], extra=[bad_key])))


def test_randomly_damaged_pngs_decode_or_raise_pngerror_only(tmp_path):
    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, (6, 5, 4), dtype=np.uint8)
    rows = [r.tobytes() for r in image]
    for _ in range(300):
        raw = bytearray(filter_rows(rows, 4, [int(k) for k in rng.integers(0, 5, 6)]))
        for _ in range(3):
            raw[rng.integers(len(raw))] = rng.integers(256)
        raw = raw[: rng.integers(len(raw) - 10, len(raw) + 1)]
        header = chunk(
            b"IHDR", struct.pack(">IIBBBBB", 5, 6, 8, int(rng.choice([0, 2, 4, 6])), 0, 0, 0)
        )
        data = SIGNATURE + header + chunk(b"IDAT", zlib.compress(bytes(raw)))
        data += chunk(b"IEND", b"")
        with contextlib.suppress(PNGError):
            decoded = read_png(save(tmp_path, data))
            assert decoded.shape == (6, 5) and decoded.dtype == np.uint8


def test_a_decompression_bomb_is_refused_from_its_header(tmp_path):
    """A small file whose header claims 5000x5000 pixels (over the 16 megapixel limit)."""
    header = struct.pack(">IIBBBBB", 5000, 5000, 8, 0, 0, 0, 0)
    idat = zlib.compress(bytes(5001) * 64)  # far less than the claimed pixels, all zeros
    data = SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    tracemalloc.start()
    try:
        with pytest.raises(PNGError, match="too large"):
            read_png(save(tmp_path, data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2**20  # refused before any pixel was decoded


def test_text_chunks_round_trip_and_other_pngs_have_none(tmp_path):
    write_png(tmp_path / "a.png", GRAY, {"playground:strokes": "a.strokes.json"})
    pixels, text = read_png_text(tmp_path / "a.png")
    assert np.array_equal(pixels, GRAY) and text == {"playground:strokes": "a.strokes.json"}
    write_png(tmp_path / "b.png", GRAY)
    assert read_png_text(tmp_path / "b.png")[1] == {}


def test_a_jpeg_named_png_is_refused_as_a_sample_and_left_alone(tmp_path):
    path = tmp_path / "photo.png"
    PIL.Image.fromarray(GRAY).save(path, "JPEG")
    before = path.read_bytes()
    with pytest.raises(PNGError, match="not a readable PNG"):
        read_png(path)
    assert path.read_bytes() == before
