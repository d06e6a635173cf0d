"""Re-stroking: a digit redrawn with the pen is still that digit, at a new size and place."""

import numpy as np
import pytest

from playground.core.data.preprocess import prepare
from playground.core.data.restroke import SIDE, restroke, skeleton, trace
from playground.core.data.starter import load_starter


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, np.ndarray]:
    images, labels = load_starter()
    return images[:40], labels[:40]


def test_skeleton_of_a_thick_bar_is_a_one_pixel_line() -> None:
    mask = np.zeros((20, 30), bool)
    mask[8:13, 3:27] = True
    thin = skeleton(mask)
    assert thin.any(axis=0)[6:24].all()  # runs most of the bar's length
    assert thin.sum(axis=0).max() == 1  # one pixel across everywhere
    assert not thin[~mask].any()


def test_strokes_follow_the_ink(digits) -> None:
    image = digits[0][0]
    strokes = trace(image)
    assert strokes
    for stroke in strokes:
        assert stroke.shape[1] == 2
        cols, rows = np.floor(stroke).astype(int).T
        near_ink = [
            image[r - 1 : r + 2, c - 1 : c + 2].max() for r, c in zip(rows, cols, strict=True)
        ]
        assert min(near_ink) > 100


def test_restroked_digits_have_ink_inside_the_canvas(digits) -> None:
    out = restroke(digits[0], seed=1)
    assert out.shape == (len(digits[0]), SIDE, SIDE)
    assert out.dtype == np.float32
    assert out.min() >= 0.0 and out.max() <= 1.0
    assert (out.max(axis=(1, 2)) > 0.9).all()


def test_restroked_digits_vary_in_size_and_place(digits) -> None:
    one = digits[0][:1].repeat(30, axis=0)
    out = restroke(one, seed=2)
    rows = np.array([np.flatnonzero(image.max(axis=1) > 0.5)[[0, -1]] for image in out])
    heights = rows[:, 1] - rows[:, 0]
    assert heights.min() < 12 and heights.max() > 20
    assert rows[:, 0].max() - rows[:, 0].min() > 6


def test_normalised_restroke_resembles_the_original(digits) -> None:
    images = digits[0]
    before = prepare(images, normalize=True)
    after = prepare(restroke(images, seed=3), normalize=True)
    same = [np.corrcoef(a, b)[0, 1] for a, b in zip(before, after, strict=True)]
    other = [
        np.corrcoef(a, b)[0, 1] for a, b in zip(before, np.roll(after, 1, axis=0), strict=True)
    ]
    assert np.median(same) > 0.6
    assert np.median(same) > np.median(other) + 0.1


def test_same_seed_same_drawing_and_blank_stays_blank(digits) -> None:
    images = digits[0][:3]
    assert np.array_equal(restroke(images, seed=4), restroke(images, seed=4))
    assert not restroke(np.zeros((1, SIDE, SIDE), np.uint8)).any()


def test_wrong_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="28x28"):
        trace(np.zeros((10, 10)))
    with pytest.raises(ValueError, match="stack"):
        restroke(np.zeros((SIDE, SIDE)))
