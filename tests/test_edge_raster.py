"""Edge pixels worked out when first drawn: on their lines, in the asked order, widths honoured,
and never more edges kept than the room allows."""

import numpy as np

from playground.ui.render.edge_raster import EdgeRaster


def xy(raster_width: int, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y, x = np.divmod(index, raster_width)
    return x, y


def test_each_edge_runs_from_its_start_to_its_end():
    raster = EdgeRaster(np.array([[10, 10], [10, 50]]), np.array([[90, 30]]), (100, 100), 10)
    index, k = raster.pixels(np.array([1]), np.array([1]))
    x, y = xy(100, index)
    assert (x[0], y[0]) == (10, 50) and (x[-1], y[-1]) == (90, 30)
    assert np.all(k == 0) and len(x) == 81  # one pixel per column of a shallow line
    assert np.all(np.abs(y - (50 - (x - 10) / 4)) <= 0.5)
    assert np.array_equal(raster.lengths(np.array([0, 1])), [81, 81])


def test_pixels_come_in_the_order_asked_so_the_last_edge_is_on_top():
    raster = EdgeRaster(np.array([[1, 1], [1, 20]]), np.array([[20, 10]]), (30, 30), 10)
    index, k = raster.pixels(np.array([1, 0]), np.array([1, 1]))
    assert k[0] == 0 and k[-1] == 1
    assert xy(30, index[:1]) == (1, 20)  # edge 1 (asked first) starts at the second start point


def test_wide_edges_get_side_strands_after_every_centre_line_and_stay_inside():
    raster = EdgeRaster(np.array([[0, 0]]), np.array([[0, 40], [40, 0]]), (41, 41), 10)
    index, k = raster.pixels(np.array([0, 1]), np.array([3, 1]))
    x, y = xy(41, index)
    assert set(np.unique(x[k == 0])) == {0, 1, 2}  # vertical: a pixel in from the border, thickened
    assert len(x) == 41 + 41 + 2 * 41
    assert np.all(k[82:] == 0)
    assert x.min() >= 0 and y.min() >= 0 and x.max() <= 40 and y.max() <= 40


def test_edges_are_rasterised_only_when_asked_and_at_most_room_are_kept():
    rng = np.random.default_rng(0)
    starts, ends = rng.uniform(5, 195, (256, 2)), rng.uniform(5, 195, (256, 2))
    raster = EdgeRaster(starts, ends, (200, 200), room=1000)
    assert raster.held == 0  # 65,536 edges, none worked out yet
    first = rng.choice(256 * 256, 800, replace=False)
    raster.pixels(first, np.ones(800, np.intp))
    assert raster.held == 800
    again, _ = raster.pixels(first[:10], np.ones(10, np.intp))
    assert raster.held == 800
    more = rng.choice(256 * 256, 700, replace=False)
    index, k = raster.pixels(more, np.ones(700, np.intp))
    assert raster.held <= 1000
    fresh = EdgeRaster(starts, ends, (200, 200), room=1000)
    assert np.array_equal(index, fresh.pixels(more, np.ones(700, np.intp))[0])
    assert np.array_equal(again, fresh.pixels(first[:10], np.ones(10, np.intp))[0])
