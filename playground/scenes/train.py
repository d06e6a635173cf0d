"""The train scene: watch the network learn, one sample's journey through it at a time.

Training runs underneath (the session steps it every frame); this scene picks one step's trace,
tells it as a story (pulses forward, guess against target, error sweeping back, weights
changing) and then takes the newest trace for the next story, so the picture never flickers
between samples at 60 Hz. Edges and weight tiles come from the live network; the charts from
the trainer's decimated history. Before any step, a starter sample is passed forward once.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import pygame
import pygame_gui

from playground.data.preprocess import prepare
from playground.render import shown as shown_mod
from playground.render import theme
from playground.render import timeline as tl
from playground.render.banner import draw_banner
from playground.render.charts import Chart, Series
from playground.render.graph_layout import GraphLayout, layout_graph
from playground.render.network_view import STILL, Moment, NetworkView
from playground.scenes.base import Scene

FAST_STEPS = 24  # training steps per frame at fast speed
CHART_EVERY = 15  # frames between chart redraws while training
PAD = 12
ROW = 30
CAPTIONS = {
    "forward": ("forward pass: inputs times", "weights, layer by layer"),
    "hold": ("the guess, checked", "against the target"),
    "backward": ("backward pass: the error", "flows back, weights change"),
}


class TrainScene(Scene):
    name = "train"
    title = "Train"
    keys = (
        ("S / Right", "one training step"),
        ("R", "reset: fresh random weights"),
        ("F", "forward pulses on or off"),
        ("B", "backward error sweep on or off"),
        ("[ / ]", "speed: live (one step a frame) or fast (many steps a frame)"),
    )

    def __init__(self, app) -> None:
        super().__init__(app)
        self.view = NetworkView()
        self.loss_chart = Chart("loss")
        self.acc_chart = Chart("accuracy", percent=True)
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.layout_key: tuple | None = None
        self.graph: GraphLayout | None = None
        self._consumed = None  # the last app.last_trace taken into a story
        self._pending: shown_mod.Shown | None = None
        self._story: shown_mod.Shown | None = None
        self._story_net = None  # the network the story's trace came from
        self._story_t = 0.0
        self._stories = 0
        self._preview: tuple[tuple, shown_mod.Shown] | None = None
        self._chart_key: tuple | None = None
        self._since_chart = CHART_EVERY
        self._rate: deque[tuple[float, int]] = deque(maxlen=61)  # (app time, steps) for steps/s
        self._time = 0.0

    # -- widgets ------------------------------------------------------------------------------
    def build(self, container: pygame_gui.core.UIContainer) -> None:
        panel = self._panel_rect()
        left = panel.left - self.rect.left + PAD
        width = (panel.width - 2 * PAD - 6) // 2
        specs = (
            ("live", "Live speed", 0, 0, "one training step a frame  ( [ )"),
            ("fast", "Fast speed", 1, 0, f"{FAST_STEPS} training steps a frame  ( ] )"),
            ("forward", "Forward pulses", 0, 1, "animate the forward pass (F)"),
            ("backward", "Error sweep", 1, 1, "animate the backward pass (B)"),
        )
        self.buttons = {}
        for name, label, col, row, tip in specs:
            rect = pygame.Rect(left + col * (width + 6), PAD + row * (ROW + 6), width, ROW)
            self.buttons[name] = pygame_gui.elements.UIButton(
                rect, label, self.app.ui, container=container, tool_tip_text=tip
            )
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        settings = self.session.settings
        states = {
            "live": self.speed == "live",
            "fast": self.speed == "fast",
            "forward": settings.anim_forward,
            "backward": settings.anim_backward,
        }
        for name, on in states.items():
            button = self.buttons.get(name)
            if button is not None and button.is_selected != on:
                button.select() if on else button.unselect()

    @property
    def speed(self) -> str:
        return "fast" if self.session.settings.steps_per_frame > 1 else "live"

    def _set_speed(self, speed: str) -> None:
        self.session.set("steps_per_frame", str(FAST_STEPS if speed == "fast" else 1))
        self.session.say(f"speed: {speed}")

    def _toggle(self, setting: str) -> None:
        on = not getattr(self.session.settings, setting)
        self.session.set(setting, "on" if on else "off")
        what = "forward pulses" if setting == "anim_forward" else "backward error sweep"
        self.session.say(f"{what} {'on' if on else 'off'}")

    # -- input --------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for name, button in self.buttons.items():
                if event.ui_element is button:
                    self._act(name)
                    return True
            return False
        if event.type != pygame.KEYDOWN:
            return False
        actions = {
            pygame.K_s: "step",
            pygame.K_RIGHT: "step",
            pygame.K_r: "reset",
            pygame.K_f: "forward",
            pygame.K_b: "backward",
            pygame.K_LEFTBRACKET: "live",
            pygame.K_RIGHTBRACKET: "fast",
        }
        if event.key not in actions:
            return False
        self._act(actions[event.key])
        return True

    def _act(self, name: str) -> None:
        if name == "step":
            self._single_step()
        elif name == "reset":
            self.session.reset()
        elif name in ("forward", "backward"):
            self._toggle(f"anim_{name}")
        else:
            self._set_speed(name)
        self.app.top_bar.sync()

    def _single_step(self) -> None:
        trace = self.session.trainer.step()
        if trace is not None:
            self.app.last_trace = trace
        elif self.session.trainer.problem:
            self.session.say(self.session.trainer.problem)

    # -- the story ----------------------------------------------------------------------------
    def _story_timing(self) -> tl.Story:
        s = self.session.settings
        return tl.STORIES[self.speed].showing(s.anim_forward, s.anim_backward)

    def update(self, dt: float, trace) -> None:
        self._time += dt
        trainer = self.session.trainer
        if self._rate and trainer.steps < self._rate[-1][1]:
            self._rate.clear()  # a reset: the rate starts over
        self._rate.append((self._time, trainer.steps))
        network = trainer.network
        if self._story_net is not None and self._story_net is not network:
            self._pending = self._story = self._story_net = None  # reset or a new shape
        latest = self.app.last_trace
        if latest is not None and latest is not self._consumed:
            self._consumed = latest
            if [a.shape[1] for a in latest.activations] == network.sizes:
                self._stories += 1
                self._pending = shown_mod.from_trace(latest, 0, network.loss_name, self._stories)
                self._story_net = network
        self._story_t += dt
        finished = self._story is None or self._story_t >= self._story_timing().total
        if self._pending is not None and finished:
            self._story, self._pending, self._story_t = self._pending, None, 0.0
        self._sync_buttons()

    def _shown(self) -> shown_mod.Shown:
        if self._story is not None:
            return self._story
        return self._preview_sample()

    def _preview_sample(self) -> shown_mod.Shown:
        """The drawn digit (or the first starter sample in play), passed forward once."""
        session, network = self.session, self.session.trainer.network
        x, target = session.canvas_input(), None
        key = (id(network), session.trainer.steps, session.canvas.version, x is None)
        if self._preview is None or self._preview[0] != key:
            if x is None:
                digits = session.trainer.digits
                index = int(np.flatnonzero(np.isin(session.starter_labels, digits))[0])
                settings = session.settings
                x = prepare(session.starter_images[index], settings.normalize, settings.deskew)
                target = digits.index(int(session.starter_labels[index]))
            _, acts = network.forward(np.atleast_2d(x))
            self._preview = (key, shown_mod.from_forward(acts, network.loss_name, -1, target))
        return self._preview[1]

    # -- drawing ------------------------------------------------------------------------------
    def _panel_rect(self) -> pygame.Rect:
        return pygame.Rect(layout_graph(tuple(self.rect), [784, 2, 2]).panel)

    def draw(self, surface: pygame.Surface) -> None:
        trainer = self.session.trainer
        network = trainer.network
        key = (tuple(self.rect), tuple(network.sizes), trainer.digits)
        if key != self.layout_key:
            self.graph = layout_graph(tuple(self.rect), network.sizes)
            self.view.set_layout(self.graph, trainer.digits)
            self.layout_key = key
        shown = self._shown()
        moment = STILL
        if self._story is not None:
            moment = Moment(self._story_timing(), self._story_t, tl.PULSES_PER_SEGMENT[self.speed])
        self.view.draw(surface, shown, network.weights, trainer.steps, moment, network.activation)
        self._draw_caption(surface, moment, shown)
        self._draw_panel(surface)
        if trainer.diverged:
            lr = self.session.settings.lr
            draw_banner(
                surface,
                pygame.Rect(self.graph.graph).center,
                f"Learning rate {lr:g} is too large: the weights blew up",
                "Press R to reset to fresh weights, then lower the rate (0.01 to 0.1 works well)",
            )

    def _draw_caption(self, surface: pygame.Surface, moment: Moment, shown) -> None:
        """Under the input image: what the sample is and what the animation is doing now."""
        x, y, w, h = self.graph.image
        lines = []
        if shown.target is not None:
            digit = self.session.trainer.digits[shown.target]
            lines.append((f"a {digit}, as the network sees it", theme.MUTED))
        if self._story is None:
            lines += [("an untrained guess:", theme.INK), ("press Train or Space", theme.INK)]
        else:
            lines += [
                (line, theme.INK) for line in CAPTIONS.get(tl.phase(moment.t, moment.story), ())
            ]
        for i, (text, colour) in enumerate(lines):
            theme.blit_text(surface, text, (x, y + h + 10 + i * 20 + (6 if i else 0)), 14, colour)

    def _draw_panel(self, surface: pygame.Surface) -> None:
        panel = self._panel_rect()
        surface.fill(theme.PANEL, panel)
        trainer = self.session.trainer
        history = trainer.history
        self._since_chart += 1
        wanted = (id(history), len(history), len(history.eval_steps), trainer.diverged)
        if self._chart_key is None or (
            wanted != self._chart_key
            and (self._since_chart >= CHART_EVERY or wanted[0] != self._chart_key[0])
        ):
            self._chart_key, self._since_chart = wanted, 0
        top = panel.top + PAD + 2 * (ROW + 6) + 4
        free = panel.bottom - top - 96
        loss_rect = pygame.Rect(panel.left + PAD, top, panel.width - 2 * PAD, free * 52 // 100)
        acc_rect = loss_rect.move(0, loss_rect.height + 8)
        acc_rect.height = free - loss_rect.height - 8
        note = "diverged" if trainer.diverged else ""
        self.loss_chart.draw(surface, loss_rect, self._loss_series, self._chart_key, note)
        self.acc_chart.draw(surface, acc_rect, self._acc_series, self._chart_key)
        self._draw_numbers(
            surface, pygame.Rect(loss_rect.left, acc_rect.bottom + 10, loss_rect.width, 86)
        )

    def _loss_series(self) -> list[Series]:
        history = self.session.trainer.history
        steps, _, smoothed = history.series(300)
        eval_steps, val_loss, _, _ = history.eval_series(300)
        return [
            Series("train", theme.POSITIVE, steps, smoothed),
            Series("validation", theme.NEGATIVE, eval_steps, val_loss),
        ]

    def _acc_series(self) -> list[Series]:
        eval_steps, _, val_acc, train_acc = self.session.trainer.history.eval_series(300)
        return [
            Series("train", theme.POSITIVE, eval_steps, train_acc),
            Series("validation", theme.NEGATIVE, eval_steps, val_acc),
        ]

    def _draw_numbers(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        trainer, settings = self.session.trainer, self.session.settings
        (t0, s0), (t1, s1) = self._rate[0], self._rate[-1]
        rate = (s1 - s0) / (t1 - t0) if t1 > t0 else 0.0
        shape = "-".join(map(str, trainer.network.sizes))
        rows = (
            f"{trainer.samples_seen:,} samples seen  ·  {rate:,.0f} steps/s",
            f"net {shape}  ·  {settings.activation}  ·  {settings.loss}",
            f"rate {settings.lr:g}  ·  batch {settings.batch}  ·  {self.speed} speed",
        )
        for i, row in enumerate(rows):
            theme.blit_text(
                surface,
                row,
                (rect.left + 2, rect.top + i * 22),
                14,
                theme.INK if i == 0 else theme.MUTED,
            )
