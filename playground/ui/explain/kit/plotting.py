"""Drawing small charts for the explain pages: a framed box, zero lines, curves, dots."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pygame

from playground.ui.explain.kit.geometry import Axes
from playground.ui.render import theme
from playground.ui.render.charts import nice_ceiling

# Orange and blue mean a value's sign on every page. A place you point at (the x you drag, the
# ball on the bowl) is magenta and a second curve or run is purple, so neither reads as a sign.
POINTER = (196, 40, 140)
OTHER = (112, 72, 168)
TICK_ROOM = 18  # design pixels under a chart that has x_ticks: the tick numbers' line


def draw_frame(
    surface: pygame.Surface,
    axes: Axes,
    x_ticks: Sequence[float] = (),
    y_marks: Sequence[tuple[float, str]] = (),
    mark_labels: bool = True,
) -> None:
    """Background, border, the x = 0 and y = 0 lines, labelled ticks on the x axis and faint
    labelled lines across at `y_marks` ((y, label): where a level lies inside the box; the
    labels left to the caller with `mark_labels` False, to go over what it draws)."""
    box = pygame.Rect(axes.box)
    pygame.draw.rect(surface, theme.PAPER, box)
    (x0, x1), (y0, y1) = axes.x_range, axes.y_range
    for level, _ in y_marks:
        _, y = axes.px(0.0, level)
        pygame.draw.line(surface, theme.GRID, (box.left, y), (box.right - 1, y))
    if mark_labels:
        label_marks(surface, axes, y_marks)
    if y0 < 0 < y1:
        _, y = axes.px(0.0, 0.0)
        pygame.draw.line(surface, theme.GRID, (box.left, y), (box.right, y), theme.px(2))
    if x0 < 0 < x1:
        x, _ = axes.px(0.0, 0.0)
        pygame.draw.line(surface, theme.GRID, (x, box.top), (x, box.bottom), theme.px(2))
    for tick in x_ticks:
        x, _ = axes.px(tick, y0)
        pygame.draw.line(surface, theme.MUTED, (x, box.bottom), (x, box.bottom + theme.px(4)))
        at = (x, box.bottom + theme.px(5))
        theme.blit_text(surface, f"{tick:g}", at, 12, theme.MUTED, anchor="midtop")
    pygame.draw.rect(surface, theme.MUTED, box, 1)


def label_marks(surface: pygame.Surface, axes: Axes, y_marks: Sequence[tuple[float, str]]) -> None:
    """Each level's label just under its line at the chart's left, on the chart's paper."""
    box = pygame.Rect(axes.box)
    for level, label in y_marks:
        _, y = axes.px(0.0, level)
        image = theme.text(label, 11, theme.MUTED)
        at = image.get_rect(topleft=(box.left + theme.px(4), y + theme.px(2)))
        pygame.draw.rect(surface, theme.PAPER, at.inflate(theme.px(4), 0))
        surface.blit(image, at)


def draw_curve(
    surface: pygame.Surface, points: list[tuple[float, float]], colour, width: int = 2
) -> None:
    if len(points) > 1:
        pygame.draw.lines(surface, colour, False, points, theme.px(width))
    elif points:  # one point (a first score at step 0) is a dot, not nothing
        pygame.draw.circle(surface, colour, points[0], theme.px(width + 1))


def draw_dot(surface: pygame.Surface, pos: tuple[float, float], colour, radius: int = 6) -> None:
    pygame.draw.circle(surface, colour, pos, theme.px(radius))
    pygame.draw.circle(surface, theme.INK, pos, theme.px(radius), 1)


def shade_span(surface: pygame.Surface, axes: Axes, x_from: float, x_to: float, colour) -> None:
    """Fill the full height of the chart between two x values."""
    left, _ = axes.px(x_from, 0.0)
    right, _ = axes.px(x_to, 0.0)
    _, top, _, height = axes.box
    pygame.draw.rect(surface, colour, (round(left), top, round(right - left), height))


def draw_series(
    surface: pygame.Surface,
    axes: Axes,
    series: Sequence[tuple[str, tuple, np.ndarray, np.ndarray]],
    legend: bool = False,
    y_marks: Sequence[tuple[float, str]] = (),
    x_ticks: Sequence[float] = (),
) -> None:
    """Curves (label, colour, xs, ys) over a framed chart (with `draw_frame`'s `x_ticks` and
    `y_marks`); the legend, if wanted, sits above the chart's right end so it never hides a
    curve."""
    draw_frame(surface, axes, x_ticks, y_marks, mark_labels=False)
    box = pygame.Rect(axes.box)
    x = box.right
    for i, (_label, colour, xs, ys) in enumerate(series):
        # all but the last drawn wider: a curve the next one lies on (two runs both reading
        # 100%) shows as a rim along it instead of vanishing
        draw_curve(surface, axes.polyline(xs, ys), colour, 4 if i < len(series) - 1 else 2)
    label_marks(surface, axes, y_marks)  # over the curves: a line from step 0 hid them
    if legend:
        for label, colour, *_ in reversed(series):
            rect = theme.blit_text(
                surface, label, (x, box.top - theme.px(6)), 14, colour, True, "bottomright"
            )
            x = rect.left - theme.px(16)


def step_ticks(total: int) -> tuple[int, ...]:
    """Where a chart of training steps 0..total marks its x axis: the start, middle and end,
    so a line's "blew up at step 520" can be read off the picture."""
    return (0, total // 2, total)


def learning_top(curves: Sequence[np.ndarray], failed: Sequence[bool]) -> float:
    """A loss chart's top: 10% over the highest point of the runs that did not fail (of all,
    if every run failed). A blown-up run's spike (3 or more) squashed the curves worth
    comparing into the chart's foot; its line leaves through the top instead."""
    kept = [ys for ys, bad in zip(curves, failed, strict=True) if len(ys) and not bad]
    kept = kept or [ys for ys in curves if len(ys)]
    return max([float(ys.max()) for ys in kept] + [0.05]) * 1.1


def mark_stops(
    surface: pygame.Surface, axes: Axes, stops: Sequence[tuple[float, float, tuple]]
) -> None:
    """A cross of its colour where each failed run stopped, (step, loss, colour), held inside
    the chart: a run that blew up in its first steps left only a sliver of line, or none, so
    the chart showed fewer runs than its result lines named."""
    box = pygame.Rect(axes.box)
    arm, width = theme.px(5), max(2, theme.px(2))
    placed: list[tuple[float, float]] = []
    for step, loss, colour in stops:
        x, y = axes.px(step, loss)
        x = min(max(float(x), box.left + arm + 1), box.right - arm - 1)
        y = min(max(float(y), box.top + arm + 1), box.bottom - arm - 1)
        while any(abs(x - px) < 3 * arm and abs(y - py) < 2 * arm for px, py in placed):
            x += 3 * arm  # two runs that stopped at once (both in their first steps) side by side
        placed.append((x, y))
        for dx in (-arm, arm):
            pygame.draw.line(surface, colour, (x - dx, y - arm), (x + dx, y + arm), width)


def level_marks(top: float) -> tuple[tuple[float, str], ...]:
    """Faint labelled levels for a chart of values from 0 to `top`: round numbers (1, 2 or 5
    times a power of ten), two to four of them below the top."""
    unit = nice_ceiling(top / 4)
    return tuple((unit * i, f"{unit * i:g}") for i in (1, 2, 3, 4) if unit * i < top)
