"""The gallery of a person's own samples: one chip per digit in play with its count, and the
chosen digit's drawings as thumbnails, newest first, the ones the network gets wrong marked.

The view remembers where it drew each chip and thumbnail so the scene can ask what is under
the mouse (`chip_at`, `sample_at`) without knowing the geometry. Thumbnails are cached per
file, so a frame with an unchanged gallery only blits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pygame

from playground.core.words import a_digit
from playground.ui.render import theme
from playground.ui.render.images import digit_surface

TITLE = 28  # the panel's title line above the chips
CHIP_HEIGHT = 50
CHIP_MIN = 46  # narrowest chip that still shows a four-digit count
THUMB_GAP = 6
THUMB_SIDE = 56  # two screen pixels per canvas pixel
HEADER = 30  # the line between the chips and the thumbnails


@dataclass
class GalleryItem:
    path: Path
    image: np.ndarray  # uint8 (28, 28)
    guess: int | None  # the network's guess, None when the label is not in play


class GalleryView:
    def __init__(self) -> None:
        self._thumbs: dict[Path, pygame.Surface] = {}
        self._chips: list[tuple[pygame.Rect, int]] = []
        self._cells: list[tuple[pygame.Rect, int]] = []
        self.pages = 1  # pages of thumbnails at the last draw (the scene pages with the wheel)

    def chip_at(self, pos: tuple[int, int]) -> int | None:
        return next((digit for rect, digit in self._chips if rect.collidepoint(pos)), None)

    def sample_at(self, pos: tuple[int, int]) -> int | None:
        """Index (into the items last drawn) of the thumbnail under `pos`."""
        return next((index for rect, index in self._cells if rect.collidepoint(pos)), None)

    def draw(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        counts: Mapping[int, tuple[int, int]],
        digit: int | None,
        items: Sequence[GalleryItem],
        page: int,
        selected: Path | None,
        in_play: Sequence[int],
        trained_on: str = "starter set + yours",
        hints: bool = True,
    ) -> None:
        """`counts` maps each digit shown to (starter, yours): the digits `in_play`, and the
        chosen `digit` when it is not (so a user sees the ones they saved of it), counting
        only what trains, which `trained_on` names; `items` are `digit`'s samples, shown from
        `page` (clamped to the pages there are)."""
        title = theme.blit_text(surface, "Samples per digit", (rect.left, rect.top), 16, bold=True)
        note = theme.text(trained_on, 13, theme.MUTED)
        px = theme.px
        if title.right + px(12) + note.get_width() <= rect.right:
            surface.blit(note, note.get_rect(topright=(rect.right, rect.top + px(3))))
        top = self._draw_chips(surface, rect.top + px(TITLE), rect, counts, digit) + px(8)
        # a newcomer's question: why only these digits? (the network has one output for each)
        played = ", ".join(map(str, in_play)) if len(in_play) < 5 else f"{len(in_play)} digits"
        if digit is not None and digit not in in_play:
            lines = (
                f"The network learns {played}, not {digit}. To add it: Tab, then C (Controls)",
                f"Learns {played}, not {digit} · add it: Tab, then C",
            )
        else:
            lines = (
                f"The network learns {played}. To change: Tab, then C (Controls)",
                f"Learns {played} · change: Tab, then C",
            )
        if hints:  # presenter mode shows the picture only: no keys to press
            line = theme.fitting(lines, 13, rect.width)
            theme.blit_text(surface, line, (rect.left, top), 13, theme.MUTED)
        top += px(26)
        self.pages = 1
        self._cells = []
        if digit is None:
            keys = (
                "0-9 labels your drawing and lists your saved ones of that digit",
                "0-9: label it, see your saved ones",
            )
            if hints:
                hint = theme.fitting(keys, 15, rect.width)
                theme.blit_text(surface, hint, (rect.left, top), 15, theme.MUTED)
            return
        wrong = sum(1 for item in items if item.guess is not None and item.guess != digit)
        header = f"Your {digit}s: {len(items)}"
        if wrong:
            # the network as it is now, unlike the score above (its guesses before learning)
            long = f"{header}   ·   {wrong} read wrong now (red)"
            fits = theme.font(15, True).size(long)[0] <= rect.width
            header = long if fits else f"{header} · {wrong} wrong now"
        theme.blit_text(surface, header, (rect.left, top), 15, bold=True)
        if not items:
            theme.blit_text(
                surface,
                f"None yet: draw {a_digit(digit)} and press Enter.",
                (rect.left, top + px(HEADER)),
                15,
                theme.MUTED,
            )
            return
        self._draw_thumbs(surface, rect, top + px(HEADER), digit, items, page, selected)

    def _draw_chips(self, surface, top, rect, counts, digit) -> int:
        """One chip per digit (digit and sample count), in as many rows as keep each chip at
        least CHIP_MIN wide; returns the bottom of the last row."""
        self._chips = []
        n, px = max(len(counts), 1), theme.px
        gap, height = px(4), px(CHIP_HEIGHT)
        per_row = min(n, max(1, (rect.width + gap) // (px(CHIP_MIN) + gap)))
        width = min(px(84), (rect.width - gap * (per_row - 1)) // per_row)
        texts, size = _count_texts(tuple(counts.items()), width - px(6), theme.scale())
        for i, d in enumerate(counts):
            row, col = divmod(i, per_row)
            chip = pygame.Rect(
                rect.left + col * (width + gap), top + row * (height + gap), width, height
            )
            chosen = d == digit
            colour = theme.INK if chosen else theme.PANEL
            pygame.draw.rect(surface, colour, chip, border_radius=px(6))
            colour = theme.PAPER if chosen else theme.INK
            theme.blit_text(
                surface,
                str(d),
                (chip.centerx, chip.top + px(3)),
                20,
                colour,
                bold=True,
                anchor="midtop",
            )
            theme.blit_text(
                surface,
                texts[d],
                (chip.centerx, chip.bottom - px(3)),
                size,
                theme.GRID if chosen else theme.MUTED,
                anchor="midbottom",
            )
            self._chips.append((chip, d))
        rows = -(-n // per_row)
        return top + rows * (height + gap) - gap

    def _draw_thumbs(self, surface, rect, top, digit, items, page, selected) -> None:
        px = theme.px
        side, thumb_gap = px(THUMB_SIDE), px(THUMB_GAP)
        step = side + thumb_gap
        columns = max(1, (rect.width + thumb_gap) // step)
        rows = max(1, (rect.bottom - top - px(20)) // step)
        per_page = rows * columns
        self.pages = -(-len(items) // per_page)
        page = min(max(page, 0), self.pages - 1)
        start = page * per_page
        shown = items[start : start + per_page]
        live = {item.path for item in items}
        self._thumbs = {p: s for p, s in self._thumbs.items() if p in live}
        for offset, item in enumerate(shown):
            row, col = divmod(offset, columns)
            cell = pygame.Rect(rect.left + col * step, top + row * step, side, side)
            thumb = self._thumbs.get(item.path)
            if thumb is None or thumb.get_size() != cell.size:  # new, or the scale changed
                thumb = digit_surface(item.image.astype(np.float32) / 255, cell.size)
                self._thumbs[item.path] = thumb
            surface.blit(thumb, cell)
            wrong = item.guess is not None and item.guess != digit
            if item.path == selected:
                ring = cell.inflate(px(6), px(6))
                pygame.draw.rect(surface, theme.HIGHLIGHT, ring, px(3), border_radius=px(4))
            edge = theme.BAD if wrong else theme.GRID
            pygame.draw.rect(surface, edge, cell, px(2) if wrong else 1)
            if wrong:
                theme.blit_text(
                    surface,
                    str(item.guess),
                    (cell.right - px(4), cell.top + px(1)),
                    13,
                    theme.BAD,
                    bold=True,
                    anchor="topright",
                )
            self._cells.append((cell, start + offset))
        if self.pages > 1:
            theme.blit_text(
                surface,
                f"page {page + 1} of {self.pages}  (mouse wheel)",
                (rect.left, top + rows * step),
                13,
                theme.MUTED,
            )


# How a chip writes its count, most room first: starter set and yours apart (yours stay in
# sight however narrow the chip), with or without spaces and thousands commas
# the count under each chip's digit, roomiest first; then the last one smaller, so a
# "1070+12" never runs out of its chip (it did with ten digits in play at 1024 px)
COUNT_STYLES = (("{s:,} + {y}", 12), ("{s:,}+{y}", 12), ("{s}+{y}", 12), ("{s}+{y}", 10))


@lru_cache(maxsize=64)
def _count_texts(
    counts: tuple[tuple[int, tuple[int, int]], ...], room: float, scale: float
) -> tuple[dict[int, str], int]:
    """Each digit's count in one style for all the chips, the roomiest every chip fits, and
    its text size (cached: measuring ten texts a frame costs; `scale` keys the cache)."""
    texts: dict[int, str] = {}
    size = 12
    for style, size in COUNT_STYLES:
        commas = "{s:,}" in style  # totals then have commas too
        texts = {
            d: style.format(s=s, y=y) if s and y else (f"{s + y:,}" if commas else str(s + y))
            for d, (s, y) in counts
        }
        if all(theme.font(size, False).size(t)[0] <= room for t in texts.values()):
            break
    return texts, size
