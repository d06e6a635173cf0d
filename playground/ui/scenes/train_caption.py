"""The words under the train scene's input image: what the sample is and what the animation is
doing now, or why training stopped. Worded apart from drawing, so each reason is one line here."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import pygame

from playground.core.training.saturation import stall_fix
from playground.core.words import a_digit
from playground.ui.render import theme
from playground.ui.render import timeline as tl

if TYPE_CHECKING:
    from playground.core.session import Session
    from playground.ui.render.network_view import Moment
    from playground.ui.render.shown import Shown

CAPTIONS = {
    "forward": ("forward pass: inputs times", "weights, layer by layer"),
    "hold": ("the guess, checked", "against the target"),
    "backward": ("backward pass: the error", "flows back, weights change"),
}
Line = tuple[str, tuple[int, int, int]]
LARGEST, SMALLEST = 14, 11  # the caption's text size, and how far it shrinks to fit the box


def caption_lines(
    session: Session, shown: Shown, moment: Moment, replaying: bool, story: Shown | None
) -> list[Line]:
    """(text, colour) lines: the sample's digit, then the state of training or of the story."""
    trainer = session.trainer
    lines: list[Line] = []
    if shown.target is not None:
        lines.append(
            (f"{a_digit(trainer.digits[shown.target])}, as the network sees it", theme.MUTED)
        )
    if trainer.diverged:
        lines += [("training stopped: the rate", theme.BAD), ("is too large", theme.BAD)]
    elif trainer.stalled:
        lines += [
            ("saturated: learning stalled", theme.BAD),
            (stall_fix(session.settings), theme.BAD),
        ]
    elif replaying:
        lines += [("a validation digit, passed", theme.INK), ("forward; Esc: back", theme.INK)]
    elif story is None:
        lines += [("an untrained guess:", theme.INK), ("press Train or Space", theme.INK)]
    else:
        phase = tl.phase(moment.t, moment.story)
        lines += [(line, theme.INK) for line in CAPTIONS.get(phase, ())]
        if phase == "hold" and shown.loss is not None:
            lines.append((f"batch loss {shown.loss:.3g}", theme.MUTED))
    return lines


def draw_caption(
    surface: pygame.Surface, box: tuple[int, int, int, int], lines: list[Line]
) -> None:
    """The lines from the top of `box` down (the graph's caption box, which pulses and input
    edges keep out of), all at the largest size up to 14 at which each fits the box's width."""
    x, y, width, _ = box
    px = theme.px
    size = _fitting_size(tuple(text for text, _ in lines), width, theme.scale())
    for i, (text, colour) in enumerate(lines):
        top = y + px(4) + i * px(20) + (px(6) if i else 0)
        theme.blit_text(surface, text, (x, top), size, colour)


@lru_cache(maxsize=64)
def _fitting_size(texts: tuple[str, ...], width: int, scale: float) -> int:
    """Measured once per wording and width (`scale` keys the cache: fonts grow with it)."""
    size = LARGEST
    while size > SMALLEST and any(theme.font(size).size(t)[0] > width for t in texts):
        size -= 1
    return size
