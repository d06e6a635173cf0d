"""Page 5, loss and backpropagation: one number for how wrong, then the chain rule run
backwards on the 3-4-3 example, one layer per stage, then the update.

Every number is read from a real training step of the example network (its trace and its
gradients); the page only writes out the products that lead to them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from playground.ui.explain.kit.matrices import draw_matrix
from playground.ui.explain.kit.network_view import draw_network, signed_colour
from playground.ui.explain.kit.page import draw_paragraph
from playground.ui.explain.kit.small_network import (
    LEARNING_RATE,
    TARGET,
    backward_step,
    example_network,
    hidden_delta_parts,
    node_positions,
    nudged_loss,
    steepest_weight,
)
from playground.ui.explain.kit.staged import StagedPage
from playground.ui.render import theme

if TYPE_CHECKING:
    from playground.core.session import Session

NUDGE = 0.01
STAGES = (
    "How wrong is the guess? One number: the sum of the squared misses.",
    "Output layer: the error signal at each output, then each weight's gradient.",
    "Hidden layer: carry the error back through the weights, then the gradients.",
    "Check: nudge one weight a little and watch the loss.",
    f"Update: every weight moves against its gradient, times the rate {LEARNING_RATE:g} "
    "(large on purpose, so that one step shows).",
)
COLUMN_LABELS = ("inputs", "hidden", "outputs")


class BackpropPage(StagedPage):
    title = "Loss and backpropagation"
    caption = "The error starts at the outputs and is passed backwards, layer by layer."
    stages = STAGES

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.net = example_network()
        self.step = backward_step(self.net)
        self.steepest = steepest_weight(self.step.weight_grads)
        self.nudged = nudged_loss(self.net, *self.steepest, NUDGE)

    def arrange(self) -> None:
        body, dp = self.body, theme.px
        width = dp(380) if body.width >= dp(1200) else dp(300)
        height = min(dp(360), body.height - dp(130))
        self.positions = node_positions((body.left + dp(90), body.top + dp(70), width, height))
        self.place_stepper()
        left = body.left + width + dp(210)
        panel_w, panel_h = body.right - dp(32) - left, body.height - dp(60)
        self.panel = pygame.Rect(left, body.top + dp(60), panel_w, panel_h)

    # -- drawing --------------------------------------------------------------------------------
    def paint(self, surface: pygame.Surface) -> None:
        self.draw_stepper(surface)
        self._draw_diagram(surface)
        y = draw_paragraph(
            surface,
            self.stages[self.stage],
            self.panel.topleft,
            self.panel.width,
            16,
            theme.INK,
            bold=True,
        )
        draw = (self._loss, self._output_layer, self._hidden_layer, self._nudge, self._update)
        draw[self.stage](surface, self.panel.left, y + theme.px(16))

    def _draw_diagram(self, surface: pygame.Surface) -> None:
        s = self.step
        acts = [a[0] for a in s.activations]
        if self.stage == 0:
            nodes, edges, lit, labels = acts, self.net.weights, set(), COLUMN_LABELS
        elif self.stage == 1:  # a weight's start value and the error signal at its end
            nodes, edges, lit = [None, acts[1], s.deltas[1][0]], s.weight_grads, {1}
            labels = ("inputs", "hidden value", "error signal")
        elif self.stage in (2, 3):
            nodes, edges, lit = [acts[0], s.deltas[0][0], s.deltas[1][0]], s.weight_grads, {0, 1}
            labels = ("inputs", "error signal", "error signal")
        else:
            nodes = [a[0] for a in s.new_activations]
            edges, lit = s.new_weights, {0, 1}
            labels = ("inputs", "hidden, after the step", "outputs, after")
        draw_network(surface, self.positions, edges, nodes, lit, set())
        dp = theme.px
        top = self.body.top + dp(76)
        for label, column in zip(labels, self.positions, strict=True):
            theme.blit_text(
                surface, label, (column[0][0], top), 14, theme.MUTED, anchor="midbottom"
            )
        if self.stage in (0, 4):
            for (x, y), want in zip(self.positions[-1], TARGET[0], strict=True):
                theme.blit_text(
                    surface, f"target {want:g}", (x + dp(34), y), 14, theme.MUTED, anchor="midleft"
                )
        if self.stage:
            theme.blit_text(
                surface,
                "lines: the weights after the step"
                if self.stage == 4
                else "lines: each weight's gradient",
                (self.positions[0][0][0], self.positions[1][-1][1] + dp(40)),
                14,
                theme.MUTED,
            )

    def _loss(self, surface: pygame.Surface, left: int, top: int) -> None:
        out, want = self.step.activations[-1][0], TARGET[0]
        dp = theme.px
        for j, (a, y) in enumerate(zip(out, want, strict=True)):
            line = f"output {j + 1}:  ({a:.4f} - {y:g})² = {(a - y) ** 2:.4f}"
            theme.blit_text(surface, line, (left, top + j * dp(30)), 16)
        y = top + 3 * dp(30) + dp(14)
        theme.blit_text(
            surface, f"loss = sum of the three = {self.step.loss:.4f}", (left, y), 18, bold=True
        )
        theme.blit_text(
            surface,
            "Training means making this number smaller.",
            (left, y + dp(36)),
            15,
            theme.MUTED,
        )
        draw_paragraph(surface, self._which_loss(), (left, y + dp(72)), self.panel.width, 14)

    def _which_loss(self) -> str:
        """This page works squared error, the loss with the plainest sums; the digit network
        may be set to another, and a learner should know which one trains there."""
        if self.session.settings.loss == "mse":
            return "The digit network in the train scene uses this loss too (MSE in Controls)."
        return (
            "The digit network in the train scene uses cross-entropy instead (its default): "
            "outputs that share 100% (softmax), loss -log(the target's output), and an error "
            "signal of just output - target. MSE in its Controls trains it with this one."
        )

    def _output_layer(self, surface: pygame.Surface, left: int, top: int) -> None:
        s = self.step
        out = s.activations[-1]
        top = draw_paragraph(
            surface,
            "error signal = 2 × (output - target)  ×  sigmoid slope, output × (1 - output)",
            (left, top),
            self.panel.width,
        )
        dp = theme.px
        for j in range(3):
            a, want, delta = out[0, j], TARGET[0, j], s.deltas[1][0, j]
            line = f"output {j + 1}:  2 × ({a:.4f} - {want:g}) × {a:.4f} × (1 - {a:.4f})"
            line += f" = {delta:+.5f}"
            theme.blit_text(surface, line, (left, top + dp(6) + j * dp(28)), 16)
        self._gradients(surface, left, top + dp(6) + 3 * dp(28) + dp(16), 1, "hidden value")

    def _hidden_layer(self, surface: pygame.Surface, left: int, top: int) -> None:
        s = self.step
        hidden = s.activations[1]
        back, _ = hidden_delta_parts(s.deltas[1], self.net.weights[1], hidden)
        top = draw_paragraph(
            surface,
            "error signal = (weights × errors after them, summed)"
            "  ×  tanh slope, 1 - (hidden value)²",
            (left, top),
            self.panel.width,
        )
        dp = theme.px
        for j in range(4):
            value, delta = hidden[0, j], s.deltas[0][0, j]
            line = f"hidden {j + 1}:  {back[0, j]:+.5f} × (1 - ({value:+.4f})²) = {delta:+.5f}"
            theme.blit_text(surface, line, (left, top + dp(6) + j * dp(28)), 16)
        self._gradients(surface, left, top + dp(6) + 4 * dp(28) + dp(16), 0, "input")

    def _gradients(
        self, surface: pygame.Surface, left: int, top: int, layer: int, source: str
    ) -> None:
        top = draw_paragraph(
            surface,
            f"gradient of a weight = {source} at its start × error signal at its end",
            (left, top),
            self.panel.width,
        )
        grads = self.step.weight_grads[layer] * 1000.0
        label = "all of them, × 1000 to be readable"
        names = ("input", "hidden") if layer == 0 else ("hidden", "output")
        draw_matrix(surface, (left, top + theme.px(4)), grads, label, names=names)

    def _nudge(self, surface: pygame.Surface, left: int, top: int) -> None:
        s = self.step
        layer, i, j = self.steepest
        grad = float(s.weight_grads[layer][i, j])
        after = self.nudged
        source = "input" if layer == 0 else "hidden"
        target = "hidden" if layer == 0 else "output"
        lines = (
            (
                f"the weight from {source} {i + 1} to {target} {j + 1} has the steepest gradient:"
                f" {grad:+.5f}",
                theme.INK,
            ),
            (f"add {NUDGE} to it: the loss goes from {s.loss:.6f} to {after:.6f}", theme.INK),
            (f"measured change {after - s.loss:+.6f}", signed_colour(after - s.loss)),
            (
                f"gradient × {NUDGE}:  {grad:+.5f} × {NUDGE} = {grad * NUDGE:+.6f}"
                "   (nearly the same)",
                signed_colour(grad),
            ),
            ("So a gradient says how the loss moves when its weight moves.", theme.MUTED),
        )
        for k, (line, colour) in enumerate(lines):
            theme.blit_text(surface, line, (left, top + k * theme.px(32)), 16, colour)

    def _update(self, surface: pygame.Surface, left: int, top: int) -> None:
        s = self.step
        theme.blit_text(surface, "new weight = weight - rate × gradient", (left, top), 16)
        old_out, new_out = s.activations[-1][0], s.new_outputs[0]
        for j in range(3):
            line = (
                f"output {j + 1}:  before {old_out[j]:.3f}, after {new_out[j]:.3f}"
                f"   (target {TARGET[0][j]:g})"
            )
            theme.blit_text(surface, line, (left, top + theme.px(36) + j * theme.px(28)), 16)
        y = top + theme.px(36) + 3 * theme.px(28) + theme.px(14)
        theme.blit_text(
            surface,
            f"loss before {s.loss:.4f}, after {s.new_loss:.4f}",
            (left, y),
            18,
            theme.GOOD if s.new_loss < s.loss else theme.BAD,
            bold=True,
        )
        theme.blit_text(
            surface,
            "Training repeats this, one batch of samples at a time.",
            (left, y + theme.px(36)),
            15,
            theme.MUTED,
        )
