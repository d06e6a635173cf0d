"""Pages told in stages: N and B (or two buttons) step through them, one stage on screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from playground.ui.explain.kit.controls import Button, Slider, place_row
from playground.ui.explain.kit.page import Page
from playground.ui.render import theme

if TYPE_CHECKING:
    from playground.core.session import Session


class StagedPage(Page):
    stages: tuple[str, ...] = ()  # one sentence per stage, shown beside the picture
    keys = (("N / B", "next / previous stage"),)

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.stage = 0
        self.buttons = [
            Button("‹ back", lambda: self.go(-1)),
            Button("next stage ›", lambda: self.go(1)),
        ]
        self._grey_ends()

    def controls(self) -> list[Button | Slider]:
        return list(self.buttons)

    def go(self, step: int) -> None:
        self.stage = min(max(self.stage + step, 0), len(self.stages) - 1)
        self._grey_ends()

    def _grey_ends(self) -> None:
        """Back is greyed at the first stage and next at the last: nothing to step to."""
        self.buttons[0].enabled = self.stage > 0
        self.buttons[1].enabled = self.stage < len(self.stages) - 1

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_n, pygame.K_b):
            self.go(1 if event.key == pygame.K_n else -1)
            return True
        return any(button.handle_event(event) for button in self.buttons)

    def place_stepper(self) -> None:
        """Put the two buttons at the top left of the body (call from `arrange`)."""
        place_row(self.buttons, self.body.left + theme.px(32), self.body.top + theme.px(12))

    def draw_stepper(self, surface: pygame.Surface) -> None:
        """'stage N of M' beside the two buttons (pygame_gui draws the buttons), not when
        presenting hides them (it floated alone)."""
        if self.presenting:
            return
        last = self.buttons[-1].rect
        theme.blit_text(
            surface,
            f"stage {self.stage + 1} of {len(self.stages)}",
            (last.right + theme.px(20), last.centery),
            15,
            theme.MUTED,
            anchor="midleft",
        )
