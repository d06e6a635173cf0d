"""Page 6, the learning rate: the same slope, scaled by the rate, decides the step.

A ball does gradient descent on a simple bowl-shaped loss, one step every few frames, leaving
its trail; a second chart plots its loss per step. Presets show the four behaviours (crawl,
converge, overshoot, diverge) and a slider picks any rate in between.
"""

from __future__ import annotations

import numpy as np
import pygame

from playground.explain import maths
from playground.explain.controls import Button, Slider, place_row
from playground.explain.geometry import Axes
from playground.explain.page import Page
from playground.explain.plotting import draw_curve, draw_dot, draw_frame
from playground.render import theme

START = -2.6
STEPS = 30
STEP_SECONDS = 0.35
W_RANGE = (-3.2, 3.2)
LOSS_MAX = 5.5
PRESETS = (("crawl", 0.05), ("converge", 0.6), ("overshoot", 1.7), ("diverge", 2.15))


class LearningRatePage(Page):
    title = "The learning rate"
    caption = "Each step moves against the slope, by the slope times the rate. Pick a rate."
    keys = (("click / drag", "pick a preset or any rate"), ("R", "start the ball again"))

    def __init__(self, session) -> None:
        super().__init__(session)
        self.rate = Slider("rate", 0.01, 2.5, 0.6)
        self.buttons = [
            Button(f"{lr:g}  {name}", lambda v=lr: self._pick(v)) for name, lr in PRESETS
        ]
        self.clock = 0.0
        self._path_rate: float | None = None
        self.path: list[float] = []
        self._pick(0.6)

    def _pick(self, lr: float) -> None:
        self.rate.value = lr
        self.clock = 0.0

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_r:
            self.clock = 0.0
            return True
        if self.rate.handle_event(event):
            self.clock = 0.0
            return True
        return any(button.handle_event(event) for button in self.buttons)

    def update(self, dt: float) -> None:
        self.clock += dt

    def shown_steps(self) -> int:
        """How many steps of the path are on screen so far."""
        return min(int(self.clock / STEP_SECONDS), len(self.path) - 1)

    # -- layout ---------------------------------------------------------------------------------
    def arrange(self) -> None:
        body = self.body
        left = body.left + 32
        height = body.height - 150
        width = (body.width - 64) * 6 // 10
        self.bowl_axes = Axes((left, body.top + 100, width, height), W_RANGE, (0.0, LOSS_MAX))
        xs = np.linspace(*W_RANGE, 161)
        self._bowl = self.bowl_axes.polyline(xs, maths.bowl(xs))
        chart_left = left + width + 60
        self.loss_axes = Axes(
            (chart_left, body.top + 100, body.right - 32 - chart_left, height),
            (0, STEPS),
            (0.0, LOSS_MAX),
        )
        end = place_row(self.buttons, left, body.top + 16)
        self.rate.place(pygame.Rect(end + 24, body.top + 16, 300, 30), 48, 56)
        self.rate.fmt = "{:.2f}"

    # -- drawing --------------------------------------------------------------------------------
    def paint(self, surface: pygame.Surface) -> None:
        lr = self.rate.value
        if lr != self._path_rate:
            self._path_rate = lr
            self.path = maths.descent(START, lr, STEPS, limit=W_RANGE[1] * 1.5)
        for button in self.buttons:
            button.selected = abs(float(button.label.split()[0]) - lr) < 1e-9
            button.draw(surface)
        self.rate.draw(surface)
        shown = self.shown_steps()
        self._draw_bowl(surface, shown)
        self._draw_losses(surface, shown)
        verdict = maths.rate_verdict(lr)
        theme.blit_text(
            surface,
            f"rate {lr:.2f}: {verdict}",
            (self.body.left + 32, self.body.top + 58),
            18,
            bold=True,
        )

    def _draw_bowl(self, surface: pygame.Surface, shown: int) -> None:
        axes = self.bowl_axes
        draw_frame(surface, axes, (-3, -2, -1, 0, 1, 2, 3))
        draw_curve(surface, self._bowl, theme.INK, 3)
        box = pygame.Rect(axes.box)
        theme.blit_text(surface, "loss", (box.left + 6, box.top + 4), 14, theme.MUTED)
        theme.blit_text(
            surface,
            "weight w",
            (box.right - 6, box.bottom - 4),
            14,
            theme.MUTED,
            anchor="bottomright",
        )
        points = [axes.px(w, maths.bowl(w)) for w in self.path[: shown + 1]]
        inside = [p for p in points if box.collidepoint(p)]
        for a, b in zip(points, points[1:], strict=False):
            if box.collidepoint(a) and box.collidepoint(b):
                pygame.draw.line(surface, theme.NEGATIVE, a, b, 2)
        for p in inside[:-1]:
            pygame.draw.circle(surface, theme.NEGATIVE, p, 3)
        w = self.path[shown]
        if box.collidepoint(points[-1]):
            draw_dot(surface, points[-1], theme.NEGATIVE, 11)
        else:
            theme.blit_text(
                surface,
                "the ball flew off the chart",
                box.center,
                18,
                theme.BAD,
                bold=True,
                anchor="center",
            )
        slope = w  # the bowl's slope at w
        theme.blit_text(
            surface,
            f"step {shown}:  w = {w:+.3f}   slope {slope:+.3f}   "
            f"next step {-self.rate.value * slope:+.3f}",
            (box.left, box.bottom + 24),
            15,
        )

    def _draw_losses(self, surface: pygame.Surface, shown: int) -> None:
        axes = self.loss_axes
        draw_frame(surface, axes, (0, 10, 20, 30))
        box = pygame.Rect(axes.box)
        theme.blit_text(
            surface,
            "loss after each step",
            (box.left, box.top - 4),
            15,
            theme.MUTED,
            anchor="bottomleft",
        )
        losses = np.array([maths.bowl(w) for w in self.path[: shown + 1]])
        steps = np.arange(len(losses))
        points = axes.polyline(steps, losses)
        draw_curve(surface, points, theme.NEGATIVE, 2)
        for p, loss in zip(points, losses, strict=True):
            if loss <= LOSS_MAX:
                pygame.draw.circle(surface, theme.NEGATIVE, p, 3)
        theme.blit_text(
            surface, f"loss {losses[-1]:.3f}", (box.right - 6, box.top + 6), 15, anchor="topright"
        )
        theme.blit_text(
            surface, "step", (box.right - 6, box.bottom - 4), 14, theme.MUTED, anchor="bottomright"
        )
