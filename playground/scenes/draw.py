"""The draw scene: a person draws digits, labels and keeps them, and watches the guess.

The canvas is the 28x28 grid the network reads, shown large; beside it the same drawing after
preprocessing (what the network really sees) and the network's live guess, which moves while
training runs in the background. On the right, the person's own samples per digit. Collect
mode asks for one digit after another, so a few dozen samples take a couple of minutes.

Everything the scene does goes through the Session (canvas, labels, saving, deleting); the
pictures come from `playground.render`.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui

from playground.config import IMAGE_SIDE
from playground.imagefile import ImageFileError, canvas_image
from playground.render import theme
from playground.render.canvas_view import CanvasView, InputView
from playground.render.draw_panel import GUESS_HEAD, draw_guess, draw_header, draw_input_caption
from playground.scenes.base import Scene
from playground.scenes.button_row import button_row
from playground.scenes.draw_controls import (
    ACTION_KEYS,
    DIGIT_KEYS,
    KEYS,
    LABELS,
    MIX_CHOICES,
    MIX_SAYS,
    SAMPLE_ACTIONS,
    TOOLS,
    VIEW_TOGGLES,
)
from playground.scenes.pen_input import POINTER_EVENTS, PenInput
from playground.scenes.samples_panel import SamplesPanel

ROW = 34  # height of a row of buttons
GAP = 8
HEADER = 48  # the line above the canvas saying what to draw
CAPTION = 48  # the two lines above the 'network sees' view
MIX_LABEL = 80  # room for 'Train on' before the mix buttons
BAR_MIN = 30  # the least height per digit the bars get before the view shrinks


class DrawScene(Scene):
    name = "draw"
    title = "Draw"
    claims_digit_keys = True
    keys = KEYS

    def __init__(self, app) -> None:
        super().__init__(app)
        self.collecting = False
        self.collected = 0  # samples saved since collect mode was switched on
        self.show_sensitivity = False
        self.pen = PenInput(app.session.canvas)
        self.samples = SamplesPanel(app.session, self.choose_label)
        self.canvas_view, self.input_view = CanvasView(), InputView()
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self._synced: tuple | None = None
        self.canvas_rect = self.column_rect = pygame.Rect(0, 0, 0, 0)

    # -- layout -------------------------------------------------------------------------------
    def build(self, container: pygame_gui.core.UIContainer) -> None:
        area = self.rect
        controls = 12 + 2 * ROW + GAP  # the two rows of buttons under the canvas
        side = min(476, area.height - HEADER - controls - 16) // IMAGE_SIDE * IMAGE_SIDE
        top = area.top + HEADER + max(0, (area.height - HEADER - side - controls) // 2)
        self.canvas_rect = pygame.Rect(area.left + 24, top, side, side)
        self.pen.rect = self.canvas_rect
        last_row = self.canvas_rect.bottom + controls - ROW  # the label buttons' row
        col2 = min(320, int((area.right - self.canvas_rect.right - 104) * 0.5))
        # the guess takes what the 'network sees' view leaves; see _place_input_view
        self.column_rect = pygame.Rect(self.canvas_rect.right + 40, top, col2, last_row - top)
        right = self.column_rect.right + 40
        mix_row = last_row - ROW - GAP
        gallery = pygame.Rect(right, top, area.right - 24 - right, mix_row - GAP - top)
        self.samples.rect = gallery
        self.buttons = {}
        left, width = self.canvas_rect.left, self.canvas_rect.width
        for x, y, w, specs in (
            (left, self.canvas_rect.bottom + 12, width, TOOLS),
            (left, last_row, width, LABELS),
            (self.column_rect.left, last_row, col2, VIEW_TOGGLES),
            (gallery.left, last_row, min(gallery.width, 360), SAMPLE_ACTIONS),
            (gallery.left + MIX_LABEL, mix_row, min(gallery.width, 360) - MIX_LABEL, MIX_CHOICES),
        ):
            self.buttons |= button_row(self.app.ui, container, pygame.Rect(x, y, w, ROW), specs)
        self._synced = None

    def _place_input_view(self) -> tuple[pygame.Rect, pygame.Rect]:
        """Split the middle column: the guess on top, the 'network sees' view above its toggles.

        The view is as large as 8 px per cell when the bars leave room, down to 4 px per cell
        when many digits are in play."""
        column = self.column_rect
        bars = BAR_MIN * len(self.session.settings.digits)
        room = column.height - GAP - CAPTION - GUESS_HEAD - bars
        side = min(max(room // IMAGE_SIDE, 4), 8, column.width // IMAGE_SIDE) * IMAGE_SIDE
        view = pygame.Rect(column.left, column.bottom - GAP - side, side, side)
        guess = pygame.Rect(column.left, column.top, column.width, view.top - CAPTION - column.top)
        return guess, view

    def leave(self) -> None:
        self.pen.lift()
        super().leave()

    # -- events -------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        kind = event.type
        if kind == pygame_gui.UI_BUTTON_PRESSED:
            return self._pressed(event.ui_element)
        if kind in POINTER_EVENTS:
            if self.pen.handle(event, self.app.screen.get_size()):
                return True
            return kind in (pygame.MOUSEBUTTONDOWN, pygame.FINGERDOWN) and self._click(event)
        if kind == pygame.MOUSEWHEEL:
            return self.samples.scroll(self.pen.cursor, event.y)
        if kind == pygame.WINDOWLEAVE:
            self.pen.cursor = None
        if kind == pygame.WINDOWFOCUSLOST:
            self.pen.lift()  # the button may come up in another window: never stay stuck down
        if kind == pygame.DROPFILE:
            self.load_file(Path(event.file))
            return True
        return kind == pygame.KEYDOWN and self._key(event)

    def _click(self, event: pygame.event.Event) -> bool:
        """A left click or a tap outside the canvas goes to the samples panel (SDL also sends
        the wheel as buttons 4 and 5, which must not pick samples while scrolling)."""
        if event.type == pygame.FINGERDOWN:
            width, height = self.app.screen.get_size()
            return self.samples.click((round(event.x * width), round(event.y * height)))
        return event.button == 1 and self.samples.click(event.pos)

    def _key(self, event: pygame.event.Event) -> bool:
        ctrl = event.mod & pygame.KMOD_CTRL
        if event.key in DIGIT_KEYS and not ctrl:
            self.choose_label(DIGIT_KEYS[event.key])
            return True
        if ctrl:
            return event.key == pygame.K_z and self._action("undo")
        return event.key in ACTION_KEYS and self._action(ACTION_KEYS[event.key])

    def _pressed(self, element) -> bool:
        name = next((n for n, button in self.buttons.items() if button is element), None)
        if name is None:
            return False
        if name.startswith("label"):
            self.choose_label(int(name[5:]))
            return True
        if name.startswith("mix_"):
            self.set_mix(name[4:])
            return True
        return self._action(name)

    def _action(self, name: str) -> bool:
        session = self.session
        if name == "eraser":
            self.pen.erasing = not self.pen.erasing
        elif name == "undo":
            self.pen.cancel()
            if not session.canvas.undo():
                session.say("nothing to undo on the canvas")
        elif name == "clear":
            self.pen.cancel()
            session.canvas.clear()
        elif name == "save":
            self.save()
        elif name == "collect":
            self.set_collecting(not self.collecting)
        elif name in ("normalize", "deskew"):
            session.set(name, "off" if getattr(session.settings, name) else "on")
            session.say(f"{name} {'on' if getattr(session.settings, name) else 'off'}")
        elif name == "sensitivity":
            self.show_sensitivity = not self.show_sensitivity
        elif name == "delete":
            self.samples.delete_selected()
        elif name == "restore":
            self.samples.restore()
        elif name == "mix":
            mixes = list(MIX_SAYS)
            self.set_mix(mixes[(mixes.index(session.settings.mix) + 1) % len(mixes)])
        return True

    # -- what the buttons and keys do ---------------------------------------------------------
    def choose_label(self, digit: int) -> None:
        """Label the drawing `digit`; the gallery shows that digit's samples."""
        if digit != self.session.label:
            self.samples.page, self.samples.selected = 0, None
        self.session.label = digit
        if digit not in self.session.settings.digits:
            played = ",".join(map(str, self.session.settings.digits))
            self.session.say(
                f"{digit} is not in play (digits {played}): its samples are kept "
                "but trained only once it is"
            )

    def set_mix(self, mix: str) -> None:
        """Which samples train: the starter set, the user's own, or both."""
        self.session.set("mix", mix)
        self.session.say(MIX_SAYS[mix])

    def set_collecting(self, on: bool) -> None:
        self.collecting, self.collected = on, 0
        digits = self.session.settings.digits
        if on and self.session.label not in digits:
            self.choose_label(digits[0])

    def save(self) -> None:
        if self.session.save_sample() is None or not self.collecting:
            return
        self.collected += 1
        self.session.canvas.clear()
        digits = self.session.settings.digits
        at = digits.index(self.session.label) if self.session.label in digits else -1
        self.choose_label(digits[(at + 1) % len(digits)])

    def load_file(self, path: Path) -> None:
        """Put a picture file onto the canvas (undoable), or say why it cannot be used."""
        try:
            image = canvas_image(path)
        except ImageFileError as error:
            self.session.say(str(error))
            return
        self.pen.cancel()
        self.session.canvas.set_image(image)
        self.session.say(f"loaded {path.name} onto the canvas: Ctrl+Z takes it off")

    # -- per frame ----------------------------------------------------------------------------
    def update(self, dt: float, trace) -> None:
        """Make the buttons show the state: toggles selected, delete / undo usable or not."""
        settings, label = self.session.settings, self.session.label
        selected = {
            "eraser": self.pen.erasing,
            "collect": self.collecting,
            "sensitivity": self.show_sensitivity,
            "normalize": settings.normalize,
            "deskew": settings.deskew,
            **{f"label{d}": d == label for d in range(10)},
            **{f"mix_{mix}": mix == settings.mix for mix in MIX_SAYS},
        }
        usable = {
            "delete": self.samples.selected is not None,
            "restore": self.session.can_undo_delete,
        }
        if (selected, usable) == self._synced or not self.buttons:
            return
        self._synced = (selected, usable)
        for name, on in selected.items():
            self.buttons[name].select() if on else self.buttons[name].unselect()
        for name, ok in usable.items():
            self.buttons[name].enable() if ok else self.buttons[name].disable()

    def draw(self, surface: pygame.Surface) -> None:
        session = self.session
        canvas = session.canvas
        presenting = self.app.studio.presenting  # only the picture: no key hints, no orphans
        draw_header(
            surface, self.canvas_rect, session.label, self.collecting, self.collected, presenting
        )
        self.canvas_view.draw(
            surface,
            self.canvas_rect,
            canvas.pixels,
            canvas.version,
            self.pen.cursor,
            self.pen.erasing,
        )
        guess_rect, input_rect = self._place_input_view()
        prediction = session.prediction()
        draw_guess(
            surface,
            guess_rect,
            session.settings.digits,
            prediction,
            session.trainer.steps,
            session.trainer.diverged,
        )
        x = session.canvas_input()
        image = None if x is None else x.reshape(IMAGE_SIDE, IMAGE_SIDE)
        gradient = session.sensitivity() if self.show_sensitivity else None
        settings = session.settings
        self.input_view.draw(
            surface,
            input_rect,
            image,
            (canvas.version, settings.normalize, settings.deskew),
            None if gradient is None else gradient.reshape(IMAGE_SIDE, IMAGE_SIDE),
        )
        draw_input_caption(
            surface, input_rect, settings.normalize, settings.deskew, gradient is not None
        )
        self.samples.draw(surface)
        if not presenting:  # the label of the mix buttons, which presenting hides
            mix_row = self.buttons["mix_both"].get_abs_rect()
            left = (self.samples.rect.left, mix_row.centery)
            theme.blit_text(surface, "Train on", left, 15, bold=True, anchor="midleft")
