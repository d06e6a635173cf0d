"""Where the draw scene's parts go, as plain rectangles from the scene's area and the UI scale:
the canvas on the left, the guess over the 'network sees' view in the middle, the personal score
and the samples on the right, rows of buttons under them."""

from __future__ import annotations

import pygame

from playground.core.settings import IMAGE_SIDE
from playground.ui.render import theme
from playground.ui.render.bars import bar_rows
from playground.ui.render.draw_panel import GUESS_HEAD, HEADER_HEIGHT, bar_columns

ROW = 34  # height of a row of buttons
GAP = 8
HEADER = HEADER_HEIGHT + 2  # the two lines above the canvas: what to draw, what Enter does
CAPTION = 48  # the two lines above the 'network sees' view
MIX_LABEL = 80  # room for 'Train on' before the mix buttons
BAR_MIN = 30  # the least height per digit the bars get before the view shrinks
CANVAS_MOST = 476  # the canvas side at a 1280x800 window (17 pixels a cell)


def place_columns(
    area: pygame.Rect,
) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect, int, int]:
    """(canvas, middle column, gallery, top of the label buttons' row, top of the mix row)."""
    px = theme.px
    row, gap, header = px(ROW), px(GAP), px(HEADER)
    controls = px(12) + 2 * row + gap  # the two rows of buttons under the canvas
    # the canvas is what a person draws on: a small window shrinks it only for lack of height
    most = max(px(CANVAS_MOST), CANVAS_MOST)
    side = min(most, area.height - header - controls - px(16)) // IMAGE_SIDE * IMAGE_SIDE
    top = area.top + header + max(0, (area.height - header - side - controls) // 2)
    canvas = pygame.Rect(area.left + px(24), top, side, side)
    last_row = canvas.bottom + controls - row  # the label buttons' row
    col2 = min(px(320), int((area.right - canvas.right - px(104)) * 0.5))
    # the guess takes what the 'network sees' view leaves; see place_input_view
    column = pygame.Rect(canvas.right + px(40), top, col2, last_row - top)
    right = column.right + px(40)
    mix_row = last_row - row - gap
    gallery = pygame.Rect(right, top, area.right - px(24) - right, mix_row - gap - top)
    return canvas, column, gallery, last_row, mix_row


def place_input_view(column: pygame.Rect, digits: int) -> tuple[pygame.Rect, pygame.Rect]:
    """Split the middle column: the guess on top, the 'network sees' view above its toggles.

    The view is as large as 8 px per cell when the bars leave room, down to 4 px per cell
    when many digits are in play."""
    px = theme.px
    bars = px(BAR_MIN) * bar_rows(digits, bar_columns(digits))
    room = column.height - px(GAP) - px(CAPTION) - px(GUESS_HEAD) - bars
    cell = min(max(room // IMAGE_SIDE, px(4)), px(8), column.width // IMAGE_SIDE)
    side = cell * IMAGE_SIDE
    view = pygame.Rect(column.left, column.bottom - px(GAP) - side, side, side)
    guess_h = view.top - px(CAPTION) - column.top
    guess = pygame.Rect(column.left, column.top, column.width, guess_h)
    return guess, view
