"""A warning card laid over a picture: a bold headline and a line saying what to do."""

from __future__ import annotations

import pygame

from playground.ui.render import theme


def draw_banner(
    surface: pygame.Surface,
    centre: tuple[int, int],
    headline: str,
    advice: str,
    colour: tuple[int, int, int] = theme.BAD,
) -> pygame.Rect:
    """Centre a card at `centre` with the headline in `colour` and the advice in ink."""
    top = theme.text(headline, 20, colour, True)
    bottom = theme.text(advice, 15, theme.INK)
    px = theme.px
    card = pygame.Rect(0, 0, max(top.get_width(), bottom.get_width()) + px(48), px(86))
    card.center = centre
    pygame.draw.rect(surface, theme.PAPER, card, border_radius=10)
    pygame.draw.rect(surface, colour, card, 3, border_radius=10)
    surface.blit(top, top.get_rect(midtop=(card.centerx, card.top + px(14))))
    surface.blit(bottom, bottom.get_rect(midbottom=(card.centerx, card.bottom - px(14))))
    return card
