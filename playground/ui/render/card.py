"""A small card of text next to something being inspected, kept inside the picture."""

from __future__ import annotations

import pygame

from playground.ui.render import theme

LINE = 19
NOTE = 18  # lines beside a card's picture
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
    picture: pygame.Surface | None = None,
    notes: list[str] = (),
) -> pygame.Rect:
    """Ring the thing of `radius` at `point` (or trace the edge `line` through it) and draw the
    card beside it (right if it fits, else left), inside `bounds`. A `picture` goes under the
    lines, framed, with `notes` on what it shows beside it."""
    head = theme.text(title, 15, theme.INK, True)
    rows = [theme.text(line, 14, theme.INK) for line in lines]
    hint = theme.text("click to unpin" if pinned else "click to pin", 12, theme.MUTED)
    said = [theme.text(note, 13, theme.MUTED) for note in notes]
    px, pad, step = theme.px, theme.px(PAD), theme.px(LINE)
    widths = [head.get_width(), hint.get_width(), *(r.get_width() for r in rows)]
    extra = 0
    if picture is not None:
        widths.append(picture.get_width() + pad + max((n.get_width() for n in said), default=0))
        extra = max(picture.get_height(), px(NOTE) * len(said)) + pad
    card = pygame.Rect(
        0, 0, max(widths) + 2 * pad, 2 * pad + px(24) + step * len(rows) + px(18) + extra
    )
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
    if picture is not None:
        at = (card.left + pad, card.top + pad + px(24) + len(rows) * step + px(4))
        surface.blit(picture, at)
        frame = picture.get_rect(topleft=at).inflate(2, 2)
        pygame.draw.rect(surface, theme.GRID, frame, 1)
        for i, note in enumerate(said):
            surface.blit(note, (frame.right + pad, at[1] + i * px(NOTE)))
    surface.blit(hint, hint.get_rect(bottomleft=(card.left + pad, card.bottom - px(6))))
    return card
