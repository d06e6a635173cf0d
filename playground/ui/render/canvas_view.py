"""28x28 grids shown large: the drawing canvas, and the input the network reads beside it.

Both are crisp cells under a faint cell grid, so a person can count pixels and compare the two.
The canvas changes only while the pen moves, so its picture is rebuilt only when the canvas
`version` (or the size on screen) changes and is a single blit on every other frame. The grid
is alpha-blended over the cells so it stays faintly visible on paper and on ink alike.

The input view can carry the network's sensitivity: d(top output)/d(input pixel), summed over
a pen dab's footprint, on the diverging scale (blue: more ink here raises the guess, orange:
lowers it) with the ink laid over it half-transparently, so it is read against the shape that
produced it.
"""

from __future__ import annotations

import numpy as np
import pygame

from playground.core.data.pen import DAB
from playground.core.settings import IMAGE_SIDE
from playground.ui.render import theme
from playground.ui.render.images import digit_surface, rgb_surface

GRID_ALPHA = 34  # how strongly the cell lines show over paper and ink
INK_OVER_SENSITIVITY = 0.7  # opacity of the ink drawn over the sensitivity colours
SCALE_PERCENTILE = 98  # sensitivities beyond this percentile show at full colour
CURSOR_CELLS = 1.5  # radius of the pen outline, in cells (one dab reaches the 8 neighbours)


def grid_overlay(side: int) -> pygame.Surface:
    """Transparent surface with a line between every two neighbouring cells."""
    overlay = pygame.Surface((side, side), pygame.SRCALPHA)
    colour = (*theme.INK, GRID_ALPHA)
    for i in range(1, IMAGE_SIDE):
        at = round(i * side / IMAGE_SIDE)
        pygame.draw.line(overlay, colour, (at, 0), (at, side - 1))
        pygame.draw.line(overlay, colour, (0, at), (side - 1, at))
    return overlay


class CanvasView:
    """Paints a canvas into a square rect; remembers the last picture until the canvas changes."""

    def __init__(self) -> None:
        self._picture: pygame.Surface | None = None
        self._key: tuple[int, int] | None = None
        self._grid: pygame.Surface | None = None
        self.rebuilds = 0  # how many times the picture was rebuilt (tests check caching)

    def draw(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        pixels: np.ndarray,
        version: int,
        cursor: tuple[int, int] | None = None,
        erasing: bool = False,
    ) -> None:
        """Blit the canvas into `rect` (square); `cursor` is the pointer on screen, if over it."""
        side = rect.width
        if self._grid is None or self._grid.get_width() != side:
            self._grid = grid_overlay(side)
            self._key = None
        if self._key != (version, side):
            self._picture = digit_surface(pixels, (side, side))
            self._picture.blit(self._grid, (0, 0))
            self._key = (version, side)
            self.rebuilds += 1
        surface.blit(self._picture, rect)
        pygame.draw.rect(surface, theme.INK, rect.inflate(4, 4), 2, border_radius=3)
        if cursor is not None and rect.collidepoint(cursor):
            radius = max(3, round(CURSOR_CELLS * side / IMAGE_SIDE))
            colour = theme.NEGATIVE if erasing else theme.POSITIVE
            pygame.draw.circle(surface, colour, cursor, radius, 2)


def dab_effect(gradient: np.ndarray) -> np.ndarray:
    """How much one pen dab centred on each pixel would move the output: the gradient summed
    over the dab's footprint. A raw per-pixel gradient is speckled; this is what a pen can do."""
    padded = np.pad(gradient, 1)
    out = np.zeros_like(gradient)
    for dy in range(3):
        for dx in range(3):
            out += DAB[dy, dx] * padded[dy : dy + IMAGE_SIDE, dx : dx + IMAGE_SIDE]
    return out


def sensitivity_rgb(image: np.ndarray, gradient: np.ndarray) -> np.ndarray:
    """(28, 28, 3): the effect of a pen dab on the diverging scale, the image's ink over it.

    The colour scale is the 98th percentile of the effect, so one extreme pixel cannot wash
    out the rest."""
    effect = dab_effect(gradient)
    scale = float(np.percentile(np.abs(effect), SCALE_PERCENTILE))
    colours = theme.diverging(effect, scale if scale > 0 else 1.0).astype(np.float32)
    ink = np.clip(image, 0.0, 1.0)[..., None] * np.float32(INK_OVER_SENSITIVITY)
    return (colours * (1 - ink) + np.array(theme.INK, np.float32) * ink).astype(np.uint8)


class InputView:
    """Paints what the network reads (one 28x28 input), optionally with its sensitivity."""

    def __init__(self) -> None:
        self._picture: pygame.Surface | None = None
        self._key: object = None
        self._grid: pygame.Surface | None = None

    def draw(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        image: np.ndarray | None,
        key: object,
        sensitivity: np.ndarray | None = None,
    ) -> None:
        """`image` None shows an empty grid; a new `key` or any `sensitivity` rebuilds."""
        side = rect.width
        if self._grid is None or self._grid.get_width() != side:
            self._grid = grid_overlay(side)
            self._key = None
        shown = (key, side, sensitivity is not None)  # turning the overlay off redraws too
        if sensitivity is not None or self._key != shown:
            blank = np.zeros((IMAGE_SIDE, IMAGE_SIDE), np.float32)
            pixels = blank if image is None else image
            if sensitivity is None:
                self._picture = digit_surface(pixels, (side, side))
            else:
                self._picture = rgb_surface(sensitivity_rgb(pixels, sensitivity), (side, side))
            self._picture.blit(self._grid, (0, 0))
            self._key = shown
        surface.blit(self._picture, rect)
        pygame.draw.rect(surface, theme.MUTED, rect.inflate(4, 4), 2, border_radius=3)
