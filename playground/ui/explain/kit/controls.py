"""The pages' buttons and sliders: pygame_gui widgets, the same system as the rest of the app.

A page says where its controls go (`rect`, `place`) and what they do (`action`, `value`); the
widgets themselves live in the page's own pygame_gui container, which the explain scene shows
only while the page is on screen. `sync` (called by the page after it paints) makes the widget
match: made on first use or after a re-layout killed it, moved when the page re-arranged,
relabelled, selected. pygame_gui draws it after the scene, and reports clicks and drags as
events the page hands back here through `handle_event`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame
import pygame_gui

from playground.ui.render import theme

SLIDER_CLICKS = 40  # an arrow click moves a slider by 1/40 of its range


@dataclass(frozen=True)
class WidgetPlace:
    """Where a page's widgets are made: the UI manager and the page's container, whose top-left
    (`origin`, screen pixels) turns the page's screen rects into the container's own."""

    ui: pygame_gui.UIManager
    container: pygame_gui.core.UIContainer
    origin: tuple[int, int]

    def relative(self, rect: pygame.Rect) -> pygame.Rect:
        return rect.move(-self.origin[0], -self.origin[1])


class Button:
    """A labelled pygame_gui button that calls `action` when clicked; `selected` shows it
    filled (the theme's selected colours), for the choice in force; `enabled` False greys it
    (nothing to do: a stepper at its first or last stage)."""

    def __init__(self, label: str, action: Callable[[], None]) -> None:
        self.label = label
        self.action = action
        self.rect = pygame.Rect(0, 0, 0, 0)  # screen pixels; empty: not shown
        self.selected = False
        self.enabled = True
        self.element: pygame_gui.elements.UIButton | None = None
        self._shown: tuple | None = None  # (place, rect, label) the element was made for

    def width(self, size: int = 15) -> int:
        return theme.text(self.label, size).get_width() + theme.px(24)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.element:
            self.action()
            return True
        return False

    def sync(self, place: WidgetPlace) -> None:
        """Make the widget match the button: made, moved, relabelled, (un)selected."""
        wanted = (place, tuple(self.rect), self.label)
        alive = self.element is not None and self.element.alive()
        if not alive or wanted != self._shown:
            if self.element is not None:
                self.element.kill()
            self.element = None
            self._shown = wanted
            if self.rect.width <= 0:
                return
            self.element = pygame_gui.elements.UIButton(
                place.relative(self.rect), self.label, place.ui, container=place.container
            )
        if self.element is not None and self.element.is_selected != self.selected:
            (self.element.select if self.selected else self.element.unselect)()
        if self.element is not None and self.element.is_enabled != self.enabled:
            (self.element.enable if self.enabled else self.element.disable)()


def place_row(buttons: list[Button], left: int, top: int, height: int = 30, gap: int = 8) -> int:
    """Lay buttons out left to right from (left, top); returns the x after the last one.
    `height` and `gap` are design pixels."""
    for button in buttons:
        button.rect = pygame.Rect(left, top, button.width(), theme.px(height))
        left += button.rect.width + theme.px(gap)
    return left


class Slider:
    """A value between `low` and `high` set with a pygame_gui slider: its label on the left, the
    slider (drag the knob, or click the arrows) and the value on the right; a value that can
    take either sign shows it in the app's sign colours, blue + and orange −."""

    def __init__(self, label: str, low: float, high: float, value: float, fmt: str = "{:+.2f}"):
        self.label = label
        self.low, self.high = low, high
        self.value = value
        self.fmt = fmt
        self.rect = pygame.Rect(0, 0, 0, 0)  # the whole control: label, track and value
        self.track = pygame.Rect(0, 0, 0, 0)  # the pygame_gui slider
        self.element: pygame_gui.elements.UIHorizontalSlider | None = None
        self._shown: tuple | None = None  # (place, track) the element was made for
        self._agreed = value  # the value the widget last showed or reported

    def place(self, rect: pygame.Rect, label_width: int = 40, value_width: int = 64) -> None:
        """Label and value widths are design pixels; `rect` is in screen pixels."""
        self.rect = pygame.Rect(rect)
        label_w, value_w = theme.px(label_width), theme.px(value_width)
        height = min(rect.height, theme.px(24))
        top = rect.centery - height // 2
        self.track = pygame.Rect(rect.left + label_w, top, rect.width - label_w - value_w, height)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.element:
            self.value = round(min(max(float(event.value), self.low), self.high), 2)
            self._agreed = self.value
            return True
        return False

    def sync(self, place: WidgetPlace) -> None:
        """Make the widget match: made where the page placed it, showing the current value.
        Only a value the page set itself (a preset button) is pushed to the widget; one the
        widget moved to and has not reported yet is left alone."""
        wanted = (place, tuple(self.track))
        if self.element is None or not self.element.alive() or wanted != self._shown:
            if self.element is not None:
                self.element.kill()
            self.element, self._shown = None, wanted
            if self.track.width <= 0:
                return
            self.element = pygame_gui.elements.UIHorizontalSlider(
                place.relative(self.track),
                self.value,
                (self.low, self.high),
                place.ui,
                container=place.container,
                click_increment=(self.high - self.low) / SLIDER_CLICKS,
            )
            self._agreed = self.value
        if self.element is not None and self.value != self._agreed:
            self.element.set_current_value(self.value, warn=False)
            self._agreed = self.value

    def draw(self, surface: pygame.Surface) -> None:
        """The label and the value; pygame_gui draws the slider itself."""
        theme.blit_text(
            surface, self.label, (self.rect.left, self.rect.centery), 16, anchor="midleft"
        )
        colour = theme.INK
        if self.low < 0 < self.high and self.value != 0:  # a signed value shows its sign's colour
            colour = theme.NEGATIVE if self.value < 0 else theme.POSITIVE
        at = (self.rect.right, self.rect.centery)
        theme.blit_text(surface, self.fmt.format(self.value), at, 16, colour, anchor="midright")
