"""Picture files onto the canvas: orientation, transparency, formats, and files that are refused."""

import io
import struct
import zlib

import numpy as np
import PIL.Image
import pygame
import pytest

from playground.files.imagefile import MAX_BYTES, ImageFileError, canvas_image, read_gray

WIDTH, HEIGHT = 60, 90  # not square, so a transposed result cannot pass


def picture(path, background, ink, depth_flags=0):
    """A 60x90 picture with a vertical bar (a "1") at x 27..33, y 15..75; saved by extension."""
    surface = pygame.Surface((WIDTH, HEIGHT), depth_flags, 32)
    surface.fill(background)
    pygame.draw.rect(surface, ink, pygame.Rect(27, 15, 7, 61))
    pygame.image.save(surface, str(path))
    return path


def assert_bright_bar(image):
    """A canvas image holding an upright bright bar on a dark field."""
    assert image.shape == (28, 28) and image.dtype == np.float32
    assert image[14, 14] > 0.9  # the middle of the bar
    assert image[14, 3] < 0.05 and image[14, 24] < 0.05  # either side of it
    rows, cols = np.nonzero(image > 0.5)
    assert np.ptp(rows) > 3 * np.ptp(cols)  # taller than wide: not rotated


def test_read_gray_gives_rows_by_columns_brightness(tmp_path):
    path = picture(tmp_path / "bar.png", (255, 255, 255), (0, 0, 0))
    gray = read_gray(path)
    assert gray.shape == (HEIGHT, WIDTH) and gray.dtype == np.float32
    assert gray[0, 0] == pytest.approx(1.0) and gray[40, 30] == pytest.approx(0.0)
    assert gray[40, 20] == pytest.approx(1.0)  # left of the bar, inside its rows


def test_luminance_weighs_green_over_blue(tmp_path):
    path = picture(tmp_path / "colour.png", (0, 0, 255), (0, 255, 0))
    gray = read_gray(path)
    assert gray[40, 30] == pytest.approx(0.587, abs=0.01)
    assert gray[0, 0] == pytest.approx(0.114, abs=0.01)


@pytest.mark.parametrize("suffix", ["png", "bmp", "jpg"])
def test_dark_digit_on_white_becomes_bright_ink(tmp_path, suffix):
    assert_bright_bar(canvas_image(picture(tmp_path / f"one.{suffix}", (255, 255, 255), (0, 0, 0))))


def test_bright_digit_on_black_stays_bright(tmp_path):
    assert_bright_bar(canvas_image(picture(tmp_path / "one.png", (0, 0, 0), (255, 255, 255))))


@pytest.mark.parametrize(
    "ink",
    [(0, 0, 0, 255), (255, 255, 255, 255)],
    ids=["black ink", "white ink"],
)
@pytest.mark.parametrize(
    "clear", [(0, 0, 0, 0), (255, 255, 255, 0)], ids=["black see-through", "white see-through"]
)
def test_transparent_field_is_background_whatever_colour_it_hides(tmp_path, ink, clear):
    path = picture(tmp_path / "one.png", clear, ink, pygame.SRCALPHA)
    assert_bright_bar(canvas_image(path))


def test_transparent_corner_of_an_opaque_card_takes_the_card_colour(tmp_path):
    surface = pygame.Surface((WIDTH, HEIGHT), pygame.SRCALPHA, 32)
    surface.fill((200, 200, 200, 255))
    surface.fill((0, 0, 0, 0), pygame.Rect(0, 0, 5, 5))
    pygame.draw.rect(surface, (0, 0, 0, 255), pygame.Rect(27, 15, 7, 61))
    pygame.image.save(surface, str(tmp_path / "card.png"))
    gray = read_gray(tmp_path / "card.png")
    assert gray[0, 0] == pytest.approx(gray[50, 50]) == pytest.approx(200 / 255, abs=0.01)
    assert gray[40, 30] == pytest.approx(0.0)


def test_a_phone_photo_with_exif_orientation_6_loads_upright(tmp_path):
    """A phone held upright stores the picture on its side with "rotate 90 clockwise" in EXIF."""
    sideways = np.zeros((WIDTH, HEIGHT, 3), np.uint8)  # 90 rows x 60 cols turned: 60 x 90
    sideways[27:34, 15:76] = 255  # the bright bar lies horizontally in the stored pixels
    exif = PIL.Image.Exif()
    exif[0x0112] = 6  # Orientation: the stored picture is turned 90 degrees anticlockwise
    path = tmp_path / "phone.jpg"
    PIL.Image.fromarray(255 - sideways).save(path, "JPEG", quality=95, exif=exif)
    gray = read_gray(path)
    assert gray.shape == (HEIGHT, WIDTH)  # taller than wide again
    assert_bright_bar(canvas_image(path))


def test_gif_is_read(tmp_path):
    # a 1x1 GIF with a two-colour table (white, black) whose one pixel is colour 0
    data = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
    data += b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    (tmp_path / "dot.gif").write_bytes(data)
    assert read_gray(tmp_path / "dot.gif").tolist() == [[pytest.approx(1.0)]]


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"hello, not a picture", b""],
    ids=["broken png", "text", "empty"],
)
def test_unreadable_file_is_refused_by_name(tmp_path, content):
    path = tmp_path / "broken.png"
    path.write_bytes(content)
    with pytest.raises(ImageFileError, match="broken.png"):
        read_gray(path)


def test_truncated_png_is_refused_by_name(tmp_path):
    path = picture(tmp_path / "cut.png", (255, 255, 255), (0, 0, 0))
    path.write_bytes(path.read_bytes()[:60])
    with pytest.raises(ImageFileError, match="cut.png"):
        read_gray(path)


def test_missing_file_is_refused_by_name(tmp_path):
    with pytest.raises(ImageFileError, match="nowhere.png"):
        read_gray(tmp_path / "nowhere.png")


def test_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.png"
    with open(path, "wb") as handle:  # sparse: the size is there, the bytes are not written
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ImageFileError, match=r"huge\.png: .* MB"):
        read_gray(path)


def claims_size(kind: str, width: int, height: int) -> bytes:
    """A real 1x1 picture whose header is patched to claim width x height (a bomb's header)."""
    buffer = io.BytesIO()
    PIL.Image.new("L", (1, 1)).save(buffer, kind)
    data = bytearray(buffer.getvalue())
    if kind == "PNG":
        data[16:24] = struct.pack(">II", width, height)
        data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    elif kind == "BMP":
        data[18:26] = struct.pack("<ii", width, -height)
    else:  # JPEG: the frame header after the SOF0 marker holds height, then width
        at = data.index(b"\xff\xc0")
        data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize(
    "content",
    [
        claims_size("PNG", 10_000, 5_000),
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x10\x27\x10\x27\x00",
        claims_size("BMP", 8000, 8000),
        claims_size("JPEG", 8000, 8000),
    ],
    ids=["png", "gif", "bmp", "jpeg"],
)
def test_picture_too_many_pixels_is_refused_before_decoding(tmp_path, content):
    path = tmp_path / "bomb.img"
    path.write_bytes(content)
    with pytest.raises(ImageFileError, match=r"bomb\.img: .* too large"):
        read_gray(path)
