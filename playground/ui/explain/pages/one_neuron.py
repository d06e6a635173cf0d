"""Page 2, one neuron: weigh each input, add them up with a bias, bend the sum.

Everything is a slider, so a person can feel which knob does what: a weight's sign decides
whether its input pushes the sum up or down, its size how hard, and the bias shifts the sum
before the bend. The shares w_i x_i are drawn as bars that stack up to the sum.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from playground.core.settings import ACTIVATIONS
from playground.ui.explain.kit import maths
from playground.ui.explain.kit.controls import Button, Slider, place_row
from playground.ui.explain.kit.geometry import Axes
from playground.ui.explain.kit.page import Page
from playground.ui.explain.kit.plotting import POINTER, draw_curve, draw_dot, draw_frame
from playground.ui.render import theme

if TYPE_CHECKING:
    from playground.core.session import Session

INPUTS = 3
CURVE_XS = np.linspace(-4.0, 4.0, 161)
Y_RANGES = {"sigmoid": (-0.1, 1.1), "tanh": (-1.1, 1.1), "relu": (-0.4, 4.0)}


def _signed(value: float):
    return theme.POSITIVE if value >= 0 else theme.NEGATIVE


class OneNeuronPage(Page):
    title = "One neuron"
    caption = "Multiply each input by its weight, add them and a bias, then bend the sum."
    keys = (("drag", "change an input, a weight or the bias"), ("S T R", "sigmoid, tanh, relu"))

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.inputs = [Slider(f"x{i + 1}", -1.0, 1.0, v) for i, v in enumerate((0.8, 0.3, -0.5))]
        self.weights = [Slider(f"w{i + 1}", -2.0, 2.0, v) for i, v in enumerate((1.2, -0.7, 0.9))]
        self.bias = Slider("b", -2.0, 2.0, 0.2)
        self.activation = "tanh"
        self.buttons = [Button(name, lambda n=name: self._choose(n)) for name in ACTIVATIONS]
        self._choose("tanh")
        self.axes = Axes((0, 0, 1, 1), (-4.0, 4.0), Y_RANGES["tanh"])
        self._curve: list = []

    @property
    def sliders(self) -> list[Slider]:
        return [*self.inputs, *self.weights, self.bias]

    def controls(self) -> list[Button | Slider]:
        return [*self.sliders, *self.buttons]

    def _choose(self, name: str) -> None:
        self.activation = name
        for button in self.buttons:
            button.selected = button.label == name
        self._curve = []

    def values(self) -> tuple[np.ndarray, float, float]:
        x = np.array([s.value for s in self.inputs])
        w = np.array([s.value for s in self.weights])
        return maths.neuron(x, w, self.bias.value, self.activation)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.unicode.lower() in ("s", "t", "r"):
            self._choose({"s": "sigmoid", "t": "tanh", "r": "relu"}[event.unicode.lower()])
            return True
        return any(c.handle_event(event) for c in (*self.sliders, *self.buttons))

    # -- layout ---------------------------------------------------------------------------------
    def arrange(self) -> None:
        body, dp, s = self.body, theme.px, theme.scale()
        left = body.left + dp(32)
        # screen pixels per design pixel, less when the body is too small (shrink to fit)
        kx, ky = min(s, body.width / 1216), min(s, body.height / 608)
        self.row = round(32 * ky)
        self.node_x = [left + dp(60)] * INPUTS
        self.node_y = [body.top + dp(50) + round(i * 86 * ky) for i in range(INPUTS)]
        self.neuron = (left + round(470 * kx), self.node_y[1])
        plot_left = left + round(620 * kx)
        self.plot_box = (plot_left, body.top + dp(50), round(250 * kx), round(170 * ky))
        self.output = (plot_left + round(340 * kx), self.node_y[1])
        place_row(self.buttons, plot_left, body.top + dp(70) + self.plot_box[3])
        top = body.top + round(316 * ky)
        step, width, high, gap = round(48 * ky), round(250 * kx), dp(30), dp(40)
        for i in range(INPUTS):
            self.inputs[i].place(pygame.Rect(left, top + i * step, width, high), 34)
            self.weights[i].place(pygame.Rect(left + width + gap, top + i * step, width, high), 34)
        self.bias.place(pygame.Rect(left + width + gap, top + INPUTS * step, width, high), 34)
        sums_top = max(top - dp(10), self.buttons[0].rect.bottom + dp(40))  # below the buttons
        sums_w = body.right - dp(32) - plot_left
        self.sums = pygame.Rect(plot_left, sums_top, sums_w, 6 * self.row)
        self._curve = []

    # -- drawing --------------------------------------------------------------------------------
    def paint(self, surface: pygame.Surface) -> None:
        shares, total, out = self.values()
        if not self._curve:
            self.axes = Axes(self.plot_box, (-4.0, 4.0), Y_RANGES[self.activation])
            ys, _ = maths.activation_curve(self.activation, CURVE_XS)
            self._curve = self.axes.polyline(CURVE_XS, ys)
        self._draw_diagram(surface, total, out)
        for slider in self.sliders:
            slider.draw(surface)
        self._draw_sums(surface, shares, total, out)

    def _draw_diagram(self, surface: pygame.Surface, total: float, out: float) -> None:
        nx, ny = self.neuron
        dp = theme.px
        for i in range(INPUTS):
            x, y = self.node_x[i], self.node_y[i]
            w = self.weights[i].value
            pygame.draw.line(surface, _signed(w), (x, y), (nx, ny), dp(1 + round(abs(w) * 4)))
            mid = (x + (nx - x) * 0.55, y + (ny - y) * 0.55 - dp(16))
            theme.blit_text(surface, f"× {w:+.2f}", mid, 15, _signed(w), bold=True, anchor="center")
            value = self.inputs[i].value
            pygame.draw.circle(surface, theme.PANEL, (x, y), dp(28))
            pygame.draw.circle(surface, _signed(value), (x, y), dp(28), dp(3))
            theme.blit_text(surface, f"{value:+.2f}", (x, y), 15, anchor="center")
            at = (x - dp(36), y)
            theme.blit_text(surface, f"x{i + 1}", at, 15, theme.MUTED, anchor="midright")
        b = self.bias.value
        width = dp(1 + round(abs(b) * 4))
        reach = min(dp(96), ny - self.body.top - dp(24))  # the label stays below the caption
        pygame.draw.line(surface, _signed(b), (nx, ny - reach), (nx, ny), width)
        theme.blit_text(
            surface, f"bias {b:+.2f}", (nx, ny - reach - dp(4)), 15, _signed(b), True, "midbottom"
        )
        pygame.draw.circle(surface, theme.PAPER, (nx, ny), dp(46))
        pygame.draw.circle(surface, theme.INK, (nx, ny), dp(46), dp(2))
        theme.blit_text(surface, "sum", (nx, ny - dp(12)), 14, theme.MUTED, anchor="center")
        theme.blit_text(surface, f"{total:+.2f}", (nx, ny + dp(10)), 18, bold=True, anchor="center")
        self._arrow(surface, (nx + dp(50), ny), (self.plot_box[0] - dp(10), ny))
        draw_frame(surface, self.axes, (-4, -2, 0, 2, 4))
        draw_curve(surface, self._curve, theme.INK, 3)
        (x0, x1), (y0, y1) = self.axes.x_range, self.axes.y_range
        px, py = self.axes.px(min(max(total, x0), x1), min(max(out, y0), y1))
        pygame.draw.line(
            surface,
            POINTER,
            (px, self.plot_box[1]),
            (px, self.plot_box[1] + self.plot_box[3]),
        )
        draw_dot(surface, (px, py), POINTER)
        if not x0 <= total <= x1:  # the dot waits at the edge: say where the sum really is
            left_edge = total < x0
            x = px + dp(8) if left_edge else px - dp(8)
            y = py + dp(14) if py < self.plot_box[1] + self.plot_box[3] / 2 else py - dp(14)
            off = f"sum {total:+.2f}: off the chart"
            anchor = "midleft" if left_edge else "midright"
            theme.blit_text(surface, off, (x, y), 13, POINTER, anchor=anchor)
        theme.blit_text(
            surface,
            f"bend: {self.activation}",
            (self.plot_box[0], self.plot_box[1] - dp(4)),
            15,
            theme.MUTED,
            anchor="bottomleft",
        )
        ox, oy = self.output
        start = (self.plot_box[0] + self.plot_box[2] + dp(10), oy)
        self._arrow(surface, start, (ox - dp(40), oy))
        pygame.draw.circle(surface, theme.PANEL, (ox, oy), dp(34))
        pygame.draw.circle(surface, _signed(out), (ox, oy), dp(34), dp(3))
        shown = theme.fitting([f"{out:+.3f}", f"{out:+.2f}", f"{out:+.1f}"], 18, dp(58))
        theme.blit_text(surface, shown, (ox, oy), 17, bold=True, anchor="center")  # in its ring
        theme.blit_text(surface, "output", (ox, oy + dp(40)), 14, theme.MUTED, anchor="midtop")

    @staticmethod
    def _arrow(surface: pygame.Surface, start, end) -> None:
        dp = theme.px
        pygame.draw.line(surface, theme.INK, start, end, dp(2))
        x, y = end
        tip = [(x + dp(8), y), (x - dp(2), y - dp(6)), (x - dp(2), y + dp(6))]
        pygame.draw.polygon(surface, theme.INK, tip)

    def _draw_sums(self, surface: pygame.Surface, shares, total: float, out: float) -> None:
        """Each share w_i x_i as a bar from zero, then the bias, then where they add up to;
        every row written out as the sum it is."""
        left, top, row, dp = self.sums.left, self.sums.top, self.row, theme.px
        theme.blit_text(
            surface, "what each part adds to the sum", (left, top - dp(28)), 15, theme.MUTED
        )
        text_w = dp(330) if self.sums.width >= dp(560) else dp(290)
        text_w += dp(16)  # a gap: the longest sum's last digits end where its bar could begin
        half = (self.sums.width - text_w) // 2
        # one scale for every bar, up to the largest part or the sum, so -11 is 11/3 of -3
        most = max([2.5, abs(total), abs(self.bias.value), *(abs(float(v)) for v in shares)])
        zero, scale = left + text_w + half, half / most
        xs = [s.value for s in self.inputs]
        ws = [s.value for s in self.weights]
        b = self.bias.value
        rows = [
            (f"w{i + 1} × x{i + 1}", f"({ws[i]:+.2f})({xs[i]:+.2f}) = {v:+.2f}", float(v))
            for i, v in enumerate(shares)
        ]
        parts = " + ".join(f"({float(v):+.2f})" for v in shares)
        rows += [("bias", f"{b:+.2f}", b), ("sum", f"{parts} + ({b:+.2f}) = {total:+.2f}", total)]
        bar_h = min(dp(18), row - dp(8))
        for i, (label, sum_text, value) in enumerate(rows):
            y = top + i * row + (dp(10) if label == "sum" else 0)
            middle = y + row // 2 - dp(4)
            bold = label == "sum"
            theme.blit_text(surface, label, (left, middle), 15, bold=bold, anchor="midleft")
            theme.blit_text(surface, sum_text, (left + dp(64), middle), 14, anchor="midleft")
            width = max(-half, min(half, round(value * scale)))
            bar = pygame.Rect(min(zero, zero + width), middle - bar_h // 2, abs(width), bar_h)
            pygame.draw.rect(surface, _signed(value), bar)
        pygame.draw.line(surface, theme.MUTED, (zero, top - dp(4)), (zero, top + 5 * row + dp(8)))
        y = top + 5 * row + dp(20)
        theme.blit_text(
            surface, f"{self.activation}({total:+.3f}) = {out:+.3f}", (left, y), 18, bold=True
        )
