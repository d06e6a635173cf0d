"""Small matrices and vectors written out as numbers in brackets, the way a page states maths."""

from __future__ import annotations

import numpy as np
import pygame

from playground.ui.render import theme

CELL_W, CELL_H = 62, 22
NAME_SIZE, NAME_ROW = 13, 18  # the rows' and columns' names: text size, the names' line


def draw_matrix(
    surface: pygame.Surface,
    topleft: tuple[int, int],
    m: np.ndarray,
    label: str,
    colour=theme.INK,
    names: tuple[str, str] | None = None,
) -> int:
    """A labelled matrix of signed numbers at `topleft`; returns its right edge. With `names`
    (what the rows and the columns stand for, e.g. ("input", "hidden")), each row is named
    at its left ("input 2") and each column numbered over it under the columns' name
    ("hidden:" 1 2 3), counting from 1 as the page's neurons do, so a number can be found on
    the picture."""
    x, y = topleft
    theme.blit_text(surface, label, (x, y), 14, theme.MUTED)
    rows, cols = m.shape
    dp = theme.px
    top, cell_w, cell_h = y + dp(22), dp(CELL_W), dp(CELL_H)
    left = x
    if names is not None:
        row_names = [f"{names[0]} {r + 1}" for r in range(rows)]
        left = x + max(theme.text(name, NAME_SIZE).get_width() for name in row_names) + dp(8)
        top += dp(NAME_ROW)
        for r, name in enumerate(row_names):
            at = (left - dp(6), top + dp(2) + r * cell_h + cell_h // 2)
            theme.blit_text(surface, name, at, NAME_SIZE, theme.MUTED, anchor="midright")
        header_y = top - dp(NAME_ROW) // 2  # the columns' name once, then their numbers:
        at = (left - dp(6), header_y)  # "hidden 1hidden 2" ran together at 1024 px
        theme.blit_text(surface, f"{names[1]}:", at, NAME_SIZE, theme.MUTED, anchor="midright")
        for c in range(cols):
            at = (left + dp(4) + c * cell_w + cell_w // 2, header_y)
            theme.blit_text(surface, str(c + 1), at, NAME_SIZE, theme.MUTED, anchor="center")
    box = pygame.Rect(left, top, cols * cell_w + dp(8), rows * cell_h + dp(4))
    _brackets(surface, box, colour)
    for r in range(rows):
        for c in range(cols):
            centre = (
                box.left + dp(4) + c * cell_w + cell_w // 2,
                top + dp(2) + r * cell_h + cell_h // 2,
            )
            theme.blit_text(surface, f"{m[r, c]:+.2f}", centre, 15, colour, anchor="center")
    return max(box.right, x + theme.text(label, 14).get_width())


def draw_vector(
    surface: pygame.Surface, topleft: tuple[int, int], v: np.ndarray, colour=theme.INK
) -> int:
    """A row vector like ( +0.12  -0.80 ) at `topleft`; returns its right edge."""
    text = "(" + "   ".join(f"{value:+.3f}" for value in v) + ")"
    return theme.blit_text(surface, text, topleft, 15, colour).right


def _brackets(surface: pygame.Surface, box: pygame.Rect, colour) -> None:
    dp = theme.px
    for x, tick in ((box.left, dp(5)), (box.right, -dp(5))):
        pygame.draw.line(surface, colour, (x, box.top), (x, box.bottom), dp(2))
        pygame.draw.line(surface, colour, (x, box.top), (x + tick, box.top), dp(2))
        pygame.draw.line(surface, colour, (x, box.bottom), (x + tick, box.bottom), dp(2))
