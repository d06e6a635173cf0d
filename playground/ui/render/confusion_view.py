"""The confusion matrix on validation data, and the digits behind one of its cells.

Rows are the true digit, columns the network's guess. A diagonal cell is green by its share of
its row, so a weak digit shows pale; a mistake cell is red by its count against the commonest
mix-up's (a few percent of a row would tint every mistake alike), so the worst one stands out
deepest and an empty cell stays paper. The matrix is baked on a surface and redrawn only when
its counts or the selection change; thumbnails are cached per sample. Geometry lives in plain
functions (`matrix_geometry`, `thumb_boxes`) so what a click hits is tested without a display.
"""

from __future__ import annotations

import numpy as np
import pygame

from playground.ui.render import theme
from playground.ui.render.images import digit_surface

Box = tuple[int, int, int, int]

TITLE = 40  # two lines above the matrix: what it is and what its axes are
AXIS = 22  # the row and column digit labels
MAX_CELL = 52
THUMB = 42  # 1.5 screen pixels per input pixel
THUMB_GAP = 5
NOTE = 44  # between the matrix and the thumbnails: what the chosen cell holds


def matrix_geometry(rect: Box, k: int) -> tuple[int, int, int]:
    """(left, top, cell side) of the k x k cells inside `rect`, below the title, beside the
    axis labels, square and centred."""
    x, y, w, h = rect
    dp = theme.px
    axis, title = dp(AXIS), dp(TITLE)
    room = (h - title - axis - dp(NOTE) - dp(THUMB)) // k
    cell = max(dp(8), min(dp(MAX_CELL), (w - axis) // k, room))
    left = x + axis + (w - axis - cell * k) // 2
    return left, y + title + axis, cell


def cell_at(rect: Box, k: int, point: tuple[int, int]) -> tuple[int, int] | None:
    """(true row, guessed column) of the cell under `point`, or None."""
    left, top, cell = matrix_geometry(rect, k)
    col, row = (point[0] - left) // cell, (point[1] - top) // cell
    return (row, col) if 0 <= row < k and 0 <= col < k else None


def thumbs_top(rect: Box, k: int) -> int:
    _, top, cell = matrix_geometry(rect, k)
    return top + cell * k + theme.px(NOTE)


def thumb_boxes(rect: Box, k: int, count: int) -> list[Box]:
    """Boxes of up to `count` thumbnails in rows under the matrix; as many as fit."""
    x, y, w, h = rect
    top = thumbs_top(rect, k)
    side, gap = theme.px(THUMB), theme.px(THUMB_GAP)
    per_row = max(1, (w + gap) // (side + gap))
    rows = max(0, (y + h - top + gap) // (side + gap))
    count = min(count, per_row * rows)
    return [
        (x + (i % per_row) * (side + gap), top + (i // per_row) * (side + gap), side, side)
        for i in range(count)
    ]


def _title(surface: pygame.Surface, topleft: tuple[int, int]) -> None:
    x, y = topleft
    theme.blit_text(surface, "confusion on validation digits", (x, y), 14, theme.INK, True)
    axes = "rows: the true digit  ·  columns: the guess"
    theme.blit_text(surface, axes, (x, y + theme.px(19)), 12, theme.MUTED)


def _shade(colour: tuple[int, int, int], amount: float) -> tuple[int, ...]:
    return tuple(int(p + (c - p) * amount) for c, p in zip(colour, theme.PAPER, strict=True))


class ConfusionView:
    def __init__(self) -> None:
        self._matrix: tuple | None = None  # (key, surface) of the baked matrix
        self._thumbs: dict[int, pygame.Surface] = {}
        self._thumbs_of: object = None  # the validation inputs the thumbnails show

    def draw(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        matrix: np.ndarray | None,
        digits: tuple[int, ...],
        selected: tuple[int, int] | None,
    ) -> None:
        if matrix is None:
            _title(surface, rect.topleft)
            note = "not measured yet: press Train"
            at = (rect.left, rect.top + theme.px(TITLE + 8))
            theme.blit_text(surface, note, at, 13, theme.MUTED)
            return
        key = (tuple(rect), theme.scale(), matrix.tobytes(), digits, selected)
        if self._matrix is None or self._matrix[0] != key:
            self._matrix = (key, self._bake(rect, matrix, digits, selected))
        surface.blit(self._matrix[1], rect.topleft)

    def _bake(self, rect, matrix, digits, selected) -> pygame.Surface:
        k = len(digits)
        baked = pygame.Surface(rect.size)
        baked.fill(theme.PANEL)
        _title(baked, (0, 0))
        box = (0, 0, rect.width, rect.height)
        left, top, cell = matrix_geometry(box, k)
        totals = np.maximum(matrix.sum(axis=1), 1)
        mistakes = matrix * (1 - np.eye(k, dtype=matrix.dtype))
        worst = max(int(mistakes.max()), 1)
        dp = theme.px
        size = 13 if cell >= dp(26) else 11
        for i, digit in enumerate(digits):
            middle = left + i * cell + cell // 2
            theme.blit_text(
                baked, str(digit), (middle, top - dp(4)), 13, theme.MUTED, True, "midbottom"
            )
            middle = top + i * cell + cell // 2
            theme.blit_text(
                baked, str(digit), (left - dp(6), middle), 13, theme.MUTED, True, "midright"
            )
        for row in range(k):
            for col in range(k):
                if row == col:
                    colour, amount = theme.GOOD, 0.1 + 0.8 * matrix[row, col] / totals[row]
                else:  # square root: a mix-up a quarter as common is still half as deep
                    count = matrix[row, col]
                    colour, amount = theme.BAD, 0.15 + 0.75 * np.sqrt(count / worst) if count else 0
                cell_rect = pygame.Rect(left + col * cell, top + row * cell, cell, cell)
                pygame.draw.rect(baked, _shade(colour, amount), cell_rect)
                pygame.draw.rect(baked, theme.PANEL, cell_rect, 1)
                ink = theme.PAPER if amount > 0.55 else theme.INK
                count = str(int(matrix[row, col]))
                theme.blit_text(baked, count, cell_rect.center, size, ink, anchor="center")
        if selected is not None:
            row, col = selected
            outline = pygame.Rect(left + col * cell, top + row * cell, cell, cell)
            pygame.draw.rect(baked, theme.INK, outline.inflate(dp(2), dp(2)), dp(2))
        return baked

    def draw_thumbs(
        self,
        surface: pygame.Surface,
        boxes: list[Box],
        inputs: np.ndarray,
        indices: np.ndarray,
        chosen: int | None,
    ) -> None:
        """The validation inputs at `indices` in `boxes`; the `chosen` one outlined."""
        if self._thumbs_of is not inputs:
            self._thumbs, self._thumbs_of = {}, inputs
        for box, index in zip(boxes, indices, strict=False):
            index = int(index)
            thumb = self._thumbs.get(index)
            if thumb is None or thumb.get_size() != tuple(box[2:]):  # new, or a new scale
                image = inputs[index].reshape(28, 28)
                thumb = self._thumbs[index] = digit_surface(image, tuple(box[2:]))
            surface.blit(thumb, box[:2])
            if index == chosen:
                ring = pygame.Rect(box).inflate(theme.px(6), theme.px(6))
                pygame.draw.rect(surface, theme.INK, ring, theme.px(2))
