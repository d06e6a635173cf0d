"""The draw scene's honest personal score: "read right: 7 of your last 10", then one small cell
per digit in play with how many of the user's drawings of it were read right before it learned
them (playground.core.training.own_score). It changes only when a drawing is saved, so the block is
drawn once per change onto a kept surface and blitted every frame."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from playground.core.training.own_score import RECENT, OwnScore
from playground.ui.render import theme

TITLE = 26  # the headline row
CELL_HEIGHT = 38  # a cell: the digit over 'right/guessed'
NOTE = ("its guess for each drawing", "before it learned it")  # beside the cells, if room
CELL_MIN = 42  # narrowest cell ("12/12" fits); more digits than fit wrap onto a second row


def rows_needed(width: int, digits: int) -> int:
    per_row = max(1, width // theme.px(CELL_MIN))
    return -(-digits // per_row)


def score_height(width: int, digits: int) -> int:
    """Height of the block for `digits` cells in `width` screen pixels (at the UI scale)."""
    px = theme.px
    return px(TITLE) + rows_needed(width, digits) * (px(CELL_HEIGHT) + px(4)) + px(6)


class OwnScoreView:
    def __init__(self) -> None:
        self._key: tuple | None = None
        self._surface: pygame.Surface | None = None

    def draw(
        self, surface: pygame.Surface, rect: pygame.Rect, score: OwnScore, digits: Sequence[int]
    ) -> None:
        """The block in `rect`'s width from its top left, on the paper colour."""
        height = score_height(rect.width, len(digits))
        key = (id(score), score.version, tuple(digits), rect.width, theme.scale())
        if key != self._key or self._surface is None:
            self._key = key
            self._surface = pygame.Surface((rect.width, height))
            self._surface.fill(theme.PAPER)
            _paint(self._surface, self._surface.get_rect(), score, digits)
        surface.blit(self._surface, rect.topleft)


def _paint(surface: pygame.Surface, rect: pygame.Rect, score: OwnScore, digits: Sequence[int]):
    right, of = score.recent(RECENT)
    if of == 0:  # the score counts drawings saved while it runs, not the samples on disk
        headlines = ["Read right before learning: none yet", "Read right: none yet"]
        headline, colour = theme.fitting(headlines, 16, rect.width, bold=True), theme.MUTED
    else:
        # "of your 3 so far" read as "of your digit 3" with 1, 2, 3 in play: say drawings
        drawings = "drawing" if of == 1 else "drawings"
        which = [f"last {of}"] if of == RECENT else [f"{of} {drawings} so far", f"{of} {drawings}"]
        headlines = [f"Read right: {right} of your {w}" for w in which]
        if score.guessed > of:  # the chips below count them all: say that total too
            headlines.insert(0, f"{headlines[0]} ({score.right} of {score.guessed} in all)")
        # what is counted (reads before learning), where there is room: beside the gallery's
        # "read wrong now" it is another measure
        headlines.insert(0, headlines[0].replace("Read right:", "Read right before learning:"))
        headline = theme.fitting(headlines, 16, rect.width, bold=True)
        colour = theme.GOOD if right == of else theme.BAD if 2 * right < of else theme.INK
    theme.blit_text(surface, headline, rect.topleft, 16, colour, bold=True)
    table = score.per_digit()
    px = theme.px
    rows = rows_needed(rect.width, len(digits))
    per_row = -(-len(digits) // rows)
    gap, height = px(4), px(CELL_HEIGHT)
    width = min(px(52), (rect.width + gap) // per_row - gap)
    for i, digit in enumerate(digits):
        x = rect.left + (i % per_row) * (width + gap)
        y = rect.top + px(TITLE) + (i // per_row) * (height + gap)
        cell = pygame.Rect(x, y, width, height)
        pygame.draw.rect(surface, theme.PANEL, cell, border_radius=px(5))
        theme.blit_text(
            surface, str(digit), (cell.centerx, cell.top + px(2)), 14, bold=True, anchor="midtop"
        )
        got, guessed = table.get(digit, (0, 0))
        text = f"{got}/{guessed}" if guessed else "–"
        tone = theme.MUTED if not guessed else theme.GOOD if got == guessed else theme.INK
        theme.blit_text(
            surface, text, (cell.centerx, cell.bottom - px(3)), 13, tone, anchor="midbottom"
        )
    after = rect.left + per_row * (width + gap) + px(8)
    if rows == 1 and rect.right - after >= max(theme.font(13).size(line)[0] for line in NOTE):
        for i, line in enumerate(NOTE):
            top = rect.top + px(TITLE + 2 + 18 * i)
            theme.blit_text(surface, line, (after, top), 13, theme.MUTED)
