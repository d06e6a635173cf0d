"""The forward pass of the real digit network, drawn compactly: the input image, then every
layer's values as a block of coloured cells, then the score for each digit."""

from __future__ import annotations

import math

import numpy as np
import pygame

from playground.core.nn.losses import as_probabilities
from playground.core.settings import IMAGE_SIDE
from playground.ui.render import images, theme
from playground.ui.render.shown import whole_percents

ROWS_MAX = 5  # up to this many digits the guess is a list of rows; more get a column each


def block_shape(count: int) -> tuple[int, int]:
    """(rows, cols) of a near-square block holding `count` cells."""
    cols = math.ceil(math.sqrt(count))
    return math.ceil(count / cols), cols


def draw_real_pass(
    surface: pygame.Surface,
    rect: pygame.Rect,
    activations: list[np.ndarray],
    digits: tuple[int, ...],
    loss: str,
) -> None:
    """`activations` from Network.forward for one input: [0] the 784 inputs, [-1] the scores,
    shown as the guess every other view shows: percentages that add up to 100."""
    dp = theme.px
    side = min(rect.height - dp(22), dp(96))
    top = rect.top + dp(20)
    x = rect.left
    image = activations[0].reshape(IMAGE_SIDE, IMAGE_SIDE)
    surface.blit(images.digit_surface(image, (side, side)), (x, top))
    theme.blit_text(
        surface, "784 inputs", (x + side // 2, rect.top), 13, theme.MUTED, anchor="midtop"
    )
    x += side + dp(40)
    hidden = activations[1:-1]
    for values in hidden:
        rows, cols = block_shape(len(values))
        cell = max(3, min(dp(16), side // rows))
        colours = theme.diverging(values, 1.0)
        _arrow(surface, x - dp(30), top + side // 2)
        for k, colour in enumerate(colours):
            r, c = divmod(k, cols)
            box = (x + c * cell, top + r * cell, cell - 1, cell - 1)
            pygame.draw.rect(surface, tuple(int(v) for v in colour), box)
        theme.blit_text(
            surface,
            f"{len(values)} values",
            (x + cols * cell // 2, rect.top),
            13,
            theme.MUTED,
            anchor="midtop",
        )
        x += cols * cell + dp(44)
    _arrow(surface, x - dp(30), top + side // 2)
    guess = as_probabilities(np.asarray(activations[-1])[None], loss)[0]
    if len(guess) <= ROWS_MAX:
        _guess_rows(surface, x, top, side, digits, guess)
    else:  # ten rows would not fit the image's height legibly: one column per digit
        _guess_columns(surface, x + dp(10), top, side, digits, guess)
    title = "guess: scores shared out to 100%" if loss == "mse" else "guess (softmax), in %"
    theme.blit_text(surface, title, (x + dp(10), rect.top), 13, theme.MUTED, anchor="topleft")


def _guess_rows(
    surface: pygame.Surface, x: int, top: int, side: int, digits, guess: np.ndarray
) -> None:
    """One horizontal bar a digit, its label left and its percentage right."""
    dp = theme.px
    row = min(dp(24), side // max(len(guess), 1))
    left, length = x + dp(22), dp(120)
    percents = whole_percents(guess)  # adding up to 100, as everywhere a guess is shown
    for k, (digit, share) in enumerate(zip(digits, guess, strict=True)):
        y = top + k * row
        bar = pygame.Rect(left, y + dp(3), round(length * float(share)), row - dp(6))
        pygame.draw.rect(surface, theme.GRID, (left, y + dp(3), length, row - dp(6)))
        pygame.draw.rect(surface, theme.INK, bar)
        theme.blit_text(
            surface, str(digit), (x + dp(14), y + row // 2), 14, bold=True, anchor="midright"
        )
        theme.blit_text(
            surface, f"{percents[k]}%", (x + dp(150), y + row // 2), 13, anchor="midleft"
        )


def _guess_columns(
    surface: pygame.Surface, x: int, top: int, side: int, digits, guess: np.ndarray
) -> None:
    """One vertical bar a digit: its percentage above, the digit below."""
    dp = theme.px
    width = dp(36)
    bar_top, bar_bottom = top + dp(18), top + side - dp(18)
    percents = whole_percents(guess)
    for k, (digit, share) in enumerate(zip(digits, guess, strict=True)):
        mid = x + k * width + width // 2
        slot = pygame.Rect(mid - dp(8), bar_top, dp(16), bar_bottom - bar_top)
        height = round(slot.height * float(share))
        pygame.draw.rect(surface, theme.GRID, slot)
        pygame.draw.rect(surface, theme.INK, (slot.left, slot.bottom - height, slot.width, height))
        theme.blit_text(surface, f"{percents[k]}%", (mid, top), 12, anchor="midtop")
        theme.blit_text(
            surface, str(digit), (mid, bar_bottom + dp(2)), 14, bold=True, anchor="midtop"
        )


def _arrow(surface: pygame.Surface, x: int, y: int) -> None:
    dp = theme.px
    pygame.draw.line(surface, theme.INK, (x, y), (x + dp(16), y), dp(2))
    tip = [(x + dp(22), y), (x + dp(14), y - dp(5)), (x + dp(14), y + dp(5))]
    pygame.draw.polygon(surface, theme.INK, tip)
