"""Page 3, activation functions: the bend after each sum, and why the bend is needed.

Top: sigmoid, tanh and ReLU over a shared input axis, each with its slope, a draggable x, and
its flat regions shaded (there a nudge barely moves the output, so learning stalls). Bottom:
two layers without a bend are one matrix in disguise; with tanh between them they are not.
Every value comes from `playground.core.nn` through `explain.maths`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from playground.ui.explain.kit import maths
from playground.ui.explain.kit.geometry import Axes
from playground.ui.explain.kit.matrices import draw_matrix, draw_vector
from playground.ui.explain.kit.page import Page
from playground.ui.explain.kit.plotting import (
    OTHER,
    POINTER,
    draw_curve,
    draw_dot,
    draw_frame,
    shade_span,
)
from playground.ui.render import theme

if TYPE_CHECKING:
    from playground.core.session import Session

X_RANGE = (-5.0, 5.0)
Y_RANGES = {"sigmoid": (-0.15, 1.15), "tanh": (-1.15, 1.15), "relu": (-0.6, 5.0)}
XS = np.linspace(*X_RANGE, 401)
SLOPE = (26, 140, 90)  # the slope curve; green, apart from ink and the weight colours
FLAT = (226, 217, 200)
GRID_LINES = np.linspace(-1.5, 1.5, 7)
GRID_STEPS = np.linspace(-1.5, 1.5, 31)


class ActivationPage(Page):
    title = "Activation functions"
    caption = "After each weighted sum comes a bend. Drag across a chart to move x."
    keys = (("drag / A D", "move x along the input axis"), ("N", "new random weights below"))

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.x = 1.5
        self.dragging: Axes | None = None  # the chart being dragged across
        self.seed = 3
        self.axes: dict[str, Axes] = {}
        self._curves: dict[str, tuple[list, list, list]] = {}
        self._new_layers()

    # -- state ----------------------------------------------------------------------------------
    def _new_layers(self) -> None:
        rng = np.random.default_rng(self.seed)
        while True:  # skip nearly flat matrices: they squash the grid into a line
            self.layers = [(rng.uniform(-2.0, 2.0, (2, 2)), np.zeros(2)) for _ in range(2)]
            if all(np.linalg.cond(w) < 4 for w, _ in self.layers):
                break
        self.point = np.array([[0.6, -0.4]])
        # (side, grid lines) per version, kept while the box side stays the same
        self._warps: list[tuple[int, list[list[tuple[float, float]]]]] | None = None

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for axes in self.axes.values():
                if pygame.Rect(axes.box).collidepoint(event.pos):
                    self.dragging = axes
                    self.x = round(axes.data_x(event.pos[0]), 2)
                    return True
        elif event.type == pygame.MOUSEMOTION and self.dragging is not None:
            self.x = round(self.dragging.data_x(event.pos[0]), 2)
            return True
        elif event.type == pygame.MOUSEBUTTONUP and self.dragging is not None:
            self.dragging = None
            return True
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_a, pygame.K_d):
            step = 0.1 if event.key == pygame.K_d else -0.1
            self.x = round(min(max(self.x + step, X_RANGE[0]), X_RANGE[1]), 2)
            return True
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_n:
            self.seed += 1
            self._new_layers()
            return True
        return False

    # -- layout ---------------------------------------------------------------------------------
    def arrange(self) -> None:
        body, dp = self.body, theme.px
        gap, margin = dp(48), dp(32)
        width = (body.width - 2 * margin - 2 * gap) // 3
        height = max(dp(110), min(dp(230), body.height - dp(340)))
        self.roomy = body.height >= dp(560)
        self.axes, self._curves = {}, {}
        for i, name in enumerate(Y_RANGES):
            box = (body.left + margin + i * (width + gap), body.top + dp(30), width, height)
            axes = Axes(box, X_RANGE, Y_RANGES[name])
            outputs, slopes = maths.activation_curve(name, XS)
            spans = maths.flat_spans(XS, slopes)
            self.axes[name] = axes
            self._curves[name] = (axes.polyline(XS, outputs), axes.polyline(XS, slopes), spans)
        bottom = body.top + dp(30) + height + dp(86)
        demo_h = body.bottom - bottom - dp(8)
        self.demo = pygame.Rect(body.left + margin, bottom, body.width - 2 * margin, demo_h)
        self._warps = None

    # -- drawing --------------------------------------------------------------------------------
    def paint(self, surface: pygame.Surface) -> None:
        for name, axes in self.axes.items():
            self._draw_chart(surface, name, axes)
        self._draw_collapse(surface)

    def _draw_chart(self, surface: pygame.Surface, name: str, axes: Axes) -> None:
        box, dp = pygame.Rect(axes.box), theme.px
        outputs, slopes, spans = self._curves[name]
        draw_frame(surface, axes, (-4, -2, 0, 2, 4))
        for x0, x1 in spans:
            shade_span(surface, axes, x0, x1, FLAT)
            word = "slope 0" if name == "relu" else "flat"
            at_top = name == "relu" or x1 <= 0  # keep the word off the curve
            y, anchor = (box.top + dp(6), "midtop") if at_top else (box.bottom - dp(6), "midbottom")
            x_mid = axes.px((x0 + x1) / 2, 0)[0]
            theme.blit_text(surface, word, (x_mid, y), 13, theme.MUTED, anchor=anchor)
        pygame.draw.rect(surface, theme.MUTED, box, 1)
        draw_curve(surface, slopes, SLOPE, 2)
        draw_curve(surface, outputs, theme.INK, 3)
        value, slope = maths.activation_at(name, self.x)
        cx, cy = axes.px(self.x, value)
        pygame.draw.line(surface, POINTER, (cx, box.top), (cx, box.bottom - 1), 1)
        half = 1.2  # the tangent is drawn from x - half to x + half
        (tx0, ty0), (tx1, ty1) = axes.polyline(
            np.array([self.x - half, self.x + half]),
            np.array([value - slope * half, value + slope * half]),
        )
        clip = surface.get_clip()
        surface.set_clip(box.inflate(-2, -2).clip(clip))  # the tangent stays inside the chart
        pygame.draw.line(surface, POINTER, (tx0, ty0), (tx1, ty1), dp(2))
        surface.set_clip(clip)
        draw_dot(surface, (cx, cy), POINTER)
        at = (box.left, box.top - dp(4))
        theme.blit_text(surface, name, at, 18, bold=True, anchor="bottomleft")
        theme.blit_text(
            surface,
            f"x = {self.x:+.2f}",
            (box.right, box.top - dp(4)),
            15,
            POINTER,
            anchor="bottomright",
        )
        y = box.bottom + dp(24)
        theme.blit_text(surface, f"{name}(x) = {value:.3f}", (box.left, y), 16, bold=True)
        theme.blit_text(
            surface, f"slope {slope:.3f}", (box.right, y), 16, SLOPE, bold=True, anchor="topright"
        )
        if name == "sigmoid":
            legend = (box.left, y + dp(24))
            theme.blit_text(
                surface,
                "black: output   green: slope   shaded: slope under 0.05",
                legend,
                14,
                theme.MUTED,
            )

    def _draw_collapse(self, surface: pygame.Surface) -> None:
        area = self.demo
        (w1, _), (w2, _) = self.layers
        w, _ = maths.collapse(self.layers)
        x = self.point
        plain = maths.two_layers(x, self.layers, None)[0]
        merged = (x @ w)[0]
        bent = maths.two_layers(x, self.layers, "tanh")[0]
        dp = theme.px
        rule = area.top - dp(14)
        pygame.draw.line(surface, theme.GRID, (area.left, rule), (area.right, rule))
        theme.blit_text(
            surface,
            "Why bend at all? Without it, two layers are just one matrix.",
            (area.left, area.top),
            18,
            bold=True,
        )
        top = area.top + dp(40 if self.roomy else 32)
        left = area.left
        left = draw_matrix(surface, (left, top), w1, "layer 1") + dp(18)
        theme.blit_text(surface, "then", (left, top + dp(34)), 15, theme.MUTED, anchor="midleft")
        left = draw_matrix(surface, (left + dp(44), top), w2, "layer 2") + dp(18)
        theme.blit_text(surface, "=", (left, top + dp(34)), 22, anchor="midleft")
        draw_matrix(surface, (left + dp(26), top), w, "layer 1 × layer 2")
        rows = (
            ("input x (a row)", x[0], theme.INK),
            ("layer 1, then layer 2", plain, theme.INK),
            ("the one matrix", merged, theme.INK),
            ("layer 1, tanh, layer 2", bent, OTHER),
        )
        y = top + dp(98 if self.roomy else 80)
        for label, vector, colour in rows:
            theme.blit_text(surface, label, (area.left, y), 15, colour)
            draw_vector(surface, (area.left + dp(190), y), vector, colour)
            y += dp(26 if self.roomy else 22)
        indent, drop = dp(560), dp(34)
        warps = pygame.Rect(
            area.left + indent, area.top + drop, area.width - indent, area.height - drop
        )
        self._draw_warps(surface, warps)

    def _draw_warps(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        """A square grid of inputs pushed through each version: straight stays straight."""
        dp = theme.px
        side = min(area.height - dp(30), (area.width - 2 * dp(24)) // 3)
        if side < dp(40):
            return
        titles = ("layer 1, then layer 2", "the one matrix", "with tanh between")
        if self._warps is None or self._warps[0][0] != side:
            self._warps = [(side, self._warp(i, side)) for i in range(3)]
        for i, (title, (_, lines)) in enumerate(zip(titles, self._warps, strict=True)):
            box = pygame.Rect(area.left + i * (side + dp(24)), area.top + dp(24), side, side)
            pygame.draw.rect(surface, theme.PAPER, box)
            pygame.draw.rect(surface, theme.MUTED, box, 1)
            colour = OTHER if i == 2 else theme.INK
            theme.blit_text(
                surface, title, (box.centerx, box.top - dp(4)), 14, theme.MUTED, anchor="midbottom"
            )
            for line in lines:
                pygame.draw.lines(
                    surface, colour, False, [(box.left + px, box.top + py) for px, py in line], 1
                )

    def _warp(self, which: int, side: int) -> list[list[tuple[float, float]]]:
        """Grid lines (in pixels relative to a side x side box) after version `which`."""
        lines = [np.stack([GRID_STEPS, np.full_like(GRID_STEPS, v)], 1) for v in GRID_LINES]
        lines += [np.stack([np.full_like(GRID_STEPS, v), GRID_STEPS], 1) for v in GRID_LINES]
        if which == 0:
            moved = [maths.two_layers(line, self.layers, None) for line in lines]
        elif which == 1:
            w, b = maths.collapse(self.layers)
            moved = [line @ w + b for line in lines]
        else:
            moved = [maths.two_layers(line, self.layers, "tanh") for line in lines]
        span = max(float(np.abs(np.concatenate(moved)).max()), 1e-6) * 1.1
        return [
            [(side / 2 + px / span * side / 2, side / 2 - py / span * side / 2) for px, py in m]
            for m in moved
        ]
