"""Page 1, pixels to numbers: the drawing is read row by row into one tall column of inputs.

The network never sees a picture, only 784 numbers in a fixed order. The page animates that
reading on the digit currently on the draw canvas (or a starter digit when it is empty) and
lets the mouse point at any cell or slot to see its index and value in both places at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from playground.core.settings import IMAGE_SIDE, N_INPUTS
from playground.ui.explain.kit.digit_source import network_input
from playground.ui.explain.kit.geometry import Box, Column, Grid, ease, input_index, lerp_box
from playground.ui.explain.kit.page import Page
from playground.ui.explain.kit.plotting import POINTER
from playground.ui.render import images, theme

if TYPE_CHECKING:
    from playground.core.session import Session

ROW_SECONDS = 0.32  # time to read one row
HOLD_SECONDS = 2.5  # the full column stays on screen this long before reading starts again
FLIGHT = 0.45  # fraction of a row's time each cell spends flying; they leave one after another


class PixelsPage(Page):
    title = "Pixels to numbers"
    caption = "The network gets no picture, only a list of 784 numbers: the grid read row by row."
    keys = (("R", "read the grid again from the top"), ("mouse", "point at a cell or a slot"))

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.clock = 0.0
        self.mouse: tuple[int, int] = (-1, -1)
        self._source_key: tuple | None = None
        self.values = np.zeros(N_INPUTS, np.float32)
        self.source = ""
        self.grid = Grid(0, 0, 1)
        self.column = Column(0, 0, 1, 1, 1)
        self._grid_image: pygame.Surface | None = None
        self._strips: list[pygame.Surface] = []

    # -- state ----------------------------------------------------------------------------------
    def _refresh_source(self) -> None:
        canvas = self.session.canvas
        s = self.session.settings
        key = (canvas.is_empty, canvas.version, s.digits, s.normalize, s.deskew)
        if key == self._source_key:
            return
        self._source_key = key
        # the 784 numbers the network really gets: the drawing as prepared (cropped, scaled,
        # centred, straightened), not as drawn, which may sit tiny in a corner
        image, source = network_input(self.session)
        prepared = " as the network gets it" if s.normalize or s.deskew else ""
        self.source = f"{source}{prepared}"
        self.values = image.reshape(N_INPUTS)
        self.clock = 0.0
        self._grid_image = None

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_r:
            self.clock = 0.0
            return True
        return False

    def update(self, dt: float) -> None:
        self._refresh_source()
        self.clock += dt
        if self.clock > ROW_SECONDS * IMAGE_SIDE + HOLD_SECONDS:
            self.clock = 0.0

    def reading(self) -> tuple[int, float]:
        """(row being read, progress 0..1 through it); row IMAGE_SIDE means all are read."""
        row, rest = divmod(self.clock, ROW_SECONDS)
        if row >= IMAGE_SIDE:
            return IMAGE_SIDE, 0.0
        return int(row), rest / ROW_SECONDS

    def landed(self, progress: float) -> int:
        """How many cells of the row being read have reached the column."""
        return sum(1 for col in range(IMAGE_SIDE) if self._flight(col, progress) >= 1.0)

    @staticmethod
    def _flight(col: int, progress: float) -> float:
        start = col / IMAGE_SIDE * (1.0 - FLIGHT)
        return min(max((progress - start) / FLIGHT, 0.0), 1.0)

    def hovered(self) -> int | None:
        """The input index under the mouse, in the grid or in the column."""
        cell = self.grid.cell_at(*self.mouse)
        if cell is not None:
            return input_index(*cell)
        return self.column.slot_at(*self.mouse)

    # -- layout and caches ----------------------------------------------------------------------
    def arrange(self) -> None:
        body, dp = self.body, theme.px
        cell = max(dp(10), min(dp(20), (body.height - dp(72)) // IMAGE_SIDE))
        self.grid = Grid(body.left + dp(32), body.top + dp(52), cell)
        strip_left = self.grid.left + self.grid.size + dp(110)
        self.column = Column(strip_left, self.grid.top, self.grid.size, dp(18), dp(52))
        self._grid_image = None

    def _build_layers(self) -> None:
        size = self.grid.size
        self._grid_image = images.digit_surface(
            self.values.reshape(IMAGE_SIDE, IMAGE_SIDE), (size, size)
        )
        for i in range(1, IMAGE_SIDE):
            x = i * self.grid.cell
            pygame.draw.line(self._grid_image, theme.GRID, (x, 0), (x, size))
            pygame.draw.line(self._grid_image, theme.GRID, (0, x), (size, x))
        per = self.column.per_strip
        self._strips = [
            images.digit_surface(
                self.values[s * per : (s + 1) * per].reshape(per, 1),
                (self.column.strip_width, self.column.height),
            )
            for s in range(self.column.segments)
        ]

    # -- drawing --------------------------------------------------------------------------------
    def paint(self, surface: pygame.Surface) -> None:
        self._refresh_source()
        if self._grid_image is None:
            self._build_layers()
        row, progress = self.reading()
        read = row * IMAGE_SIDE + (self.landed(progress) if row < IMAGE_SIDE else 0)
        grid, dp = self.grid, theme.px
        theme.blit_text(
            surface, f"28 x 28 grid: {self.source}", (grid.left, grid.top - dp(26)), 15, theme.MUTED
        )
        surface.blit(self._grid_image, (grid.left, grid.top))
        pygame.draw.rect(surface, theme.INK, (grid.left, grid.top, grid.size, grid.size), 1)
        self._draw_column(surface, read)
        if row < IMAGE_SIDE:
            gx, gy, _, _ = grid.cell_box(row, 0)
            band = (gx - dp(2), gy - dp(2), grid.size + dp(4), grid.cell + dp(4))
            pygame.draw.rect(surface, theme.HIGHLIGHT, band, dp(3))
            self._draw_flight(surface, row, progress)
        self._arrow(surface)  # over the flying cells, whose path crosses its words
        self._draw_row_numbers(surface, min(row, IMAGE_SIDE - 1), read)
        self._draw_hover(surface)

    def _draw_column(self, surface: pygame.Surface, read: int) -> None:
        column, dp = self.column, theme.px
        per = column.per_strip
        theme.blit_text(
            surface,
            "the same 784 numbers in one column,",
            (column.left, column.top - dp(48)),
            15,
            theme.MUTED,
        )
        theme.blit_text(
            surface,
            f"cut into {column.segments} strips",
            (column.left, column.top - dp(26)),
            15,
            theme.MUTED,
        )
        for s in range(column.segments):
            x, y, w, h = column.strip_box(s)
            filled = min(max(read - s * per, 0), per)
            pygame.draw.rect(surface, theme.GRID, (x, y, w, h))
            if filled:
                height = column.slot_y(filled) - y
                surface.blit(self._strips[s], (x, y), (0, 0, w, height))
            pygame.draw.rect(surface, theme.MUTED, (x - 1, y - 1, w + 2, h + 2), 1)
            for r in range(per // IMAGE_SIDE + 1):
                ty = column.slot_y(r * IMAGE_SIDE)
                pygame.draw.line(surface, theme.MUTED, (x + w, ty), (x + w + dp(5), ty))
                if r < per // IMAGE_SIDE:
                    index = s * per + r * IMAGE_SIDE
                    at = (x + w + dp(7), ty)
                    theme.blit_text(surface, str(index), at, 12, theme.MUTED, anchor="midleft")

    def _arrow(self, surface: pygame.Surface) -> None:
        y, dp = self.grid.top + self.grid.size // 2, theme.px
        x0, x1 = self.grid.left + self.grid.size + dp(22), self.column.left - dp(26)
        pygame.draw.line(surface, theme.INK, (x0, y), (x1, y), dp(2))
        tip = [(x1 + dp(8), y), (x1 - dp(2), y - dp(6)), (x1 - dp(2), y + dp(6))]
        pygame.draw.polygon(surface, theme.INK, tip)
        words = theme.text("row by row", 14, theme.MUTED)
        at = words.get_rect(midbottom=((x0 + x1) // 2, y - dp(6)))
        pygame.draw.rect(surface, theme.PAPER, at.inflate(dp(4), 0))
        surface.blit(words, at)

    def _draw_flight(self, surface: pygame.Surface, row: int, progress: float) -> None:
        for col in range(IMAGE_SIDE):
            t = self._flight(col, progress)
            if 0.0 < t < 1.0:
                index = input_index(row, col)
                box = lerp_box(self.grid.cell_box(row, col), self.column.slot_box(index), ease(t))
                shade = images.ink_rgb(self.values[index])
                pygame.draw.rect(surface, tuple(int(v) for v in shade), box)
                pygame.draw.rect(surface, POINTER, box, 1)

    def _draw_row_numbers(self, surface: pygame.Surface, row: int, read: int) -> None:
        """The row being read as a list of (index, value): the column, close up."""
        dp = theme.px
        left = self.column.strip_box(self.column.segments - 1)[0] + dp(110)
        top = self.grid.top
        step = self.grid.size / IMAGE_SIDE
        first = row * IMAGE_SIDE
        # rows, columns and inputs count from 0 here, so input = row x 28 + column holds as shown
        options = [f"row {row} (counting from 0), close up:", f"row {row} (from 0), close up:"]
        heading = theme.fitting(options, 15, self.rect.right - left - dp(8))
        theme.blit_text(surface, heading, (left, top - dp(48)), 15, theme.MUTED)
        theme.blit_text(
            surface,
            f"inputs {first} to {first + IMAGE_SIDE - 1}",
            (left, top - dp(26)),
            15,
            theme.MUTED,
        )
        for col in range(IMAGE_SIDE):
            index = first + col
            y = round(top + col * step)
            if index >= read and read < N_INPUTS:
                theme.blit_text(
                    surface,
                    f"{index}",
                    (left + dp(36), y + step / 2),
                    13,
                    theme.GRID,
                    anchor="midright",
                )
                continue
            value = float(self.values[index])
            shade = tuple(int(v) for v in images.ink_rgb(value))
            swatch = (left + dp(44), y + dp(2), dp(22), round(step) - dp(3))
            pygame.draw.rect(surface, shade, swatch)
            pygame.draw.rect(surface, theme.MUTED, swatch, 1)
            at = (left + dp(36), y + step / 2)
            theme.blit_text(surface, f"{index}", at, 13, theme.MUTED, anchor="midright")
            theme.blit_text(
                surface,
                f"{value:.2f}",
                (left + dp(74), y + step / 2),
                13,
                theme.INK if value > 0 else theme.MUTED,
                anchor="midleft",
            )

    def _draw_hover(self, surface: pygame.Surface) -> None:
        index = self.hovered()
        if index is None:
            return
        row, col = divmod(index, IMAGE_SIDE)
        for box in (self.grid.cell_box(row, col), self.column.slot_box(index)):
            pygame.draw.rect(surface, POINTER, _grow(box, theme.px(2)), theme.px(2))
        value = float(self.values[index])
        label = f"input {index} = row {row} × 28 + column {col}    value {value:.2f}"
        image = theme.text(label, 15, theme.PAPER)
        dp = theme.px
        corner = (self.mouse[0] + dp(16), self.mouse[1] + dp(18))
        tip = image.get_rect(topleft=corner).inflate(dp(16), dp(8))
        tip.clamp_ip(self.rect)
        pygame.draw.rect(surface, theme.INK, tip, border_radius=dp(5))
        surface.blit(image, image.get_rect(center=tip.center))


def _grow(box: Box, by: int) -> Box:
    x, y, w, h = box
    return (x - by, y - by, w + 2 * by, h + 2 * by)
