"""The key under the network picture: what every colour, width, ring and dot means.

Drawn once onto the baked background, in two rows. Each item has a long and a short wording:
a row uses as many long ones as fit its width, shortening first those whose short wording says
the most (SHORTEN_FIRST), and only if even the short ones do not fit are items left out from
the end (the weight colours come first).
Lengths are design pixels through `theme.px`, so the key grows and shrinks with the window.
"""

from __future__ import annotations

import pygame

from playground.ui.render import sprites, theme

SIZE = 13
GAP = 22
ICON_GAP = 6


def _weight(surface: pygame.Surface, x: int, y: int) -> None:
    dp = theme.px
    for i, width in enumerate((1, 2, 4)):
        for colour, left in ((theme.POSITIVE, x), (theme.NEGATIVE, x + dp(36))):
            start = (left + dp(i * 10), y + dp(5))
            end = (left + dp(i * 10 + 8), y - dp(5))
            pygame.draw.line(surface, colour, start, end, dp(width))


def _activation(surface: pygame.Surface, x: int, y: int) -> None:
    dp = theme.px
    for i, step in enumerate(range(-sprites.LEVELS, sprites.LEVELS + 1, 5)):
        surface.blit(*sprites.centred(sprites.neuron(dp(6), step), x + dp(7 + i * 14), y))


def _pulse(surface: pygame.Surface, x: int, y: int) -> None:
    dp = theme.px
    surface.blit(*sprites.centred(sprites.pulse(dp(3), theme.POSITIVE, 150), x + dp(5), y))
    surface.blit(*sprites.centred(sprites.pulse(dp(5), theme.POSITIVE, 255), x + dp(20), y))


def _error(surface: pygame.Surface, x: int, y: int) -> None:
    dp = theme.px
    for colour, centre in ((theme.POSITIVE, x + dp(9)), (theme.NEGATIVE, x + dp(33))):
        surface.blit(*sprites.centred(sprites.neuron(dp(6), 0), centre, y))
        surface.blit(*sprites.centred(sprites.ring(dp(10), dp(2), colour, 220), centre, y))


def _arrival(surface: pygame.Surface, x: int, y: int) -> None:
    dp = theme.px
    surface.blit(*sprites.centred(sprites.neuron(dp(6), 0), x + dp(9), y))
    surface.blit(*sprites.centred(sprites.ring(dp(9), dp(2), theme.INK, 220), x + dp(9), y))


def _flash(surface: pygame.Surface, x: int, y: int) -> None:
    dp = theme.px
    for i, width in enumerate((1, 4)):
        start, end = (x + dp(i * 16), y + dp(6)), (x + dp(i * 16 + 10), y - dp(6))
        pygame.draw.line(surface, theme.POSITIVE, start, end, dp(width))
    pygame.draw.line(surface, theme.NEGATIVE, (x + dp(34), y + dp(6)), (x + dp(44), y - dp(6)), 3)


ROWS = (  # (draw the icon, its width in design pixels, long wording, short wording), two rows
    (
        (_weight, 70, "edge: weight, blue + / orange −, width = |w|", "edge: sign of w, width |w|"),
        (_activation, 70, "neuron fill: activation − 0 +", "activation − 0 +"),
        (_pulse, 30, "pulse: brighter = carries more (input × w)", "pulse: brighter = more"),
    ),
    (
        (
            _error,
            42,
            "error ring: δ, blue + (z should fall), orange − (rise)",
            "error δ: blue +, orange −",
        ),
        (_flash, 46, "sweep flash: width = the change Δw, not w", "flash: width = |Δw|"),
        (_arrival, 20, "dark ring: just reached", "just reached"),
    ),
)
ITEMS = tuple(item for row in ROWS for item in row)
# which items of each row give up their long wording first: what says least when short last
# ("pulse: brighter = more" loses what it carries; "activation − 0 +" keeps its meaning)
SHORTEN_FIRST = ((1, 0, 2), (2, 1, 0))


def draw_legend(surface: pygame.Surface, rect: pygame.Rect) -> int:
    """The two rows of items, left to right, in the top and bottom halves of `rect`.
    Returns how many items were drawn."""
    dp, drawn = theme.px, 0
    for row, items in enumerate(ROWS):
        y = rect.top + rect.height * (2 * row + 1) // 4
        texts, gap = _fitted(items, SHORTEN_FIRST[row], rect.width)
        x = rect.left
        for (draw_icon, icon_w, *_), text in zip(items, texts, strict=True):
            if x + dp(icon_w + ICON_GAP) + text.get_width() > rect.right:
                break
            draw_icon(surface, x, y)
            surface.blit(text, text.get_rect(midleft=(x + dp(icon_w + ICON_GAP), y)))
            x += dp(icon_w + ICON_GAP + gap) + text.get_width()
            drawn += 1
    return drawn


def _fitted(items: tuple, order: tuple[int, ...], width: int) -> tuple[list[pygame.Surface], float]:
    """A row's texts and the gap between items: the long wordings with a narrower gap before
    any short one (text widths do not scale exactly with the UI scale, so a row that fits at
    one scale can miss by a few pixels at another), then short wordings in `order`."""
    dp = theme.px
    for short in range(len(items) + 1):  # the first `short` items of `order` in short wording
        shortened = order[:short]
        texts = [
            theme.text(item[3 if i in shortened else 2], SIZE, theme.MUTED)
            for i, item in enumerate(items)
        ]
        for gap in (GAP, GAP / 2):
            pairs = zip(items, texts, strict=True)
            need = sum(dp(item[1] + ICON_GAP + gap) + t.get_width() for item, t in pairs)
            if need - dp(gap) <= width:
                return texts, gap
    return texts, GAP / 2
