"""What stays on screen in every scene: the tab bar with training controls, the status line and
the help overlay that lists every key."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from playground.core.training.figures import FEW_HELD_OUT
from playground.ui.render import theme

if TYPE_CHECKING:
    from playground.ui.app import App

BAR_HEIGHT = 48
STATUS_HEIGHT = 28
MESSAGE_FRAMES = 10 * 60  # a message shows for 10 s of frames, then the line gives the hint
GLOBAL_KEYS = (
    ("Tab / 1 2 3", "switch scene (digit keys label digits in the draw scene)"),
    ("Space", "start or pause training"),
    ("?", "show or hide this help"),
    ("F12", "save a screenshot to screenshots/"),
    ("F9 / Shift+F9", "record the window to captures/ as MP4 / GIF; again to stop"),
    ("H", "presenter mode: hide the controls, show only the picture"),
    ("Ctrl+S / Ctrl+O", "save the session to sessions/ / load the newest saved one"),
    ("Ctrl+= / - / 0", "bigger / smaller text and picture; back to 100%"),
    ("Ctrl+Q", "quit"),
)


class TopBar:
    """Scene tabs on the left, train / step / reset on the right, live numbers between."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.tabs: dict[str, pygame_gui.elements.UIButton] = {}
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self._shown: tuple | None = None  # (scene, running) the widgets last showed

    def layout(self, rect: pygame.Rect) -> None:
        self.rect = rect
        for widget in (*self.tabs.values(), *self.buttons.values()):
            widget.kill()
        px = theme.px
        x = px(12)
        for number, (name, scene) in enumerate(self.app.scenes.items(), start=1):
            self.tabs[name] = pygame_gui.elements.UIButton(
                pygame.Rect(x, px(8), px(120), px(32)),
                f"{number}  {scene.title}",
                self.app.ui,
                object_id="#tab",
                tool_tip_text=f"{scene.title} scene (key {number}, or Tab)",
            )
            x += px(126)
        right = rect.right - px(12)
        for name, label, width, tip in (
            ("help", "?", 36, "every key, on one page"),
            ("reset", "Reset", 76, "fresh random weights"),
            ("step", "Step", 64, "one training step"),
            ("train", "Train", 96, "start or pause training (Space)"),
            ("record", "Record", 84, "record the window to captures/ as MP4 (F9)"),
        ):
            right -= px(width)
            self.buttons[name] = pygame_gui.elements.UIButton(
                pygame.Rect(right, px(8), px(width), px(32)), label, self.app.ui, tool_tip_text=tip
            )
            right -= px(6)
        self.sync()

    def sync(self) -> None:
        """Make the widgets show the state: selected tab, Train vs Pause."""
        self._shown = self._state()
        for name, tab in self.tabs.items():
            tab.select() if name == self.app.scene.name else tab.unselect()
        train = self.buttons["train"]
        train.set_text("Pause" if self.app.session.running else "Train")
        self.buttons["record"].set_text("Stop rec" if self.app.studio.recording_live else "Record")

    def _state(self) -> tuple:
        return self.app.scene.name, self.app.session.running, self.app.studio.recording_live

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        for name, tab in self.tabs.items():
            if event.ui_element is tab:
                self.app.request_scene(name)
                return True
        session = self.app.session
        actions = {
            "train": session.toggle_training,
            "step": lambda: self.app.session.step_once(),
            "reset": session.reset,
            "help": self.app.help.toggle,
            "record": self.app.studio.toggle_recording,
        }
        for name, button in self.buttons.items():
            if event.ui_element is button:
                actions[name]()
                self.sync()
                return True
        return False

    def update(self) -> None:
        """Before the UI redraws its widgets: training and recording can stop by themselves
        (`train N`, divergence, a failed encoder), and the buttons must say so this frame."""
        if self._shown != self._state():
            self.sync()

    def draw(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, theme.PANEL, self.rect)
        pygame.draw.line(surface, theme.GRID, self.rect.bottomleft, self.rect.bottomright)
        trainer = self.app.session.trainer
        acc = trainer.val_acc
        parts = [f"step {trainer.steps:,}", f"epoch {trainer.epoch}"]
        if acc is None:
            parts.append("val acc –")
        elif trainer.val_count < FEW_HELD_OUT:  # "100.0%" of three digits claimed a precision
            parts.append(f"val acc {acc:.0%} of {trainer.val_count}")
        else:
            parts.append(f"val acc {acc:.1%}")
        if trainer.diverged:
            parts.append("diverged: lower the rate, then press R")
        left = max(tab.relative_rect.right for tab in self.tabs.values()) + theme.px(16)
        right = min(button.relative_rect.left for button in self.buttons.values()) - theme.px(12)
        colour = theme.BAD if trainer.diverged else theme.MUTED
        while len(parts) > 1 and theme.font(15).size("   ·   ".join(parts))[0] > right - left:
            parts.pop(1)  # a narrow window drops the epoch first, then the accuracy
        theme.blit_text(
            surface, "   ·   ".join(parts), (left, self.rect.centery), 15, colour, anchor="midleft"
        )


class StatusLine:
    """The newest message (saved files, skipped samples, refused settings) along the bottom."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._fitted: tuple[tuple, str, bool] | None = None  # (message, room, scale): shown
        self._said = 0  # the session's message count when the newest appeared...
        self._age = 0  # ...and how many frames it has shown since

    def layout(self, rect: pygame.Rect) -> None:
        self.rect = rect

    def draw(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, theme.PANEL, self.rect)
        messages = self.app.session.messages
        if self.app.session.said != self._said:
            self._said, self._age = self.app.session.said, 0
        self._age += 1
        if self._age > MESSAGE_FRAMES:  # old news (a refused key, a saved file) makes way
            messages = []
        hint = "Press ? for every key"
        text = messages[-1] if messages else hint
        left = theme.px(12)
        room = self.rect.width - 2 * left
        width = theme.font(14).size
        # the message comes first: the hint gives way when both do not fit, and a message too
        # long for the whole line is cut short with an ellipsis rather than run off the window
        key = (text, room, theme.scale())
        if self._fitted is None or self._fitted[0] != key:  # measured once per message
            fits = bool(messages) and width(text)[0] + theme.px(24) + width(hint)[0] <= room
            shown = text
            if width(shown)[0] > room:
                while shown and width(shown + "…")[0] > room:
                    shown = shown[:-1]
                shown += "…"
            self._fitted = (key, shown, fits)
        _, text, with_hint = self._fitted
        theme.blit_text(surface, text, (left, self.rect.centery), 14, theme.INK, anchor="midleft")
        if with_hint:
            theme.blit_text(
                surface,
                hint,
                (self.rect.right - left, self.rect.centery),
                14,
                theme.MUTED,
                anchor="midright",
            )


class HelpOverlay:
    """Every key of the app and of the current scene, on one card over the picture."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.visible = False
        self._shade: pygame.Surface | None = None

    def toggle(self) -> None:
        self.visible = not self.visible

    def handle_event(self, event: pygame.event.Event) -> bool:
        """While shown, Escape or ? closes it and swallows that key."""
        if (
            self.visible
            and event.type == pygame.KEYDOWN
            and (event.key == pygame.K_ESCAPE or event.unicode == "?")
        ):
            self.visible = False
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        if not self.visible:
            return
        scene = self.app.scene
        sections = (("Everywhere", GLOBAL_KEYS), (f"{scene.title} scene", scene.keys))
        rows = sum(len(keys) + 2 for _, keys in sections)
        px = theme.px
        widest = max(
            theme.text(meaning, 15).get_width() for _, keys in sections for _, meaning in keys
        )
        width = min(max(px(720), px(220) + widest + px(40)), surface.get_width() - px(16))
        card = pygame.Rect(0, 0, width, px(40) + rows * px(26))
        card.center = surface.get_rect().center
        if self._shade is None or self._shade.get_size() != surface.get_size():
            self._shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            self._shade.fill((43, 40, 36, 110))
        surface.blit(self._shade, (0, 0))
        pygame.draw.rect(surface, theme.PAPER, card, border_radius=10)
        pygame.draw.rect(surface, theme.INK, card, 2, border_radius=10)
        y = card.top + px(20)
        for heading, keys in sections:
            theme.blit_text(surface, heading, (card.left + px(28), y), 18, bold=True)
            y += px(34)
            for key, meaning in keys:
                x = card.left + px(40)
                theme.blit_text(surface, key, (x, y), 15, theme.POSITIVE, bold=True)
                theme.blit_text(surface, meaning, (card.left + px(220), y), 15)
                y += px(26)
            y += px(18)
        theme.blit_text(
            surface,
            "Esc or ? closes this",
            (card.centerx, card.bottom - px(10)),
            13,
            theme.MUTED,
            anchor="midbottom",
        )
