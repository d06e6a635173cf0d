"""Edges of the network picture: the weights baked as lines, and what travels along them.

Drawing thousands of lines costs milliseconds, so the weight edges are written as pixel arrays
(see edge_raster) onto the picture's background, re-baked only when the weights moved (the view
limits how often, and spreads a re-bake over frames a chunk of edges at a time); per frame only
the few edges an animation touches are drawn: pulses as batched sprites, flashes as lines.
Colour is the sign (blue positive, orange negative); width and strength of colour the
magnitude, mixed towards the paper so no alpha blending is needed.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pygame

from playground.ui.render import sprites, theme
from playground.ui.render.edge_raster import EdgeRaster
from playground.ui.render.graph_layout import GraphLayout
from playground.ui.render.timeline import contributions, strongest, strongest_per_neuron

MAX_EDGES = 64 * 64  # per segment: every edge of the widest layers the UI makes
CHUNK = 512  # at most this many edges written per frame of a re-bake,
FRAME_PIXELS = 60_000  # and about this many pixels (~1 ms on a slow 2-core machine)
INPUT_EDGES = 48  # input edges drawn, from the pixels that feed each neuron most (1-3 each)

_PAPER = np.array(theme.PAPER, np.float32)
_SIGN = np.array([theme.NEGATIVE, theme.POSITIVE], np.float32)


def _colours(signs: np.ndarray, opacity: np.ndarray) -> np.ndarray:
    """(E, 3) sign colours mixed toward the paper by 1 - opacity."""
    ink = _SIGN[(signs >= 0).astype(np.intp)]
    return (_PAPER + (ink - _PAPER) * np.clip(opacity, 0.0, 1.0)[:, None]).astype(np.int32)


def _lines(surface, starts, ends, colours, widths, offset, smooth: bool) -> None:
    """Draw E lines; arrays are (E, 2), (E, 2), (E, 3), (E,); `offset` is subtracted."""
    ox, oy = offset
    draw = pygame.draw.aaline if smooth else pygame.draw.line
    for (x0, y0), (x1, y1), colour, width in zip(
        starts.tolist(), ends.tolist(), colours.tolist(), widths.tolist(), strict=True
    ):
        draw(surface, colour, (x0 - ox, y0 - oy), (x1 - ox, y1 - oy), width)


def rasters(layout: GraphLayout) -> list[EdgeRaster]:
    """Pixel lists of the hidden and output segments (2..L), relative to the graph's corner."""
    gx, gy, gw, gh = layout.graph
    corner = np.array([gx, gy], np.float32)
    return [
        EdgeRaster(starts - corner, ends - corner, (gw, gh), room=2 * MAX_EDGES)
        for starts, ends in (layout.endpoints(s) for s in range(2, len(layout.neurons) + 1))
    ]


def _mapped(surface: pygame.Surface, rgb: np.ndarray) -> np.ndarray:
    """(E, 3) colours as the surface's pixel integers (what `map_rgb` does, for an array)."""
    rs, gs, bs, _ = surface.get_shifts()
    rl, gl, bl, _ = surface.get_losses()
    rgb = rgb.astype(np.uint32)
    return ((rgb[:, 0] >> rl) << rs) | ((rgb[:, 1] >> gl) << gs) | ((rgb[:, 2] >> bl) << bs)


def chunks(cost: np.ndarray) -> list[slice]:
    """Consecutive runs of edges, each at most CHUNK edges and FRAME_PIXELS pixels of `cost`
    (but never empty), covering every edge once."""
    total = np.cumsum(cost)
    parts, start = [], 0
    while start < len(cost):
        done = total[start - 1] if start else 0
        end = int(np.searchsorted(total, done + FRAME_PIXELS, side="right"))
        end = min(max(end, start + 1), start + CHUNK)
        parts.append(slice(start, end))
        start = end
    return parts


def _store(surface: pygame.Surface, index: np.ndarray, colours: np.ndarray) -> None:
    """Write `colours` to the pixels at row-major `index` (y * width + x) of `surface`."""
    pixels = pygame.surfarray.pixels2d(surface)  # (width, height); locks the surface
    flat = pixels.T.reshape(-1)  # a view unless rows are padded (16-bit, odd width): a copy
    if np.shares_memory(flat, pixels):
        # the raster keeps its pixels as int32; numpy's store by an int32 index took twice as
        # long as converting it to intp first and storing by that (0.18 against 0.09 ms for
        # a chunk of 60,000 pixels)
        flat[index.astype(np.intp)] = colours
    else:
        y, x = np.divmod(index, surface.get_width())
        pixels[x, y] = colours
    del pixels, flat  # unlock the surface before anything else draws on it


def bake_segment(
    surface: pygame.Surface, raster: EdgeRaster, weights: np.ndarray
) -> Iterator[None]:
    """Every edge of one hidden or output segment, weakest first and strongest on top, written
    straight into the pixels of `surface` (which covers layout.graph). Segments of more than
    MAX_EDGES edges (only scripts make layers that wide) draw their strongest MAX_EDGES. A
    generator: it pauses after each chunk (see chunks), so the cost is spread over frames."""
    w = np.nan_to_num(weights)
    rows, cols, strength = strongest(w, MAX_EDGES)
    widths = 1 + np.rint(strength**2 * 2.5).astype(np.intp)
    colours = _mapped(surface, _colours(w[rows, cols], 0.05 + 0.7 * strength**1.5))
    edge = rows * w.shape[1] + cols
    for part in chunks(raster.lengths(edge) * widths):
        index, k = raster.pixels(edge[part], widths[part])
        _store(surface, index, colours[part][k])
        yield


def bake_inputs(
    surface: pygame.Surface, layout: GraphLayout, weights: np.ndarray, image: np.ndarray
) -> Iterator[None]:
    """Input edges: from the few pixels of the shown `image` that feed each first neuron most
    (input x weight) to its tile, as anti-aliased lines. A generator like bake_segment: the
    weaker half of the lines, a pause, the stronger half."""
    c = np.nan_to_num(contributions(image, weights))[:, : len(layout.tiles)]
    rows, cols = strongest_per_neuron(c, min(max(INPUT_EDGES // c.shape[1], 1), 3))
    if not len(rows):
        return
    values = c[rows, cols]
    strength = np.abs(values) / np.abs(values).max()
    starts, ends = layout.endpoints(1)
    order = np.argsort(strength)
    colours = _colours(values[order], 0.15 + 0.85 * strength[order])
    widths = np.ones(len(order), np.int32)
    starts, ends = starts[rows[order]], ends[cols[order]]
    starts = starts + (ends - starts) * layout.leaves_input(starts, ends)
    half = len(order) // 2
    for part in (slice(0, half), slice(half, None)):
        lines = starts[part], ends[part], colours[part], widths[part]
        _lines(surface, *lines, layout.graph[:2], True)
        yield


def draw_connectors(surface: pygame.Surface, layout: GraphLayout) -> None:
    """Thin lines joining each weight tile to its neuron (they never change with the weights;
    tiles are drawn over them, so in a grid they show in the gaps and beyond its right side)."""
    ox, oy = layout.graph[:2]
    r = layout.radii[0]
    for (x, y, w, h), (nx, ny) in zip(layout.tiles, layout.neurons[0], strict=False):
        pygame.draw.aaline(
            surface, theme.GRID, (x + w - ox, y + h / 2 - oy), (nx - r - ox, ny - oy)
        )


class Pulses:
    """The forward pulses of one shown sample: which edges carry them, and how strongly.

    A pulse is a glowing dot with a lit trail behind it, both sized and coloured by what its
    edge carries (input x weight): the strongest `limit` edges of each segment get one. Trails
    travel only the part of an input edge beyond the image and its caption, so nothing moves
    over the digit or its words.
    """

    def __init__(self, layout: GraphLayout, inputs: list[np.ndarray], weights, limit: int) -> None:
        self.segments = []
        for segment, (a, w) in enumerate(zip(inputs, weights, strict=True), start=1):
            carried = contributions(a, w)
            if segment == 1:  # only into the neurons whose tiles are shown
                carried = carried[:, : len(layout.tiles)]
            rows, cols, strength = strongest(carried, limit)
            values = carried[rows, cols]
            starts, ends = layout.endpoints(segment)
            starts, ends = starts[rows], ends[cols]
            if segment == 1:
                starts = starts + (ends - starts) * layout.leaves_input(starts, ends)
            spans = ends - starts
            dots = [
                sprites.pulse(
                    3 + int(s * 3), theme.POSITIVE if v >= 0 else theme.NEGATIVE, int(150 + 105 * s)
                )
                for s, v in zip(strength.tolist(), values.tolist(), strict=True)
            ]
            trail = _colours(values, 0.25 + 0.75 * strength)
            widths = 1 + np.rint(strength * 2).astype(np.int32)
            self.segments.append((starts, spans, dots, trail, widths))

    def draw(self, surface: pygame.Surface, segment: int, progress: float) -> None:
        """Pulses of `segment` at `progress` (0..1) along their edges: trails, then the dots
        in one fblits call."""
        starts, spans, dots, trail, widths = self.segments[segment - 1]
        points = starts + spans * np.float32(progress)
        _lines(surface, starts, points, trail, widths, (0, 0), smooth=False)
        surface.fblits(
            [sprites.centred(dot, x, y) for dot, (x, y) in zip(dots, points.tolist(), strict=True)]
        )


class Flashes:
    """The backward sweep's lit edges for one step: per segment, the `limit` edges whose
    weights the step changed most, brightness and width by the real |change|. Input edges are
    lit from where they leave the image and its caption, so the digit stays clean."""

    def __init__(self, layout: GraphLayout, changes: list[np.ndarray], limit: int) -> None:
        self.segments = []
        for segment, change in enumerate(changes, start=1):
            if segment == 1:  # only into the neurons whose tiles are shown
                change = change[:, : len(layout.tiles)]
            rows, cols, strength = strongest(change, limit)
            starts, ends = layout.endpoints(segment)
            starts, ends = starts[rows], ends[cols]
            if segment == 1:
                starts = starts + (ends - starts) * layout.leaves_input(starts, ends)
            self.segments.append((starts, ends, change[rows, cols], strength))

    def draw(self, surface: pygame.Surface, segment: int, flash: float) -> None:
        """Edges of `segment` as the sweep crosses them (`flash` 0..1): the most changed light up
        first and swell widest; colour is the sign of the change, never washed toward paper."""
        starts, ends, values, strength = self.segments[segment - 1]
        lit = strength * flash >= 0.1
        colours = _colours(values[lit], 0.45 + 0.55 * strength[lit])
        swell = 1 if segment == 1 else 4  # input edges converge on a tile: thick ones would blot
        widths = 1 + np.rint(strength[lit] * flash * swell).astype(np.int32)
        _lines(surface, starts[lit], ends[lit], colours, widths, (0, 0), smooth=False)
