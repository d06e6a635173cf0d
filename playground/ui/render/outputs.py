"""The output column's words and bars: each digit with its probability, the target boxed, and a
verdict in green (right) or red (wrong) once the forward pulse has reached the outputs, with the
training step it is from.

They change only with the shown sample and whether its pulse has arrived, while some thirty
text and rectangle calls placed them every frame, so `output_ops` works out what goes where once
and `draw_ops` replays it (the network view keeps the ops while their key stays the same); the
text itself is still asked of `theme.text` each frame, a cache hit, so a frame says what it shows.
"""

from __future__ import annotations

import numpy as np
import pygame

from playground.ui.render import theme
from playground.ui.render.graph_layout import GraphLayout
from playground.ui.render.shown import Shown, whole_percents


def draw_outputs(
    surface: pygame.Surface,
    layout: GraphLayout,
    digits: tuple[int, ...],
    shown: Shown,
    arrived: bool,
) -> None:
    draw_ops(surface, output_ops(layout, digits, shown, arrived))


def draw_ops(surface: pygame.Surface, ops: list[tuple]) -> None:
    """Replay `output_ops`: ("text", (content, size, colour, bold), rect) and
    ("rect", colour, rect, width, radius)."""
    for op in ops:
        if op[0] == "text":
            surface.blit(theme.text(*op[1]), op[2])
        else:
            pygame.draw.rect(surface, op[1], op[2], op[3], border_radius=op[4])


def output_ops(
    layout: GraphLayout,
    digits: tuple[int, ...],
    shown: Shown,
    arrived: bool,
    since: str | None = None,
) -> list[tuple]:
    """What the output column draws, in order, as `draw_ops` replays it; `since`, in red under
    the step it is from, says what outweighs this pass (it blew up after it, or has stalled):
    its verdict is then not coloured right or wrong."""
    ops: list[tuple] = []

    def text(content: str, pos, size: int, colour, bold: bool = False, anchor="topleft"):
        args = (content, size, tuple(colour), bold)
        rect = theme.text(*args).get_rect(**{anchor: pos})
        ops.append(("text", args, rect))
        return rect

    guess, target = shown.guess, shown.target
    percents = whole_percents(shown.probabilities)  # adding up to 100
    for i, (digit, box, (_, y)) in enumerate(
        zip(digits, layout.bars, layout.neurons[-1], strict=True)
    ):
        track = pygame.Rect(box)
        is_target = i == target
        colour = theme.MUTED
        if arrived and i == guess:
            judged = target is not None and not since
            colour = (theme.GOOD if is_target else theme.BAD) if judged else theme.INK
        ink = theme.INK if is_target else theme.MUTED
        label = text(str(digit), (track.left - theme.px(12), y), 20, ink, is_target, "midright")
        if is_target:
            ops.append(
                ("rect", theme.INK, label.inflate(theme.px(10), 0), theme.px(2), theme.px(5))
            )
        ops.append(("rect", theme.GRID, track, 0, 3))
        if not arrived:
            continue
        p = float(np.clip(shown.probabilities[i], 0.0, 1.0))
        fill = track.copy()
        fill.width = int(track.width * p)
        if fill.width:
            ops.append(("rect", colour, fill, 0, 3))
        text(f"{percents[i]}%", (track.right + theme.px(6), y), 14, colour, anchor="midleft")
    lines = []
    if target is not None:
        lines.append((f"target {digits[target]}", theme.INK, 15))
        if arrived:
            right = guess == target
            verdict = f"guess {digits[guess]}: {'right' if right else 'wrong'}"
            colour = theme.MUTED if since else (theme.GOOD if right else theme.BAD)
            lines.append((verdict, colour, 15))
    if shown.step is not None:  # the story may be older than the step counter at the top
        lines.append((f"the pass at step {shown.step:,}", theme.MUTED, 13))
    if since:
        lines.append((since, theme.BAD, 13))
    x, y = layout.verdict[:2]
    for content, colour, size in lines:
        text(content, (x, y), size, colour, size > 13)
        y += theme.px(22)
    return ops
