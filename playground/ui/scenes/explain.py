"""The explain scene: pages a person steps through, each a small interactive picture.

The scene only navigates (keys, Prev/Next buttons, clickable page titles) and hands the current
page its rectangle and events; everything a page shows lives in `playground.ui.explain`. Each page
keeps its widgets in a pygame_gui container of its own, shown only while the page is.
"""

from __future__ import annotations

import pygame
import pygame_gui

from playground.ui.explain import page_classes
from playground.ui.explain.kit.controls import WidgetPlace
from playground.ui.explain.kit.nav import draw_page_strip
from playground.ui.explain.kit.page import Page
from playground.ui.render import theme
from playground.ui.scenes.base import Scene

NAV_HEIGHT = 52
NAV_KEYS = (("Left / Right", "previous / next page"),)


class ExplainScene(Scene):
    name = "explain"
    title = "Explain"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.pages: list[Page] = [cls(self.session) for cls in page_classes()]
        self.index = 0
        self.prev_button: pygame_gui.elements.UIButton | None = None
        self.next_button: pygame_gui.elements.UIButton | None = None
        self._title_boxes: list[pygame.Rect] = []
        self._page_containers: list[pygame_gui.core.UIContainer] = []

    @property
    def keys(self) -> tuple[tuple[str, str], ...]:  # type: ignore[override]
        return NAV_KEYS + self.page.keys

    @property
    def page(self) -> Page:
        return self.pages[self.index]

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def set_page(self, n: int) -> None:
        """Show page `n`, counting from 1; ValueError naming the valid range otherwise."""
        if not (isinstance(n, int) and 1 <= n <= self.page_count):
            raise ValueError(f"page must be between 1 and {self.page_count}, got {n}")
        self.index = n - 1
        self._show_page_widgets()

    def turn(self, step: int) -> None:
        """One page on or back, stopping at the first and last, as a page's stages do."""
        self.index = min(max(self.index + step, 0), self.page_count - 1)
        self._show_page_widgets()

    def enter(self) -> None:
        super().enter()  # shows every page's container with the scene's
        self._show_page_widgets()

    def _show_page_widgets(self) -> None:
        """Only the page on screen shows its widgets (and gets their clicks); Prev and Next are
        greyed where there is no page to go to."""
        shown = self.app.scene is self
        for number, container in enumerate(self._page_containers):
            (container.show if shown and number == self.index else container.hide)()
        for button, there in (
            (self.prev_button, self.index > 0),
            (self.next_button, self.index < self.page_count - 1),
        ):
            if button is not None and button.is_enabled != there:
                (button.enable if there else button.disable)()

    # -- widgets and layout ---------------------------------------------------------------------
    def build(self, container: pygame_gui.core.UIContainer) -> None:
        dp = theme.px
        top = self.rect.height - dp(NAV_HEIGHT) + dp(10)
        self.prev_button = pygame_gui.elements.UIButton(
            pygame.Rect(dp(16), top, dp(96), dp(32)),
            "‹ Prev",
            self.app.ui,
            container=container,
            tool_tip_text="previous page (Left)",
        )
        self.next_button = pygame_gui.elements.UIButton(
            pygame.Rect(self.rect.width - dp(112), top, dp(96), dp(32)),
            "Next ›",
            self.app.ui,
            container=container,
            tool_tip_text="next page (Right)",
        )
        area = pygame.Rect(0, 0, self.rect.width, self.rect.height - dp(NAV_HEIGHT))
        self._page_containers = []
        for page in self.pages:
            box = pygame_gui.core.UIContainer(area, self.app.ui, container=container)
            page.mount(WidgetPlace(self.app.ui, box, self.rect.topleft))
            self._page_containers.append(box)
        self._show_page_widgets()

    def page_rect(self) -> pygame.Rect:
        nav = theme.px(NAV_HEIGHT)
        return pygame.Rect(self.rect.left, self.rect.top, self.rect.width, self.rect.height - nav)

    # -- events and frames ----------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.prev_button:
                self.turn(-1)
                return True
            if event.ui_element is self.next_button:
                self.turn(1)
                return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.turn(-1 if event.key == pygame.K_LEFT else 1)
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for number, box in enumerate(self._title_boxes, start=1):
                if box.collidepoint(event.pos):
                    self.set_page(number)
                    return True
        return self.page.handle_event(event)

    def update(self, dt: float, trace) -> None:
        self.page.real_time = self.app.clock.real_time
        self.page.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        self.page.presenting = self.app.presenting
        self.page.draw(surface, self.page_rect())
        self._draw_nav(surface)

    def _draw_nav(self, surface: pygame.Surface) -> None:
        nav = theme.px(NAV_HEIGHT)
        bar = pygame.Rect(self.rect.left, self.rect.bottom - nav, self.rect.width, nav)
        titles = [page.title for page in self.pages]
        self._title_boxes = draw_page_strip(surface, bar, titles, self.index)
