"""The train scene's knobs: learning rate, activation, shape, digits, batch, loss, inputs, and
how much of each batch the user's own digits get (`own_share`, with what the rule makes of it
now beside it).

Every change goes through `session.set`, the same door scripts use, so a refused value says why
in the status line and a change made by a script moves the widgets here on the next frame.
The learning rate slider is logarithmic (0.001 to 100, the largest rate a setting takes: each
decade gets the same room, and the top reaches past every measured range, sigmoid's with squared
error reaching 12.8 with few neurons) with the measured range that learns well shaded under it;
changes that need a new network say which one they built.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pygame
import pygame_gui

from playground.core.session import Session
from playground.core.settings import ACTIVATIONS, LR_MAX, SettingError, parse_digits
from playground.core.training.own_mix import FULL
from playground.core.training.rates import rate_note, too_large
from playground.ui.render import theme
from playground.ui.render.rate_scale import draw_rate_scale
from playground.ui.scenes.button_row import button_row

LR_LOW, LR_HIGH = 0.001, LR_MAX
SLIDER_STEPS = 500  # slider positions: a hundred per decade
NEURON_LADDER = (2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64)
BATCH_LADDER = (1, 2, 4, 8, 16, 32, 64, 128, 256)
SHARE_LADDER = tuple(round(0.1 * i, 1) for i in range(11))  # own_share: 0 to 1 in tenths
DIGIT_PRESETS = (("1-3", "1,2,3"), ("0-4", "0,1,2,3,4"), ("0-9", "0-9"))
LOSS_LABELS = (("mse", "MSE"), ("xent", "cross-entropy"))
ROW = 28  # button height
STEPPER = 44  # width of a - or + button
STEPPERS = ("layers", "neurons", "batch")
SHARE_ROW = 12  # the own_share stepper's row, below the network's shape
PITCH = 34  # from one row to the next
LABEL_W = 84  # the row names on the left
NEW_NET_SECONDS = 4.0  # how long "new network" stays highlighted...
NEW_NET_STEPS = 120  # ...unless it has trained more steps than this (fast speed: a few frames)


def lr_from_position(position: float) -> float:
    """Slider position 0..SLIDER_STEPS -> learning rate, rounded to two significant digits."""
    decades = math.log10(LR_HIGH / LR_LOW)
    lr = LR_LOW * 10 ** (decades * min(max(position, 0), SLIDER_STEPS) / SLIDER_STEPS)
    return float(f"{lr:.2g}")


def position_from_lr(lr: float) -> int:
    """The slider position showing `lr` (clamped to the slider's ends)."""
    lr = min(max(lr, LR_LOW), LR_HIGH)
    return round(SLIDER_STEPS * math.log10(lr / LR_LOW) / math.log10(LR_HIGH / LR_LOW))


def next_on_ladder(ladder: Sequence[int], value: int, step: int) -> int:
    """The ladder value one step above (+1) or below (-1) `value`, staying on the ladder."""
    if step > 0:
        return next((v for v in ladder if v > value), ladder[-1])
    return next((v for v in reversed(ladder) if v < value), ladder[0])


class TrainControls:
    """Widgets inside `rect` (screen coordinates) of the scene's container; `show`/`hide` them
    as a group with the tab that holds them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.slider: pygame_gui.elements.UIHorizontalSlider | None = None
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._synced = None  # the settings the widgets last showed
        self._new_net = 0.0  # seconds the "new network" line stays highlighted
        self._sizes = list(session.settings.sizes)
        self._fit = 1.0  # rows closed up by this much when the panel is short (a big UI scale)

    def _y(self, design: float) -> int:
        """A vertical design length in screen pixels, closed up to fit the panel's height."""
        return round(design * theme.scale() * self._fit)

    def build(self, manager, container, rect: pygame.Rect) -> None:
        self.rect = rect
        px = theme.px
        needed = theme.px(SHARE_ROW * PITCH + ROW + 8)  # the last row, and its note if room
        self._fit = min(1.0, rect.height / needed) if needed else 1.0
        pitch, row_h, lift, stepper = self._y(PITCH), self._y(ROW), self._y(4), px(STEPPER)
        x, width = rect.left + px(LABEL_W), rect.width - px(LABEL_W)
        origin = container.get_abs_rect().topleft

        def row(n: int, specs) -> dict:
            box = pygame.Rect(x, rect.top + n * pitch - lift, width, row_h)
            return button_row(manager, container, box, specs)

        top = rect.top + self._y(22) - origin[1]
        slider_box = pygame.Rect(rect.left - origin[0], top, rect.width, px(24))
        self.slider = pygame_gui.elements.UIHorizontalSlider(
            slider_box,
            position_from_lr(self.session.settings.lr),
            (0, SLIDER_STEPS),
            manager,
            container,
            click_increment=5,
        )
        buttons = {}
        buttons.update(row(3, [(f"act_{a}", a, len(a) + 3) for a in ACTIVATIONS]))
        buttons.update(row(4, [(f"loss_{n}", label, len(label) + 6) for n, label in LOSS_LABELS]))
        for i, name in enumerate(STEPPERS):  # - and + at the ends, the value between them
            y = rect.top + (5 + i) * pitch - lift
            for end, sign in (("less", "-"), ("more", "+")):
                box = pygame.Rect(x if end == "less" else rect.right - stepper, y, stepper, row_h)
                buttons.update(button_row(manager, container, box, [(f"{name}_{end}", sign, 1)]))
        y = rect.top + SHARE_ROW * pitch - lift
        for end, sign in (("less", "-"), ("more", "+")):
            box = pygame.Rect(x if end == "less" else rect.right - stepper, y, stepper, row_h)
            buttons.update(button_row(manager, container, box, [(f"share_{end}", sign, 1)]))
        buttons.update(row(8, [("normalize", "Normalize inputs", 1)]))
        buttons.update(row(9, [(f"preset_{t}", t, 1) for t, _ in DIGIT_PRESETS]))
        all_digits = pygame.Rect(rect.left, rect.top + 10 * pitch - lift, rect.width, row_h)
        buttons.update(
            button_row(
                manager, container, all_digits, [(f"digit_{d}", str(d), 1) for d in range(10)]
            )
        )
        self.buttons = buttons
        self._synced = None
        self.sync()

    def show(self, visible: bool) -> None:
        for widget in (*self.buttons.values(), self.slider):
            if widget is not None and widget.visible != visible:
                widget.show() if visible else widget.hide()

    # -- input --------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.slider:
            self._set("lr", f"{lr_from_position(self.slider.get_current_value()):g}")
            return True
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        for name, button in self.buttons.items():
            if event.ui_element is button:
                self._press(name)
                return True
        return False

    def _press(self, name: str) -> None:
        s = self.session.settings
        kind, _, value = name.partition("_")
        if kind in ("act", "loss"):
            self._set("activation" if kind == "act" else "loss", value)
        elif kind == "layers":
            layers = (*s.layers, s.layers[-1]) if value == "more" else s.layers[:-1]
            self._set("layers", ",".join(map(str, layers or s.layers)))
        elif kind == "neurons":
            now = max(s.layers) if value == "more" else min(s.layers)
            size = next_on_ladder(NEURON_LADDER, now, 1 if value == "more" else -1)
            self._set("layers", ",".join([str(size)] * len(s.layers)))
        elif kind == "batch":
            self._set(
                "batch", str(next_on_ladder(BATCH_LADDER, s.batch, 1 if value == "more" else -1))
            )
        elif kind == "share":
            step = 1 if value == "more" else -1
            self._set("own_share", f"{next_on_ladder(SHARE_LADDER, s.own_share, step):g}")
        elif kind == "normalize":
            self._set("normalize", "off" if s.normalize else "on")
        elif kind == "preset":
            self._set("digits", dict(DIGIT_PRESETS)[value])
        elif kind == "digit":
            digits = set(s.digits) ^ {int(value)}
            self._set("digits", ",".join(map(str, sorted(digits))) or "none")

    def _set(self, name: str, text: str) -> None:
        try:
            self.session.set(name, text)
        except SettingError as error:
            self.session.say(str(error))
            self.sync()  # the widget that was moved goes back to the setting in force

    # -- per frame ----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        sizes = list(self.session.trainer.network.sizes)
        if sizes != self._sizes:
            self._sizes, self._new_net = sizes, NEW_NET_SECONDS
        if self.session.trainer.steps > NEW_NET_STEPS:  # trained a while: no longer news
            self._new_net = 0.0
        self._new_net = max(0.0, self._new_net - dt)
        self.sync()

    def sync(self) -> None:
        """Move the widgets to the settings in force (a script or a key may have changed them)."""
        s = self.session.settings
        if s == self._synced or not self.buttons:
            return
        self._synced = s
        if lr_from_position(self.slider.get_current_value()) != s.lr:
            self.slider.set_current_value(position_from_lr(s.lr), warn=False)
        selected = {f"act_{s.activation}", f"loss_{s.loss}", *(f"digit_{d}" for d in s.digits)}
        if s.normalize:
            selected.add("normalize")
        selected.update(f"preset_{t}" for t, d in DIGIT_PRESETS if parse_digits(d) == s.digits)
        for name, button in self.buttons.items():
            on = name in selected
            if button.is_selected != on:
                button.select() if on else button.unselect()

    def draw(self, surface: pygame.Surface) -> None:
        """Row names, the rate's scale and warning, and the network these settings build."""
        s, r, px = self.session.settings, self.rect, theme.px
        pitch, middle_row = self._y(PITCH), self._y(ROW) // 2 - self._y(4)
        theme.blit_text(surface, "learning rate", (r.left, r.top), 14, theme.INK, True)
        colour = theme.BAD if too_large(s) else theme.INK
        theme.blit_text(surface, f"{s.lr:g}", (r.right, r.top), 14, colour, True, "topright")
        track = self._track()
        draw_rate_scale(surface, track, r.top + self._y(48), s, LR_LOW, LR_HIGH)
        colour = theme.BAD if too_large(s) else theme.MUTED
        short = rate_note(s, short=True)
        notes = (rate_note(s), short, short.removesuffix("; red: fails"))
        note = theme.fitting(notes, 13, r.width)
        theme.blit_text(surface, note, (r.left, r.top + self._y(76)), 13, colour)
        names = (
            ("activation",),
            ("loss",),
            ("hidden layers", "layers"),
            ("neurons each", "neurons"),
            ("batch size", "batch"),
            ("inputs",),
            ("digits",),
        )
        room = px(LABEL_W) - px(4)  # the row's buttons start at LABEL_W
        for i, options in enumerate(names):
            y = r.top + (3 + i) * pitch + middle_row
            name = theme.fitting(options, 13, room)
            theme.blit_text(surface, name, (r.left, y), 13, theme.MUTED, anchor="midleft")
        uniform = len(set(s.layers)) == 1
        values = (
            str(len(s.layers)),
            str(s.layers[0]) if uniform else ",".join(map(str, s.layers)),
            str(s.batch),
        )
        middle = (r.left + px(LABEL_W) + r.right) // 2
        for i, value in enumerate(values):
            y = r.top + (5 + i) * pitch + middle_row
            theme.blit_text(surface, value, (middle, y), 15, theme.INK, True, "center")
        shape = "-".join(map(str, s.sizes))
        if self._new_net > 0:
            text, colour = f"new network: {shape}", theme.NEGATIVE
        else:
            text, colour = f"network {shape}", theme.MUTED
        y = r.top + 11 * pitch - px(2)
        theme.blit_text(surface, text, (r.left, y), 14, colour, self._new_net > 0)
        self._draw_share(surface)

    def _draw_share(self, surface: pygame.Surface) -> None:
        """The own_share stepper's name and value, and what share of each batch is the user's
        own digits right now (the trainer's live figure, which the rule in own_mix sets)."""
        s, r, trainer, px = self.session.settings, self.rect, self.session.trainer, theme.px
        row_h = self._y(ROW)
        y = r.top + SHARE_ROW * self._y(PITCH) - self._y(4) + row_h // 2
        theme.blit_text(surface, "your digits", (r.left, y), 13, theme.MUTED, anchor="midleft")
        middle = (r.left + px(LABEL_W) + r.right) // 2
        room = r.width - px(LABEL_W) - 2 * px(STEPPER) - px(8)  # between the - and + buttons
        value = f"{s.own_share:.0%} of a batch"
        if theme.font(15, True).size(value)[0] > room:
            value = f"{s.own_share:.0%}"
        theme.blit_text(surface, value, (middle, y), 15, theme.INK, True, "center")
        if s.mix == "starter":
            notes = ("mix starter: your digits are not trained on", "mix starter: not trained on")
        elif trainer.own_trained == 0:
            notes = ("none trained on yet: save some in the draw scene", "none saved yet")
        else:
            n, share = trainer.own_trained, f"{trainer.own_fraction:.0%}"
            full = f"{FULL} of each digit in play give all {s.own_share:.0%}"  # own_mix's rule
            # the rest of the user's digits in play are held out: say so, as the chips count all
            held = int(np.isin(self.session.user_labels, s.digits).sum()) - n
            kept = f" ({held} more check it)" if held > 0 else ""
            short = f" (+{held} checking)" if held > 0 else ""
            notes = (
                f"now {share} of each batch, from {n} of your digits{kept}; {full}",
                f"now {share}, from {n} digits{kept}; {full}",
                f"now {share}, from {n} digits; {FULL} of each give all",
                f"now {share} of each batch, from {n} of your digits{kept}",
                f"now {share}, {n} digits{short}",
                f"now {share}, {n} digits",
            )
            if trainer.own_fraction >= s.own_share - 0.005:  # the rule gives all of it already
                notes = notes[3:]
        if y + row_h + px(8) > r.bottom:  # a zoomed panel has no room for the note
            return
        note = theme.fitting(notes, 13, r.width)
        theme.blit_text(surface, note, (r.left, y + row_h), 13, theme.MUTED, anchor="midleft")

    def _track(self) -> tuple[int, int]:
        """Screen x of the slider's knob centre at its lowest and highest positions."""
        slider = self.slider
        left = slider.get_abs_rect().left + slider.background_rect.left - slider.rect.left
        left += slider.arrow_button_width + slider.sliding_button_width // 2
        return left, left + int(slider.scrollable_width)
