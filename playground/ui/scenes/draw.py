"""The draw scene: a person draws digits, labels and keeps them, and watches the guess.

The canvas is the 28x28 grid the network reads, shown large; beside it the same drawing after
preprocessing (what the network really sees) and the network's live guess, which moves while
training runs in the background. On the right, how well it has read the person's drawings
(its guess for each before it learned it, playground.core.training.own_score) and their samples per
digit. Collect mode asks for each digit in play a few times, taking turns (scenes.collect); when the
network misreads a labelled drawing, the line above the canvas offers Enter to save it under
the right label (scenes.draw_prompt).

Everything the scene does goes through the Session (canvas, labels, saving, deleting); the
pictures come from `playground.ui.render`.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui

from playground.core.settings import IMAGE_SIDE
from playground.core.training.own_score import KeptCheck, already_saved, not_in_play
from playground.core.training.saturation import stall_fix
from playground.files.imagefile import ImageFileError, canvas_image
from playground.ui.render import theme
from playground.ui.render.canvas_view import CanvasView, InputView
from playground.ui.render.draw_panel import (
    draw_guess,
    draw_header,
    draw_input_caption,
)
from playground.ui.scenes.base import Scene
from playground.ui.scenes.button_row import button_row
from playground.ui.scenes.collect import Collection
from playground.ui.scenes.draw_controls import (
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
from playground.ui.scenes.draw_layout import MIX_LABEL, ROW, place_columns, place_input_view
from playground.ui.scenes.draw_prompt import Prompt, prompt_for
from playground.ui.scenes.pen_input import POINTER_EVENTS, PenInput
from playground.ui.scenes.samples_panel import SamplesPanel


class DrawScene(Scene):
    name = "draw"
    title = "Draw"
    claims_digit_keys = True
    keys = KEYS

    def __init__(self, app) -> None:
        super().__init__(app)
        self.collection: Collection | None = None  # set while collect mode is on
        self._kept = KeptCheck()  # is the canvas one of the saved samples
        self.show_sensitivity = False
        self.pen = PenInput(app.session.canvas)
        self.samples = SamplesPanel(app.session, self.choose_label)
        self.canvas_view, self.input_view = CanvasView(), InputView()
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self._synced: tuple | None = None
        self.canvas_rect = self.column_rect = pygame.Rect(0, 0, 0, 0)

    # -- layout -------------------------------------------------------------------------------
    def build(self, container: pygame_gui.core.UIContainer) -> None:
        px, row = theme.px, theme.px(ROW)
        self.canvas_rect, self.column_rect, gallery, last_row, mix_row = place_columns(self.rect)
        self.pen.rect = self.canvas_rect
        col2 = self.column_rect.width
        self.samples.rect = gallery  # the personal score on top, the samples under it
        self.buttons = {}
        left, width = self.canvas_rect.left, self.canvas_rect.width
        actions_w, mix_label = min(gallery.width, px(360)), px(MIX_LABEL)
        for x, y, w, specs in (
            (left, self.canvas_rect.bottom + px(12), width, TOOLS),
            (left, last_row, width, LABELS),
            (self.column_rect.left, last_row, col2, VIEW_TOGGLES),
            (gallery.left, last_row, actions_w, SAMPLE_ACTIONS),
            (gallery.left + mix_label, mix_row, actions_w - mix_label, MIX_CHOICES),
        ):
            self.buttons |= button_row(self.app.ui, container, pygame.Rect(x, y, w, row), specs)
        self._synced = None

    def _place_input_view(self) -> tuple[pygame.Rect, pygame.Rect]:
        return place_input_view(self.column_rect, len(self.session.settings.digits))

    @property
    def collecting(self) -> bool:
        return self.collection is not None

    @property
    def collected(self) -> int:
        """Drawings saved since collect mode was switched on (0 when it is off)."""
        return 0 if self.collection is None else self.collection.total()[0]

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
            if self.collection is None:  # a label is for one drawing: a stale 3 had offered
                session.label = None  # to save the next drawing, a 4, as a 3 "to teach it"
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
            self.session.say(not_in_play(digit))

    def set_mix(self, mix: str) -> None:
        """Which samples train: the starter set, the user's own, or both."""
        self.session.set("mix", mix)
        self.session.say(MIX_SAYS[mix])

    def set_collecting(self, on: bool) -> None:
        """Collect mode asks for each digit in play `collect.EACH` times, taking turns."""
        if on:
            self.collection = Collection(self.session)
            label = self.session.label  # the digit chosen already goes first
            in_play = label in self.session.settings.digits
            self.choose_label(label if in_play else self.collection.next_digit(None))
        elif self.collection is not None:
            self.collection = None
            self.session.label = None  # the digit collect mode asked for is not the next one's
            self.session.say("collect mode off")

    def save(self) -> None:
        """Enter: save the drawing, unless it is a copy of a saved one (the line above the
        canvas says "already saved"; a second copy would count in collect mode)."""
        label = self.session.label
        saved_as = self.session.canvas_saved_as
        if label is not None and saved_as is not None:
            self.session.say(already_saved(saved_as, label))
            return
        if self.session.save_sample() is None or self.collection is None:
            return
        self.session.canvas.clear()
        following = self.collection.saved_one(label)
        if following is None:
            self.collection = None  # every digit has its share: it said how it went
        else:
            self.choose_label(following)

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

    def prompt(self, prediction: dict | None = None) -> Prompt:
        """What the two lines above the canvas say now (scenes.draw_prompt), for the canvas's
        `prediction` (made here when not given)."""
        session = self.session
        prediction = session.prediction() if prediction is None else prediction
        guess = None if prediction is None else prediction["label"]
        kept = self._kept(session.canvas, session.user_images)
        saved_as = int(session.user_labels[self._kept.index]) if kept else None
        digits = session.settings.digits
        trained = session.trainer.steps > 0
        return prompt_for(session.label, digits, guess, saved_as, self.collection, trained)

    def _stall_fix(self) -> str | None:
        """What to do when training has stalled saturated, in a few words; else None."""
        if self.session.trainer.stalled is None:
            return None
        return stall_fix(self.session.settings)

    def draw(self, surface: pygame.Surface) -> None:
        session = self.session
        canvas = session.canvas
        prediction = session.prediction()
        prompt = self.prompt(prediction)
        presenting = self.app.presenting  # only the picture: no key hints, no orphans
        draw_header(surface, self.canvas_rect, prompt, presenting)
        self.canvas_view.draw(
            surface,
            self.canvas_rect,
            canvas.pixels,
            canvas.version,
            self.pen.cursor,
            self.pen.erasing,
        )
        guess_rect, input_rect = self._place_input_view()
        draw_guess(
            surface,
            guess_rect,
            session.settings.digits,
            prediction,
            session.trainer.steps,
            session.trainer.diverged,
            self._stall_fix(),
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
        width = self.column_rect.right + theme.px(30) - input_rect.left  # up to the gallery
        draw_input_caption(
            surface,
            input_rect,
            settings.normalize,
            settings.deskew,
            None if gradient is None or prediction is None else prediction["label"],
            width,
        )
        self.samples.presenting = presenting
        self.samples.draw(surface)
        if not presenting:  # the label of the mix buttons, which presenting hides
            mix_row = self.buttons["mix_both"].get_abs_rect()
            left = (self.samples.rect.left, mix_row.centery)
            theme.blit_text(surface, "Train on", left, 15, bold=True, anchor="midleft")
