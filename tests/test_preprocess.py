"""Preprocessing: MNIST-style normalization, deskewing, fitting photos, batch preparation."""

import numpy as np
import pytest

from playground.core.data.pen import Canvas
from playground.core.data.preprocess import deskew, fit_image, normalize, prepare

AXIS = np.arange(28)


def centre_of_mass(image):
    mass = image.sum()
    return image.sum(axis=1) @ AXIS / mass, image.sum(axis=0) @ AXIS / mass


def ink_size(image, threshold=0.05):
    rows = np.flatnonzero((image > threshold).any(axis=1))
    cols = np.flatnonzero((image > threshold).any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def slant(image):
    cy, cx = centre_of_mass(image)
    dy, dx = AXIS[:, None] - cy, AXIS[None, :] - cx
    return (image * dy * dx).sum() / (image * dy * dy).sum()


def corner_blob():
    image = np.zeros((28, 28), np.float32)
    image[1:11, 20:26] = 1.0  # 10 rows tall, 6 columns wide, up in a corner
    return image


def test_normalize_centres_the_mass_and_scales_the_ink_to_20_pixels_tall():
    out = normalize(corner_blob())
    assert out.shape == (28, 28) and out.dtype == np.float32
    cy, cx = centre_of_mass(out)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5
    height, width = ink_size(out)
    assert height == 20
    assert width == 12  # the 6:10 aspect ratio kept


def test_normalize_keeps_a_wide_shape_wide():
    image = np.zeros((28, 28), np.float32)
    image[20:24, 2:14] = 0.9  # 4 tall, 12 wide
    height, width = ink_size(normalize(image))
    assert (height, width) == (7, 20)


def test_normalize_shrinks_by_area_averaging():
    image = np.zeros((28, 28), np.float32)
    image[0:28:2, 11:18] = 1.0  # 28 rows of alternating stripes, 7 wide
    out = normalize(image)
    assert ink_size(out) == (20, 5)
    ink = out[out > 0]
    assert ink.mean() == pytest.approx(0.5, abs=0.05)  # stripes blend, none are just dropped
    assert ((ink > 0.2) & (ink < 0.8)).mean() > 0.5


def test_normalize_leaves_an_empty_image_empty():
    assert not normalize(np.zeros((28, 28), np.float32)).any()
    assert not prepare(np.zeros((3, 28, 28), np.uint8), deskew=True).any()


def test_deskew_straightens_a_slanted_bar():
    image = np.zeros((28, 28), np.float32)
    for row in range(4, 24):
        col = 8 + (row - 4) // 2  # leans right by one column every two rows
        image[row, col : col + 3] = 1.0
    assert abs(slant(image)) > 0.4
    straight = deskew(image)
    assert abs(slant(straight)) < 0.05
    assert straight.sum() == pytest.approx(image.sum(), rel=0.02)
    cy, cx = centre_of_mass(image)
    assert centre_of_mass(straight) == pytest.approx((cy, cx), abs=0.1)


def test_deskew_does_not_squash_a_nearly_flat_stroke():
    image = np.zeros((28, 28), np.float32)
    for col in range(4, 24):  # nearly horizontal: one row down every ten columns
        image[12 + (col - 4) // 10, col] = 1.0
    out = deskew(image)
    assert ink_size(out)[1] >= 18  # not squeezed into a blob


def test_fit_image_inverts_a_light_background_and_centres_the_ink():
    photo = np.full((120, 90), 0.9, np.float32)  # light paper
    photo[30:90, 40:52] = 0.1  # a dark vertical stroke
    out = fit_image(photo)
    assert out.shape == (28, 28) and out.dtype == np.float32
    assert out[0, 0] == 0.0 and out.max() == pytest.approx(1.0)
    assert ink_size(out, 0.5)[0] > ink_size(out, 0.5)[1]  # still tall and narrow
    cy, cx = centre_of_mass(out)
    assert abs(cy - 13.5) < 1 and abs(cx - 13.5) < 1


def test_fit_image_keeps_a_dark_background_and_accepts_uint8():
    picture = np.zeros((28, 28), np.uint8)
    picture[4:24, 10:18] = 200
    out = fit_image(picture)
    assert out[0, 0] == 0 and out.max() == pytest.approx(1.0)


@pytest.mark.parametrize("blank", [np.ones((1, 1)), np.full((40, 7), 0.3), np.zeros((5, 300))])
def test_fit_image_turns_flat_pictures_into_a_blank_canvas(blank):
    out = fit_image(blank)
    assert out.shape == (28, 28) and not out.any()


def test_fit_image_rejects_what_is_not_a_picture():
    with pytest.raises(ValueError):
        fit_image(np.zeros((3, 4, 3)))
    with pytest.raises(ValueError):
        fit_image(np.full((4, 4), np.nan))


def test_prepare_accepts_one_or_many_images_as_uint8_or_float():
    one = corner_blob()
    many = np.stack([one, one * 0.5]) * 255
    for images, n in [(one, 1), (many.astype(np.uint8), 2), (many / 255, 2)]:
        for options in [{}, {"normalize": False}, {"deskew": True}]:
            out = prepare(images, **options)
            assert out.shape == (n, 784) and out.dtype == np.float32
            assert out.min() >= 0.0 and out.max() <= 1.0
    raw = prepare(one, normalize=False)
    assert np.array_equal(raw.reshape(28, 28), one)
    assert np.array_equal(prepare(one), normalize(one).reshape(1, 784))
    with pytest.raises(ValueError):
        prepare(np.zeros((2, 28, 27)))


def test_prepare_matches_normalize_then_deskew():
    image = np.zeros((28, 28), np.float32)
    for row in range(2, 14):
        image[row, 3 + row // 3 : 6 + row // 3] = 1.0
    expected = np.clip(deskew(normalize(image)), 0, 1)
    assert np.allclose(prepare(image, deskew=True).reshape(28, 28), expected)


def mouse_drawn(start, end):
    canvas = Canvas()
    canvas.draw_stroke([start, end])
    return canvas.pixels.copy()


def ink_per_row(image):
    """How much ink a near-vertical stroke puts across each of its middle rows: its width."""
    return image[8:20].sum(axis=1).mean()


@pytest.mark.parametrize(
    "small, full",
    [
        (((14, 10), (14, 18)), ((14, 5), (14, 22))),  # upright, 8 and 20 pixels tall
        (((12, 10), (16, 18)), ((10, 5), (18, 22))),  # leaning
    ],
)
def test_normalize_keeps_pen_strokes_as_thick_when_enlarging_a_small_digit(small, full):
    thin, enlarged = normalize(mouse_drawn(*full)), normalize(mouse_drawn(*small))
    assert ink_size(enlarged)[0] == ink_size(thin)[0] == 20
    assert enlarged.max() == pytest.approx(1.0)  # the stroke's middle is still full ink
    assert ink_per_row(enlarged) == pytest.approx(ink_per_row(thin), rel=0.3)


def test_normalize_does_not_thin_a_digit_already_full_size():
    image = mouse_drawn((14, 5), (14, 22))
    image += 0.5 * mouse_drawn((10, 8), (18, 18))  # lighter ink must not fade either
    out = normalize(np.clip(image, 0, 1))
    assert out.sum() == pytest.approx(np.clip(image, 0, 1).sum(), rel=1e-5)
