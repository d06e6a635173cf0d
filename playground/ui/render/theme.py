"""Colours, fonts and cached text: the look of the whole app in one place.

Weights use blue for positive and orange for negative, a pair that stays distinct for the
common colour-vision deficiencies; the paper colour comes from the seed.

Sizes in the code are design pixels, meant for a 1280x800 window. The app sets one scale factor
(window size times the user's UI scale, see playground/ui/ui_scale.py); fonts and `px` multiply by
it, so text is rendered at its real size, crisp, rather than drawn small and stretched.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pygame

ASSETS = Path(__file__).resolve().parents[3] / "assets"
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


def widget_theme() -> dict:
    """The pygame_gui theme (assets/theme.json) with its "$NAME" colours filled in from the
    palette above, so each shared colour is written once; shades only widgets use stay there."""
    import json

    def fill(value: object) -> object:
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        if isinstance(value, str) and value.startswith("$"):
            return "#{:02x}{:02x}{:02x}".format(*globals()[value[1:]])
        return value

    filled = fill(json.loads(UI_THEME.read_text()))
    assert isinstance(filled, dict)
    return filled


MIN_TEXT = 11  # pixels: the smallest text drawn when the window shrinks the design
_scale = 1.0  # screen pixels per design pixel; set by the app, read through scale() and px()


def scale() -> float:
    """Screen pixels per design pixel (1.0 for a 1280x800 window at UI scale 100%)."""
    return _scale


def set_scale(factor: float) -> None:
    """Change the scale; text and fonts made from now on are made at the new size."""
    global _scale
    _scale = float(factor)


def px(design: float) -> int:
    """A length in design pixels as whole screen pixels at the current scale (at least 1 when
    the design length is positive, so thin lines never vanish)."""
    value = round(design * _scale)
    return max(value, 1) if design > 0 else value


def _pixels(size: int) -> int:
    """Real pixel size of design font size `size`: scaled, but small print never shrinks below
    MIN_TEXT pixels (the layouts leave that much slack), so a small window stays readable."""
    return max(round(size * _scale), min(size, MIN_TEXT))


def font(size: int, bold: bool = False) -> pygame.font.Font:
    """The font for design size `size` at the current scale."""
    return _font(_pixels(size), bold)


@lru_cache(maxsize=64)
def _font(pixels: int, bold: bool) -> pygame.font.Font:
    return pygame.font.Font(str(FONT_BOLD if bold else FONT_REGULAR), pixels)


def fitting(options: Sequence[str], size: int, room: float, bold: bool = False) -> str:
    """The first (longest) of `options` that fits `room` screen pixels at design font `size`
    (`bold` if it is drawn bold: wider), else the last: the wording a label, caption or note
    takes where space is short."""
    return _fitting(tuple(options), _pixels(size), room, bold)


@lru_cache(maxsize=256)
def _fitting(options: tuple[str, ...], pixels: int, room: float, bold: bool) -> str:
    # cached: measuring text every frame costs more than drawing it
    return next((o for o in options if _font(pixels, bold).size(o)[0] <= room), options[-1])


def text(content: str, size: int = 16, colour=INK, bold: bool = False) -> pygame.Surface:
    """A rendered line of text at design size `size`, cached: rendering fonts every frame
    costs ten times a blit. The cache is keyed by the real pixel size, so a change of scale
    renders each line once more and then blits again."""
    return _text(content, _pixels(size), colour, bold)


class CacheInfo(NamedTuple):
    hits: int
    misses: int
    maxsize: int
    currsize: int


class _Lines:
    """Rendered lines, a line kept from the second time it is asked for: counters that change
    every frame (20-30 KB each) are asked for once, and keeping every line (an LRU of 512) held
    ~9 MB of stale counters in the train scene, while a frame reuses fewer than 80 lines."""

    KEPT = 256  # twice the busiest frame's lines (an explain page with its help overlay)

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple, pygame.Surface] = OrderedDict()  # oldest use first
        self._asked_once: dict[tuple, None] = {}  # lines rendered once and not kept (keys only)
        self.hits = self.misses = 0

    def __call__(self, content: str, pixels: int, colour, bold: bool) -> pygame.Surface:
        key = (content, pixels, colour, bold)
        line = self._kept.get(key)
        if line is not None:
            self._kept.move_to_end(key)
            self.hits += 1
            return line
        self.misses += 1
        line = _font(pixels, bold).render(content, True, colour)
        if key in self._asked_once:
            del self._asked_once[key]
            self._kept[key] = line
            if len(self._kept) > self.KEPT:
                self._kept.popitem(last=False)
        else:
            if len(self._asked_once) >= 8 * self.KEPT:  # keys alone, but not without end:
                # the older half goes (clearing all of it forgot the last frame's lines too, so
                # a line asked for again then was rendered a third time)
                self._asked_once = dict.fromkeys(list(self._asked_once)[4 * self.KEPT :])
            self._asked_once[key] = None
        return line

    def cache_info(self) -> CacheInfo:
        """As functools.lru_cache's: misses are lines rendered."""
        return CacheInfo(self.hits, self.misses, self.KEPT, len(self._kept))


_text = _Lines()


@lru_cache(maxsize=8)
def solid(size: tuple[int, int], colour: tuple[int, int, int]) -> pygame.Surface:
    """A surface of one colour, kept: blitting it is some ten times faster than
    `Surface.fill` on a rect away from the window's left edge (measured 0.03 against 0.28 ms for
    the train scene's 345x724 panel), so areas repainted every frame are blitted."""
    block = pygame.Surface(size)
    block.fill(colour)
    return block


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
