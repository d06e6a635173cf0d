"""The words and the guess around the draw scene's canvas: what to draw, what the network
guesses (one large digit and a bar per digit), and what the 'network sees' view shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pygame

from playground.ui.render import theme
from playground.ui.render.bars import bar_rows, draw_probability_bars
from playground.ui.render.shown import whole_percents

if TYPE_CHECKING:
    from playground.ui.scenes.draw_prompt import Prompt  # the words; this module only draws them

BIG_DIGIT = 76  # font size of the top guess
BAR_ROW = 40  # tallest row per digit in the bars
ONE_COLUMN_MOST = 5  # more digits than this and the bars go in two columns (0-4 | 5-9), so ten
# bars leave 'what the network sees' room (in one column they shrank it to 4 px a cell)
GUESS_HEAD = 26 + BIG_DIGIT + 16  # the title and the large digit above the bars
HEADER_HEIGHT = 64  # the two lines above the canvas
TONE_COLOURS = {"muted": theme.MUTED, "good": theme.GOOD, "bad": theme.BAD}


def draw_header(
    surface: pygame.Surface, canvas: pygame.Rect, prompt: Prompt, presenting: bool = False
) -> None:
    """Two lines above the canvas: what to draw (with the progress while collecting), then
    what Enter does and what the network read; each hint shortens to fit the canvas' width.
    Presenting shows no key hints, as it shows no controls."""
    px = theme.px
    size, colour = (24, theme.POSITIVE) if prompt.collecting else (22, theme.INK)
    shown = theme.blit_text(
        surface,
        prompt.headline,
        (canvas.left, canvas.top - px(31)),
        size,
        colour,
        bold=True,
        anchor="bottomleft",
    )
    room = canvas.right - shown.right - px(16)
    progress = next(
        (
            p
            for p in (prompt.progress, prompt.progress.split(" · ")[0])
            if theme.text(p, 14, theme.MUTED).get_width() <= room
        ),
        "",
    )
    theme.blit_text(
        surface,
        progress,
        (canvas.right, canvas.top - px(35)),
        14,
        theme.MUTED,
        anchor="bottomright",
    )
    if presenting:
        return
    bold, colour = prompt.tone == "bad", TONE_COLOURS[prompt.tone]
    fits = (h for h in prompt.hints if theme.text(h, 15, colour, bold).get_width() <= canvas.width)
    hint = next(fits, "")
    theme.blit_text(
        surface, hint, (canvas.left, canvas.top - px(8)), 15, colour, bold=bold, anchor="bottomleft"
    )


def draw_guess(
    surface: pygame.Surface,
    rect: pygame.Rect,
    digits: Sequence[int],
    prediction: dict | None,
    steps: int,
    diverged: bool = False,
    stalled: str | None = None,
) -> None:
    """'The network's guess': the top digit large with its share, then one bar per digit.
    A diverged or saturated network's guess is worthless, and the note under it says so
    (`stalled`: what to do about the saturation, in a few words)."""
    theme.blit_text(surface, "The network's guess", (rect.left, rect.top), 16, bold=True)
    px = theme.px
    big = pygame.Rect(rect.left, rect.top + px(26), rect.width, px(BIG_DIGIT + 8))
    probs = None
    if prediction is None:
        dash = theme.blit_text(
            surface, "?", (big.left + px(8), big.centery), BIG_DIGIT, theme.GRID, anchor="midleft"
        )
        theme.blit_text(
            surface,
            "draw something on the canvas",
            (dash.right + px(14), big.centery),
            14,
            theme.MUTED,
            anchor="midleft",
        )
    else:
        probs = [prediction["probs"][str(d)] for d in digits]
        label = prediction["label"]
        shown = theme.blit_text(
            surface,
            str(label),
            (big.left + px(8), big.centery),
            BIG_DIGIT,
            bold=True,
            anchor="midleft",
        )
        share = whole_percents(probs)[list(digits).index(label)]  # as its bar says
        theme.blit_text(
            surface,
            f"{share}%",
            (shown.right + px(14), big.centery - px(4)),
            26,
            theme.MUTED,
            bold=True,
            anchor="bottomleft",
        )
        note = "untrained: press Space to train" if steps == 0 else f"after {steps:,} steps"
        if diverged:
            note = "diverged: lower the rate, then press R"
        elif stalled:
            note = f"saturated, stalled: {stalled}"
        colour = theme.BAD if diverged or stalled else theme.MUTED
        theme.blit_text(surface, note, (shown.right + px(14), big.centery + px(4)), 14, colour)
    top = rect.top + px(GUESS_HEAD)
    columns = bar_columns(len(digits))
    height = min(rect.bottom - top, px(BAR_ROW) * bar_rows(len(digits), columns))
    if height > 0:
        bars = pygame.Rect(rect.left, top, rect.width, height)
        draw_probability_bars(surface, bars, digits, probs, columns=columns)


def bar_columns(digits: int) -> int:
    """Columns the guess's bars take for `digits` digits in play."""
    return 1 if digits <= ONE_COLUMN_MOST else 2


def draw_input_caption(
    surface: pygame.Surface,
    view: pygame.Rect,
    normalize: bool,
    deskew: bool,
    sensitive_to: int | None,
    width: int,
) -> None:
    """Two lines above the 'what the network sees' view: its title and what was done to it, or
    with the sensitivity shown, whose score it maps (`sensitive_to`, the digit guessed), in the
    longest wording that fits `width` (the column's, so it never runs under the next)."""
    theme.blit_text(
        surface, "What the network sees", (view.left, view.top - theme.px(44)), 16, bold=True
    )
    if sensitive_to is not None:
        texts = (
            f"blue: ink here raises its score for {sensitive_to} · orange: lowers it",
            f"blue: raises the score for {sensitive_to} · orange: lowers it",
            f"blue: raises {sensitive_to}'s score · orange: lowers it",
            f"blue raises {sensitive_to}, orange lowers",
        )
        colour = theme.POSITIVE
    else:
        done = ", deskewed" if deskew else ""
        if normalize:
            # centred by the ink's mass, as MNIST was: a 7, heavy at the top, sits low
            texts = (
                f"cropped, scaled to 20x20 in the 28x28 grid, centred by mass{done}",
                f"cropped, scaled to 20x20, centred by mass{done}",
                f"cropped, scaled, centred by mass{done}",
                f"cropped, scaled, centred{done}",
            )
        else:
            texts = (f"not normalized{done}",)
        colour = theme.MUTED
    text = theme.fitting(texts, 13, width)
    theme.blit_text(surface, text, (view.left, view.top - theme.px(22)), 13, colour)
