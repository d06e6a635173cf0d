"""Line charts of training history (loss, accuracy), baked on a surface and redrawn only when
the history grew, so a chart costs one blit per frame whether training ran a minute or an hour.

Values that are not finite (a diverged step's loss) are never plotted; the line simply stops and
the chart says what happened.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pygame

from playground.render import theme

PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 14, 48, 22


@dataclass(frozen=True)
class Series:
    label: str
    colour: tuple[int, int, int]
    steps: np.ndarray  # x: training step of each point
    values: np.ndarray  # y: NaN or inf points are left out
    ghost: bool = False  # an earlier run: faint, labelled at its end, not in the legend


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above `value` (> 0)."""
    if not math.isfinite(value) or value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 5, 10):
        if value <= factor * power * (1 + 1e-9):
            return factor * power
    return 10 * power


def _faint(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """A colour taken most of the way to the paper: for earlier runs behind the current one."""
    return tuple(int(c + (p - c) * 0.6) for c, p in zip(colour, theme.PAPER, strict=True))


def stack_labels(
    wanted: list[tuple[float, float, int, int]], box: tuple[int, int, int, int]
) -> list[tuple[float, float]]:
    """Where labels go: each wants its bottom-right corner at (bottom, right) and is w x h
    (`wanted` holds (bottom, right, w, h)); returns each label's bottom-right point (x, y), in
    the same order, moved the least so that none overlap vertically and all stay inside `box`
    (x, y, w, h)."""
    left, top, width, height = box
    order = sorted(range(len(wanted)), key=lambda i: wanted[i][0])
    spots: dict[int, list[float]] = {}
    below = top
    for i in order:  # top to bottom, pushing each below the one above
        bottom, right, w, h = wanted[i]
        below = max(bottom, below + h)
        spots[i] = [below, min(max(right, left + w), left + width)]
    above = top + height
    for i in reversed(order):  # bottom to top, lifting any pushed out of the box
        spots[i][0] = min(spots[i][0], above)
        above = spots[i][0] - wanted[i][3]
    return [(spots[i][1], spots[i][0]) for i in range(len(wanted))]


def _ghost_labels(chart: pygame.Surface, plot: pygame.Rect, labels: list) -> None:
    """Each earlier run's label just above where its line ends; `labels` holds
    (bottom y, right x, text)."""
    images = [theme.text(text, 11, theme.MUTED) for _, _, text in labels]
    sizes = [image.get_size() for image in images]
    wanted = [(b, r, w, h) for (b, r, _), (w, h) in zip(labels, sizes, strict=True)]
    for image, spot in zip(images, stack_labels(wanted, tuple(plot)), strict=True):
        chart.blit(image, image.get_rect(bottomright=spot))


def _value_text(value: float, percent: bool) -> str:
    return f"{value:.0%}" if percent else f"{value:.3g}"


class Chart:
    """One chart: `title`, a y axis from 0 (to 1 when `percent`, else to the data's top)."""

    def __init__(self, title: str, percent: bool = False) -> None:
        self.title = title
        self.percent = percent
        self._surface: pygame.Surface | None = None
        self._key: tuple | None = None

    def draw(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        series: Callable[[], list[Series]],
        key: object,
        note: str = "",
    ) -> None:
        """Blit the chart into `rect`; when `key`, `note` or the size changed it is redrawn
        from `series()` first (so the history is only read when the chart will show it)."""
        full_key = (key, note, rect.size)
        if full_key != self._key:
            self._surface = self._render(rect.size, series(), note)
            self._key = full_key
        surface.blit(self._surface, rect.topleft)

    def _render(self, size: tuple[int, int], series: list[Series], note: str) -> pygame.Surface:
        chart = pygame.Surface(size).convert()
        chart.fill(theme.PANEL)
        card = chart.get_rect()
        pygame.draw.rect(chart, theme.PAPER, card, border_radius=8)
        theme.blit_text(chart, self.title, (12, 8), 15, theme.INK, True)
        plot = pygame.Rect(
            PAD_LEFT, PAD_TOP, size[0] - PAD_LEFT - PAD_RIGHT, size[1] - PAD_TOP - PAD_BOTTOM
        )
        points = [self._finite(s) for s in series]
        top = (
            1.0
            if self.percent
            else nice_ceiling(max((float(v.max()) for _, v in points if len(v)), default=1.0))
        )
        last_step = max((float(x.max()) for x, _ in points if len(x)), default=0.0)
        self._axes(chart, plot, top, last_step)
        x, labels = 12, []
        ordered = sorted(zip(series, points, strict=True), key=lambda pair: not pair[0].ghost)
        for s, (xs, ys) in ordered:
            colour = _faint(s.colour) if s.ghost else s.colour
            if not s.ghost:
                value = f" {_value_text(float(ys[-1]), self.percent)}" if len(ys) else ""
                pygame.draw.line(chart, colour, (x, 36), (x + 14, 36), 3)
                end = theme.blit_text(
                    chart, s.label + value, (x + 19, 36), 13, theme.INK, anchor="midleft"
                )
                x = end.right + 16
            if len(xs) < 2:
                continue
            px = plot.left + xs / max(last_step, 1.0) * plot.width
            py = plot.bottom - np.clip(ys / top, 0.0, 1.0) * plot.height
            pygame.draw.aalines(chart, colour, False, np.stack([px, py], 1).tolist())
            if s.ghost:
                labels.append((float(py[-1]) - 2, float(px[-1]), s.label))
        _ghost_labels(chart, plot, labels)
        if note:
            theme.blit_text(chart, note, (card.right - 12, 36), 13, theme.BAD, True, "midright")
        elif not any(len(x) for x, _ in points):
            theme.blit_text(chart, "no points yet", plot.center, 14, theme.MUTED, anchor="center")
        return chart

    def _axes(self, chart: pygame.Surface, plot: pygame.Rect, top: float, last: float) -> None:
        for fraction in (0.0, 0.5, 1.0):
            y = plot.bottom - fraction * plot.height
            pygame.draw.line(chart, theme.GRID, (plot.left, y), (plot.right, y))
            theme.blit_text(
                chart,
                _value_text(top * fraction, self.percent),
                (plot.left - 6, y),
                12,
                theme.MUTED,
                anchor="midright",
            )
        theme.blit_text(chart, "step 0", (plot.left, plot.bottom + 4), 12, theme.MUTED)
        if last > 0:
            theme.blit_text(
                chart,
                f"{int(last):,}",
                (plot.right, plot.bottom + 4),
                12,
                theme.MUTED,
                anchor="topright",
            )

    @staticmethod
    def _finite(series: Series) -> tuple[np.ndarray, np.ndarray]:
        xs = np.asarray(series.steps, np.float64)
        ys = np.asarray(series.values, np.float64)
        keep = np.isfinite(xs) & np.isfinite(ys)
        return xs[keep], ys[keep]
