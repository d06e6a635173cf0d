"""Where everything in the train scene's network picture goes, as plain numbers.

Kept free of pygame so the geometry can be tested for overlaps at every network shape the
settings allow (1-4 hidden layers of 2-64 neurons, 2-10 outputs) without opening a window.
Boxes are (x, y, w, h) tuples of ints; points are (x, y) floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

Box = tuple[int, int, int, int]
Point = tuple[float, float]

MARGIN = 20
TITLE_SPACE = 56  # above the columns, for their titles and notes
BOTTOM_SPACE = 34  # below the columns, for the legend
TILE_GAP = 4  # between weight tiles
MIN_TILE = 24  # below this a tile stops showing a recognisable 28x28 pattern
MAX_TILE = 44
MAX_TILE_COLUMNS = 4
HIDDEN_SPACING = 44  # most vertical room one neuron gets; small layers stay compact
OUTPUT_SPACING = 60
OUTPUT_LABELS = 170  # right of the output column: digit, probability bar, percentage
BAR_HEIGHT = 14
VERDICT = 52  # below the output bars: the target and the guess, two lines


@dataclass(frozen=True)
class GraphLayout:
    area: Box  # the whole scene area
    graph: Box  # the network picture
    panel: Box  # charts and numbers, right of the picture
    image: Box  # the shown sample, 28x28 scaled by a whole number
    tiles: list[Box]  # one weight tile per first hidden neuron
    neurons: list[list[Point]]  # centres of layers 1..L (inputs are the image)
    radii: list[float]  # neuron radius per layer 1..L
    bars: list[Box]  # probability bar per output neuron
    verdict: Box  # under the bars: the target and the network's guess
    legend: Box  # below the picture

    @property
    def column_x(self) -> list[float]:
        return [layer[0][0] for layer in self.neurons]

    @cached_property
    def pixel_points(self) -> np.ndarray:
        """(784, 2) centres of the input pixels (row-major 28x28) inside the image."""
        x, y, w, h = self.image
        row, col = np.divmod(np.arange(28 * 28), 28)
        return np.stack([x + (col + 0.5) * w / 28, y + (row + 0.5) * h / 28], 1).astype(np.float32)

    def endpoints(self, segment: int) -> tuple[np.ndarray, np.ndarray]:
        """(n_in, 2) start and (n_out, 2) end points of the edges of `segment` (1..L).

        Segment 1 runs from every input pixel to the left edge of its neuron's weight tile.
        """
        if segment == 1:
            ends = np.array([(x, y + h / 2) for x, y, _, h in self.tiles], np.float32)
            return self.pixel_points, ends
        return (
            np.array(self.neurons[segment - 2], np.float32),
            np.array(self.neurons[segment - 1], np.float32),
        )


def _column(count: int, centre_y: float, room: float, most: float) -> tuple[list[float], float]:
    """Evenly spaced y centres for `count` neurons around centre_y, and their spacing."""
    spacing = min(most, room / count)
    top = centre_y - spacing * (count - 1) / 2
    return [top + i * spacing for i in range(count)], spacing


def first_layer_tiles(count: int, room: float) -> tuple[float, int, int]:
    """Spacing of the first hidden layer, its staggered tile columns and the tile size.

    Tiles of a neuron `columns` apart share a column, so a tile may be `columns` spacings tall;
    the top and bottom tiles overhang their neurons by half a tile, which the room must hold.
    """
    columns = 1
    while True:
        spacing = min(HIDDEN_SPACING, (room + TILE_GAP) / (count - 1 + columns))
        size = int(columns * spacing - TILE_GAP)
        if size >= MIN_TILE or columns == MAX_TILE_COLUMNS:
            return spacing, columns, max(min(size, MAX_TILE), 4)
        columns += 1


def panel_box(area: Box) -> Box:
    """The strip on the right of the scene for charts and numbers (the picture gets the rest)."""
    ax, ay, aw, ah = area
    width = int(min(max(aw * 0.27, 280), 360))
    return (ax + aw - width, ay, width, ah)


def layout_graph(area: Box, sizes: list[int]) -> GraphLayout:
    """Place the picture of a network with full layer `sizes` (inputs first) inside `area`."""
    panel = panel_box(area)
    ax, ay, aw, ah = area
    graph = (ax, ay, aw - panel[2], ah)
    gx, gy, gw, gh = graph
    top, bottom = gy + TITLE_SPACE, gy + gh - BOTTOM_SPACE
    room, centre_y = bottom - top, (top + bottom) / 2

    scale = int(min(max(min(gw * 0.21, room * 0.45) // 28, 3), 8))
    side = 28 * scale
    image = (gx + MARGIN, int(centre_y - side / 2), side, side)

    hidden = sizes[1:-1]
    first_spacing, columns, tile = first_layer_tiles(hidden[0], room)
    first_ys, _ = _column(hidden[0], centre_y, room, first_spacing)
    input_gap = int(min(max(gw * 0.1, 50), 120))
    tiles_left = image[0] + side + input_gap
    tiles_w = columns * (tile + TILE_GAP)
    tiles = []
    for k, y in enumerate(first_ys):
        column = columns - 1 - k % columns  # the newest tile sits nearest its neuron
        tiles.append((tiles_left + column * (tile + TILE_GAP), int(y - tile / 2), tile, tile))

    first_x = tiles_left + tiles_w + 16 + 12
    output_x = gx + gw - OUTPUT_LABELS - MARGIN
    xs = [first_x + (output_x - first_x) * i / (len(sizes) - 2) for i in range(len(sizes) - 1)]

    neurons, radii = [], []
    for i, count in enumerate(sizes[1:]):
        output = i == len(sizes) - 2
        if i == 0:
            ys, spacing = first_ys, first_spacing
        elif output:  # room kept below for the verdict
            ys, spacing = _column(count, centre_y - VERDICT / 2, room - VERDICT, OUTPUT_SPACING)
        else:
            ys, spacing = _column(count, centre_y, room, HIDDEN_SPACING)
        radii.append(min(max(spacing * 0.36, 2.5), 14.0 if output else 12.0))
        neurons.append([(xs[i], y) for y in ys])

    out_r = radii[-1]
    bar_left = int(output_x + out_r + 40)
    bar_w = gx + gw - MARGIN - 44 - bar_left
    bars = [(bar_left, int(y - BAR_HEIGHT / 2), bar_w, BAR_HEIGHT) for _, y in neurons[-1]]
    last_y = neurons[-1][-1][1] + max(out_r, BAR_HEIGHT / 2)
    verdict = (bar_left - 30, int(last_y) + 8, gx + gw - MARGIN - bar_left + 30, VERDICT - 8)
    legend = (gx + MARGIN, gy + gh - BOTTOM_SPACE + 6, gw - 2 * MARGIN, BOTTOM_SPACE - 10)
    return GraphLayout(area, graph, panel, image, tiles, neurons, radii, bars, verdict, legend)


def hit_neuron(layout: GraphLayout, point: Point) -> tuple[int, int] | None:
    """(layer, index) of the neuron under `point` (layer 1..L), or None; a little forgiving."""
    px, py = point
    for layer, (centres, r) in enumerate(zip(layout.neurons, layout.radii, strict=True), 1):
        reach = max(r + 3, 6)
        for index, (x, y) in enumerate(centres):
            if math.hypot(px - x, py - y) <= reach:
                return layer, index
    return None


def hit_edge(layout: GraphLayout, point: Point, reach: float = 3.0) -> tuple[int, int, int] | None:
    """(segment, i, j) of the hidden or output edge nearest `point` within `reach` pixels,
    joining neuron i of layer segment-1 to neuron j of layer segment; None if none is that near.
    """
    px, py = point
    xs = layout.column_x
    for segment in range(2, len(layout.neurons) + 1):
        if not xs[segment - 2] < px < xs[segment - 1]:
            continue
        starts, ends = layout.endpoints(segment)
        a = np.repeat(starts, len(ends), axis=0)
        d = np.tile(ends, (len(starts), 1)) - a
        t = np.clip(((px - a[:, 0]) * d[:, 0] + (py - a[:, 1]) * d[:, 1]) / (d**2).sum(1), 0, 1)
        gap = np.hypot(a[:, 0] + t * d[:, 0] - px, a[:, 1] + t * d[:, 1] - py)
        nearest = int(np.argmin(gap))
        if gap[nearest] <= reach:
            return segment, *divmod(nearest, len(ends))
    return None
