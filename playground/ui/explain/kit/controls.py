"""Tiny on-page controls (buttons, sliders) drawn by hand so a page owns them fully.

Pages are rebuilt on every resize and switched every few seconds; hand-drawn controls avoid
creating and killing pygame_gui widgets for that and keep each page one self-contained object.
Their text goes through the theme's text cache, so an unchanged label is never rendered twice.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from playground.ui.render import theme


class Button:
    """A labelled rectangle that calls `action` when clicked; `selected` draws it filled."""

    def __init__(self, label: str, action: Callable[[], None]) -> None:
        self.label = label
        self.action = action
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.selected = False

    def width(self, size: int = 15) -> int:
        return theme.text(self.label, size).get_width() + theme.px(24)

    def handle_event(self, event: pygame.event.Event) -> bool:
        hit = event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
        if hit and self.rect.collidepoint(event.pos):
            self.action()
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        fill, text = (theme.INK, theme.PAPER) if self.selected else (theme.PANEL, theme.INK)
        pygame.draw.rect(surface, fill, self.rect, border_radius=theme.px(6))
        pygame.draw.rect(surface, theme.MUTED, self.rect, 1, border_radius=theme.px(6))
        theme.blit_text(surface, self.label, self.rect.center, 15, text, anchor="center")


def place_row(buttons: list[Button], left: int, top: int, height: int = 30, gap: int = 8) -> int:
    """Lay buttons out left to right from (left, top); returns the x after the last one.
    `height` and `gap` are design pixels."""
    for button in buttons:
        button.rect = pygame.Rect(left, top, button.width(), theme.px(height))
        left += button.rect.width + theme.px(gap)
    return left


class Slider:
    """A horizontal track with a knob: drag or click to set a value between `low` and `high`."""

    def __init__(self, label: str, low: float, high: float, value: float, fmt: str = "{:+.2f}"):
        self.label = label
        self.low, self.high = low, high
        self.value = value
        self.fmt = fmt
        self.rect = pygame.Rect(0, 0, 0, 0)  # the whole control: label, track and value
        self.track = pygame.Rect(0, 0, 0, 0)
        self.dragging = False

    def place(self, rect: pygame.Rect, label_width: int = 40, value_width: int = 64) -> None:
        """Label and value widths are design pixels; `rect` is in screen pixels."""
        self.rect = pygame.Rect(rect)
        label_w, value_w, dp = theme.px(label_width), theme.px(value_width), theme.px
        track_w = rect.width - label_w - value_w
        self.track = pygame.Rect(rect.left + label_w, rect.centery - dp(3), track_w, dp(6))

    def knob_x(self) -> int:
        t = (self.value - self.low) / (self.high - self.low)
        return round(self.track.left + t * self.track.width)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            hit = self.track.inflate(theme.px(16), theme.px(24))
            if hit.collidepoint(event.pos):
                self.dragging = True
                self._follow(event.pos[0])
                return True
        elif event.type == pygame.MOUSEMOTION and self.dragging:
            self._follow(event.pos[0])
            return True
        elif event.type == pygame.MOUSEBUTTONUP and self.dragging:
            self.dragging = False
            return True
        return False

    def _follow(self, x: int) -> None:
        t = min(max((x - self.track.left) / max(self.track.width, 1), 0.0), 1.0)
        self.value = round(self.low + t * (self.high - self.low), 2)

    def draw(self, surface: pygame.Surface) -> None:
        theme.blit_text(
            surface, self.label, (self.rect.left, self.rect.centery), 16, anchor="midleft"
        )
        dp = theme.px
        pygame.draw.rect(surface, theme.GRID, self.track, border_radius=dp(3))
        zero = self.low < 0 < self.high
        if zero:
            x0 = round(self.track.left + -self.low / (self.high - self.low) * self.track.width)
            pygame.draw.line(
                surface, theme.MUTED, (x0, self.track.top - dp(4)), (x0, self.track.bottom + dp(3))
            )
        colour = theme.NEGATIVE if zero and self.value < 0 else theme.POSITIVE
        pygame.draw.circle(surface, colour, (self.knob_x(), self.track.centery), dp(9))
        pygame.draw.circle(surface, theme.INK, (self.knob_x(), self.track.centery), dp(9), 1)
        theme.blit_text(
            surface,
            self.fmt.format(self.value),
            (self.rect.right, self.rect.centery),
            16,
            anchor="midright",
        )
