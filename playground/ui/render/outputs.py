"""The output column's words and bars: each digit with its probability, the target boxed, and a
verdict in green (right) or red (wrong) once the forward pulse has reached the outputs, with the
training step it is from."""

from __future__ import annotations

import numpy as np
import pygame

from playground.ui.render import theme
from playground.ui.render.graph_layout import GraphLayout
from playground.ui.render.shown import Shown


def draw_outputs(
    surface: pygame.Surface,
    layout: GraphLayout,
    digits: tuple[int, ...],
    shown: Shown,
    arrived: bool,
) -> None:
    guess, target = shown.guess, shown.target
    for i, (digit, box, (_, y)) in enumerate(
        zip(digits, layout.bars, layout.neurons[-1], strict=True)
    ):
        track = pygame.Rect(box)
        is_target = i == target
        colour = theme.MUTED
        if arrived and i == guess:
            colour = theme.INK if target is None else (theme.GOOD if is_target else theme.BAD)
        ink = theme.INK if is_target else theme.MUTED
        label = theme.blit_text(
            surface, str(digit), (track.left - theme.px(12), y), 20, ink, is_target, "midright"
        )
        if is_target:
            box = label.inflate(theme.px(10), 0)
            pygame.draw.rect(surface, theme.INK, box, theme.px(2), border_radius=theme.px(5))
        pygame.draw.rect(surface, theme.GRID, track, border_radius=3)
        if not arrived:
            continue
        p = float(np.clip(shown.probabilities[i], 0.0, 1.0))
        fill = track.copy()
        fill.width = int(track.width * p)
        if fill.width:
            pygame.draw.rect(surface, colour, fill, border_radius=3)
        theme.blit_text(
            surface, f"{p:.0%}", (track.right + theme.px(6), y), 14, colour, anchor="midleft"
        )
    lines = []
    if target is not None:
        lines.append((f"target {digits[target]}", theme.INK, 15))
        if arrived:
            right = guess == target
            verdict = f"guess {digits[guess]}: {'right' if right else 'wrong'}"
            lines.append((verdict, theme.GOOD if right else theme.BAD, 15))
    if shown.step is not None:  # the story may be older than the step counter at the top
        lines.append((f"the pass at step {shown.step:,}", theme.MUTED, 13))
    x, y = layout.verdict[:2]
    for text, colour, size in lines:
        theme.blit_text(surface, text, (x, y), size, colour, size > 13)
        y += theme.px(22)
