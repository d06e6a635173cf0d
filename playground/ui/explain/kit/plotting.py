"""Drawing small charts for the explain pages: a framed box, zero lines, curves, dots."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pygame

from playground.ui.explain.kit.geometry import Axes
from playground.ui.render import theme

# Orange and blue mean a value's sign on every page. A place you point at (the x you drag, the
# ball on the bowl) is magenta and a second curve or run is purple, so neither reads as a sign.
POINTER = (196, 40, 140)
OTHER = (112, 72, 168)


def draw_frame(
    surface: pygame.Surface,
    axes: Axes,
    x_ticks: Sequence[float] = (),
    y_marks: Sequence[tuple[float, str]] = (),
) -> None:
    """Background, border, the x = 0 and y = 0 lines, labelled ticks on the x axis and faint
    labelled lines across at `y_marks` ((y, label): where a level lies inside the box)."""
    box = pygame.Rect(axes.box)
    pygame.draw.rect(surface, theme.PAPER, box)
    (x0, x1), (y0, y1) = axes.x_range, axes.y_range
    for level, label in y_marks:
        _, y = axes.px(0.0, level)
        pygame.draw.line(surface, theme.GRID, (box.left, y), (box.right - 1, y))
        at = (box.left + theme.px(4), y + theme.px(2))
        theme.blit_text(surface, label, at, 11, theme.MUTED, anchor="topleft")
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


def draw_curve(
    surface: pygame.Surface, points: list[tuple[float, float]], colour, width: int = 2
) -> None:
    if len(points) > 1:
        pygame.draw.lines(surface, colour, False, points, theme.px(width))


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
) -> None:
    """Curves (label, colour, xs, ys) over a framed chart (with `draw_frame`'s `y_marks`); the
    legend, if wanted, sits above the chart's right end so it never hides a curve."""
    draw_frame(surface, axes, y_marks=y_marks)
    box = pygame.Rect(axes.box)
    x = box.right
    for _label, colour, xs, ys in series:
        draw_curve(surface, axes.polyline(xs, ys), colour, 2)
    if legend:
        for label, colour, *_ in reversed(series):
            rect = theme.blit_text(
                surface, label, (x, box.top - theme.px(6)), 14, colour, True, "bottomright"
            )
            x = rect.left - theme.px(16)
