"""What every explain page shares: a title, its own keys shown on it, its widgets, and a layout
redone only on resize.

Pages are small self-contained pictures. The scene hands each one the rectangle it may paint and
forwards events; a page keeps its static layers cached for that rectangle and rebuilds them only
when the rectangle changes, so an idle page costs a few blits a frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from playground.ui.render import theme

if TYPE_CHECKING:
    from playground.core.session import Session
    from playground.ui.explain.kit.controls import Button, Slider, WidgetPlace

HEADER_HEIGHT = 64  # the page's heading and one line of caption
KEY_LINES, KEY_LINE = 3, 18  # the page's keys, right of the heading: at most 3 lines


class Page:
    title = ""
    caption = ""  # one plain sentence under the heading
    keys: tuple[tuple[str, str], ...] = ()  # (key, what it does) for the help overlay
    presenting = False  # set by the scene before each draw: only the picture, no key hints
    real_time = True  # set by the scene before each update: False headless, where frames
    # are exact app time and what a worker thread does must land on the same frame each run

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.body = pygame.Rect(0, 0, 0, 0)  # the rect below the heading
        self._arranged_at = 0.0  # the UI scale `arrange` last ran at (a change re-arranges)
        self.widget_place: WidgetPlace | None = None  # where its widgets go (see `mount`)

    def mount(self, place: WidgetPlace) -> None:
        """Make the page's widgets in `place` from now on (the scene calls this on every
        layout, which kills the old container); the next draw re-arranges and makes them."""
        self.widget_place = place
        self.rect = pygame.Rect(0, 0, 0, 0)

    def controls(self) -> list[Button | Slider]:
        """The page's buttons and sliders in force, so the base can keep their widgets in step."""
        return []

    def handle_event(self, event: pygame.event.Event) -> bool:
        """React to one event; return True when it was used up."""
        return False

    def update(self, dt: float) -> None:
        """Advance animations by `dt` seconds."""

    def draw(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        dp = theme.px
        if rect != self.rect or theme.scale() != self._arranged_at:
            self.rect, self._arranged_at = pygame.Rect(rect), theme.scale()
            header = dp(HEADER_HEIGHT)
            self.body = pygame.Rect(rect.left, rect.top + header, rect.width, rect.height - header)
            self.arrange()
        theme.blit_text(surface, self.title, (rect.left + dp(24), rect.top + dp(10)), 24, bold=True)
        if self.caption:
            at = (rect.left + dp(24), rect.top + dp(42))
            theme.blit_text(surface, self.caption, at, 16, theme.MUTED)
        if not self.presenting:  # presenter mode hides the controls these keys stand for
            self._draw_keys(surface)
        self.paint(surface)
        if self.widget_place is not None:
            controls = self.controls()
            before = [control.element for control in controls]
            for control in controls:
                control.sync(self.widget_place)
            if any(
                c.element is not None and c.element is not b
                for c, b in zip(controls, before, strict=True)
            ):
                # a widget made now (the page just came on screen) is laid out for this very
                # frame, so a screenshot taken at once has its buttons
                self.widget_place.ui.update(0.0)

    def _draw_keys(self, surface: pygame.Surface) -> None:
        """The page's own keys, top right, where a person looks for what to do (the ? overlay
        lists them too, but only for those who know to ask)."""
        dp = theme.px
        for i, (key, does) in enumerate(self.keys[:KEY_LINES]):
            at = (self.rect.right - dp(24), self.rect.top + dp(10) + i * dp(KEY_LINE))
            right = theme.blit_text(surface, does, at, 13, theme.MUTED, anchor="topright").left
            theme.blit_text(
                surface, f"{key}:", (right - dp(6), at[1]), 13, bold=True, anchor="topright"
            )

    def arrange(self) -> None:
        """Place things inside `self.body`; called when the page's rect or the UI scale
        changes. Lengths are design pixels through `theme.px`, so the page grows with the window."""

    def paint(self, surface: pygame.Surface) -> None:
        """Draw the page's picture inside `self.body`."""


def draw_paragraph(
    surface: pygame.Surface,
    content: str,
    topleft: tuple[int, int],
    width: int,
    size: int = 15,
    colour=theme.MUTED,
    bold: bool = False,
) -> int:
    """Word-wrap `content` into `width` pixels from `topleft`; returns the y below it.

    Not pygame-ce's `Font.render(..., wraplength=)`: measured on the pages' paragraphs it breaks
    3 of 12 at other words and sets lines 2 px tighter, so pages would change; this also draws
    each line through the theme's text cache."""
    x, y = topleft
    line = ""
    for word in content.split():
        trial = f"{line} {word}".strip()
        if line and theme.font(size, bold).size(trial)[0] > width:
            y = theme.blit_text(surface, line, (x, y), size, colour, bold).bottom + theme.px(2)
            line = word
        else:
            line = trial
    if line:
        y = theme.blit_text(surface, line, (x, y), size, colour, bold).bottom + theme.px(2)
    return y
