"""Small grayscale images (28x28 digits, weight tiles) turned into crisp pygame surfaces."""

from __future__ import annotations

import numpy as np
import pygame

from playground.ui.render import theme


def ink_rgb(img: np.ndarray) -> np.ndarray:
    """Map ink 0..1 (row, col) to RGB (row, col, 3): 0 is paper, 1 is dark ink."""
    t = np.clip(np.asarray(img, np.float32), 0.0, 1.0)[..., None]
    paper = np.array(theme.PAPER, np.float32)
    ink = np.array(theme.INK, np.float32)
    return (paper + (ink - paper) * t).astype(np.uint8)


def rgb_surface(rgb: np.ndarray, size: tuple[int, int] | None = None) -> pygame.Surface:
    """An (row, col, 3) uint8 array as a surface, nearest-neighbour scaled to `size`.

    surfarray is indexed x first, so the array is transposed on the way in.
    """
    surface = pygame.surfarray.make_surface(np.ascontiguousarray(rgb.transpose(1, 0, 2)))
    if size is not None and size != surface.get_size():
        surface = pygame.transform.scale(surface, size)
    return surface


def digit_surface(img: np.ndarray, size: tuple[int, int]) -> pygame.Surface:
    """A digit image (ink 0..1) drawn as dark ink on paper, crisp at `size`."""
    return rgb_surface(ink_rgb(img), size)


def weight_tiles(
    weights: np.ndarray, side: int, scales: np.ndarray | None = None
) -> list[pygame.Surface]:
    """One square tile per column of a (784, k) weight matrix: the 28x28 picture of what that
    neuron looks for, on the diverging scale, each scaled to its own `scales[k]` (by default its
    largest |weight|; values beyond it get the full colour).

    The k tiles are made as one strip (one colour mapping, one surface, one scale) and handed
    out as subsurfaces: sixteen separate tiles cost about ten times as much.
    """
    k = weights.shape[1]
    if scales is None:
        scales = np.abs(weights).max(axis=0)
    scale = np.maximum(scales, 1e-12)
    strip = (weights / scale).T.reshape(k, 28, 28).transpose(1, 0, 2).reshape(28, 28 * k)
    surface = rgb_surface(theme.diverging(strip, 1.0), (side * k, side))
    return [surface.subsurface((i * side, 0, side, side)) for i in range(k)]
