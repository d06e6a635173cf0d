"""Page 6, the learning rate: the same slope, scaled by the rate, decides the step.

A ball does gradient descent on a simple bowl-shaped loss, one step every few frames, leaving
its trail; a second chart plots its loss per step. Presets show the four behaviours (crawl,
converge, overshoot, diverge) and a slider picks any rate in between.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from playground.ui.explain.kit import maths
from playground.ui.explain.kit.controls import Button, Slider, place_row
from playground.ui.explain.kit.geometry import Axes
from playground.ui.explain.kit.page import Page
from playground.ui.explain.kit.plotting import POINTER, draw_curve, draw_dot, draw_frame
from playground.ui.explain.pages.rate_race import RatePanel
from playground.ui.render import theme

if TYPE_CHECKING:
    from playground.core.session import Session

START = -2.6
STEPS = 30
STEP_SECONDS = 0.35
W_RANGE = (-3.2, 3.2)
LOSS_MAX = 5.5
PRESETS = (("crawl", 0.05), ("converge", 0.6), ("overshoot", 1.7), ("diverge", 2.15))


class LearningRatePage(Page):
    title = "The learning rate"
    caption = "Each step moves against the slope, by the slope times the rate. Pick a rate."
    keys = (
        ("click / drag", "pick a preset or any rate"),
        ("R", "start the ball again"),
        ("G", "start the race (again)"),
    )

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.rate = Slider("rate", 0.01, 2.5, 0.6)
        self.buttons = [
            Button(f"{lr:g}  {name}", lambda v=lr: self._pick(v)) for name, lr in PRESETS
        ]
        self.clock = 0.0
        self._path_rate: float | None = None
        self.path: list[float] = []
        self._pick(0.6)
        self.race = RatePanel(session)

    def _pick(self, lr: float) -> None:
        self.rate.value = lr
        self.clock = 0.0

    def controls(self) -> list[Button | Slider]:
        return [*self.buttons, self.rate, self.race.button]

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_r:
            self.clock = 0.0
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_g:  # a key, so scripts and
            self.race.start()  # recorded lessons can run the race as a click does
            return True
        if self.rate.handle_event(event):
            self.clock = 0.0
            return True
        controls = (*self.buttons, self.race.button)
        return any(control.handle_event(event) for control in controls)

    def update(self, dt: float) -> None:
        self.clock += dt
        self.race.update()

    def shown_steps(self) -> int:
        """How many steps of the path are on screen so far."""
        return min(int(self.clock / STEP_SECONDS), len(self.path) - 1)

    @staticmethod
    def ball_on_chart(w: float) -> bool:
        """Whether the ball at `w` is inside the chart's ranges (judged by value, not by pixel,
        so the bottom of the bowl, on the frame's edge, counts as on the chart)."""
        return W_RANGE[0] <= w <= W_RANGE[1] and maths.bowl(w) <= LOSS_MAX

    # -- layout ---------------------------------------------------------------------------------
    def arrange(self) -> None:
        body, dp = self.body, theme.px
        left = body.left + dp(32)
        width = (body.width - dp(64)) * 58 // 100
        end = place_row(self.buttons, left, body.top + dp(12))
        slider = pygame.Rect(left, body.top + dp(52), min(width, end - left), dp(30))
        self.rate.place(slider, 48, 56)
        self.rate.fmt = "{:.2f}"
        top = body.top + dp(130)
        bottom = body.bottom - dp(
            58
        )  # under it: tick labels, then the step line, clear of the footer
        self.bowl_axes = Axes((left, top, width, bottom - top), W_RANGE, (0.0, LOSS_MAX))
        xs = np.linspace(*W_RANGE, 161)
        self._bowl = self.bowl_axes.polyline(xs, maths.bowl(xs))
        race_left = left + width + dp(48)
        race_w, race_h = body.right - dp(32) - race_left, body.height - dp(20)
        self.race.arrange(pygame.Rect(race_left, body.top + dp(12), race_w, race_h))

    # -- drawing --------------------------------------------------------------------------------
    def paint(self, surface: pygame.Surface) -> None:
        lr = self.rate.value
        if lr != self._path_rate:
            self._path_rate = lr
            self.path = maths.descent(START, lr, STEPS, limit=W_RANGE[1] * 1.5)
        for button in self.buttons:
            button.selected = abs(float(button.label.split()[0]) - lr) < 1e-9
        self.rate.draw(surface)
        verdict = maths.rate_verdict(lr)
        theme.blit_text(
            surface,
            f"rate {lr:.2f} on this bowl: {verdict}",
            (self.body.left + theme.px(32), self.body.top + theme.px(94)),
            17,
            bold=True,
        )
        self._draw_bowl(surface, self.shown_steps())
        self.race.draw(surface, self.presenting)

    def _draw_bowl(self, surface: pygame.Surface, shown: int) -> None:
        axes = self.bowl_axes
        draw_frame(surface, axes, (-3, -2, -1, 0, 1, 2, 3))
        draw_curve(surface, self._bowl, theme.INK, 3)
        box, dp = pygame.Rect(axes.box), theme.px
        theme.blit_text(surface, "loss", (box.left + dp(6), box.top + dp(4)), 14, theme.MUTED)
        theme.blit_text(
            surface,
            "weight w",
            (box.right - dp(6), box.bottom - dp(4)),
            14,
            theme.MUTED,
            anchor="bottomright",
        )
        points = [axes.px(w, maths.bowl(w)) for w in self.path[: shown + 1]]
        inside = box.inflate(2, 2)  # the bottom of the bowl sits on the frame's bottom edge
        for a, b in zip(points, points[1:], strict=False):
            if inside.collidepoint(a) and inside.collidepoint(b):
                pygame.draw.line(surface, POINTER, a, b, dp(2))
        for p in points[:-1]:
            if inside.collidepoint(p):
                pygame.draw.circle(surface, POINTER, p, dp(3))
        w = self.path[shown]
        if self.ball_on_chart(w):
            draw_dot(surface, points[-1], POINTER, 11)
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
        w, move = _tidy(w), _tidy(-self.rate.value * w)  # no "-0.000" once it has converged
        line = (
            f"step {shown}:  w = {w:+.3f}   slope {w:+.3f}   "
            f"loss {maths.bowl(w):.3f}   next move {move:+.3f}"
        )
        theme.blit_text(surface, line, (box.left, box.bottom + dp(22)), 15)


def _tidy(value: float) -> float:
    """`value` rounded to the 3 decimals shown, with -0.0 made 0.0 (a sign on zero misleads)."""
    return round(value, 3) + 0.0
