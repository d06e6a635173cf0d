"""How the "your digits count" experiment looks on the what-works page: both runs' share of the
user's held-out digits read right, by step, then the figures and what they show."""

from __future__ import annotations

import numpy as np
import pygame

from playground.ui.explain.kit.geometry import Axes
from playground.ui.explain.kit.page import draw_paragraph
from playground.ui.explain.kit.plotting import draw_series
from playground.ui.explain.pages.own_digits import OWN_DIGITS, OwnDigitsRuns
from playground.ui.render import theme


def draw_own_digits(
    surface: pygame.Surface, area: pygame.Rect, runs: OwnDigitsRuns, colours: tuple
) -> None:
    theme.blit_text(surface, OWN_DIGITS.label, area.topleft, 18, bold=True)
    steps = max((run.trainer.steps for run in runs.runs), default=0)
    status = "done" if runs.done else f"training: step {steps} of {runs.total}"
    if not runs.ready:
        status = "setting up the two copies"
    theme.blit_text(surface, status, (area.right, area.top + 4), 15, theme.MUTED, anchor="topright")
    y = draw_paragraph(
        surface,
        f"One copy learns from the starter set alone, the other from the starter set plus "
        f"{runs.n_own} of your digits. Both are scored on {runs.n_held} other digits of yours "
        "that neither ever trains on.",
        (area.left, area.top + 30),
        area.width,
        15,
    )
    chart_top = y + 30
    chart_h = max(80, area.bottom - chart_top - 150)
    chart = Axes((area.left, chart_top, area.width, chart_h), (0, runs.total), (0.0, 1.0))
    theme.blit_text(
        surface,
        "share of your held-out digits read right, by step",
        (area.left, chart_top - 6),
        14,
        theme.MUTED,
        anchor="bottomleft",
    )
    if not runs.ready:
        draw_series(surface, chart, [])
        return
    series = []
    for run, colour, scores in zip(runs.runs, colours, runs.scores, strict=False):
        table = np.array(scores, float).reshape(-1, 2)
        series.append((run.label, colour, table[:, 0], table[:, 1] / runs.n_held))
    draw_series(surface, chart, series, legend=True)
    for value in (0.0, 0.5, 1.0):
        _, py = chart.px(0.0, value)
        theme.blit_text(
            surface, f"{value:.0%}", (area.left - 6, py), 12, theme.MUTED, anchor="midright"
        )
    y = chart_top + chart_h + 16
    for i, (run, colour) in enumerate(zip(runs.runs, colours, strict=False)):
        right = runs.right(i)
        text = f"reads {right} of your {runs.n_held} held-out digits ({right / runs.n_held:.0%})"
        theme.blit_text(surface, f"{run.label}:", (area.left, y), 15, colour, bold=True)
        theme.blit_text(surface, text, (area.left + 200, y), 15)
        y += 26
    if runs.done:
        draw_paragraph(
            surface, runs.lesson(), (area.left, y + 8), area.width, 16, theme.INK, bold=True
        )


def draw_shortfall(surface: pygame.Surface, area: pygame.Rect, message: str | None) -> None:
    """Why the experiment cannot run yet and what to do first; with `message` None, that
    there are enough digits now (saved since the button was pressed) and how to run it."""
    theme.blit_text(surface, OWN_DIGITS.label, area.topleft, 18, bold=True)
    colour = theme.BAD
    if message is None:
        message, colour = (
            f'enough of your digits now: press "{OWN_DIGITS.label}" to run it',
            theme.INK,
        )
    draw_paragraph(
        surface,
        message[0].upper() + message[1:] + ".",
        (area.left, area.top + 34),
        area.width,
        16,
        colour,
        bold=True,
    )
    draw_paragraph(
        surface,
        "It trains one copy on the starter set alone and one on the starter set plus your "
        "digits, then scores both on digits of yours that neither has seen.",
        (area.left, area.top + 100),
        area.width,
        15,
    )
