"""The loop: one window, one active scene, training interleaved with drawing at 60 fps.

The clock and the output surface are injected, so the window, the tests, the benchmark and
headless video all run this same loop. Scene changes are requests applied between frames.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pygame

from playground.core.memory import freeze_long_lived, release_freed_memory, thaw
from playground.core.session import Session
from playground.demo.script_parse import split_key
from playground.demo.studio import Studio
from playground.files import session_file
from playground.ui.clock import FRAME, FixedClock, FrameTiming, RealClock
from playground.ui.gui_manager import ui_manager
from playground.ui.render import theme
from playground.ui.scenes.base import Scene
from playground.ui.scenes.draw import DrawScene
from playground.ui.scenes.explain import ExplainScene
from playground.ui.scenes.train import TrainScene
from playground.ui.shell import BAR_HEIGHT, STATUS_HEIGHT, HelpOverlay, StatusLine, TopBar
from playground.ui.ui_scale import MIN_WINDOW, fitting_scale, next_step, scaled_widget_theme

DEFAULT_SIZE = (1280, 800)
MIN_SIZE = MIN_WINDOW
SCENES = (DrawScene, TrainScene, ExplainScene)
KEY_MODIFIER_BITS = {
    "ctrl": pygame.KMOD_LCTRL,
    "shift": pygame.KMOD_LSHIFT,
    "alt": pygame.KMOD_LALT,
}
ZOOM_KEYS = {  # with Ctrl: UI scale up, down, back to 100% (keypad keys too)
    pygame.K_EQUALS: 1,
    pygame.K_PLUS: 1,
    pygame.K_KP_PLUS: 1,
    pygame.K_MINUS: -1,
    pygame.K_KP_MINUS: -1,
    pygame.K_0: 0,
    pygame.K_KP_0: 0,
}


class App:
    def __init__(
        self,
        session: Session,
        *,
        size: tuple[int, int] = DEFAULT_SIZE,
        clock=None,
        scene: str = "draw",
        screenshot_dir: Path = Path("screenshots"),
        ui_scale: float = 1.0,
    ) -> None:
        # Windows would otherwise draw the window at 96 dpi and stretch it (soft text): ask for
        # real pixels, and let the UI scale make things big
        os.environ.setdefault("SDL_WINDOWS_DPI_AWARENESS", "permonitorv2")
        pygame.display.init()  # not pygame.init(): no audio device is needed or wanted
        pygame.font.init()
        self.session = session
        self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.display.set_caption("playground: watch a network learn digits")
        headless = os.environ.get("SDL_VIDEODRIVER") == "dummy"
        self.clock = clock or (FixedClock() if headless else RealClock())
        self.screenshot_dir = screenshot_dir
        self.sessions_dir = session_file.FOLDER  # Ctrl+S saves here, Ctrl+O loads from here
        self.ui = ui_manager(size)  # pygame_gui's, with its theming-id cache kept small
        self.ui.add_font_paths("noto", str(theme.FONT_REGULAR), str(theme.FONT_BOLD))
        self._widget_theme = theme.widget_theme()
        self.ui_scale = ui_scale  # the user's choice; theme.scale() is what is drawn
        self._widget_factor: float | None = None  # the scale the widget theme was loaded at
        self.frame = 0
        self.timing = FrameTiming()
        self.script = None  # a ScriptRunner when --script drives the app
        self.quitting = False
        self.exit_code = 0
        self.scenes: dict[str, Scene] = {cls.name: cls(self) for cls in SCENES}
        self.scene: Scene = self.scenes[scene]
        self._requested: str | None = None
        self.studio = Studio(self)  # recording, presenter mode, captions
        self.top_bar = TopBar(self)
        self.status = StatusLine(self)
        self.help = HelpOverlay(self)
        self._layout(size)
        self.scene.enter()

    # -- requests from keys, buttons and scripts ----------------------------------------------
    @property
    def presenting(self) -> bool:
        """Presenter mode (H): only the picture, no controls (part of the scenes' Host)."""
        return self.studio.presenting

    def controls_changed(self) -> None:
        """A scene changed what the top bar's buttons show (speed, running): refresh them."""
        self.top_bar.sync()

    def request_scene(self, name: str) -> None:
        if name not in self.scenes:
            raise ValueError(f"unknown scene {name!r}; known: {', '.join(self.scenes)}")
        self._requested = name

    def press_key(self, name: str) -> None:
        """Queue a key press as if typed (used by scripts), with modifiers held for names such
        as 'ctrl+='; raises ValueError for unknown names."""
        held, name = split_key(name)
        code = pygame.key.key_code(name)
        mod = 0
        for modifier in held:
            mod |= KEY_MODIFIER_BITS[modifier]
        unicode = name if len(name) == 1 and not mod & pygame.KMOD_CTRL else ""
        for kind in (pygame.KEYDOWN, pygame.KEYUP):
            pygame.event.post(
                pygame.event.Event(kind, key=code, mod=mod, unicode=unicode, scancode=0)
            )

    def screenshot(self, path: Path | None = None) -> Path:
        """Save the current frame as PNG (atomically) and return where it went."""
        if path is None:
            path = self.screenshot_dir / time.strftime("playground-%Y%m%d-%H%M%S.png")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.stem}.partial.png")
        try:
            pygame.image.save(self.screen, str(partial))
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
            raise
        return path

    def report(self) -> dict:
        return {
            "frame": self.frame,
            "scene": self.scene.name,
            **self.session.report(),
            "ui_scale": self.ui_scale,
            "drawn_scale": theme.scale(),
        }

    def set_ui_scale(self, value: float) -> None:
        """Draw everything `value` times bigger than the window alone asks for; says the result."""
        self.ui_scale = value
        self._layout(self.screen.get_size())
        shown = theme.scale() / fitting_scale(self.screen.get_size(), 1.0)
        note = "" if abs(shown - value) < 0.03 else f" (shown at {shown:.0%}: the window is full)"
        self.session.say(f"UI scale {value:.0%}{note}; Ctrl+= / Ctrl+- / Ctrl+0 to change it")

    def resize(self, size: tuple[int, int]) -> None:
        """Lay everything out for a window of `size` (what the window manager's resize does)."""
        self._layout(size)

    def quit(self, code: int = 0) -> None:
        self.quitting, self.exit_code = True, code

    # -- the loop ------------------------------------------------------------------------------
    def run(self, frames: int | None = None) -> int:
        """Run until quit, the script ends, or `frames` frames have been shown."""
        try:
            while not self.quitting and (frames is None or self.frame < frames):
                self.step()
                if self.frame == 1:  # the app is up: its long-lived objects stay put
                    freeze_long_lived()
                if not self.quitting:
                    self.clock.wait()
        finally:
            self.studio.close()  # a recording in progress is finished, even after an error
            thaw()
        return self.exit_code

    def step(self) -> None:
        """One whole frame: events, script, training, update, draw, present."""
        dt = FRAME
        t0 = time.perf_counter()
        self._apply_requests()
        for event in pygame.event.get():
            self._handle(event)
        if self.script is not None:
            self.script.advance()
        self._apply_requests()
        t1 = time.perf_counter()
        trace = self.session.tick()
        t2 = time.perf_counter()
        self.scene.update(dt, trace)
        self.top_bar.update()
        self.ui.update(dt)
        self.draw()
        self.studio.capture(self.screen)
        t3 = time.perf_counter()
        self.studio.draw_recording_light(self.screen)  # after the capture: not in the video
        pygame.display.flip()
        self.timing = FrameTiming(t1 - t0, t2 - t1, t3 - t2, time.perf_counter() - t3)
        self.frame += 1

    def draw(self) -> None:
        if self.studio.presenting or not self.scene.paints_whole_area:  # else all is painted
            self.screen.fill(theme.PAPER)
        self.scene.draw(self.screen)
        if not self.studio.presenting:  # presenter mode shows only the picture
            self.top_bar.draw(self.screen)
            self.status.draw(self.screen)
            self.ui.draw_ui(self.screen)
        self.studio.draw_caption(self.screen)
        self.help.draw(self.screen)

    def _apply_requests(self) -> None:
        if self._requested and self._requested != self.scene.name:
            self.scene.leave()
            self.scene = self.scenes[self._requested]
            self.scene.enter()
            release_freed_memory()  # what the last scene let go of (side runs, caches)
            self.top_bar.sync()
        self._requested = None

    def _layout(self, size: tuple[int, int]) -> None:
        width, height = max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1])
        self.screen = pygame.display.get_surface()
        if self.screen.get_size() != (width, height):
            self.screen = pygame.display.set_mode((width, height), pygame.RESIZABLE)
        self.ui.set_window_resolution((width, height))
        factor = fitting_scale((width, height), self.ui_scale)
        if factor != self._widget_factor:  # widgets made from now on get the scaled fonts
            self.ui.get_theme().load_theme(scaled_widget_theme(self._widget_theme, factor))
            self._widget_factor = factor
        theme.set_scale(factor)
        bar, status = theme.px(BAR_HEIGHT), theme.px(STATUS_HEIGHT)
        self.top_bar.layout(pygame.Rect(0, 0, width, bar))
        area = pygame.Rect(0, bar, width, height - bar - status)
        for scene in self.scenes.values():
            scene.layout(area)
        self.status.layout(pygame.Rect(0, height - status, width, status))

    def _handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self._layout((event.w, event.h))
            return
        if event.type == pygame.DROPFILE:  # a dropped image goes onto the canvas from anywhere
            self.request_scene("draw")
            self.scenes["draw"].load_file(Path(event.file))
            return
        if self.help.handle_event(event):
            return
        if not self.studio.presenting and self.ui.process_events(event):
            return
        if self.top_bar.handle_event(event):
            return
        if event.type == pygame.KEYDOWN and self._global_key(event):
            return
        self.scene.handle_event(event)

    def _global_key(self, event: pygame.event.Event) -> bool:
        ctrl = event.mod & pygame.KMOD_CTRL
        if event.key == pygame.K_q and ctrl:
            self.quit()
        elif event.key == pygame.K_s and ctrl:
            session_file.save_and_say(self.session, self.sessions_dir)
        elif event.key == pygame.K_o and ctrl:
            session_file.load_newest_and_say(self.session, self.sessions_dir)
            self.top_bar.sync()
        elif ctrl and event.key in ZOOM_KEYS:
            step = ZOOM_KEYS[event.key]
            self.set_ui_scale(next_step(self.ui_scale, step) if step else 1.0)
        elif event.key == pygame.K_TAB:
            names = list(self.scenes)
            step = -1 if event.mod & pygame.KMOD_SHIFT else 1
            self.request_scene(names[(names.index(self.scene.name) + step) % len(names)])
        elif event.key in (pygame.K_1, pygame.K_2, pygame.K_3) and not (
            self.scene.claims_digit_keys or ctrl
        ):
            self.request_scene(list(self.scenes)[event.key - pygame.K_1])
        elif event.key == pygame.K_SPACE:
            self.session.toggle_training()
            self.top_bar.sync()
        elif event.key == pygame.K_F9:
            self.studio.toggle_recording(gif=bool(event.mod & pygame.KMOD_SHIFT))
            self.top_bar.sync()
        elif event.key == pygame.K_h and not (ctrl or event.mod & pygame.KMOD_ALT):
            self.studio.toggle_presenting()
        elif event.key == pygame.K_F12:
            try:
                self.session.say(f"screenshot saved to {self.screenshot()}")
            except (OSError, pygame.error) as error:  # a read-only folder, a full disk
                reason = getattr(error, "strerror", None) or error
                self.session.say(f"cannot save a screenshot in {self.screenshot_dir}: {reason}")
        elif event.unicode == "?" or event.key == pygame.K_QUESTION:
            self.help.toggle()
        else:
            return False
        return True
