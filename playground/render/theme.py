"""Colours, fonts and cached text: the look of the whole app in one place.

Weights use blue for positive and orange for negative, a pair that stays distinct for the
common colour-vision deficiencies; the paper colour comes from the seed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pygame

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FONT_REGULAR = ASSETS / "fonts" / "NotoSans-Regular.ttf"
FONT_BOLD = ASSETS / "fonts" / "NotoSans-Bold.ttf"
UI_THEME = ASSETS / "theme.json"

PAPER = (239, 233, 222)  # #efe9de
PANEL = (229, 222, 209)
GRID = (214, 206, 192)
INK = (43, 40, 36)
MUTED = (118, 110, 100)
POSITIVE = (33, 102, 172)  # blue
NEGATIVE = (224, 110, 20)  # orange
GOOD = (26, 140, 90)
BAD = (196, 48, 48)
HIGHLIGHT = (255, 200, 60)


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> pygame.font.Font:
    return pygame.font.Font(str(FONT_BOLD if bold else FONT_REGULAR), size)


@lru_cache(maxsize=512)
def text(content: str, size: int = 16, colour=INK, bold: bool = False) -> pygame.Surface:
    """A rendered line of text, cached: rendering fonts every frame costs ten times a blit.

    512 lines is four times the busiest frame (an explain page with its help overlay, ~120);
    a bigger cache only fills up with counters that change every frame (20-30 KB each)."""
    return font(size, bold).render(content, True, colour)


def blit_text(surface, content: str, pos, size=16, colour=INK, bold=False, anchor="topleft"):
    """Draw cached text with its `anchor` (a pygame.Rect attribute name) at `pos`."""
    image = text(content, size, tuple(colour), bold)
    rect = image.get_rect(**{anchor: pos})
    surface.blit(image, rect)
    return rect


def diverging(values: np.ndarray, scale: float) -> np.ndarray:
    """Map values to RGB on paper: negative orange, zero paper, positive blue. Shape (..., 3)."""
    t = np.clip(np.asarray(values, dtype=np.float32) / max(scale, 1e-12), -1.0, 1.0)[..., None]
    paper = np.array(PAPER, np.float32)
    pos = np.array(POSITIVE, np.float32)
    neg = np.array(NEGATIVE, np.float32)
    out = np.where(t >= 0, paper + (pos - paper) * t, paper + (neg - paper) * -t)
    return out.astype(np.uint8)
