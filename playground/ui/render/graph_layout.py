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
TITLE_SPACE = 60  # above the columns: titles, notes, and the tile view switch
BOTTOM_SPACE = 56  # below the columns, for the legend's two rows
TILE_GAP = 4  # between weight tiles
MIN_TILE = 28  # one screen pixel per image pixel: any smaller and the 28x28 pattern is lost
MAX_TILE = 44
MAX_TILE_COLUMNS = 6
TILE_TO_NEURON = 32  # room between the tile grid and the first neurons, for the connectors
MORE_SPACE = 20  # under a tile grid that shows only some tiles, for its "+N more" note
MIN_COLUMN_GAP = 70  # room kept for each neuron column after the first, before tiles get more
HIDDEN_SPACING = 44  # most vertical room one neuron gets; small layers stay compact
OUTPUT_SPACING = 60
MIN_RADIUS = 6  # a neuron drawn smaller cannot show its fill; dense layers zigzag instead
OUTPUT_LABELS = 170  # right of the output column: digit, probability bar, percentage
BAR_HEIGHT = 14
VERDICT = 74  # below the output bars: the target, the guess, and the step they are from
CAPTION_HEIGHT = 100  # under the input image, as wide: what the sample is, what is happening
CLEARANCE = 10  # pixels from the input image or its caption to where input edges start (halos)


@dataclass(frozen=True)
class GraphLayout:
    area: Box  # the whole scene area
    graph: Box  # the network picture
    panel: Box  # charts and numbers, right of the picture
    image: Box  # the shown sample, 28x28 scaled by a whole number
    caption: Box  # under the image, for the scene's words about it
    tiles: list[Box]  # weight tiles of the first hidden neurons 0..len(tiles)-1, in a grid
    more: Box | None  # under the grid, when some neurons have no tile: "+N more"
    xs: list[float]  # the x of each neuron column, layers 1..L
    neurons: list[list[Point]]  # centres of layers 1..L (inputs are the image)
    radii: list[float]  # neuron radius per layer 1..L
    bars: list[Box]  # probability bar per output neuron
    verdict: Box  # under the bars: the target and the network's guess
    legend: Box  # below the picture

    @property
    def column_x(self) -> list[float]:
        return list(self.xs)

    @property
    def tile_grid(self) -> Box:
        """The box round every tile."""
        left, top = min(t[0] for t in self.tiles), min(t[1] for t in self.tiles)
        right = max(t[0] + t[2] for t in self.tiles)
        bottom = max(t[1] + t[3] for t in self.tiles)
        return (left, top, right - left, bottom - top)

    @cached_property
    def pixel_points(self) -> np.ndarray:
        """(784, 2) centres of the input pixels (row-major 28x28) inside the image."""
        x, y, w, h = self.image
        row, col = np.divmod(np.arange(28 * 28), 28)
        return np.stack([x + (col + 0.5) * w / 28, y + (row + 0.5) * h / 28], 1).astype(np.float32)

    @cached_property
    def _first_ends(self) -> np.ndarray:
        """Where input edges end: the grid's left side, level with the neuron's tile (so no
        edge crosses a tile), or for a neuron without one, level with the neuron."""
        gx, gy, _, gh = self.tile_grid
        ends = [(gx, min(max(y, gy), gy + gh)) for _, y in self.neurons[0]]
        ends[: len(self.tiles)] = [(gx, y + h / 2) for _, y, _, h in self.tiles]
        return np.array(ends, np.float32)

    def endpoints(self, segment: int) -> tuple[np.ndarray, np.ndarray]:
        """(n_in, 2) start and (n_out, 2) end points of the edges of `segment` (1..L).

        Segment 1 runs from every input pixel to the tile grid's left side, level with its
        neuron's weight tile.
        """
        if segment == 1:
            return self.pixel_points, self._first_ends
        return (
            np.array(self.neurons[segment - 2], np.float32),
            np.array(self.neurons[segment - 1], np.float32),
        )

    def leaves_input(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """(E, 1) fraction of each input edge, from its pixel, at which it has left both the
        image and the caption under it: drawing only beyond it keeps the digit and its words
        clean."""
        fraction = np.zeros((len(starts), 1), np.float32)
        span = ends - starts
        with np.errstate(divide="ignore", invalid="ignore"):
            for x, y, w, h in (self.image, self.caption):
                c = CLEARANCE  # a wide or anti-aliased line may not touch the box either
                lo = (np.array([x - c, y - c], np.float32) - starts) / span
                hi = (np.array([x + w + c, y + h + c], np.float32) - starts) / span
                enter = np.nanmax(np.minimum(lo, hi), axis=1, keepdims=True)
                leave = np.nanmin(np.maximum(lo, hi), axis=1, keepdims=True)
                crosses = (enter <= leave) & (leave > 0)
                fraction = np.where(crosses, np.maximum(fraction, leave), fraction)
        return np.clip(np.nan_to_num(fraction), 0.0, 1.0)


def _column(count: int, centre_y: float, room: float, most: float) -> tuple[list[float], float]:
    """Evenly spaced y centres for `count` neurons around centre_y, and their spacing."""
    spacing = min(most, room / count)
    top = centre_y - spacing * (count - 1) / 2
    return [top + i * spacing for i in range(count)], spacing


def _radius(spacing: float, most: float) -> tuple[float, float]:
    """A neuron's radius for this spacing, and how far (x) alternate neurons step aside: below
    MIN_RADIUS the column zigzags, so each neuron's nearest neighbours are further away."""
    r = min(spacing * 0.36, most)
    if r >= MIN_RADIUS:
        return r, 0.0
    r = max(min(MIN_RADIUS, spacing - 1.0), 2.5)
    return r, math.sqrt(max((2 * r + 2) ** 2 - spacing**2, 0.0)) / 2


def tile_grid(count: int, spacing: float, height: float, width: float) -> tuple[int, int, int]:
    """(columns, tile size, tiles shown) of the first layer's tile grid.

    Tiles go in rows of `columns`, the rows spread over the neurons' height (`count` neurons
    `spacing` apart), with as few columns as keep a tile MIN_TILE wide within `width`. When no
    number of columns does, it shows as many tiles as fit at MIN_TILE in `height`.
    """
    for columns in range(1, MAX_TILE_COLUMNS + 1):
        fits = int((width + TILE_GAP) / columns - TILE_GAP)
        if fits < MIN_TILE:
            break
        rows = -(-count // columns)
        size = min(int(count * spacing / rows - TILE_GAP), MAX_TILE, fits)
        if size >= MIN_TILE:
            return columns, size, count
    columns = int(min(max((width + TILE_GAP) // (MIN_TILE + TILE_GAP), 1), MAX_TILE_COLUMNS))
    rows = int(max((height - MORE_SPACE + TILE_GAP) // (MIN_TILE + TILE_GAP), 1))
    return columns, MIN_TILE, min(count, rows * columns)


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
    input_gap = int(min(max(gw * 0.1, 50), 120))
    # no wider than the image: input edges leave the image's right side and the caption's box
    # together (wider, it cut the edges to the lowest tiles into stubs beyond it)
    caption = (image[0], image[1] + side + 6, side, min(CAPTION_HEIGHT, bottom - side - image[1]))

    hidden = sizes[1:-1]
    first_ys, first_spacing = _column(hidden[0], centre_y, room, HIDDEN_SPACING)
    first_r, first_dx = _radius(first_spacing, 12.0)
    tiles_left = image[0] + side + input_gap
    output_x = gx + gw - OUTPUT_LABELS - MARGIN
    width = output_x - tiles_left - TILE_TO_NEURON - (len(sizes) - 2) * MIN_COLUMN_GAP
    columns, tile, shown = tile_grid(hidden[0], first_spacing, room, width)
    rows = -(-shown // columns)
    if shown == hidden[0]:  # the rows spread over the neurons' height, level with them
        pitch = hidden[0] * first_spacing / rows
        grid_top = centre_y - (rows - 1) * pitch / 2 - tile / 2
    else:  # only some: the rows packed, with the note under them
        pitch = tile + TILE_GAP
        grid_top = centre_y - (rows * pitch - TILE_GAP + MORE_SPACE) / 2
    tiles = [
        (tiles_left + (k % columns) * (tile + TILE_GAP), int(grid_top + (k // columns) * pitch))
        + (tile, tile)
        for k in range(shown)
    ]
    grid_w = columns * (tile + TILE_GAP) - TILE_GAP
    first_x = tiles_left + grid_w + TILE_TO_NEURON + first_dx
    more = None
    if shown < hidden[0]:  # the note may reach right up to the first neurons
        reach = int(first_x - first_dx - first_r - 4 - tiles_left)
        more = (tiles_left, int(grid_top + rows * pitch), reach, MORE_SPACE)
    xs = [first_x + (output_x - first_x) * i / (len(sizes) - 2) for i in range(len(sizes) - 1)]

    neurons, radii = [], []
    for i, count in enumerate(sizes[1:]):
        output = i == len(sizes) - 2
        if i == 0:
            ys, (r, dx) = first_ys, (first_r, first_dx)
        elif output:  # room kept below for the verdict
            ys, spacing = _column(count, centre_y - VERDICT / 2, room - VERDICT, OUTPUT_SPACING)
            r, dx = min(max(spacing * 0.36, 2.5), 14.0), 0.0
        else:
            ys, spacing = _column(count, centre_y, room, HIDDEN_SPACING)
            r, dx = _radius(spacing, 12.0)
        radii.append(r)
        neurons.append([(xs[i] + (dx if k % 2 else -dx), y) for k, y in enumerate(ys)])

    out_r = radii[-1]
    bar_left = int(output_x + out_r + 40)
    bar_w = gx + gw - MARGIN - 44 - bar_left
    bars = [(bar_left, int(y - BAR_HEIGHT / 2), bar_w, BAR_HEIGHT) for _, y in neurons[-1]]
    last_y = neurons[-1][-1][1] + max(out_r, BAR_HEIGHT / 2)
    verdict = (bar_left - 30, int(last_y) + 8, gx + gw - MARGIN - bar_left + 30, VERDICT - 8)
    legend = (gx + MARGIN, gy + gh - BOTTOM_SPACE + 4, gw - 2 * MARGIN, BOTTOM_SPACE - 8)
    return GraphLayout(
        area, graph, panel, image, caption, tiles, more, xs, neurons, radii, bars, verdict, legend
    )


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
