"""How big the interface is drawn: the window's size times the user's UI scale.

Every layout is designed in pixels for a 1280x800 window. A bigger window multiplies them all
(text, gaps, tiles, neurons) by the same factor, a smaller one shrinks them, and the user's UI
scale (Ctrl+= / Ctrl+- / Ctrl+0, `--ui-scale`, the script's `ui_scale`) multiplies once more for
high-density screens and projectors. Everything is then drawn at its real pixel size (fonts
rendered at the scaled size, shapes laid out in scaled pixels), never drawn small and stretched,
so it stays crisp at any size. Kept free of pygame: plain numbers and the widget theme's dict.
"""

from __future__ import annotations

import copy
import math

DESIGN_SIZE = (1280, 800)  # the window the design pixels are meant for
MIN_WINDOW = (1024, 640)  # the smallest window the app lays out (smaller is padded to it)
# The least room, in design pixels, every scene's layout is built to fit. A UI scale that would
# leave less is shown at the largest scale that still fits, and the status line says so.
SMALLEST_DESIGN = (1024, 640)
LOWEST, HIGHEST = 0.5, 3.0  # the UI scales a user may choose
STEPS = (0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)  # Ctrl+= / Ctrl+-
QUANTUM = 20  # the factor moves in steps of 1/20, so dragging a window edge re-renders text
# only every few pixels, not on every resize event
WIDGET_KINDS = ("button", "label", "text_box", "tool_tip", "horizontal_slider")


def parse_ui_scale(text: str) -> float:
    """'1.5' or '150%' -> 1.5; ValueError with one sentence for anything else."""
    cleaned = text.strip()
    percent = cleaned.endswith("%")
    try:
        value = float(cleaned.rstrip("%")) / (100 if percent else 1)
    except ValueError:
        raise ValueError(
            f"the UI scale must be a number such as 1.5 or 150%, got {text!r}"
        ) from None
    if not LOWEST <= value <= HIGHEST:  # also refuses NaN
        raise ValueError(f"the UI scale must be between {LOWEST:g} and {HIGHEST:g}, got {text!r}")
    return value


def fitting_scale(window: tuple[int, int], user: float) -> float:
    """Screen pixels per design pixel for a window of size `window` at UI scale `user`."""
    width, height = window
    grown = min(width / DESIGN_SIZE[0], height / DESIGN_SIZE[1]) * user
    most = min(width / SMALLEST_DESIGN[0], height / SMALLEST_DESIGN[1])
    fits = math.floor(most * QUANTUM + 1e-9) / QUANTUM  # rounded down: never less room
    return max(min(round(grown * QUANTUM) / QUANTUM, fits), 1 / QUANTUM)


def next_step(user: float, direction: int) -> float:
    """The next UI scale up (direction 1) or down (-1) from `user`, within the steps."""
    if direction > 0:
        return next((s for s in STEPS if s > user + 1e-9), STEPS[-1])
    return next((s for s in reversed(STEPS) if s < user - 1e-9), STEPS[0])


def scaled_widget_theme(design: dict, factor: float) -> dict:
    """The pygame_gui theme with every font size multiplied by `factor`.

    pygame_gui keeps a font per element kind once it has seen one, so the default font is also
    written out for each kind of widget the app makes; a reloaded theme then takes effect."""
    themed = copy.deepcopy(design)
    default = themed.get("defaults", {}).get("font")
    if default is not None:
        for kind in WIDGET_KINDS:
            themed.setdefault(kind, {}).setdefault("font", dict(default))
    for block in themed.values():
        font = block.get("font") if isinstance(block, dict) else None
        if font is not None and "size" in font:
            font["size"] = str(max(round(float(font["size"]) * factor), 6))
    return themed
