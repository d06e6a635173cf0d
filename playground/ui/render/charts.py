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

from playground.ui.render import theme

PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 14, 56, 22  # the top tick clears the legend
LABEL_SIZE = 11  # earlier runs' labels: small print behind the current run
LABEL_CLEAR = 3  # pixels kept free between such a label and a live line


@dataclass(frozen=True)
class Series:
    label: str
    colour: tuple[int, int, int]
    steps: np.ndarray  # x: training step of each point
    values: np.ndarray  # y: NaN or inf points are left out
    ghost: bool = False  # an earlier run: faint, labelled at its end, not in the legend


def nice_ceiling(value: float, factors: tuple[float, ...] = (1, 2, 5)) -> float:
    """The smallest of `factors` (1, 2 or 5 unless given) times a power of ten at or above
    `value` (> 0)."""
    if not math.isfinite(value) or value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for factor in (*factors, 10):
        if value <= factor * power * (1 + 1e-9):
            return factor * power
    return 10 * power


# a chart's top, the finer steps: ten digits' first loss, 2.3, topped a chart at 5, which
# pressed the curves of a trained network (0.16) flat along its foot
CHART_TOPS = (1, 2, 3, 4, 5, 6, 8)


def _faint(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """A colour taken most of the way to the paper: for earlier runs behind the current one."""
    return tuple(int(c + (p - c) * 0.6) for c, p in zip(colour, theme.PAPER, strict=True))


def _trace(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points about a pixel apart along a polyline: a label must miss the segments between the
    data points too, not only the points."""
    steps = np.maximum(np.abs(np.diff(xs)), np.abs(np.diff(ys)))
    along = np.concatenate([[0.0], np.cumsum(steps)])
    at = np.arange(0.0, along[-1] + 1.0)
    return np.interp(at, along, xs), np.interp(at, along, ys)


def _shortened(text: str):
    """The label, then shorter forms by whole words (never below two: a setting and its value),
    for when the full one finds no room."""
    words = text.split()
    yield text
    for count in range(len(words) - 1, 1, -1):
        yield " ".join(words[:count]) + "…"


def place_labels(
    labels: list[tuple[str, float, float]],
    lines: list[tuple[np.ndarray, np.ndarray]],
    plot: pygame.Rect,
) -> list[tuple[str, pygame.Rect]]:
    """Where earlier runs' labels go: each of `labels` (text, x, y) wants its bottom-right corner
    at (x, y); returns (text shown, rect) for those that fit inside `plot` without touching the
    live `lines` (pixel xs, ys) or each other, as near their wish as room allows. A label with
    no room is shortened, or left out: the current run's line matters more than an old name."""
    plot = pygame.Rect(plot)
    width, height = max(plot.width, 0), max(plot.height, 0)
    taken = np.zeros((height, width), bool)
    for xs, ys in lines:
        if len(xs):
            cols, rows = (np.round(v).astype(np.int64) for v in _trace(xs, ys))
            cols, rows = cols - plot.left, rows - plot.top
            inside = (cols >= 0) & (cols < width) & (rows >= 0) & (rows < height)
            taken[rows[inside], cols[inside]] = True
    placed = []
    for text, x, y in reversed(labels):  # the newest run first: it is the likeliest compared
        for shown in _shortened(text):
            w, h = theme.text(shown, LABEL_SIZE, theme.MUTED).get_size()
            spot = _free_spot(taken, (w, h), (x - plot.left - w, y - plot.top - h))
            if spot is not None:
                rect = pygame.Rect(spot[0] + plot.left, spot[1] + plot.top, w, h)
                taken[spot[1] : spot[1] + h, spot[0] : spot[0] + w] = True
                placed.append((shown, rect))
                break
    return placed


def _free_spot(taken: np.ndarray, size: tuple[int, int], near: tuple[float, float]):
    """The top-left (x, y) nearest `near` where a `size` box and a LABEL_CLEAR margin around it
    cover nothing `taken`, or None; every spot at once, from running sums of the grid."""
    (w, h), (grid_h, grid_w), clear = size, taken.shape, LABEL_CLEAR
    rows, cols = grid_h - h + 1, grid_w - w + 1
    if rows <= 0 or cols <= 0:
        return None
    sums = np.zeros((grid_h + 2 * clear + 1, grid_w + 2 * clear + 1), np.int32)
    sums[1 + clear : 1 + clear + grid_h, 1 + clear : 1 + clear + grid_w] = taken
    sums = sums.cumsum(0, dtype=np.int32).cumsum(1, dtype=np.int32)
    high, wide = h + 2 * clear, w + 2 * clear  # the box with its margin, in the padded grid
    covered = (
        sums[high : high + rows, wide : wide + cols]
        - sums[:rows, wide : wide + cols]
        - sums[high : high + rows, :cols]
        + sums[:rows, :cols]
    )
    far = (np.arange(rows, dtype=float)[:, None] - near[1]) ** 2 + (
        np.arange(cols)[None, :] - near[0]
    ) ** 2
    far[covered > 0] = np.inf
    y, x = np.unravel_index(np.argmin(far), far.shape)
    return None if np.isinf(far[y, x]) else (int(x), int(y))


def _value_text(value: float, percent: bool, decimals: int | None = None) -> str:
    """An axis tick (`decimals` None: 50%, 0.5) or a latest value to `decimals` places (97.6%,
    0.220: a fixed count, so two losses side by side read alike)."""
    if percent:
        return f"{value:.{decimals or 0}%}"
    return f"{value:.3g}" if decimals is None else f"{value:.{decimals}f}"


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
        full_key = (key, note, rect.size, theme.scale())
        if full_key != self._key:
            self._surface = self._render(rect.size, series(), note)
            self._key = full_key
        surface.blit(self._surface, rect.topleft)

    def _render(self, size: tuple[int, int], series: list[Series], note: str) -> pygame.Surface:
        chart = pygame.Surface(size).convert()
        chart.fill(theme.PANEL)
        card = chart.get_rect()
        dp = theme.px  # design pixels to screen pixels (`px` below is the plot's x positions)
        pygame.draw.rect(chart, theme.PAPER, card, border_radius=dp(8))
        theme.blit_text(chart, self.title, (dp(12), dp(8)), 15, theme.INK, True)
        left, top_pad = dp(PAD_LEFT), dp(PAD_TOP)
        plot = pygame.Rect(
            left, top_pad, size[0] - left - dp(PAD_RIGHT), size[1] - top_pad - dp(PAD_BOTTOM)
        )
        points = [self._finite(s) for s in series]
        top = (
            1.0
            if self.percent
            else nice_ceiling(
                max((float(v.max()) for _, v in points if len(v)), default=1.0), CHART_TOPS
            )
        )
        last_step = max((float(x.max()) for x, _ in points if len(x)), default=0.0)
        self._axes(chart, plot, top, last_step)
        x, key_y, labels, live = dp(12), dp(36), [], []
        ordered = sorted(zip(series, points, strict=True), key=lambda pair: not pair[0].ghost)
        for s, (xs, ys) in ordered:
            colour = _faint(s.colour) if s.ghost else s.colour
            if not s.ghost:
                # the latest value to a tenth of a point, as the top bar gives the accuracy
                places = 1 if self.percent else 3
                latest = _value_text(float(ys[-1]), self.percent, places) if len(ys) else ""
                value = f" {latest}" if latest else ""
                pygame.draw.line(chart, colour, (x, key_y), (x + dp(14), key_y), dp(3))
                end = theme.blit_text(
                    chart, s.label + value, (x + dp(19), key_y), 13, theme.INK, anchor="midleft"
                )
                x = end.right + dp(16)
            if not len(xs):
                continue
            px = plot.left + xs / max(last_step, 1.0) * plot.width
            py = plot.bottom - np.clip(ys / top, 0.0, 1.0) * plot.height
            if len(xs) == 1:  # one point (the first validation) is a dot, not nothing
                pygame.draw.circle(chart, colour, (float(px[0]), float(py[0])), dp(3))
                continue
            pygame.draw.aalines(chart, colour, False, np.stack([px, py], 1).tolist())
            if s.ghost:
                labels.append((s.label, float(px[-1]), float(py[-1]) - 2))
            else:
                live.append((px, py))
        for text, rect in place_labels(labels, live, plot):
            chart.blit(theme.text(text, LABEL_SIZE, theme.MUTED), rect)
        if note:  # beside the legend if it fits there, else at the plot's top right
            fits = x + theme.font(13, True).size(note)[0] <= card.right - dp(12)
            at, anchor = (card.right - dp(12), key_y), "midright"
            if not fits:
                at, anchor = (plot.right - dp(4), plot.top + dp(4)), "topright"
            theme.blit_text(chart, note, at, 13, theme.BAD, True, anchor)
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
                (plot.left - theme.px(6), y),
                12,
                theme.MUTED,
                anchor="midright",
            )
        below = plot.bottom + theme.px(4)
        theme.blit_text(chart, "step 0", (plot.left, below), 12, theme.MUTED)
        if last > 0:
            theme.blit_text(
                chart,
                f"{int(last):,}",
                (plot.right, below),
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
