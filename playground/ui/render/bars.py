"""Probability bars: one row per digit in play, the top guess emphasised."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from playground.ui.render import theme
from playground.ui.render.shown import whole_percents


def draw_probability_bars(
    surface: pygame.Surface,
    rect: pygame.Rect,
    digits: Sequence[int],
    probs: Sequence[float] | None,
    target: int | None = None,
    columns: int = 1,
) -> None:
    """Horizontal bars filling `rect`, in `columns` columns of rows (the first digits down the
    left one); `probs` None draws empty bars (nothing to guess yet).

    The guess is drawn in ink, the others muted; when `target` is given the guess turns green
    if it is right and red if it is wrong, and the target digit is underlined.
    """
    px = theme.px
    rows = bar_rows(len(digits), columns)
    row = rect.height / rows
    gap = px(16) if columns > 1 else 0
    width = (rect.width - gap * (columns - 1)) // columns
    label_w = px(28)
    best = max(range(len(digits)), key=lambda i: probs[i]) if probs is not None else None
    percents = whole_percents(probs) if probs is not None else []  # adding up to 100
    for i, digit in enumerate(digits):
        left = rect.left + (i // rows) * (width + gap)
        y = rect.top + (i % rows) * row
        bar_h = max(4, int(row * 0.62))
        top = int(y + (row - bar_h) / 2)
        track = pygame.Rect(left + label_w, top, width - label_w - px(52), bar_h)
        pygame.draw.rect(surface, theme.GRID, track, border_radius=px(3))
        colour = theme.MUTED
        if best == i:
            colour = theme.INK if target is None else (theme.GOOD if digit == target else theme.BAD)
        size = max(12, min(22, int(row / theme.scale() * 0.6)))  # a design size
        theme.blit_text(
            surface,
            str(digit),
            (left + px(4), track.centery),
            size,
            colour,
            bold=best == i,
            anchor="midleft",
        )
        if target == digit:
            pygame.draw.line(
                surface,
                theme.INK,
                (left + px(4), track.bottom + px(2)),
                (left + px(4) + px(size * 0.6), track.bottom + px(2)),
                px(2),
            )
        if probs is None:
            continue
        p = min(max(float(probs[i]), 0.0), 1.0)
        fill = track.copy()
        fill.width = int(track.width * p)
        if fill.width:
            pygame.draw.rect(surface, colour, fill, border_radius=px(3))
        theme.blit_text(
            surface,
            f"{percents[i]}%",
            (track.right + px(8), track.centery),
            14,
            colour,
            anchor="midleft",
        )


def bar_rows(digits: int, columns: int = 1) -> int:
    """Rows the bars of `digits` digits take in `columns` columns."""
    return max(1, -(-digits // columns))
