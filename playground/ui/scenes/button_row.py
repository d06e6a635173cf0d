"""A row of pygame_gui buttons that share a width by weight and fit their labels to it.

Labels carry their key in brackets ('Eraser (E)'); when a button is too narrow for the whole
label, as in a small window, the brackets are dropped from the whole row and the keys move
into the tool tips, so no label is ever clipped and a row never shows some keys and not others.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame
import pygame_gui

from playground.ui.render import theme

BUTTON_FONT = 14  # the theme's button text size
PADDING = 14  # room a button needs around its label
SPACING = 4  # between two buttons of a row


def button_row(
    manager: pygame_gui.UIManager,
    container: pygame_gui.core.UIContainer,
    row: pygame.Rect,
    specs: Sequence[tuple[str, str, float]],
) -> dict[str, pygame_gui.elements.UIButton]:
    """Buttons filling `row` (screen coordinates) from (name, label, share of the width)."""
    origin = container.get_abs_rect().topleft
    total = sum(weight for *_, weight in specs)
    spacing = theme.px(SPACING)
    unit = (row.width - spacing * (len(specs) - 1)) / total
    boxes, x = [], float(row.left)
    for *_, weight in specs:
        box = pygame.Rect(round(x) - origin[0], row.top - origin[1], 0, row.height)
        box.width = round(x + unit * weight) - round(x)
        boxes.append(box)
        x += unit * weight + spacing
    width = theme.font(BUTTON_FONT).size
    fits = all(
        width(text)[0] + theme.px(PADDING) <= box.width
        for (_, text, _), box in zip(specs, boxes, strict=True)
    )
    buttons = {}
    for (name, text, _), box in zip(specs, boxes, strict=True):
        short, _, key = text.partition(" (")
        buttons[name] = pygame_gui.elements.UIButton(
            box,
            text if fits else short,
            manager,
            container,
            tool_tip_text=None if fits or not key else f"key: {key.rstrip(')')}",
        )
    return buttons
