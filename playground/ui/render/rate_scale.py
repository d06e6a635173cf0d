"""The scale under the learning-rate slider: decades marked, the range that learns well shaded
green and the range where training fails shaded red (both measured, see
playground/core/training/rates.py, for the current activation and loss), so a person sees where to
put the knob before trying. Drawn from cached text and a few rectangles: cheap enough for every
frame."""

from __future__ import annotations

import math

import pygame

from playground.core.settings import Settings
from playground.core.training.rates import FAILS_ABOVE, too_large, useful_rates
from playground.ui.render import theme

BAND = 6  # height of the shaded strip
TICKS = (0.001, 0.01, 0.1, 1.0, 10.0, 100.0)  # every decade the slider spans (0.001 to 100)


def _blend(colour: tuple[int, int, int], amount: float) -> tuple[int, ...]:
    return tuple(int(p + (c - p) * amount) for c, p in zip(colour, theme.PANEL, strict=True))


def draw_rate_scale(
    surface: pygame.Surface,
    track: tuple[int, int],
    y: int,
    settings: Settings,
    low: float,
    high: float,
) -> None:
    """Below a log slider whose knob centre runs from track[0] (`low`) to track[1] (`high`):
    a strip at `y` with the useful and the failing ranges shaded, decade ticks and labels,
    and a mark at the settings' rate."""
    lr = settings.lr
    useful = useful_rates(settings)
    x0, x1 = track
    span = math.log10(high / low)

    def at(value: float) -> int:
        value = min(max(value, low), high)
        return round(x0 + (x1 - x0) * math.log10(value / low) / span)

    dp = theme.px
    band = dp(BAND)
    pygame.draw.rect(surface, theme.GRID, (x0, y, x1 - x0, band))
    good = at(useful[0]), at(useful[1])
    pygame.draw.rect(surface, _blend(theme.GOOD, 0.55), (good[0], y, good[1] - good[0], band))
    bad = at(useful[1] * FAILS_ABOVE)
    pygame.draw.rect(surface, _blend(theme.BAD, 0.55), (bad, y, x1 - bad, band))
    for tick in TICKS:
        x = at(tick)
        pygame.draw.line(surface, theme.MUTED, (x, y + band), (x, y + band + dp(3)))
        at_tick = (x, y + band + dp(3))
        theme.blit_text(surface, f"{tick:g}", at_tick, 11, theme.MUTED, anchor="midtop")
    mark = at(lr)
    colour = theme.BAD if too_large(settings) else theme.INK
    tip = [(mark, y - dp(1)), (mark - dp(4), y - dp(6)), (mark + dp(4), y - dp(6))]
    pygame.draw.polygon(surface, colour, tip)
