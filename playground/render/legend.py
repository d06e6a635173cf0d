"""The key under the network picture: what colours, widths, rings and dots mean.

Drawn once onto the baked background; items that do not fit the width are left out from the
end, so a narrow window keeps the most important ones (the weight colours).
"""

from __future__ import annotations

import pygame

from playground.render import sprites, theme

SIZE = 13
SMALLEST = 10  # the print the legend may shrink to before it leaves items out
GAP = 18  # between items


def _weight(surface: pygame.Surface, x: int, y: int, colour) -> None:
    dp = theme.px
    for i, width in enumerate((1, 2, 4)):
        start, end = (x + dp(i * 12), y + dp(5)), (x + dp(i * 12 + 10), y - dp(5))
        pygame.draw.line(surface, colour, start, end, dp(width))


def _activation(surface: pygame.Surface, x: int, y: int, colour) -> None:
    dp = theme.px
    for i, step in enumerate(range(-sprites.LEVELS, sprites.LEVELS + 1, 5)):
        surface.blit(*sprites.centred(sprites.neuron(dp(6), step), x + dp(7 + i * 14), y))


def _error(surface: pygame.Surface, x: int, y: int, colour) -> None:
    dp = theme.px
    surface.blit(*sprites.centred(sprites.neuron(dp(6), 0), x + dp(9), y))
    ring = sprites.ring(dp(10), dp(2), theme.NEGATIVE, 220)
    surface.blit(*sprites.centred(ring, x + dp(9), y))


def _pulse(surface: pygame.Surface, x: int, y: int, colour) -> None:
    pulse = sprites.pulse(theme.px(3), theme.POSITIVE, 230)
    surface.blit(*sprites.centred(pulse, x + theme.px(8), y))


ITEMS = (  # (draw the icon, its colour, its width in design pixels, what it means)
    (_weight, theme.POSITIVE, 36, "positive weight"),
    (_weight, theme.NEGATIVE, 36, "negative (width = size)"),
    (_activation, None, 70, "activation  − 0 +"),
    (_pulse, None, 18, "pulse = input × weight"),
    (_error, None, 20, "error (delta)"),
)


def _width(size: int) -> int:
    dp = theme.px
    words = sum(theme.text(label, size, theme.MUTED).get_width() for *_, label in ITEMS)
    return words + sum(dp(icon_w + 6) for _, _, icon_w, _ in ITEMS) + dp(GAP) * (len(ITEMS) - 1)


def draw_legend(surface: pygame.Surface, rect: pygame.Rect) -> int:
    """Items left to right along the middle of `rect`: in smaller print when the full line
    would not fit, then as many as fit. Returns how many were drawn."""
    x, y, dp = rect.left, rect.centery, theme.px
    size = next((s for s in range(SIZE, SMALLEST - 1, -1) if _width(s) <= rect.width), SMALLEST)
    for drawn, (draw_icon, colour, icon_w, label) in enumerate(ITEMS):
        text = theme.text(label, size, theme.MUTED)
        label_x = x + dp(icon_w + 6)
        if label_x + text.get_width() > rect.right:
            return drawn
        draw_icon(surface, x, y, colour)
        surface.blit(text, text.get_rect(midleft=(label_x, y)))
        x = label_x + text.get_width() + dp(GAP)
    return len(ITEMS)
