"""The key under the network picture: what colours, widths, rings and dots mean.

Drawn once onto the baked background; items that do not fit the width are left out from the
end, so a narrow window keeps the most important ones (the weight colours).
"""

from __future__ import annotations

import pygame

from playground.render import sprites, theme

SIZE = 13
GAP = 22


def _weight(surface: pygame.Surface, x: int, y: int, colour) -> None:
    for i, width in enumerate((1, 2, 4)):
        pygame.draw.line(surface, colour, (x + i * 12, y + 5), (x + i * 12 + 10, y - 5), width)


def _activation(surface: pygame.Surface, x: int, y: int, colour) -> None:
    for i, step in enumerate(range(-sprites.LEVELS, sprites.LEVELS + 1, 5)):
        surface.blit(*sprites.centred(sprites.neuron(6, step), x + 7 + i * 14, y))


def _error(surface: pygame.Surface, x: int, y: int, colour) -> None:
    surface.blit(*sprites.centred(sprites.neuron(6, 0), x + 9, y))
    surface.blit(*sprites.centred(sprites.ring(10, 2, theme.NEGATIVE, 220), x + 9, y))


def _pulse(surface: pygame.Surface, x: int, y: int, colour) -> None:
    surface.blit(*sprites.centred(sprites.pulse(3, theme.POSITIVE, 230), x + 8, y))


ITEMS = (  # (draw the icon, its colour, its width, what it means)
    (_weight, theme.POSITIVE, 36, "positive weight"),
    (_weight, theme.NEGATIVE, 36, "negative (width = size)"),
    (_activation, None, 70, "activation  − 0 +"),
    (_pulse, None, 18, "pulse = input × weight"),
    (_error, None, 20, "error (delta)"),
)


def draw_legend(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """Items left to right along the middle of `rect`, as many as fit."""
    x, y = rect.left, rect.centery
    for draw_icon, colour, icon_w, label in ITEMS:
        text = theme.text(label, SIZE, theme.MUTED)
        if x + icon_w + 6 + text.get_width() > rect.right:
            return
        draw_icon(surface, x, y, colour)
        surface.blit(text, text.get_rect(midleft=(x + icon_w + 6, y)))
        x += icon_w + 6 + text.get_width() + GAP
