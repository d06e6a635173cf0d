"""Page 4, the forward pass: multiply, add, bend, layer by layer, on a network small enough
to read every number.

The stepper walks the 3-4-3 example one stage at a time; the lines for the current stage are
written out in full so each circle's number can be checked by hand against its inputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from playground.ui.explain.kit.digit_source import network_input
from playground.ui.explain.kit.network_view import draw_network
from playground.ui.explain.kit.page import draw_paragraph
from playground.ui.explain.kit.small_network import INPUT, example_network, node_positions
from playground.ui.explain.kit.staged import StagedPage
from playground.ui.explain.pages.real_pass import draw_real_pass
from playground.ui.render import theme

if TYPE_CHECKING:
    from playground.core.session import Session

STAGES = (
    "The input: three numbers.",
    "Layer 1, multiply and add: each hidden neuron adds up (input)(weight) for every input, "
    "then its bias.",
    "Layer 1, bend: each sum goes through tanh.",
    "Layer 2, multiply and add: the same move, now from the four hidden values.",
    "Layer 2, bend: each output goes through sigmoid, a score from 0 to 1, and the highest "
    "score is the guess: here {guess}. The real network below makes its outputs add up to "
    "100%, so each reads as a share of its confidence.",
)


def _guess_words(scores: np.ndarray) -> str:
    """Which output wins, with the runner-up's score when two look alike at 2 decimals."""
    first, second = np.argsort(-scores, kind="stable")[:2]
    words = f"neuron {first + 1}"
    if f"{scores[first]:.2f}" == f"{scores[second]:.2f}":
        words += f", by a hair ({scores[first]:.3f} against {scores[second]:.3f})"
    return words


def _term(value: float, weight: float) -> str:
    return f"({value:+.2f})({weight:+.2f})"


class ForwardPassPage(StagedPage):
    title = "The forward pass"
    caption = "Multiply, add, bend, repeat: here on a 3-4-3 network, every number shown."
    stages = STAGES

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.net = example_network()
        self.zs, self.acts = self.net.forward(INPUT)
        self.stages = (*STAGES[:-1], STAGES[-1].format(guess=_guess_words(self.acts[-1][0])))

    def arrange(self) -> None:
        body, dp = self.body, theme.px
        width = dp(380) if body.width >= dp(1200) else dp(300)
        height = max(dp(220), min(dp(330), body.height - dp(250)))
        self.positions = node_positions((body.left + dp(90), body.top + dp(70), width, height))
        self.place_stepper()
        left = body.left + width + dp(210)
        self.panel = pygame.Rect(left, body.top + dp(60), body.right - dp(32) - left, height)
        real_top = body.top + dp(70) + height + dp(50)
        real_h = body.bottom - real_top
        self.real = pygame.Rect(body.left + dp(32), real_top, body.width - dp(64), real_h)

    def paint(self, surface: pygame.Surface) -> None:
        self.draw_stepper(surface)
        body = self.body
        layer_done = (self.stage + 1) // 2  # layers whose sums are known
        nodes = [self.acts[0][0]]
        for layer in (1, 2):
            if self.stage >= 2 * layer:
                nodes.append(self.acts[layer][0])
            elif self.stage == 2 * layer - 1:
                nodes.append(self.zs[layer - 1][0])
            else:
                nodes.append(None)
        active_edges = {layer_done - 1} if self.stage % 2 == 1 else set()
        draw_network(surface, self.positions, self.net.weights, nodes, active_edges, {layer_done})
        for label, column in zip(
            ("inputs", "hidden (tanh)", "outputs (sigmoid)"), self.positions, strict=True
        ):
            theme.blit_text(
                surface,
                label,
                (column[0][0], body.top + theme.px(76)),
                14,
                theme.MUTED,
                anchor="midbottom",
            )
        self._draw_numbers(surface)
        self._draw_real(surface)

    def _draw_real(self, surface: pygame.Surface) -> None:
        """The same pass on the digit network the app trains, for the current drawing."""
        x, source = network_input(self.session)
        trainer = self.session.trainer
        _, acts = trainer.network.forward(x)
        dp = theme.px
        rule = self.real.top - dp(12)
        pygame.draw.line(surface, theme.GRID, (self.real.left, rule), (self.real.right, rule))
        shape = "-".join(map(str, trainer.network.sizes))
        theme.blit_text(
            surface,
            f"The same pass on the real {shape} network ({_trained(trainer.steps)}), for {source}:",
            (self.real.left, self.real.top),
            16,
            bold=True,
        )
        area = pygame.Rect(
            self.real.left, self.real.top + dp(30), self.real.width, self.real.height - dp(30)
        )
        draw_real_pass(
            surface, area, [a[0] for a in acts], trainer.digits, self.session.settings.loss
        )

    def _draw_numbers(self, surface: pygame.Surface) -> None:
        panel, dp = self.panel, theme.px
        y = draw_paragraph(
            surface,
            self.stages[self.stage],
            panel.topleft,
            panel.width,
            16,
            theme.INK,
            bold=True,
        ) + dp(16)
        if self.stage == 0:
            values = "   ".join(f"{v:+.2f}" for v in self.acts[0][0])
            theme.blit_text(surface, f"x = ( {values} )", (panel.left, y), 16)
            return
        layer = (self.stage - 1) // 2
        inputs, z, a = self.acts[layer][0], self.zs[layer][0], self.acts[layer + 1][0]
        w, b = self.net.weights[layer], self.net.biases[layer]
        bend = "tanh" if layer == 0 else "sigmoid"
        for j in range(len(z)):
            if self.stage % 2 == 1:
                terms = " + ".join(_term(inputs[i], w[i, j]) for i in range(len(inputs)))
                line = f"{terms} + ({b[j]:+.2f}) = {z[j]:+.2f}"
            else:
                line = f"{bend}({z[j]:+.2f}) = {a[j]:+.2f}"
            theme.blit_text(surface, f"neuron {j + 1}:", (panel.left, y), 15, theme.MUTED)
            # a long sum wraps onto a second line where the window is narrow
            size = 15 if panel.width >= dp(560) else 14
            bottom = draw_paragraph(
                surface, line, (panel.left + dp(90), y), panel.width - dp(90), size, theme.INK
            )
            y = bottom + (dp(10) if bottom - y < dp(30) else dp(6))


def _trained(steps: int) -> str:
    """How far the real network has trained: untrained, its guess is a near-tie of chance."""
    return "untrained yet" if steps == 0 else f"after {steps:,} steps"
