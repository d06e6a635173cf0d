"""The network picture's geometry: everything inside the scene, nothing on top of anything else."""

from itertools import product

import numpy as np
import pytest

from playground.ui.render.graph_layout import (
    MIN_RADIUS,
    MIN_TILE,
    hit_edge,
    hit_neuron,
    layout_graph,
)
from playground.ui.render.layout_scale import layout_graph_scaled

AREAS = {"1280x800": (0, 48, 1280, 724), "1024x640": (0, 48, 1024, 564), "big": (0, 48, 1920, 1004)}
SHAPES = [
    [784, *hidden, outputs]
    for depth, width, outputs in product((1, 2, 3, 4), (2, 5, 16, 33, 64), (2, 3, 10))
    for hidden in [(width,) * depth, tuple(64 if i % 2 else 2 for i in range(depth))]
]


def inside(inner, outer) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def circle_box(x, y, r):
    return (x - r, y - r, 2 * r, 2 * r)


def circles_apart(layer, r) -> bool:
    points = np.array(layer)
    gaps = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
    return bool((gaps[np.triu_indices(len(points), 1)] >= 2 * r).all())


@pytest.mark.parametrize("area", AREAS.values(), ids=AREAS.keys())
def test_every_shape_fits_without_overlaps(area):
    for sizes in SHAPES:
        lay = layout_graph(area, sizes)
        assert inside(lay.graph, area) and inside(lay.panel, area)
        assert not overlap(lay.graph, lay.panel)
        assert inside(lay.image, lay.graph) and inside(lay.legend, lay.graph)
        assert 0 < len(lay.tiles) <= sizes[1] and len(lay.bars) == sizes[-1]
        assert (lay.more is None) == (len(lay.tiles) == sizes[1])
        assert [len(c) for c in lay.neurons] == sizes[1:]
        boxes = [lay.image, lay.caption, *lay.tiles, *lay.bars, lay.verdict]
        boxes += [lay.more] if lay.more else []
        neuron_boxes = []
        for layer, r in zip(lay.neurons, lay.radii, strict=True):
            assert r >= MIN_RADIUS or len(layer) <= 10, (sizes, r)  # outputs of a small area
            assert circles_apart(layer, r), sizes
            left = min(x for x, _ in layer) - r
            top = min(y for _, y in layer) - r
            right, bottom = max(x for x, _ in layer) + r, max(y for _, y in layer) + r
            neuron_boxes.append((left, top, right - left, bottom - top))
        for i, box in enumerate(boxes + neuron_boxes):
            assert inside(box, lay.graph), (sizes, box)
            assert not overlap(box, lay.legend), (sizes, box)
            for other in (boxes + neuron_boxes)[i + 1 :]:
                assert not overlap(box, other), (sizes, box, other)
        assert min(t[2] for t in lay.tiles) >= MIN_TILE, sizes
        xs = lay.column_x
        assert xs == sorted(xs) and min(b - a for a, b in zip(xs, xs[1:], strict=False)) > 40


def test_tiles_sit_between_the_image_and_their_neurons():
    lay = layout_graph(AREAS["1280x800"], [784, 16, 16, 16, 3])
    image_right = lay.image[0] + lay.image[2]
    for (x, y, w, h), (nx, ny) in zip(lay.tiles, lay.neurons[0], strict=True):
        assert image_right + 40 < x and x + w < nx - lay.radii[0]
        assert abs(y + h / 2 - ny) < 1  # one column, each tile level with its neuron
    assert min(t[2] for t in lay.tiles) >= MIN_TILE


@pytest.mark.parametrize("area", [AREAS["1280x800"], AREAS["big"]])
def test_a_wide_first_layer_gets_a_grid_of_tiles_no_smaller_than_its_pixels(area):
    lay = layout_graph(area, [784, 64, 64, 10])
    assert len(lay.tiles) == 64 and len({t[0] for t in lay.tiles}) > 1
    assert min(t[2] for t in lay.tiles) >= MIN_TILE
    assert min(lay.radii[:2]) >= MIN_RADIUS  # neurons zigzag rather than shrink


@pytest.mark.parametrize("hidden", [(64, 64), (64, 64, 64, 64)])
def test_a_small_window_shows_some_tiles_and_says_so_rather_than_crowd_the_columns(hidden):
    lay = layout_graph(AREAS["1024x640"], [784, *hidden, 10])
    assert 10 < len(lay.tiles) < 64 and lay.more is not None
    assert min(t[2] for t in lay.tiles) >= MIN_TILE
    xs = lay.column_x
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) > 60


def test_input_edges_are_drawn_only_once_they_leave_the_image_and_its_caption():
    lay = layout_graph(AREAS["1280x800"], [784, 64, 10])
    starts, ends = lay.endpoints(1)
    starts, ends = np.repeat(starts, 64, 0), np.tile(ends, (784, 1))
    t = lay.leaves_input(starts, ends)
    for frac in (0.0, 0.3, 0.7, 1.0):  # along the drawn part of every edge
        x, y = (starts + (ends - starts) * (t + (1 - t) * frac)).T
        for bx, by, bw, bh in (lay.image, lay.caption):
            assert not (
                (x > bx + 0.5) & (x < bx + bw - 0.5) & (y > by + 0.5) & (y < by + bh - 0.5)
            ).any()


def test_pixel_points_land_in_their_pixels():
    lay = layout_graph(AREAS["1280x800"], [784, 16, 3])
    x, y, w, h = lay.image
    assert tuple(lay.pixel_points[0]) == pytest.approx((x + w / 56, y + h / 56))
    px, py = lay.pixel_points[28 * 27 + 27]
    assert x + w * 27 / 28 < px < x + w and y + h * 27 / 28 < py < y + h


def test_hit_neuron_finds_the_neuron_under_the_pointer_and_nothing_elsewhere():
    lay = layout_graph(AREAS["1280x800"], [784, 16, 16, 3])
    x, y = lay.neurons[1][5]
    assert hit_neuron(lay, (x + 2, y - 2)) == (2, 5)
    assert hit_neuron(lay, lay.neurons[2][0]) == (3, 0)
    assert hit_neuron(lay, (lay.image[0] + 5, lay.image[1] + 5)) is None


def test_endpoints_join_pixels_to_tiles_then_neurons_to_neurons():
    lay = layout_graph(AREAS["1280x800"], [784, 16, 8, 3])
    starts, ends = lay.endpoints(1)
    assert starts.shape == (784, 2) and ends.shape == (16, 2)
    assert ends[0][0] == lay.tiles[0][0]
    starts, ends = lay.endpoints(3)
    assert starts.shape == (8, 2) and ends.shape == (3, 2)
    assert tuple(ends[2]) == lay.neurons[2][2]


def test_hit_edge_finds_the_edge_under_the_pointer():
    lay = layout_graph(AREAS["1280x800"], [784, 16, 8, 3])
    (x0, y0), (x1, y1) = lay.neurons[1][6], lay.neurons[2][1]
    middle = ((x0 + x1) / 2, (y0 + y1) / 2 + 1)
    assert hit_edge(lay, middle) == (3, 6, 1)
    assert hit_edge(lay, (lay.image[0] + 5, lay.image[1] + 5)) is None
    assert hit_edge(lay, (x0 + 30, 5000)) is None


@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5])
@pytest.mark.parametrize("area", AREAS.values(), ids=AREAS.keys())
def test_input_edges_from_the_image_s_right_side_reach_every_tile_drawn(area, scale):
    """An edge leaving the middle of the image's right side is drawn from near the image to
    its tile, the lowest tiles' too: a caption box wider than the image (at UI scale 1.25)
    cut those edges into stubs beside the tiles."""
    lay = layout_graph_scaled(area, [784, 16, 16, 16, 10], scale)
    starts, ends = lay.endpoints(1)
    start = starts[14 * 28 + 27][None]  # row 14, the last column
    t = lay.leaves_input(np.repeat(start, len(ends), 0), ends)
    assert t.max() < 0.3
