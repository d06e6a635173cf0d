"""The explain scene's page strip: "page N of M" and every page title, the current one marked."""

from __future__ import annotations

import pygame

from playground.ui.render import theme

SIDE_ROOM = 128  # left and right of the strip, where the Prev and Next buttons sit
GAP = 24


def draw_page_strip(
    surface: pygame.Surface, bar: pygame.Rect, titles: list[str], index: int
) -> list[pygame.Rect]:
    """Draw the strip in `bar`; returns each title's clickable box (page 1 first).

    When the titles do not fit, the other pages show only their number.
    """
    pygame.draw.line(surface, theme.GRID, bar.topleft, bar.topright)
    counter = f"page {index + 1} of {len(titles)}"
    side, gap = theme.px(SIDE_ROOM), theme.px(GAP)
    counter_box = theme.blit_text(
        surface, counter, (bar.left + side, bar.centery), 15, theme.MUTED, anchor="midleft"
    )
    labels = [f"{n}  {title}" for n, title in enumerate(titles, start=1)]
    left, right = counter_box.right + gap, bar.right - side
    if _width(labels) > right - left:
        labels = [label if i == index else str(i + 1) for i, label in enumerate(labels)]
    x = (left + right - _width(labels)) // 2
    boxes = []
    for i, label in enumerate(labels):
        current = i == index
        box = theme.blit_text(
            surface,
            label,
            (x, bar.centery),
            15,
            theme.INK if current else theme.MUTED,
            bold=current,
            anchor="midleft",
        )
        if current:
            pygame.draw.line(
                surface,
                theme.INK,
                (box.left, box.bottom + 1),
                (box.right, box.bottom + 1),
                theme.px(2),
            )
        boxes.append(box.inflate(gap // 2, theme.px(16)))
        x = box.right + gap
    return boxes


def _width(labels: list[str]) -> int:
    gaps = theme.px(GAP) * (len(labels) - 1)
    return sum(theme.text(label, 15, bold=True).get_width() for label in labels) + gaps
