"""Mouse, touch and pen events over the on-screen canvas turned into strokes on the Canvas.

Screen pixels become canvas units (0..28 as floats, so the pen's own interpolation sees the
hand's real path); joining far-apart events is the pen's job, not this module's. One pointer
draws at a time: the mouse, or the first finger down. SDL also sends a mouse copy of every
touch (marked `touch`); those copies are ignored so a finger does not draw twice.
"""

from __future__ import annotations

import pygame

from playground.core.data.pen import Canvas
from playground.core.settings import IMAGE_SIDE

MOUSE = "mouse"
POINTER_EVENTS = (
    pygame.MOUSEBUTTONDOWN,
    pygame.MOUSEMOTION,
    pygame.MOUSEBUTTONUP,
    pygame.FINGERDOWN,
    pygame.FINGERMOTION,
    pygame.FINGERUP,
)


class PenInput:
    """Draws on `canvas` from pointer events over `rect`; `erasing` makes the left button erase."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.rect = pygame.Rect(0, 0, IMAGE_SIDE, IMAGE_SIDE)
        self.erasing = False
        self.cursor: tuple[int, int] | None = None  # the pointer on screen, for the pen outline
        self._pen: object = None  # MOUSE or a finger id while a stroke is open

    def to_canvas(self, pos: tuple[int, int]) -> tuple[float, float]:
        """Screen pixel -> canvas units at that pixel's centre (the pen clamps outside 0..28)."""
        scale = IMAGE_SIDE / self.rect.width
        return ((pos[0] - self.rect.left + 0.5) * scale, (pos[1] - self.rect.top + 0.5) * scale)

    def cancel(self) -> None:
        """Forget an open stroke (after undo, the canvas has already dropped it)."""
        self._pen = None

    def lift(self) -> None:
        """Finish any open stroke as drawn so far (the scene is being left mid-stroke)."""
        if self._pen is not None:
            self.canvas.end_stroke()
            self._pen = None
        self.cursor = None

    def handle(self, event: pygame.event.Event, window: tuple[int, int]) -> bool:
        """Use a pointer event if it draws; `window` is the screen size (fingers are 0..1)."""
        if event.type in (pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP):
            pos = (round(event.x * window[0]), round(event.y * window[1]))
            pen, down, up = event.finger_id, pygame.FINGERDOWN, pygame.FINGERUP
        elif getattr(event, "touch", False):
            return False  # SDL's mouse copy of a finger event
        else:
            pos, pen, down, up = event.pos, MOUSE, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP
            self.cursor = pos
        if event.type == down:
            button = getattr(event, "button", 1)
            if self._pen is not None or button not in (1, 3) or not self.rect.collidepoint(pos):
                return False
            self._pen = pen
            self.canvas.begin_stroke(*self.to_canvas(pos), erase=self.erasing or button == 3)
            return True
        if self._pen != pen or self._pen is None:
            return False
        if event.type == pygame.MOUSEMOTION and not _drawing_buttons(event):
            self.lift()  # the button came up where we could not see it (focus lost, outside)
            self.cursor = pos
            return True
        self.canvas.extend_stroke(*self.to_canvas(pos))
        if event.type == up:
            self.canvas.end_stroke()
            self._pen = None
        return True


def _drawing_buttons(event: pygame.event.Event) -> bool:
    """Whether a motion event has the left or right button held (True when it does not say)."""
    held = getattr(event, "buttons", None)
    return held is None or len(held) < 3 or bool(held[0] or held[2])
