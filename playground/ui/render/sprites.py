"""Small pre-rendered pictures (neurons, rings, pulse dots) blitted in batches with `fblits`.

Anti-aliased circles cost far more to draw than to copy, and a frame needs a hundred of them, so
each look is drawn once and cached; colours are quantised into a few levels so the cache stays
small however the activations move.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pygame

from playground.ui.render import theme

LEVELS = 10  # quantisation steps on each side of zero of a diverging value


def level(value: float, scale: float) -> int:
    """A value on the diverging scale as an integer -LEVELS..LEVELS (NaN and inf clip)."""
    t = float(np.clip(np.nan_to_num(value / max(scale, 1e-12)), -1.0, 1.0))
    return int(round(t * LEVELS))


def levels(values: np.ndarray, scale: float) -> np.ndarray:
    """Vectorised `level` for a layer of values."""
    t = np.nan_to_num(np.asarray(values, np.float32) / max(scale, 1e-12), posinf=1.0, neginf=-1.0)
    return np.rint(np.clip(t, -1.0, 1.0) * LEVELS).astype(np.int64)


def level_colour(step: int) -> tuple[int, int, int]:
    return tuple(int(c) for c in theme.diverging(np.array(step / LEVELS), 1.0))


@lru_cache(maxsize=1024)
def neuron(radius: int, step: int, dim: bool = False) -> pygame.Surface:
    """A filled neuron on the diverging scale with an ink rim; `dim` is a not-yet-reached one."""
    size = 2 * radius + 3
    surface = pygame.Surface((size, size), pygame.SRCALPHA)
    centre = (size // 2, size // 2)
    rim = theme.GRID if dim else theme.INK
    pygame.draw.aacircle(surface, rim, centre, radius)
    fill = theme.PAPER if dim else level_colour(step)
    pygame.draw.aacircle(surface, fill, centre, max(radius - (1 if radius < 6 else 2), 1))
    return surface


@lru_cache(maxsize=1024)
def ring(radius: int, width: int, colour: tuple[int, int, int], alpha: int) -> pygame.Surface:
    """An outline circle around a neuron (arrival flash, error halo, target mark)."""
    size = 2 * radius + 3
    surface = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.aacircle(surface, (*colour, alpha), (size // 2, size // 2), radius, width)
    return surface


@lru_cache(maxsize=256)
def pulse(radius: int, colour: tuple[int, int, int], alpha: int) -> pygame.Surface:
    """A glowing dot: a solid core inside a soft halo, for signals travelling along edges."""
    size = 4 * radius + 1
    surface = pygame.Surface((size, size), pygame.SRCALPHA)
    centre = (size // 2, size // 2)
    for r, a in ((2 * radius, alpha // 5), (int(1.5 * radius), alpha // 3)):
        pygame.draw.circle(surface, (*colour, a), centre, r)
    pygame.draw.aacircle(surface, (*colour, alpha), centre, radius)
    return surface


@lru_cache(maxsize=8)
def sweep_band(height: int, width: int = 40) -> pygame.Surface:
    """A vertical red band, strongest at its left edge: the error front moving right to left."""
    surface = pygame.Surface((width, height), pygame.SRCALPHA)
    for x in range(width):
        alpha = int(110 * (1 - x / width) ** 2)
        pygame.draw.line(surface, (*theme.BAD, alpha), (x, 0), (x, height - 1))
    pygame.draw.line(surface, (*theme.BAD, 200), (0, 0), (0, height - 1), 2)
    return surface


def centred(image: pygame.Surface, x: float, y: float) -> tuple[pygame.Surface, tuple[int, int]]:
    """(surface, topleft) that puts `image`'s centre at (x, y), for an fblits sequence."""
    w, h = image.get_size()
    return image, (int(round(x - w / 2)), int(round(y - h / 2)))
