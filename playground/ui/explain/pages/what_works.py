"""Page 7, what works and what hurts: one click starts a short experiment on copies of the
digit network, your settings against one change, and the page shows how it went.

The runs are side trainers (see `side_runs`): the app's own network, its training and its
settings are left exactly as they were, so there is nothing to restore afterwards. The last
experiment is the build log's lesson with the user's own digits (`own_digits`); until enough of
them are saved, its button says what to do first.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from playground.ui.explain.kit.controls import Button, Slider
from playground.ui.explain.kit.geometry import Axes
from playground.ui.explain.kit.page import Page, draw_paragraph
from playground.ui.explain.kit.plotting import (
    TICK_ROOM,
    draw_series,
    learning_top,
    level_marks,
    mark_stops,
    step_ticks,
)
from playground.ui.explain.kit.side_runs import SideRuns, stop_marks
from playground.ui.explain.pages import experiments, own_digits
from playground.ui.explain.pages.experiment_lessons import lesson
from playground.ui.explain.pages.experiments import EXPERIMENTS, Experiment
from playground.ui.explain.pages.own_digits import OWN_DIGITS, OwnDigitsRuns
from playground.ui.explain.pages.own_digits_view import draw_own_digits, draw_shortfall
from playground.ui.render import theme

if TYPE_CHECKING:
    from playground.core.session import Session

COLOURS = (theme.INK, theme.BAD)  # yours and the change; blue and orange mean a sign
GRAD_DECADES = (-7, -1)  # the gradient bars' log10 range


class WhatWorksPage(Page):
    title = "What works and what hurts"
    caption = (
        "One click trains copies of your network with one thing changed; yours stays as it is."
    )
    keys = (("click", "start an experiment"), ("E", "the next experiment in the list"))

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.experiments = (*EXPERIMENTS, OWN_DIGITS)
        self.buttons = [Button(e.label, lambda e=e: self.start(e)) for e in self.experiments]
        self.experiment: Experiment | None = None
        self.runs: SideRuns | None = None
        self.shortfall: str | None = None  # why the own-digits experiment cannot run yet

    def start(self, experiment: Experiment) -> None:
        self.experiment, self.runs = experiment, None
        if experiment is OWN_DIGITS:
            self.shortfall = own_digits.shortfall(self.session)
            if self.shortfall is None:
                self.runs = own_digits.start(self.session)
        else:
            self.runs = experiments.start(experiment, self.session)
        for button, e in zip(self.buttons, self.experiments, strict=True):
            button.selected = e is experiment

    def keep_running(self) -> None:
        """Start an experiment when none is running, the one on the user's own digits if there
        are enough of them (the benchmark keeps the page busy this way)."""
        if self.runs is None or self.runs.done:
            ready = own_digits.shortfall(self.session) is None
            self.start(OWN_DIGITS if ready else self.experiments[0])

    def controls(self) -> list[Button | Slider]:
        return list(self.buttons)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_e:  # scripts and recorded
            self.start(self.next_experiment())  # lessons run them too, one after another
            return True
        return any(button.handle_event(event) for button in self.buttons)

    def next_experiment(self) -> Experiment:
        """The one after the last started, from the first (round to it after the last)."""
        if self.experiment is None:
            return self.experiments[0]
        at = self.experiments.index(self.experiment)
        return self.experiments[(at + 1) % len(self.experiments)]

    def update(self, dt: float) -> None:
        self.buttons[-1].label = own_digits.button_label(self.session)
        if self.experiment is OWN_DIGITS and self.runs is None:  # digits saved since the click
            self.shortfall = own_digits.shortfall(self.session)
        if isinstance(self.runs, OwnDigitsRuns):
            self.runs.advance(wait=not self.real_time)
        elif self.runs is not None:
            self.runs.advance()

    def arrange(self) -> None:
        body, dp = self.body, theme.px
        y = body.top + dp(40)
        for button in self.buttons:
            button.rect = pygame.Rect(body.left + dp(32), y, dp(250), dp(34))
            y += dp(44)
        self.note_top = y + dp(10)
        left = body.left + dp(330)
        area_w, area_h = body.right - dp(32) - left, body.height - dp(16)
        self.area = pygame.Rect(left, body.top + dp(8), area_w, area_h)

    # -- drawing --------------------------------------------------------------------------------
    def paint(self, surface: pygame.Surface) -> None:
        body, dp = self.body, theme.px
        if not self.presenting:  # the heading of the buttons presenting hides
            at = (body.left + dp(32), body.top + dp(10))
            theme.blit_text(surface, "Try one:", at, 16, bold=True)
        draw_paragraph(
            surface,
            "These run on copies. Your own network, its training and your "
            "settings stay as they are.",
            (body.left + dp(32), self.note_top),
            dp(250),
            14,
        )
        if self.experiment is OWN_DIGITS and self.runs is None:
            draw_shortfall(surface, self.area, self.shortfall)
        elif isinstance(self.runs, OwnDigitsRuns):
            draw_own_digits(surface, self.area, self.runs, COLOURS)
        elif self.experiment is None or self.runs is None:
            self._draw_menu(surface)
        else:
            self._draw_experiment(surface, self.experiment, self.runs)

    def _draw_menu(self, surface: pygame.Surface) -> None:
        dp = theme.px
        y = self.area.top + dp(2)
        theme.blit_text(
            surface, "Each experiment changes one thing:", (self.area.left, y), 16, bold=True
        )
        y += dp(36)
        for e in self.experiments:
            theme.blit_text(surface, e.label, (self.area.left, y), 15, bold=True)
            theme.blit_text(surface, e.change, (self.area.left + dp(230), y), 15, theme.MUTED)
            y += dp(30)
        shortfall = own_digits.shortfall(self.session)
        if shortfall is not None:
            draw_paragraph(
                surface,
                f"{shortfall}.",
                (self.area.left + dp(230), y - dp(4)),
                self.area.width - dp(230),
                14,
                theme.BAD,
            )

    def _draw_experiment(self, surface: pygame.Surface, e: Experiment, runs: SideRuns) -> None:
        area, dp = self.area, theme.px
        theme.blit_text(surface, e.label, area.topleft, 18, bold=True)
        steps = max(run.trainer.steps for run in runs.runs)
        status = "done" if runs.done else f"training: step {steps} of {runs.total}"
        theme.blit_text(
            surface, status, (area.right, area.top + dp(4)), 15, theme.MUTED, anchor="topright"
        )
        theme.blit_text(
            surface, f"changed: {e.change}", (area.left, area.top + dp(30)), 15, theme.MUTED
        )
        free = area.height - dp(230 + TICK_ROOM)
        chart_h = free if e.view != "gradients" else free // 2
        chart = Axes((area.left, area.top + dp(82), area.width, chart_h), (0, runs.total), (0, 1))
        if e.view == "accuracy":
            self._draw_accuracy(surface, chart, runs)
        else:
            self._draw_losses(surface, chart, runs)
        y = area.top + dp(82) + chart_h + dp(16 + TICK_ROOM)
        if e.view == "gradients":
            y = self._draw_gradients(
                surface, pygame.Rect(area.left, y + dp(14), area.width, chart_h), runs
            ) + dp(10)
        y = self._draw_results(surface, runs, y)
        if runs.done:
            draw_paragraph(
                surface,
                lesson(e, runs),
                (area.left, y + dp(8)),
                area.width,
                16,
                theme.INK,
                bold=True,
            )

    def _draw_losses(self, surface: pygame.Surface, chart: Axes, runs: SideRuns) -> None:
        series = []
        for run, colour in zip(runs.runs, COLOURS, strict=False):
            steps, _, smoothed = run.trainer.history.series(300)
            series.append((run.label, colour, steps, smoothed))
        top = learning_top([ys for *_, ys in series], [bool(run.outcome()) for run in runs.runs])
        theme.blit_text(
            surface,
            "training loss (smoothed) by step",
            (chart.box[0], chart.box[1] - theme.px(6)),
            14,
            theme.MUTED,
            anchor="bottomleft",
        )
        axes = Axes(chart.box, chart.x_range, (0.0, top))
        ticks = step_ticks(int(chart.x_range[1]))
        draw_series(surface, axes, series, y_marks=level_marks(top), x_ticks=ticks)
        mark_stops(surface, axes, stop_marks(runs.runs, series))

    def _draw_accuracy(self, surface: pygame.Surface, chart: Axes, runs: SideRuns) -> None:
        steps, _, val_acc, train_acc = runs.runs[0].trainer.history.eval_series(300)
        series = [
            ("on its training samples", COLOURS[0], steps, train_acc),
            ("on unseen samples", COLOURS[1], steps, val_acc),
        ]
        low = min([float(v.min()) for v in (val_acc, train_acc) if len(v)] + [0.9])
        low = max(0.0, math.floor(low * 10 - 0.5) / 10)  # zoom in: the gap is a few percent
        title = f"accuracy by step (the chart runs from {low:.0%} to 100%)"
        theme.blit_text(
            surface,
            title,
            (chart.box[0], chart.box[1] - theme.px(6)),
            14,
            theme.MUTED,
            anchor="bottomleft",
        )
        # the top is 101%, so a line at 100% stays clear of the frame: the levels are marked
        axes = Axes(chart.box, chart.x_range, (low, 1.01))
        ticks = step_ticks(int(chart.x_range[1]))
        tenths = range(round(low * 10) + 1, 11)  # each 10% above the foot, up to 100%
        marks = tuple((t / 10, f"{t * 10}%") for t in tenths)
        draw_series(surface, axes, series, legend=True, y_marks=marks, x_ticks=ticks)

    def _draw_gradients(self, surface: pygame.Surface, rect: pygame.Rect, runs: SideRuns) -> int:
        """Mean gradient size per layer, on a log scale, one bar per run."""
        theme.blit_text(
            surface,
            "gradient size per layer in the last step (log scale: each "
            "mark is 10 times the one before)",
            (rect.left, rect.top - theme.px(8)),
            14,
            theme.MUTED,
            anchor="bottomleft",
        )
        sizes = [run.gradient_sizes() for run in runs.runs]
        layers = max(len(s) for s in sizes)
        if not layers:
            return rect.bottom
        dp = theme.px
        row = min(dp(30), rect.height // layers)
        left, width = rect.left + dp(110), rect.width - dp(200)
        low, high = GRAD_DECADES
        for decade in range(low, high + 1):
            x = left + round((decade - low) / (high - low) * width)
            pygame.draw.line(surface, theme.GRID, (x, rect.top), (x, rect.top + row * layers))
        for k in range(layers):
            y = rect.top + k * row
            name = "output" if k == layers - 1 else f"layer {k + 1}"
            theme.blit_text(surface, name, (rect.left, y + row // 2), 14, anchor="midleft")
            for r, (values, colour) in enumerate(zip(sizes, COLOURS, strict=False)):
                if k >= len(values) or values[k] <= 0:
                    continue
                t = (math.log10(values[k]) - low) / (high - low)
                bar = (
                    left,
                    y + dp(3) + r * (row // 2 - dp(2)),
                    round(min(max(t, 0), 1) * width),
                    row // 2 - dp(4),
                )
                pygame.draw.rect(surface, colour, bar)
                theme.blit_text(
                    surface,
                    f"{values[k]:.0e}",
                    (bar[0] + bar[2] + dp(6), bar[1] + bar[3] // 2),
                    12,
                    colour,
                    anchor="midleft",
                )
        return rect.top + row * layers

    def _draw_results(self, surface: pygame.Surface, runs: SideRuns, y: int) -> int:
        for run, colour in zip(runs.runs, COLOURS, strict=False):
            t = run.trainer
            if self.experiment is not None and self.experiment.view == "accuracy":
                text = _accuracy_line(t.train_acc, t.val_acc)
            elif run.outcome():
                text = str(run.outcome())
            else:
                acc = "checked at the end" if t.val_acc is None else f"{t.val_acc:.0%}"
                loss = "–" if t.train_loss is None else f"{t.train_loss:.3f}"
                text = f"loss {loss}    right on unseen digits: {acc}"
            theme.blit_text(surface, f"{run.label}:", (self.area.left, y), 15, colour, bold=True)
            theme.blit_text(surface, text, (self.area.left + theme.px(200), y), 15)
            y += theme.px(26)
        return y


def _accuracy_line(train: float | None, unseen: float | None) -> str:
    if train is None or unseen is None:
        return "measured every 50 steps"
    return f"right on its training samples {train:.0%}, on unseen ones {unseen:.0%}"
