"""Marks drawn over the whole picture for demos: a burned-in caption and the recording light.

The caption is part of the picture (it goes into videos); the recording light is drawn after
the frame has been captured, so only the person at the window sees it.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

from playground.ui.render import theme

CAPTION_SIZE = 18  # the largest whose line fits the status line's 28 pixels
CAPTION_PAD = 18  # pixels kept free at each end of the band
CAPTION_SHADE = (43, 40, 36)
RECORD_RED = (220, 38, 38)


@lru_cache(maxsize=16)
def _caption_words(text: str, max_size: tuple[int, int], scale: float) -> pygame.Surface:
    """The caption's line at the largest size that fits (`scale` keys the cache: fonts grow
    with the UI scale)."""
    size = CAPTION_SIZE
    while size > 12 and (
        theme.font(size).size(text)[0] > max_size[0] or theme.font(size).get_height() > max_size[1]
    ):
        size -= 2  # a long caption gets smaller rather than cut off
    return theme.text(text, size, (255, 255, 255))


def draw_caption(surface: pygame.Surface, text: str, band: pygame.Rect) -> None:
    """A light-on-dark caption filling `band`, its line centred and shrunk to fit."""
    pygame.draw.rect(surface, CAPTION_SHADE, band)
    room = (band.width - 2 * theme.px(CAPTION_PAD), band.height)
    words = _caption_words(text, room, theme.scale())
    surface.blit(words, words.get_rect(center=band.center))


def draw_recording_light(
    surface: pygame.Surface, seconds: float, midright: tuple[int, int]
) -> None:
    """A red dot and the elapsed time `m:ss`, right-aligned at `midright`."""
    whole = int(seconds)
    rect = theme.blit_text(
        surface, f"REC {whole // 60}:{whole % 60:02d}", midright, 15, RECORD_RED, True, "midright"
    )
    pygame.draw.circle(surface, RECORD_RED, (rect.left - theme.px(12), rect.centery), theme.px(7))
