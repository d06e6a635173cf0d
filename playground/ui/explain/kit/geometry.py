"""Pure geometry for the explain pages: where a pixel, an input slot or a data point lands.

Kept free of pygame so the mapping from picture to numbers (which the pages promise the user
is exact) can be tested directly. Rectangles are plain (x, y, w, h) tuples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.core.settings import IMAGE_SIDE

Box = tuple[int, int, int, int]


def input_index(row: int, col: int) -> int:
    """The position of pixel (row, col) in the flat input column, read row by row."""
    if not (0 <= row < IMAGE_SIDE and 0 <= col < IMAGE_SIDE):
        raise ValueError(f"pixel ({row}, {col}) is outside the {IMAGE_SIDE}x{IMAGE_SIDE} grid")
    return row * IMAGE_SIDE + col


@dataclass(frozen=True)
class Grid:
    """A square image grid of IMAGE_SIDE x IMAGE_SIDE cells of `cell` pixels from (left, top)."""

    left: int
    top: int
    cell: int

    @property
    def size(self) -> int:
        return self.cell * IMAGE_SIDE

    def cell_box(self, row: int, col: int) -> Box:
        return (self.left + col * self.cell, self.top + row * self.cell, self.cell, self.cell)

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        col, row = (x - self.left) // self.cell, (y - self.top) // self.cell
        if 0 <= row < IMAGE_SIDE and 0 <= col < IMAGE_SIDE:
            return int(row), int(col)
        return None


@dataclass(frozen=True)
class Column:
    """The 784 inputs as one tall column wrapped into `segments` equal strips side by side."""

    left: int
    top: int
    height: int  # of each strip
    strip_width: int
    gap: int  # between strips
    segments: int = 4

    @property
    def per_strip(self) -> int:
        return IMAGE_SIDE * IMAGE_SIDE // self.segments

    def strip_box(self, strip: int) -> Box:
        x = self.left + strip * (self.strip_width + self.gap)
        return (x, self.top, self.strip_width, self.height)

    def slot_y(self, position: int) -> int:
        """Top edge of slot `position` within a strip (0..per_strip, the end included)."""
        return self.top + round(position * self.height / self.per_strip)

    def slot_box(self, index: int) -> Box:
        strip, position = divmod(index, self.per_strip)
        x = self.strip_box(strip)[0]
        y0, y1 = self.slot_y(position), self.slot_y(position + 1)
        return (x, y0, self.strip_width, max(1, y1 - y0))

    def slot_at(self, x: float, y: float) -> int | None:
        for strip in range(self.segments):
            sx, sy, sw, sh = self.strip_box(strip)
            if sx <= x < sx + sw and sy <= y < sy + sh:
                position = int((y - self.top) * self.per_strip // self.height)
                return strip * self.per_strip + min(position, self.per_strip - 1)
        return None


def lerp_box(a: Box, b: Box, t: float) -> Box:
    """The box a fraction t of the way from a to b (position and size)."""
    return tuple(round(p + (q - p) * t) for p, q in zip(a, b, strict=True))  # type: ignore[return-value]


def ease(t: float) -> float:
    """Smooth start and stop for t in [0, 1] (clamped)."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


@dataclass(frozen=True)
class Axes:
    """Maps data (x, y) inside given ranges to pixels inside a box (y grows upwards)."""

    box: Box
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def px(self, x: float | np.ndarray, y: float | np.ndarray):
        bx, by, bw, bh = self.box
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return bx + (np.asarray(x) - x0) / (x1 - x0) * bw, by + bh - (np.asarray(y) - y0) / (
            y1 - y0
        ) * bh

    def data_x(self, px: float) -> float:
        bx, _, bw, _ = self.box
        x0, x1 = self.x_range
        t = min(max((px - bx) / bw, 0.0), 1.0)
        return x0 + t * (x1 - x0)

    def polyline(self, xs: np.ndarray, ys: np.ndarray) -> list[tuple[float, float]]:
        """Pixel points of a curve, clipped to the y range so lines stay inside the box."""
        y0, y1 = self.y_range
        px, py = self.px(xs, np.clip(ys, y0, y1))
        return list(zip(px.tolist(), py.tolist(), strict=True))
