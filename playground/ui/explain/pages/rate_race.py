"""The learning-rate race: four copies of the digit network, same start, four rates,
their training loss drawn as they learn, a few steps every frame.

The four rates are read off the measured range for the settings in force (`race_rates`), so
the race shows what the footnote under it claims whatever the activation, loss and digits:
one rate a tenth of the range's bottom (it crawls), one in the middle of the range (it learns),
one at twice its top (fast, and near the edge) and one far above it (it blows up or stalls).
Fixed rates could not: 0.005 to 16 missed sigmoid's whole range (1.6 to 6.4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from playground.core.settings import Settings
from playground.core.training.rates import FAILS_ABOVE, measured_for, range_words, useful_rates
from playground.ui.explain.kit.controls import Button
from playground.ui.explain.kit.geometry import Axes
from playground.ui.explain.kit.page import draw_paragraph
from playground.ui.explain.kit.plotting import (
    OTHER,
    TICK_ROOM,
    draw_series,
    learning_top,
    level_marks,
    mark_stops,
    step_ticks,
)
from playground.ui.explain.kit.side_runs import SideRuns, stop_marks
from playground.ui.render import theme

if TYPE_CHECKING:
    from playground.core.session import Session

RACERS = 4  # rates in a race
FAR_ABOVE = 10 * FAILS_ABOVE  # the last rate, times the top of the range: sure to fail
# below, inside, just above and far above the range: green for the one that learns well (a
# green run that then blew up read as "right"), no blue or orange (the weights' sign colours)
COLOURS = ((150, 140, 128), (26, 140, 90), OTHER, (196, 48, 48))
PLACES = ("below", "in range", "above", "far above")  # each rate against the measured range
TOTAL_STEPS = 1500
STEPS_PER_FRAME = 12
RESULTS = TICK_ROOM + 26 * RACERS + 84  # under the chart: ticks, a line per run, the range
VAL_EVERY = TOTAL_STEPS  # validation costs ms: check unseen digits once, at the finish


def race_rates(settings: Settings) -> tuple[float, ...]:
    """The race's RACERS rates for these settings: below, inside, just above and far above the
    measured range that learns well, each to two significant digits."""
    low, high = useful_rates(settings)
    rates = (low / 10, (low * high) ** 0.5, 2 * high, FAR_ABOVE * high)
    return tuple(float(f"{r:.2g}") for r in rates)


class RatePanel:
    """The race's button, chart and result lines, in the rect it is given."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.runs: SideRuns | None = None
        self.button = Button("start the race", self.start)
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.axes = Axes((0, 0, 1, 1), (0, TOTAL_STEPS), (0.0, 1.0))
        self._note: tuple[tuple[str, int], pygame.Surface] | None = None  # the range, wrapped

    def start(self) -> None:
        rates = race_rates(self.session.settings)
        variants = [(f"rate {lr:g}", {"lr": lr, "val_every": VAL_EVERY}) for lr in rates]
        self.runs = SideRuns.with_changes(
            self.session.settings,
            self.session.training_data(),
            variants,
            TOTAL_STEPS,
            STEPS_PER_FRAME,
        )
        self._relabel("restart the race")  # what a press does while it runs

    def update(self) -> None:
        if self.runs is not None and not self.runs.done:
            self.runs.advance()
            if self.runs.done:
                self._relabel("race again")

    def _relabel(self, label: str) -> None:
        """Say what the button does now, widened or narrowed to fit the words."""
        self.button.label = label
        self.button.rect.width = self.button.width() + theme.px(20)

    def arrange(self, rect: pygame.Rect) -> None:
        self.rect, dp = rect, theme.px
        button_w = self.button.width() + dp(20)
        self.button.rect = pygame.Rect(rect.left, rect.top + dp(76), button_w, dp(30))
        chart_top = rect.top + dp(146)
        self.axes = Axes(
            (rect.left, chart_top, rect.width, rect.height - dp(146) - dp(RESULTS)),
            (0, TOTAL_STEPS),
            (0.0, 1.0),
        )

    def draw(self, surface: pygame.Surface, presenting: bool = False) -> None:
        rect = self.rect
        draw_paragraph(
            surface,
            "The real thing: four copies of your digit network, same first "
            "weights, trained side by side at four rates.",
            rect.topleft,
            rect.width,
            16,
            theme.INK,
            bold=True,
        )
        box = pygame.Rect(self.axes.box)
        theme.blit_text(
            surface,
            "training loss (smoothed) by step",
            (box.left, box.top - theme.px(6)),
            14,
            theme.MUTED,
            anchor="bottomleft",
        )
        series = self._series()
        runs = self.runs.runs if self.runs else []
        y_max = learning_top([ys for *_, ys in series], [bool(run.outcome()) for run in runs])
        self.axes = Axes(self.axes.box, (0, TOTAL_STEPS), (0.0, y_max))
        ticks = step_ticks(TOTAL_STEPS)
        marks = level_marks(y_max) if any(len(ys) for *_, ys in series) else ()
        draw_series(surface, self.axes, series, y_marks=marks, x_ticks=ticks)
        mark_stops(surface, self.axes, stop_marks(runs, series))
        self._draw_range(surface, box.bottom + theme.px(TICK_ROOM + 18 + 26 * RACERS))
        if self.runs is None:
            theme.blit_text(
                surface,
                "G starts the race" if presenting else "press the button (or G) to start",
                box.center,
                16,
                theme.MUTED,
                anchor="center",
            )
            return
        y, dp = box.bottom + theme.px(TICK_ROOM + 14), theme.px
        for run, colour, where in zip(self.runs.runs, COLOURS, PLACES, strict=True):
            t = run.trainer
            if run.outcome():
                result = str(run.outcome())
            else:
                loss = "–" if t.train_loss is None else f"{t.train_loss:.3f}"
                if t.val_acc is None:
                    result = f"step {t.steps}   loss {loss}"
                else:
                    result = f"loss {loss}   unseen digits right: {t.val_acc:.0%}"
            label = theme.blit_text(surface, f"{run.label}:", (rect.left, y), 14, colour, bold=True)
            place = theme.blit_text(surface, f"({where})", (label.right + dp(6), y), 13, colour)
            theme.blit_text(
                surface, result, (max(rect.left + dp(170), place.right + dp(10)), y), 14
            )
            y += dp(26)

    def _draw_range(self, surface: pygame.Surface, y: int) -> None:
        """How the race relates to the bowl and to the slider's shading: one measured range.
        Word-wrapped once per change of text or width, then blitted."""
        settings = self.session.settings
        text = (
            f"The bowl's best rates are not your network's: its slopes differ. Measured, "
            f"rates {range_words(settings)} learn well here ({measured_for(settings)})."
        )
        key = (text, self.rect.width, theme.scale())
        if self._note is None or self._note[0] != key:
            tall = theme.px(80)
            note = pygame.Surface((self.rect.width, tall))
            note.fill(theme.PAPER)  # the page's own background
            bottom = draw_paragraph(note, text, (0, 0), self.rect.width, 14, theme.MUTED)
            self._note = (key, note.subsurface((0, 0, self.rect.width, min(bottom, tall))))
        surface.blit(self._note[1], (self.rect.left, y))

    def _series(self) -> list[tuple[str, tuple, np.ndarray, np.ndarray]]:
        if self.runs is None:
            return []
        out = []
        for run, colour in zip(self.runs.runs, COLOURS, strict=True):
            steps, _, smoothed = run.trainer.history.series(300)
            out.append((run.label, colour, steps, smoothed))
        return out
