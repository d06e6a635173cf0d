"""Edges of the network picture: the weights baked as lines, and what travels along them.

Drawing hundreds of lines costs milliseconds, so the weight edges are baked onto the picture's
background and re-baked only when the weights moved (the view limits how often); per frame only
the few edges an animation touches are drawn: pulses as batched sprites, flashes as lines.
Colour is the sign (blue positive, orange negative); width and strength of colour the magnitude,
mixed towards the paper so no alpha blending is needed.
"""

from __future__ import annotations

import numpy as np
import pygame

from playground.render import sprites, theme
from playground.render.graph_layout import GraphLayout
from playground.render.timeline import contributions, strongest, strongest_per_neuron

MAX_EDGES = 1200  # per segment; wider layers draw only their strongest edges
INPUT_EDGES_PER_NEURON = 3  # input edges drawn from the pixels that feed each neuron most
MIN_STRENGTH = 0.04  # fainter edges would vanish into the paper anyway

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


def bake_weights(
    surface: pygame.Surface, layout: GraphLayout, weights: list[np.ndarray], image: np.ndarray
) -> None:
    """Draw every segment's edges onto `surface` (which covers layout.graph).

    Hidden and output segments: all edges (up to MAX_EDGES), strongest on top. Input segment:
    the few pixels of the shown `image` that feed each first neuron most (input x weight).
    """
    offset = layout.graph[:2]
    for segment in range(2, len(weights) + 1):
        w = np.nan_to_num(weights[segment - 1])
        rows, cols, strength = strongest(w, MAX_EDGES)
        keep = strength >= MIN_STRENGTH
        rows, cols, strength = rows[keep], cols[keep], strength[keep]
        starts, ends = layout.endpoints(segment)
        colours = _colours(w[rows, cols], 0.12 + 0.88 * strength)
        widths = 1 + np.rint(strength * 3).astype(np.int32)
        _lines(surface, starts[rows], ends[cols], colours, widths, offset, smooth=False)
    c = np.nan_to_num(contributions(image, weights[0]))
    rows, cols = strongest_per_neuron(c, INPUT_EDGES_PER_NEURON)
    if len(rows):
        values = c[rows, cols]
        strength = np.abs(values) / np.abs(values).max()
        starts, ends = layout.endpoints(1)
        order = np.argsort(strength)
        colours = _colours(values[order], 0.15 + 0.85 * strength[order])
        widths = np.ones(len(order), np.int32)
        _lines(surface, starts[rows[order]], ends[cols[order]], colours, widths, offset, True)
    ox, oy = offset
    r = layout.radii[0]
    for (x, y, w, h), (nx, ny) in zip(layout.tiles, layout.neurons[0], strict=True):
        pygame.draw.aaline(
            surface, theme.GRID, (x + w - ox, y + h / 2 - oy), (nx - r - ox, ny - oy)
        )


class Pulses:
    """The forward pulses of one shown sample: which edges carry them, and how strongly."""

    def __init__(self, layout: GraphLayout, inputs: list[np.ndarray], weights, limit: int) -> None:
        self.segments = []
        for segment, (a, w) in enumerate(zip(inputs, weights, strict=True), start=1):
            rows, cols, strength = strongest(contributions(a, w), limit)
            values = contributions(a, w)[rows, cols]
            starts, ends = layout.endpoints(segment)
            sprites_ = [
                sprites.pulse(
                    2 + int(s * 2.5),
                    theme.POSITIVE if v >= 0 else theme.NEGATIVE,
                    int(90 + 165 * s),
                )
                for s, v in zip(strength.tolist(), values.tolist(), strict=True)
            ]
            self.segments.append((starts[rows], ends[cols] - starts[rows], sprites_))

    def draw(self, surface: pygame.Surface, segment: int, progress: float) -> None:
        """Pulses of `segment` at `progress` (0..1) along their edges, in one fblits call."""
        starts, spans, images = self.segments[segment - 1]
        points = (starts + spans * np.float32(progress)).tolist()
        surface.fblits(
            [sprites.centred(image, x, y) for image, (x, y) in zip(images, points, strict=True)]
        )


def flash_changes(
    surface: pygame.Surface,
    layout: GraphLayout,
    changes: np.ndarray,
    segment: int,
    flash: float,
    limit: int,
) -> None:
    """Edges of `segment` lit in proportion to the weight change the step applied to them."""
    rows, cols, strength = strongest(changes, limit)
    if not len(rows) or flash <= 0:
        return
    starts, ends = layout.endpoints(segment)
    colours = _colours(changes[rows, cols], flash * (0.3 + 0.7 * strength))
    widths = 1 + np.rint(strength * flash * 4).astype(np.int32)
    _lines(surface, starts[rows], ends[cols], colours, widths, (0, 0), smooth=False)
