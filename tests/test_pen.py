"""The pen canvas: dab shape, strokes without gaps, eraser, undo, and bad positions."""

import numpy as np
import pytest

from playground.core.data.pen import Canvas


def dot(x: float, y: float) -> Canvas:
    canvas = Canvas()
    canvas.draw_stroke([(x, y)])
    return canvas


def test_one_dab_strikes_its_pixel_and_bleeds_into_all_eight_neighbours():
    canvas = dot(10.5, 7.2)  # pixel column 10, row 7
    p = canvas.pixels
    assert p.shape == (28, 28) and p.dtype == np.float32
    assert p[7, 10] == 1.0
    assert [p[6, 10], p[8, 10], p[7, 9], p[7, 11]] == pytest.approx([0.3] * 4)
    assert [p[6, 9], p[6, 11], p[8, 9], p[8, 11]] == pytest.approx([0.15] * 4)
    assert np.count_nonzero(p) == 9


def test_crossing_strokes_add_but_never_pass_one():
    canvas = Canvas()
    canvas.draw_stroke([(5.5, 10.5), (20.5, 10.5)])
    canvas.draw_stroke([(12.5, 3.5), (12.5, 20.5)])
    p = canvas.pixels
    assert p.max() == 1.0
    # a pixel beside one stroke and on the other: 0.3 + 1 clipped
    assert p[10, 12] == 1.0 and p[11, 12] == 1.0
    # beside both strokes: 0.3 + 0.3
    assert p[11, 13] == pytest.approx(0.6)


def test_positions_on_and_beyond_the_edge_clamp_onto_the_grid():
    corner = dot(0.0, 0.0).pixels
    assert corner[0, 0] == 1.0 and corner[0, 1] == pytest.approx(0.3)
    assert np.count_nonzero(corner) == 4  # the other five neighbours are off the grid
    assert np.array_equal(dot(-5.0, 99.0).pixels, dot(0.2, 27.9).pixels)
    assert dot(28.0, 28.0).pixels[27, 27] == 1.0


@pytest.mark.parametrize("bad", [(float("nan"), 3.0), (3.0, float("inf"))])
def test_non_finite_positions_are_rejected(bad):
    canvas = Canvas()
    with pytest.raises(ValueError):
        canvas.begin_stroke(*bad)
    canvas.begin_stroke(1, 1)
    with pytest.raises(ValueError):
        canvas.extend_stroke(*bad)


def test_a_fast_stroke_between_two_far_points_leaves_no_gap():
    canvas = Canvas()
    canvas.draw_stroke([(2.5, 3.5), (25.5, 21.5)])
    struck = canvas.pixels == 1.0
    # every column between the ends has a struck pixel, and struck pixels touch each other
    assert all(struck[:, col].any() for col in range(2, 26))
    rows, cols = np.nonzero(struck)
    order = np.argsort(cols + rows * 0.001)
    steps = np.abs(np.diff(np.stack([rows[order], cols[order]]), axis=1)).max(axis=0)
    assert steps.max() <= 1


@pytest.mark.parametrize("start, end", [((3.5, 14.2), (24.5, 14.2)), ((4.5, 4.5), (22.5, 22.5))])
def test_slow_and_fast_strokes_along_the_same_line_are_identical(start, end):
    fast, slow = Canvas(), Canvas()
    fast.draw_stroke([start, end])
    t = np.linspace(0, 1, 200)
    slow.draw_stroke(
        list(
            zip(start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t, strict=True)
        )
    )
    assert np.array_equal(fast.pixels, slow.pixels)


def test_going_back_over_a_stroke_does_not_thicken_it():
    once, twice = Canvas(), Canvas()
    once.draw_stroke([(5.5, 9.5), (20.5, 9.5)])
    twice.draw_stroke([(5.5, 9.5), (20.5, 9.5), (5.5, 9.5), (20.5, 9.5)])
    assert np.array_equal(once.pixels, twice.pixels)


def test_the_canvas_shows_the_stroke_while_it_is_drawn():
    canvas = Canvas()
    canvas.begin_stroke(4.5, 4.5)
    before = canvas.version
    canvas.extend_stroke(14.5, 4.5)
    assert canvas.version > before
    assert canvas.pixels[4, 14] == 1.0 and canvas.drawing
    canvas.end_stroke()
    assert not canvas.drawing


def test_eraser_removes_ink_by_its_footprint():
    canvas = Canvas()
    canvas.set_image(np.full((28, 28), 0.8, np.float32))
    canvas.draw_stroke([(10.5, 10.5)], erase=True)
    p = canvas.pixels
    assert (p[9:12, 9:12] == 0.0).all()  # the pen's whole 3x3 footprint
    assert p[10, 12] == pytest.approx(0.8)


def test_erasing_along_a_stroke_leaves_an_empty_canvas():
    """With the pen's soft dab the eraser left a grey outline of the stroke, still guessed."""
    canvas = Canvas()
    canvas.draw_stroke([(14, 4), (14, 24)])
    canvas.draw_stroke([(14, 4), (14, 24)], erase=True)
    assert canvas.is_empty and canvas.pixels.max() == 0.0


def test_undo_steps_back_through_strokes_clear_and_images():
    canvas = Canvas()
    assert not canvas.undo()
    canvas.draw_stroke([(5.5, 5.5), (15.5, 5.5)])
    one_stroke = canvas.pixels.copy()
    canvas.clear()
    assert canvas.is_empty
    assert canvas.undo()
    assert np.array_equal(canvas.pixels, one_stroke)
    canvas.set_image(np.ones((28, 28), np.uint8) * 255)
    assert canvas.pixels.min() == 1.0
    canvas.undo()
    assert np.array_equal(canvas.pixels, one_stroke)
    canvas.undo()
    assert canvas.is_empty and not canvas.undo()


def test_undo_during_a_stroke_drops_that_stroke():
    canvas = Canvas()
    canvas.begin_stroke(3, 3)
    canvas.extend_stroke(20, 20)
    canvas.undo()
    assert canvas.is_empty and not canvas.drawing


def test_a_stroke_that_changes_nothing_leaves_no_undo_step():
    canvas = Canvas()
    canvas.draw_stroke([(5.5, 5.5)])
    drawn = canvas.pixels.copy()
    canvas.draw_stroke([(20.5, 20.5)], erase=True)  # erasing blank paper
    canvas.undo()
    assert canvas.is_empty and not np.array_equal(drawn, canvas.pixels)


def test_version_changes_only_when_the_pixels_do():
    canvas = Canvas()
    canvas.begin_stroke(5.5, 5.5)
    version = canvas.version
    canvas.extend_stroke(5.6, 5.6)  # same pixel: nothing new to show
    assert canvas.version == version
    canvas.end_stroke()
    canvas.clear()
    assert canvas.version == version + 1


def test_set_image_checks_its_input():
    canvas = Canvas()
    with pytest.raises(ValueError):
        canvas.set_image(np.zeros((27, 28)))
    with pytest.raises(ValueError):
        canvas.set_image(np.full((28, 28), np.nan))
    with pytest.raises(ValueError):
        canvas.draw_stroke([])
