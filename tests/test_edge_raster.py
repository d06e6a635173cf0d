"""Edge pixels worked out once per layout: on their lines, in the asked order, widths honoured."""

import numpy as np

from playground.render.edge_raster import EdgeRaster


def test_each_edge_runs_from_its_start_to_its_end():
    raster = EdgeRaster(np.array([[10, 10], [10, 50]]), np.array([[90, 30]]), (100, 100))
    x, y, k = raster.pixels(np.array([1]), np.array([1]))
    assert (x[0], y[0]) == (10, 50) and (x[-1], y[-1]) == (90, 30)
    assert np.all(k == 0) and len(x) == 81  # one pixel per column of a shallow line
    assert np.all(np.abs(y - (50 - (x - 10) / 4)) <= 0.5)


def test_pixels_come_in_the_order_asked_so_the_last_edge_is_on_top():
    raster = EdgeRaster(np.array([[0, 0], [0, 20]]), np.array([[20, 10]]), (30, 30))
    x, y, k = raster.pixels(np.array([1, 0]), np.array([1, 1]))
    assert k[0] == 0 and k[-1] == 1
    assert (x[0], y[0]) == (0, 20)  # edge 1 (asked first) starts at the second start point


def test_wide_edges_get_side_strands_after_every_centre_line_and_stay_inside():
    raster = EdgeRaster(np.array([[0, 0]]), np.array([[0, 40], [40, 0]]), (41, 41))
    x, y, k = raster.pixels(np.array([0, 1]), np.array([3, 1]))
    steep = k == 0
    assert set(np.unique(x[steep])) == {0, 1}  # the vertical edge thickens sideways, clipped at 0
    assert len(x) == 41 + 41 + 2 * 41
    assert x.min() >= 0 and y.min() >= 0 and x.max() <= 40 and y.max() <= 40
