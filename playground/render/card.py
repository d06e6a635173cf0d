"""A small card of text next to something being inspected, kept inside the picture."""

from __future__ import annotations

import pygame

from playground.render import theme

LINE = 19
PAD = 10


def draw_card(
    surface: pygame.Surface,
    point: tuple[float, float],
    title: str,
    lines: list[str],
    bounds: pygame.Rect,
    radius: float,
    pinned: bool = False,
    line: tuple[tuple[float, float], tuple[float, float]] | None = None,
) -> pygame.Rect:
    """Ring the thing of `radius` at `point` (or trace the edge `line` through it) and draw the
    card beside it (right if it fits, else left), inside `bounds`."""
    head = theme.text(title, 15, theme.INK, True)
    rows = [theme.text(line, 14, theme.INK) for line in lines]
    hint = theme.text("click to unpin" if pinned else "click to pin", 12, theme.MUTED)
    px, pad, step = theme.px, theme.px(PAD), theme.px(LINE)
    width = max([head.get_width(), hint.get_width(), *(r.get_width() for r in rows)]) + 2 * pad
    card = pygame.Rect(0, 0, width, 2 * pad + px(24) + step * len(rows) + px(18))
    x, y = point
    if line is not None:
        pygame.draw.line(surface, theme.INK, *line, px(3))
    else:
        pygame.draw.circle(surface, theme.INK, (x, y), radius + px(6), px(2))
    card.midleft = (int(x) + px(22), int(y))
    if card.right > bounds.right:
        card.midright = (int(x) - px(22), int(y))
    card.clamp_ip(bounds)
    pygame.draw.rect(surface, theme.PAPER, card, border_radius=8)
    pygame.draw.rect(surface, theme.INK if pinned else theme.MUTED, card, 2, border_radius=8)
    surface.blit(head, (card.left + pad, card.top + pad))
    for i, row in enumerate(rows):
        surface.blit(row, (card.left + pad, card.top + pad + px(24) + i * step))
    surface.blit(hint, hint.get_rect(bottomleft=(card.left + pad, card.bottom - px(6))))
    return card
