"""Marks drawn over the whole picture for demos: a burned-in caption and the recording light.

The caption is part of the picture (it goes into videos); the recording light is drawn after
the frame has been captured, so only the person at the window sees it.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

from playground.render import theme

CAPTION_SIZE = 22
CAPTION_PAD = (18, 8)
CAPTION_SHADE = (43, 40, 36, 205)
RECORD_RED = (220, 38, 38)


@lru_cache(maxsize=16)
def _caption_card(text: str, max_width: int) -> pygame.Surface:
    size = CAPTION_SIZE
    while size > 12 and theme.font(size).size(text)[0] > max_width - 2 * CAPTION_PAD[0]:
        size -= 2  # a long caption gets smaller rather than cut off
    words = theme.text(text, size, (255, 255, 255))
    card = pygame.Surface(
        (words.get_width() + 2 * CAPTION_PAD[0], words.get_height() + 2 * CAPTION_PAD[1]),
        pygame.SRCALPHA,
    )
    pygame.draw.rect(card, CAPTION_SHADE, card.get_rect(), border_radius=8)
    card.blit(words, CAPTION_PAD)
    return card


def draw_caption(surface: pygame.Surface, text: str, midbottom: tuple[int, int]) -> None:
    """A light-on-dark caption line centred on `midbottom`, shrunk to fit the surface."""
    card = _caption_card(text, surface.get_width() - 40)
    surface.blit(card, card.get_rect(midbottom=midbottom))


def draw_recording_light(
    surface: pygame.Surface, seconds: float, midright: tuple[int, int]
) -> None:
    """A red dot and the elapsed time `m:ss`, right-aligned at `midright`."""
    whole = int(seconds)
    rect = theme.blit_text(
        surface, f"REC {whole // 60}:{whole % 60:02d}", midright, 15, RECORD_RED, True, "midright"
    )
    pygame.draw.circle(surface, RECORD_RED, (rect.left - 12, rect.centery), 7)
