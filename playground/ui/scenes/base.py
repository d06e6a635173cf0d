"""The one scene interface: handle an event, update one fixed tick, draw.

A scene owns its widgets (inside one pygame_gui container it shows and hides) and decides what
happens; how things look is left to `playground.ui.render`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import pygame
import pygame_gui

if TYPE_CHECKING:
    from playground.core.nn import Trace
    from playground.core.session import Session
    from playground.ui.clock import FixedClock, FrameTiming, RealClock


class Host(Protocol):
    """What a scene may ask of the window that shows it (the App is one): the shared session,
    the widget manager and screen, the clock and the last frame's timing, which scene is on,
    whether presenter mode hides the controls, a scene switch and a refresh of the top bar.
    Scenes never hold the loop: they ask the host."""

    session: Session
    ui: pygame_gui.UIManager
    screen: pygame.Surface
    clock: RealClock | FixedClock
    timing: FrameTiming

    @property
    def scene(self) -> Scene: ...

    @property
    def presenting(self) -> bool: ...

    def request_scene(self, name: str) -> None: ...

    def controls_changed(self) -> None: ...


class Scene:
    name = ""  # used by --scene, the `scene` script action and the tabs
    title = ""
    keys: tuple[tuple[str, str], ...] = ()  # (key, what it does) for the help overlay
    claims_digit_keys = False  # True when digit keys mean something here (labels), not scenes
    # True when draw() paints every pixel of the scene's rect, so the app need not clear the
    # window first (a 1280x800 fill is a tenth of a train frame)
    paints_whole_area = False

    def __init__(self, app: Host) -> None:
        self.app = app
        self.session = app.session
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.container: pygame_gui.core.UIContainer | None = None

    def layout(self, rect: pygame.Rect) -> None:
        """(Re)build widgets for the scene's area; called at start and on every resize."""
        self.rect = rect
        if self.container is not None:
            self.container.kill()
        self.container = pygame_gui.core.UIContainer(rect, self.app.ui)
        self.build(self.container)
        if self.app.scene is not self:
            self.container.hide()

    def build(self, container: pygame_gui.core.UIContainer) -> None:
        """Create the scene's widgets inside `container` (coordinates relative to it)."""

    def enter(self) -> None:
        if self.container is not None:
            self.container.show()

    def leave(self) -> None:
        if self.container is not None:
            self.container.hide()

    def handle_event(self, event: pygame.event.Event) -> bool:
        """React to one event; return True when it was used up."""
        return False

    def update(self, dt: float, trace: Trace | None) -> None:
        """Advance one fixed tick; `trace` is this frame's training step, if any."""

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the scene's area (widgets are drawn afterwards by the UI manager)."""
